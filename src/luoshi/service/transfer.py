"""Enterprises, cadre assignments and appeals to and from Excel.

Each list has one column layout that export writes and import reads, so an exported file
imports back unchanged. Import is all or nothing: every row is checked first and every
problem reported with its row, column and fix; only then is everything written in one
transaction through the services (permission, rules, audit), and a service refusing a row
undoes the whole file.

- 企业: keyed by 统一社会信用代码; a known code updates the enterprise, a new one creates it.
- 包保关系: keyed by enterprise, cadre (name, post, unit) and start date; a known row may
  set the end date, a new one assigns the cadre.
- 诉求: a row without 编号 registers a new appeal (and assigns it when 承办单位编码 is given);
  a row with the 编号 of an appeal still waiting to be assigned assigns it, so HQ can assign
  a batch in Excel. Answers, ratings and closures are made by the people concerned in the
  system; their columns are exported for reading and not imported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from openpyxl import Workbook

from luoshi.core import xlsx
from luoshi.core.errors import DomainError, InvalidInput
from luoshi.core.models import Region
from luoshi.core.permissions import access_for, unit_in_scope
from luoshi.core.xlsx import Column, ImportRejected, Table
from luoshi.orgs.models import Official, Unit
from luoshi.service import services
from luoshi.service.models import (
    Appeal,
    AppealCategory,
    AppealStatus,
    Assignment,
    Enterprise,
    EnterpriseSize,
    Industry,
    Satisfaction,
)

CHUNK = 500  # stay under the database's limit of query parameters
ACTIVE, INACTIVE = "在册", "移出"
_DATE_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_NUMBER = re.compile(r"SQ(\d{4})-(\d{1,9})", re.IGNORECASE)
READ_ONLY = "导出时附带，导入时不读取"


def parse_date(value: Any) -> dt.date:
    """An Excel date, or text such as 2023-06-30, 2023/6/30, 2023.6.30, 2023年6月30日."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    match = _DATE_TEXT.fullmatch(text)
    if match is None:
        raise InvalidInput(f"“{text}”不是日期，请填写如 2023-06-30 或 2023年6月30日")
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise InvalidInput(f"“{text}”不是有效的日期，请核对年、月、日") from None


