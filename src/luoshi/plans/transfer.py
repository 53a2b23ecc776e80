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


# --- reading ---------------------------------------------------------------------------

def _label_key(label: Any) -> str:
    return re.sub(r"\s+", "", to_halfwidth(str(label), keep_cjk_punctuation=False)).strip("*")


@dataclass
class _Header:
    data: PlanData | None
    region: Region | None
    rows: dict[str, int]  # field → its row on the “方案” sheet
    errors: list[RowError]

    def error(self, attr: str, message: str) -> RowError:
        field = next(f for f in HEADER_FIELDS if f.attr == attr)
        return RowError(self.rows.get(attr, 1), f"{PLAN_SHEET}表 {field.label}（B列）", message)


def _read_header(file, *, actor, plan: Plan | None) -> _Header:
    table = xlsx.read_table(file, HEADER_COLUMNS, sheet=PLAN_SHEET, defer_errors=True)
    fields = {_label_key(f.label): f for f in HEADER_FIELDS}
    rows: dict[str, int] = {}
    values: dict[str, Any] = {}
    for number, cell in table:
        field = fields.get(_label_key(cell.get("label", "")))
        if field is None:
            if "label" in cell:
                table.error(number, "label", f"没有“{cell['label']}”这一项，可填的项目有："
                            + "、".join(f.label for f in HEADER_FIELDS))
        elif field.attr in rows:
            table.error(number, "label", f"“{field.label}”与第{rows[field.attr]}行重复，请删去一行")
        elif cell.get("value") is None:
            rows[field.attr] = number
            if field.required:
                table.error(number, "value", f"{field.label}：必填项为空，请填写")
        else:
            rows[field.attr] = number
            try:
                values[field.attr] = field.parse(cell["value"])
            except DomainError as exc:
                table.error(number, "value", f"{field.label}：{exc.message}")
    for field in HEADER_FIELDS:
        if field.required and field.attr not in rows:
            table.error(table.header_row, "label", f"缺少“{field.label}”一行，请补上并填写")
    header = _Header(None, None, rows, [RowError(e.row, f"{PLAN_SHEET}表 {e.column}", e.message)
                                        for e in table.errors])
    if header.errors:
        return header
    data = PlanData(**values)
    try:
        header.region = services._validate_plan(data)  # the services' own rules, reported early
        services.require_plan_manager(actor, header.region)
    except DomainError as exc:
        header.errors.append(header.error(getattr(exc, "field", "") or "region_code", exc.message))
        return header
    if plan is not None and (data.title != plan.title or data.region_code != plan.region_id):
        attr = "title" if data.title != plan.title else "region_code"
        header.errors.append(header.error(attr, f"文件的方案（{data.title}，{data.region_code}）"
                             f"与要导入的方案（{plan.title}，{plan.region_id}）不一致：请确认选对了方案，"
                             "或先在方案页面修改名称"))
    header.data = data
    return header


def _first_rows(table: Table) -> dict[str, int]:
    first: dict[str, int] = {}
    for number, values in table:
        key = values.get("key")
        if key in first:
            table.error(number, "key", f"与第{first[key]}行重复：条目编号在文件中只能出现一次，请改成别的编号")
        elif key:
            first[key] = number
    return first


def _parents_first(table: Table, first: dict[str, int]) -> list[tuple[int, dict]]:
    """Rows (one per key) ordered so that a parent in the file comes before its children;
    a loop of parents is reported on each of its rows."""
    by_key = {values["key"]: (number, values) for number, values in table if first.get(values.get("key")) == number}
    ordered, state = [], {}
    for key in by_key:
        chain = []
        while key in by_key and key not in state:
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
            table.error(number, "parent_key", "上级条目不能是本行，请改成上级条目的编号或留空")
            continue
        if parent and parent not in first and parent not in existing:
            table.error(number, "parent_key", f"上级条目编号“{parent}”在本文件中找不到，"
                        "请改成上级条目那一行的条目编号，或留空")
            continue
        if not existing or (parent and parent not in existing):
            continue
        parent_id = existing[parent].pk if parent else None
        node = existing.get(key)
        if node is not None and node.parent_id != parent_id:
            table.error(number, "parent_key", f"条目“{key}”在方案中的上级不是“{parent or '（无）'}”："
                        "导入不能移动条目，请改回原来的上级条目编号")
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
    data, found = header.data, {}
    for number, v in table:
        lead, co = v.get("lead_unit_code"), v.get("co_unit_codes", ())
        if lead and lead not in units:
            table.error(number, "lead_unit_code", f"单位编码“{lead}”不存在，请改正，或先导入该单位")
        missing = [c for c in co if c not in units]
        if missing:
            table.error(number, "co_unit_codes", f"单位编码“{'、'.join(missing)}”不存在，请改正，或先导入该单位")
        if lead and lead in co:
            table.error(number, "co_unit_codes", f"牵头单位“{lead}”不能同时是配合单位，请从配合单位中删去")
        if v.get("lead_official") and header.region is not None:
            try:
                found[v.get("key")] = cells.resolve_official(
                    v["lead_official"], officials, lead_unit_id=units[lead].pk if lead in units else None,
                    region_prefix=header.region.code_prefix)
            except DomainError as exc:
                table.error(number, "lead_official", exc.message)
        metrics = [t.metric for t in v.get("targets", ())]
        if len(set(metrics)) < len(metrics):
            table.error(number, "targets", "同一条目的目标指标名称不能重复，请合并或改名")
        if data is None:
            continue
        years = range(data.start_date.year, data.end_date.year + 1)
        for target in v.get("targets", ()):
            outside = sorted(y for y in target.years if y not in years)
            if outside:
                table.error(number, "targets", f"目标“{target.metric}”的年度{'、'.join(map(str, outside))}"
                            f"不在方案期限{years.start}—{years.stop - 1}年之内，请改正")
        for m in v.get("milestones", ()):
            if not data.start_date <= m.due_on <= data.end_date:
                table.error(number, "milestones", f"节点目标“{m.description}”的完成时限{m.due_on:%Y-%m-%d}"
                            f"不在方案期限{data.start_date:%Y-%m-%d}至{data.end_date:%Y-%m-%d}之内，请改正")
    return found


