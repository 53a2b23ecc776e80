"""Projects and monthly investment to and from Excel, in the layout an HQ keeps.

Projects: one row per project, keyed by 项目编号 (an existing number updates that project,
another creates one). Investment: one row per project and month; 当月 or 年内累计 (or both,
agreeing). An import is all or nothing: every row is read and checked first, and every
problem is reported with its row, column and fix; only then are the rows written, in one
transaction, through the same services the pages use (rules, permission, audit). A service
refusing a row undoes the whole import and is reported against that row. Export writes
exactly what import reads, so an exported file imports back unchanged.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction

from luoshi.core import xlsx
from luoshi.core.errors import DomainError, InvalidInput, ParseError
from luoshi.core.models import Region
from luoshi.core.money import parse_quantity, to_wan_yuan
from luoshi.core.periods import Period
from luoshi.core.permissions import access_for
from luoshi.core.textnorm import to_halfwidth
from luoshi.core.uscc import check_uscc
from luoshi.core.xlsx import Column, ImportRejected, RowError, Table
from luoshi.orgs.models import Unit
from luoshi.projects import services
from luoshi.projects.models import (
    STAGE_ORDER,
    Industry,
    MonthlyInvestment,
    Project,
    ProjectKind,
    ProjectList,
    Stage,
)

CHUNK = 500
_SEPARATORS = re.compile(r"[;；,，、\n]+")


# --- cell parsers -----------------------------------------------------------------------

def money(value: Any) -> Decimal:
    """万元 from a number cell, or from text with a unit (86.8亿元, 1,234.5万元)."""
    if isinstance(value, bool):
        raise InvalidInput(f"“{value}”不是金额，请填写万元数，如 868000")
    if isinstance(value, int | float):
        return Decimal(repr(value)).normalize() if isinstance(value, float) else Decimal(value)
    text = to_halfwidth(str(value)).replace(",", "").strip()
    try:
        return Decimal(text)
    except InvalidOperation:
        pass
    try:
        return to_wan_yuan(parse_quantity(text))
    except DomainError as exc:
        raise InvalidInput(f"“{value}”不是金额：请填写万元数（如 868000）或带单位的金额（如 86.8亿元）") from exc


def industry(value: Any) -> str:
    """A GB/T 4754 section: its letter (C), its name (制造业) or both (C 制造业)."""
    text = str(value).strip()
    letter = text[:1].upper()
    if letter in Industry.values and (len(text) == 1 or not text[1:2].isascii() or text[1:2] == " "):
        return letter
    by_name = {str(label): code for code, label in zip(Industry.values, Industry.labels, strict=True)}
    if text in by_name:
        return by_name[text]
    raise InvalidInput(f"“{value}”不是国民经济行业门类，请填写门类字母A—T，如 C（制造业）")


def uscc(value: Any) -> str:
    try:
        return check_uscc(str(value)).code
    except DomainError as exc:
        raise InvalidInput(f"{exc.message}，请核对营业执照") from exc


def year_plans(value: Any) -> dict[int, Decimal]:
    """“2023:120000；2024:200000” (万元) → {2023: 120000, 2024: 200000}."""
    plans = {}
    for part in _SEPARATORS.split(to_halfwidth(str(value))):
        if not part.strip():
            continue
        match = re.fullmatch(r"\s*(\d{4})\s*年?\s*[:：=]\s*(.+?)\s*", part)
        if not match:
            raise InvalidInput(f"“{part.strip()}”格式不对，请写成 年份:万元，多个年份用分号隔开，如 2023:120000；2024:200000")
        plans[int(match.group(1))] = money(match.group(2))
    return plans


def list_names(value: Any) -> list[tuple[int, str]]:
    """“2023年省重大项目；2023年市重点项目” → [(2023, "省重大项目"), (2023, "市重点项目")]."""
    found = []
    for part in _SEPARATORS.split(str(value)):
        if not part.strip():
            continue
        match = re.fullmatch(r"\s*(\d{4})\s*年?\s*(.+?)\s*", to_halfwidth(part))
        if not match:
            raise InvalidInput(f"“{part.strip()}”格式不对，请写成 年份+清单名称，如 2023年省重大项目")
        found.append((int(match.group(1)), match.group(2)))
    return found


def month(value: Any) -> Period:
    if isinstance(value, dt.datetime | dt.date):
        return Period.of_month(value.year, value.month)
    try:
        period = Period.parse(str(value))
    except ParseError as exc:
        raise InvalidInput(f"{exc.message}；请写成 2023-06 或 2023年6月") from exc
    if period.kind != "month":
        raise InvalidInput(f"“{value}”不是某一个月，请写成 2023-06 或 2023年6月")
    return period


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip().replace("/", "-").replace(".", "-"))
    except ValueError:
        raise InvalidInput(f"“{value}”不是日期，请写成 2023-06-28") from None


def _plain(amount: Decimal) -> str:
    return format(amount.normalize(), "f")


def _lists_text(project: Project) -> str:
    return "；".join(f"{x.year}年{x.name}" for x in sorted(project.lists.all(), key=lambda x: (x.year, x.name)))


def _plans_text(project: Project) -> str:
    return "；".join(f"{p.year}:{_plain(p.amount)}" for p in sorted(project.year_plans.all(), key=lambda p: p.year))


PROJECT_COLUMNS = [
    Column("项目编号", "code", required=True, parse=xlsx.code(max_length=32), example="FS-2023-001",
           help="项目的唯一编号；系统中已有的编号更新该项目，其余新建"),
    Column("项目名称", "name", required=True, parse=xlsx.text(max_length=200),
           example="江苏三木集团65万吨苯酚丙酮产业链项目"),
    Column("区划代码", "region_code", required=True, example="210400",
           parse=xlsx.text(fullmatch=r"\d{6}", hint="请填写6位行政区划代码，如 210400"),
           export=lambda p: p.region_id, help="项目所在地的6位行政区划代码（GB/T 2260）"),
    Column("牵头单位编码", "lead_unit_code", required=True, parse=xlsx.code(max_length=32),
           export=lambda p: p.lead_unit.code, example="210400-GXQ", help="系统中已有单位的编码"),
    Column("投资主体", "investor_name", parse=xlsx.text(max_length=200), default="",
           example="江苏三木集团有限公司"),
    Column("统一社会信用代码", "investor_uscc", parse=uscc, default="", example="",
           help="投资主体的18位统一社会信用代码，填写时校验校验码；可留空"),
    Column("行业门类", "industry", required=True, parse=industry, example="C",
           export=lambda p: p.industry, help="GB/T 4754 门类字母A—T，如 C（制造业）、D（电力、热力、燃气及水生产和供应业）"),
    Column("项目类型", "kind", required=True, parse=xlsx.choice(ProjectKind), example="工业项目",
           export=lambda p: xlsx.label(ProjectKind, p.kind), help="从下拉列表中选择"),
    Column("总投资（万元）", "total_investment", required=True, parse=money, as_text=False,
           export=lambda p: p.total_investment.normalize(), example=868000,
           help="万元；也可写带单位的金额，如 86.8亿元"),
    Column("项目阶段", "stage", required=True, parse=xlsx.choice(Stage), example="开工",
           export=lambda p: xlsx.label(Stage, p.stage),
           help="谋划储备、前期、签约、开工、在建、竣工、投产；已有项目的阶段只能向后推进，退回请在项目页面填写原因"),
    Column("阶段日期", "stage_since", parse=_date, default=None, example="2023-06-28",
           export=lambda p: p.stage_since.isoformat(), help="进入该阶段的日期；留空为今天"),
    Column("计划开工年份", "planned_start_year", parse=xlsx.integer(minimum=1990, maximum=2100),
           default=None, as_text=False, example=2023, help="储备项目用于滚动谋划"),
    Column("年度计划投资（万元）", "year_plans", parse=year_plans, default=None, example="2023:120000；2024:300000",
           export=_plans_text, help="年份:万元，多个年份用分号隔开"),
    Column("所属清单", "lists", parse=list_names, default=None, example="2023年省重大项目；2023年市重点项目",
           export=_lists_text, help="年份+清单名称，多个用分号隔开；系统中没有的清单会新建"),
    Column("建设地点", "location", parse=xlsx.text(max_length=200), default="", example="抚顺高新区"),
    Column("建设内容", "description", parse=xlsx.text(max_length=4000), default="", example=""),
]

INVESTMENT_COLUMNS = [
    Column("项目编号", "code", required=True, parse=xlsx.code(max_length=32), example="FS-2023-001",
           export=lambda r: r.project.code),
    Column("项目名称", "name", parse=xlsx.text(max_length=200), default="", example="江苏三木集团65万吨苯酚丙酮产业链项目",
           export=lambda r: r.project.name, help="仅供核对，导入时不读取"),
    Column("月份", "month", required=True, parse=month, example="2023-06", export=lambda r: r.period,
           help="如 2023-06 或 2023年6月"),
    Column("当月完成投资（万元）", "completed", parse=money, as_text=False, example=15000,
           export=lambda r: r.completed.normalize(), help="与年内累计两项填一项即可，另一项自动推算；都填时须一致"),
    Column("年内累计完成投资（万元）", "cumulative", parse=money, as_text=False, example=42000,
           export=lambda r: r.cumulative.normalize()),
    Column("说明", "note", parse=xlsx.text(max_length=255), default="", example="",
           help="累计值低于上月时必须说明原因（如统计核减）"),
]


@dataclass(frozen=True)
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def export_projects(projects: Iterable[Project]) -> bytes:
    rows = projects.select_related("lead_unit").prefetch_related("lists", "year_plans") \
        if hasattr(projects, "prefetch_related") else projects
    return xlsx.write_table(PROJECT_COLUMNS, rows, title="重大项目清单", sheet_name="项目")


def export_investment(rows: Iterable[MonthlyInvestment]) -> bytes:
    return xlsx.write_table(INVESTMENT_COLUMNS, rows, title="项目月度投资", sheet_name="月度投资")


def projects_template() -> bytes:
    return xlsx.template(PROJECT_COLUMNS, title="重大项目导入模板", notes=[
        "每个项目一行；项目编号已存在的行更新该项目，其余新建。",
        "牵头单位须是系统中已有的单位；区划须在您的数据范围内。"])


def investment_template() -> bytes:
    return xlsx.template(INVESTMENT_COLUMNS, title="项目月度投资导入模板", notes=[
        "每个项目每月一行；同一项目同一月份只能出现一次。",
        "当月值与年内累计值填一项即可，系统按月推算另一项；累计值低于上月时须在“说明”中写明原因。"])


def _chunked(values: Iterable, fetch: Callable[[list], Iterable]) -> list:
    values = sorted(set(values))
    return [item for start in range(0, len(values), CHUNK) for item in fetch(values[start:start + CHUNK])]


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


def _attempt(table: Table, number: int, fields: dict[str, str], call, **kwargs):
    """Run a service for one row; a refusal becomes that row's error and undoes the import."""
    try:
        return call(**kwargs)
    except DomainError as exc:
        key = fields.get(getattr(exc, "field", ""), getattr(exc, "field", "")) or "code"
        error = RowError(number, table.label(key) or table.label("code"), exc.message)
    except IntegrityError:
        error = RowError(number, table.label("code"), "与系统中的数据冲突（可能刚被他人修改），请重新导出后再导入")
    raise ImportRejected([error])


