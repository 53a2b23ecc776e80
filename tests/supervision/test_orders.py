"""Supervision orders: numbering, the workflow, evidence, reminders and escalation."""

import datetime as dt
import threading

import pytest
from django.core.management import call_command
from django.db import connection

from luoshi.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from luoshi.core.models import AuditEntry
from luoshi.core.permissions import SYSTEM
from luoshi.orgs import services as org_services
from luoshi.supervision import numbering, services
from luoshi.supervision.models import (
    Notification,
    OrderEvidence,
    OrderStatus,
    ResponseKind,
    SupervisionOrder,
    Warning,
)
from luoshi.supervision.reminders import RemindOutcome, remind_orders

PDF = b"%PDF-1.4 test"


def test_orders_are_numbered_per_office_and_year_in_the_office_style(supervisor, order_data):
    first = services.create_order(actor=supervisor, data=order_data(), issued_on=dt.date(2023, 7, 1))
    second = services.create_order(actor=supervisor, data=order_data(), issued_on=dt.date(2023, 7, 2))
    next_year = services.create_order(actor=supervisor, data=order_data(deadline=dt.date(2024, 2, 1)),
                                      issued_on=dt.date(2024, 1, 5))
    assert [first.number, second.number, next_year.number] == ["抚督〔2023〕1号", "抚督〔2023〕2号",
                                                               "抚督〔2024〕1号"]
    assert first.status == OrderStatus.ISSUED and first.office.code == "FS-ZHB"


def test_a_county_office_takes_its_citys_character(org):
    assert numbering.prefix_for(org["qingyuan"]) == "抚督"
    assert numbering.prefix_for(org["yk_fgw"]) == "营督"


@pytest.mark.skipif(connection.vendor == "sqlite", reason="SQLite serialises writers anyway")
@pytest.mark.django_db(transaction=True)
def test_serials_taken_at_once_never_collide(org):
    office = org["hq"]
    serials, errors = [], []

    def take():
        try:
            from django.db import transaction
            with transaction.atomic():
                serials.append(numbering.next_serial(office, 2023))
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=take) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and sorted(serials) == [1, 2, 3, 4, 5, 6]


def test_only_the_supervision_office_issues_orders(reporter, order_data):
    with pytest.raises(PermissionDenied):
        services.create_order(actor=reporter, data=order_data())


def test_an_order_needs_its_matter_and_a_deadline_after_issue(supervisor, order_data):
    with pytest.raises(InvalidInput, match="督办事项") as caught:
        services.create_order(actor=supervisor, data=order_data(title="  "))
    assert caught.value.field == "title"
    with pytest.raises(InvalidInput, match="办理时限不能早于"):
        services.create_order(actor=supervisor, data=order_data(deadline=dt.date(2023, 1, 1)),
                              issued_on=dt.date(2023, 2, 1))


def test_a_unit_outside_the_offices_region_cannot_be_addressed(supervisor, order_data):
    with pytest.raises(PermissionDenied):
        services.create_order(actor=supervisor, data=order_data(unit_key="yk_fgw"),
                              issued_on=dt.date(2023, 11, 1))


def test_the_unit_answers_and_the_office_closes(issued_order, reporter, supervisor):
    services.respond_order(actor=reporter, order=issued_order, kind=ResponseKind.PROGRESS,
                           text="已开工12个项目")
    assert issued_order.status == OrderStatus.IN_PROGRESS
    response = services.respond_order(actor=reporter, order=issued_order, kind=ResponseKind.RESULT,
                                      text="全部办结", files=[("台账.pdf", PDF)])
    assert issued_order.status == OrderStatus.RESPONDED
    evidence = OrderEvidence.objects.get(response=response)
    assert evidence.original_name == "台账.pdf" and evidence.file.name.endswith(".pdf")
    assert "台账" not in evidence.file.name  # stored under a random name
    services.close_order(actor=supervisor, order=issued_order, note="同意销号",
                         closed_on=dt.date(2023, 11, 20))
    issued_order.refresh_from_db()
    assert issued_order.status == OrderStatus.CLOSED and issued_order.closed_on == dt.date(2023, 11, 20)
    assert [e.action for e in issued_order.events.all()] == ["issue", "progress", "result", "close"]
    actions = set(AuditEntry.objects.filter(object_type="supervision.supervisionorder")
                  .values_list("action", flat=True))
    assert {"create", "order_progress", "order_result", "order_close", "add_evidence"} <= actions