def _attempt(call: Callable, error: Callable[[DomainError | None], RowError]):
    """Run one service call; its refusal becomes that row's error and undoes the import."""
    try:
        return call()
    except DomainError as exc:
        raise ImportRejected([error(exc)]) from exc
    except IntegrityError as exc:
        raise ImportRejected([error(None)]) from exc


def _node_error(table: Table, number: int) -> Callable[[DomainError | None], RowError]:
    def error(exc: DomainError | None) -> RowError:
        if exc is None:
            return RowError(number, table.label("key"), "与系统中的数据冲突（可能刚被他人修改），请重新导出后再导入")
        return RowError(number, table.label(_NODE_FIELDS.get(getattr(exc, "field", ""), "key")), exc.message)
    return error


def _same(node: PlanNode, data: NodeData, targets: list, milestones: list) -> tuple[bool, bool, bool]:
    """Whether the node, its targets and its milestones already are as the row says."""
    node_same = ((node.kind, node.number, node.title, node.text, node.position,
                  node.lead_unit.code if node.lead_unit_id else "", node.lead_official_id,
                  sorted(u.code for u in node.co_units.all()))
                 == (data.kind, data.number or node.number, data.title, data.text, data.position,
                     data.lead_unit_code, data.lead_official_id, sorted(data.co_unit_codes)))
    return (node_same, _target_data(node) == targets,
            _milestone_data(node) == sorted(milestones, key=lambda m: m.due_on))


def import_plan(*, actor, file, plan: Plan | None = None) -> ImportResult:
    """Create a plan from ``file``, or update ``plan`` from it — every row, or nothing."""
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
    positions: dict[str, int] = defaultdict(int)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic(durable=True):
        plan = _write_plan(actor, plan, header)
        placed = dict(existing)
        for number, v in sorted(ordered, key=lambda row: row[0]):  # siblings in row order
            positions[v["key"]] = positions[v.get("parent_key") or ""] = positions[v.get("parent_key") or ""] + 1
        for number, v in ordered:
            official = officials.get(v["key"])
            data = NodeData(kind=v["kind"], title=v["title"], number=v["number"], text=v["text"],
                            position=positions[v["key"]], lead_unit_code=v["lead_unit_code"],
                            co_unit_codes=list(v["co_unit_codes"]),
                            lead_official_id=official.pk if official else None)
            targets, milestones = list(v["targets"]), list(v["milestones"])
            node, error = existing.get(v["key"]), _node_error(table, number)
            if node is None:
                parent = placed[v["parent_key"]] if v["parent_key"] else None
                node = _attempt(lambda: services.create_node(actor=actor, plan=plan, parent=parent, data=data), error)
                counts["created"] += 1
                node_same, targets_same, milestones_same = True, not targets, not milestones
            else:
                node_same, targets_same, milestones_same = _same(node, data, targets, milestones)
                counts["unchanged" if node_same and targets_same and milestones_same else "updated"] += 1
                if not node_same:
                    _attempt(lambda: services.update_node(actor=actor, node=node, data=data), error)
            if not targets_same:
                _attempt(lambda: services.set_targets(actor=actor, node=node, targets=targets), error)
            if not milestones_same:
                _attempt(lambda: services.set_milestones(actor=actor, node=node, milestones=milestones), error)
            placed[v["key"]] = node
    return ImportResult(plan=plan, **counts)


def _write_plan(actor, plan: Plan | None, header: _Header) -> Plan:
    def error(exc: DomainError | None) -> RowError:
        return header.error(getattr(exc, "field", "") or "title", exc.message if exc else "与系统中的数据冲突，请重试")
    if plan is None:
        return _attempt(lambda: services.create_plan(actor=actor, data=header.data), error)
    current = PlanData(**{f.attr: f.parse(f.value_of(plan)) if f.value_of(plan) else getattr(plan, f.attr)
                          for f in HEADER_FIELDS})
    if current != header.data:
        _attempt(lambda: services.update_plan(actor=actor, plan=plan, data=header.data), error)
    return plan
