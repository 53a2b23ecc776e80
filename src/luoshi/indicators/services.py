"""Every write to indicators, observations, targets and check flags.

Observations are written through one path, :func:`apply_entries`: a list of entered figures
(from a form, the API, an xlsx file or a fact extracted from a briefing) is merged into the
affected series, the derived figures (当月值/累计值 by subtraction, computed 同比) are
recomputed from what was entered, the "没有水分" checks run again, and the changed rows are
written in bulk. Recomputing the same data twice gives the same result.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction

from luoshi.core import audit
from luoshi.core.errors import InvalidInput, NotFound, ParseError
from luoshi.core.models import Region
from luoshi.core.periods import Period, PeriodKind
from luoshi.core.permissions import access_for
from luoshi.indicators import rules, store
from luoshi.indicators.models import (
    CheckFlag,
    FlagStatus,
    Frequency,
    Indicator,
    IndicatorKind,
    IndicatorTarget,
    Observation,
)

INDICATOR_FIELDS = ("code", "name", "unit", "frequency", "kind", "source", "higher_is_better",
                    "combined_jan_feb", "real_growth", "rank_basis", "yoy_tolerance",
                    "jump_multiple", "is_key", "sort_order", "description")
TARGET_FIELDS = ("value", "growth", "note")
ENTERED_FIELDS = ("value", "cumulative", "yoy_reported", "yoy_comparable")
VALUE_KINDS = {"value": "当月值", "cumulative": "累计值", "yoy": "同比"}
WRITE_BATCH = 2000
FOUR_PLACES = Decimal("0.0001")
MAX_FIGURE = Decimal(10) ** 16  # the columns hold 20 digits, 4 after the point


def require_manage(actor) -> None:
    access_for(actor).require("indicators.manage")


# --- periods ----------------------------------------------------------------------------

def release_problem(indicator: Indicator, month: int) -> str:
    """Why ``month`` cannot hold a release of ``indicator`` ("" when it can)."""
    if not 1 <= month <= 12:
        return "月份应在1到12之间"
    if indicator.frequency == Frequency.QUARTERLY and month % 3:
        return f"“{indicator.name}”按季度发布，期间应为3、6、9、12月"
    if indicator.frequency == Frequency.YEARLY and month != 12:
        return f"“{indicator.name}”按年度发布，期间应为12月（全年）"
    if month == 1 and indicator.combined_jan_feb and indicator.frequency == Frequency.MONTHLY:
        return f"“{indicator.name}”1-2月合并发布，不单独发布1月数据，请填写1-2月（2023-01~02）"
    return ""


def _parse_period(period: Period | str) -> Period:
    if isinstance(period, Period):
        return period
    try:
        return Period.parse(str(period))
    except ParseError as exc:
        raise InvalidInput(exc.message, field="period") from exc


def release_month(period: Period | str, indicator: Indicator | None = None) -> tuple[int, int]:
    """The (year, month) an observation of ``period`` is stored under.

    A month is itself; 1-2月 and 1-N月 end in month 2 and N (the cumulative figure released
    for that month); a quarter, half or year ends in its last month.
    """
    period = _parse_period(period)
    year, month = period.year, period.last_month
    if indicator is not None:
        problem = release_problem(indicator, month)
        if problem:
            raise InvalidInput(problem, field="period")
    return year, month


def period_is_cumulative(period: Period | str) -> bool:
    """Whether a figure stated for ``period`` is a 累计值 (1-6月, 上半年, 前三季度…)."""
    if isinstance(period, str):
        period = Period.parse(period)
    return period.kind in (PeriodKind.YTD, PeriodKind.HALF, PeriodKind.YEAR) or (
        period.kind is PeriodKind.QUARTER and period.number == 1)


# --- indicators and targets -------------------------------------------------------------

@transaction.atomic
def save_indicator(*, actor, indicator: Indicator | None = None, **values) -> Indicator:
    """Create an indicator or change its fields (``values`` among INDICATOR_FIELDS)."""
    require_manage(actor)
    unknown = set(values) - set(INDICATOR_FIELDS)
    if unknown:
        raise InvalidInput(f"未知的字段：{'、'.join(sorted(unknown))}")
    before = audit.snapshot(indicator, INDICATOR_FIELDS) if indicator else None
    indicator = indicator or Indicator()
    for name, value in values.items():
        setattr(indicator, name, value)
    if not (indicator.code or "").strip():
        raise InvalidInput("请填写指标代码", field="code")
    if not (indicator.name or "").strip():
        raise InvalidInput("请填写指标名称", field="name")
    clash = Indicator.objects.filter(code=indicator.code).exclude(pk=indicator.pk).exists()
    if clash:
        raise InvalidInput(f"指标代码“{indicator.code}”已被使用", field="code")
    indicator.save()
    audit.record_saved(actor=actor, obj=indicator, before=before, fields=INDICATOR_FIELDS)
    return indicator


@transaction.atomic
def set_target(*, actor, indicator: Indicator, region: Region, year: int,
               value: Decimal | None = None, growth: Decimal | None = None,
               note: str = "") -> IndicatorTarget:
    """A region's annual target for an indicator (amount, growth or both)."""
    require_manage(actor)
    if value is None and growth is None:
        raise InvalidInput("请填写年度目标值或目标增速", field="value")
    if value is not None and value <= 0 and indicator.kind == IndicatorKind.FLOW:
        raise InvalidInput("年度目标值应大于0", field="value")
    target = IndicatorTarget.objects.filter(indicator=indicator, region=region, year=year).first()
    if target is not None and (target.value, target.growth, target.note) == (value, growth, note):
        return target  # unchanged: nothing to write or audit
    before = audit.snapshot(target, TARGET_FIELDS) if target else None
    target = target or IndicatorTarget(indicator=indicator, region=region, year=year)
    target.value, target.growth, target.note = value, growth, note
    target.save()
    audit.record_saved(actor=actor, obj=target, before=before, fields=TARGET_FIELDS)
    return target


