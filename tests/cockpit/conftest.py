from tests.cockpit.fixtures import (  # noqa: F401 (fixtures)
    figures,
    indicators,
    leads,
    projects,
    province_leader,
    warnings,
)
