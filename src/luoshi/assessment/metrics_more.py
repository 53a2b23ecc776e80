"""Metrics from the other apps: projects' investment against plan, supervision orders closed
on time, enterprise appeals answered on time, and the region's indicator targets.

Each is set-based like the metrics in ``metrics.py``: a fixed few queries for all units.
Appeals go through ``service.statistics.appeal_figures``, the same figures the appeal
statistics page shows. The projects, supervision and indicators apps have no per-unit
aggregate in their services yet, so those metrics read their models (read only).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, QuerySet, Sum

from luoshi.assessment.metrics import CENT, MetricValue, ratio_values, register
from luoshi.core.periods import Period
from luoshi.orgs.models import Unit, UnitKind


def _money(value: Decimal) -> str:
    return f"{value.quantize(CENT, ROUND_HALF_UP).normalize():f}"


@register("project_investment", "项目投资完成率",
          "本单位牵头的项目年内累计完成投资 ÷ 序时计划投资（年度计划投资 × 期末月份 ÷ 12）× 100，"
          "即“时间过半、任务过半”的完成程度，可超过100（得分以满分为限）；"
          "本年度没有计划投资的单位为“无数据”。")
def project_investment(units: QuerySet, period: Period) -> dict[int, MetricValue]:
    from luoshi.projects.models import MonthlyInvestment, YearPlan

    planned = dict(YearPlan.objects.filter(project__lead_unit_id__in=units, year=period.year)
                   .values_list("project__lead_unit_id").annotate(total=Sum("amount")).order_by())
    done = dict(MonthlyInvestment.objects
                .filter(project__lead_unit_id__in=units, year=period.year, month__lte=period.last_month)
                .values_list("project__lead_unit_id").annotate(total=Sum("completed")).order_by())
    values = {}
    for unit, plan in planned.items():
        due = plan * period.last_month / 12
        completed = done.get(unit) or Decimal(0)
        value = (Decimal(100) * completed / due).quantize(CENT, ROUND_HALF_UP) if due > 0 else None
        values[unit] = MetricValue(value, f"完成{_money(completed)}万元 / 序时计划{_money(due)}万元")
    return values


@register("orders_on_time", "督办事项按期办结率",
          "办理时限在期内的督办单中按期销号的比例：销号日期不晚于办理时限的督办单数 ÷ "
          "期内到期的督办单数 × 100；期内没有到期督办单的单位为“无数据”。")
def orders_on_time(units: QuerySet, period: Period) -> dict[int, MetricValue]:
    from luoshi.supervision.models import SupervisionOrder

    rows = (SupervisionOrder.objects
            .filter(unit_id__in=units, deadline__gte=period.start_date(), deadline__lte=period.end_date())
            .values_list("unit_id")
            .annotate(met=Count("id", filter=Q(closed_on__lte=F("deadline"))), total=Count("id"))
            .order_by())
    return ratio_values({unit: (met, total) for unit, met, total in rows}, "按期销号")


@register("appeals_on_time", "企业诉求按期办理率",
          "期内受理、交办给本单位的企业诉求中按期答复的比例：在办理时限内答复的诉求数 ÷"
          "（已答复数 + 已超期未答复数）× 100，尚未到期的在办诉求不计；与“诉求统计”页的口径一致；"
          "期内没有应办结诉求的单位为“无数据”。")
def appeals_on_time(units: QuerySet, period: Period) -> dict[int, MetricValue]:
    from luoshi.service.models import Appeal
    from luoshi.service.statistics import appeal_figures, appeals_received_in

    figures = appeal_figures(appeals_received_in(Appeal.objects.filter(unit_id__in=units), period),
                             by="unit", today=period.end_date())
    return ratio_values({f.key: (f.on_time, f.answered + f.overdue) for f in figures if f.key},
                        "按期答复")


@register("indicator_targets", "经济指标目标完成度",
          "县区政府所在区划各项有年度目标值的经济指标，期末月份的累计值 ÷ 序时目标（年度目标 × "
          "期末月份 ÷ 12）× 100，每项以100为限后取平均；区划没有目标或没有数据的为“无数据”。"
          "只对县区政府计算。")
def indicator_targets(units: QuerySet, period: Period) -> dict[int, MetricValue]:
    from luoshi.indicators.models import IndicatorTarget, Observation

    regions = dict(Unit.objects.filter(pk__in=units, kind=UnitKind.COUNTY_GOV).values_list("id", "region_id"))
    targets = {(i, r): v for i, r, v in IndicatorTarget.objects.filter(
        region_id__in=set(regions.values()), year=period.year, value__gt=0)
        .values_list("indicator_id", "region_id", "value")}
    actual = {(i, r): c for i, r, c in Observation.objects.filter(
        region_id__in=set(regions.values()), year=period.year, month=period.last_month,
        cumulative__isnull=False).values_list("indicator_id", "region_id", "cumulative")}
    paces: dict[str, list[Decimal]] = defaultdict(list)
    for (indicator, region), target in targets.items():
        if (indicator, region) in actual:
            due = target * period.last_month / 12
            paces[region].append(min(Decimal(100), Decimal(100) * actual[(indicator, region)] / due))
    values = {}
    for unit, region in regions.items():
        found = paces.get(region, [])
        value = (sum(found) / len(found)).quantize(CENT, ROUND_HALF_UP) if found else None
        values[unit] = MetricValue(value, f"有目标且有数据的指标{len(found)}项")
    return values

