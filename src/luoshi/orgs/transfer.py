"""Units and officials to and from Excel.

An import is all or nothing: every row is parsed and checked (references, duplicates, the
actor's data scope) before anything is written; then all rows are written in one transaction
through the same services the pages use, so rules and audit entries are the same. A service
refusing a row rolls everything back and is reported against that row. Exports write exactly
the import layout, so an exported file imports back unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from luoshi.core import xlsx
from luoshi.core.errors import DomainError
from luoshi.core.models import Region
from luoshi.core.permissions import Access, DataScope, access_for, unit_in_scope
from luoshi.core.xlsx import Column, ImportRejected, Table
from luoshi.orgs import services
from luoshi.orgs.models import Official, Unit, UnitKind
from luoshi.orgs.services import OfficialData, UnitData

ACTIVE, INACTIVE = "启用", "停用"
IN_OFFICE, LEFT_OFFICE = "在职", "离任"
_SORT_ORDER = xlsx.integer(minimum=-(2**31), maximum=2**31 - 1)

UNIT_COLUMNS = [
    Column("单位编码", "code", required=True, parse=xlsx.code(max_length=32), example="FS-FGW",
           help="单位的唯一编码；系统中已有的编码会更新该单位，其余新建"),
    Column("单位名称", "name", required=True, parse=xlsx.text(max_length=128),
           example="抚顺市发展和改革委员会", help="全称，最多128字"),
    Column("简称", "short_name", parse=xlsx.text(max_length=64), default="", example="市发改委"),
    Column("类型", "kind", required=True, parse=xlsx.choice(UnitKind), example="政府部门",
           export=lambda unit: xlsx.label(UnitKind, unit.kind), help="从下拉列表中选择"),
    Column("区划代码", "region_code", required=True, example="210400",
           parse=xlsx.text(fullmatch=r"\d{6}", hint="请填写6位行政区划代码，如 210400"),
           export=lambda unit: unit.region_id, help="6位行政区划代码（GB/T 2260）"),
    Column("上级单位编码", "parent_code", parse=xlsx.code(max_length=32), default="",
           export=lambda unit: unit.parent.code if unit.parent_id else "", example="FS-LDXZ",
           help="系统中已有的单位，或本文件中另一行的单位编码；最上级单位留空"),
    Column("排序", "sort_order", parse=_SORT_ORDER, default=0, as_text=False, example=10,
           help="整数，小的在前；可留空"),
    Column("状态", "is_active", parse=xlsx.flag(ACTIVE, INACTIVE), default=True, example=ACTIVE,
           export=lambda unit: ACTIVE if unit.is_active else INACTIVE, help="留空为启用"),
]

OFFICIAL_COLUMNS = [
    Column("姓名", "name", required=True, parse=xlsx.text(max_length=64), example="张伟"),
    Column("职务", "post", required=True, parse=xlsx.text(max_length=128), example="主任",
           help="同一单位中姓名和职务都相同的视为同一人，导入时更新其电话、排序和状态"),
    Column("单位编码", "unit_code", required=True, parse=xlsx.code(max_length=32),
           export=lambda official: official.unit.code, example="FS-FGW",
           help="系统中已有单位的编码"),
    Column("联系电话", "phone", parse=xlsx.text(max_length=32), default="",
           example="024-52681234"),
    Column("排序", "sort_order", parse=_SORT_ORDER, default=0, as_text=False, example=1,
           help="整数，小的在前；可留空"),
    Column("状态", "is_active", parse=xlsx.flag(IN_OFFICE, LEFT_OFFICE), default=True,
           export=lambda official: IN_OFFICE if official.is_active else LEFT_OFFICE,
           example=IN_OFFICE, help="留空为在职"),
]

# The file column a service error's ``field`` points at.
_UNIT_FIELDS = {"kind": "kind", "region": "region_code", "parent": "parent_code"}
_OFFICIAL_FIELDS = {"unit": "unit_code"}


@dataclass(frozen=True)
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def export_units(rows: Iterable[Unit]) -> bytes:
    """``rows`` with ``region`` and ``parent`` loaded (``queries.units_for_list``)."""
    return xlsx.write_table(UNIT_COLUMNS, rows, title="单位名录", sheet_name="单位")


def export_officials(rows: Iterable[Official]) -> bytes:
    """``rows`` with ``unit`` loaded (``queries.officials_for_list``)."""
    return xlsx.write_table(OFFICIAL_COLUMNS, rows, title="领导干部名录", sheet_name="领导干部")


def units_template() -> bytes:
    return xlsx.template(UNIT_COLUMNS, title="单位导入模板", notes=[
        "上级单位可以是系统中已有的单位，也可以是本文件中的另一行，行的先后不限。"])


def officials_template() -> bytes:
    return xlsx.template(OFFICIAL_COLUMNS, title="领导干部导入模板", notes=[
        "单位编码须是系统中已有的单位；新单位请先导入单位名录。"])


def _units_by_code(codes: Iterable[str | None]) -> dict[str, Unit]:
    codes = sorted({code for code in codes if code})
    units: dict[str, Unit] = {}
    for start in range(0, len(codes), 500):  # stay under the database's parameter limit
        chunk = Unit.objects.select_related("region", "parent").filter(code__in=codes[start:start + 500])
        units.update((unit.code, unit) for unit in chunk)
    return units


def _officials_of(units: Iterable[Unit]) -> list[Official]:
    ids = [unit.pk for unit in units]
    return [official for start in range(0, len(ids), 500) for official in
            Official.objects.select_related("unit").filter(unit_id__in=ids[start:start + 500])]


def _unit_data(unit: Unit) -> UnitData:
    return UnitData(code=unit.code, name=unit.name, short_name=unit.short_name, kind=unit.kind,
                    region_code=unit.region_id, parent_code=unit.parent.code if unit.parent_id else "",
                    sort_order=unit.sort_order, is_active=unit.is_active)


def _official_data(official: Official) -> OfficialData:
    return OfficialData(name=official.name, post=official.post, unit_code=official.unit.code,
                        phone=official.phone, sort_order=official.sort_order,
                        is_active=official.is_active)


def _first_rows(table: Table, key_of: Callable[[dict], tuple | str | None], column: str,
                what: str) -> dict:
    """Each key's first row; a later row repeating it is an error."""
    first: dict = {}
    for number, values in table:
        key = key_of(values)
        if key is None:
            continue
        if key in first:
            table.error(number, column, f"与第{first[key]}行重复：{what}只能出现一次，请删去一行")
        else:
            first[key] = number
    return first


