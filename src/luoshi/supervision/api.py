"""/api/v1/ endpoints for warnings and supervision orders, within the caller's data scope."""

import datetime as dt

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from luoshi.supervision import queries, services

router = Router(tags=["预警与督办"])


class WarningOut(Schema):
    id: int
    rule: str
    item_app: str
    item_model: str
    item_id: int
    item_title: str
    item_url: str
    unit_code: str = Field(..., alias="unit.code")
    region_code: str = Field(..., alias="region_id")
    period: str
    severity: str
    reason: str
    opened_on: dt.date
    closed_on: dt.date | None
    status: str
    orders: list[str]

    @staticmethod
    def resolve_orders(obj) -> list[str]:
        return [o.number for o in obj.orders.all()]


class WarningQuery(Schema):
    rule: str = ""
    unit: str = ""
    region: str = ""
    status: str = "open"
    period: str = ""
    severity: str = ""
    q: str = ""


class OrderOut(Schema):
    id: int
    number: str
    office_code: str = Field(..., alias="office.code")
    title: str
    content: str
    requirements: str
    unit_code: str = Field(..., alias="unit.code")
    deadline: dt.date
    issued_on: dt.date
    source: str
    instruction: str
    status: str
    closed_on: dt.date | None
    return_reason: str


class OrderIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    content: str = ""
    requirements: str = Field(..., min_length=1)
    unit_id: int | None = None
    deadline: dt.date
    warning_ids: list[int] = []


class ResponseIn(Schema):
    kind: str = Field(..., examples=["result"])
    text: str = Field(..., min_length=1)


class ReasonIn(Schema):
    reason: str = Field(..., min_length=1)


class CloseIn(Schema):
    note: str = ""


@router.get("/warnings", response=list[WarningOut], summary="预警（按数据范围）")
@paginate(PageNumberPagination)
def list_warnings(request, filters: Query[WarningQuery]):
    return queries.warning_list(request.user, queries.WarningFilters.from_params(filters.dict()))


@router.get("/warnings/{warning_id}", response=WarningOut, summary="预警")
def get_warning(request, warning_id: int):
    return queries.access_warning(request.user, warning_id)


@router.get("/orders", response=list[OrderOut], summary="督办单（按数据范围）")
@paginate(PageNumberPagination)
def list_orders(request, status: str = "", unit: str = "", overdue: bool = False, q: str = ""):
    return queries.order_list(request.user, queries.OrderFilters.from_params(
        {"status": status, "unit": unit, "overdue": "1" if overdue else "", "q": q}))


@router.get("/orders/{order_id}", response=OrderOut, summary="督办单")
def get_order(request, order_id: int):
    return queries.access_order(request.user, order_id)


@router.post("/orders", response={201: OrderOut}, summary="签发督办单（可由预警生成）")
def create_order(request, payload: OrderIn):
    warnings = queries.warnings_for_order(request.user, payload.warning_ids) if payload.warning_ids else []
    unit_id = payload.unit_id or (warnings[0].unit_id if warnings else 0)
    content = payload.content or services.warnings_summary(warnings)
    order = services.create_order(actor=request.user, warnings=warnings, data=services.OrderData(
        title=payload.title, content=content, requirements=payload.requirements, unit_id=unit_id,
        deadline=payload.deadline, source="warning" if warnings else "manual"))
    return Status(201, queries.access_order(request.user, order.pk))


@router.post("/orders/{order_id}/respond", response=OrderOut, summary="承办单位反馈（进展或结果）")
def respond(request, order_id: int, payload: ResponseIn):
    order = queries.access_order(request.user, order_id)
    services.respond_order(actor=request.user, order=order, kind=payload.kind, text=payload.text)
    return order


@router.post("/orders/{order_id}/close", response=OrderOut, summary="销号")
def close(request, order_id: int, payload: CloseIn):
    order = queries.access_order(request.user, order_id)
    return services.close_order(actor=request.user, order=order, note=payload.note)


@router.post("/orders/{order_id}/return", response=OrderOut, summary="退回（须写明原因）")
def return_order(request, order_id: int, payload: ReasonIn):
    order = queries.access_order(request.user, order_id)
    return services.return_order(actor=request.user, order=order, reason=payload.reason)
