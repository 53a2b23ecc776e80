"""/api/v1/ endpoints for projects, their monthly investment and blockers, in the reader's
data scope; writes go through the same services as the pages."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from luoshi.core.errors import InvalidInput, ParseError, PermissionDenied
from luoshi.core.periods import Period
from luoshi.core.permissions import access_for
from luoshi.projects import queries, services, stats
from luoshi.projects.models import MonthlyInvestment

router = Router(tags=["重大项目"])


class ProjectOut(Schema):
    id: int
    code: str
    name: str
    region_code: str = Field(..., alias="region_id")
    lead_unit_code: str = Field(..., alias="lead_unit.code")
    investor_name: str
    investor_uscc: str
    industry: str
    kind: str
    total_investment: Decimal
    stage: str
    stage_since: dt.date
    planned_start_year: int | None
    location: str


class ProjectIn(Schema):
    code: str
    name: str
    region_code: str = Field(..., examples=["210400"])
    lead_unit_code: str
    industry: str = Field(..., examples=["C"])
    kind: str = Field(..., examples=["industrial"])
    total_investment: Decimal = Field(..., description="万元")
    investor_name: str = ""
    investor_uscc: str = ""
    planned_start_year: int | None = None
    location: str = ""
    description: str = ""
    stage: str = "planning"
    stage_since: dt.date | None = None


class StageIn(Schema):
    stage: str
    on: dt.date
    reason: str = ""


class InvestmentOut(Schema):
    period: str
    completed: Decimal
    cumulative: Decimal
    fell: bool
    note: str


class InvestmentIn(Schema):
    completed: Decimal | None = None
    cumulative: Decimal | None = None
    note: str = ""


class BlockerOut(Schema):
    id: int
    project_id: int
    title: str
    description: str
    unit_code: str = Field(..., alias="unit.code")
    found_on: dt.date
    deadline: dt.date
    status: str
    resolution: str
    resolved_on: dt.date | None


class BlockerIn(Schema):
    title: str
    unit_code: str
    found_on: dt.date
    deadline: dt.date
    description: str = ""


class ResolveIn(Schema):
    resolution: str = Field(..., min_length=1)
    resolved_on: dt.date | None = None


class RegionMonthOut(Schema):
    region_code: str
    region_name: str
    month: int
    completed: Decimal
    cumulative: Decimal
    previous_cumulative: Decimal
    growth: Decimal | None


@router.get("/projects", response=list[ProjectOut], summary="项目（按数据范围；可按阶段、清单、区划、单位、行业、停滞月数筛选）")
@paginate(PageNumberPagination)
def list_projects(request, stage: str = "", list: int | None = None, region: str = "",  # noqa: A002
                  unit: int | None = None, industry: str = "", stalled: int | None = None, q: str = ""):
    params = {"stage": stage, "list": list, "region": region, "unit": unit, "industry": industry,
              "stalled": stalled, "q": q}
    filters = queries.filters_from({k: v for k, v in params.items() if v not in (None, "")})
    return queries.project_rows(queries.filtered_projects(request.user, filters))


@router.get("/projects/{project_id}", response=ProjectOut, summary="项目")
def get_project(request, project_id: int):
    return queries.access_project(request.user, project_id)


@router.post("/projects", response={201: ProjectOut}, summary="新建项目（指挥部）")
def create_project(request, payload: ProjectIn):
    return Status(201, services.create_project(actor=request.user, data=services.ProjectData(**payload.dict())))


@router.post("/projects/{project_id}/stage", response=ProjectOut, summary="变更项目阶段（退回须写明原因）")
def change_stage(request, project_id: int, payload: StageIn):
    project = queries.access_project(request.user, project_id)
    services.change_stage(actor=request.user, project=project, stage=payload.stage, on=payload.on,
                          reason=payload.reason)
    return project


def _month(period: str) -> Period:
    try:
        month = Period.parse(period)
    except ParseError as exc:
        raise InvalidInput(exc.message, field="period") from exc
    if month.kind != "month":
        raise InvalidInput(f"“{period}”不是某一个月，请写成 2023-06", field="period")
    return month


@router.get("/projects/{project_id}/investment", response=list[InvestmentOut], summary="项目月度投资")
def list_investment(request, project_id: int, year: int | None = None):
    project = queries.access_project(request.user, project_id)
    rows = MonthlyInvestment.objects.filter(project=project).order_by("year", "month")
    return rows.filter(year=year) if year else rows


@router.put("/projects/{project_id}/investment/{period}", response=InvestmentOut,
            summary="填报某月投资（当月值或年内累计，另一项自动推算；累计下降须说明）")
def record_investment(request, project_id: int, period: str, payload: InvestmentIn):
    project = queries.access_project(request.user, project_id)
    month = _month(period)
    return services.record_investment(actor=request.user, project=project, entry=services.InvestmentEntry(
        year=month.year, month=month.first_month, **payload.dict()))


@router.get("/investment/by-region", response=list[RegionMonthOut], summary="分区域月度完成投资及累计同比")
def investment_by_region(request, year: int, within: str = "210000"):
    access = access_for(request.user)
    if not access.sees_all and not within.startswith(access.region_prefix or "-"):
        raise PermissionDenied("该区划不在您的数据范围内")
    return stats.investment_by_region_month(year, within=within)


@router.get("/blockers", response=list[BlockerOut], summary="项目难题（按数据范围）")
@paginate(PageNumberPagination)
def list_blockers(request, status: str = "open", unit_id: int | None = None):
    return queries.blocker_board(request.user, unit_id=unit_id, status=status).select_related("unit")


@router.post("/projects/{project_id}/blockers", response={201: BlockerOut}, summary="登记项目难题")
def raise_blocker(request, project_id: int, payload: BlockerIn):
    project = queries.access_project(request.user, project_id)
    blocker = services.raise_blocker(actor=request.user, project=project,
                                     data=services.BlockerData(**payload.dict()))
    return Status(201, blocker)


@router.post("/blockers/{blocker_id}/resolve", response=BlockerOut, summary="办结项目难题（责任单位）")
def resolve_blocker(request, blocker_id: int, payload: ResolveIn):
    blocker = queries.access_blocker(request.user, blocker_id)
    return services.resolve_blocker(actor=request.user, blocker=blocker, resolution=payload.resolution,
                                    resolved_on=payload.resolved_on)
