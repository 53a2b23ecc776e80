"""The metric registry: criteria computed from the platform's own data.

A metric computes, for every unit of a set and one assessment period, a value and the basis
it was made from ("绿灯 12 / 15"), or no value at all when the unit has nothing to measure
(shown as 无数据). It is set-based: ``units`` is a queryset of unit ids used as a subquery,
and a metric issues a fixed handful of queries whatever the number of units, so a scheme of
5,000 units computes in seconds. Values are percentages (0–100) unless ``raw`` says
otherwise; the criterion's scoring rule turns a value into points.

Other apps' metrics are added in ``luoshi.assessment.metrics_more`` once their data exists;
they reach those apps only through their services and queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, QuerySet

from luoshi.core.periods import Period
from luoshi.plans.models import REPORTED_KINDS, Milestone, PlanNode
from luoshi.progress.models import Light, NodeStatus, ProgressReport

CENT = Decimal("0.01")


@dataclass(frozen=True)
class MetricValue:
    value: Decimal | None  # None: the unit has nothing this metric measures (无数据)
    basis: str


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    rule: str  # how the value is made, as the user guide and the breakdown page say it
    compute: Callable[[QuerySet, Period], dict[int, MetricValue]]
    unit_label: str = "%"


REGISTRY: dict[str, Metric] = {}


def register(key: str, label: str, rule: str, unit_label: str = "%"):
    def wrap(function):
        REGISTRY[key] = Metric(key, label, rule, function, unit_label)
        return function
    return wrap


def share(part: int, whole: int) -> Decimal:
    return (Decimal(100) * part / whole).quantize(CENT, ROUND_HALF_UP)


def ratio_values(counts: dict[int, tuple[int, int]], label: str) -> dict[int, MetricValue]:
    """``{unit: (part, whole)}`` → a percentage each; a unit with a whole of 0 has no value."""
    return {unit: MetricValue(share(part, whole) if whole else None, f"{label} {part} / {whole}")
            for unit, (part, whole) in counts.items()}


def month_codes(period: Period) -> list[str]:
    return [Period.of_month(period.year, m).code for m in period.months()]


@register("nodes_green", "条目绿灯率",
          "期末月份本单位牵头的报送条目中亮绿灯的比例：绿灯数 ÷ 已评价（红黄绿）条目数 × 100；"
          "没有已评价条目的单位为“无数据”。")
def nodes_green(units: QuerySet, period: Period) -> dict[int, MetricValue]:
    last_month = Period.of_month(period.year, period.last_month).code
    rows = (NodeStatus.objects
            .filter(period=last_month, node__lead_unit_id__in=units, node__kind__in=REPORTED_KINDS)
            .exclude(light=Light.NONE)
            .values_list("node__lead_unit_id")
            .annotate(green=Count("id", filter=Q(light=Light.GREEN)), total=Count("id")))
    return ratio_values({unit: (green, total) for unit, green, total in rows}, "绿灯")


def reports_due(units: QuerySet, period: Period) -> dict[int, int]:
    """Monthly reports due from each lead unit in the period: its reported nodes times the
    period's months that fall within each node's plan."""
    months = [(Period.of_month(period.year, m).start_date(), Period.of_month(period.year, m).end_date())
              for m in period.months()]
    rows = (PlanNode.objects
            .filter(lead_unit_id__in=units, kind__in=REPORTED_KINDS,
                    plan__start_date__lte=period.end_date(), plan__end_date__gte=period.start_date())
            .values_list("lead_unit_id", "plan__start_date", "plan__end_date")
            .annotate(n=Count("id")))
    due: dict[int, int] = defaultdict(int)
    for unit, start, end, n in rows:
        due[unit] += n * sum(1 for first, last in months if start <= last and end >= first)
    return due


@register("reports_on_time", "按时报送率",
          "期内各月应报的进展报告中按时报送的比例：首次报送日期不晚于报送截止日的报告数 ÷ "
          "应报数（本单位牵头的报送条目 × 期内方案执行的月数）× 100；缺报按未按时计；"
          "期内没有应报报告的单位为“无数据”。")
def reports_on_time(units: QuerySet, period: Period) -> dict[int, MetricValue]:
    due = reports_due(units, period)
    on_time = dict(ProgressReport.objects
                   .filter(unit_id__in=units, period__in=month_codes(period),
                           node__kind__in=REPORTED_KINDS, submitted_at__isnull=False,
                           submitted_at__date__lte=F("deadline"))
                   .values_list("unit_id").annotate(n=Count("id")))
    return ratio_values({unit: (min(on_time.get(unit, 0), n), n) for unit, n in due.items()},
                        "按时报送")


@register("milestones_on_time", "节点目标按期完成率",
          "完成时限在期内的节点目标中按期完成的比例：完成日期不晚于完成时限的节点数 ÷ "
          "期内到期的节点数 × 100；期内没有到期节点的单位为“无数据”。")
def milestones_on_time(units: QuerySet, period: Period) -> dict[int, MetricValue]:
    rows = (Milestone.objects
            .filter(node__lead_unit_id__in=units, due_on__gte=period.start_date(),
                    due_on__lte=period.end_date())
            .values_list("node__lead_unit_id")
            .annotate(met=Count("id", filter=Q(done_on__lte=F("due_on"))), total=Count("id")))
    return ratio_values({unit: (met, total) for unit, met, total in rows}, "按期完成")


def metric_choices() -> list[tuple[str, str]]:
    from luoshi.assessment import metrics_more  # noqa: F401  (registers the other apps' metrics)

    return [(m.key, m.label) for m in REGISTRY.values()]


def get_metric(key: str) -> Metric | None:
    metric_choices()
    return REGISTRY.get(key)
