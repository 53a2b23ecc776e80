"""Reads of indicators and observations for pages, the API, the cockpit and briefs.

Each function is written for its reader and runs a fixed number of queries whatever the
data size. Statistics are public within the installation: any signed-in user may read them;
writing needs ``indicators.manage`` (see services).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet

from luoshi.core.errors import NotFound
from luoshi.core.models import Region, RegionLevel
from luoshi.core.periods import Period
from luoshi.indicators import rules
from luoshi.indicators.models import (
    CheckFlag,
    FlagStatus,
    Indicator,
    IndicatorKind,
    IndicatorTarget,
    Observation,
    RankBasis,
)
from luoshi.indicators.services import release_month

SCOPE_NAMES = {RegionLevel.PROVINCE: "全省", RegionLevel.CITY: "全市"}


def access_indicator(indicator_id) -> Indicator:
    indicator = Indicator.objects.filter(pk=indicator_id).first()
    if indicator is None:
        raise NotFound("指标不存在")
    return indicator


def ranked_figure(indicator: Indicator, obs: Observation | None) -> Decimal | None:
    """The figure an indicator ranks its regions by (its ``rank_basis``)."""
    if obs is None:
        return None
    if indicator.rank_basis == RankBasis.CUMULATIVE:
        return obs.cumulative if indicator.kind == IndicatorKind.FLOW else obs.value
    if indicator.rank_basis == RankBasis.VALUE:
        return obs.value
    return obs.yoy


def latest_month(indicator: Indicator | None = None) -> tuple[int, int] | None:
    """The newest (year, month) holding an observation (of ``indicator`` when given)."""
    rows = Observation.objects.all()
    if indicator is not None:
        rows = rows.filter(indicator=indicator)
    row = rows.order_by("-year", "-month").values_list("year", "month").first()
    return tuple(row) if row else None


def release_label(indicator: Indicator, year: int, month: int) -> str:
    if month == 2 and indicator.combined_jan_feb:
        return f"{year}年1-2月"
    return f"{year}年{month}月"


# --- ranking ----------------------------------------------------------------------------

@dataclass
class RankRow:
    region: Region
    observation: Observation | None
    figure: Decimal | None
    rank: int | None
    streak: rules.Streak | None = None


def _children(parent: Region) -> list[Region]:
    return list(Region.objects.filter(parent=parent).order_by("code"))


def ranking(indicator: Indicator, period: Period | str | tuple[int, int],
            parent_region: Region, *, with_streaks: bool = True) -> list[RankRow]:
    """The regions directly under ``parent_region`` ranked for ``indicator`` in a month.

    Regions without a figure come last, unranked. With ``with_streaks`` each row carries
    its streak over the releases up to the period (2 more queries).
    """
    year, month = period if isinstance(period, tuple) else release_month(period)
    regions = _children(parent_region)
    codes = [r.code for r in regions]
    observations = {o.region_id: o for o in Observation.objects.filter(
        indicator=indicator, year=year, month=month, region_id__in=codes)}
    for obs in observations.values():
        obs.indicator = indicator
    figures = {code: ranked_figure(indicator, observations.get(code)) for code in codes}
    ranks = rules.rank(figures, higher_is_better=indicator.higher_is_better)
    streaks = rank_streaks(indicator, (year, month), codes) if with_streaks else {}
    rows = [RankRow(r, observations.get(r.code), figures[r.code], ranks.get(r.code),
                    streaks.get(r.code)) for r in regions]
    rows.sort(key=lambda row: (row.rank is None, row.rank or 0, row.region.code))
    return rows


def release_months(indicator: Indicator, year: int, month: int, count: int) -> list[tuple[int, int]]:
    """The ``count`` releases up to (year, month), oldest first (no January when combined)."""
    months = []
    while len(months) < count:
        months.append((year, month))
        month -= 1
        if month == 0 or (month == 1 and indicator.combined_jan_feb):
            year, month = year - 1, 12
    return months[::-1]


def rank_history(indicator: Indicator, period: tuple[int, int], codes: list[str],
                 count: int = 12) -> tuple[list[tuple[int, int]], dict[str, list[int | None]]]:
    """Ranks of the regions ``codes`` over the last ``count`` releases: one query."""
    months = release_months(indicator, *period, count)
    (y0, m0), (y1, m1) = months[0], months[-1]
    rows = Observation.objects.filter(
        indicator=indicator, region_id__in=codes,
        year__gte=y0, year__lte=y1).filter(
        Q(year__gt=y0) | Q(month__gte=m0)).filter(Q(year__lt=y1) | Q(month__lte=m1))
    by_month: dict[tuple[int, int], dict[str, Decimal | None]] = {m: {} for m in months}
    for obs in rows:
        if (obs.year, obs.month) in by_month:
            obs.indicator = indicator
            by_month[(obs.year, obs.month)][obs.region_id] = ranked_figure(indicator, obs)
    history: dict[str, list[int | None]] = {code: [] for code in codes}
    for m in months:
        ranks = rules.rank(by_month[m], higher_is_better=indicator.higher_is_better)
        for code in codes:
            history[code].append(ranks.get(code))
    return months, history


def rank_streaks(indicator: Indicator, period: tuple[int, int],
                 codes: list[str]) -> dict[str, rules.Streak | None]:
    """Each region's streak ("连续4个月全省前2位"), derived from the ranks, never typed."""
    _, history = rank_history(indicator, period, codes)
    return {code: rules.streak(ranks) for code, ranks in history.items()}


