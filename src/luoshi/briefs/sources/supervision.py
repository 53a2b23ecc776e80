"""Supervision for a brief: the orders (督办单) addressed to the region's units as they stood
at the end of the month, and the warnings raised for it, from luoshi.supervision.

Everything is read from dates and the orders' history, not from their current status, so a
brief for an earlier month says what was true then. An order is overdue as the reminder job
counts it: past its deadline and still with the unit (a result awaiting 销号 is not)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from functools import lru_cache

from django.db.models import Q
from django.urls import reverse

from luoshi.briefs.figures import Figure, Source, unit_tally
from luoshi.briefs.prose import year_to_date
from luoshi.core.models import Region
from luoshi.core.officialdoc import date_zh
from luoshi.core.periods import Period
from luoshi.core.regions import in_region
from luoshi.supervision.history import overdue_on, statuses_on
from luoshi.supervision.models import OrderStatus, SupervisionOrder, Warning
from luoshi.supervision.queries import region_q

ROWS_KEPT = 200


def supervision(region: Region, month: Period) -> dict | None:
    end = month.end_date()
    start = year_to_date(month.code).start_date()
    orders = list(SupervisionOrder.objects
                  .filter(in_region(region.code_prefix, "unit__region_id"), issued_on__lte=end)
                  .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=end) | Q(issued_on__gte=start)
                          | Q(deadline__gte=start))
                  .select_related("unit").order_by("issued_on", "id"))
    warnings = Warning.objects.filter(region_q(region.code_prefix), period=month.code)
    warning_count = warnings.count()
    if not orders and not warning_count:
        return None
    where = f"{region.name}{year_to_date(month.code).label_zh()}"
    as_of = f"截至{date_zh(end)}"
    issued = [o for o in orders if o.issued_on >= start]
    closed = [o for o in issued if _closed_by(o, end)]
    due = [o for o in orders if start <= o.deadline <= end]
    due_closed = [o for o in due if _closed_by(o, o.deadline)]
    open_ = [o for o in orders if not _closed_by(o, end)]
    overdue = overdue_on(open_, end)
    statuses = statuses_on(open_, end)
    awaiting = [o for o in open_ if statuses.get(o.pk) == OrderStatus.RESPONDED]
    by_unit = defaultdict(list)
    for order in overdue:
        by_unit[order.unit].append(order)
    ranked = sorted(by_unit.items(), key=lambda kv: (-len(kv[1]), kv[0].name))
    return {
        "issued": _orders("supervision.issued", f"{where}交办的督办单", issued),
        "closed": _orders("supervision.closed", f"{where}交办并已销号的督办单", closed),
        "open": _orders("supervision.open", f"{as_of}在办的督办单", open_),
        "overdue": _orders("supervision.overdue",
                           f"{as_of}超过办理时限仍未办结的督办单", overdue),
        "awaiting": _orders("supervision.awaiting",
                            f"{as_of}已报送办理结果、待销号的督办单", awaiting),
        "due": _orders("supervision.due", f"{where}到期的督办单", due),
        "on_time_rate": _rate(where, due, due_closed),
        "overdue_units": unit_tally("supervision.overdue_units", f"{as_of}有逾期督办单的单位",
                                    [(unit.name, len(items)) for unit, items in ranked], "逾期督办单"),
        "overdue_by_unit": [
            {"unit": unit.short_name or unit.name,
             "count": _orders(f"supervision.overdue.{unit.code}", f"{unit.name}{as_of}超过办理时限仍未办结的督办单", items),
             "numbers": [o.number for o in items]}
            for unit, items in ranked],
        "warnings": Figure("supervision.warnings", f"{region.name}{month.label_zh()}的预警", Decimal(warning_count),
                           "条", (Source(f"{region.name}{month.label_zh()}的预警", "supervision.Warning",
                                        tuple(warnings.values_list("pk", flat=True)),
                                        f"{reverse('warnings')}?period={month.code}&status=all&region={region.code}"),)),
    }


@lru_cache(maxsize=1)
def _orders_url() -> str:
    return reverse("orders")


def _closed_by(order: SupervisionOrder, day: dt.date) -> bool:
    return order.closed_on is not None and order.closed_on <= day


def _orders(key: str, label: str, orders: list[SupervisionOrder]) -> Figure:
    return Figure(key, label, Decimal(len(orders)), "件", (Source(
        label, "supervision.SupervisionOrder", tuple(o.pk for o in orders), _orders_url(),
        rows=tuple({"编号": o.number, "督办事项": o.title, "承办单位": o.unit.name,
                    "交办日期": o.issued_on, "办理时限": o.deadline, "销号日期": o.closed_on or "—"}
                   for o in orders[:ROWS_KEPT])),))


def _rate(where: str, due: list, met: list) -> Figure | None:
    """按期办结率, as the assessment's criterion counts it: of the orders due in the span, the
    share closed by their deadline."""
    if not due:
        return None
    label = f"{where}督办事项按期办结率"
    met_ids = {o.pk for o in met}
    return Figure("supervision.on_time_rate", label, Decimal(len(met)) * 100 / len(due), "%", (Source(
        f"{label}：按期销号{len(met)}件 ÷ 到期{len(due)}件", "supervision.SupervisionOrder",
        tuple(o.pk for o in due), _orders_url(),
        rows=tuple({"编号": o.number, "办理时限": o.deadline, "销号日期": o.closed_on or "—",
                    "按期": "是" if o.pk in met_ids else "否"} for o in due[:ROWS_KEPT])),))
