"""Reads of warnings, orders and notices for pages and the API, within the reader's scope.

The supervision office (supervision.manage) sees the warnings and orders of the units in its
data scope; a unit (supervision.respond) sees its own. Lists are built for the page: one
query for the rows (units and regions joined), one for the orders linked to them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from luoshi.core.errors import NotFound, PermissionDenied
from luoshi.core.models import Region
from luoshi.core.permissions import Access, DataScope, access_for, unit_scope_q
from luoshi.supervision.models import (
    OPEN_ORDER_STATUSES,
    Notification,
    OrderStatus,
    SupervisionOrder,
    Warning,
    WarningStatus,
)

READ_PERMISSIONS = ("supervision.manage", "supervision.respond")


def _reader(user) -> Access:
    access = access_for(user)
    if not any(access.has(p) for p in READ_PERMISSIONS):
        access.require("supervision.manage")
    return access


def region_q(prefix: str) -> Q:
    """Warnings of the regions whose code starts with ``prefix`` (21, 2108, 210804): a city
    or a county is one equality the list indexes answer in list order."""
    if len(prefix) == 4:
        return Q(city=prefix)
    if len(prefix) == 6:
        return Q(region_id=prefix)
    following = str(int(prefix) + 1).zfill(len(prefix))
    return Q(city__gte=prefix, city__lt=following)


def warning_scope_q(access: Access) -> Q:
    # A warning's region is its unit's region, so a region scope needs no join.
    if access.scope == DataScope.REGION and access.unit_id is not None:
        return region_q(access.region_prefix)
    return unit_scope_q(access, "unit")


def visible_warnings(user) -> QuerySet[Warning]:
    return Warning.objects.filter(warning_scope_q(_reader(user)))


@dataclass
class WarningFilters:
    rule: str = ""
    unit: int | None = None
    region: str = ""
    status: str = WarningStatus.OPEN
    period: str = ""
    severity: str = ""
    q: str = ""

    @classmethod
    def from_params(cls, params) -> WarningFilters:
        unit = params.get("unit", "")
        status = params.get("status", WarningStatus.OPEN)
        return cls(rule=params.get("rule", ""), unit=int(unit) if unit.isdigit() else None,
                   region=params.get("region", "").strip(),
                   status=status if status in (*WarningStatus.values, "all") else WarningStatus.OPEN,
                   period=params.get("period", "").strip(), severity=params.get("severity", ""),
                   q=params.get("q", "").strip())


_ORDERS_OF_WARNINGS = Prefetch("orders", queryset=SupervisionOrder.objects.only("id", "number", "status"))


def warning_list(user, filters: WarningFilters) -> QuerySet[Warning]:
    rows = visible_warnings(user)
    if filters.rule:
        rows = rows.filter(rule=filters.rule)
    if filters.unit:
        rows = rows.filter(unit_id=filters.unit)
    if filters.region:
        rows = (rows.filter(region_q(_region_prefix(filters.region)))
                if filters.region.isdigit() else rows.none())
    if filters.status != "all":
        rows = rows.filter(status=filters.status)
    if filters.period:
        rows = rows.filter(period=filters.period)
    if filters.severity:
        rows = rows.filter(severity=filters.severity)
    if filters.q:
        rows = rows.filter(Q(item_title__contains=filters.q) | Q(unit__name__contains=filters.q))
    return (rows.select_related("unit", "region").prefetch_related(_ORDERS_OF_WARNINGS)
            .order_by("-opened_on", "-id"))


def _region_prefix(code: str) -> str:
    """The digits every region inside ``code`` shares (GB/T 2260: 21 province, 2108 city)."""
    if code.endswith("0000"):
        return code[:2]
    return code[:4] if code.endswith("00") else code


def regions_in_scope(user) -> list[Region]:
    access = _reader(user)
    regions = Region.objects.exclude(level="province").order_by("code")
    if not access.sees_all:
        regions = regions.filter(code__startswith=access.region_prefix or "none")
    return list(regions)


def access_warning(user, warning_id) -> Warning:
    warning = visible_warnings(user).select_related("unit", "region").filter(pk=warning_id).first()
    if warning is None:
        raise NotFound("预警不存在或不在您的数据范围内")
    return warning


def warnings_for_order(user, ids) -> list[Warning]:
    """Open warnings the office picked to turn into an order (outside its scope: not found)."""
    access_for(user).require("supervision.manage")
    found = list(visible_warnings(user).filter(pk__in=ids).select_related("unit").order_by("id"))
    if len(found) != len(set(ids)):
        raise NotFound("所选预警不存在或不在您的数据范围内")
    return found


def visible_orders(user) -> QuerySet[SupervisionOrder]:
    return SupervisionOrder.objects.filter(unit_scope_q(_reader(user), "unit"))


@dataclass
class OrderFilters:
    status: str = ""
    unit: int | None = None
    overdue: bool = False
    q: str = ""

    @classmethod
    def from_params(cls, params) -> OrderFilters:
        unit = params.get("unit", "")
        status = params.get("status", "")
        return cls(status=status if status in OrderStatus.values or status == "open" else "",
                   unit=int(unit) if unit.isdigit() else None,
                   overdue=params.get("overdue") in ("1", "on", "true"), q=params.get("q", "").strip())


def order_list(user, filters: OrderFilters) -> QuerySet[SupervisionOrder]:
    rows = visible_orders(user)
    if filters.status == "open":
        rows = rows.filter(status__in=OPEN_ORDER_STATUSES)
    elif filters.status:
        rows = rows.filter(status=filters.status)
    if filters.unit:
        rows = rows.filter(unit_id=filters.unit)
    if filters.overdue:
        rows = rows.filter(status__in=OPEN_ORDER_STATUSES, deadline__lt=timezone.localdate())
    if filters.q:
        rows = rows.filter(Q(number__contains=filters.q) | Q(title__contains=filters.q)
                           | Q(unit__name__contains=filters.q))
    return rows.select_related("unit", "office").order_by("-year", "-serial", "-id")


def access_order(user, order_id) -> SupervisionOrder:
    order = (visible_orders(user).select_related("unit__region", "office__region", "created_by")
             .filter(pk=order_id).first())
    if order is None:
        raise NotFound("督办单不存在或不在您的数据范围内")
    return order


def order_history(order: SupervisionOrder) -> dict:
    """Everything the order's page shows beside the order: linked warnings, responses with
    their files, events. Four queries."""
    return {"warnings": list(order.warnings.select_related("unit").order_by("id")),
            "responses": list(order.responses.select_related("submitted_by")
                              .prefetch_related("evidence")),
            "events": list(order.events.all())}


def notifications_for(user) -> QuerySet[Notification]:
    access = _reader(user)
    if access.has("supervision.manage") and not access.has("supervision.respond"):
        raise PermissionDenied("督办提醒发给承办单位")
    return (Notification.objects.filter(unit_scope_q(access, "unit"))
            .select_related("order", "unit", "leader").order_by("-id"))