@transaction.atomic
def review_flag(*, actor, flag: CheckFlag, status: str, note: str = "") -> CheckFlag:
    """HQ's verdict on a doubt: verified as right (confirmed) or corrected at the source."""
    require_manage(actor)
    if status not in (FlagStatus.CONFIRMED, FlagStatus.CORRECTED, FlagStatus.OPEN):
        raise InvalidInput("核实结果无效", field="status")
    if status == FlagStatus.CONFIRMED and not note.strip():
        raise InvalidInput("确认数据无误时请写明核实情况", field="note")
    before = audit.snapshot(flag, ("status", "review_note"))
    flag.status, flag.review_note = status, note.strip()[:255]
    flag.reviewed_by = actor if getattr(actor, "pk", None) else None
    flag.save(update_fields=["status", "review_note", "reviewed_by"])
    audit.record_saved(actor=actor, obj=flag, before=before, fields=("status", "review_note"))
    open_count = flag.observation.flags.filter(status=FlagStatus.OPEN).count()
    Observation.objects.filter(pk=flag.observation_id).update(flag_count=open_count)
    return flag


# --- observations -----------------------------------------------------------------------

@dataclass
class Entry:
    """Figures entered for one observation; only the keys present in ``figures`` change.

    ``figures`` keys: value, cumulative, yoy_reported (Decimal or None to clear) and
    yoy_comparable (bool).
    """

    indicator: Indicator
    region_id: str
    year: int
    month: int
    figures: dict = field(default_factory=dict)
    source_name: str = ""
    source_text: str = ""
    source_start: int | None = None
    source_end: int | None = None


@dataclass
class ApplyResult:
    created: int = 0
    updated: int = 0
    flags: int = 0
    observations: list[Observation] = field(default_factory=list)


