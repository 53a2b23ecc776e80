"""Hand-entered criterion values through Excel: a template listing every member and manual
criterion of a scheme for a period (with the values already entered), and its import.

All or nothing: every row is checked and every problem reported with its row, column and fix;
only then are the values written through ``services.enter_values`` in one transaction.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db import transaction

from luoshi.assessment import services
from luoshi.assessment.models import MANUAL, Criterion, ManualValue, Member, Scheme
from luoshi.assessment.periods import HINT, parse_assessment_period
from luoshi.core import xlsx
from luoshi.core.errors import DomainError, InvalidInput
from luoshi.core.textnorm import cn_to_number
from luoshi.core.xlsx import Column

SHEET = "手工录入指标"


def _decimal(value) -> Decimal:
    try:
        number = cn_to_number(str(value)) if not isinstance(value, int | float) else Decimal(str(value))
    except DomainError:
        number = None
    if number is None:
        raise InvalidInput(f"“{value}”不是数字，请填写得分值，如 92.5")
    if not Decimal(-10**9) < number < Decimal(10**9):
        raise InvalidInput("数值过大")
    return Decimal(number).quantize(Decimal("0.01"))


def _period(value) -> str:
    return parse_assessment_period(str(value)).code


COLUMNS = [
    Column("考核期", "period", required=True, parse=_period, example="2023-Q2", help=HINT),
    Column("单位编码", "unit_code", required=True, parse=xlsx.code(max_length=32), example="210400-FGW"),
    Column("单位名称", "unit_name", example="抚顺市发展和改革委员会", help="仅供核对，导入时不读取"),
    Column("考核指标", "criterion", required=True, parse=xlsx.text(max_length=64), example="重点工作完成情况",
           help="本单位所在类别中“手工录入”的指标名称"),
    Column("得分值", "value", parse=_decimal, example="92.5", as_text=False,
           help="0–100 的得分值（或方案规定的原始值）；留空表示清除已录入的值"),
    Column("说明", "note", parse=xlsx.text(max_length=255), example="考核组评定"),
]


def template_rows(scheme: Scheme, period: str) -> list[dict]:
    """One row per member and manual criterion of its category, with the value entered so far."""
    criteria = defaultdict(list)
    for criterion in Criterion.objects.filter(category__scheme=scheme, metric=MANUAL):
        criteria[criterion.category_id].append(criterion)
    values = {(m.criterion_id, m.unit_id): m for m in
              ManualValue.objects.filter(criterion__category__scheme=scheme, period=period)}
    rows = []
    for member in Member.objects.filter(scheme=scheme).select_related("unit").order_by(
            "category__position", "unit__sort_order", "unit__code"):
        for criterion in criteria[member.category_id]:
            entered = values.get((criterion.pk, member.unit_id))
            rows.append({"period": period, "unit_code": member.unit.code, "unit_name": member.unit.name,
                         "criterion": criterion.name, "value": entered.value if entered else None,
                         "note": entered.note if entered else ""})
    return rows


def export_values(scheme: Scheme, period: str) -> bytes:
    code = parse_assessment_period(period, scheme.year).code
    return xlsx.write_table(COLUMNS, template_rows(scheme, code),
                            title=f"{scheme.title} 手工录入指标", sheet_name=SHEET)


def import_values(*, actor, scheme: Scheme, file) -> int:
    """Read the file and write its values, or raise ``ImportRejected`` and write nothing."""
    services.require_manage(actor, scheme)
    table = xlsx.read_table(file, COLUMNS, defer_errors=True)
    members = {m.unit.code: m for m in Member.objects.filter(scheme=scheme).select_related("unit", "category")}
    criteria = {(c.category_id, c.name): c for c in Criterion.objects.filter(category__scheme=scheme)}
    seen: dict[tuple, int] = {}
    by_period: dict[str, list[services.ValueRow]] = defaultdict(list)
    for number, values in table:
        period, unit_code, name = values.get("period"), values.get("unit_code"), values.get("criterion")
        if period and int(period[:4]) != scheme.year:
            table.error(number, "period", f"考核期{period}不在方案的考核年度{scheme.year}年内，请改正")
            continue
        member = members.get(unit_code) if unit_code else None
        if unit_code and member is None:
            table.error(number, "unit_code", f"单位“{unit_code}”不是本方案的考核对象，请核对单位编码")
            continue
        criterion = criteria.get((member.category_id, name)) if member and name else None
        if member and name and criterion is None:
            table.error(number, "criterion", f"类别“{member.category.name}”中没有指标“{name}”，请按模板填写")
            continue
        if criterion is not None and criterion.metric != MANUAL:
            table.error(number, "criterion", f"指标“{name}”由平台数据计算，不能导入；如需改分请作分值调整")
            continue
        if None in (period, member, criterion):
            continue  # the cell's own error is already listed
        key = (period, unit_code, name)
        if key in seen:
            table.error(number, "criterion", f"与第{seen[key]}行重复（同一考核期、单位和指标），请删去一行")
            continue
        seen[key] = number
        by_period[period].append(services.ValueRow(criterion, member.unit, values.get("value"),
                                                   values.get("note") or ""))
    table.raise_errors()
    with transaction.atomic():
        return sum(services.enter_values(actor=actor, scheme=scheme, period=period, rows=rows)
                   for period, rows in sorted(by_period.items()))
