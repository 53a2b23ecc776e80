"""Plans to and from Excel: a plan's header and its tree of nodes, with responsibilities,
targets and milestones (the many-valued cells are read and written by ``plans.cells``).

Layout — export writes exactly what import reads; the template shows it filled in:

* sheet “方案”: one row per header field (项目 / 内容 / 说明), e.g. 方案名称 | 全面振兴….
* sheet “条目”: one row per node. 条目编号 is the row's key in the file and 上级条目编号 the
  key of its parent's row; rows may come in any order, siblings keep the order of their rows.

Keys. Export writes each node's outline number as its key: "4.2.3" is the third item under
the second item under the fourth top-level item (siblings in their order). A new file may use
any keys (T01, A-1…). Importing into an existing plan matches a row to the node whose outline
number — as the plan stands before the import, i.e. as its last export wrote it — equals the
row's key and updates that node; any other row creates a node. Nodes the file leaves out are
left alone (they are removed on the plan page, where nodes with reports are protected) and
an import cannot move a node under another parent.

All or nothing: both sheets are checked in full and every problem is reported with its row,
column and fix; only then is everything written in one transaction through the plan
services (permission, rules, audit). A service refusing a row undoes the whole import.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from luoshi.core import xlsx
from luoshi.core.errors import NotFound, PermissionDenied
from luoshi.core.permissions import DataScope, access_for
from luoshi.core.textnorm import to_halfwidth
from luoshi.core.xlsx import Column
from luoshi.orgs.models import Official
from luoshi.plans import cells, services
from luoshi.plans.models import NodeKind, Plan, PlanNode
from luoshi.plans.services import MilestoneData, TargetData
from luoshi.plans.template_rows import EXAMPLE_NODES, NOTES

PLAN_SHEET, NODE_SHEET = "方案", "条目"
CHUNK = 500  # stay under the database's limit of query parameters


@dataclass(frozen=True)
class HeaderField:
    """One row of the “方案” sheet: a field of ``PlanData``."""

    label: str
    attr: str
    parse: Callable[[Any], Any]
    required: bool = False
    example: str = ""
    help: str = ""

    def value_of(self, plan: Plan) -> str:
        value = plan.region_id if self.attr == "region_code" else getattr(plan, self.attr)
        if hasattr(value, "isoformat"):
            return cells.format_date(value)
        return value if isinstance(value, str) else cells.format_decimal(value)


HEADER_FIELDS = [
    HeaderField("方案名称", "title", xlsx.text(max_length=200), True,
                "抚顺市全面振兴新突破三年行动方案（2023—2025年）",
                "导入到已有方案时，须与该方案的名称一致"),
    HeaderField("简称", "short_title", xlsx.text(max_length=64), example="三年行动"),
    HeaderField("区划代码", "region_code", xlsx.text(fullmatch=r"\d{6}", hint="请填写6位行政区划代码，如 210400"),
                True, "210400", "6位行政区划代码（GB/T 2260）；导入到已有方案时须与该方案一致"),
    HeaderField("印发机关", "issuing_body", xlsx.text(max_length=128), example="中共抚顺市委 抚顺市人民政府"),
    HeaderField("文号", "document_number", xlsx.text(max_length=64), example="抚委发〔2023〕5号"),
    HeaderField("印发日期", "issued_on", cells.parse_date, example="2023-03-15",
                help="如 2023-03-15 或 2023年3月15日"),
    HeaderField("起始日期", "start_date", cells.parse_date, True, "2023-01-01"),
    HeaderField("截止日期", "end_date", cells.parse_date, True, "2025-12-31"),
    HeaderField("报告截止日", "report_deadline_day", xlsx.integer(), example="5",
                help="每月几日前报送上月进展（1—28），留空为5日"),
    HeaderField("绿灯阈值", "green_ratio", cells.parse_ratio, example="0.9",
                help="完成进度与时间进度之比达到该值亮绿灯，如 0.9 或 90%；留空为0.9"),
    HeaderField("红灯阈值", "red_ratio", cells.parse_ratio, example="0.7",
                help="完成进度与时间进度之比低于该值亮红灯；留空为0.7"),
    HeaderField("连续缺报几期亮红灯", "missing_red_periods", xlsx.integer(), example="2",
                help="留空为2期"),
    HeaderField("下级红灯占比达到时上级亮红灯", "rollup_red_share", cells.parse_ratio, example="0.2",
                help="留空为0.2"),
]
HEADER_COLUMNS = [Column("项目", "label", required=True), Column("内容", "value", parse=lambda v: v),
                  Column("说明", "help")]

NODE_COLUMNS = [
    Column("条目编号", "key", required=True, parse=xlsx.code(max_length=32), example="4.1.1",
           help="本文件中每行不同的编号，下级用它指明上级。导出文件写大纲编号（4.2.3 即第四项下第二项下"
                "第三项）；导入到已有方案时，与方案大纲编号相同的行更新该条目，其余行新建"),
    Column("上级条目编号", "parent_key", parse=xlsx.code(max_length=32), default="", example="4.1",
           help="上级条目那一行的条目编号（导入到已有方案时也可以是方案中已有条目的大纲编号）；最上级留空"),
    Column("类型", "kind", required=True, parse=xlsx.choice(NodeKind), example="任务",
           help="从下拉列表中选择"),
    Column("编号", "number", parse=xlsx.text(max_length=16), default="", example="1.",
           help="文件中的编号，如 一、（三）1.；留空按层级自动编号"),
    Column("标题", "title", required=True, parse=xlsx.text(max_length=255),
           example="实施工业企业技术改造提升工程"),
    Column("内容", "text", parse=xlsx.text(), default="", example="推动企业设备更新和数字化改造。"),
    Column("牵头单位编码", "lead_unit_code", parse=xlsx.code(max_length=32), default="",
           example="FS-GXJ", help="系统中已有单位的编码；需要按月报送进展的任务、举措须填写"),
    Column("配合单位编码", "co_unit_codes", parse=cells.parse_codes, default=(),
           example="FS-FGW、FS-QY", help="多个单位用“、”分隔"),
    Column("牵头领导", "lead_official", parse=cells.parse_official, default=None, example="张伟",
           help="姓名，先在牵头单位、再在本方案区划内查找；重名时写“姓名（职务）”或“姓名（职务，单位编码）”"),
    Column("目标", "targets", parse=cells.parse_targets, default=(), example=cells.TARGET_EXAMPLE,
           help="每行一个：指标名称|计量单位|基数|越大越好或越小越好|年内累计或达到水平|年份:目标值;…"),
    Column("节点目标", "milestones", parse=cells.parse_milestones, default=(),
           example=cells.MILESTONE_EXAMPLE, help="每行一个：完成时限|节点内容|完成日期（未完成不写）"),
]

# The column of the “条目” sheet a service error's ``field`` points at.
_NODE_FIELDS = {"kind": "kind", "title": "title", "lead_unit": "lead_unit_code",
                "co_units": "co_unit_codes", "lead_official": "lead_official",
                "targets": "targets", "milestones": "milestones", "parent": "parent_key"}


@dataclass(frozen=True)
class ImportResult:
    """The plan written, and how many of its nodes were created, updated and left as they were."""

    plan: Plan
    created: int = 0
    updated: int = 0
    unchanged: int = 0


# --- access ----------------------------------------------------------------------------

def plan_for_import(actor, plan_id: int) -> Plan:
    """The plan ``actor`` may import into; plans outside its scope are "not found"."""
    access_for(actor).require("plans.manage")
    plan = Plan.objects.select_related("region").filter(pk=plan_id).first()
    try:
        if plan is not None:
            services.require_plan_manager(actor, plan.region)
            return plan
    except PermissionDenied:
        pass
    raise NotFound(f"方案#{plan_id}不存在或不在您的管理范围内")


def plans_for_import(actor) -> list[Plan]:
    access = access_for(actor)
    plans = Plan.objects.select_related("region").order_by("-start_date", "id")
    if not access.has("plans.manage"):
        return []
    if access.sees_all:
        return list(plans)
    if access.scope == DataScope.REGION:
        return list(plans.filter(region__code__startswith=access.region_prefix))
    return []


def plan_for_export(actor, plan_id: int) -> Plan:
    """A plan whose region lies within the scope of ``actor`` (who may view organisations)."""
    access = access_for(actor)
    access.require("orgs.view")
    plan = Plan.objects.select_related("region").filter(pk=plan_id).first()
    if plan is not None and (access.sees_all or (
            access.scope == DataScope.REGION and plan.region_id.startswith(access.region_prefix))):
        return plan
    raise NotFound(f"方案#{plan_id}不存在或不在您的数据范围内")


# --- writing ---------------------------------------------------------------------------

def _tidy(text: str) -> str:
    """Text as the importer reads it back (half-width ASCII, no surrounding spaces)."""
    return to_halfwidth(text).strip()


def _outline(nodes: Iterable[PlanNode]) -> list[tuple[str, PlanNode]]:
    """Nodes in document order with their outline numbers ("4.2.3")."""
    children: dict[int | None, list[PlanNode]] = defaultdict(list)
    for node in nodes:
        children[node.parent_id].append(node)
    ordered: list[tuple[str, PlanNode]] = []

    def walk(parent_id: int | None, prefix: str) -> None:
        for ordinal, node in enumerate(sorted(children[parent_id], key=lambda n: (n.position, n.pk)), 1):
            ordered.append((f"{prefix}{ordinal}", node))
            walk(node.pk, f"{prefix}{ordinal}.")
    walk(None, "")
    return ordered


def _chunked(values: Iterable, fetch: Callable[[list], Iterable]) -> list:
    values = sorted(set(values))
    return [item for start in range(0, len(values), CHUNK) for item in fetch(values[start:start + CHUNK])]


def _officials_named(names: Iterable[str]) -> list[Official]:
    return _chunked(names, lambda chunk: Official.objects.select_related("unit").filter(name__in=chunk))


def _target_data(node: PlanNode) -> list[TargetData]:
    return [TargetData(metric=t.metric, unit=t.unit, baseline=t.baseline, direction=t.direction,
                       accumulation=t.accumulation, years={y.year: y.value for y in t.years.all()})
            for t in node.targets.all()]


def _milestone_data(node: PlanNode) -> list[MilestoneData]:
    return [MilestoneData(due_on=m.due_on, description=m.description, done_on=m.done_on)
            for m in node.milestones.all()]


def _plan_nodes(plan: Plan) -> list[PlanNode]:
    return list(PlanNode.objects.filter(plan=plan)
                .select_related("lead_unit", "lead_official__unit")
                .prefetch_related("co_units", "targets__years", "milestones"))


def _write_workbook(plan_rows: list[dict], node_rows: list[dict], *, title: str,
                    notes: bool = False) -> bytes:
    workbook = Workbook(write_only=True)
    for columns, rows, name in ((HEADER_COLUMNS, plan_rows, PLAN_SHEET), (NODE_COLUMNS, node_rows, NODE_SHEET)):
        xlsx._write_sheet(workbook, columns, [[c.value_of(r) for c in columns] for r in rows], name, title)
    if notes:
        sheet = workbook.create_sheet(xlsx.NOTES_SHEET)
        for letter, width in zip("ABCDE", (24, 10, 60, 30, 40), strict=True):
            sheet.column_dimensions[letter].width = width
        lines = [["注意事项"], *([f"{i}. {note}"] for i, note in enumerate(NOTES, 1)), [],
                 ["“条目”表的列", "是否必填", "填写要求", "可选值", "示例"],
                 *([c.header, "必填" if c.required else "选填", c.help, "、".join(c.allowed),
                    c.example] for c in NODE_COLUMNS), [],
                 ["“方案”表的项目", "是否必填", "填写要求", "", "示例"],
                 *([f.label, "必填" if f.required else "选填", f.help, "", f.example]
                   for f in HEADER_FIELDS)]
        for line in lines:
            bold = Font(bold=True) if len(line) in (1, 5) and line[1:2] in ([], ["是否必填"]) else None
            sheet.append([xlsx._cell(sheet, value, as_text=False, font=bold) for value in line])
    return xlsx._save(workbook, title)


def _header_rows(values: Callable[[HeaderField], str]) -> list[dict]:
    return [{"label": f"{f.label}*" if f.required else f.label, "value": values(f), "help": f.help}
            for f in HEADER_FIELDS]


def export_plan(plan: Plan) -> bytes:
    """The plan as a workbook that imports back to the same plan."""
    nodes = _outline(_plan_nodes(plan))
    keys = {node.pk: key for key, node in nodes}
    officials = _officials_named(n.lead_official.name for _, n in nodes if n.lead_official_id)
    prefix = plan.region.code_prefix
    rows = [{
        "key": key, "parent_key": keys.get(node.parent_id, ""),
        "kind": xlsx.label(NodeKind, node.kind), "number": _tidy(node.number),
        "title": _tidy(node.title), "text": _tidy(node.text),
        "lead_unit_code": node.lead_unit.code if node.lead_unit_id else "",
        "co_unit_codes": cells.format_codes(u.code for u in node.co_units.all()),
        "lead_official": str(cells.official_ref_for(
            node.lead_official, officials, lead_unit_id=node.lead_unit_id, region_prefix=prefix))
        if node.lead_official_id else "",
        "targets": cells.format_targets(_target_data(node)),
        "milestones": cells.format_milestones(_milestone_data(node)),
    } for key, node in nodes]
    return _write_workbook(_header_rows(lambda f: f.value_of(plan)), rows, title=plan.title)


def plan_template() -> bytes:
    """A workbook to fill in: a few rows of a real-looking plan and a sheet of instructions."""
    return _write_workbook(_header_rows(lambda f: f.example), EXAMPLE_NODES,
                           title="行动方案导入模板", notes=True)
