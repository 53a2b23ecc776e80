"""Reads for pages and the API: each loads what its page shows in a fixed number of queries
and filters through the reader's data scope."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from luoshi.core.errors import NotFound
from luoshi.core.models import Region
from luoshi.core.permissions import access_for, unit_scope_q
from luoshi.orgs.models import LoginLog, Official, Role, Unit, UnitKind, User


def _not_found(what: str) -> NotFound:
    return NotFound(f"{what}不存在或不在您的数据范围内")


def _region_prefix(code: str) -> str:
    """The prefix that selects a region and everything inside it (210400 → 2104)."""
    code = code.strip()
    if len(code) == 6 and code.endswith("0000"):
        return code[:2]
    if len(code) == 6 and code.endswith("00"):
        return code[:4]
    return code


def visible_units(user) -> QuerySet[Unit]:
    access = access_for(user)
    access.require("orgs.view")
    return Unit.objects.filter(unit_scope_q(access))


def units_for_list(user, *, search: str = "", region: str = "", kind: str = "",
                   parent_id: int | None = None) -> QuerySet[Unit]:
    units = visible_units(user).select_related("region", "parent")
    if search:
        units = units.filter(Q(name__icontains=search) | Q(code__icontains=search)
                             | Q(short_name__icontains=search))
    if region:
        units = units.filter(region__code__startswith=_region_prefix(region))
    if kind:
        units = units.filter(kind=kind)
    if parent_id:
        units = units.filter(parent_id=parent_id)
    return units.order_by("region_id", "depth", "sort_order", "code")


def access_unit(user, unit_id) -> Unit:
    unit = visible_units(user).select_related("region", "parent").filter(pk=unit_id).first()
    if unit is None:
        raise _not_found("单位")
    return unit


def unit_detail(user, unit_id) -> dict:
    unit = access_unit(user, unit_id)
    access = access_for(user)
    return {
        "unit": unit,
        "children": list(unit.children.filter(unit_scope_q(access)).select_related("region")
                         .annotate(officials_count=Count("officials"))),
        "officials": list(unit.officials.all()),
        "users_count": unit.users.count(),
    }


def visible_officials(user) -> QuerySet[Official]:
    access = access_for(user)
    access.require("orgs.view")
    return Official.objects.filter(unit_scope_q(access, "unit"))


def officials_for_list(user, *, search: str = "", unit_id: int | None = None) -> QuerySet[Official]:
    officials = visible_officials(user).select_related("unit", "unit__region")
    if search:
        officials = officials.filter(Q(name__icontains=search) | Q(post__icontains=search)
                                     | Q(unit__name__icontains=search))
    if unit_id:
        officials = officials.filter(unit_id=unit_id)
    return officials.order_by("unit__region_id", "unit__sort_order", "unit_id", "sort_order", "id")


def access_official(user, official_id) -> Official:
    official = visible_officials(user).select_related("unit", "unit__region").filter(pk=official_id).first()
    if official is None:
        raise _not_found("领导干部")
    return official


def users_for_list(user, *, search: str = "", role: str = "") -> QuerySet[User]:
    access = access_for(user)
    if not (access.has("users.manage") or access.has("roles.manage")):
        access.require("users.manage")
    users = (User.objects.filter(unit_scope_q(access, "unit") if not access.sees_all else Q())
             .select_related("unit", "official").prefetch_related("roles"))
    if search:
        users = users.filter(Q(username__icontains=search) | Q(full_name__icontains=search)
                             | Q(unit__name__icontains=search))
    if role:
        users = users.filter(roles__code=role)
    return users.order_by("username")


def access_user(user, user_id) -> User:
    found = users_for_list(user).filter(pk=user_id).first()
    if found is None:
        raise _not_found("用户")
    return found


def roles_for_list(user) -> QuerySet[Role]:
    access = access_for(user)
    if not (access.has("roles.manage") or access.has("users.manage")):
        access.require("roles.manage")
    return Role.objects.annotate(users_count=Count("users")).order_by("id")


def regions_for_list(*, search: str = "", parent: str = "") -> QuerySet[Region]:
    regions = Region.objects.select_related("parent").annotate(units_count=Count("units"))
    if search:
        regions = regions.filter(Q(name__icontains=search) | Q(code__startswith=search))
    if parent:
        regions = regions.filter(parent_id=parent)
    return regions.order_by("code")


def access_region(code: str) -> Region:
    region = Region.objects.select_related("parent").filter(pk=code).first()
    if region is None:
        raise NotFound(f"区划代码“{code}”不存在")
    return region


def unit_counts_by_kind(user) -> list[dict]:
    """Units in the reader's scope per kind, in the order of UnitKind, for the home chart."""
    counts = dict(visible_units(user).values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    return [{"kind": kind, "label": str(label), "count": counts[kind]}
            for kind, label in UnitKind.choices if counts.get(kind)]


def login_log(*, search: str = "") -> QuerySet[LoginLog]:
    logins = LoginLog.objects.all()
    if search:
        logins = logins.filter(username__icontains=search)
    return logins.order_by("-id")
