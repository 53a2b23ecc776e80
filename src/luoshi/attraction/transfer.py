"""Leads and funds arrived to and from Excel, in the layout an HQ keeps: one row per lead;
one row per lead and month of 域外 money arrived.

All or nothing: every row is parsed and its references checked (lead numbers, regions, units,
the actor's data scope) before anything is written; then every row goes through the same
services the pages use, in one transaction, so rules and audit are the same. A service
refusing a row undoes the whole import and is reported against that row. Exports write the
import layout, so an exported file imports back unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from luoshi.attraction import queries, services
from luoshi.attraction.models import STAGE_DATE_FIELD, FundsArrival, Lead, Origin, Stage
from luoshi.core import xlsx
from luoshi.core.errors import DomainError, InvalidInput
from luoshi.core.industries import Industry
from luoshi.core.models import Region
from luoshi.core.money import parse_quantity, to_wan_yuan
from luoshi.core.permissions import access_for
from luoshi.core.xlsx import Column, ImportRejected, Table
from luoshi.orgs.models import Unit

CHUNK = 500  # stay under the database's limit of query parameters


# --- cell parsers ------------------------------------------------------------------------

def _wan_yuan(value: Any) -> Decimal:
    """An amount in 万元: a plain number, or a number with its unit (8.68亿元, 500万元)."""
    if isinstance(value, bool):
        raise InvalidInput(f"“{value}”不是金额")
    if isinstance(value, int | float):
        amount = Decimal(str(value))
    else:
        text = str(value).replace(",", "").strip()
        try:
            amount = Decimal(text)
        except InvalidOperation:
            try:
                amount = to_wan_yuan(parse_quantity(text))
            except DomainError:
                raise InvalidInput(f"“{value}”不是金额，请填写万元数，如 5000 或 8.68亿元") from None
    if not amount.is_finite():
        raise InvalidInput(f"“{value}”不是金额，请填写万元数，如 5000")
    return amount.normalize() if amount == amount.to_integral_value() else amount


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip().replace("/", "-").replace(".", "-")
    for pattern in ("%Y-%m-%d", "%Y年%m月%d日"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise InvalidInput(f"“{value}”不是日期，请按 2023-06-28 的格式填写")


def _industry(value: Any) -> str:
    text = str(value).strip()
    letter = text[:1].upper()
    if letter in Industry.values and (len(text) == 1 or not text[1:2].isalpha()
                                              or text[1:].strip() == Industry(letter).label):
        return letter
    for code, label in Industry.choices:
        if text == str(label):
            return code
    raise InvalidInput(f"“{value}”不是国民经济行业门类，请填写门类字母A—T或名称，如 C 或 制造业")


def _industry_label(lead: Lead) -> str:
    return f"{lead.industry} {xlsx.label(Industry, lead.industry)}"


_industry.allowed = lambda: [f"{v} {label}" for v, label in Industry.choices]


def _iso(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _amount_text(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f").rstrip("0")


LEAD_COLUMNS = [
    Column("线索编号", "id", parse=xlsx.integer(minimum=1), export=lambda lead: lead.pk,
           as_text=False, help="系统中已有线索的编号，导入时更新该线索；新线索留空"),
    Column("项目名称", "title", required=True, parse=xlsx.text(max_length=200),
           example="65万吨苯酚丙酮产业链项目"),
    Column("投资方", "investor", required=True, parse=xlsx.text(max_length=200),
           example="江苏三木集团有限公司"),
    Column("统一社会信用代码", "investor_uscc", parse=xlsx.text(max_length=40), default="",
           example="91320282134789723H", help="18位；境外投资方可不填"),
    Column("投资方来源", "origin", required=True, parse=xlsx.choice(Origin), example="省外",
           export=lambda lead: xlsx.label(Origin, lead.origin), help="省外、境外为域外资金"),
    Column("投资方所在地", "investor_place", parse=xlsx.text(max_length=64), default="",
           example="江苏省宜兴市"),
    Column("行业门类", "industry", required=True, parse=_industry, export=_industry_label,
           example="C 制造业", help="GB/T 4754-2017 门类：字母A—T，或字母加名称"),
    Column("意向投资额（万元）", "intended_investment", required=True, parse=_wan_yuan,
           export=lambda lead: _amount_text(lead.intended_investment), example="868000",
           help="万元；也可写 86.8亿元"),
    Column("落地区划代码", "region_code", required=True, example="210400",
           parse=xlsx.text(fullmatch=r"\d{6}", hint="请填写6位行政区划代码，如 210400"),
           export=lambda lead: lead.region_id),
    Column("跟进单位编码", "unit_code", required=True, parse=xlsx.code(max_length=32),
           export=lambda lead: lead.unit.code, example="210400-SWJ"),
    Column("阶段", "stage", required=True, parse=xlsx.choice(Stage), example="签约",
           export=lambda lead: xlsx.label(Stage, lead.stage),
           help="已有线索改变阶段时，按页面上的规则办理：向前一步；退回、终止或恢复须写原因"),
    Column("洽谈日期", "negotiating_on", required=True, parse=_date, example="2023-03-15",
           export=lambda lead: _iso(lead.negotiating_on)),
    Column("签约日期", "signed_on", parse=_date, example="2023-05-20",
           export=lambda lead: _iso(lead.signed_on)),
    Column("落位日期", "landed_on", parse=_date, example="",
           export=lambda lead: _iso(lead.landed_on)),
    Column("终止日期", "terminated_on", parse=_date, example="",
           export=lambda lead: _iso(lead.terminated_on)),
    Column("阶段变更原因", "reason", parse=xlsx.text(max_length=500), default="", example="",
           export=lambda lead: ""),
    Column("备注", "note", parse=xlsx.text(max_length=2000), default="", example=""),
]

FUNDS_COLUMNS = [
    Column("线索编号", "lead_id", required=True, parse=xlsx.integer(minimum=1), as_text=False,
           export=lambda row: row.lead_id, example=1, help="招商线索的编号（线索清单第一列）"),
    Column("项目名称", "title", parse=xlsx.text(), default="", export=lambda row: row.lead.title,
           example="65万吨苯酚丙酮产业链项目", help="仅供核对，导入时不读取"),
    Column("月份", "month", required=True, example="2023-06",
           parse=xlsx.text(fullmatch=r"\d{4}-\d{2}|\d{4}年\d{1,2}月", hint="请按 2023-06 的格式填写"),
           export=lambda row: row.month),
    Column("到位额（万元）", "amount", required=True, parse=_wan_yuan, example="12000",
           export=lambda row: _amount_text(row.amount), help="当月到位的域外资金，万元"),
]


@dataclass(frozen=True)
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def export_leads(rows: Iterable[Lead]) -> bytes:
    """``rows`` with ``unit`` loaded (``queries.lead_list``)."""
    return xlsx.write_table(LEAD_COLUMNS, rows, title="招商线索", sheet_name="招商线索")


def export_funds(rows: Iterable[FundsArrival]) -> bytes:
    return xlsx.write_table(FUNDS_COLUMNS, rows, title="域外资金到位情况", sheet_name="到位资金")


def leads_template() -> bytes:
    return xlsx.template(LEAD_COLUMNS, title="招商线索导入模板", notes=[
        "线索编号留空为新线索；填写已有编号则更新该线索（先导出清单，在导出的文件上修改）。",
        "新线索可直接按实际阶段填写：签约的填签约日期，落位的再填落位日期，终止的填终止日期和原因。"])


def funds_template() -> bytes:
    return xlsx.template(FUNDS_COLUMNS, title="到位资金导入模板", notes=[
        "每行填写一个线索一个月份的到位额；同一线索同一月份已有的记录会被更新。",
        "只有省外、境外投资方且已签约的线索登记到位额，月份不早于签约月份。"])


# --- reading -----------------------------------------------------------------------------

def _chunked(values: Iterable, fetch: Callable[[list], Iterable]) -> list:
    values = sorted(set(values))
    return [item for start in range(0, len(values), CHUNK) for item in fetch(values[start:start + CHUNK])]


def _leads_by_id(actor, ids: Iterable[int]) -> dict[int, Lead]:
    leads = queries.visible_leads(actor).select_related("unit", "region")
    return {lead.pk: lead for lead in _chunked(ids, lambda chunk: leads.filter(pk__in=chunk))}


def _first_rows(table: Table, key_of: Callable[[dict], Any], column: str, what: str) -> None:
    first: dict = {}
    for number, values in table:
        key = key_of(values)
        if key is None:
            continue
        if key in first:
            table.error(number, column, f"与第{first[key]}行重复：{what}只能出现一次，请删去一行")
        else:
            first[key] = number


def _write(table: Table, number: int, call: Callable, fallback: str, columns: dict[str, str]):
    """Run one service call; its refusal becomes this row's error and undoes the import."""
    try:
        return call()
    except DomainError as exc:
        table.error(number, columns.get(getattr(exc, "field", ""), fallback), exc.message)
    except IntegrityError:
        table.error(number, fallback, "与系统中的数据冲突（可能刚被他人修改），请重新导出后再导入")
    raise ImportRejected(table.errors)