def _check_unit_row(table: Table, number: int, values: dict, *, access: Access,
                    existing: dict[str, Unit], in_file: dict, regions: set[str]) -> None:
    code, parent, region = values.get("code"), values.get("parent_code"), values.get("region_code")
    current = existing.get(code)
    if current is not None and not unit_in_scope(access, current):
        table.error(number, "code", f"单位“{code}”不在您的数据范围内，不能修改")
        return
    if region and region not in regions:
        table.error(number, "region_code", f"区划代码“{region}”不存在，请填写6位行政区划代码，如 210400")
    if parent and parent == code:
        table.error(number, "parent_code", "上级单位不能是本单位，请改成上级单位的编码或留空")
    elif parent and parent not in in_file and parent not in existing:
        table.error(number, "parent_code",
                    f"上级单位编码“{parent}”不存在：请改正，或在本文件中加上该单位")
    if current is not None and len(values) == len(UNIT_COLUMNS) and _unit_data(current) == UnitData(**values):
        return  # unchanged rows are not written, so the rules for writes do not apply
    if parent in existing and not unit_in_scope(access, existing[parent]):
        table.error(number, "parent_code", f"上级单位“{parent}”不在您的数据范围内")
    if region in regions and access.scope == DataScope.REGION and not region.startswith(access.region_prefix):
        table.error(number, "region_code", f"区划“{region}”不在您的数据范围内")
    if current is None and not parent and not access.sees_all and access.scope != DataScope.REGION:
        table.error(number, "parent_code", "您只能在本单位之下新建单位，请填写上级单位编码")


