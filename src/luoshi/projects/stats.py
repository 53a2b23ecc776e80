"""Figures computed from projects, for pages, briefs and warnings: fixed-asset investment by
region and month with year-on-year growth, the industrial share, provincial-list counts and
ranks among cities, stalled projects, open and overdue blockers, the rolling pipeline.

All are recomputed from the rows each time (no stored totals) and take the region as a
GB/T 2260 code (210400 for 抚顺, 210000 for the province).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from luoshi.core.models import Region, RegionLevel
from luoshi.core.periods import Period
from luoshi.projects import derivation
from luoshi.projects.models import (
    CONSTRUCTION_STAGES,
    Blocker,
    BlockerStatus,
    MonthlyInvestment,
    Project,
    ProjectKind,
    ProjectList,
    Stage,
)

ZERO = Decimal(0)


def region_prefix(region_code: str) -> str:
    """The code prefix shared by a region and everything inside it (210400 → 2104)."""
    if region_code.endswith("0000"):
        return region_code[:2]
    if region_code.endswith("00"):
        return region_code[:4]
    return region_code


def city_of(region_code: str) -> str:
    return region_code[:4] + "00"


def _investment(region_code: str, year: int, months: tuple[int, ...], extra: Q | None = None) -> Decimal:
    rows = MonthlyInvestment.objects.filter(
        extra or Q(), project__region__code__startswith=region_prefix(region_code), year=year,
        month__in=months)
    return rows.aggregate(total=Sum("completed"))["total"] or ZERO


@dataclass(frozen=True)
class Growth:
    current: Decimal
    previous: Decimal
    percent: Decimal | None  # None when last year had nothing to compare with


def investment_growth(region_code: str, period: Period) -> Growth:
    """Project investment completed in ``period`` (e.g. 2023年上半年) and the same months of
    the year before, with the year-on-year growth in percent."""
    months = period.months()
    current = _investment(region_code, period.year, months)
    previous = _investment(region_code, period.year - 1, months)
    return Growth(current, previous, derivation.growth_percent(current, previous))


@dataclass(frozen=True)
class Share:
    part: Decimal
    whole: Decimal
    percent: Decimal | None


def industrial_share(region_code: str, period: Period) -> Share:
    """The share of industrial projects (项目类型 工业项目) in the investment of ``period``."""
    months = period.months()
    whole = _investment(region_code, period.year, months)
    part = _investment(region_code, period.year, months, Q(project__kind=ProjectKind.INDUSTRIAL))
    return Share(part, whole, derivation.share_percent(part, whole))


@dataclass(frozen=True)
class RegionMonth:
    region_code: str
    region_name: str
    month: int
    completed: Decimal
    cumulative: Decimal
    previous_cumulative: Decimal
    growth: Decimal | None  # of the cumulative, year on year


def investment_by_region_month(year: int, *, within: str = "210000") -> list[RegionMonth]:
    """For each city inside ``within`` (or each county, when ``within`` is a city) and each
    month of ``year`` with investment: the month's amount, the year to date, and the growth
    of the year to date over the same months of the year before."""
    split = city_of if within.endswith("0000") else (lambda code: code)
    sums: dict[tuple[str, int, int], Decimal] = defaultdict(lambda: ZERO)
    rows = (MonthlyInvestment.objects
            .filter(project__region__code__startswith=region_prefix(within), year__in=[year - 1, year])
            .values_list("project__region_id", "year", "month").annotate(total=Sum("completed")))
    for region_id, row_year, month, total in rows:
        sums[(split(region_id), row_year, month)] += total
    regions = sorted({key[0] for key in sums})
    names = dict(Region.objects.filter(code__in=regions).values_list("code", "name"))
    result = []
    for code in regions:
        this_year = {m: sums[(code, year, m)] for m in range(1, 13) if (code, year, m) in sums}
        last_year = {m: sums[(code, year - 1, m)] for m in range(1, 13) if (code, year - 1, m) in sums}
        running, previous = ZERO, ZERO
        for month in range(1, 13):
            previous += last_year.get(month, ZERO)
            if month not in this_year:
                continue
            running += this_year[month]
            result.append(RegionMonth(code, names.get(code, code), month, this_year[month], running,
                                      previous, derivation.growth_percent(running, previous)))
    return result


@dataclass(frozen=True)
class CityCount:
    region_code: str
    region_name: str
    count: int
    rank: int


def list_counts_by_city(project_list: ProjectList) -> list[CityCount]:
    """How many projects of the list each city has, most first, with the city's rank
    (cities with equal counts share a rank; cities without any are left out)."""
    counts: dict[str, int] = defaultdict(int)
    for region_id, n in (project_list.memberships.values_list("project__region_id")
                         .annotate(n=Count("id"))):
        counts[city_of(region_id)] += n
    names = dict(Region.objects.filter(code__in=counts, level=RegionLevel.CITY)
                 .values_list("code", "name"))
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    result, rank = [], 0
    for index, (code, n) in enumerate(ordered, start=1):
        if index == 1 or n != ordered[index - 2][1]:
            rank = index
        result.append(CityCount(code, names.get(code, code), n, rank))
    return result


def city_rank(project_list: ProjectList, city_code: str) -> CityCount | None:
    return next((c for c in list_counts_by_city(project_list) if c.region_code == city_code), None)


def last_month(today: dt.date | None = None) -> tuple[int, int]:
    today = today or timezone.localdate()
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


def latest_investment_month() -> tuple[int, int]:
    """The latest month anyone reported investment for (last month when none yet): the
    month investment statistics stand at, since figures arrive a month or more late."""
    latest = MonthlyInvestment.objects.order_by("-year", "-month").values_list("year", "month").first()
    return latest or last_month()


def stalled_q(*, months: int = 3, through: tuple[int, int] | None = None) -> Q:
    """Projects under construction (开工、在建) whose latest investment is older than the
    ``months`` months ending with ``through`` (by default the latest month with reported
    investment): a filter for ``Project`` querysets."""
    end = Period.of_month(*(through or latest_investment_month()))
    start = end
    for _ in range(months - 1):
        start = start.previous_month()
    recent_from = start.year * 100 + start.first_month
    return Q(stage__in=CONSTRUCTION_STAGES) & (Q(last_invested__isnull=True) | Q(last_invested__lt=recent_from))


def stalled_projects(projects: QuerySet[Project], *, months: int = 3,
                     through: tuple[int, int] | None = None) -> QuerySet[Project]:
    return projects.filter(stalled_q(months=months, through=through))


def rolling_pipeline(projects: QuerySet[Project], year: int) -> QuerySet[Project]:
    """滚动谋划: projects still in 谋划储备 that plan to start in the year after ``year``."""
    return projects.filter(stage=Stage.PLANNING, planned_start_year=year + 1)


@dataclass(frozen=True)
class BlockerCounts:
    open: int
    overdue: int


def overdue_q(today: dt.date | None = None) -> Q:
    return Q(status=BlockerStatus.OPEN, deadline__lt=today or timezone.localdate())


def blocker_counts(blockers: QuerySet[Blocker], today: dt.date | None = None) -> BlockerCounts:
    counts = blockers.aggregate(open=Count("id", filter=Q(status=BlockerStatus.OPEN)),
                                overdue=Count("id", filter=overdue_q(today)))
    return BlockerCounts(counts["open"], counts["overdue"])


@dataclass(frozen=True)
class UnitBlockers:
    unit_id: int
    unit_name: str
    open: int
    overdue: int
    resolved: int


def blockers_by_unit(blockers: QuerySet[Blocker], today: dt.date | None = None) -> list[UnitBlockers]:
    """Per responsible unit: open, overdue and resolved blockers, the most overdue first."""
    rows = (blockers.values("unit_id", "unit__name")
            .annotate(open=Count("id", filter=Q(status=BlockerStatus.OPEN)),
                      overdue=Count("id", filter=overdue_q(today)),
                      resolved=Count("id", filter=Q(status=BlockerStatus.RESOLVED))))
    result = [UnitBlockers(r["unit_id"], r["unit__name"], r["open"], r["overdue"], r["resolved"])
              for r in rows]
    return sorted(result, key=lambda r: (-r.overdue, -r.open, r.unit_name))