@transaction.atomic
def apply_entries(entries: list[Entry], *, actor, audit_action: str = "",
                  audit_note: str = "") -> ApplyResult:
    """Merge ``entries`` into their series, recompute and check them, write what changed.

    One audit entry per changed observation when there are few (≤ 20), else one summary
    entry (``audit_action``, e.g. "import") naming the counts and ``audit_note`` (the file).
    ``observations`` of the result holds the entries' observations when there are few.
    """
    require_manage(actor)
    for entry in entries:
        problem = release_problem(entry.indicator, entry.month)
        if problem:
            raise InvalidInput(problem, field="period")
    if not entries:
        return ApplyResult()
    few = len(entries) <= 20
    indicators = {e.indicator.pk: e.indicator for e in entries}
    regions = {e.region_id for e in entries}
    years = {e.year for e in entries}
    first, last = min(years), max(years)
    rows = store.load_rows(list(indicators), sorted(regions), first - 1, last + 1)
    originals = {key: row.state() for key, row in rows.items()}
    before = {}
    user_id = getattr(actor, "pk", None)
    for entry in entries:
        key = (entry.indicator.pk, entry.region_id, entry.year, entry.month)
        row = rows.get(key)
        if row is None:
            row = rows[key] = store.Row(None, *key)
        if few:
            before[key] = _audited(row) if row.pk else None
        _enter(row, entry, user_id)
    findings = _recompute(rows, indicators, first, last + 1)
    fresh = _count_flags(rows, findings, indicators, regions, first, last + 1)
    changed = [row for key, row in rows.items()
               if row.pk is None or row.state() != originals.get(key)]
    result = ApplyResult(created=sum(1 for row in changed if row.pk is None),
                         updated=sum(1 for row in changed if row.pk is not None))
    store.upsert_rows(changed)
    result.flags = _replace_flags(rows, fresh, indicators, regions, first, last + 1)
    if few:
        result.observations = _observations(rows, entries, indicators)
        for obs in result.observations:
            audit.record_saved(actor=actor, obj=obs, before=before[_key(obs)], fields=_AUDITED)
    elif changed:
        audit.record(actor=actor, action=audit_action or "import",
                     object_type="indicators.observation", object_repr=audit_note[:255],
                     after={"entries": len(entries), "created": result.created,
                            "updated": result.updated, "source": audit_note})
    return result


_AUDITED = ("value", "cumulative", "yoy_reported", "yoy_comparable", "source_name")


def _key(obs) -> tuple:
    return (obs.indicator_id, obs.region_id, obs.year, obs.month)


def _audited(row: store.Row) -> dict:
    return audit._jsonable({name: getattr(row, name) for name in _AUDITED})


def _observations(rows: dict, entries: list[Entry], indicators: dict) -> list[Observation]:
    """The entries' observations as saved, in the entries' order."""
    ids = [rows[(e.indicator.pk, e.region_id, e.year, e.month)].pk for e in entries]
    by_key = {}
    query = Observation.objects.filter(pk__in=[i for i in ids if i]) if all(ids) else \
        Observation.objects.filter(indicator_id__in=list(indicators),
                                   region_id__in=[e.region_id for e in entries],
                                   year__in=[e.year for e in entries])
    for obs in query:
        obs.indicator = indicators[obs.indicator_id]
        by_key[_key(obs)] = obs
    return [by_key[(e.indicator.pk, e.region_id, e.year, e.month)] for e in entries]


def _stored(value: Decimal | None) -> Decimal | None:
    """A figure as the database keeps it: four decimal places."""
    if value is None:
        return None
    value = Decimal(value)
    if not value.is_finite() or abs(value) >= MAX_FIGURE:
        raise InvalidInput(f"数值“{value}”超出范围（绝对值应小于10的16次方）", field="value")
    return value.quantize(FOUR_PLACES)


def _enter(row: store.Row, entry: Entry, user_id) -> None:
    figures = entry.figures
    for name in ("value", "cumulative", "yoy_reported"):
        if name in figures:
            setattr(row, name, _stored(figures[name]))
            if name == "value":
                row.value_derived = False
            if name == "cumulative":
                row.cumulative_derived = False
    if "yoy_comparable" in figures:
        row.yoy_comparable = bool(figures["yoy_comparable"])
    if entry.source_name or entry.source_text:
        row.source_name = entry.source_name[:255]
        row.source_text = entry.source_text
        row.source_start, row.source_end = entry.source_start, entry.source_end
    row.entered_by_id = user_id


