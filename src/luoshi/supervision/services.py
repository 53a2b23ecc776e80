"""Supervision orders (督办单): issued by the supervision office, answered by the unit,
closed (销号) or returned by the office. Every step is a transition in ``TRANSITIONS``,
recorded in the order's history (:class:`OrderEvent`) and in the audit log.

Workflow: issued (已交办) → in_progress (办理中, after a progress response) → responded
(已反馈待销号, after a result response) → closed (已销号), or → returned (已退回) with a
reason, after which the unit answers again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from luoshi.core import audit
from luoshi.core.errors import Conflict, InvalidInput, PermissionDenied
from luoshi.core.permissions import access_for, unit_in_scope
from luoshi.orgs.models import Unit
from luoshi.supervision import numbering
from luoshi.supervision.models import (
    Notification,
    NotificationKind,
    OrderEvent,
    OrderResponse,
    OrderSource,
    OrderStatus,
    ResponseKind,
    SupervisionOrder,
    Warning,
)

ORDER_FIELDS = ("number", "title", "content", "requirements", "unit", "deadline", "source",
                "instruction", "status", "issued_on", "closed_on", "return_reason")

_ANSWERABLE = {OrderStatus.ISSUED, OrderStatus.IN_PROGRESS, OrderStatus.RETURNED}
# action: (statuses it starts from, status it leads to, permission that may take it)
TRANSITIONS = {
    "progress": (_ANSWERABLE, OrderStatus.IN_PROGRESS, "supervision.respond"),
    "result": (_ANSWERABLE, OrderStatus.RESPONDED, "supervision.respond"),
    "close": ({OrderStatus.RESPONDED}, OrderStatus.CLOSED, "supervision.manage"),
    "return": ({OrderStatus.RESPONDED}, OrderStatus.RETURNED, "supervision.manage"),
}
MAX_TITLE = 200


@dataclass
class OrderData:
    title: str
    content: str
    requirements: str
    unit_id: int
    deadline: dt.date
    source: str = OrderSource.MANUAL
    instruction: str = ""


def _require_in_scope(actor, unit: Unit, permission: str) -> None:
    access = access_for(actor)
    access.require(permission)
    if not unit_in_scope(access, unit):
        raise PermissionDenied(f"“{unit.name}”不在您的数据范围内")


def _office_of(actor) -> Unit:
    unit = getattr(actor, "unit", None)
    if unit is None:
        raise InvalidInput("您的账号没有所在单位，不能签发督办单", field="office")
    return unit


def _clean(data: OrderData, issued_on: dt.date) -> Unit:
    for name, label in (("title", "督办事项"), ("content", "督办内容"), ("requirements", "反馈要求")):
        value = getattr(data, name).strip()
        if not value:
            raise InvalidInput(f"请填写{label}", field=name)
        setattr(data, name, value)
    if len(data.title) > MAX_TITLE:
        raise InvalidInput(f"督办事项最多{MAX_TITLE}个字，请精简", field="title")
    if data.deadline < issued_on:
        raise InvalidInput(f"办理时限不能早于交办日期{issued_on:%Y-%m-%d}", field="deadline")
    if data.source not in OrderSource.values:
        raise InvalidInput("督办单来源无效", field="source")
    unit = Unit.objects.select_related("region").filter(pk=data.unit_id, is_active=True).first()
    if unit is None:
        raise InvalidInput("承办单位不存在或已停用", field="unit")
    return unit


def _event(order: SupervisionOrder, actor, action: str, old: str, note: str = "",
           at: dt.datetime | None = None) -> OrderEvent:
    return OrderEvent.objects.create(
        order=order, at=at or timezone.now(), actor=actor if getattr(actor, "pk", None) else None,
        actor_name=getattr(actor, "username", "system"), action=action, from_status=old,
        to_status=order.status, note=note)


def notify_unit(order: SupervisionOrder, kind: str, text: str, key: str = "", leader=None,
            at: dt.datetime | None = None) -> Notification | None:
    """One notice per (order, kind, key): a second call with the same key adds nothing."""
    notice, created = Notification.objects.get_or_create(
        order=order, kind=kind, key=key,
        defaults={"unit_id": order.unit_id, "text": text[:500], "leader": leader,
                  "created_at": at or timezone.now()})
    return notice if created else None


@transaction.atomic
def create_order(*, actor, data: OrderData, warnings: Sequence[Warning] = (),
                 issued_on: dt.date | None = None) -> SupervisionOrder:
    """Issue an order to ``data.unit_id``, numbered in the actor's office's series."""
    issued_on = issued_on or timezone.localdate()
    access_for(actor).require("supervision.manage")
    unit = _clean(data, issued_on)
    _require_in_scope(actor, unit, "supervision.manage")
    for warning in warnings:
        if warning.unit_id != unit.pk:
            raise InvalidInput(f"预警“{warning.item_title}”的责任单位不是{unit.name}，"
                               "一份督办单只能交办给一个单位", field="warnings")
    office = _office_of(actor)
    serial = numbering.next_serial(office, issued_on.year)
    order = SupervisionOrder.objects.create(
        office=office, year=issued_on.year, serial=serial,
        number=numbering.format_number(numbering.prefix_for(office), issued_on.year, serial),
        title=data.title, content=data.content, requirements=data.requirements, unit=unit,
        deadline=data.deadline, source=data.source, instruction=data.instruction.strip(),
        issued_on=issued_on, created_by=actor if getattr(actor, "pk", None) else None)
    if warnings:
        order.warnings.set(warnings)
    _event(order, actor, "issue", "", note=order.number)
    notify_unit(order, NotificationKind.NEW_ORDER,
            f"{order.number}：{order.title}，请于{order.deadline:%Y年%-m月%-d日}前办理反馈")
    after = audit.snapshot(order, ORDER_FIELDS)
    after["warnings"] = [w.pk for w in warnings]
    audit.record(actor=actor, action="create", obj=order, before=None, after=after)
    return order


def warnings_summary(warnings: Iterable[Warning]) -> str:
    """The matter of an order made from warnings: one line per warning, with its reason."""
    return "\n".join(f"{i}. {w.item_title}：{w.reason}" for i, w in enumerate(warnings, 1))


def order_from_warnings(*, actor, warnings: Sequence[Warning], deadline: dt.date,
                        requirements: str, title: str = "", content: str = "",
                        issued_on: dt.date | None = None) -> SupervisionOrder:
    """An order to the one unit responsible for ``warnings``; matter and content default to
    the warnings' items and reasons."""
    if not warnings:
        raise InvalidInput("请至少选择一条预警", field="warnings")
    first = warnings[0]
    default_title = f"关于“{first.item_title}”" + (f"等{len(warnings)}项" if len(warnings) > 1 else "") + "的督办"
    return create_order(actor=actor, warnings=warnings, data=OrderData(
        title=title or default_title[:MAX_TITLE], content=content or warnings_summary(warnings),
        requirements=requirements, unit_id=first.unit_id, deadline=deadline,
        source=OrderSource.WARNING), issued_on=issued_on)


