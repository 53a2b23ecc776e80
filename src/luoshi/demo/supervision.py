"""Demo warnings and supervision orders for Yingkou (after ``load_demo_plans``).

Warnings are not invented: the real rules run on the demo plan for 2023-05 (judged on
2023-06-10) and 2023-06 (judged on 2023-07-10), so the red nodes, overdue milestones and
missing reports of the Yingkou plan raise them, and May's red nodes that recovered in June
are closed. Then the Yingkou supervision office (``yk_duchashi``) issues orders numbered
营督〔2023〕1号… in July 2023 through the real services: one closed (销号), one returned, one
awaiting closure, one in progress, one overdue and escalated, one from a mayor's 批示. The
reminder job runs as of 2023-07-25. Service calls stamp ``timezone.now()``; the loader then
puts events, responses and notices on their 2023 dates, as the plans demo does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from luoshi.core.permissions import SYSTEM
from luoshi.demo.plans import PASSWORD, REGION, ensure_yingkou_users, load_demo_plans
from luoshi.orgs import accounts
from luoshi.orgs.models import Role, Unit, User
from luoshi.supervision import services
from luoshi.supervision.evaluation import run_warnings
from luoshi.supervision.models import (
    Notification,
    OrderEvent,
    OrderResponse,
    ResponseKind,
    SupervisionOrder,
    Warning,
    WarningStatus,
)
from luoshi.supervision.reminders import remind_orders

OFFICE = f"{REGION}-DCS"
OFFICE_LOGIN = "yk_duchashi"
REQUIREMENTS = ("请于办理时限前报送办理结果，附相关佐证材料；未能按期办结的，书面说明原因、"
                "责任人和下步措施。")
DEMO_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _at(day: str, hour: int = 10, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour, minute)))


def _office_user() -> User:
    user = User.objects.filter(username=OFFICE_LOGIN).first()
    if user is not None:
        return user
    office = Unit.objects.get(code=OFFICE)
    user = accounts.create_user(actor=SYSTEM, password=PASSWORD, data=accounts.UserData(
        username=OFFICE_LOGIN, full_name="营口督查室工作人员", unit_id=office.pk))
    accounts.set_user_roles(actor=SYSTEM, user=user, role_ids=[Role.objects.get(code="supervision").pk])
    User.objects.filter(pk=user.pk).update(must_change_password=False)
    return User.objects.get(pk=user.pk)


def _open(rule: str, unit_code: str) -> list[Warning]:
    return list(Warning.objects.filter(rule=rule, unit__code=unit_code, status=WarningStatus.OPEN)
                .order_by("id"))


@dataclass
class _Timeline:
    """The 2023 times of each order's events, responses and notices, in creation order."""

    events: dict[int, list[dt.datetime]]
    responses: dict[int, list[dt.datetime]]

    def add(self, order: SupervisionOrder, *times: dt.datetime) -> None:
        self.events.setdefault(order.pk, []).extend(times)

    def respond(self, order: SupervisionOrder, at: dt.datetime) -> None:
        self.responses.setdefault(order.pk, []).append(at)


def _issue(office_user, warnings, deadline, title="") -> SupervisionOrder:
    return services.order_from_warnings(actor=office_user, warnings=warnings,
                                        deadline=dt.date.fromisoformat(deadline),
                                        requirements=REQUIREMENTS, title=title,
                                        issued_on=dt.date(2023, 7, 11))