def _iso(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _industry(value: Any) -> str:
    """A GB/T 4754 section: its letter (C) or its name (制造业)."""
    text = str(value).strip()
    if text.upper() in Industry.values:
        return text.upper()
    names = {str(label): v for v, label in Industry.choices}
    if text in names:
        return names[text]
    raise InvalidInput(f"“{text}”不是GB/T 4754-2017的行业门类，请填写门类字母A—T或门类名称，如 C 或 制造业")


def _uscc_cell(value: Any) -> str:
    return services.normalise_uscc(str(value))


ENTERPRISE_COLUMNS = [
    Column("统一社会信用代码", "uscc", required=True, parse=_uscc_cell, example="91210400MA0XXXXXXX",
           help="18位，按GB 32100核对校验码；系统中已有的代码会更新该企业，其余新建"),
    Column("企业名称", "name", required=True, parse=xlsx.text(max_length=128), example="抚顺某某石化有限公司"),
    Column("区划代码", "region_code", required=True, export=lambda e: e.region_id, example="210411",
           parse=xlsx.text(fullmatch=r"\d{6}", hint="请填写6位行政区划代码，如 210411"),
           help="企业所在的县（区）或市，6位行政区划代码（GB/T 2260）"),
    Column("行业门类", "industry", parse=_industry, default="", example="C",
           export=lambda e: e.industry, help="GB/T 4754-2017门类字母A—T或门类名称；可留空"),
    Column("企业规模", "size", required=True, parse=xlsx.choice(EnterpriseSize), example="中型",
           export=lambda e: xlsx.label(EnterpriseSize, e.size), help="大型、中型、小型、微型"),
    Column("地址", "address", parse=xlsx.text(max_length=255), default=""),
    Column("联系人", "contact_name", parse=xlsx.text(max_length=64), default=""),
    Column("联系电话", "contact_phone", parse=xlsx.text(max_length=32), default=""),
    Column("状态", "is_active", parse=xlsx.flag(ACTIVE, INACTIVE), default=True, example=ACTIVE,
           export=lambda e: ACTIVE if e.is_active else INACTIVE, help="留空为在册"),
]

ASSIGNMENT_COLUMNS = [
    Column("统一社会信用代码", "uscc", required=True, parse=_uscc_cell,
           export=lambda a: a.enterprise.uscc, example="91210400MA0XXXXXXX", help="系统中已有的企业"),
    Column("企业名称", "enterprise_name", export=lambda a: a.enterprise.name, help=READ_ONLY),
    Column("干部姓名", "official_name", required=True, parse=xlsx.text(max_length=64),
           export=lambda a: a.official.name, example="张伟"),
    Column("职务", "official_post", required=True, parse=xlsx.text(max_length=128),
           export=lambda a: a.official.post, example="局长"),
    Column("干部所在单位编码", "unit_code", required=True, parse=xlsx.code(max_length=32),
           export=lambda a: a.official.unit.code, example="210400-GXJ",
           help="与姓名、职务一起确定系统中已有的领导干部"),
    Column("包保起始日期", "start_date", required=True, parse=parse_date,
           export=lambda a: _iso(a.start_date), example="2023-03-01"),
    Column("包保结束日期", "end_date", parse=parse_date, export=lambda a: _iso(a.end_date),
           help="正在包保的留空"),
]

APPEAL_COLUMNS = [
    Column("编号", "number", parse=xlsx.text(fullmatch=_NUMBER.pattern, hint="编号形如 SQ2023-000123"),
           export=lambda a: a.number, help="新诉求留空；填写系统中的编号可为待交办的诉求交办"),
    Column("统一社会信用代码", "uscc", required=True, parse=_uscc_cell,
           export=lambda a: a.enterprise.uscc, example="91210400MA0XXXXXXX", help="系统中已有的企业"),
    Column("企业名称", "enterprise_name", export=lambda a: a.enterprise.name, help=READ_ONLY),
    Column("诉求类别", "category", required=True, parse=xlsx.choice(AppealCategory), example="用地",
           export=lambda a: xlsx.label(AppealCategory, a.category)),
    Column("诉求事项", "title", required=True, parse=xlsx.text(max_length=200),
           example="新厂房建设用地指标", help="一句话，最多200字"),
    Column("诉求内容", "content", required=True, parse=xlsx.text(), example="企业扩产需新增用地30亩，申请列入年度用地计划"),
    Column("受理日期", "received_on", required=True, parse=parse_date,
           export=lambda a: _iso(a.received_on), example="2023-06-01"),
    Column("承办单位编码", "unit_code", parse=xlsx.code(max_length=32), default="",
           export=lambda a: a.unit.code if a.unit_id else "", example="210400-ZJJ",
           help="填写则交办给该单位；留空为待交办"),
    Column("办理时限", "deadline", parse=parse_date, export=lambda a: _iso(a.deadline),
           help="交办时可另定；留空按受理日起的工作日计算"),
    Column("状态", "status", export=lambda a: xlsx.label(AppealStatus, a.status), help=READ_ONLY),
    Column("答复意见", "response", export=lambda a: a.response, help=READ_ONLY),
    Column("答复日期", "answered_on", export=lambda a: _iso(a.answered_on), help=READ_ONLY),
    Column("办结日期", "closed_on", export=lambda a: _iso(a.closed_on), help=READ_ONLY),
    Column("企业评价", "satisfaction",
           export=lambda a: xlsx.label(Satisfaction, a.satisfaction) if a.satisfaction else "", help=READ_ONLY),
]


@dataclass(frozen=True)
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


# --- export --------------------------------------------------------------------------------

def export_enterprises(rows: Iterable[Enterprise]) -> bytes:
    return xlsx.write_table(ENTERPRISE_COLUMNS, rows, title="服务企业名录", sheet_name="企业")


def export_assignments(rows: Iterable[Assignment]) -> bytes:
    """``rows`` with enterprise and official (with unit) loaded."""
    return xlsx.write_table(ASSIGNMENT_COLUMNS, rows, title="包保关系", sheet_name="包保关系")


def appeals_for_export(rows):
    """The listed appeals with what the export columns read."""
    return rows.select_related("enterprise", "unit").defer(None).iterator(chunk_size=2000)


def export_appeals(rows: Iterable[Appeal]) -> bytes:
    return xlsx.write_table(APPEAL_COLUMNS, rows, title="企业诉求", sheet_name="诉求")


def _rate(value) -> str:
    return f"{value}%" if value is not None else ""


FIGURE_COLUMNS = [
    Column("分组", "label"),
    Column("受理", "received", as_text=False),
    Column("已答复", "answered", as_text=False),
    Column("已办结", "closed", as_text=False),
    Column("按时答复", "on_time", as_text=False),
    Column("逾期答复", "late", as_text=False),
    Column("逾期未答复", "overdue", as_text=False),
    Column("办结率", "resolution_rate", export=lambda f: _rate(f.resolution_rate)),
    Column("按时答复率", "on_time_rate", export=lambda f: _rate(f.on_time_rate)),
    Column("满意率", "satisfaction_rate", export=lambda f: _rate(f.satisfaction_rate)),
    Column("不满意", "unsatisfied", as_text=False),
]


def export_statistics(period, total, by_category, by_unit, by_region) -> bytes:
    title = f"企业诉求统计 {period.label_zh()}"
    workbook = Workbook(write_only=True)
    for name, rows in (("按类别", [*by_category, total]), ("按承办单位", by_unit), ("按区划", by_region)):
        xlsx.write_sheet(workbook, FIGURE_COLUMNS, [[c.value_of(r) for c in FIGURE_COLUMNS] for r in rows],
                         name, title)
    return xlsx.save_workbook(workbook, title)


def enterprises_template() -> bytes:
    return xlsx.template(ENTERPRISE_COLUMNS, title="企业导入模板", notes=[
        "统一社会信用代码的第18位是校验码，系统会核对；抄错一位就会被指出。"])


def assignments_template() -> bytes:
    return xlsx.template(ASSIGNMENT_COLUMNS, title="包保关系导入模板", notes=[
        "企业须已在系统中；干部须已在领导干部名录中（按姓名、职务和所在单位编码查找）。"])


def appeals_template() -> bytes:
    return xlsx.template(APPEAL_COLUMNS, title="企业诉求导入模板", notes=[
        "办理时限默认按受理日起的工作日计算（法定节假日和调休按国务院公布的安排）。",
        "答复、评价和办结由承办单位、企业和指挥部在系统中办理，导入时不读取这些列。"])


# --- shared checks -------------------------------------------------------------------------

def _chunked(values: Iterable, fetch: Callable[[list], Iterable]) -> list:
    values = sorted(set(values))
    return [item for start in range(0, len(values), CHUNK) for item in fetch(values[start:start + CHUNK])]


def _enterprises_by_uscc(codes: Iterable[str]) -> dict[str, Enterprise]:
    return {e.uscc: e for e in _chunked((c for c in codes if c), lambda chunk: Enterprise.objects
                                        .select_related("region").filter(uscc__in=chunk))}


def _units_by_code(codes: Iterable[str]) -> dict[str, Unit]:
    return {u.code: u for u in _chunked((c for c in codes if c), lambda chunk: Unit.objects
                                        .select_related("region").filter(code__in=chunk))}


def _check_enterprise(table: Table, number: int, uscc: str | None, found: dict[str, Enterprise],
                      access) -> Enterprise | None:
    if not uscc:
        return None
    enterprise = found.get(uscc)
    if enterprise is None:
        table.error(number, "uscc", f"统一社会信用代码“{uscc}”的企业不在系统中，请先导入企业名录")
    elif not services.region_in_scope(access, enterprise.region_id):
        table.error(number, "uscc", f"企业“{enterprise.name}”不在您的数据范围内")
        return None
    return enterprise


def _write(table: Table, number: int, call: Callable, *, fields: dict[str, str], fallback: str):
    """Run one service call; its refusal becomes this row's error and undoes the import."""
    try:
        return call()
    except DomainError as exc:
        table.error(number, fields.get(getattr(exc, "field", ""), fallback), exc.message)
    except IntegrityError:
        table.error(number, fallback, "与系统中的数据冲突（可能刚被他人修改），请重新导出后再导入")
    raise ImportRejected(table.errors)


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


# --- enterprises -------------------------------------------------------------------------

_ENTERPRISE_FIELDS = {"region_code": "region_code", "uscc": "uscc", "name": "name", "size": "size",
                      "industry": "industry"}


def _enterprise_data(values: dict) -> services.EnterpriseData:
    return services.EnterpriseData(**values)


def _data_of(enterprise: Enterprise) -> services.EnterpriseData:
    return services.EnterpriseData(
        name=enterprise.name, uscc=enterprise.uscc, region_code=enterprise.region_id,
        size=enterprise.size, industry=enterprise.industry, address=enterprise.address,
        contact_name=enterprise.contact_name, contact_phone=enterprise.contact_phone,
        is_active=enterprise.is_active)


def import_enterprises(*, actor, file) -> ImportResult:
    """Create or update (by 统一社会信用代码) every enterprise in ``file``, or nothing."""
    access = access_for(actor)
    access.require("service.manage")
    table = xlsx.read_table(file, ENTERPRISE_COLUMNS, defer_errors=True)
    _first_rows(table, lambda v: v.get("uscc"), "uscc", "同一统一社会信用代码")
    existing = _enterprises_by_uscc(v.get("uscc") for _, v in table)
    regions = set(Region.objects.values_list("code", flat=True))
    for number, v in table:
        current, region = existing.get(v.get("uscc")), v.get("region_code")
        if current is not None and not services.region_in_scope(access, current.region_id):
            table.error(number, "uscc", f"企业“{current.name}”不在您的数据范围内，不能修改")
        if region and region not in regions:
            table.error(number, "region_code", f"区划代码“{region}”不存在，请填写6位行政区划代码，如 210411")
        elif region and not services.region_in_scope(access, region):
            table.error(number, "region_code", f"区划“{region}”不在您的数据范围内")
    table.raise_errors()
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic(durable=True):
        for number, v in table:
            data = _enterprise_data({k: v[k] for k in v if k in services.EnterpriseData.__dataclass_fields__})
            current = existing.get(data.uscc)
            if current is None:
                _write(table, number, lambda data=data: services.create_enterprise(actor=actor, data=data),
                       fields=_ENTERPRISE_FIELDS, fallback="uscc")
                counts["created"] += 1
            elif _data_of(current) == data:
                counts["unchanged"] += 1
            else:
                _write(table, number, lambda data=data, e=current: services.update_enterprise(
                    actor=actor, enterprise=e, data=data), fields=_ENTERPRISE_FIELDS, fallback="uscc")
                counts["updated"] += 1
    return ImportResult(**counts)


# --- assignments -------------------------------------------------------------------------

def _official_key(v: dict) -> tuple | None:
    key = (v.get("unit_code"), v.get("official_name"), v.get("official_post"))
    return None if None in key else key


def import_assignments(*, actor, file) -> ImportResult:
    """Assign cadres (or set the end of an assignment) for every row of ``file``, or nothing."""
    access = access_for(actor)
    access.require("service.manage")
    table = xlsx.read_table(file, ASSIGNMENT_COLUMNS, defer_errors=True)
    _first_rows(table, lambda v: (v.get("uscc"), _official_key(v), v.get("start_date"))
                if v.get("start_date") and _official_key(v) else None, "start_date", "同一干部对同一企业的同一起始日期")
    enterprises = _enterprises_by_uscc(v.get("uscc") for _, v in table)
    units = _units_by_code(v.get("unit_code") for _, v in table)
    officials = {(o.unit.code, o.name, o.post): o for o in _chunked(
        (u.pk for u in units.values()),
        lambda chunk: Official.objects.select_related("unit").filter(unit_id__in=chunk))}
    existing = {(a.enterprise.uscc, a.official_id, a.start_date): a for a in _chunked(
        (e.pk for e in enterprises.values()),
        lambda chunk: Assignment.objects.select_related("enterprise__region").filter(enterprise_id__in=chunk))}
    rows = []
    for number, v in table:
        enterprise = _check_enterprise(table, number, v.get("uscc"), enterprises, access)
        key = _official_key(v)
        official = officials.get(key) if key else None
        if key and key[0] not in units:
            table.error(number, "unit_code", f"单位编码“{key[0]}”不存在，请改正")
        elif key and official is None:
            table.error(number, "official_name", f"{key[0]}没有姓名为“{key[1]}”、职务为“{key[2]}”的领导干部，"
                        "请核对，或先在领导干部名录中添加")
        start, end = v.get("start_date"), v.get("end_date")
        if start and end and end < start:
            table.error(number, "end_date", "包保结束日期不能早于起始日期，请改正")
        if enterprise is None or official is None or start is None:
            continue
        current = existing.get((enterprise.uscc, official.pk, start))
        if current is not None and current.end_date and end != current.end_date:
            table.error(number, "end_date", f"该包保已于{current.end_date:%Y-%m-%d}结束，不能再修改结束日期")
        rows.append((number, enterprise, official, start, end, current))
    table.raise_errors()
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    fields = {"official": "official_name", "end_date": "end_date"}
    with transaction.atomic(durable=True):
        for number, enterprise, official, start, end, current in rows:
            if current is None:
                _write(table, number, lambda e=enterprise, o=official, s=start, d=end: services.assign_cadre(
                    actor=actor, enterprise=e, data=services.AssignmentData(official_id=o.pk, start_date=s, end_date=d)),
                    fields=fields, fallback="official_name")
                counts["created"] += 1
            elif current.end_date == end:
                counts["unchanged"] += 1
            else:
                _write(table, number, lambda a=current, d=end: services.end_assignment(
                    actor=actor, assignment=a, end_date=d), fields=fields, fallback="end_date")
                counts["updated"] += 1
    return ImportResult(**counts)


# --- appeals -------------------------------------------------------------------------------

def _appeal_id(number: str) -> int:
    return int(_NUMBER.fullmatch(number)[2])


def _same_appeal(appeal: Appeal, v: dict) -> bool:
    return (appeal.enterprise.uscc, appeal.category, appeal.title, appeal.content, appeal.received_on) == (
        v.get("uscc"), v.get("category"), v.get("title"), v.get("content"), v.get("received_on"))


def _check_appeal_row(table: Table, number: int, v: dict, *, access, enterprises, units, known) -> None:
    _check_enterprise(table, number, v.get("uscc"), enterprises, access)
    code = v.get("unit_code")
    if code and code not in units:
        table.error(number, "unit_code", f"单位编码“{code}”不存在，请改正或留空")
    elif code and not (unit_in_scope(access, units[code]) or services.region_in_scope(access, units[code].region_id)):
        table.error(number, "unit_code", f"单位“{code}”不在您的数据范围内")
    received, deadline = v.get("received_on"), v.get("deadline")
    if deadline and received and deadline < received:
        table.error(number, "deadline", "办理时限不能早于受理日期，请改正")
    if deadline and not code:
        table.error(number, "deadline", "办理时限在交办时确定：请同时填写承办单位编码，或把办理时限留空")
    if not v.get("number"):
        return
    appeal = known.get(_appeal_id(v["number"]))
    if appeal is None or appeal.number != v["number"].upper():
        table.error(number, "number", f"系统中没有编号为“{v['number']}”的诉求，新诉求请把编号留空")
    elif not _same_appeal(appeal, v):
        table.error(number, "number", f"{appeal.number}的企业、类别、事项、内容或受理日期与系统中不同："
                    "导入不修改已登记的诉求，请改回或把编号留空作为新诉求登记")
    elif code and appeal.status != AppealStatus.RECEIVED and code != (appeal.unit.code if appeal.unit_id else ""):
        table.error(number, "unit_code", f"{appeal.number}已{appeal.get_status_display()}，"
                    "改派请在诉求页面办理并写明原因")


def import_appeals(*, actor, file) -> ImportResult:
    """Register new appeals (and assign them), or assign appeals waiting for it: every row
    of ``file``, or nothing."""
    access = access_for(actor)
    access.require("service.manage")
    table = xlsx.read_table(file, APPEAL_COLUMNS, defer_errors=True)
    _first_rows(table, lambda v: (v.get("number") or "").upper() or None, "number", "同一编号")
    enterprises = _enterprises_by_uscc(v.get("uscc") for _, v in table)
    units = _units_by_code(v.get("unit_code") for _, v in table)
    known = {a.pk: a for a in _chunked((_appeal_id(v["number"]) for _, v in table if v.get("number")),
                                       lambda chunk: Appeal.objects.select_related("enterprise", "unit")
                                       .filter(pk__in=chunk))}
    for number, v in table:
        _check_appeal_row(table, number, v, access=access, enterprises=enterprises, units=units, known=known)
    table.raise_errors()
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    fields = {"category": "category", "title": "title", "content": "content", "received_on": "received_on",
              "unit": "unit_code", "deadline": "deadline"}
    with transaction.atomic(durable=True):
        for number, v in table:
            unit = units.get(v["unit_code"]) if v.get("unit_code") else None
            appeal = known.get(_appeal_id(v["number"])) if v.get("number") else None
            if appeal is None:
                data = services.AppealData(category=v["category"], title=v["title"], content=v["content"],
                                           received_on=v["received_on"])
                appeal = _write(table, number, lambda d=data, e=enterprises[v["uscc"]]: services.raise_appeal(
                    actor=actor, enterprise=e, data=d), fields=fields, fallback="title")
                counts["created"] += 1
            elif unit is None or appeal.status != AppealStatus.RECEIVED:
                counts["unchanged"] += 1
                continue
            else:
                counts["updated"] += 1
            if unit is not None:
                deadline = v.get("deadline")
                _write(table, number, lambda a=appeal, u=unit, d=deadline: services.assign_appeal(
                    actor=actor, appeal=a, unit=u, deadline=d), fields=fields,
                    fallback="unit_code")
    return ImportResult(**counts)


IMPORTERS = {"enterprises": import_enterprises, "assignments": import_assignments, "appeals": import_appeals}
TEMPLATES = {"enterprises": enterprises_template, "assignments": assignments_template,
             "appeals": appeals_template}
