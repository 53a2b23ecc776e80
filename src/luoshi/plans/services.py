"""Writes to plans: the plan, its tree of nodes, responsibilities, targets and milestones.

Each public function is one transaction that checks the actor's permission and data scope and
writes its audit entry; pages, API, command line and the importer all come through here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from luoshi.core import audit
from luoshi.core.errors import InvalidInput, PermissionDenied
from luoshi.core.models import Region
from luoshi.core.permissions import DataScope, access_for
from luoshi.orgs.models import Official, Unit
from luoshi.plans.models import (
    Accumulation,
    Direction,
    Milestone,
    NodeKind,
    Plan,
    PlanNode,
    Target,
    TargetYear,
)
from luoshi.plans.numbering import default_number

PLAN_FIELDS = ("title", "short_title", "region", "issuing_body", "document_number", "issued_on",
               "start_date", "end_date", "report_deadline_day", "green_ratio", "red_ratio",
               "missing_red_periods", "rollup_red_share")
NODE_FIELDS = ("kind", "number", "title", "text", "parent", "position", "lead_unit", "lead_official")


@dataclass
class PlanData:
    title: str
    region_code: str
    start_date: dt.date
    end_date: dt.date
    short_title: str = ""
    issuing_body: str = ""
    document_number: str = ""
    issued_on: dt.date | None = None
    report_deadline_day: int = 5
    green_ratio: Decimal = Decimal("0.90")
    red_ratio: Decimal = Decimal("0.70")
    missing_red_periods: int = 2
    rollup_red_share: Decimal = Decimal("0.20")


@dataclass
class NodeData:
    kind: str
    title: str
    number: str = ""
    text: str = ""
    position: int | None = None
    lead_unit_code: str = ""
    co_unit_codes: list[str] = field(default_factory=list)
    lead_official_id: int | None = None


@dataclass
class TargetData:
    metric: str
    unit: str
    years: dict[int, Decimal]
    baseline: Decimal | None = None
    direction: str = Direction.HIGHER
    accumulation: str = Accumulation.CUMULATIVE


@dataclass
class MilestoneData:
    due_on: dt.date
    description: str
    done_on: dt.date | None = None


def require_plan_manager(actor, region: Region) -> None:
    """The actor may manage plans, and the plan's region is within its scope."""
    access = access_for(actor)
    access.require("plans.manage")
    if access.sees_all:
        return
    if access.scope == DataScope.REGION and region.code.startswith(access.region_prefix):
        return
    raise PermissionDenied(f"行政区划“{region.name}”的方案不在您的管理范围内")


def validate_plan(data: PlanData) -> Region:
    region = Region.objects.filter(pk=data.region_code).first()
    if region is None:
        raise InvalidInput(f"区划代码“{data.region_code}”不存在", field="region_code")
    if data.end_date < data.start_date:
        raise InvalidInput("截止日期不能早于起始日期", field="end_date")
    if not 1 <= data.report_deadline_day <= 28:
        raise InvalidInput("报告截止日应在每月1日至28日之间", field="report_deadline_day")
    if not Decimal("0") < data.red_ratio <= data.green_ratio <= Decimal("1.5"):
        raise InvalidInput("阈值应满足 0 < 红灯阈值 ≤ 绿灯阈值 ≤ 1.5", field="red_ratio")
    if not Decimal("0") < data.rollup_red_share <= Decimal("1"):
        raise InvalidInput("上级亮红灯的红灯占比应在0到1之间", field="rollup_red_share")
    if data.missing_red_periods < 1:
        raise InvalidInput("连续缺报期数至少为1", field="missing_red_periods")
    return region


def _apply_plan(plan: Plan, data: PlanData, region: Region) -> None:
    for name in PLAN_FIELDS:
        if name != "region":
            setattr(plan, name, getattr(data, name))
    plan.region = region


@transaction.atomic
def create_plan(*, actor, data: PlanData) -> Plan:
    region = validate_plan(data)
    require_plan_manager(actor, region)
    plan = Plan()
    _apply_plan(plan, data, region)
    plan.save()
    audit.record_saved(actor=actor, obj=plan, before=None, fields=PLAN_FIELDS)
    return plan


@transaction.atomic
def update_plan(*, actor, plan: Plan, data: PlanData) -> Plan:
    require_plan_manager(actor, plan.region)
    region = validate_plan(data)
    require_plan_manager(actor, region)
    before = audit.snapshot(plan, PLAN_FIELDS)
    _apply_plan(plan, data, region)
    plan.save()
    audit.record_saved(actor=actor, obj=plan, before=before, fields=PLAN_FIELDS)
    return plan