# --- series and summaries ---------------------------------------------------------------

def region_series(indicator: Indicator, region: Region, years: list[int]) -> list[Observation]:
    """A region's observations of ``indicator`` in ``years``, month order (for charts)."""
    rows = list(Observation.objects.filter(indicator=indicator, region=region, year__in=years)
                .order_by("year", "month"))
    for obs in rows:
        obs.indicator = indicator
    return rows


def chart_series(indicator: Indicator, region: Region, years: list[int]) -> dict:
    """ECharts-ready data: one list per year of 累计值 and 同比 by release month."""
    rows = region_series(indicator, region, years)
    months = [m for m in range(1, 13) if not (m == 1 and indicator.combined_jan_feb)]
    labels = ["1-2月" if m == 2 and indicator.combined_jan_feb else f"{m}月" for m in months]
    data = {"labels": labels, "series": []}
    flow = indicator.kind == IndicatorKind.FLOW
    for year in years:
        by_month = {o.month: o for o in rows if o.year == year}
        figure = [_plain(getattr(by_month.get(m), "cumulative" if flow else "value", None))
                  for m in months]
        yoy = [_plain(getattr(by_month.get(m), "yoy", None)) for m in months]
        data["series"].append({"year": year, "figure": figure, "yoy": yoy})
    return data


def _plain(value: Decimal | None) -> str | None:
    return None if value is None else f"{value.normalize():f}"


@dataclass
class IndicatorSummary:
    """One indicator for one region and month, as a cockpit tile or a brief line shows it."""

    indicator: Indicator
    observation: Observation | None
    period_label: str
    rank: int | None
    rank_of: int
    rank_scope: str  # 全省 / 全市
    progress: rules.TargetProgress | None
    streak: rules.Streak | None = None

    @property
    def value(self) -> Decimal | None:
        return self.observation.value if self.observation else None

    @property
    def cumulative(self) -> Decimal | None:
        return self.observation.cumulative if self.observation else None

    @property
    def yoy(self) -> Decimal | None:
        return self.observation.yoy if self.observation else None

    @property
    def yoy_computed(self) -> Decimal | None:
        return self.observation.yoy_computed if self.observation else None