_PROJECT_FIELDS = {"region": "region_code", "lead_unit": "lead_unit_code", "year_plans": "year_plans",
                   "lists": "lists", "on": "stage_since", "reason": "stage"}


def _check_projects(table: Table, actor) -> dict[str, Project]:
    access = access_for(actor)
    _first_rows(table, lambda v: v.get("code"), "code", "项目编号")
    existing = {p.code: p for p in _chunked(
        (v["code"] for _, v in table if v.get("code")),
        lambda chunk: Project.objects.select_related("lead_unit").filter(code__in=chunk))}
    units = set(_chunked((v["lead_unit_code"] for _, v in table if v.get("lead_unit_code")),
                         lambda chunk: Unit.objects.filter(code__in=chunk).values_list("code", flat=True)))
    regions = set(_chunked((v["region_code"] for _, v in table if v.get("region_code")),
                           lambda chunk: Region.objects.filter(code__in=chunk).values_list("code", flat=True)))
    prefix = "" if access.sees_all else (access.region_prefix or "-")
    for number, v in table:
        current = existing.get(v.get("code"))
        if current is not None and not services.project_in_scope(access, current):
            table.error(number, "code", f"项目“{current.name}”不在您的数据范围内，不能修改")
            continue
        region = v.get("region_code")
        if region and region not in regions:
            table.error(number, "region_code", f"区划代码“{region}”不存在，请填写6位行政区划代码，如 210400")
        elif region and not region.startswith(prefix):
            table.error(number, "region_code", f"区划“{region}”不在您的数据范围内，请填写本地区的区划代码")
        if v.get("lead_unit_code") and v["lead_unit_code"] not in units:
            table.error(number, "lead_unit_code", f"单位编码“{v['lead_unit_code']}”不存在，请改正，或先导入该单位")
        stage = v.get("stage")
        if current is not None and stage and STAGE_ORDER[stage] < STAGE_ORDER[current.stage]:
            table.error(number, "stage", f"项目当前为“{current.get_stage_display()}”，不能退回到"
                        f"“{Stage(stage).label}”：退回须在项目页面写明原因")
        since = v.get("stage_since")
        if since and since > dt.date.today():
            table.error(number, "stage_since", "阶段日期不能晚于今天")
    return existing