# --- nodes -------------------------------------------------------------------------------


def _resolve_responsibility(data: NodeData) -> tuple[Unit | None, list[Unit], Official | None]:
    codes = [data.lead_unit_code, *data.co_unit_codes] if data.lead_unit_code else data.co_unit_codes
    units = {u.code: u for u in Unit.objects.filter(code__in=[c for c in codes if c])}
    missing = [c for c in codes if c and c not in units]
    if missing:
        raise InvalidInput(f"单位编码“{'、'.join(missing)}”不存在", field="lead_unit")
    if data.lead_unit_code in data.co_unit_codes:
        raise InvalidInput("牵头单位不能同时是配合单位", field="co_units")
    official = None
    if data.lead_official_id:
        official = Official.objects.filter(pk=data.lead_official_id).first()
        if official is None:
            raise InvalidInput("牵头领导不存在", field="lead_official")
    lead = units.get(data.lead_unit_code) if data.lead_unit_code else None
    return lead, [units[c] for c in dict.fromkeys(data.co_unit_codes)], official


def _validate_node(data: NodeData) -> None:
    if data.kind not in NodeKind.values:
        raise InvalidInput(f"条目类型“{data.kind}”不存在", field="kind")
    if not data.title.strip():
        raise InvalidInput("标题不能为空", field="title")


def _place(node: PlanNode, parent: PlanNode | None) -> None:
    node.path = f"{parent.path if parent else '/'}{node.pk}/"
    node.depth = parent.depth + 1 if parent else 0
    node.outline = f"{parent.outline if parent else ''}{node.position:04d}."


def _reorder_subtree(node: PlanNode, old_outline: str) -> None:
    """After a node's position changed, rewrite its descendants' outlines."""
    # Select by path (ids never change); selecting by the old outline would also catch a
    # sibling that has just taken this node's old position.
    for child in PlanNode.objects.filter(path__startswith=node.path).exclude(pk=node.pk):
        child.outline = node.outline + child.outline[len(old_outline):]
        child.save(update_fields=["outline"])


def _snapshot_node(node: PlanNode) -> dict:
    state = audit.snapshot(node, NODE_FIELDS)
    state["co_units"] = sorted(node.co_units.values_list("code", flat=True)) if node.pk else []
    return state


@transaction.atomic
def create_node(*, actor, plan: Plan, parent: PlanNode | None, data: NodeData) -> PlanNode:
    require_plan_manager(actor, plan.region)
    _validate_node(data)
    if parent is not None and parent.plan_id != plan.pk:
        raise InvalidInput("上级条目不属于本方案", field="parent")
    lead, co_units, official = _resolve_responsibility(data)
    siblings = PlanNode.objects.filter(plan=plan, parent=parent)
    position = data.position if data.position is not None else siblings.count() + 1
    depth = parent.depth + 1 if parent else 0
    node = PlanNode.objects.create(
        plan=plan, parent=parent, kind=data.kind, title=data.title.strip(), text=data.text,
        number=data.number.strip() or default_number(depth, position), position=position,
        lead_unit=lead, lead_official=official, path="")
    _place(node, parent)
    node.save(update_fields=["path", "depth", "outline"])
    node.co_units.set(co_units)
    audit.record(actor=actor, action="create", obj=node, after=_snapshot_node(node))
    return node


@transaction.atomic
def update_node(*, actor, node: PlanNode, data: NodeData) -> PlanNode:
    require_plan_manager(actor, node.plan.region)
    _validate_node(data)
    lead, co_units, official = _resolve_responsibility(data)
    before = _snapshot_node(node)
    node.kind, node.title, node.text = data.kind, data.title.strip(), data.text
    node.number = data.number.strip() or node.number
    old_outline = node.outline
    if data.position is not None and data.position != node.position:
        node.position = data.position
        _place(node, node.parent)
    node.lead_unit, node.lead_official = lead, official
    node.save(update_fields=["kind", "title", "text", "number", "position", "path", "depth",
                             "outline", "lead_unit", "lead_official"])
    if node.outline != old_outline:
        _reorder_subtree(node, old_outline)
    node.co_units.set(co_units)
    after = _snapshot_node(node)
    if after != before:
        audit.record(actor=actor, action="update", obj=node, before=before, after=after)
    return node


