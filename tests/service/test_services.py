"""The service layer: enterprises, assignments and visits, and the appeal workflow with its
permissions, deadlines, history and audit."""

import datetime as dt

import pytest
from django.utils import timezone

from luoshi.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from luoshi.core.models import AuditEntry
from luoshi.core.permissions import SYSTEM
from luoshi.core.workdays import add_workdays
from luoshi.service import services
from luoshi.service.examples import enterprise_uscc
from luoshi.service.models import AppealStatus, RaisedVia
from tests.service.conftest import RECEIVED, raised


def test_an_enterprise_needs_a_valid_unique_credit_code(hq_user, enterprises):
    # Given a code whose check character is wrong
    good = enterprise_uscc("210411", 77)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    data = services.EnterpriseData(name="抚顺新材料有限公司", uscc=bad, region_code="210411", size="small")
    # When HQ registers it, Then the check character is named
    with pytest.raises(InvalidInput, match="校验码") as caught:
        services.create_enterprise(actor=hq_user, data=data)
    assert caught.value.field == "uscc"
    # A code already registered is refused; lower case and spaces are normalised first
    data.uscc = " " + enterprises["a"].uscc.lower()
    with pytest.raises(Conflict):
        services.create_enterprise(actor=hq_user, data=data)
    data.uscc = good.lower()
    assert services.create_enterprise(actor=hq_user, data=data).uscc == good


def test_hq_manages_enterprises_of_its_own_region_only(yk_hq, enterprises, reporter):
    data = services.EnterpriseData(name="改名", uscc=enterprises["a"].uscc, region_code="210411", size="large")
    with pytest.raises(PermissionDenied):
        services.update_enterprise(actor=yk_hq, enterprise=enterprises["a"], data=data)
    with pytest.raises(PermissionDenied):
        services.update_enterprise(actor=reporter, enterprise=enterprises["a"], data=data)


def test_moving_an_enterprise_moves_its_appeals(hq_user, enterprises, appeal):
    e = enterprises["a"]
    services.update_enterprise(actor=hq_user, enterprise=e, data=services.EnterpriseData(
        name=e.name, uscc=e.uscc, region_code="210421", size=e.size, industry=e.industry))
    appeal.refresh_from_db()
    assert appeal.region_id == "210421"


def test_deadline_counts_working_days_from_receipt(appeal):
    assert appeal.received_on == RECEIVED
    assert appeal.deadline == add_workdays(RECEIVED, services.deadline_workdays()) == dt.date(2023, 6, 15)


def test_deadline_workdays_is_a_setting(settings, hq_user, enterprises):
    settings.LUOSHI_APPEAL_DEADLINE_WORKDAYS = 3
    # 2023-09-28 (Thursday) + 3 working days: the holiday 9-29…10-6 is skipped, the make-up
    # working days Saturday 10-7 and Sunday 10-8 count
    appeal = raised(hq_user, enterprises["a"], on=dt.date(2023, 9, 28))
    assert appeal.deadline == dt.date(2023, 10, 9)


def test_the_full_workflow_is_recorded_and_audited(hq_user, reporter, enterprise_user, org, enterprises):
    # Given an appeal the enterprise raised itself today
    appeal = raised(enterprise_user, enterprises["a"])
    assert appeal.raised_via == RaisedVia.ENTERPRISE and appeal.received_on == timezone.localdate()
    assert appeal.status == AppealStatus.RECEIVED
    # When HQ assigns it to 市发改委, the unit answers, the enterprise rates, HQ closes it
    services.assign_appeal(actor=hq_user, appeal=appeal, unit=org["fgw"])
    services.answer_appeal(actor=reporter, appeal=appeal, response="已协调自然资源局列入计划")
    services.rate_appeal(actor=enterprise_user, appeal=appeal, satisfaction="satisfied")
    services.close_appeal(actor=hq_user, appeal=appeal, note="企业满意")
    # Then every step is in the history and the audit log
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.CLOSED and appeal.satisfaction == "satisfied"
    assert [e.action for e in appeal.events.order_by("id")] == ["raise", "assign", "answer", "rate", "close"]
    actions = list(AuditEntry.objects.filter(object_type="service.appeal", object_id=str(appeal.pk))
                   .order_by("id").values_list("action", "actor_name"))
    assert actions == [("create", "qiye_a"), ("assign", "hq"), ("answer", "reporter"), ("rate", "qiye_a"),
                       ("close", "hq")]


def test_only_the_assigned_unit_answers(appeal, hq_user, org, other_reporter, reporter):
    services.assign_appeal(actor=hq_user, appeal=appeal, unit=org["fgw"])
    with pytest.raises(PermissionDenied):
        services.answer_appeal(actor=other_reporter, appeal=appeal, response="不是我们")
    with pytest.raises(InvalidInput):
        services.answer_appeal(actor=reporter, appeal=appeal, response="  ")
    services.answer_appeal(actor=reporter, appeal=appeal, response="已办理")


def test_reassignment_needs_a_reason_and_keeps_the_history(appeal, hq_user, org, reporter):
    services.assign_appeal(actor=hq_user, appeal=appeal, unit=org["fgw"], on=RECEIVED)
    with pytest.raises(InvalidInput, match="原因"):
        services.reassign_appeal(actor=hq_user, appeal=appeal, unit=org["gxj"], reason="")
    with pytest.raises(InvalidInput):
        services.reassign_appeal(actor=hq_user, appeal=appeal, unit=org["fgw"], reason="同一单位")
    services.reassign_appeal(actor=hq_user, appeal=appeal, unit=org["gxj"], reason="属工信局职责")
    event = appeal.events.get(action="reassign")
    assert (event.from_unit, event.to_unit, event.note) == (org["fgw"], org["gxj"], "属工信局职责")
    # An answered appeal sent back to be redone keeps the old answer in the history
    appeal.refresh_from_db()
    with pytest.raises(PermissionDenied):  # no longer 市发改委's
        services.answer_appeal(actor=reporter, appeal=appeal, response="x")