def _project_data(v: dict) -> services.ProjectData:
    return services.ProjectData(
        code=v["code"], name=v["name"], region_code=v["region_code"], lead_unit_code=v["lead_unit_code"],
        industry=v["industry"], kind=v["kind"], total_investment=v["total_investment"],
        investor_name=v["investor_name"], investor_uscc=v["investor_uscc"],
        planned_start_year=v["planned_start_year"], location=v["location"],
        description=v["description"], stage=v["stage"], stage_since=v["stage_since"])


def _same(project: Project, data: services.ProjectData) -> bool:
    return (project.name, project.region_id, project.lead_unit.code, project.industry, project.kind,
            project.total_investment, project.investor_name, project.investor_uscc,
            project.planned_start_year, project.location, project.description) == (
        data.name, data.region_code, data.lead_unit_code, data.industry, data.kind,
        data.total_investment, data.investor_name, data.investor_uscc, data.planned_start_year,
        data.location, data.description)


def import_projects(*, actor, file) -> ImportResult:
    access_for(actor).require("projects.manage")
    table = xlsx.read_table(file, PROJECT_COLUMNS, defer_errors=True)
    existing = _check_projects(table, actor)
    table.raise_errors()
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    lists: dict[tuple[int, str], ProjectList] = {}
    with transaction.atomic(durable=True):
        for number, v in table:
            data, project = _project_data(v), existing.get(v["code"])
            changed = project is None
            if project is None:
                project = _attempt(table, number, _PROJECT_FIELDS, services.create_project, actor=actor, data=data)
            else:
                if not _same(project, data):
                    _attempt(table, number, _PROJECT_FIELDS, services.update_project, actor=actor,
                             project=project, data=data)
                    changed = True
                if data.stage != project.stage:
                    _attempt(table, number, _PROJECT_FIELDS, services.change_stage, actor=actor, project=project,
                             stage=data.stage, on=data.stage_since or dt.date.today())
                    changed = True
            if v["year_plans"] is not None and v["year_plans"] != {p.year: p.amount for p in project.year_plans.all()}:
                _attempt(table, number, _PROJECT_FIELDS, services.set_year_plans, actor=actor, project=project,
                         plans=v["year_plans"])
                changed = True
            if v["lists"] is not None:
                wanted = []
                for year, name in v["lists"]:
                    if (year, name) not in lists:
                        lists[(year, name)] = _attempt(table, number, {"lists": "lists"}, services.ensure_list,
                                                       actor=actor, name=name, year=year)
                    wanted.append(lists[(year, name)])
                if {x.pk for x in wanted} != set(project.lists.values_list("pk", flat=True)):
                    _attempt(table, number, _PROJECT_FIELDS, services.set_lists, actor=actor, project=project,
                             lists=wanted)
                    changed = True
            key = "unchanged" if not changed else ("updated" if v["code"] in existing else "created")
            counts[key] += 1
    return ImportResult(**counts)


