"""Key indicators of the region for the month: the figure with its unit, 同比, progress
against the annual target (时间过半、任务过半), rank among the province's cities (or the
city's counties) with its streak, and the year so far as a sparkline.

Figures, ranks and target progress come from the indicators app
(``indicators.queries.region_indicator_summary``, its rules for streaks); the panel adds
two queries of its own for all key indicators at once: the region's year so far (the
sparklines) and its siblings' last twelve releases (the streaks).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Max, Min, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luoshi.cockpit import figures
from luoshi.cockpit.panels import Panel, register
from luoshi.cockpit.periods import PeriodRange, register_source
from luoshi.cockpit.queries import CockpitView
from luoshi.core.models import Region, RegionLevel
from luoshi.core.periods import release_period

MODELS = ("indicators.Indicator", "indicators.Observation", "indicators.IndicatorTarget")
# Without indicators marked key, the cockpit shows the first few in the catalogue's order.
DEFAULT_COUNT = 8
STREAK_RELEASES = 12


def key_indicators() -> list:
    from luoshi.indicators.models import Indicator

    keys = list(Indicator.objects.filter(is_key=True).order_by("sort_order", "code"))
    return keys or list(Indicator.objects.order_by("sort_order", "code")[:DEFAULT_COUNT])


def period_label(indicator, year: int, month: int) -> str:
    return release_period(year, month, indicator.combined_jan_feb).label_zh(with_year=False)


def shown_figure(indicator, obs) -> Decimal | None:
    """累计值 for a flow (what the bureau leads with), the month's value otherwise."""
    if obs is None:
        return None
    return obs.cumulative if indicator.kind == "flow" else obs.value


def is_good(yoy: Decimal | None, indicator) -> bool | None:
    """Whether the growth goes the way the indicator wants; None when flat or unknown."""
    if not yoy:
        return None
    return (yoy > 0) == indicator.higher_is_better


@dataclass
class Sparkline:
    label: str
    months: list[str] = field(default_factory=list)
    values: list[str | None] = field(default_factory=list)

    def as_json(self) -> str:
        return json.dumps({"label": self.label, "months": self.months, "values": self.values},
                          ensure_ascii=False)


@dataclass
class IndicatorCard:
    code: str
    name: str
    figure: str
    unit: str
    period: str  # the release shown: 1-6月
    basis: str  # 累计 / 期末 / 当月
    yoy_words: str = ""
    yoy_good: bool | None = None
    yoy_comparable: bool = False
    yoy_computed_note: str = ""  # the computed figure when a reported one is shown beside it
    target_text: str = ""
    completion: str = ""
    completion_width: str = "0"
    elapsed: str = ""
    elapsed_width: str = "0"
    on_track: bool | None = None
    pace_text: str = ""  # 快于时间进度2.3个百分点
    growth_text: str = ""
    rank: int | None = None
    rank_of: int = 0
    rank_scope: str = ""
    streak: str = ""
    ranking_url: str = ""  # the indicators app's ranking of the siblings for the month
    flagged: bool = False
    spark: Sparkline | None = None


@dataclass
class KeyIndicators:
    cards: list[IndicatorCard]
    missing: list[str]
    period: str


def key_indicators_panel(view: CockpitView) -> KeyIndicators | None:
    from luoshi.indicators.queries import region_indicator_summary

    indicators = key_indicators()
    if not indicators:
        return None
    year, month = view.year, view.last_month
    summaries = region_indicator_summary(view.region, (year, month), indicators=indicators)
    if not any(s.observation is not None for s in summaries):
        return None
    series = _year_so_far(view.region.code, indicators, year, month)
    streaks = _streaks(view.region, [s for s in summaries if s.rank], year, month)
    cards, missing = [], []
    for summary in summaries:
        if summary.observation is None:
            missing.append(summary.indicator.name)
            continue
        card = _card(summary, view.region)
        card.streak = streaks.get(summary.indicator.pk, "")
        card.spark = _spark(summary.indicator, series.get(summary.indicator.pk, {}), year)
        cards.append(card)
    return KeyIndicators(cards, missing, view.period.label_zh())