# The file column a service error's ``field`` points at.
_LEAD_FIELDS = {"region": "region_code", "unit": "unit_code", "to_stage": "stage", "on": "stage",
                "lead": "id"}
_LEAD_FIELDS.update({name: name for name in ("title", "investor", "investor_uscc", "origin",
                     "industry", "intended_investment", "negotiating_on", "signed_on",
                     "landed_on", "terminated_on", "reason", "stage")})


def _check_lead_rows(actor, table: Table) -> dict[int, Lead]:
    _first_rows(table, lambda values: values.get("id"), "id", "同一线索编号")
    existing = _leads_by_id(actor, (v["id"] for _, v in table if v.get("id")))
    regions = set(_chunked((v.get("region_code") for _, v in table if v.get("region_code")),
                           lambda c: Region.objects.filter(pk__in=c).values_list("pk", flat=True)))
    units = {u.code: u for u in _chunked((v.get("unit_code") for _, v in table if v.get("unit_code")),
                                         lambda c: Unit.objects.filter(code__in=c))}
    access = access_for(actor)
    for number, values in table:
        if values.get("unit_code") in units and not services.unit_allowed(access, units[values["unit_code"]]):
            table.error(number, "unit_code", f"跟进单位“{values['unit_code']}”不在您的数据范围内")
        if not values.get("id") and len(values) == len(LEAD_COLUMNS):
            try:
                services.check_new_lead(_lead_data(values))
            except DomainError as exc:
                table.error(number, _LEAD_FIELDS.get(getattr(exc, "field", ""), "title"), exc.message)
        if values.get("id") and values["id"] not in existing:
            table.error(number, "id", f"线索编号{values['id']}不存在或不在您的数据范围内；新线索请留空")
        if values.get("region_code") and values["region_code"] not in regions:
            table.error(number, "region_code", f"区划代码“{values['region_code']}”不存在")
        if values.get("unit_code") and values["unit_code"] not in units:
            table.error(number, "unit_code", f"单位编码“{values['unit_code']}”不存在")
    return existing


