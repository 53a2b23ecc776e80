"""Plans to and from Excel: a plan's header and its tree of nodes, with responsibilities,
targets and milestones. ``plans.cells`` holds the layout and reads and writes the cells.

Sheet “方案” has one row per field of the plan; sheet “条目” one row per node, whose 条目编号
is the row's key in the file and 上级条目编号 the key of its parent's row (rows in any order;
siblings in the order of their rows). Export writes exactly what import reads, with each
node's outline number as its key ("4.2.3": third item under the second under the fourth).
A new file may use any keys (T01…). Importing into an existing plan updates the node whose
outline number — as its last export wrote it — equals a row's key, and creates a node for
any other row; nodes the file leaves out are left alone (they are removed on the plan page,
where nodes with reports are protected), and no node is moved under another parent.

All or nothing: both sheets are checked in full and every problem is reported with its row,
column and fix; only then is everything written in one transaction through the plan services
(permission, rules, audit). A service refusing a row undoes the whole import.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from typing import Any

from django.db import IntegrityError, transaction
from openpyxl import Workbook

from luoshi.core import xlsx
from luoshi.core.errors import DomainError
from luoshi.core.models import Region
from luoshi.core.permissions import DataScope, access_for
from luoshi.core.textnorm import to_halfwidth
from luoshi.core.xlsx import ImportRejected, RowError, Table
from luoshi.orgs.models import Official, Unit
from luoshi.plans import cells, services
from luoshi.plans.cells import HEADER_COLUMNS, HEADER_FIELDS, NODE_COLUMNS
from luoshi.plans.models import NodeKind, Plan, PlanNode
from luoshi.plans.services import NodeData, PlanData

PLAN_SHEET, NODE_SHEET = "方案", "条目"
CHUNK = 500  # stay under the database's limit of query parameters
# The column of the “条目” sheet a service error's ``field`` points at, where the names differ.
_NODE_FIELDS = {"lead_unit": "lead_unit_code", "co_units": "co_unit_codes", "parent": "parent_key"}


@dataclass(frozen=True)
class ImportResult:
    """The plan written, and how many of its nodes were created, updated or left unchanged."""

    plan: Plan
    created: int = 0
    updated: int = 0
    unchanged: int = 0


# --- access ----------------------------------------------------------------------------

def plans_for_import(actor) -> list[Plan]:
    """The plans ``actor`` may import into: it manages plans and the region is in its scope.
    (Exports go through ``queries.access_plan``: whoever sees a plan may export it.)"""
    access = access_for(actor)
    plans = Plan.objects.select_related("region").order_by("-start_date", "id")
    if not access.has("plans.manage") or not (access.sees_all or access.scope == DataScope.REGION):
        return []
    if not access.sees_all:
        plans = plans.filter(region__code__startswith=access.region_prefix)
    return list(plans)


# --- writing ---------------------------------------------------------------------------

def _outline(nodes: Iterable[PlanNode]) -> list[tuple[str, PlanNode]]:
    """Nodes in document order with their outline numbers ("4.2.3")."""
    children: dict[int | None, list[PlanNode]] = defaultdict(list)
    for node in nodes:
        children[node.parent_id].append(node)
    ordered: list[tuple[str, PlanNode]] = []

    def walk(parent_id: int | None, prefix: str) -> None:
        siblings = sorted(children[parent_id], key=lambda n: (n.position, n.pk))
        for ordinal, node in enumerate(siblings, start=1):
            ordered.append((f"{prefix}{ordinal}", node))
            walk(node.pk, f"{prefix}{ordinal}.")
    walk(None, "")
    return ordered


def _chunked(values: Iterable, fetch: Callable[[list], Iterable]) -> list:
    values = sorted(set(values))
    return [item for start in range(0, len(values), CHUNK)
            for item in fetch(values[start:start + CHUNK])]


def _officials_named(names: Iterable[str]) -> list[Official]:
    return _chunked(names, lambda chunk: Official.objects.select_related("unit").filter(name__in=chunk))


def _plan_nodes(plan: Plan) -> list[PlanNode]:
    return list(PlanNode.objects.filter(plan=plan).select_related("lead_unit", "lead_official__unit")
                .prefetch_related("co_units", "targets__years", "milestones"))


def _workbook(plan_rows: list[dict], node_rows: list[dict], *, title: str,
              notes: bool = False) -> bytes:
    # The one-sheet writers of core.xlsx do not fit a two-sheet workbook; its sheet writer does.
    workbook = Workbook(write_only=True)
    for columns, rows, name in ((HEADER_COLUMNS, plan_rows, PLAN_SHEET),
                                (NODE_COLUMNS, node_rows, NODE_SHEET)):
        matrix = [[column.value_of(row) for column in columns] for row in rows]
        xlsx.write_sheet(workbook, columns, matrix, name, title)
    if notes:
        cells.write_notes(workbook)
    return xlsx.save_workbook(workbook, title)


def export_plan(plan: Plan) -> bytes:
    """The plan as a workbook that imports back to the same plan."""
    nodes = _outline(_plan_nodes(plan))
    keys = {node.pk: key for key, node in nodes}
    officials = _officials_named(n.lead_official.name for _, n in nodes if n.lead_official_id)
    prefix = plan.region.code_prefix

    def official(node: PlanNode) -> str:
        return str(cells.official_ref_for(node.lead_official, officials, region_prefix=prefix,
                                          lead_unit_id=node.lead_unit_id))
    # Text as the importer will read it back: half-width ASCII, no surrounding spaces.
    rows = [{name: to_halfwidth(value).strip() for name, value in {
             "key": key, "parent_key": keys.get(node.parent_id, ""),
             "kind": xlsx.label(NodeKind, node.kind), "number": node.number,
             "title": node.title, "text": node.text,
             "lead_unit_code": node.lead_unit.code if node.lead_unit_id else "",
             "co_unit_codes": cells.format_codes(u.code for u in node.co_units.all()),
             "lead_official": official(node) if node.lead_official_id else "",
             "targets": cells.format_targets(cells.targets_of(node)),
             "milestones": cells.format_milestones(cells.milestones_of(node)),
             }.items()} for key, node in nodes]
    return _workbook(cells.header_rows(lambda f: to_halfwidth(f.value_of(plan)).strip()), rows, title=plan.title)


def plan_template() -> bytes:
    """A workbook to fill in: a few rows of a real-looking plan and a sheet of instructions."""
    return _workbook(cells.header_rows(lambda f: f.example), cells.EXAMPLE_NODES,
                     title="行动方案导入模板", notes=True)


# --- reading: the “方案” sheet -----------------------------------------------------------

@dataclass
class _Header:
    data: PlanData | None = None
    region: Region | None = None
    values: dict[str, Any] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)  # PlanData field → its row on the sheet
    errors: list[RowError] = field(default_factory=list)

    def error(self, attr: str, message: str) -> RowError:
        label = next((f.label for f in HEADER_FIELDS if f.attr == attr), HEADER_FIELDS[0].label)
        return RowError(self.rows.get(attr, 1), f"{PLAN_SHEET}表 {label}（B列）", message)


def _read_header(file, *, actor, plan: Plan | None) -> _Header:
    table = xlsx.read_table(file, HEADER_COLUMNS, sheet=PLAN_SHEET, defer_errors=True)
    by_label = {xlsx.header_key(f.label): f for f in HEADER_FIELDS}
    rows: dict[str, int] = {}
    values: dict[str, Any] = {}
    for number, cell in table:
        spec = by_label.get(xlsx.header_key(cell.get("label")))
        if spec is None:
            if "label" in cell:
                table.error(number, "label", f"没有“{cell['label']}”这一项，请改成："
                            + "、".join(f.label for f in HEADER_FIELDS))
            continue
        if spec.attr in rows:
            table.error(number, "label", f"“{spec.label}”与第{rows[spec.attr]}行重复，请删去一行")
            continue
        rows[spec.attr] = number
        try:
            if cell.get("value") is not None:
                values[spec.attr] = spec.parse(cell["value"])
            elif spec.required:
                table.error(number, "value", f"{spec.label}：必填项为空，请填写")
        except DomainError as exc:
            table.error(number, "value", f"{spec.label}：{exc.message}")
    for spec in HEADER_FIELDS:
        if spec.required and spec.attr not in rows:
            table.error(table.header_row, "label", f"缺少“{spec.label}”一行，请补上并填写")
    header = _Header(rows=rows, values=values, errors=[
        RowError(e.row, f"{PLAN_SHEET}表 {e.column}", e.message) for e in table.errors])
    # The region and the dates serve to check the nodes even when another field is wrong.
    header.region = Region.objects.filter(pk=values.get("region_code")).first()
    if header.errors:
        return header
    data = PlanData(**values)
    try:  # the services' own rules, checked now so that they are reported with the rest
        header.region = services.validate_plan(data)
        services.require_plan_manager(actor, header.region)
    except DomainError as exc:
        header.errors.append(header.error(getattr(exc, "field", "") or "region_code", exc.message))
        return header
    if plan is not None and (data.title, data.region_code) != (plan.title, plan.region_id):
        header.errors.append(header.error("title" if data.title != plan.title else "region_code", (
            f"文件中的方案（{data.title}，{data.region_code}）与要导入的方案（{plan.title}，{plan.region_id}）"
            "不一致：请确认选对了方案；要改名请在方案页面修改")))
    header.data = data
    return header


# --- reading: the “条目” sheet -----------------------------------------------------------

def _first_rows(table: Table) -> dict[str, int]:
    first: dict[str, int] = {}
    for number, values in table:
        key = values.get("key")
        if key in first:
            table.error(number, "key", f"与第{first[key]}行重复：条目编号在文件中只能出现一次，请改用别的编号")
        elif key:
            first[key] = number
    return first


def _parents_first(table: Table, first: dict[str, int]) -> list[tuple[int, dict]]:
    """The rows (one per key) ordered so that parents come before their children; a loop of
    parents is reported on each of its rows."""
    by_key = {v["key"]: (n, v) for n, v in table if first.get(v.get("key")) == n}
    ordered, state = [], {}
    for key in by_key:
        chain = []
        while key in by_key and key not in state:  # climb until a placed or outside parent
            state[key] = "open"
            chain.append(key)
            key = by_key[key][1].get("parent_key")
        if state.get(key) == "open":
            loop = chain[chain.index(key):]
            for member in loop:
                table.error(by_key[member][0], "parent_key", "上级条目形成循环（"
                            + "→".join([*loop, loop[0]]) + "），请改正其中一个上级条目编号")
        for member in reversed(chain):
            state[member] = "done"
            ordered.append(by_key[member])
    return ordered


def _check_tree(table: Table, first: dict[str, int], existing: dict[str, PlanNode]) -> None:
    untouched = {(n.parent_id, n.title): key for key, n in existing.items() if key not in first}
    for number, values in table:
        key, parent = values.get("key"), values.get("parent_key")
        if parent and parent == key:
            table.error(number, "parent_key", "上级条目不能是本行，请改成上级那一行的条目编号或留空")
        elif parent and parent not in first and parent not in existing:
            table.error(number, "parent_key", f"上级条目编号“{parent}”在本文件中找不到，"
                        "请改成上级那一行的条目编号，或留空")
        elif existing:
            parent_id = existing[parent].pk if parent in existing else -1 if parent else None
            node = existing.get(key)
            if node is not None and node.parent_id != parent_id:
                table.error(number, "parent_key", f"条目“{key}”在方案中的上级不是“{parent or '（无）'}”："
                            "导入不能移动条目，请改回原来的上级条目编号")
            elif node is not None and node.number != (values.get("number") or node.number) \
                    and node.title != values.get("title", node.title):  # a stale export?
                table.error(number, "key", f"方案中{key}是“{node.number}{node.title}”，编号和标题都与本行"
                            "不同：方案可能在导出后有增删，请重新导出后修改；确要同时改编号和标题请分两次导入")
            elif node is None and (parent_id, values.get("title")) in untouched:
                same = untouched[(parent_id, values.get("title"))]
                table.error(number, "key", f"方案中已有同一上级下标题相同的条目（大纲编号{same}）：要更新它，"
                            f"请把条目编号改为 {same}；要新建，请修改标题")


def _check_cells(table: Table, header: _Header) -> dict[str, Official]:
    """Unit codes, lead officials, target years and milestone dates; the officials by key."""
    units = {u.code: u for u in _chunked(
        (c for _, v in table for c in (v.get("lead_unit_code"), *v.get("co_unit_codes", ())) if c),
        lambda chunk: Unit.objects.filter(code__in=chunk))}
    officials = _officials_named(v["lead_official"].name for _, v in table if v.get("lead_official"))
    found, start, end = {}, header.values.get("start_date"), header.values.get("end_date")
    for number, v in table:
        lead, co = v.get("lead_unit_code"), v.get("co_unit_codes", ())
        if lead and lead not in units:
            table.error(number, "lead_unit_code", f"单位编码“{lead}”不存在，请改正，或先导入该单位")
        if missing := [c for c in co if c not in units]:
            table.error(number, "co_unit_codes", f"单位编码“{'、'.join(missing)}”不存在，请改正，或先导入该单位")
        if lead and lead in co:
            table.error(number, "co_unit_codes", f"牵头单位“{lead}”不能同时是配合单位，请从配合单位中删去")
        if v.get("lead_official") and header.region is not None:
            try:
                found[v.get("key")] = cells.resolve_official(
                    v["lead_official"], officials, region_prefix=header.region.code_prefix,
                    lead_unit_id=units[lead].pk if lead in units else None)
            except DomainError as exc:
                table.error(number, "lead_official", exc.message)
        metrics = [t.metric for t in v.get("targets", ())]
        if len(set(metrics)) < len(metrics):
            table.error(number, "targets", "同一条目的目标指标名称不能重复，请合并或改名")
        if not (start and end and start <= end):
            continue
        years = range(start.year, end.year + 1)
        for target in v.get("targets", ()):
            if outside := sorted(y for y in target.years if y not in years):
                table.error(number, "targets", f"目标“{target.metric}”的年度{'、'.join(map(str, outside))}"
                            f"不在方案期限{years.start}—{years.stop - 1}年之内，请改正")
        for m in v.get("milestones", ()):
            if not start <= m.due_on <= end:
                table.error(number, "milestones", f"节点目标“{m.description}”的完成时限{m.due_on:%Y-%m-%d}"
                            f"不在方案期限{start:%Y-%m-%d}至{end:%Y-%m-%d}之内，请改正")
    return found


# --- importing -------------------------------------------------------------------------

def _attempt(error: Callable[[str, str], RowError], call: Callable, **kwargs):
    """Run one service call; its refusal becomes an error of that row and undoes the import.
    ``error(field, message)`` places it: ``field`` as the service named it."""
    try:
        return call(**kwargs)
    except DomainError as exc:
        rejected = error(getattr(exc, "field", ""), exc.message)
    except IntegrityError:
        rejected = error("", "与系统中的数据冲突（可能刚被他人修改），请重新导出后再导入")
    raise ImportRejected([rejected])


def _row_error(table: Table, number: int) -> Callable[[str, str], RowError]:
    return lambda field, message: RowError(
        number, table.label(_NODE_FIELDS.get(field, field)) or table.label("key"), message)


def _node_data(v: dict, position: int, official: Official | None) -> NodeData:
    return NodeData(kind=v["kind"], title=v["title"], number=v["number"], text=v["text"],
                    position=position, lead_unit_code=v["lead_unit_code"],
                    co_unit_codes=list(v["co_unit_codes"]), lead_official_id=official and official.pk)


def _unchanged(node: PlanNode, data: NodeData) -> bool:
    return ((node.kind, node.number, node.title, node.text, node.position, node.lead_official_id,
             node.lead_unit.code if node.lead_unit_id else "",
             sorted(u.code for u in node.co_units.all()))
            == (data.kind, data.number or node.number, data.title, data.text, data.position,
                data.lead_official_id, data.lead_unit_code, sorted(data.co_unit_codes)))


def _write_plan(actor, plan: Plan | None, header: _Header) -> Plan:
    def error(field: str, message: str) -> RowError:
        return header.error(field or "title", message)
    if plan is None:
        return _attempt(error, services.create_plan, actor=actor, data=header.data)
    current = {f.name: getattr(plan, f.name) for f in fields(PlanData) if f.name != "region_code"}
    if PlanData(region_code=plan.region_id, **current) != header.data:
        _attempt(error, services.update_plan, actor=actor, plan=plan, data=header.data)
    return plan


def import_plan(*, actor, file, plan: Plan | None = None) -> ImportResult:
    """Create a plan from ``file``, or update ``plan`` from it: every row, or nothing."""
    access_for(actor).require("plans.manage")
    if plan is not None:
        services.require_plan_manager(actor, plan.region)
    header = _read_header(file, actor=actor, plan=plan)
    table = xlsx.read_table(file, NODE_COLUMNS, sheet=NODE_SHEET, defer_errors=True)
    existing = dict(_outline(_plan_nodes(plan))) if plan is not None else {}
    first = _first_rows(table)
    _check_tree(table, first, existing)
    ordered = _parents_first(table, first)
    officials = _check_cells(table, header)
    if header.errors or table.errors:
        raise ImportRejected([*header.errors, *table.errors])
    siblings: dict[str, int] = defaultdict(int)
    position = {}
    for _, v in table:  # siblings in the order of their rows
        siblings[v["parent_key"]] += 1
        position[v["key"]] = siblings[v["parent_key"]]
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic(durable=True):
        plan = _write_plan(actor, plan, header)
        placed = dict(existing)
        for number, v in ordered:
            data = _node_data(v, position[v["key"]], officials.get(v["key"]))
            error = _row_error(table, number)
            targets, milestones = list(v["targets"]), sorted(v["milestones"], key=lambda m: m.due_on)
            node = existing.get(v["key"])
            if node is None:
                node = _attempt(error, services.create_node, actor=actor, plan=plan, data=data,
                                parent=placed[v["parent_key"]] if v["parent_key"] else None)
                changed = [bool(targets), bool(milestones)]
                counts["created"] += 1
            else:
                changed = [cells.targets_of(node) != targets, cells.milestones_of(node) != milestones]
                if not _unchanged(node, data):
                    node.refresh_from_db(fields=["path", "depth", "outline"])  # an ancestor moved?
                    _attempt(error, services.update_node, actor=actor, node=node, data=data)
                elif not any(changed):
                    counts["unchanged"] += 1
                    continue
                counts["updated"] += 1
            if changed[0]:
                _attempt(error, services.set_targets, actor=actor, node=node, targets=targets)
            if changed[1]:
                _attempt(error, services.set_milestones, actor=actor, node=node, milestones=milestones)
            placed[v["key"]] = node
    return ImportResult(plan=plan, **counts)