def _card(summary, region: Region) -> IndicatorCard:
    indicator, obs = summary.indicator, summary.observation
    figure, unit = figures.amount(shown_figure(indicator, obs), indicator.unit)
    yoy = obs.yoy
    card = IndicatorCard(
        code=indicator.code, name=indicator.name, figure=figure, unit=unit,
        period=period_label(indicator, obs.year, obs.month),
        basis={"flow": _("累计"), "stock": _("期末")}.get(indicator.kind, ""),
        yoy_words=figures.growth_words(yoy), yoy_good=is_good(yoy, indicator),
        yoy_comparable=obs.yoy_comparable and obs.yoy_reported is not None,
        flagged=bool(obs.flag_count))
    if figure == "—" and yoy is not None:
        # Growth at constant prices (规上工业增加值) is published without the amount: the
        # growth is the figure.
        card.figure, card.unit, card.yoy_words = figures.number(yoy), "%", ""
        card.basis = _("累计增速") if indicator.kind == "flow" else _("增速")
    if (obs.yoy_reported is not None and obs.yoy_computed is not None
            and obs.yoy_computed != obs.yoy_reported):
        card.yoy_computed_note = _("按公布数测算%(n)s%%") % {"n": figures.number(obs.yoy_computed)}
    if summary.progress is not None:
        _target(card, summary.progress, indicator)
    if summary.rank and summary.rank_of > 1:
        card.rank, card.rank_of, card.rank_scope = summary.rank, summary.rank_of, summary.rank_scope
        query = urlencode({"period": period_code(indicator, obs.year, obs.month),
                           "parent": region.parent_id, "region": region.code})
        card.ranking_url = f"{reverse('indicator_detail', args=[indicator.pk])}?{query}"
    return card


def period_code(indicator, year: int, month: int) -> str:
    return release_period(year, month, indicator.combined_jan_feb).code


def pace_words(gap: Decimal | None, higher_is_better: bool) -> str:
    """Completion against the share of the year gone, in words (gap in percentage points)."""
    if gap is None:
        return ""
    if gap == 0:
        return _("与时间进度持平")
    points = figures.number(abs(gap))
    if higher_is_better:
        words = _("快于时间进度%(n)s个百分点") if gap > 0 else _("慢于时间进度%(n)s个百分点")
    else:
        words = _("低于时间进度%(n)s个百分点") if gap < 0 else _("超出时间进度%(n)s个百分点")
    return words % {"n": points}


def _target(card: IndicatorCard, progress, indicator) -> None:
    if progress.target_value:
        figure, unit = figures.amount(progress.target_value, indicator.unit)
        card.target_text = _("年度目标%(n)s%(unit)s") % {"n": figure, "unit": unit}
    if progress.completion is not None:
        card.completion = figures.percent(progress.completion)
        bar = min(Decimal(100), max(Decimal(0), progress.completion * 100))
        card.completion_width = str(bar.quantize(Decimal("0.1")))
        card.elapsed = figures.percent(progress.elapsed)
        card.elapsed_width = str((progress.elapsed * 100).quantize(Decimal("0.1")))
        card.on_track = progress.on_track
        card.pace_text = pace_words(progress.gap_points, indicator.higher_is_better)
    if progress.target_growth is not None:
        state = {True: _("，已达到"), False: _("，未达到"), None: ""}[progress.growth_met]
        card.growth_text = _("目标增长%(n)s%%") % {"n": figures.number(progress.target_growth)} + state


def _window(year: int, month: int) -> Q:
    """The releases of the twelve months ending with ``month`` of ``year``."""
    this_year = Q(year=year, month__lte=month)
    return this_year if month == 12 else this_year | Q(year=year - 1, month__gt=month)


def _year_so_far(region: str, indicators: list, year: int, month: int) -> dict:
    """indicator id → {month: observation} of the region's year up to ``month`` (one query)."""
    from luoshi.indicators.models import Observation

    found: dict[int, dict] = defaultdict(dict)
    for obs in Observation.objects.filter(indicator__in=indicators, region_id=region, year=year,
                                          month__lte=month):
        found[obs.indicator_id][obs.month] = obs
    return found