def _orders(office_user: User, reporters: dict[str, User], times: _Timeline) -> None:
    # 1 营督〔2023〕1号: red lights at 市住建局 → result with evidence → closed (销号).
    first = _issue(office_user, _open("red_node", f"{REGION}-ZJJ"), "2023-07-24",
                   title="关于老旧管网改造和保障性住房建设进度滞后的督办")
    reporter = reporters[f"{REGION}-ZJJ"]
    services.respond_order(actor=reporter, order=first, kind=ResponseKind.RESULT, files=[
        ("老旧管网改造进度台账.pdf", DEMO_PDF)],
        text="已召开专题调度会，倒排工期：老旧管网改造7月新开工18公里，累计完成55.5公里；"
             "保障性租赁住房新筹集210套，累计685套。下步每周调度，确保三季度末追上时序进度。")
    services.close_order(actor=office_user, order=first, note="进度已明显加快，同意销号，纳入常态化调度。",
                         closed_on=dt.date(2023, 7, 24))
    times.add(first, _at("2023-07-11", 9), _at("2023-07-20", 16), _at("2023-07-24", 10))
    times.respond(first, _at("2023-07-20", 16))

    # 2 营督〔2023〕2号: overdue milestone at 市发改委 → result → returned with a reason.
    second = _issue(office_user, _open("overdue_milestone", f"{REGION}-FGW"), "2023-07-21")
    services.respond_order(actor=reporters[f"{REGION}-FGW"], order=second, kind=ResponseKind.RESULT,
                           text="海上风电项目核准前期手续正在加快办理，已完成用海预审。")
    services.return_order(actor=office_user, order=second,
                          reason="未说明核准手续的完成时限和责任人，请补充具体时间表后重新反馈。")
    times.add(second, _at("2023-07-11", 9, 30), _at("2023-07-19", 15), _at("2023-07-20", 9))
    times.respond(second, _at("2023-07-19", 15))

    # 3 营督〔2023〕3号: reports missing at 市商务局 → result → awaiting closure.
    third = _issue(office_user, _open("report_missing", f"{REGION}-SWJ"), "2023-07-20")
    services.respond_order(actor=reporters[f"{REGION}-SWJ"], order=third, kind=ResponseKind.RESULT,
                           text="6月份进展报告已于7月14日补报，今后指定专人按月报送，确保不再缺报。")
    times.add(third, _at("2023-07-11", 10), _at("2023-07-14", 11))
    times.respond(third, _at("2023-07-14", 11))

    # 4 营督〔2023〕4号: a red light at 鲅鱼圈区 → progress so far → in progress.
    fourth = _issue(office_user, _open("red_node", "210804-GOV")
                    + _open("overdue_milestone", "210804-GOV"), "2023-08-31")
    services.respond_order(actor=reporters["210804-GOV"], order=fourth, kind=ResponseKind.PROGRESS,
                           text="炼化一体化配套项目已完成施工图审查，正在办理施工许可，预计8月中旬开工。")
    times.add(fourth, _at("2023-07-11", 10, 30), _at("2023-07-18", 17))
    times.respond(fourth, _at("2023-07-18", 17))

    # 5 营督〔2023〕5号: missing reports at 市住建局, not answered → overdue, escalated.
    fifth = _issue(office_user, _open("report_missing", f"{REGION}-ZJJ"), "2023-07-21")
    times.add(fifth, _at("2023-07-11", 11))

    # 6 营督〔2023〕6号: the mayor's 批示 on private economy, to 市工信局 → issued.
    sixth = services.order_from_instruction(
        actor=office_user, unit=Unit.objects.get(code=f"{REGION}-GXJ"),
        leader="市长", instruction="民营经济是全面振兴的生力军，要逐项梳理市场主体培育任务，月底前拿出具体举措。",
        title="关于落实市长批示、发展壮大民营经济的督办", deadline=dt.date(2023, 7, 28),
        requirements=REQUIREMENTS, issued_on=dt.date(2023, 7, 12))
    times.add(sixth, _at("2023-07-12", 9))


def _backdate(times: _Timeline) -> None:
    """Demo back-dating: put events, responses and notices on their 2023 dates. Direct
    updates on purpose, which only a demo loader may do (audit entries keep the real time)."""
    events = list(OrderEvent.objects.filter(order_id__in=times.events).order_by("order_id", "id"))
    seen: dict[int, int] = {}
    for event in events:
        index = seen.get(event.order_id, 0)
        event.at = times.events[event.order_id][index]
        seen[event.order_id] = index + 1
    OrderEvent.objects.bulk_update(events, ["at"])
    responses = list(OrderResponse.objects.filter(order_id__in=times.responses).order_by("order_id", "id"))
    seen = {}
    for response in responses:
        index = seen.get(response.order_id, 0)
        response.submitted_at = times.responses[response.order_id][index]
        seen[response.order_id] = index + 1
    OrderResponse.objects.bulk_update(responses, ["submitted_at"])
    for order_id, answered in times.responses.items():
        SupervisionOrder.objects.filter(pk=order_id).update(responded_at=max(answered))
    for notice in Notification.objects.filter(order_id__in=times.events).select_related("order"):
        steps = times.events[notice.order_id]
        notice.created_at = steps[0] if notice.kind == "new_order" else steps[-1]
        notice.save(update_fields=["created_at"])


def load_demo_supervision() -> None:
    """Warnings from the real rules and six orders for Yingkou; does nothing when the
    office's 2023 orders are already there, so loading again leaves the same database."""
    load_demo_plans()
    if SupervisionOrder.objects.filter(office__code=OFFICE, year=2023).exists():
        return
    run_warnings("2023-05", as_of=dt.date(2023, 6, 10))
    run_warnings("2023-06", as_of=dt.date(2023, 7, 10))
    actors = ensure_yingkou_users()
    office_user = _office_user()
    times = _Timeline({}, {})
    _orders(office_user, actors.reporters, times)
    _backdate(times)
    remind_orders(today=dt.date(2023, 7, 25))
    reminded = dt.datetime(2023, 7, 25, 8, tzinfo=timezone.get_current_timezone())
    Notification.objects.filter(kind__in=["reminder", "overdue", "escalation"],
                                order__office__code=OFFICE).update(created_at=reminded)
