"""Plan delivery for a brief: the lights of the region's plans in the month, and the red
items by lead unit."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from django.urls import reverse

from luoshi.briefs.figures import Figure, Source, unit_tally
from luoshi.core.models import Region
from luoshi.core.periods import Period
from luoshi.plans.models import REPORTED_KINDS, Plan
from luoshi.progress.models import Light, NodeStatus, ProgressReport

ROWS_KEPT = 200  # rows a figure keeps as they were; the ids are kept in full


class _Unit(NamedTuple):
    code: str
    name: str
    short_name: str


class _Status(NamedTuple):
    node_id: int
    light: str
    plan_id: int
    number: str
    title: str
    unit: _Unit


def _statuses(plans: list[Plan], month: Period) -> list[_Status]:
    # Plain tuples: a province has some 100,000 lights a month, too many for model instances.
    units: dict[int, _Unit] = {}
    rows = (NodeStatus.objects
            .filter(plan__in=plans, period=month.code, node__kind__in=REPORTED_KINDS,
                    node__lead_unit__isnull=False)
            .order_by("node__plan_id", "node__outline")
            .values_list("node_id", "light", "node__plan_id", "node__number", "node__title",
                         "node__lead_unit_id", "node__lead_unit__code", "node__lead_unit__name",
                         "node__lead_unit__short_name"))
    return [_Status(node, light, plan, number, title,
                    units.setdefault(unit_id, _Unit(code, name, short_name)))
            for node, light, plan, number, title, unit_id, code, name, short_name in rows]


def delivery(region: Region, month: Period) -> dict | None:
    plans = list(Plan.objects.filter(region__code__startswith=region.code_prefix,
                                     start_date__lte=month.end_date(),
                                     end_date__gte=month.start_date()).order_by("id"))
    if not plans:
        return None
    statuses = _statuses(plans, month)
    if not statuses:
        return None
    by_light = defaultdict(list)
    for status in statuses:
        by_light[status.light].append(status)
    figures = {light: _node_count(f"delivery.{light}", f"{region.name}{month.label_zh()}{label}任务",
                                  by_light.get(light, []))
               for light, label in LABELS.items()}
    red_by_unit = defaultdict(list)
    for status in by_light.get(Light.RED, []):
        red_by_unit[status.unit].append(status)
    ranked = sorted(red_by_unit.items(), key=lambda kv: (-len(kv[1]), kv[0].name))
    reports = ProgressReport.objects.filter(node__plan__in=plans, period=month.code)
    late = list(reports.filter(is_late=True).values_list("pk", flat=True))
    return {
        "plans": Figure("delivery.plans", "在期方案", Decimal(len(plans)), "个", (Source(
            "在期方案", "plans.Plan", tuple(p.pk for p in plans),
            rows=tuple({"方案": p.title} for p in plans[:ROWS_KEPT])),)),
        "nodes": _node_count("delivery.nodes", "参与评价的任务", statuses),
        **figures,
        "red_units": unit_tally("delivery.red_units", f"{region.name}{month.label_zh()}有红灯任务的牵头单位",
                                [(unit.name, len(items)) for unit, items in ranked], "红灯任务"),
        "red_by_unit": [
            {"unit": unit.short_name or unit.name,
             "count": _node_count(f"delivery.red.{unit.code}", f"{unit.name}红灯任务", items),
             "items": [s.title for s in items]}
            for unit, items in ranked],
        "late": Figure("delivery.late", "逾期报送的报告", Decimal(len(late)), "份", (Source(
            "逾期报送的报告", "progress.ProgressReport", tuple(late)),)),
    }


LABELS = {Light.GREEN: "绿灯", Light.YELLOW: "黄灯", Light.RED: "红灯"}
STATES = {**LABELS, Light.NONE: "未评价"}


@lru_cache(maxsize=1024)
def _tree_url(plan_id: int) -> str:
    return reverse("plan_tree", args=[plan_id])


def _node_count(key: str, label: str, statuses: list[_Status]) -> Figure:
    return Figure(key, label, Decimal(len(statuses)), "项", (Source(
        label, "plans.PlanNode", tuple(s.node_id for s in statuses),
        url=_tree_url(statuses[0].plan_id) if statuses else "",
        rows=tuple({"任务": f"{s.number}{s.title}", "牵头单位": s.unit.name,
                    "状态": STATES.get(s.light, s.light)} for s in statuses[:ROWS_KEPT])),))
