"""The ranking and a unit's breakdown as .xlsx files."""

from __future__ import annotations

from django.http import HttpResponse

from luoshi.assessment.periods import parse_assessment_period
from luoshi.core.xlsx import Column, write_table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def movement_text(movement: int | None) -> str:
    """比学赶超: ↑2 moved up two places, ↓1 down one, — unchanged, 新 no previous rank."""
    if movement is None:
        return "新"
    if movement > 0:
        return f"↑{movement}"
    if movement < 0:
        return f"↓{-movement}"
    return "—"


def _response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


def ranking_columns(criteria) -> list[Column]:
    columns = [
        Column("排名", "rank", export=lambda r: r.result.rank, as_text=False),
        Column("位次变化", "movement", export=lambda r: movement_text(r.result.movement)),
        Column("单位编码", "unit_code", export=lambda r: r.result.unit.code),
        Column("单位名称", "unit_name", export=lambda r: r.result.unit.name),
    ]
    for index, criterion in enumerate(criteria):
        columns.append(Column(f"{criterion.name}（{criterion.weight.normalize():f}分）", f"c{criterion.pk}",
                              export=lambda r, i=index: r.points[i], as_text=False))
    columns.append(Column("总分", "total", export=lambda r: r.result.total, as_text=False))
    return columns


def ranking_workbook(scheme, category, period: str, criteria, rows) -> bytes:
    label = parse_assessment_period(period).label_zh()
    title = f"{scheme.title} {label} {category.name if category else ''}排名"
    return write_table(ranking_columns(criteria), rows, title=title, sheet_name=f"{label}排名")


def ranking_response(scheme, category, period, criteria, rows) -> HttpResponse:
    content = ranking_workbook(scheme, category, period, criteria, rows)
    return _response(content, f"assessment-{scheme.pk}-{period}-ranking.xlsx")


BREAKDOWN_COLUMNS = [
    Column("考核指标", "criterion", export=lambda line: line.criterion.name),
    Column("数据来源", "source", export=lambda line: line.metric_label),
    Column("权重（分）", "weight", export=lambda line: line.criterion.weight, as_text=False),
    Column("指标值", "value", export=lambda line: "无数据" if not line.score or line.score.value is None
           else line.score.value, as_text=False),
    Column("计算依据", "basis", export=lambda line: line.score.basis if line.score else ""),
    Column("得分", "points", export=lambda line: line.score.points if line.score else None, as_text=False),
    Column("调整", "adjustment", export=lambda line: line.score.adjustment if line.score else None,
           as_text=False),
    Column("调整理由", "reasons", export=lambda line: "；".join(
        f"{a.points:+}分：{a.reason}（{a.actor_name}）" for a in line.adjustments)),
    Column("最终得分", "final", export=lambda line: line.score.final if line.score else None, as_text=False),
]


def breakdown_response(data) -> HttpResponse:
    label = parse_assessment_period(data.period).label_zh()
    rank = f"第{data.result.rank}名，总分{data.result.total}" if data.result else "未计算"
    title = f"{data.unit.name} {label}实绩考核得分（{rank}）"
    content = write_table(BREAKDOWN_COLUMNS, data.lines, title=title, sheet_name=f"{label}得分明细")
    return _response(content, f"assessment-{data.scheme.pk}-{data.period}-{data.unit.code}.xlsx")
