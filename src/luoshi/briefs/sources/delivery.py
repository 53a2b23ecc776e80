"""Plan delivery for a brief: the lights of the region's plans in the month, and the red
items by lead unit."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count
from django.urls import reverse

from luoshi.briefs.figures import Figure, Source
from luoshi.core.models import Region
from luoshi.core.periods import Period
from luoshi.plans.models import REPORTED_KINDS, Plan
from luoshi.progress.models import NodeStatus, ProgressReport

ROWS_KEPT = 200  # rows a figure keeps as they were; the ids are kept in full


def delivery(region: Region, month: Period) -> dict | None:
    plans = list(Plan.objects.filter(region__code__startswith=region.code_prefix,
                                     start_date__lte=month.end_date(),
                                     end_date__gte=month.start_date()).order_by("id"))
    if not plans:
        return None
    statuses = list(NodeStatus.objects
                    .filter(plan__in=plans, period=month.code, node__kind__in=REPORTED_KINDS,
                            node__lead_unit__isnull=False)
                    .select_related("node__lead_unit", "node__plan")
                    .order_by("node__plan_id", "node__outline"))
    if not statuses:
        return None
    by_light = defaultdict(list)
    for status in statuses:
        by_light[status.light].append(status)
    names = {"green": "绿灯", "yellow": "黄灯", "red": "红灯"}
    figures = {light: _node_count(f"delivery.{light}", f"{region.name}{month.label_zh()}{label}任务",
                                  by_light.get(light, []))
               for light, label in names.items()}
    red_by_unit = defaultdict(list)
    for status in by_light.get("red", []):
        red_by_unit[status.node.lead_unit].append(status)
    reports = ProgressReport.objects.filter(node__plan__in=plans, period=month.code)
    late = reports.filter(is_late=True).aggregate(n=Count("id"))["n"]
    return {
        "plans": Figure("delivery.plans", "在期方案", Decimal(len(plans)), "个", (Source(
            "在期方案", "plans.Plan", tuple(p.pk for p in plans),
            rows=tuple({"方案": p.title} for p in plans[:ROWS_KEPT])),)),
        "nodes": _node_count("delivery.nodes", "参与评价的任务", statuses),
        **figures,
        "red_by_unit": [
            {"unit": unit.short_name or unit.name,
             "count": _node_count(f"delivery.red.{unit.code}", f"{unit.name}红灯任务", items),
             "items": [s.node.title for s in items]}
            for unit, items in sorted(red_by_unit.items(), key=lambda kv: (-len(kv[1]), kv[0].name))],
        "late": Figure("delivery.late", "逾期报送的报告", Decimal(late), "份", (Source(
            "逾期报送的报告", "progress.ProgressReport",
            tuple(reports.filter(is_late=True).values_list("pk", flat=True))),)),
    }


def _node_count(key: str, label: str, statuses: list[NodeStatus]) -> Figure:
    return Figure(key, label, Decimal(len(statuses)), "项", (Source(
        label, "plans.PlanNode", tuple(s.node_id for s in statuses),
        url=reverse("plan_tree", args=[statuses[0].node.plan_id]) if statuses else "",
        rows=tuple({"任务": f"{s.node.number}{s.node.title}", "牵头单位": s.node.lead_unit.name,
                    "状态": s.get_light_display()} for s in statuses[:ROWS_KEPT])),))
