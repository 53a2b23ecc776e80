"""The computation of a period: metric values → points → totals → ranks → movement.

Scores and results of a (scheme, period) are derived data, rebuilt from scratch each time
from the metrics, the hand-entered values and the adjustments, then written in bulk. A fixed
number of queries whatever the number of units: the categories and members, one set-based
call per metric used, the hand-entered values, the adjustments, the previous period's ranks,
the deletes and the batched inserts.

``rescore`` does the same without asking the metrics again: it takes their values from the
stored scores, so an adjustment or a hand-entered value moves the ranking at once.
"""

from __future__ import annotations

import time
from collections import defaultdict
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


def _stored_metric_values(scheme: Scheme, code: str) -> dict[tuple[int, int], MetricValue]:
    rows = (Score.objects.filter(scheme=scheme, period=code).exclude(criterion__metric="manual")
            .values_list("criterion_id", "unit_id", "value", "basis"))
    return {(c, u): MetricValue(v, b) for c, u, v, b in rows}


def _manual_values(scheme: Scheme, code: str) -> dict[tuple[int, int], MetricValue]:
    rows = (ManualValue.objects.filter(criterion__category__scheme=scheme, period=code)
            .values_list("criterion_id", "unit_id", "value", "note"))
    return {(c, u): MetricValue(v, f"手工录入{'：' + note if note else ''}") for c, u, v, note in rows}


def _adjustments(scheme: Scheme, code: str) -> dict[tuple[int, int], Decimal]:
    rows = (Adjustment.objects.filter(criterion__category__scheme=scheme, period=code)
            .values_list("criterion_id", "unit_id").annotate(total=Sum("points")).order_by())
    return {(c, u): total for c, u, total in rows}


def _scores(scheme: Scheme, code: str, setup: _Setup,
            values: dict[tuple[int, int], MetricValue]) -> list[Score]:
    adjustments = _adjustments(scheme, code)
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


def _results(scheme: Scheme, period: Period, setup: _Setup, scores: list[Score]) -> list[Result]:
    totals: dict[int, Decimal] = {unit: Decimal(0).quantize(CENT) for unit in setup.members}
    for score in scores:
        totals[score.unit_id] += score.final
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


def _next_movement(scheme: Scheme, period: Period, results: list[Result]) -> None:
    """The quarter after keeps its movement true when this one is recomputed."""
    if period.kind is not PeriodKind.QUARTER or period.number == 4:
        return
    following = Result.objects.filter(scheme=scheme, period=Period.of_quarter(period.year, period.number + 1).code)
    ranks = {r.unit_id: (r.category_id, r.rank) for r in results}
    changed = []
    for result in following.only("id", "unit_id", "category_id", "rank", "previous_rank", "movement"):
        before = ranks.get(result.unit_id)
        before_rank = before[1] if before and before[0] == result.category_id else None
        movement = None if before_rank is None else before_rank - result.rank
        if (result.previous_rank, result.movement) != (before_rank, movement):
            result.previous_rank, result.movement = before_rank, movement
            changed.append(result)
    Result.objects.bulk_update(changed, ["previous_rank", "movement"], batch_size=BATCH)


def _write(scheme: Scheme, period: Period, scores: list[Score], results: list[Result]) -> None:
    Score.objects.filter(scheme=scheme, period=period.code).delete()
    Result.objects.filter(scheme=scheme, period=period.code).delete()
    Score.objects.bulk_create(scores, batch_size=BATCH)
    Result.objects.bulk_create(results, batch_size=BATCH)
    _next_movement(scheme, period, results)


def compute(scheme: Scheme, code: str, *, fresh: bool = True) -> Summary:
    """Rebuild the period's scores and results (the caller holds the transaction)."""
    started = time.perf_counter()
    period = parse_assessment_period(code, scheme.year)
    # Two computations of one scheme at once would delete and insert each other's rows:
    # the scheme's row lock makes the second wait for the first (PostgreSQL; SQLite has
    # one writer anyway).
    Scheme.objects.select_for_update().filter(pk=scheme.pk).values_list("pk", flat=True).first()
    summary = Summary(period=period.code)
    setup = _setup(scheme)
    values = (_fresh_metric_values(scheme, setup, period, summary) if fresh
              else _stored_metric_values(scheme, period.code))
    values.update(_manual_values(scheme, period.code))
    scores = _scores(scheme, period.code, setup, values)
    results = _results(scheme, period, setup, scores)
    _write(scheme, period, scores, results)
    summary.units, summary.scores = len(results), len(scores)
    summary.seconds = round(time.perf_counter() - started, 2)
    return summary


def rescore_if_computed(scheme: Scheme, code: str) -> None:
    """After a hand-entered value or an adjustment: the period's ranking follows, if it has one."""
    if Result.objects.filter(scheme=scheme, period=code).exists():
        compute(scheme, code, fresh=False)