def order_from_instruction(*, actor, unit: Unit, instruction: str, leader: str, title: str,
                           deadline: dt.date, requirements: str,
                           content: str = "", issued_on: dt.date | None = None) -> SupervisionOrder:
    """The hook for leaders' 批示 (the briefs app calls it): turn an instruction into an order.

    ``instruction`` is the 批示 text and ``leader`` who gave it (e.g. "市长王建国"); the order
    quotes both and is marked as coming from an instruction. The actor must hold
    supervision.manage over ``unit`` (the office turns the instruction into the order).
    """
    if not instruction.strip():
        raise InvalidInput("请填写批示内容", field="instruction")
    quoted = f"{leader.strip()}批示：“{instruction.strip()}”" if leader.strip() else instruction.strip()
    return create_order(actor=actor, data=OrderData(
        title=title, content=content.strip() or f"请按照{leader.strip() or '领导'}批示要求，认真抓好落实。",
        requirements=requirements, unit_id=unit.pk, deadline=deadline,
        source=OrderSource.INSTRUCTION, instruction=quoted), issued_on=issued_on)


def _move(actor, order: SupervisionOrder, action: str, *, note: str = "", **changes) -> OrderEvent:
    sources, target, permission = TRANSITIONS[action]
    _require_in_scope(actor, order.unit, permission)
    if order.status not in sources:
        raise Conflict(f"督办单当前为“{order.get_status_display()}”，不能执行此操作",
                       code="bad_transition")
    old, order.status = order.status, target
    for name, value in changes.items():
        setattr(order, name, value)
    order.save()
    event = _event(order, actor, action, old, note)
    audit.record(actor=actor, action=f"order_{action}", obj=order, before={"status": old},
                 after={"status": order.status, **changes, **({"note": note} if note else {})})
    return event


@transaction.atomic
def respond_order(*, actor, order: SupervisionOrder, kind: str, text: str,
                  files: Sequence[tuple[str, bytes]] = ()) -> OrderResponse:
    """The unit reports progress (stays open) or the result (asks the office to close)."""
    from luoshi.supervision.evidence import attach_evidence

    if kind not in ResponseKind.values:
        raise InvalidInput("反馈类型应为“进展情况”或“办理结果”", field="kind")
    if not text.strip():
        raise InvalidInput("请填写反馈内容", field="text")
    now = timezone.now()
    _move(actor, order, "result" if kind == ResponseKind.RESULT else "progress",
          note=text.strip()[:200], responded_at=now)
    response = OrderResponse.objects.create(order=order, kind=kind, text=text.strip(),
                                            submitted_by=actor, submitted_at=now)
    for name, content in files:
        attach_evidence(actor=actor, response=response, name=name, content=content)
    return response


@transaction.atomic
def close_order(*, actor, order: SupervisionOrder, note: str = "",
                closed_on: dt.date | None = None) -> SupervisionOrder:
    """销号: the office accepts the unit's result and closes the order."""
    closed_on = closed_on or timezone.localdate()
    _move(actor, order, "close", note=note.strip(), closed_on=closed_on, return_reason="")
    notify_unit(order, NotificationKind.CLOSED, f"{order.number}已销号")
    return order


@transaction.atomic
def return_order(*, actor, order: SupervisionOrder, reason: str) -> SupervisionOrder:
    if not reason.strip():
        raise InvalidInput("退回须写明原因", field="reason")
    event = _move(actor, order, "return", note=reason.strip(), return_reason=reason.strip())
    notify_unit(order, NotificationKind.RETURNED, f"{order.number}被退回：{reason.strip()}",
            key=str(event.pk))
    return order
