"""/api/v1/ endpoints for progress reports: read, fill, submit, approve, accept, return."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from luoshi.plans.queries import access_node
from luoshi.progress import queries, services

router = Router(tags=["进展报告"])


class ReportOut(Schema):
    id: int
    node_id: int
    unit_code: str = Field(..., alias="unit.code")
    period: str
    status: str
    progress: str
    problems: str
    next_steps: str
    deadline: dt.date
    submitted_at: dt.datetime | None
    is_late: bool
    return_reason: str
    values: dict[int, Decimal]

    @staticmethod
    def resolve_values(obj) -> dict[int, Decimal]:
        return {v.target_id: v.value for v in obj.values.all()}


class ReportIn(Schema):
    progress: str = ""
    problems: str = ""
    next_steps: str = ""
    values: dict[int, Decimal | None] = {}


class OpenIn(Schema):
    node_id: int
    period: str = Field(..., examples=["2023-06"])


class ReturnIn(Schema):
    reason: str = Field(..., min_length=1)


@router.get("/reports", response=list[ReportOut], summary="进展报告（按数据范围）")
@paginate(PageNumberPagination)
def list_reports(request, period: str = "", status: str = "", node_id: int | None = None):
    reports = queries.visible_reports(request.user).select_related("unit").prefetch_related("values")
    if period:
        reports = reports.filter(period=period)
    if status:
        reports = reports.filter(status=status)
    if node_id:
        reports = reports.filter(node_id=node_id)
    return reports.order_by("-period", "node_id")


@router.get("/reports/{report_id}", response=ReportOut, summary="进展报告")
def get_report(request, report_id: int):
    return queries.access_report(request.user, report_id)


@router.post("/reports", response=ReportOut, summary="打开（新建草稿）本单位某条目某月的报告")
def open_report(request, payload: OpenIn):
    node = access_node(request.user, payload.node_id)
    return services.open_report(actor=request.user, node=node, period=payload.period)


@router.put("/reports/{report_id}", response=ReportOut, summary="填写报告（草稿或退回状态）")
def save_report(request, report_id: int, payload: ReportIn):
    report = queries.access_report(request.user, report_id)
    return services.save_report(actor=request.user, report=report,
                                data=services.ReportData(**payload.dict()))


def _act(request, report_id: int, action):
    report = queries.access_report(request.user, report_id)
    return action(actor=request.user, report=report)


@router.post("/reports/{report_id}/submit", response=ReportOut, summary="报送")
def submit(request, report_id: int):
    return _act(request, report_id, services.submit_report)


@router.post("/reports/{report_id}/approve", response=ReportOut, summary="单位领导审核通过")
def approve(request, report_id: int):
    return _act(request, report_id, services.approve_report)


@router.post("/reports/{report_id}/accept", response=ReportOut, summary="指挥部采纳")
def accept(request, report_id: int):
    return _act(request, report_id, services.accept_report)


@router.post("/reports/{report_id}/return", response=ReportOut, summary="退回（须写明原因）")
def return_report(request, report_id: int, payload: ReturnIn):
    report = queries.access_report(request.user, report_id)
    return services.return_report(actor=request.user, report=report, reason=payload.reason)
