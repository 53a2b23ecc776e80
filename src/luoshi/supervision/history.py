"""Orders as they stood on a past day, read from their event history, so that a report on
an earlier month says what was true then rather than what is true now."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from luoshi.supervision.models import OPEN_ORDER_STATUSES, OrderEvent, OrderStatus, SupervisionOrder


def statuses_on(orders: Iterable[SupervisionOrder], day: dt.date) -> dict[int, str]:
    """Each order's status at the end of ``day`` (issued by then): the target of its last
    event by then, else 已交办. An order entered after the fact (issued on an earlier date)
    has its events stamped when they were entered, so before them it was simply issued."""
    orders = list(orders)
    ids = [o.pk for o in orders]
    end = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))
    statuses: dict[int, str] = {o.pk: OrderStatus.ISSUED for o in orders}
    for order_id, status in (OrderEvent.objects.filter(order_id__in=ids, at__lt=end)
                             .order_by("order_id", "at", "id").values_list("order_id", "to_status")):
        statuses[order_id] = status
    return statuses


def overdue_on(orders: Iterable[SupervisionOrder], day: dt.date) -> list[SupervisionOrder]:
    """The orders past their deadline on ``day`` and still with the unit (issued, in
    progress or returned), as the reminder job counts them; an order whose result awaits the
    office's 销号 is not the unit's delay."""
    orders = [o for o in orders if o.deadline < day and o.issued_on <= day]
    statuses = statuses_on(orders, day)
    return [o for o in orders if statuses[o.pk] in OPEN_ORDER_STATUSES]