def _recompute(rows: dict, indicators: dict, first: int, last: int) -> list[rules.Finding]:
    """Derive and check every loaded series; return the findings about years first..last."""
    series: dict[tuple, list[store.Row]] = defaultdict(list)
    for key, row in rows.items():
        series[key[:2]].append(row)
    findings = []
    for (indicator_id, _region), members in series.items():
        indicator = indicators[indicator_id]
        members.sort(key=lambda r: (r.year, r.month))
        points = [_point(row) for row in members]
        flow = indicator.kind == IndicatorKind.FLOW
        by_year: dict[int, list[rules.Point]] = defaultdict(list)
        for p in points:
            by_year[p.year].append(p)
        for year_points in by_year.values():
            rules.fill_year(year_points, flow=flow)
        rules.compute_yoy(points, flow=flow, real_growth=indicator.real_growth,
                          rate=indicator.kind == IndicatorKind.RATE)
        settings = rules.CheckSettings(flow=flow, yoy_tolerance=indicator.yoy_tolerance,
                                       jump_multiple=indicator.jump_multiple,
                                       combined_jan_feb=indicator.combined_jan_feb)
        found = rules.check_series(points, settings)
        for row, p in zip(members, points, strict=True):
            row.value, row.value_derived = p.value, p.value_derived
            row.cumulative, row.cumulative_derived = p.cumulative, p.cumulative_derived
            row.yoy_computed = p.yoy_computed
        findings += [f for f in found if first <= f.key[2] <= last]
    return findings


def _point(row: store.Row) -> rules.Point:
    return rules.Point(row.year, row.month, row.value, row.cumulative, row.value_derived,
                       row.cumulative_derived, row.yoy_reported, row.yoy_comparable,
                       row.yoy_computed, key=row.key)


def _flag_scope(indicators: dict, regions: set[str], first: int, last: int):
    return CheckFlag.objects.filter(indicator_id__in=list(indicators),
                                    region_id__in=sorted(regions), year__gte=first, year__lte=last)


def _count_flags(rows: dict, findings: list, indicators: dict, regions: set[str],
                 first: int, last: int) -> list[rules.Finding]:
    """The findings that become open flags (those HQ already reviewed stay reviewed), with
    each recomputed observation's ``flag_count`` set to its open flags."""
    reviewed = set(_flag_scope(indicators, regions, first, last)
                   .exclude(status=FlagStatus.OPEN)
                   .values_list("indicator_id", "region_id", "year", "month", "rule"))
    fresh = [f for f in findings if (*f.key, f.rule) not in reviewed]
    counts: dict[tuple, int] = defaultdict(int)
    for f in fresh:
        counts[f.key] += 1
    for key, row in rows.items():
        if first <= key[2] <= last:
            row.flag_count = counts.get(key, 0)
    return fresh


def _replace_flags(rows: dict, fresh: list, indicators: dict, regions: set[str],
                   first: int, last: int) -> int:
    """Make the open flags of the recomputed years equal ``fresh``: flags still found stay
    as they are (same id and date found), stale ones go, new ones are added."""
    scope = _flag_scope(indicators, regions, first, last).filter(status=FlagStatus.OPEN)
    wanted = {(*f.key, f.rule): f for f in fresh}
    existing = {}
    for row in scope.values("pk", "indicator_id", "region_id", "year", "month", "rule",
                            "message", "expected", "actual"):
        key = (row["indicator_id"], row["region_id"], row["year"], row["month"], row["rule"])
        existing[key] = row
    stale = {row["pk"] for key, row in existing.items()
             if key not in wanted or _differs(row, wanted[key])}
    stale_ids = sorted(stale)
    for start in range(0, len(stale_ids), WRITE_BATCH):
        CheckFlag.objects.filter(pk__in=stale_ids[start:start + WRITE_BATCH]).delete()
    new = [f for key, f in wanted.items()
           if key not in existing or existing[key]["pk"] in stale]
    store.fill_ids(rows, {f.key for f in new})
    CheckFlag.objects.bulk_create([
        CheckFlag(observation_id=rows[f.key].pk, indicator_id=f.key[0], region_id=f.key[1],
                  year=f.key[2], month=f.key[3], rule=f.rule, message=f.message[:255],
                  expected=f.expected, actual=f.actual)
        for f in new], batch_size=WRITE_BATCH)
    return len(fresh)