def region_indicator_summary(region: Region, period: Period | str | tuple[int, int], *,
                             indicators: list[Indicator] | None = None, key_only: bool = False,
                             with_streaks: bool = False) -> list[IndicatorSummary]:
    """Value, YoY, target progress and rank among its siblings of every indicator (or the
    given ones, or the key ones) for ``region`` in a month. Four queries (plus two per
    indicator with ``with_streaks``)."""
    year, month = period if isinstance(period, tuple) else release_month(period)
    if indicators is None:
        rows = Indicator.objects.all()
        indicators = list(rows.filter(is_key=True) if key_only else rows)
    ids = [i.pk for i in indicators]
    siblings = ([r.code for r in Region.objects.filter(parent_id=region.parent_id)]
                if region.parent_id else [region.code])
    observations: dict[tuple[int, str], Observation] = {}
    for obs in Observation.objects.filter(indicator_id__in=ids, year=year, month=month,
                                          region_id__in=siblings):
        observations[(obs.indicator_id, obs.region_id)] = obs
    targets = {t.indicator_id: t for t in IndicatorTarget.objects.filter(
        indicator_id__in=ids, region=region, year=year)}
    parent_level = _parent_level(region)
    summaries = []
    for indicator in indicators:
        figures = {}
        for code in siblings:
            obs = observations.get((indicator.pk, code))
            if obs is not None:
                obs.indicator = indicator
            figures[code] = ranked_figure(indicator, obs)
        ranks = rules.rank(figures, higher_is_better=indicator.higher_is_better)
        own = observations.get((indicator.pk, region.code))
        target = targets.get(indicator.pk)
        progress = None
        if target is not None:
            progress = rules.target_progress(
                month=month, cumulative=own.cumulative if own else None,
                yoy=own.yoy if own else None, target_value=target.value,
                target_growth=target.growth, higher_is_better=indicator.higher_is_better)
        streak = None
        if with_streaks and own is not None and region.parent_id:
            streak = rank_streaks(indicator, (year, month), siblings).get(region.code)
        summaries.append(IndicatorSummary(
            indicator, own, release_label(indicator, year, month), ranks.get(region.code),
            len(ranks), SCOPE_NAMES.get(parent_level, ""), progress, streak))
    return summaries


def _parent_level(region: Region) -> str:
    return {RegionLevel.CITY: RegionLevel.PROVINCE,
            RegionLevel.COUNTY: RegionLevel.CITY}.get(region.level, "")


# --- lists ------------------------------------------------------------------------------

def indicator_list(search: str = "") -> QuerySet[Indicator]:
    rows = Indicator.objects.all()
    if search:
        rows = rows.filter(Q(name__icontains=search) | Q(code__icontains=search))
    return rows


def observation_list(*, indicator_id: int | None = None, region_code: str = "",
                     year: int | None = None, month: int | None = None,
                     flagged: bool = False) -> QuerySet[Observation]:
    """Observations newest first with their indicator and region, filtered."""
    rows = Observation.objects.select_related("indicator", "region")
    if indicator_id:
        rows = rows.filter(indicator_id=indicator_id)
    if region_code:
        rows = rows.filter(region_id=region_code)
    if year:
        rows = rows.filter(year=year)
    if month:
        rows = rows.filter(month=month)
    if flagged:
        rows = rows.filter(flag_count__gt=0)
    return rows.order_by("-year", "-month", "indicator_id", "region_id")


def flag_list(*, status: str = FlagStatus.OPEN, rule: str = "", indicator_id: int | None = None,
              region_code: str = "") -> QuerySet[CheckFlag]:
    """The doubts for HQ to verify, newest month first."""
    rows = CheckFlag.objects.select_related("indicator", "region", "observation", "reviewed_by")
    if status:
        rows = rows.filter(status=status)
    if rule:
        rows = rows.filter(rule=rule)
    if indicator_id:
        rows = rows.filter(indicator_id=indicator_id)
    if region_code:
        rows = rows.filter(region_id=region_code)
    return rows.order_by("-year", "-month", "indicator_id", "region_id", "rule")


def access_flag(flag_id) -> CheckFlag:
    flag = CheckFlag.objects.select_related("observation", "indicator", "region").filter(
        pk=flag_id).first()
    if flag is None:
        raise NotFound("疑点不存在")
    return flag


def province_regions() -> list[Region]:
    return list(Region.objects.filter(level=RegionLevel.PROVINCE).order_by("code"))


def ranking_parents() -> list[Region]:
    """Regions whose children can be ranked: provinces and cities."""
    return list(Region.objects.filter(level__in=[RegionLevel.PROVINCE, RegionLevel.CITY])
                .order_by("code"))