@dataclass(frozen=True, slots=True)
class _Figures:
    """The figures of an observation that ``ranked_figure`` reads."""

    value: Decimal | None
    cumulative: Decimal | None
    yoy_reported: Decimal | None
    yoy_computed: Decimal | None

    @property
    def yoy(self) -> Decimal | None:
        return self.yoy_reported if self.yoy_reported is not None else self.yoy_computed


def _streaks(region: Region, ranked: list, year: int, month: int) -> dict[int, str]:
    """indicator id → the region's streak among its siblings ("连续4个月全省前2位"), from the
    siblings' last twelve releases in one query, ranked by the indicators app's rules."""
    from luoshi.indicators import rules
    from luoshi.indicators.models import Observation
    from luoshi.indicators.queries import ranked_figure, release_months

    if not ranked or not region.parent_id:
        return {}
    indicators = {s.indicator.pk: s.indicator for s in ranked}
    figures_at: dict[tuple[int, int, int], dict[str, Decimal | None]] = defaultdict(dict)
    # The siblings' codes as a list, so the (indicator, year, month, region) index serves the
    # query instead of a join; plain rows, not model instances: ~1,300 for a province's cities.
    siblings = list(Region.objects.filter(parent_id=region.parent_id)
                    .values_list("code", flat=True))
    rows = (Observation.objects
            .filter(indicator_id__in=list(indicators), region_id__in=siblings)
            .filter(_window(year, month)).order_by()
            .values_list("indicator_id", "region_id", "year", "month", "value", "cumulative",
                         "yoy_reported", "yoy_computed"))
    for indicator_id, code, y, m, value, cumulative, reported, computed in rows:
        figures_at[(indicator_id, y, m)][code] = ranked_figure(
            indicators[indicator_id], _Figures(value, cumulative, reported, computed))
    found = {}
    for summary in ranked:
        indicator = summary.indicator
        history = []
        for y, m in release_months(indicator, year, month, STREAK_RELEASES):
            ranks = rules.rank(figures_at.get((indicator.pk, y, m), {}),
                               higher_is_better=indicator.higher_is_better)
            history.append(ranks.get(region.code))
        streak = rules.streak(history)
        if streak is not None:
            found[indicator.pk] = streak.phrase(summary.rank_scope or "全省")
    return found


def _spark(indicator, by_month: dict, year: int) -> Sparkline | None:
    months = sorted(by_month)
    if len(months) < 2:
        return None
    points = [by_month[m] for m in months]
    use_yoy = any(p.yoy is not None for p in points)
    if use_yoy:
        label = _("累计同比（%）") if indicator.kind == "flow" else _("同比（%）")
    else:
        label = f"{indicator.name}（{indicator.unit}）"
    spark = Sparkline(label)
    for m, obs in zip(months, points, strict=True):
        spark.months.append(period_label(indicator, year, m))
        figure = obs.yoy if use_yoy else shown_figure(indicator, obs)
        spark.values.append(None if figure is None else figures.number(figure))
    return spark


def indicator_months(region: Region) -> PeriodRange | None:
    """The years with observations for the region (or, for a province or city without
    figures of its own, for the regions under it) and the latest month: two queries."""
    from luoshi.indicators.models import Observation

    if not Panel("", "", "", key_indicators_panel, models=MODELS).is_available():
        return None
    scope = Q(region_id=region.code)
    found = Observation.objects.filter(scope).aggregate(first=Min("year"), last=Max("year"))
    if found["last"] is None and region.level != RegionLevel.COUNTY:
        scope = Q(region__parent_id=region.code)
        found = Observation.objects.filter(scope).aggregate(first=Min("year"), last=Max("year"))
    if found["last"] is None:
        return None
    month = Observation.objects.filter(scope, year=found["last"]).aggregate(m=Max("month"))["m"]
    return PeriodRange(tuple(range(found["first"], found["last"] + 1)),
                       release_period(found["last"], month))


register_source(indicator_months, order=10)

register(Panel(
    key="indicators", title=gettext_lazy("主要经济指标"), template="cockpit/panels/indicators.html",
    query=key_indicators_panel, order=10, models=MODELS, wide=True,
))