def _lead_data(values: dict) -> services.LeadData:
    return services.LeadData(**{k: v for k, v in values.items() if k != "id"})


def _same(lead: Lead, data: services.LeadData) -> bool:
    current = services.lead_data(lead)
    current.investor_uscc = lead.investor_uscc
    data = services.LeadData(**{**vars(data), "investor_uscc": services.normalise_uscc(data.investor_uscc)
                                if data.investor_uscc else "", "reason": ""})
    return vars(current) == vars(data)


def _apply_row(actor, lead: Lead, data: services.LeadData) -> bool:
    """Bring an existing lead to the row: edit, then move its stage. True when it changed."""
    if _same(lead, data):
        return False
    described = services.LeadData(**{**vars(data), "stage": lead.stage, "signed_on": lead.signed_on,
                                     "landed_on": lead.landed_on, "terminated_on": lead.terminated_on})
    if not _same(lead, described):
        services.update_lead(actor=actor, lead=lead, data=described)
    if data.stage != lead.stage:
        stage = Stage(data.stage)
        backwards = services.needs_reason(lead, stage) and stage != Stage.TERMINATED
        # A step back is dated today; a step forward or a drop by the row's date for it.
        on = timezone.localdate() if backwards else getattr(data, STAGE_DATE_FIELD[stage])
        if on is None:
            raise InvalidInput(f"阶段改为“{stage.label}”时请填写{stage.label}日期", field=STAGE_DATE_FIELD[stage])
        services.move_lead(actor=actor, lead=lead, to_stage=stage, on=on, reason=data.reason)
    return True


def import_leads(*, actor, file) -> ImportResult:
    """Create (no 线索编号) or update (by 线索编号) every lead in ``file``, or nothing."""
    access = access_for(actor)
    if not services.can_edit_leads(access):
        access.require("leads.follow")
    table = xlsx.read_table(file, LEAD_COLUMNS, defer_errors=True)
    existing = _check_lead_rows(actor, table)
    table.raise_errors()
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic(durable=True):
        for number, values in table:
            data = _lead_data(values)
            lead = existing.get(values.get("id"))
            if lead is None:
                _write(table, number, lambda data=data: services.create_lead(actor=actor, data=data),
                       "title", _LEAD_FIELDS)
                counts["created"] += 1
            elif _write(table, number, lambda lead=lead, data=data: _apply_row(actor, lead, data),
                        "id", _LEAD_FIELDS):
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
    return ImportResult(**counts)


def import_funds(*, actor, file) -> ImportResult:
    """Set every lead-month's funds arrived in ``file``, or nothing."""
    access = access_for(actor)
    if not services.can_edit_leads(access):
        access.require("leads.follow")
    table = xlsx.read_table(file, FUNDS_COLUMNS, defer_errors=True)
    for number, values in table:
        if values.get("month"):
            try:
                values["month"] = services.parse_month(values["month"]).code
            except DomainError as exc:
                table.error(number, "month", exc.message)
                values.pop("month")
    _first_rows(table, lambda v: (v.get("lead_id"), v.get("month")) if v.get("month") else None,
                "month", "同一线索的同一月份")
    leads = _leads_by_id(actor, (v["lead_id"] for _, v in table if v.get("lead_id")))
    for number, values in table:
        if values.get("lead_id") and values["lead_id"] not in leads:
            table.error(number, "lead_id", f"线索编号{values['lead_id']}不存在或不在您的数据范围内")
    table.raise_errors()
    current = {(f.lead_id, f.month): f.amount for f in _chunked(
        leads, lambda chunk: FundsArrival.objects.filter(lead_id__in=chunk))}
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic(durable=True):
        for number, values in table:
            key = (values["lead_id"], values["month"])
            if current.get(key) == values["amount"]:
                counts["unchanged"] += 1
                continue
            _write(table, number, lambda v=values: services.record_funds(
                actor=actor, lead=leads[v["lead_id"]], month=v["month"], amount=v["amount"]),
                "amount", {"month": "month", "amount": "amount", "lead": "lead_id"})
            counts["updated" if key in current else "created"] += 1
    return ImportResult(**counts)