def _parents_first(table: Table) -> list[tuple[int, dict]]:
    """The rows ordered so that a parent named in the file is written before its children."""
    by_code = {values["code"]: (number, values) for number, values in table}
    ordered, state = [], {}
    for _, values in table:
        chain, code = [], values["code"]
        while code in by_code and code not in state:  # climb until a placed or outside parent
            state[code] = "open"
            chain.append(code)
            code = by_code[code][1]["parent_code"]
        if state.get(code) == "open":
            loop = chain[chain.index(code):]
            for member in loop:
                table.error(by_code[member][0], "parent_code", "上级单位形成循环（"
                            + "→".join([*loop, loop[0]]) + "），请改正其中一个上级单位编码")
        for member in reversed(chain):
            state[member] = "done"
            ordered.append(by_code[member])
    return ordered


def _write(table: Table, number: int, call: Callable, *, fields: dict[str, str], fallback: str):
    """Run one service call; its refusal becomes this row's error and undoes the import."""
    try:
        return call()
    except DomainError as exc:
        table.error(number, fields.get(getattr(exc, "field", ""), fallback), exc.message)
    except IntegrityError:
        table.error(number, fallback, "与系统中的数据冲突（可能刚被他人修改），请重新导出后再导入")
    raise ImportRejected(table.errors)


def import_units(*, actor, file) -> ImportResult:
    """Create or update (by 单位编码) every unit in ``file``, or nothing at all."""
    access = access_for(actor)
    access.require("orgs.manage")
    table = xlsx.read_table(file, UNIT_COLUMNS, defer_errors=True)
    in_file = _first_rows(table, lambda values: values.get("code"), "code", "同一单位编码")
    existing = _units_by_code([*in_file, *(values.get("parent_code") for _, values in table)])
    regions = set(Region.objects.values_list("code", flat=True))
    for number, values in table:
        _check_unit_row(table, number, values, access=access, existing=existing,
                        in_file=in_file, regions=regions)
    table.raise_errors()
    ordered = _parents_first(table)
    table.raise_errors()
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic(durable=True):
        for number, values in ordered:
            data = UnitData(**values)
            # Fresh from the database: an earlier row may have moved this unit's ancestors.
            unit = Unit.objects.select_related("region", "parent").filter(code=data.code).first()
            if unit is None:
                _write(table, number, lambda data=data: services.create_unit(actor=actor, data=data),
                       fields=_UNIT_FIELDS, fallback="code")
                counts["created"] += 1
            elif _unit_data(unit) == data:
                counts["unchanged"] += 1
            else:
                _write(table, number, lambda data=data, unit=unit: services.update_unit(
                    actor=actor, unit=unit, data=data), fields=_UNIT_FIELDS, fallback="code")
                counts["updated"] += 1
    return ImportResult(**counts)


def import_officials(*, actor, file) -> ImportResult:
    """Create or update (by unit, name and post) every official in ``file``, or nothing."""
    access = access_for(actor)
    access.require("orgs.manage")
    table = xlsx.read_table(file, OFFICIAL_COLUMNS, defer_errors=True)
    units = _units_by_code(values.get("unit_code") for _, values in table)
    for number, values in table:
        code = values.get("unit_code")
        if code and code not in units:
            table.error(number, "unit_code", f"单位编码“{code}”不存在，请改正，或先导入该单位")
        elif code and not unit_in_scope(access, units[code]):
            table.error(number, "unit_code", f"单位“{code}”不在您的数据范围内")
    _first_rows(table, _official_key, "name", "同一单位中姓名和职务都相同的人")
    table.raise_errors()
    officials = {(o.unit.code, o.name, o.post): o for o in _officials_of(units.values())}
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic(durable=True):
        for number, values in table:
            data = OfficialData(**values)
            official = officials.get(_official_key(values))
            if official is None:
                _write(table, number, lambda data=data: services.create_official(
                    actor=actor, data=data), fields=_OFFICIAL_FIELDS, fallback="name")
                counts["created"] += 1
            elif _official_data(official) == data:
                counts["unchanged"] += 1
            else:
                _write(table, number, lambda data=data, official=official: services.update_official(
                    actor=actor, official=official, data=data), fields=_OFFICIAL_FIELDS,
                    fallback="name")
                counts["updated"] += 1
    return ImportResult(**counts)


def _official_key(values: dict) -> tuple | None:
    key = (values.get("unit_code"), values.get("name"), values.get("post"))
    return None if None in key else key
