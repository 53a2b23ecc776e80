"""/api/v1/ endpoints for indicators, observations, rankings and check flags."""

from decimal import Decimal

from ninja import Field, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from luoshi.core.errors import NotFound
from luoshi.core.models import Region
from luoshi.indicators import queries, services
from luoshi.indicators.models import FlagStatus

router = Router(tags=["经济指标"])


class IndicatorOut(Schema):
    id: int
    code: str
    name: str
    unit: str
    frequency: str
    kind: str
    source: str
    higher_is_better: bool
    combined_jan_feb: bool
    real_growth: bool
    rank_basis: str
    is_key: bool


class ObservationOut(Schema):
    id: int
    indicator_code: str = Field(..., alias="indicator.code")
    region_code: str = Field(..., alias="region_id")
    period: str
    year: int
    month: int
    value: Decimal | None
    value_derived: bool
    cumulative: Decimal | None
    cumulative_derived: bool
    yoy_reported: Decimal | None
    yoy_comparable: bool
    yoy_computed: Decimal | None
    yoy: Decimal | None
    source_name: str
    flag_count: int

    @staticmethod
    def resolve_period(obj) -> str:
        return obj.period.code


class ObservationIn(Schema):
    indicator_code: str
    region_code: str
    period: str = Field(..., examples=["2023-06", "2023年1-6月", "2023-01~02"])
    value: Decimal | None = None
    cumulative: Decimal | None = None
    yoy_reported: Decimal | None = None
    yoy_comparable: bool = False
    source_name: str = ""


class RankOut(Schema):
    rank: int | None
    region_code: str
    region_name: str
    figure: Decimal | None
    streak: str | None


class FlagOut(Schema):
    id: int
    observation_id: int
    indicator_code: str = Field(..., alias="indicator.code")
    region_code: str = Field(..., alias="region_id")
    year: int
    month: int
    rule: str
    message: str
    status: str


def _region(code: str) -> Region:
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise NotFound(f"区划“{code}”不存在")
    return region


@router.get("/indicators", response=list[IndicatorOut], summary="经济指标")
@paginate(PageNumberPagination)
def list_indicators(request, q: str = ""):
    return queries.indicator_list(q)


@router.get("/indicators/{indicator_id}", response=IndicatorOut, summary="经济指标")
def get_indicator(request, indicator_id: int):
    return queries.access_indicator(indicator_id)


@router.get("/indicators/{indicator_id}/ranking", response=list[RankOut],
            summary="某期下级地区排名（含连续排名）")
def get_ranking(request, indicator_id: int, period: str, parent: str = "210000"):
    indicator = queries.access_indicator(indicator_id)
    month = services.release_month(period, indicator)
    rows = queries.ranking(indicator, month, _region(parent))
    scope = queries.SCOPE_NAMES.get(_region(parent).level, "")
    return [{"rank": r.rank, "region_code": r.region.code, "region_name": r.region.name,
             "figure": r.figure, "streak": r.streak.phrase(scope) if r.streak else None}
            for r in rows]


@router.get("/observations", response=list[ObservationOut], summary="指标值（可按指标、区划、期间筛选）")
@paginate(PageNumberPagination)
def list_observations(request, indicator: str = "", region: str = "", period: str = "",
                      flagged: bool = False):
    indicator_id = services.indicator_by_code(indicator).pk if indicator else None
    year = month = None
    if period:
        year, month = services.release_month(period)
    return queries.observation_list(indicator_id=indicator_id, region_code=region, year=year,
                                    month=month, flagged=flagged)


@router.post("/observations", response={201: ObservationOut}, summary="录入指标值")
def create_observation(request, payload: ObservationIn):
    indicator = services.indicator_by_code(payload.indicator_code)
    obs = services.record_observation(
        actor=request.user, indicator=indicator, region=_region(payload.region_code),
        period=payload.period, value=payload.value, cumulative=payload.cumulative,
        yoy_reported=payload.yoy_reported, yoy_comparable=payload.yoy_comparable,
        source_name=payload.source_name or "API")
    return Status(201, obs)


@router.get("/indicator-flags", response=list[FlagOut], summary="数据疑点")
@paginate(PageNumberPagination)
def list_flags(request, status: str = FlagStatus.OPEN, rule: str = ""):
    return queries.flag_list(status=status, rule=rule)
