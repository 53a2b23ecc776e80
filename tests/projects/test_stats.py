"""Computations shown to users, with real rows: investment by region and month with YoY, the
industrial share, list counts and ranks, stalled projects, the pipeline, blocker counts."""

import datetime as dt
from decimal import Decimal

import pytest

from luoshi.core.periods import Period
from luoshi.core.permissions import SYSTEM
from luoshi.orgs import services as org_services
from luoshi.projects import services, stats
from luoshi.projects.models import Project, Stage
from tests.projects.conftest import invest, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def cities(org):
    for city in ("210100", "210200"):
        org_services.create_unit(actor=SYSTEM, data=org_services.UnitData(
            code=f"{city}-FGW", name=f"{city}发改委", kind="gov_dept", region_code=city))


def test_growth_and_industrial_share_for_the_first_half(org):
    industrial = make_project("I1")
    other = make_project("O1", kind="infrastructure", industry="D", region="210423")
    for month in range(1, 7):
        invest(industrial, 2022, month, "50")
        invest(other, 2022, month, "50")
        invest(industrial, 2023, month, "70")
        invest(other, 2023, month, "52.3")
    invest(other, 2023, 7, "999")  # outside the half
    growth = stats.investment_growth("210400", Period.parse("2023H1"))
    assert (growth.current, growth.previous, growth.percent) == (Decimal("733.8"), Decimal(600), Decimal("22.3"))
    share = stats.industrial_share("210400", Period.parse("2023H1"))
    assert share.percent == Decimal("57.2")
    assert stats.investment_growth("210800", Period.parse("2023H1")).percent is None


def test_by_region_and_month_gives_year_to_date_and_yoy(org, cities):
    fushun = make_project("F1")
    shenyang = make_project("S1", region="210100", unit="210100-FGW")
    invest(fushun, 2022, 1, "100")
    invest(fushun, 2022, 2, "100")
    invest(fushun, 2023, 1, "120")
    invest(fushun, 2023, 2, "130")
    invest(shenyang, 2023, 2, "10")
    rows = {(r.region_code, r.month): r for r in stats.investment_by_region_month(2023)}
    feb = rows[("210400", 2)]
    assert (feb.completed, feb.cumulative, feb.previous_cumulative, feb.growth) == (
        Decimal(130), Decimal(250), Decimal(200), Decimal("25.0"))
    assert rows[("210100", 2)].growth is None and ("210100", 1) not in rows
    counties = stats.investment_by_region_month(2023, within="210400")
    assert {r.region_code for r in counties} == {"210400"}


def test_list_counts_rank_cities_and_share_ties(org, cities):
    provincial = services.ensure_list(actor=SYSTEM, name="省重大项目", year=2023)
    made = {"210100": 3, "210200": 2, "210400": 2}
    for city, n in made.items():
        unit = "FS-FGW" if city == "210400" else f"{city}-FGW"
        for i in range(n):
            project = make_project(f"{city}-{i}", region=city if city != "210400" else "210423", unit=unit)
            services.set_lists(actor=SYSTEM, project=project, lists=[provincial])
    counts = stats.list_counts_by_city(provincial)
    assert [(c.region_code, c.count, c.rank) for c in counts] == [
        ("210100", 3, 1), ("210200", 2, 2), ("210400", 2, 2)]
    assert stats.city_rank(provincial, "210400").rank == 2


def test_stalled_means_no_investment_in_the_last_months(org):
    quiet = make_project("Q1")
    busy = make_project("B1")
    planning = make_project("P1", stage=Stage.PLANNING)
    invest(quiet, 2023, 2, "10")
    invest(quiet, 2023, 5, "0")  # a zero month is no investment
    for month in (4, 5, 6):
        invest(busy, 2023, month, "10")
    stalled = stats.stalled_projects(Project.objects.all(), months=3)
    assert list(stalled) == [quiet]
    assert list(stats.stalled_projects(Project.objects.all(), months=5)) == []
    assert planning not in stalled


def test_the_pipeline_holds_reserve_projects_starting_next_year(org):
    make_project("R1", stage=Stage.PLANNING, planned_start_year=2024)
    make_project("R2", stage=Stage.PLANNING, planned_start_year=2025)
    make_project("R3", stage=Stage.PRELIMINARY, planned_start_year=2024)
    assert [p.code for p in stats.rolling_pipeline(Project.objects.all(), 2023)] == ["R1"]


def test_blocker_counts_per_project_and_unit(project):
    for title, deadline in (("逾期", dt.date(2023, 1, 31)), ("未到期", dt.date(2999, 1, 1))):
        services.raise_blocker(actor=SYSTEM, project=project, data=services.BlockerData(
            title=title, unit_code="FS-GXJ", deadline=deadline, found_on=dt.date(2023, 1, 1)))
    counts = stats.blocker_counts(project.blockers.all())
    assert (counts.open, counts.overdue) == (2, 1)
    [unit] = stats.blockers_by_unit(project.blockers.all())
    assert (unit.unit_name, unit.open, unit.overdue, unit.resolved) == ("抚顺市工信局", 2, 1, 0)