@transaction.atomic
def delete_node(*, actor, node: PlanNode) -> None:
    require_plan_manager(actor, node.plan.region)
    if node.children.exists():
        raise InvalidInput("请先删除下级条目", field="node", code="node_has_children")
    if node.reports.exclude(status="draft").exists():
        raise InvalidInput("该条目已有报送的进展报告，不能删除", field="node", code="node_has_reports")
    audit.record(actor=actor, action="delete", obj=node, before=_snapshot_node(node))
    node.delete()


# --- targets and milestones ------------------------------------------------------------


def _validate_target(data: TargetData, plan: Plan) -> None:
    if not data.metric.strip() or not data.unit.strip():
        raise InvalidInput("目标须有指标名称和计量单位", field="targets")
    if data.direction not in Direction.values or data.accumulation not in Accumulation.values:
        raise InvalidInput("目标的方向或计算方式不正确", field="targets")
    years = range(plan.start_date.year, plan.end_date.year + 1)
    outside = sorted(y for y in data.years if y not in years)
    if outside:
        raise InvalidInput(f"目标年度{outside}不在方案期限{years.start}—{years.stop - 1}年之内",
                           field="targets")


def _target_state(node: PlanNode) -> list[dict]:
    return [{"metric": t.metric, "unit": t.unit, "baseline": t.baseline, "direction": t.direction,
             "accumulation": t.accumulation, "years": {y.year: y.value for y in t.years.all()}}
            for t in node.targets.prefetch_related("years")]


@transaction.atomic
def set_targets(*, actor, node: PlanNode, targets: list[TargetData]) -> None:
    """Replace the node's targets. Targets with the same metric keep their identity, so
    values already reported against them stay attached."""
    require_plan_manager(actor, node.plan.region)
    for data in targets:
        _validate_target(data, node.plan)
    metrics = [t.metric.strip() for t in targets]
    if len(set(metrics)) != len(metrics):
        raise InvalidInput("同一条目的目标指标名称不能重复", field="targets")
    before = _target_state(node)
    existing = {t.metric: t for t in node.targets.all()}
    node.targets.exclude(metric__in=metrics).delete()
    for position, data in enumerate(targets, start=1):
        target = existing.get(data.metric.strip()) or Target(node=node, metric=data.metric.strip())
        target.unit, target.baseline, target.position = data.unit.strip(), data.baseline, position
        target.direction, target.accumulation = data.direction, data.accumulation
        target.save()
        target.years.all().delete()
        TargetYear.objects.bulk_create(
            TargetYear(target=target, year=year, value=value) for year, value in sorted(data.years.items()))
    after = _target_state(node)
    if after != before:
        audit.record(actor=actor, action="set_targets", obj=node, before={"targets": before},
                     after={"targets": after})


def _milestone_state(node: PlanNode) -> list[dict]:
    return [{"due_on": m.due_on, "description": m.description, "done_on": m.done_on}
            for m in node.milestones.all()]


@transaction.atomic
def set_milestones(*, actor, node: PlanNode, milestones: list[MilestoneData]) -> None:
    require_plan_manager(actor, node.plan.region)
    for m in milestones:
        if not m.description.strip():
            raise InvalidInput("节点目标须写明要完成的事项", field="milestones")
    before = _milestone_state(node)
    node.milestones.all().delete()
    Milestone.objects.bulk_create(
        Milestone(node=node, due_on=m.due_on, description=m.description.strip(), done_on=m.done_on)
        for m in sorted(milestones, key=lambda m: m.due_on))
    after = _milestone_state(node)
    if after != before:
        audit.record(actor=actor, action="set_milestones", obj=node,
                     before={"milestones": before}, after={"milestones": after})


@transaction.atomic
def mark_milestone_done(*, actor, milestone: Milestone, done_on: dt.date | None) -> Milestone:
    """HQ, or the lead unit's reporter, records the date a checkpoint was met (None undoes it)."""
    node = milestone.node
    access = access_for(actor)
    leads = access.has("reports.fill") and node.lead_unit_id == access.unit_id
    if not leads:
        require_plan_manager(actor, node.plan.region)
    before = audit.snapshot(milestone, ("due_on", "description", "done_on"))
    milestone.done_on = done_on
    milestone.save(update_fields=["done_on"])
    audit.record_saved(actor=actor, obj=milestone, before=before,
                       fields=("due_on", "description", "done_on"))
    return milestone
