"""The computation of a period: metric values → points → totals → ranks → movement.

Scores and results of a (scheme, period) are derived data, rebuilt from scratch each time
from the metrics, the hand-entered values and the adjustments, then written in bulk. A fixed
number of queries whatever the number of units: the categories and members, one set-based
call per metric used, the hand-entered values, the adjustments, the previous period's ranks,
the deletes and the batched inserts.

``compute(fresh=False)`` does the same without asking the metrics again: it takes their
values from the stored scores. ``rescore_if_computed`` goes further after an adjustment or a
hand-entered value: only the units concerned are scored again and only their categories
re-ranked (ranks are within a category), writing the rows a full rescore would write.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum
from django.utils import timezone

from luoshi.assessment.metrics import CENT, MetricValue, get_metric
from luoshi.assessment.models import (
    Adjustment,
    Category,
    Criterion,
    ManualValue,
    Member,
    Result,
    Scheme,
    Score,
)
from luoshi.assessment.periods import parse_assessment_period, previous_period
from luoshi.core.periods import Period, PeriodKind

BATCH = 2000
NO_DATA = "无数据"


@dataclass
class Summary:
    period: str
    units: int = 0
    scores: int = 0
    seconds: float = 0.0
    metric_seconds: dict[str, float] = field(default_factory=dict)


def points_for(criterion: Criterion, value: Decimal | None) -> Decimal:
    """weight × the share of the way from ``zero_at`` to ``full_at`` (clamped to 0–1).

    With the defaults (0 → 100) a percentage gives its share of the weight: 85 % of a
    20-point criterion is 17 points. ``full_at`` below ``zero_at`` means lower is better.
    No value (无数据) gives 0 points.
    """
    if value is None:
        return Decimal(0).quantize(CENT)
    share = (value - criterion.zero_at) / (criterion.full_at - criterion.zero_at)
    share = min(max(share, Decimal(0)), Decimal(1))
    return (criterion.weight * share).quantize(CENT, ROUND_HALF_UP)


@dataclass
class _Setup:
    categories: list[Category]
    criteria: dict[int, list[Criterion]]  # category id → criteria
    members: dict[int, int]  # unit id → category id
    order: dict[int, tuple]  # unit id → tie-break key


def _setup(scheme: Scheme) -> _Setup:
    categories = list(scheme.categories.prefetch_related("criteria"))
    rows = (Member.objects.filter(scheme=scheme)
            .values_list("unit_id", "category_id", "unit__sort_order", "unit__code"))
    return _Setup(categories=categories,
                  criteria={c.pk: list(c.criteria.all()) for c in categories},
                  members={unit: category for unit, category, *_ in rows},
                  order={unit: (sort, code) for unit, _category, sort, code in rows})


def _fresh_metric_values(scheme: Scheme, setup: _Setup, period: Period,
                         summary: Summary) -> dict[tuple[int, int], MetricValue]:
    by_metric: dict[str, list[Criterion]] = defaultdict(list)
    for criteria in setup.criteria.values():
        for criterion in criteria:
            if not criterion.is_manual:
                by_metric[criterion.metric].append(criterion)
    values: dict[tuple[int, int], MetricValue] = {}
    for key, criteria in by_metric.items():
        metric = get_metric(key)
        if metric is None:  # a metric whose app was removed: no data rather than a crash
            continue
        units = (Member.objects.filter(scheme=scheme, category_id__in={c.category_id for c in criteria})
                 .values("unit_id"))
        started = time.perf_counter()
        computed = metric.compute(units, period)
        summary.metric_seconds[key] = round(time.perf_counter() - started, 3)
        for criterion in criteria:
            for unit, value in computed.items():
                values[(criterion.pk, unit)] = value
    return values


def _of_units(rows, units: Collection[int] | None):
    return rows if units is None else rows.filter(unit_id__in=units)


def _stored_metric_values(scheme: Scheme, code: str,
                          units: Collection[int] | None = None) -> dict[tuple[int, int], MetricValue]:
    rows = (_of_units(Score.objects.filter(scheme=scheme, period=code), units)
            .exclude(criterion__metric="manual")
            .values_list("criterion_id", "unit_id", "value", "basis"))
    return {(c, u): MetricValue(v, b) for c, u, v, b in rows}


def _manual_values(scheme: Scheme, code: str,
                   units: Collection[int] | None = None) -> dict[tuple[int, int], MetricValue]:
    rows = (_of_units(ManualValue.objects.filter(criterion__category__scheme=scheme, period=code), units)
            .values_list("criterion_id", "unit_id", "value", "note"))
    return {(c, u): MetricValue(v, f"手工录入{'：' + note if note else ''}") for c, u, v, note in rows}


def _adjustments(scheme: Scheme, code: str,
                 units: Collection[int] | None = None) -> dict[tuple[int, int], Decimal]:
    rows = (_of_units(Adjustment.objects.filter(criterion__category__scheme=scheme, period=code), units)
            .values_list("criterion_id", "unit_id").annotate(total=Sum("points")).order_by())
    return {(c, u): total for c, u, total in rows}


def _scores(scheme: Scheme, code: str, setup: _Setup, values: dict[tuple[int, int], MetricValue],
            adjustments: dict[tuple[int, int], Decimal]) -> list[Score]:
    """The scores of ``setup.members``."""
    scores = []
    for unit, category in setup.members.items():
        for criterion in setup.criteria.get(category, []):
            found = values.get((criterion.pk, unit))
            value = found.value if found else None
            basis = found.basis if found else NO_DATA
            if value is None and not basis.startswith(NO_DATA):
                basis = f"{NO_DATA}（{basis}）"
            points = points_for(criterion, value)
            adjustment = adjustments.get((criterion.pk, unit), Decimal(0))
            # ids, not instances: 20,000 foreign-key assignments through descriptors cost seconds
            scores.append(Score(scheme_id=scheme.pk, criterion_id=criterion.pk, unit_id=unit, period=code,
                                value=value, basis=basis[:255], points=points,
                                adjustment=adjustment, final=points + adjustment))
    return scores


def _previous_ranks(scheme: Scheme, period: Period) -> dict[int, tuple[int, int]]:
    before = previous_period(period)
    if before is None:
        return {}
    rows = Result.objects.filter(scheme=scheme, period=before.code).values_list("unit_id", "category_id", "rank")
    return {unit: (category, rank) for unit, category, rank in rows}


def rank_within(totals: dict[int, Decimal], order: dict[int, tuple]) -> list[tuple[int, int]]:
    """``(unit, rank)`` best first; equal totals share a rank (1, 2, 2, 4)."""
    ordered = sorted(totals, key=lambda u: (-totals[u], order.get(u, ())))
    ranks, previous, rank = [], None, 0
    for position, unit in enumerate(ordered, start=1):
        if totals[unit] != previous:
            rank, previous = position, totals[unit]
        ranks.append((unit, rank))
    return ranks


def _totals(scores: list[Score], units: Iterable[int]) -> dict[int, Decimal]:
    totals: dict[int, Decimal] = {unit: Decimal(0).quantize(CENT) for unit in units}
    for score in scores:
        totals[score.unit_id] += score.final
    return totals


def _results(scheme: Scheme, period: Period, setup: _Setup, scores: list[Score]) -> list[Result]:
    totals = _totals(scores, setup.members)
    by_category: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for unit, category in setup.members.items():
        by_category[category][unit] = totals[unit]
    previous, now = _previous_ranks(scheme, period), timezone.now()
    results = []
    for category, category_totals in by_category.items():
        for position, (unit, rank) in enumerate(rank_within(category_totals, setup.order), start=1):
            before = previous.get(unit)
            before_rank = before[1] if before and before[0] == category else None
            results.append(Result(scheme_id=scheme.pk, category_id=category, unit_id=unit, period=period.code,
                                  total=category_totals[unit], rank=rank, position=position,
                                  previous_rank=before_rank,
                                  movement=None if before_rank is None else before_rank - rank,
                                  computed_at=now))
    return results


def _next_movement(scheme: Scheme, period: Period, results: list[Result],
                   categories: Collection[int] | None = None) -> None:
    """The quarter after keeps its movement true when this one is recomputed. With
    ``categories``, only those were re-ranked (``results`` holds theirs): a unit of the
    quarter after in another category had no movement from them, and still has none."""
    if period.kind is not PeriodKind.QUARTER or period.number == 4:
        return
    following = Result.objects.filter(scheme=scheme, period=Period.of_quarter(period.year, period.number + 1).code)
    if categories is not None:
        following = following.filter(category_id__in=categories)
    ranks = {r.unit_id: (r.category_id, r.rank) for r in results}
    changed = []
    for result in following:  # whole rows: they are written back whole
        before = ranks.get(result.unit_id)
        before_rank = before[1] if before and before[0] == result.category_id else None
        movement = None if before_rank is None else before_rank - result.rank
        if (result.previous_rank, result.movement) != (before_rank, movement):
            result.previous_rank, result.movement = before_rank, movement
            changed.append(result)
    _rewrite(changed)


def _rewrite(results: list[Result]) -> None:
    """Store changed results, keeping their ids. Deleted and inserted again rather than
    ``bulk_update``: its CASE over thousands of ids costs seconds in Django and in the
    database, where one DELETE and one INSERT take milliseconds."""
    for start in range(0, len(results), BATCH):
        Result.objects.filter(pk__in=[r.pk for r in results[start:start + BATCH]]).delete()
    Result.objects.bulk_create(results, batch_size=BATCH)


def _write(scheme: Scheme, period: Period, scores: list[Score], results: list[Result]) -> None:
    Score.objects.filter(scheme=scheme, period=period.code).delete()
    Result.objects.filter(scheme=scheme, period=period.code).delete()
    Score.objects.bulk_create(scores, batch_size=BATCH)
    Result.objects.bulk_create(results, batch_size=BATCH)
    _next_movement(scheme, period, results)


def _lock(scheme: Scheme) -> None:
    # Two computations of one scheme at once would delete and insert each other's rows:
    # the scheme's row lock makes the second wait for the first (PostgreSQL; SQLite has
    # one writer anyway).
    Scheme.objects.select_for_update().filter(pk=scheme.pk).values_list("pk", flat=True).first()


def compute(scheme: Scheme, code: str, *, fresh: bool = True) -> Summary:
    """Rebuild the period's scores and results (the caller holds the transaction)."""
    started = time.perf_counter()
    period = parse_assessment_period(code, scheme.year)
    _lock(scheme)
    summary = Summary(period=period.code)
    setup = _setup(scheme)
    values = (_fresh_metric_values(scheme, setup, period, summary) if fresh
              else _stored_metric_values(scheme, period.code))
    values.update(_manual_values(scheme, period.code))
    scores = _scores(scheme, period.code, setup, values, _adjustments(scheme, period.code))
    results = _results(scheme, period, setup, scores)
    _write(scheme, period, scores, results)
    summary.units, summary.scores = len(results), len(scores)
    summary.seconds = round(time.perf_counter() - started, 2)
    return summary


