"""``luoshi orders remind``: reminders before an order's deadline, escalation when overdue.

Open orders (issued, in progress, returned) whose deadline is within ``REMIND_WORKDAYS``
working days get one reminder to the unit per deadline; overdue ones get one overdue notice
to the unit and one escalation to the unit's leader (its first official, the head), and the
order records the day it was escalated. Notices are keyed (order, kind, deadline), so the
job can run every day, or twice, without repeating itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from luoshi.core import audit
from luoshi.core.permissions import SYSTEM
from luoshi.core.workdays import add_workdays
from luoshi.orgs.models import Official
from luoshi.supervision.models import (
    OPEN_ORDER_STATUSES,
    NotificationKind,
    SupervisionOrder,
)
from luoshi.supervision.services import notify_unit

REMIND_WORKDAYS = 3


@dataclass(frozen=True)
class RemindOutcome:
    reminders: int
    overdue: int
    escalations: int


def _heads(unit_ids) -> dict[int, Official]:
    heads: dict[int, Official] = {}
    for official in Official.objects.filter(unit_id__in=unit_ids, is_active=True).order_by(
            "unit_id", "sort_order", "id"):
        heads.setdefault(official.unit_id, official)
    return heads


@transaction.atomic
def remind_orders(*, today: dt.date | None = None,
                  remind_workdays: int = REMIND_WORKDAYS) -> RemindOutcome:
    today = today or timezone.localdate()
    horizon = add_workdays(today, remind_workdays)
    orders = list(SupervisionOrder.objects.filter(status__in=OPEN_ORDER_STATUSES,
                                                  deadline__lte=horizon, issued_on__lte=today)
                  .select_related("unit").order_by("deadline", "id"))
    heads = _heads({o.unit_id for o in orders})
    at = timezone.now()
    reminders = overdue = escalations = 0
    for order in orders:
        key = order.deadline.isoformat()
        due = f"{order.deadline:%Y年%-m月%-d日}"
        if order.deadline >= today:
            days = (order.deadline - today).days
            when = "今天" if days == 0 else f"{days}天后（{due}）"
            reminders += bool(notify_unit(order, NotificationKind.REMINDER,
                                      f"{order.number}“{order.title}”将于{when}到期，请按时办理反馈",
                                      key=key, at=at))
            continue
        late = (today - order.deadline).days
        overdue += bool(notify_unit(order, NotificationKind.OVERDUE,
                                f"{order.number}“{order.title}”已逾期{late}天（时限{due}），请立即办理反馈",
                                key=key, at=at))
        head = heads.get(order.unit_id)
        to = f"{head.name}（{head.post}）" if head else "单位主要负责同志"
        notice = notify_unit(order, NotificationKind.ESCALATION,
                         f"呈{to}：{order.unit.name}承办的{order.number}“{order.title}”已超过办理时限{due}，"
                         "请督促尽快办结", key=key, leader=head, at=at)
        if notice:
            escalations += 1
            order.escalated_on = today
            order.save(update_fields=["escalated_on"])
            audit.record(actor=SYSTEM, action="order_escalate", obj=order,
                         after={"escalated_on": today, "leader": to})
    return RemindOutcome(reminders, overdue, escalations)