_INVESTMENT_FIELDS = {"month": "month", "completed": "completed", "cumulative": "cumulative"}


def import_investment(*, actor, file) -> ImportResult:
    """Monthly investment rows; within a project they are written month by month so each
    derives from the one before."""
    access = access_for(actor)
    if not (access.has("projects.manage") or access.has("projects.report")):
        access.require("projects.report")
    table = xlsx.read_table(file, INVESTMENT_COLUMNS, defer_errors=True)
    _first_rows(table, lambda v: (v["code"], v["month"].code) if v.get("code") and v.get("month") else None,
                "month", "同一项目同一月份")
    projects = {p.code: p for p in _chunked(
        (v["code"] for _, v in table if v.get("code")),
        lambda chunk: Project.objects.select_related("lead_unit", "region").filter(code__in=chunk))}
    allowed: dict[str, bool] = {}
    for number, v in table:
        code = v.get("code")
        if code and code not in projects:
            table.error(number, "code", f"项目编号“{code}”不存在，请先导入该项目")
            continue
        if code and code not in allowed:
            allowed[code] = services.can_report(actor, projects[code])
        if code and not allowed[code]:
            table.error(number, "code", f"项目“{projects[code].name}”不是您可以填报的项目（非本单位牵头）")
        if v.get("completed") is None and v.get("cumulative") is None and \
                "completed" in v and "cumulative" in v:
            table.error(number, "completed", "当月完成投资和年内累计完成投资至少填一项")
        today = dt.date.today()
        if v.get("month") and (v["month"].year, v["month"].first_month) > (today.year, today.month):
            table.error(number, "month", "该月份尚未到来，不能填报")
    table.raise_errors()
    ordered = sorted(table, key=lambda item: (item[1]["code"], item[1]["month"].year, item[1]["month"].first_month))
    current = {(r.project_id, r.year, r.month): r for r in _chunked(
        (p.pk for p in projects.values()),
        lambda chunk: MonthlyInvestment.objects.filter(project_id__in=chunk))}
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic(durable=True):
        for number, v in ordered:
            project, period = projects[v["code"]], v["month"]
            key = (project.pk, period.year, period.first_month)
            before = current.get(key)
            entry = services.InvestmentEntry(year=period.year, month=period.first_month, completed=v["completed"],
                                             cumulative=v["cumulative"], note=v["note"])
            if before is not None and (before.completed, before.cumulative, before.note) == (
                    v["completed"] if v["completed"] is not None else before.completed,
                    v["cumulative"] if v["cumulative"] is not None else before.cumulative, v["note"]):
                counts["unchanged"] += 1
                continue
            _attempt(table, number, _INVESTMENT_FIELDS, services.record_investment, actor=actor,
                     project=project, entry=entry)
            counts["updated" if before is not None else "created"] += 1
    return ImportResult(**counts)