def test_a_returned_order_goes_back_to_the_unit_with_the_reason(issued_order, reporter, supervisor):
    services.respond_order(actor=reporter, order=issued_order, kind=ResponseKind.RESULT, text="办完了")
    with pytest.raises(InvalidInput, match="原因"):
        services.return_order(actor=supervisor, order=issued_order, reason=" ")
    services.return_order(actor=supervisor, order=issued_order, reason="缺少佐证材料")
    assert issued_order.status == OrderStatus.RETURNED and issued_order.return_reason == "缺少佐证材料"
    assert Notification.objects.filter(order=issued_order, kind="returned").exists()
    services.respond_order(actor=reporter, order=issued_order, kind=ResponseKind.RESULT, text="已补充")
    assert issued_order.status == OrderStatus.RESPONDED


def test_steps_out_of_turn_are_refused(issued_order, reporter, other_reporter, supervisor):
    with pytest.raises(Conflict):
        services.close_order(actor=supervisor, order=issued_order)
    with pytest.raises(PermissionDenied):
        services.respond_order(actor=other_reporter, order=issued_order, kind="result", text="x")
    with pytest.raises(PermissionDenied):
        services.respond_order(actor=supervisor, order=issued_order, kind="result", text="x")
    with pytest.raises(InvalidInput, match="反馈类型"):
        services.respond_order(actor=reporter, order=issued_order, kind="bogus", text="x")


def test_a_bad_file_loses_the_whole_response(issued_order, reporter):
    with pytest.raises(InvalidInput, match="内容与扩展名不符"):
        services.respond_order(actor=reporter, order=issued_order, kind=ResponseKind.RESULT,
                               text="见附件", files=[("scan.pdf", b"not a pdf")])
    issued_order.refresh_from_db()
    assert issued_order.status == OrderStatus.ISSUED and not issued_order.responses.exists()


def test_an_order_from_warnings_carries_their_reasons(warnings_raised, supervisor):
    warnings = list(Warning.objects.filter(unit__code="FS-FGW", status="open").order_by("id"))
    order = services.order_from_warnings(actor=supervisor, warnings=warnings,
                                         deadline=dt.date(2023, 12, 1), requirements="报送结果",
                                         issued_on=dt.date(2023, 11, 13))
    assert order.source == "warning" and set(order.warnings.all()) == set(warnings)
    assert warnings[0].reason in order.content and "等3项" in order.title


def test_warnings_of_two_units_cannot_share_an_order(warnings_raised, supervisor):
    warnings = list(Warning.objects.filter(rule="red_node"))
    with pytest.raises(InvalidInput, match="一个单位"):
        services.order_from_warnings(actor=supervisor, warnings=warnings, deadline=dt.date(2030, 1, 1),
                                     requirements="报送")


def test_an_instruction_becomes_an_order(supervisor, org):
    order = services.order_from_instruction(
        actor=supervisor, unit=org["gxj"], leader="市长", instruction="要抓紧推进",
        title="关于落实市长批示的督办", deadline=dt.date(2030, 1, 1), requirements="月底前报送")
    assert order.source == "instruction" and order.instruction == "市长批示：“要抓紧推进”"
    assert "市长批示要求" in order.content


def test_reminders_before_the_deadline_and_escalation_after_it(issued_order, org):
    head = org_services.create_official(actor=SYSTEM, data=org_services.OfficialData(name="王建国", post="主任",
                                                                       unit_code="FS-FGW"))
    assert remind_orders(today=dt.date(2023, 11, 1)).reminders == 0  # too early
    assert remind_orders(today=dt.date(2023, 11, 28)).reminders == 1
    assert remind_orders(today=dt.date(2023, 11, 29)).reminders == 0  # once per deadline
    outcome = remind_orders(today=dt.date(2023, 12, 4))
    assert (outcome.overdue, outcome.escalations) == (1, 1)
    escalation = Notification.objects.get(kind="escalation")
    assert escalation.leader == head and "呈王建国（主任）" in escalation.text
    assert escalation.unit == org["fgw"]
    issued_order.refresh_from_db()
    assert issued_order.escalated_on == dt.date(2023, 12, 4)
    assert remind_orders(today=dt.date(2023, 12, 5)) == RemindOutcome(0, 0, 0)


def test_closed_orders_get_no_reminders(issued_order, reporter, supervisor):
    services.respond_order(actor=reporter, order=issued_order, kind="result", text="完成")
    services.close_order(actor=supervisor, order=issued_order)
    assert remind_orders(today=dt.date(2023, 12, 4)) == RemindOutcome(0, 0, 0)


def test_the_remind_command(issued_order, capsys):
    call_command("orders", "remind", "--today", "2023-12-04")
    assert "报告单位领导 1 条" in capsys.readouterr().out


def test_orders_outside_scope_are_not_found(issued_order, other_reporter):
    from luoshi.supervision.queries import access_order

    with pytest.raises(NotFound):
        access_order(other_reporter, issued_order.pk)
    assert SupervisionOrder.objects.count() == 1