def test_an_unsatisfying_answer_goes_back_to_be_redone(appeal, hq_user, org, reporter, enterprise_user):
    services.assign_appeal(actor=hq_user, appeal=appeal, unit=org["fgw"])
    services.answer_appeal(actor=reporter, appeal=appeal, response="请自行申请")
    with pytest.raises(InvalidInput, match="原因"):
        services.rate_appeal(actor=enterprise_user, appeal=appeal, satisfaction="unsatisfied")
    services.rate_appeal(actor=enterprise_user, appeal=appeal, satisfaction="unsatisfied", note="没有解决")
    services.reassign_appeal(actor=hq_user, appeal=appeal, unit=org["fgw"], reason="企业不满意，重新办理")
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.ASSIGNED and appeal.response == "" and appeal.satisfaction == ""
    assert "请自行申请" in appeal.events.get(action="reassign").note


def test_a_unit_returns_an_appeal_that_is_not_its_remit(appeal, hq_user, org, reporter):
    services.assign_appeal(actor=hq_user, appeal=appeal, unit=org["fgw"])
    services.return_appeal(actor=reporter, appeal=appeal, reason="用地属自然资源局")
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.RECEIVED and appeal.unit is None
    assert appeal.events.get(action="return").from_unit == org["fgw"]


def test_steps_out_of_order_are_refused(appeal, hq_user, enterprise_user):
    with pytest.raises(Conflict):
        services.close_appeal(actor=hq_user, appeal=appeal)
    with pytest.raises(Conflict):
        services.rate_appeal(actor=enterprise_user, appeal=appeal, satisfaction="satisfied")


def test_an_enterprise_acts_for_itself_only(enterprises, enterprise_user, other_enterprise_user, appeal,
                                            hq_user, org, reporter):
    with pytest.raises(PermissionDenied):
        raised(enterprise_user, enterprises["b"])
    services.assign_appeal(actor=hq_user, appeal=appeal, unit=org["fgw"])
    services.answer_appeal(actor=reporter, appeal=appeal, response="已办理")
    with pytest.raises(NotFound):
        services.rate_appeal(actor=other_enterprise_user, appeal=appeal, satisfaction="satisfied")


def test_hq_of_another_city_cannot_assign(appeal, yk_hq, org):
    with pytest.raises(PermissionDenied):
        services.assign_appeal(actor=yk_hq, appeal=appeal, unit=org["yk_fgw"])


def test_assignments_and_visits(enterprises, hq_user, cadre, reporter, other_reporter, org):
    e = enterprises["a"]
    assignment = services.assign_cadre(actor=hq_user, enterprise=e, data=services.AssignmentData(
        official_id=cadre.pk, start_date=dt.date(2023, 3, 1)))
    assert assignment.unit == org["fgw"]
    with pytest.raises(Conflict):
        services.assign_cadre(actor=hq_user, enterprise=e, data=services.AssignmentData(
            official_id=cadre.pk, start_date=dt.date(2023, 4, 1)))
    # The cadre's unit records a visit; another unit may not
    visit = services.record_visit(actor=reporter, assignment=assignment, data=services.VisitData(
        visited_on=dt.date(2023, 5, 10), findings="订单饱满，用工紧张", services="宣讲稳岗政策"))
    with pytest.raises(PermissionDenied):
        services.record_visit(actor=other_reporter, assignment=assignment, data=services.VisitData(
            visited_on=dt.date(2023, 5, 11), findings="x"))
    with pytest.raises(InvalidInput):
        services.record_visit(actor=reporter, assignment=assignment, data=services.VisitData(
            visited_on=dt.date(2023, 2, 1), findings="包保之前"))
    # An appeal collected on the visit
    appeal = services.raise_appeal(actor=reporter, enterprise=e, visit=visit, data=services.AppealData(
        category="labour", title="招聘技工", content="需招聘焊工20名", received_on=dt.date(2023, 5, 10)))
    assert appeal.raised_via == RaisedVia.VISIT and appeal.visit == visit
    services.end_assignment(actor=hq_user, assignment=assignment, end_date=dt.date(2023, 12, 31))
    assert assignment.end_date == dt.date(2023, 12, 31)


def test_an_enterprise_account_has_the_enterprise_role_and_no_unit(enterprises, hq_user):
    user = services.open_enterprise_account(actor=hq_user, enterprise=enterprises["a"], username="shihua",
                                            full_name="", password="Strong@Pass2023")
    assert list(user.roles.values_list("code", flat=True)) == ["enterprise"]
    assert user.unit_id is None and user.must_change_password
    assert services.account_enterprise_id(user) == enterprises["a"].pk
    with pytest.raises(InvalidInput):
        services.open_enterprise_account(actor=hq_user, enterprise=enterprises["a"], username="weak",
                                         full_name="", password="123")


def test_system_actor_registers_without_a_user(enterprises):
    appeal = services.raise_appeal(actor=SYSTEM, enterprise=enterprises["yk"], data=services.AppealData(
        category="other", title="t", content="c", received_on=RECEIVED))
    assert appeal.raised_by is None and appeal.events.get().actor_name == "system"
