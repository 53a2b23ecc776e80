"""Writes to the unit tree and to officials. Each is one transaction with its audit entry."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from luoshi.core import audit
from luoshi.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from luoshi.core.models import Region, RegionLevel
from luoshi.core.permissions import DataScope, access_for, unit_in_scope
from luoshi.orgs.models import Official, Unit, UnitKind

UNIT_FIELDS = ("code", "name", "short_name", "kind", "region", "parent", "sort_order", "is_active")
OFFICIAL_FIELDS = ("name", "post", "unit", "phone", "sort_order", "is_active")


@dataclass
class UnitData:
    code: str
    name: str
    kind: str
    region_code: str
    parent_code: str = ""
    short_name: str = ""
    sort_order: int = 0
    is_active: bool = True


@dataclass
class OfficialData:
    name: str
    post: str
    unit_code: str
    phone: str = ""
    sort_order: int = 0
    is_active: bool = True


def _require_manage(actor, unit: Unit | None) -> None:
    """The actor may manage organisations, and the unit (when given) is in its scope."""
    access = access_for(actor)
    access.require("orgs.manage")
    if unit is not None and not unit_in_scope(access, unit):
        raise PermissionDenied(f"单位“{unit.name}”不在您的数据范围内")


def _resolve_unit_refs(data: UnitData, *, instance: Unit | None = None) -> tuple[Region, Unit | None]:
    if data.kind not in UnitKind.values:
        raise InvalidInput(f"单位类型“{data.kind}”不存在", field="kind")
    region = Region.objects.filter(pk=data.region_code).first()
    if region is None:
        raise InvalidInput(f"区划代码“{data.region_code}”不存在", field="region")
    parent = None
    if data.parent_code:
        parent = Unit.objects.filter(code=data.parent_code).first()
        if parent is None:
            raise InvalidInput(f"上级单位编码“{data.parent_code}”不存在", field="parent")
        if instance is not None and parent.path.startswith(instance.path):
            raise InvalidInput("上级单位不能是本单位或其下级单位", field="parent")
    return region, parent


def _tree_position(unit_id: int, parent: Unit | None) -> tuple[str, int]:
    if parent is None:
        return f"/{unit_id}/", 0
    return f"{parent.path}{unit_id}/", parent.depth + 1


def _require_region(actor, region: Region) -> None:
    """Region-scoped actors may only place units inside their region."""
    access = access_for(actor)
    if access.sees_all:
        return
    if access.scope == DataScope.REGION and region.code.startswith(access.region_prefix):
        return
    if access.scope != DataScope.REGION and access.unit_id is not None:
        return  # unit-tree scopes are checked through the parent unit
    raise PermissionDenied(f"区划“{region.name}”不在您的数据范围内")


@transaction.atomic
def create_unit(*, actor, data: UnitData) -> Unit:
    region, parent = _resolve_unit_refs(data)
    _require_manage(actor, parent)
    _require_region(actor, region)
    if parent is None and not access_for(actor).sees_all and access_for(actor).scope != DataScope.REGION:
        raise PermissionDenied("您只能在本单位之下新建单位")
    if Unit.objects.filter(code=data.code).exists():
        raise Conflict(f"单位编码“{data.code}”已存在", code="duplicate_code")
    unit = Unit.objects.create(
        code=data.code, name=data.name, short_name=data.short_name, kind=data.kind,
        region=region, parent=parent, sort_order=data.sort_order, is_active=data.is_active,
        path="",
    )
    unit.path, unit.depth = _tree_position(unit.pk, parent)
    unit.save(update_fields=["path", "depth"])
    audit.record_saved(actor=actor, obj=unit, before=None, fields=UNIT_FIELDS)
    return unit


def _move_subtree(unit: Unit, old_path: str) -> None:
    """Re-root the paths of ``unit``'s descendants after it moved."""
    depth_change = unit.depth - (old_path.count("/") - 2)
    for child in Unit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk):
        child.path = unit.path + child.path[len(old_path):]
        child.depth += depth_change
        child.save(update_fields=["path", "depth"])


@transaction.atomic
def update_unit(*, actor, unit: Unit, data: UnitData) -> Unit:
    _require_manage(actor, unit)
    region, parent = _resolve_unit_refs(data, instance=unit)
    if parent is not None:
        _require_manage(actor, parent)
    _require_region(actor, region)
    if Unit.objects.filter(code=data.code).exclude(pk=unit.pk).exists():
        raise Conflict(f"单位编码“{data.code}”已存在", code="duplicate_code")
    before = audit.snapshot(unit, UNIT_FIELDS)
    old_path = unit.path
    unit.code, unit.name, unit.short_name, unit.kind = data.code, data.name, data.short_name, data.kind
    unit.region, unit.parent = region, parent
    unit.sort_order, unit.is_active = data.sort_order, data.is_active
    unit.path, unit.depth = _tree_position(unit.pk, parent)
    unit.save()
    if unit.path != old_path:
        _move_subtree(unit, old_path)
    audit.record_saved(actor=actor, obj=unit, before=before, fields=UNIT_FIELDS)
    return unit