# Beyond this many units changed at once (a sheet of values imported), re-ranking only their
# categories saves little: the whole period is rescored.
PARTIAL_RESCORE_MAX_UNITS = 200


def rescore_if_computed(scheme: Scheme, code: str, units: Collection[int] | None = None) -> None:
    """After hand-entered values or adjustments of ``units`` (None: unknown): the period's
    ranking follows, if it has one. Those units are scored again and their categories
    re-ranked; the whole period is rescored instead when many units changed or when the
    stored rows no longer match the scheme's members and criteria (edited since the last
    computation)."""
    if not Result.objects.filter(scheme=scheme, period=code).exists():
        return
    units = None if units is None else set(units)
    if units is None or len(units) > PARTIAL_RESCORE_MAX_UNITS or not _rescore_units(scheme, code, units):
        compute(scheme, code, fresh=False)


def _rescore_units(scheme: Scheme, code: str, units: set[int]) -> bool:
    """Score ``units`` again from the stored metric values, the hand-entered values and the
    adjustments, and re-rank their categories, writing what ``compute(fresh=False)`` would:
    the units' scores, the categories' changed results (total, rank, position, movement) and
    the next quarter's movement in those categories. Returns False, having written nothing,
    when the stored rows are not those of the current setup: then only a full rescore is right."""
    period = parse_assessment_period(code, scheme.year)
    _lock(scheme)
    unit_category = dict(Member.objects.filter(scheme=scheme, unit_id__in=units)
                         .values_list("unit_id", "category_id"))
    if set(unit_category) != units:
        return False
    categories = set(unit_category.values())
    criteria: dict[int, list[Criterion]] = {category: [] for category in categories}
    for criterion in Criterion.objects.filter(category_id__in=categories):
        criteria[criterion.category_id].append(criterion)
    members = list(Member.objects.filter(category_id__in=categories)
                   .values_list("unit_id", "category_id", "unit__sort_order", "unit__code"))
    in_category = {unit: category for unit, category, *_ in members}
    setup = _Setup(categories=[], criteria=criteria, members=unit_category,
                   order={unit: (sort, unit_code) for unit, _category, sort, unit_code in members})
    results = {r.unit_id: r for r in Result.objects.filter(scheme=scheme, period=code, category_id__in=categories)}
    if {unit: r.category_id for unit, r in results.items()} != in_category:
        return False
    totals = _stored_totals(scheme, code, criteria, in_category)
    if totals is None:
        return False

    values = _stored_metric_values(scheme, code, units)
    values.update(_manual_values(scheme, code, units))
    scores = _scores(scheme, code, setup, values, _adjustments(scheme, code, units))
    Score.objects.filter(scheme=scheme, period=code, unit_id__in=units).delete()
    Score.objects.bulk_create(scores, batch_size=BATCH)

    totals.update(_totals(scores, units))
    now, changed, ranked = timezone.now(), [], []
    for category in categories:
        category_totals = {unit: totals[unit] for unit, c in in_category.items() if c == category}
        for position, (unit, rank) in enumerate(rank_within(category_totals, setup.order), start=1):
            result = results[unit]
            movement = None if result.previous_rank is None else result.previous_rank - rank
            if (result.total, result.rank, result.position, result.movement) != (
                    totals[unit], rank, position, movement):
                result.total, result.rank, result.position = totals[unit], rank, position
                result.movement, result.computed_at = movement, now
                changed.append(result)
            ranked.append(result)
    _rewrite(changed)
    _next_movement(scheme, period, ranked, categories)
    return True


def _stored_totals(scheme: Scheme, code: str, criteria: dict[int, list[Criterion]],
                   in_category: dict[int, int]) -> dict[int, Decimal] | None:
    """Each member's total from its stored scores, if those are what the categories' current
    criteria make: one score per member and criterion, with the points that the criterion's
    weight and range give its value. None if the criteria were edited since."""
    by_pk = {c.pk: c for category_criteria in criteria.values() for c in category_criteria}
    totals = {unit: Decimal(0).quantize(CENT) for unit in in_category}
    seen = 0
    rows = (Score.objects.filter(scheme=scheme, period=code, criterion__category_id__in=set(in_category.values()))
            .values_list("criterion_id", "unit_id", "value", "points", "final"))
    for criterion_id, unit, value, points, final in rows.iterator(chunk_size=BATCH):
        criterion = by_pk.get(criterion_id)
        if (criterion is None or in_category.get(unit) != criterion.category_id
                or points != points_for(criterion, value)):
            return None
        totals[unit] += final
        seen += 1
    if seen != sum(len(criteria[category]) for category in in_category.values()):
        return None
    return totals
