"""/api/v1/ endpoints for enterprises, cadre assignments, visits and appeals, within the
caller's data scope (an enterprise's token sees its own appeals only). Thin: resolve through
a query, call one service, return."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from luoshi.core.errors import InvalidInput, NotFound, ParseError
from luoshi.core.periods import Period
from luoshi.core.permissions import access_for
from luoshi.orgs.models import Unit
from luoshi.service import queries, services, statistics
from luoshi.service.models import Visit

router = Router(tags=["企业服务"])


class EnterpriseOut(Schema):
    id: int
    name: str
    uscc: str
    region_code: str = Field(..., alias="region_id")
    industry: str
    size: str
    address: str
    contact_name: str
    contact_phone: str
    is_active: bool


class EnterpriseIn(Schema):
    name: str = Field(..., min_length=1, max_length=128)
    uscc: str = Field(..., min_length=1, max_length=40)
    region_code: str = Field(..., min_length=6, max_length=6)
    size: str
    industry: str = ""
    address: str = Field("", max_length=255)
    contact_name: str = Field("", max_length=64)
    contact_phone: str = Field("", max_length=32)
    is_active: bool = True


class AssignmentOut(Schema):
    id: int
    enterprise_id: int
    official_id: int
    official_name: str = Field(..., alias="official.name")
    unit_id: int
    unit_code: str = Field(..., alias="unit.code")
    start_date: dt.date
    end_date: dt.date | None


class AssignmentIn(Schema):
    official_id: int
    start_date: dt.date
    end_date: dt.date | None = None


class VisitIn(Schema):
    visited_on: dt.date
    findings: str = Field(..., min_length=1)
    services: str = ""


class VisitOut(Schema):
    id: int
    assignment_id: int
    visited_on: dt.date
    findings: str
    services: str


class AppealOut(Schema):
    id: int
    number: str
    enterprise_id: int
    region_code: str = Field(..., alias="region_id")
    category: str
    title: str
    content: str
    received_on: dt.date
    raised_via: str
    status: str
    unit_id: int | None
    assigned_on: dt.date | None
    deadline: dt.date
    response: str
    answered_on: dt.date | None
    closed_on: dt.date | None
    closure_note: str
    satisfaction: str
    satisfaction_note: str


class AppealIn(Schema):
    category: str
    title: str = Field(..., min_length=1, max_length=200)
    content: str = Field(..., min_length=1)
    enterprise_id: int | None = Field(None, description="HQ registering an appeal; an enterprise's own token leaves it out")
    received_on: dt.date | None = None
    visit_id: int | None = None


class AssignIn(Schema):
    unit_id: int
    deadline: dt.date | None = None
    note: str = ""


class ReassignIn(Schema):
    unit_id: int
    reason: str = Field(..., min_length=1)
    deadline: dt.date | None = None


class ReasonIn(Schema):
    reason: str = Field(..., min_length=1)


class AnswerIn(Schema):
    response: str = Field(..., min_length=1)


class CloseIn(Schema):
    note: str = ""


class RateIn(Schema):
    satisfaction: str = Field(..., examples=["satisfied", "basic", "unsatisfied"])
    note: str = ""


class AppealFilterIn(Schema):
    status: str = ""
    category: str = ""
    unit_id: int | None = None
    region: str = ""
    overdue: bool = False
    search: str = ""
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    enterprise_id: int | None = None


class FiguresOut(Schema):
    key: str | int | None
    label: str
    received: int
    answered: int
    closed: int
    on_time: int
    late: int
    open: int
    overdue: int
    rated: int
    satisfied: int
    unsatisfied: int
    resolution_rate: Decimal | None
    on_time_rate: Decimal | None
    satisfaction_rate: Decimal | None


# --- enterprises -------------------------------------------------------------------------

@router.get("/enterprises", response=list[EnterpriseOut], summary="企业列表（按数据范围）")
@paginate(PageNumberPagination)
def list_enterprises(request, search: str = "", region: str = "", industry: str = "", size: str = ""):
    return queries.enterprises_for_list(request.user, search=search, region=region, industry=industry,
                                        size=size)


@router.get("/enterprises/{enterprise_id}", response=EnterpriseOut, summary="企业")
def get_enterprise(request, enterprise_id: int):
    return queries.access_enterprise(request.user, enterprise_id)


@router.post("/enterprises", response={201: EnterpriseOut}, summary="新增企业")
def create_enterprise(request, payload: EnterpriseIn):
    enterprise = services.create_enterprise(actor=request.user, data=services.EnterpriseData(**payload.dict()))
    return Status(201, enterprise)


@router.put("/enterprises/{enterprise_id}", response=EnterpriseOut, summary="修改企业")
def update_enterprise(request, enterprise_id: int, payload: EnterpriseIn):
    enterprise = queries.access_enterprise(request.user, enterprise_id)
    return services.update_enterprise(actor=request.user, enterprise=enterprise,
                                      data=services.EnterpriseData(**payload.dict()))


# --- assignments and visits --------------------------------------------------------------

@router.get("/assignments", response=list[AssignmentOut], summary="包保关系（按数据范围）")
@paginate(PageNumberPagination)
def list_assignments(request, search: str = "", current: bool = False):
    return queries.assignments_for_list(request.user, search=search, current=current)


@router.post("/enterprises/{enterprise_id}/assignments", response={201: AssignmentOut}, summary="安排包保干部")
def create_assignment(request, enterprise_id: int, payload: AssignmentIn):
    enterprise = queries.access_enterprise(request.user, enterprise_id)
    assignment = services.assign_cadre(actor=request.user, enterprise=enterprise,
                                       data=services.AssignmentData(**payload.dict()))
    return Status(201, queries.access_assignment(request.user, assignment.pk))


@router.post("/assignments/{assignment_id}/visits", response={201: VisitOut}, summary="记录走访")
def create_visit(request, assignment_id: int, payload: VisitIn):
    assignment = queries.access_assignment(request.user, assignment_id)
    return Status(201, services.record_visit(actor=request.user, assignment=assignment,
                                             data=services.VisitData(**payload.dict())))


# --- appeals -----------------------------------------------------------------------------

@router.get("/appeals", response=list[AppealOut], summary="企业诉求（按数据范围；企业只见本企业）")
@paginate(PageNumberPagination)
def list_appeals(request, filters: Query[AppealFilterIn]):
    rows = queries.filter_appeals(queries.visible_appeals(request.user), queries.AppealFilters(**filters.dict()))
    return rows.order_by("-received_on", "-id")


@router.get("/appeals/statistics", response=list[FiguresOut], summary="诉求统计：受理、办结率、按时答复率、满意率")
def appeal_statistics(request, period: str = "", by: str = ""):
    access = access_for(request.user)
    if not queries.reads_region(access):
        access.require("service.manage")
    if by and by not in statistics.GROUPINGS:
        raise InvalidInput(f"分组应为：{'、'.join(statistics.GROUPINGS)}", field="by")
    appeals = queries.visible_appeals(request.user)
    if period:
        try:
            appeals = statistics.appeals_received_in(appeals, Period.parse(period))
        except ParseError as exc:
            raise InvalidInput(exc.message, field="period") from exc
    return [f.as_dict() for f in statistics.appeal_figures(appeals, by=by or None)]


@router.get("/appeals/{appeal_id}", response=AppealOut, summary="企业诉求")
def get_appeal(request, appeal_id: int):
    return queries.access_appeal(request.user, appeal_id)


@router.post("/appeals", response={201: AppealOut}, summary="提出或登记诉求")
def create_appeal(request, payload: AppealIn):
    if payload.enterprise_id is None:
        enterprise = queries.own_enterprise(request.user)
    else:
        enterprise = queries.access_enterprise(request.user, payload.enterprise_id)
    visit = None
    if payload.visit_id is not None:
        visit = Visit.objects.select_related("assignment").filter(
            pk=payload.visit_id, assignment__enterprise=enterprise).first()
        if visit is None:
            raise NotFound("走访记录不存在或不属于该企业")
    appeal = services.raise_appeal(actor=request.user, enterprise=enterprise, visit=visit, data=services.AppealData(
        category=payload.category, title=payload.title, content=payload.content, received_on=payload.received_on))
    return Status(201, appeal)


def _unit(unit_id: int) -> Unit:
    unit = Unit.objects.select_related("region").filter(pk=unit_id).first()
    if unit is None:
        raise InvalidInput("承办单位不存在", field="unit")
    return unit


@router.post("/appeals/{appeal_id}/assign", response=AppealOut, summary="交办")
def assign(request, appeal_id: int, payload: AssignIn):
    appeal = queries.access_appeal(request.user, appeal_id)
    return services.assign_appeal(actor=request.user, appeal=appeal, unit=_unit(payload.unit_id),
                                  deadline=payload.deadline, note=payload.note)


@router.post("/appeals/{appeal_id}/reassign", response=AppealOut, summary="改派（须写明原因）")
def reassign(request, appeal_id: int, payload: ReassignIn):
    appeal = queries.access_appeal(request.user, appeal_id)
    return services.reassign_appeal(actor=request.user, appeal=appeal, unit=_unit(payload.unit_id),
                                    reason=payload.reason, deadline=payload.deadline)


@router.post("/appeals/{appeal_id}/return", response=AppealOut, summary="承办单位退回指挥部（须写明原因）")
def return_appeal(request, appeal_id: int, payload: ReasonIn):
    appeal = queries.access_appeal(request.user, appeal_id)
    return services.return_appeal(actor=request.user, appeal=appeal, reason=payload.reason)


@router.post("/appeals/{appeal_id}/answer", response=AppealOut, summary="承办单位答复")
def answer(request, appeal_id: int, payload: AnswerIn):
    appeal = queries.access_appeal(request.user, appeal_id)
    return services.answer_appeal(actor=request.user, appeal=appeal, response=payload.response)


@router.post("/appeals/{appeal_id}/close", response=AppealOut, summary="办结")
def close(request, appeal_id: int, payload: CloseIn):
    appeal = queries.access_appeal(request.user, appeal_id)
    return services.close_appeal(actor=request.user, appeal=appeal, note=payload.note)


@router.post("/appeals/{appeal_id}/rate", response=AppealOut, summary="企业评价答复")
def rate(request, appeal_id: int, payload: RateIn):
    appeal = queries.access_appeal(request.user, appeal_id)
    return services.rate_appeal(actor=request.user, appeal=appeal, satisfaction=payload.satisfaction,
                                note=payload.note)
