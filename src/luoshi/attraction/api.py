"""/api/v1/ endpoints for investment-attraction leads and funds arrived, in the caller's data scope."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from luoshi.attraction import queries, services
from luoshi.attraction.queries import LeadFilters

router = Router(tags=["招商引资"])


class LeadOut(Schema):
    id: int
    title: str
    investor: str
    investor_uscc: str
    origin: str
    investor_place: str
    industry: str
    intended_investment: Decimal = Field(..., description="万元")
    region_code: str = Field(..., alias="region_id")
    unit_code: str = Field(..., alias="unit.code")
    stage: str
    negotiating_on: dt.date
    signed_on: dt.date | None
    landed_on: dt.date | None
    terminated_on: dt.date | None
    note: str


class LeadIn(Schema):
    title: str
    investor: str
    investor_uscc: str = ""
    origin: str = Field(..., examples=["out_of_province"])
    investor_place: str = ""
    industry: str = Field(..., examples=["C"])
    intended_investment: Decimal = Field(..., description="万元")
    region_code: str = Field(..., examples=["210400"])
    unit_code: str
    negotiating_on: dt.date
    note: str = ""


class LeadCreateIn(LeadIn):
    stage: str = "negotiating"
    signed_on: dt.date | None = None
    landed_on: dt.date | None = None
    terminated_on: dt.date | None = None
    reason: str = ""


class MoveIn(Schema):
    to_stage: str = Field(..., examples=["signed"])
    on: dt.date
    reason: str = ""


class FundsOut(Schema):
    lead_id: int
    month: str
    amount: Decimal = Field(..., description="万元")


class FundsIn(Schema):
    amount: Decimal | None = Field(..., description="万元；null 删除该月记录")


class StageOut(Schema):
    stage: str
    total: int
    new: int
    carried: int
    last_year: int
    growth_pct: Decimal | None


class FiguresOut(Schema):
    period: str
    stages: list[StageOut]
    carried_open: int
    funds: Decimal
    funds_last_year: Decimal
    funds_growth_pct: Decimal | None


class LeadFilterIn(Schema):
    stage: str = ""
    origin: str = ""
    region: str = ""
    unit: int | None = None
    industry: str = ""
    year: int | None = None
    q: str = ""


@router.get("/leads", response=list[LeadOut], summary="招商线索（按数据范围，可筛选）")
@paginate(PageNumberPagination)
def list_leads(request, filters: Query[LeadFilterIn]):
    return queries.lead_list(request.user, LeadFilters(**filters.dict()))


@router.get("/leads/figures", response=FiguresOut, summary="本年累计：各阶段线索数、新增与结转、同比，域外资金到位额")
def lead_figures(request, year: int | None = None, month: int | None = None):
    params = {"year": str(year or ""), "month": str(month or "")}
    period = queries.period_from(params, request.user)
    figures = services.lead_figures(queries.visible_leads(request.user), period)
    return {"period": period.code, "carried_open": figures.carried_open,
            "stages": [{"stage": s.stage, "total": s.total, "new": s.new, "carried": s.carried,
                        "last_year": s.last_year, "growth_pct": s.growth_pct} for s in figures.stages],
            "funds": figures.funds.amount, "funds_last_year": figures.funds.last_year,
            "funds_growth_pct": figures.funds.growth_pct}


@router.get("/leads/{lead_id}", response=LeadOut, summary="招商线索")
def get_lead(request, lead_id: int):
    return queries.access_lead(request.user, lead_id)


@router.post("/leads", response={201: LeadOut}, summary="登记招商线索")
def create_lead(request, payload: LeadCreateIn):
    lead = services.create_lead(actor=request.user, data=services.LeadData(**payload.dict()))
    return Status(201, queries.access_lead(request.user, lead.pk))


@router.put("/leads/{lead_id}", response=LeadOut, summary="修改招商线索（阶段另行变更）")
def update_lead(request, lead_id: int, payload: LeadIn):
    lead = queries.access_lead(request.user, lead_id)
    services.update_lead(actor=request.user, lead=lead, data=services.LeadData(**payload.dict()))
    return queries.access_lead(request.user, lead_id)


@router.post("/leads/{lead_id}/move", response=LeadOut,
             summary="变更阶段：洽谈→签约→落位；退回、终止或恢复须写原因")
def move_lead(request, lead_id: int, payload: MoveIn):
    lead = queries.access_lead(request.user, lead_id)
    services.move_lead(actor=request.user, lead=lead, **payload.dict())
    return queries.access_lead(request.user, lead_id)


@router.get("/leads/{lead_id}/funds", response=list[FundsOut], summary="线索的域外资金到位额（按月）")
def list_funds(request, lead_id: int):
    return queries.lead_funds(queries.access_lead(request.user, lead_id))


@router.put("/leads/{lead_id}/funds/{month}", response={200: FundsOut, 204: None},
            summary="登记某月到位额（万元）；amount 为 null 删除")
def put_funds(request, lead_id: int, month: str, payload: FundsIn):
    lead = queries.access_lead(request.user, lead_id)
    row = services.record_funds(actor=request.user, lead=lead, month=month, amount=payload.amount)
    return row if row is not None else Status(204, None)
