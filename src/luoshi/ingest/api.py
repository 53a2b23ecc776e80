"""/api/v1/ingest/extract: the facts of a text, the same JSON as `luoshi ingest extract --json`."""

from ninja import Field, Router, Schema

from luoshi.ingest import services
from luoshi.ingest.extraction import extract_facts

router = Router(tags=["文本数据提取"])


class ExtractIn(Schema):
    text: str = Field(..., min_length=1, max_length=services.MAX_TEXT,
                      examples=["今年上半年，抚顺固定资产投资增速22.3%。"])


class FactOut(Schema):
    value: float | int = Field(..., description="数值；增长为负时带负号（下降3.1% → -3.1）")
    unit: str = Field(..., description="原文单位（简体）：%、亿元、万吨、个、位……")
    label: str = Field(..., description="所度量的内容，如“固定资产投资增速”")
    kind: str = Field(..., description="actual 实际完成 / target 目标计划")
    period: str | None = Field(None, description="期间代码（2023-H1）；原文无年份时为原文写法")
    region: str | None = Field(None, description="地区名称")
    region_code: str | None = Field(None, description="行政区划代码")
    span: list[int] = Field(..., description="[起, 止) 在原文中的字符位置")
    text: str = Field(..., description="原文中的写法")


@router.post("/ingest/extract", response=list[FactOut], summary="从文本中提取数据")
def extract(request, payload: ExtractIn):
    services.require_manage(request.user)
    return [fact.as_dict() for fact in extract_facts(payload.text)]
