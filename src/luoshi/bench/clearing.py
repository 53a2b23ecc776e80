"""Everything that points at the bench organisation, cleared before the organisation is
regenerated or removed: their rows protect the bench units from deletion."""

from luoshi.bench.assessment import clear_bench_assessment
from luoshi.bench.attraction import clear_bench_leads
from luoshi.bench.plans import clear_bench_plans
from luoshi.bench.projects import clear_bench_projects
from luoshi.bench.service import clear_bench_service
from luoshi.bench.supervision import clear_bench_supervision


def clear_bench_dependents() -> dict:
    """Clear, in an order that respects their references: warnings and orders (they point at
    plans, projects and appeals), assessment results, appeals, leads, projects, plans."""
    return {
        "supervision": clear_bench_supervision(),
        "assessment": clear_bench_assessment(),
        "service": clear_bench_service(),
        "leads": clear_bench_leads(),
        "projects": clear_bench_projects(),
        "plans": clear_bench_plans(),
    }
