"""Plan delivery: the red, yellow and green tasks of the region's plans for the month, from the
lights the progress app computed (PlanStatus), and the same summed per city or county below."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from luoshi.cockpit.panels import Panel, register
from luoshi.cockpit.queries import CockpitView

LIGHTS = ("red", "yellow", "green")


@dataclass
class LightCounts:
    red: int = 0
    yellow: int = 0
    green: int = 0
    none: int = 0

    def add(self, counts: dict) -> None:
        for light in (*LIGHTS, "none"):
            setattr(self, light, getattr(self, light) + int(counts.get(light, 0) or 0))

    @property
    def total(self) -> int:
        return self.red + self.yellow + self.green + self.none


@dataclass
class PlanRow:
    plan_id: int
    title: str
    light: str
    counts: LightCounts
    tree_url: str
    judged: bool = True  # the lights of the month were computed

    def light_url(self, light: str) -> str:
        return f"{self.tree_url}&{urlencode({'light': light})}"

    @property
    def red_url(self) -> str:
        return self.light_url("red")

    @property
    def yellow_url(self) -> str:
        return self.light_url("yellow")

    @property
    def green_url(self) -> str:
        return self.light_url("green")


@dataclass
class RegionRow:
    code: str
    name: str
    plans: int = 0
    judged: int = 0  # plans whose lights of the month were computed
    counts: LightCounts = field(default_factory=LightCounts)
    url: str = ""


@dataclass
class PlanDelivery:
    month: str
    plans: list[PlanRow]
    below: list[RegionRow]
    totals: LightCounts


def _child_code(region_code: str, level: str) -> str:
    """The child of the viewed region a plan's region falls in: its city seen from a province."""
    return region_code[:4] + "00" if level == "province" else region_code


def plan_delivery(view: CockpitView) -> PlanDelivery | None:
    """Plans of the region running in the month with their lights (three queries)."""
    from luoshi.core.models import Region
    from luoshi.plans.queries import visible_plans
    from luoshi.progress.models import PlanStatus
    from luoshi.progress.queries import plan_statuses

    month = view.period.end_date()
    region = view.region
    plans = list(visible_plans(view.user)
                 .filter(region__code__startswith=region.code_prefix,
                         start_date__lte=month, end_date__gte=view.period.start_date())
                 .order_by("region_id", "-start_date", "id"))
    if not plans:
        return None
    statuses: dict[int, PlanStatus] = plan_statuses(plans, view.month_code)
    own, below, totals = [], {}, LightCounts()
    if any(p.region_id != region.code for p in plans):
        below = {r.code: RegionRow(r.code, r.name, url=view.url(region=r.code))
                 for r in Region.objects.filter(parent_id=region.code).order_by("code")}
    for plan in plans:
        status = statuses.get(plan.pk)
        counts = LightCounts()
        if status is not None:
            counts.add(status.counts.get("reported", status.counts))
        if plan.region_id == region.code:
            tree = reverse("plan_tree", args=[plan.pk])
            own.append(PlanRow(plan.pk, str(plan), status.light if status else "none", counts,
                               f"{tree}?{urlencode({'period': view.month_code})}",
                               judged=status is not None))
            totals.add(counts.__dict__)
            continue
        row = below.get(_child_code(plan.region_id, region.level))
        if row is not None:
            row.plans += 1
            row.judged += status is not None
            row.counts.add(counts.__dict__)
    rows_below = [row for row in below.values() if row.plans]
    return PlanDelivery(view.month_code, own, rows_below, totals)


register(Panel(
    key="plans", title=_("方案落实"), template="cockpit/panels/plans.html", query=plan_delivery,
    order=30, models=("plans.Plan", "progress.PlanStatus"),
))
