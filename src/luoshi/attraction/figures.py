"""The figures of investment attraction for a period, as the press and the briefs put them:
“今年以来，新洽谈项目N个、签约M个、落位K个，同比增长x%；其中新增…”, and 域外引资到位额 with its
year-on-year growth. Part of ``attraction.services`` (re-exported there).

Every function takes the leads to count as a queryset, so the caller decides the scope (a
user's data scope, a city for the cockpit, a county for a brief). A lead counts in 签约, 落位
or 终止 for a period when it entered that stage within the period; it is *new* when its first
洽谈 falls in the period and *carried over* (结转) when it started before. 洽谈 counts the talks
that went on in the period: new ones begun in it, and carried-over ones begun before and
neither signed nor dropped when it started. The same span of the previous
year gives the year-on-year comparison. Each figure is one aggregate query.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet, Sum

from luoshi.attraction.models import PIPELINE, STAGE_DATE_FIELD, Lead, Stage
from luoshi.core.periods import Period

COUNTED = (*PIPELINE, Stage.TERMINATED)


def year_to_date(year: int, month: int) -> Period:
    """January to ``month``: 1月 alone, 1-2月 together, or 1-N月."""
    if month == 1:
        return Period.of_month(year, 1)
    return Period.of_ytd(year, month)


def same_period_last_year(period: Period) -> Period:
    return Period(period.kind, period.year - 1, period.number)


def growth_pct(current: Decimal | int, previous: Decimal | int) -> Decimal | None:
    """Year-on-year growth in per cent, to one decimal place; None without a base."""
    if not previous:
        return None
    value = (Decimal(current) - Decimal(previous)) * 100 / Decimal(previous)
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class StageCount:
    stage: str
    new: int
    carried: int
    last_year: int

    @property
    def label(self) -> str:
        return str(Stage(self.stage).label)

    @property
    def total(self) -> int:
        return self.new + self.carried

    @property
    def change(self) -> int:
        return self.total - self.last_year

    @property
    def growth_pct(self) -> Decimal | None:
        return growth_pct(self.total, self.last_year)


@dataclass(frozen=True)
class FundsFigures:
    """域外引资到位额 (万元) in the period and in the same period of the year before."""

    amount: Decimal
    last_year: Decimal

    @property
    def growth_pct(self) -> Decimal | None:
        return growth_pct(self.amount, self.last_year)


@dataclass(frozen=True)
class LeadFigures:
    period: Period
    stages: list[StageCount]
    carried_open: int  # leads still open when the period began (结转在谈)
    funds: FundsFigures

    def stage(self, stage: str) -> StageCount:
        return next(s for s in self.stages if s.stage == stage)

    @property
    def pipeline(self) -> list[StageCount]:
        return [s for s in self.stages if s.stage != Stage.TERMINATED]


@dataclass
class GroupFigures:
    """The figures of one region or unit: stage totals, last year's, and funds."""

    key: str | int
    name: str
    totals: dict[str, int] = field(default_factory=dict)
    last_year: dict[str, int] = field(default_factory=dict)
    new: int = 0
    funds: Decimal = Decimal(0)
    funds_last_year: Decimal = Decimal(0)

    def stage(self, stage: str) -> int:
        return self.totals.get(stage, 0)

    @property
    def funds_growth_pct(self) -> Decimal | None:
        return growth_pct(self.funds, self.funds_last_year)

    @property
    def stage_counts(self) -> list[tuple[str, int, Decimal | None]]:
        return [(s, self.stage(s), growth_pct(self.stage(s), self.last_year.get(s, 0)))
                for s in PIPELINE]


def _span(period: Period) -> tuple[dt.date, dt.date]:
    return period.start_date(), period.end_date()


def _entered(stage: str, span: tuple[dt.date, dt.date]) -> Q:
    name = STAGE_DATE_FIELD[stage]
    return Q(**{f"{name}__gte": span[0], f"{name}__lte": span[1]})


def _aggregates(period: Period) -> dict:
    """The named counts one aggregate query computes for ``period`` and a year before."""
    now, before = _span(period), _span(same_period_last_year(period))
    started_before = Q(negotiating_on__lt=now[0])
    talks = Stage.NEGOTIATING
    counts = {  # 洽谈 counts the talks that went on in the period: begun in it or before
        f"{talks}_new": Count("id", filter=_entered(talks, now)),
        f"{talks}_carried": Count("id", filter=_in_talks(now[0])),
        f"{talks}_last": Count("id", filter=_entered(talks, before) | _in_talks(before[0])),
    }
    for stage in COUNTED[1:]:
        counts[f"{stage}_new"] = Count("id", filter=_entered(stage, now) & ~started_before)
        counts[f"{stage}_carried"] = Count("id", filter=_entered(stage, now) & started_before)
        counts[f"{stage}_last"] = Count("id", filter=_entered(stage, before))
    return counts


def _in_talks(at: dt.date) -> Q:
    """Talks begun before ``at`` and neither signed nor dropped by then."""
    return (Q(negotiating_on__lt=at) & (Q(signed_on__isnull=True) | Q(signed_on__gte=at))
            & (Q(terminated_on__isnull=True) | Q(terminated_on__gte=at)))


def _still_open(at: dt.date) -> Q:
    return (Q(negotiating_on__lt=at) & (Q(landed_on__isnull=True) | Q(landed_on__gte=at))
            & (Q(terminated_on__isnull=True) | Q(terminated_on__gte=at)))


