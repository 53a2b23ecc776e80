"""Reads of plans for pages and the API, filtered by the reader's data scope."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from luoshi.core.errors import NotFound
from luoshi.core.permissions import access_for
from luoshi.plans.models import REPORTED_KINDS, NodeKind, Plan, PlanNode


def _region_chain(code: str) -> list[str]:
    """A region and the regions above it: 210882 → 210000, 210800, 210882."""
    return list(dict.fromkeys([code[:2] + "0000", code[:4] + "00", code]))


def visible_plans(user) -> QuerySet[Plan]:
    """Plans of the reader's region, of the regions above it, and (for region-wide readers)
    of the regions below it. A county reporter sees the city's plan it reports on."""
    access = access_for(user)
    access.require("orgs.view")
    plans = Plan.objects.select_related("region")
    if access.sees_all:
        return plans
    if not access.region_prefix:
        return plans.none()
    own_region = user.unit.region_id
    return plans.filter(Q(region__code__startswith=access.region_prefix)
                        | Q(region__code__in=_region_chain(own_region)))


def access_plan(user, plan_id) -> Plan:
    plan = visible_plans(user).filter(pk=plan_id).first()
    if plan is None:
        raise NotFound("方案不存在或不在您的数据范围内")
    return plan


def access_node(user, node_id) -> PlanNode:
    node = (PlanNode.objects.select_related("plan__region", "lead_unit", "lead_official", "parent")
            .filter(pk=node_id, plan__in=visible_plans(user)).first())
    if node is None:
        raise NotFound("方案条目不存在或不在您的数据范围内")
    return node


@dataclass(frozen=True, slots=True)
class TreeNode:
    """The columns of a node the tree page shows. Read as plain tuples: building 800 model
    instances with their units and officials was half the page's time."""

    pk: int
    kind: str
    number: str
    title: str
    path: str
    depth: int
    lead_unit_id: int | None
    lead_unit_name: str
    lead_unit_short_name: str
    lead_official_id: int | None
    lead_official_name: str
    lead_official_post: str

    FIELDS = ("pk", "kind", "number", "title", "path", "depth", "lead_unit_id", "lead_unit__name",
              "lead_unit__short_name", "lead_official_id", "lead_official__name",
              "lead_official__post")

    @property
    def is_reported(self) -> bool:
        return self.kind in REPORTED_KINDS and self.lead_unit_id is not None

    @property
    def lead(self) -> str:
        return self.lead_unit_short_name or self.lead_unit_name or ""

    @property
    def official(self) -> str:
        return f"{self.lead_official_name}（{self.lead_official_post}）" if self.lead_official_id else ""

    def get_kind_display(self) -> str:
        return str(NodeKind(self.kind).label)


@dataclass
class TreeRow:
    node: TreeNode
    depth: int
    light: str = "none"
    reasons: list = field(default_factory=list)
    co_units: list = field(default_factory=list)
    matches: bool = True


def ordered_nodes(plan: Plan) -> list[PlanNode]:
    """All nodes of a plan in document order, in one query."""
    return list(PlanNode.objects.filter(plan=plan).select_related("lead_unit", "lead_official")
                .order_by("outline"))


def tree_nodes(plan: Plan) -> list[TreeNode]:
    rows = PlanNode.objects.filter(plan=plan).order_by("outline").values_list(*TreeNode.FIELDS)
    return [TreeNode(pk, kind, number, title, path, depth, unit_id, unit_name or "",
                     unit_short_name or "", official_id, official_name or "", post or "")
            for (pk, kind, number, title, path, depth, unit_id, unit_name, unit_short_name,
                 official_id, official_name, post) in rows]


def plan_tree(plan: Plan, *, period: str, area_id: int | None = None, unit_id: int | None = None,
              light: str = "") -> tuple[list[TreeRow], Counter]:
    """The tree with each node's light for ``period``; filtered rows keep their ancestors
    so they stay in context. Returns the rows and the counts per colour of matching nodes."""
    from luoshi.progress.queries import lights_for_plan

    lights = lights_for_plan(plan, period)
    co_units: dict[int, list[str]] = {}
    links = PlanNode.co_units.through.objects.filter(plannode__plan=plan)
    for node_id, short, name in links.values_list("plannode_id", "unit__short_name", "unit__name"):
        co_units.setdefault(node_id, []).append(short or name)
    rows = [TreeRow(node=n, depth=n.depth, light=lights.get(n.pk, ("none", []))[0],
                    reasons=lights.get(n.pk, ("none", []))[1], co_units=co_units.get(n.pk, []))
            for n in tree_nodes(plan)]
    filtering = bool(area_id or unit_id or light)
    if filtering:
        area_path = next((r.node.path for r in rows if r.node.pk == area_id), None) if area_id else None
        for row in rows:
            row.matches = ((area_path is None or row.node.path.startswith(area_path))
                           and (not unit_id or row.node.lead_unit_id == unit_id)
                           and (not light or row.light == light))
        keep = {pk for row in rows if row.matches for pk in _ancestor_ids(row.node)}
        rows = [row for row in rows if row.matches or row.node.pk in keep]
    counts = Counter(row.light for row in rows if row.matches and row.node.is_reported)
    return rows, counts


def _ancestor_ids(node: PlanNode) -> list[int]:
    return [int(part) for part in node.path.strip("/").split("/")]


def areas_of(plan: Plan) -> list[PlanNode]:
    return list(PlanNode.objects.filter(plan=plan, kind=NodeKind.AREA).order_by("outline"))


def node_detail(node: PlanNode, *, period: str = "") -> dict:
    """Everything the node page shows: responsibility, targets with planned and reached values
    per month (for the chart), milestones, the report history, the light and its reasons."""
    from luoshi.progress.models import NodeStatus, ProgressReport, ReportValue

    targets = list(node.targets.prefetch_related("years"))
    reports = list(ProgressReport.objects.filter(node=node).select_related("unit").order_by("-period"))
    accepted = [r.pk for r in reports if r.status == "accepted"]
    reached: dict[int, dict[str, str]] = {}
    for target_id, report_period, value in (ReportValue.objects.filter(report_id__in=accepted)
                                            .values_list("target_id", "report__period", "value")):
        reached.setdefault(target_id, {})[report_period] = str(value)
    statuses = list(NodeStatus.objects.filter(node=node).order_by("-period").values("period", "light", "reasons"))
    current = next((s for s in statuses if s["period"] == period), statuses[0] if statuses else None)
    charts = [{"metric": t.metric, "unit": t.unit, "accumulation": t.accumulation,
               "planned": {str(y.year): str(y.value) for y in t.years.all()},
               "reached": reached.get(t.pk, {})} for t in targets]
    return {"node": node, "co_units": list(node.co_units.all()), "targets": targets,
            "milestones": list(node.milestones.all()), "reports": reports, "status": current,
            "history": statuses, "charts": charts,
            "children": list(node.children.select_related("lead_unit").order_by("position"))}


def access_milestone(user, milestone_id):
    from luoshi.plans.models import Milestone

    milestone = (Milestone.objects.select_related("node__plan__region")
                 .filter(pk=milestone_id, node__plan__in=visible_plans(user)).first())
    if milestone is None:
        raise NotFound("节点目标不存在或不在您的数据范围内")
    return milestone
