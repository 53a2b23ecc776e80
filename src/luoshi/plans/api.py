"""/api/v1/ endpoints for plans and their nodes (read), with the data scope of pages."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from luoshi.plans import queries

router = Router(tags=["行动方案"])


class PlanOut(Schema):
    id: int
    title: str
    short_title: str
    region_code: str = Field(..., alias="region_id")
    issuing_body: str
    document_number: str
    start_date: dt.date
    end_date: dt.date
    report_deadline_day: int
    green_ratio: Decimal
    red_ratio: Decimal


class TargetOut(Schema):
    id: int
    metric: str
    unit: str
    baseline: Decimal | None
    direction: str
    accumulation: str
    years: dict[int, Decimal]

    @staticmethod
    def resolve_years(obj) -> dict[int, Decimal]:
        return {y.year: y.value for y in obj.years.all()}


class NodeOut(Schema):
    id: int
    parent_id: int | None
    kind: str
    number: str
    title: str
    depth: int
    lead_unit_code: str | None = Field(None, alias="lead_unit.code")
    lead_official: str | None = Field(None, alias="lead_official.name")
    light: str = "none"


class NodeDetailOut(NodeOut):
    text: str
    co_unit_codes: list[str]
    targets: list[TargetOut]

    @staticmethod
    def resolve_co_unit_codes(obj) -> list[str]:
        return [u.code for u in obj.co_units.all()]

    @staticmethod
    def resolve_targets(obj):
        return list(obj.targets.prefetch_related("years"))


@router.get("/plans", response=list[PlanOut], summary="行动方案列表")
@paginate(PageNumberPagination)
def list_plans(request):
    return queries.visible_plans(request.user).order_by("-start_date", "id")


@router.get("/plans/{plan_id}", response=PlanOut, summary="行动方案")
def get_plan(request, plan_id: int):
    return queries.access_plan(request.user, plan_id)


@router.get("/plans/{plan_id}/nodes", response=list[NodeOut], summary="方案条目（文档顺序，含某期状态灯）")
def list_nodes(request, plan_id: int, period: str = ""):
    from luoshi.progress.queries import lights_for_plan

    plan = queries.access_plan(request.user, plan_id)
    lights = lights_for_plan(plan, period)
    nodes = queries.ordered_nodes(plan)
    for node in nodes:
        node.light = lights.get(node.pk, ("none", []))[0]
    return nodes


@router.get("/nodes/{node_id}", response=NodeDetailOut, summary="方案条目详情")
def get_node(request, node_id: int):
    return queries.access_node(request.user, node_id)