def _month_span(period: Period) -> tuple[str, str]:
    return f"{period.year}-{period.first_month:02d}", f"{period.year}-{period.last_month:02d}"


def _funds_sums(period: Period) -> dict:
    """Sums over the leads' funds (a join from the lead side: the leads' own filter, usually
    a region range on an index, applies directly)."""
    now, before = _month_span(period), _month_span(same_period_last_year(period))
    return {"arrived": Sum("funds__amount", filter=Q(funds__month__gte=now[0], funds__month__lte=now[1])),
            "arrived_last": Sum("funds__amount",
                                filter=Q(funds__month__gte=before[0], funds__month__lte=before[1]))}


def _with_funds(leads: QuerySet[Lead], period: Period) -> QuerySet[Lead]:
    """The leads joined with their funds rows of the period and a year before."""
    return leads.filter(funds__month__gte=_month_span(same_period_last_year(period))[0],
                        funds__month__lte=_month_span(period)[1])


def funds_figures(leads: QuerySet[Lead], period: Period) -> FundsFigures:
    """域外 money arrived for ``leads`` in ``period`` and a year before. One query."""
    sums = _with_funds(leads, period).aggregate(**_funds_sums(period))
    return FundsFigures(sums["arrived"] or Decimal(0), sums["arrived_last"] or Decimal(0))


def _stage_counts(row: dict) -> list[StageCount]:
    return [StageCount(stage, row[f"{stage}_new"], row[f"{stage}_carried"], row[f"{stage}_last"])
            for stage in COUNTED]


def lead_figures(leads: QuerySet[Lead], period: Period) -> LeadFigures:
    """Counts per stage (new, carried over, last year), open leads carried into the period,
    and funds arrived, for ``leads`` in ``period`` (usually year to date). Two queries."""
    row = leads.aggregate(**_aggregates(period), carried_open=Count(
        "id", filter=_still_open(period.start_date())))
    return LeadFigures(period, _stage_counts(row), row["carried_open"], funds_figures(leads, period))


@dataclass
class Pipeline:
    """Everything the pipeline page shows: the whole, and the same by region and by unit."""

    figures: LeadFigures
    by_region: list[GroupFigures]
    by_unit: list[GroupFigures]


_REGION, _UNIT = ("region_id", "region__name"), ("unit_id", "unit__name", "unit__short_name")


def _add(group: GroupFigures, row: dict) -> None:
    for stage in COUNTED:
        group.totals[stage] = group.totals.get(stage, 0) + row[f"{stage}_new"] + row[f"{stage}_carried"]
        group.last_year[stage] = group.last_year.get(stage, 0) + row[f"{stage}_last"]
    group.new += row[f"{Stage.NEGOTIATING}_new"]


def _busiest(groups: dict) -> list[GroupFigures]:
    active = [g for g in groups.values()
              if any(g.totals.values()) or any(g.last_year.values()) or g.funds or g.funds_last_year]
    return sorted(active, key=lambda g: (-g.stage(Stage.SIGNED), -g.stage(Stage.NEGOTIATING), str(g.key)))


def pipeline(leads: QuerySet[Lead], period: Period) -> Pipeline:
    """The figures of ``leads`` for ``period``, in all, by region and by unit, from two
    queries: the counts and the funds per (region, unit) pair, added up here. The counts are
    all additive, so the roll-up is exact."""
    rows = list(leads.values(*_REGION, *_UNIT).annotate(
        **_aggregates(period), carried_open=Count("id", filter=_still_open(period.start_date())))
        .order_by())
    funds = (_with_funds(leads, period).values("region_id", "unit_id").annotate(**_funds_sums(period))
             .order_by())
    total = {name: 0 for name in rows[0]} if rows else {}
    regions: dict = {}
    units: dict = {}
    for row in rows:
        for name, value in row.items():
            if isinstance(value, int) and not name.endswith("_id"):
                total[name] += value
        region = regions.setdefault(row["region_id"], GroupFigures(row["region_id"], row["region__name"]))
        unit = units.setdefault(row["unit_id"], GroupFigures(
            row["unit_id"], row["unit__short_name"] or row["unit__name"]))
        _add(region, row)
        _add(unit, row)
    arrived = Decimal(0), Decimal(0)
    for row in funds:
        now, last = row["arrived"] or Decimal(0), row["arrived_last"] or Decimal(0)
        arrived = arrived[0] + now, arrived[1] + last
        for group in (regions[row["region_id"]], units[row["unit_id"]]):
            group.funds += now
            group.funds_last_year += last
    if not rows:
        total = {f"{s}_{part}": 0 for s in COUNTED for part in ("new", "carried", "last")}
        total["carried_open"] = 0
    figures = LeadFigures(period, _stage_counts(total), total["carried_open"], FundsFigures(*arrived))
    return Pipeline(figures, _busiest(regions), _busiest(units))


def figures_by_region(leads: QuerySet[Lead], period: Period) -> list[GroupFigures]:
    """Per region where the leads are to land (city or county), busiest first. Two queries."""
    return pipeline(leads, period).by_region


def figures_by_unit(leads: QuerySet[Lead], period: Period) -> list[GroupFigures]:
    """Per following unit, busiest first (most signed in the period, then most in talks).
    Two queries."""
    return pipeline(leads, period).by_unit