def _differs(row: dict, finding: rules.Finding) -> bool:
    return (row["message"] != finding.message[:255] or row["expected"] != finding.expected
            or row["actual"] != finding.actual)


def record_observation(*, actor, indicator: Indicator, region: Region, period: Period | str,
                       value: Decimal | None = None, cumulative: Decimal | None = None,
                       yoy_reported: Decimal | None = None, yoy_comparable: bool = False,
                       source_name: str = "") -> Observation:
    """Enter one observation's figures (those given; None leaves a figure as it is)."""
    year, month = release_month(period, indicator)
    figures = {name: v for name, v in (("value", value), ("cumulative", cumulative),
                                       ("yoy_reported", yoy_reported)) if v is not None}
    if not figures:
        raise InvalidInput("请至少填写当月值、累计值或同比之一", field="value")
    if yoy_reported is not None:
        figures["yoy_comparable"] = yoy_comparable
    entry = Entry(indicator, region.code, year, month, figures, source_name=source_name)
    return apply_entries([entry], actor=actor).observations[0]


def accept_fact(*, actor, indicator: Indicator, region: Region, period: Period | str,
                value: Decimal | int | float | str, value_kind: str = "",
                comparable: bool = False, source_name: str = "", source_text: str = "",
                span: tuple[int, int] | list[int] | None = None) -> Observation:
    """Create or update an observation from a fact extracted from a text.

    ``value_kind`` is "value" (当月值), "cumulative" (累计值) or "yoy" (同比 %); when empty
    it is "yoy" for a % fact and otherwise "cumulative" for a 1-N月/上半年 period, else
    "value". ``span`` is the fact's [start, end) in the source text, kept on the observation
    with ``source_text`` (the quoted words) and ``source_name`` (the file or title).
    """
    period = _parse_period(period)
    year, month = release_month(period, indicator)
    kind = value_kind or ("cumulative" if period_is_cumulative(period) else "value")
    if kind not in VALUE_KINDS:
        raise InvalidInput(f"数值类型“{value_kind}”无效，应为 value、cumulative 或 yoy",
                           field="value_kind")
    try:
        number = Decimal(str(value))
    except InvalidOperation as exc:
        raise InvalidInput(f"数值“{value}”不是数字", field="value") from exc
    figures: dict = {"yoy_reported": number, "yoy_comparable": comparable} if kind == "yoy" \
        else {kind: number}
    start, end = (span[0], span[1]) if span else (None, None)
    entry = Entry(indicator, region.code, year, month, figures, source_name=source_name,
                  source_text=source_text, source_start=start, source_end=end)
    return apply_entries([entry], actor=actor).observations[0]


@transaction.atomic
def delete_observation(*, actor, observation: Observation) -> None:
    require_manage(actor)
    indicator, region_id, year = observation.indicator, observation.region_id, observation.year
    audit.record(actor=actor, action="delete", obj=observation,
                 before=audit.snapshot(observation, _AUDITED))
    observation.delete()
    recompute(indicators=[indicator], region_ids=[region_id], years=[year, year + 1])


def recompute(*, indicators: Iterable[Indicator], region_ids: Iterable[str],
              years: Iterable[int]) -> int:
    """Recompute derived figures and flags of the given series and years; returns flags."""
    indicators = {i.pk: i for i in indicators}
    regions, years = set(region_ids), sorted(set(years))
    if not (indicators and regions and years):
        return 0
    with transaction.atomic():
        rows = store.load_rows(list(indicators), sorted(regions), years[0] - 1, years[-1] + 1)
        originals = {key: row.state() for key, row in rows.items()}
        findings = _recompute(rows, indicators, years[0], years[-1])
        fresh = _count_flags(rows, findings, indicators, regions, years[0], years[-1])
        store.upsert_rows([row for key, row in rows.items() if row.state() != originals[key]])
        return _replace_flags(rows, fresh, indicators, regions, years[0], years[-1])


def indicator_by_code(code: str) -> Indicator:
    indicator = Indicator.objects.filter(code=code).first()
    if indicator is None:
        raise NotFound(f"指标“{code}”不存在")
    return indicator