@transaction.atomic
def delete_unit(*, actor, unit: Unit) -> None:
    _require_manage(actor, unit)
    if unit.children.exists() or unit.officials.exists() or unit.users.exists():
        raise Conflict(
            f"单位“{unit.name}”还有下级单位、领导干部或用户，不能删除；可改为停用",
            code="unit_in_use",
        )
    before = audit.snapshot(unit, UNIT_FIELDS)
    audit.record(actor=actor, action="delete", obj=unit, before=before)
    unit.delete()


def _unit_by_code(code: str) -> Unit:
    unit = Unit.objects.select_related("region").filter(code=code).first()
    if unit is None:
        raise InvalidInput(f"单位编码“{code}”不存在", field="unit")
    return unit


@transaction.atomic
def create_official(*, actor, data: OfficialData) -> Official:
    unit = _unit_by_code(data.unit_code)
    _require_manage(actor, unit)
    if Official.objects.filter(unit=unit, name=data.name, post=data.post).exists():
        raise Conflict(f"{unit.name}已有{data.name}（{data.post}）", code="duplicate_official")
    official = Official.objects.create(
        name=data.name, post=data.post, unit=unit, phone=data.phone,
        sort_order=data.sort_order, is_active=data.is_active,
    )
    audit.record_saved(actor=actor, obj=official, before=None, fields=OFFICIAL_FIELDS)
    return official


@transaction.atomic
def update_official(*, actor, official: Official, data: OfficialData) -> Official:
    _require_manage(actor, official.unit)
    unit = _unit_by_code(data.unit_code)
    _require_manage(actor, unit)
    duplicate = Official.objects.filter(unit=unit, name=data.name, post=data.post)
    if duplicate.exclude(pk=official.pk).exists():
        raise Conflict(f"{unit.name}已有{data.name}（{data.post}）", code="duplicate_official")
    before = audit.snapshot(official, OFFICIAL_FIELDS)
    official.name, official.post, official.unit, official.phone = (
        data.name, data.post, unit, data.phone)
    official.sort_order, official.is_active = data.sort_order, data.is_active
    official.save()
    audit.record_saved(actor=actor, obj=official, before=before, fields=OFFICIAL_FIELDS)
    return official


@transaction.atomic
def delete_official(*, actor, official: Official) -> None:
    _require_manage(actor, official.unit)
    audit.record(actor=actor, action="delete", obj=official,
                 before=audit.snapshot(official, OFFICIAL_FIELDS))
    official.delete()


def require_found(obj, what: str):
    if obj is None:
        raise NotFound(f"{what}不存在或不在您的数据范围内")
    return obj


REGION_FIELDS = ("code", "name", "level", "parent")


@dataclass
class RegionData:
    code: str
    name: str
    level: str
    parent_code: str = ""


def _check_region(data: RegionData) -> Region | None:
    if not (len(data.code) == 6 and data.code.isdigit()):
        raise InvalidInput("区划代码应为6位数字（GB/T 2260）", field="code")
    if data.level not in RegionLevel.values:
        raise InvalidInput(f"级别“{data.level}”不存在", field="level")
    if data.level == RegionLevel.PROVINCE:
        if data.parent_code:
            raise InvalidInput("省级区划没有上级区划", field="parent_code")
        return None
    parent = Region.objects.filter(pk=data.parent_code).first()
    if parent is None:
        raise InvalidInput(f"上级区划代码“{data.parent_code}”不存在", field="parent_code")
    expected = RegionLevel.PROVINCE if data.level == RegionLevel.CITY else RegionLevel.CITY
    if parent.level != expected or not data.code.startswith(parent.code_prefix):
        raise InvalidInput(f"区划代码{data.code}不在上级区划{parent.name}（{parent.code}）之内",
                           field="code")
    return parent


@transaction.atomic
def save_region(*, actor, data: RegionData, region: Region | None = None) -> Region:
    """Add a region or correct one (a new county, a renamed district). Codes are keys:
    an existing region's code does not change."""
    access_for(actor).require("settings.manage")
    if region is not None and data.code != region.code:
        raise InvalidInput("区划代码是主键，不能修改；撤并的区划请新建", field="code")
    if region is None and Region.objects.filter(pk=data.code).exists():
        raise Conflict(f"区划代码“{data.code}”已存在", code="duplicate_code")
    parent = _check_region(data)
    before = audit.snapshot(region, REGION_FIELDS) if region else None
    region = region or Region(code=data.code)
    region.name, region.level, region.parent = data.name, data.level, parent
    region.save()
    audit.record_saved(actor=actor, obj=region, before=before, fields=REGION_FIELDS)
    return region
