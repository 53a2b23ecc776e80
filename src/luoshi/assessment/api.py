"""/api/v1/ endpoints of the assessment: schemes, computation, results with the data scope
of the pages (the supervision office manages; units see their own results), breakdowns,
adjustments and hand-entered values."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from luoshi.assessment import queries, services
from luoshi.assessment.exports import movement_text
from luoshi.assessment.periods import parse_assessment_period
from luoshi.core.errors import NotFound
from luoshi.orgs.models import Unit

router = Router(tags=["实绩考核"])


class CriterionOut(Schema):
    id: int
    name: str
    metric: str
    weight: Decimal
    full_at: Decimal
    zero_at: Decimal


class CategoryOut(Schema):
    id: int
    name: str
    criteria: list[CriterionOut]

    @staticmethod
    def resolve_criteria(obj):
        return list(obj.criteria.all())


class SchemeOut(Schema):
    id: int
    title: str
    region_code: str = Field(..., alias="region_id")
    year: int
    issuing_body: str


class SchemeDetailOut(SchemeOut):
    categories: list[CategoryOut]

    @staticmethod
    def resolve_categories(obj):
        return list(obj.categories.prefetch_related("criteria"))


class SchemeIn(Schema):
    title: str
    region_code: str
    year: int
    issuing_body: str = ""


class ComputeIn(Schema):
    period: str = Field(..., examples=["2023Q2"])


class SummaryOut(Schema):
    period: str
    units: int
    scores: int
    seconds: float


class ResultOut(Schema):
    unit_id: int
    unit_code: str = Field(..., alias="unit.code")
    unit_name: str = Field(..., alias="unit.name")
    category_id: int
    period: str
    total: Decimal
    rank: int
    previous_rank: int | None
    movement: int | None
    movement_text: str

    @staticmethod
    def resolve_movement_text(obj) -> str:
        return movement_text(obj.movement)


class AdjustmentOut(Schema):
    id: int
    points: Decimal
    reason: str
    actor_name: str
    at: dt.datetime


class LineOut(Schema):
    criterion_id: int
    criterion: str
    source: str
    weight: Decimal
    value: Decimal | None
    basis: str
    points: Decimal | None
    adjustment: Decimal | None
    final: Decimal | None
    adjustments: list[AdjustmentOut]


class BreakdownOut(Schema):
    unit_id: int
    unit_name: str
    period: str
    category: str
    total: Decimal | None
    rank: int | None
    movement: int | None
    lines: list[LineOut]


class AdjustIn(Schema):
    criterion_id: int
    unit_id: int
    period: str
    points: Decimal
    reason: str = Field(..., min_length=1)


class ValueIn(Schema):
    criterion_id: int
    unit_id: int
    period: str
    value: Decimal | None
    note: str = ""


@router.get("/assessment/schemes", response=list[SchemeOut], summary="考核方案（按数据范围）")
@paginate(PageNumberPagination)
def list_schemes(request):
    return queries.visible_schemes(request.user).order_by("-year", "id")


@router.get("/assessment/schemes/{scheme_id}", response=SchemeDetailOut, summary="考核方案、类别和指标")
def get_scheme(request, scheme_id: int):
    return queries.access_scheme(request.user, scheme_id)


@router.post("/assessment/schemes", response={201: SchemeOut}, summary="新建考核方案")
def create_scheme(request, payload: SchemeIn):
    scheme = services.create_scheme(actor=request.user, data=services.SchemeData(**payload.dict()))
    return Status(201, scheme)


@router.post("/assessment/schemes/{scheme_id}/compute", response=SummaryOut, summary="计算某期得分和排名")
def compute(request, scheme_id: int, payload: ComputeIn):
    scheme = queries.manageable_scheme(request.user, scheme_id)
    return services.compute_period(actor=request.user, scheme=scheme, period=payload.period)


@router.get("/assessment/schemes/{scheme_id}/results", response=list[ResultOut],
            summary="考核结果（督查室看全部，单位看本单位）")
@paginate(PageNumberPagination)
def list_results(request, scheme_id: int, period: str, category_id: int | None = None):
    scheme = queries.access_scheme(request.user, scheme_id)
    code = parse_assessment_period(period, scheme.year).code
    results = queries.visible_results(request.user, scheme).filter(period=code).select_related("unit")
    if category_id:
        results = results.filter(category_id=category_id)
    return results.order_by("category_id", "position")


@router.get("/assessment/schemes/{scheme_id}/units/{unit_id}", response=BreakdownOut,
            summary="单位得分明细")
def get_breakdown(request, scheme_id: int, unit_id: int, period: str):
    scheme = queries.access_scheme(request.user, scheme_id)
    data = queries.breakdown(request.user, scheme, unit_id, period)
    result = data.result
    return {"unit_id": data.unit.pk, "unit_name": data.unit.name, "period": data.period,
            "category": data.category.name, "total": result.total if result else None,
            "rank": result.rank if result else None, "movement": result.movement if result else None,
            "lines": [{"criterion_id": line.criterion.pk, "criterion": line.criterion.name,
                       "source": line.metric_label, "weight": line.criterion.weight,
                       "value": line.score.value if line.score else None,
                       "basis": line.score.basis if line.score else "",
                       "points": line.score.points if line.score else None,
                       "adjustment": line.score.adjustment if line.score else None,
                       "final": line.score.final if line.score else None,
                       "adjustments": line.adjustments} for line in data.lines]}


def _target(request, scheme_id: int, criterion_id: int, unit_id: int):
    scheme = queries.manageable_scheme(request.user, scheme_id)
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise NotFound("单位不存在")
    return scheme, services.criterion_for(scheme, criterion_id), unit


@router.post("/assessment/schemes/{scheme_id}/adjustments", response={201: AdjustmentOut},
             summary="调整某单位某指标的分值（须写明理由）")
def adjust(request, scheme_id: int, payload: AdjustIn):
    _scheme, criterion, unit = _target(request, scheme_id, payload.criterion_id, payload.unit_id)
    adjustment = services.adjust_score(actor=request.user, criterion=criterion, unit=unit,
                                       period=payload.period, points=payload.points, reason=payload.reason)
    return Status(201, adjustment)


@router.put("/assessment/schemes/{scheme_id}/values", response={204: None},
            summary="录入（或清除）手工指标的得分值")
def enter_value(request, scheme_id: int, payload: ValueIn):
    _scheme, criterion, unit = _target(request, scheme_id, payload.criterion_id, payload.unit_id)
    services.enter_value(actor=request.user, criterion=criterion, unit=unit, period=payload.period,
                         value=payload.value, note=payload.note)
    return Status(204, None)
