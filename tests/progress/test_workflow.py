"""The monthly report workflow through its services: who may do what, in which order."""

import datetime as dt
from decimal import Decimal

import pytest

from luoshi.core.errors import Conflict, InvalidInput, PermissionDenied
from luoshi.core.models import AuditEntry
from luoshi.progress import services
from luoshi.progress.models import ReportStatus


@pytest.fixture
def draft(plan_tree, reporter):
    report = services.open_report(actor=reporter, node=plan_tree["task"], period="2023-06")
    target = plan_tree["task"].targets.get()
    services.save_report(actor=reporter, report=report, data=services.ReportData(
        progress="上半年完成固定资产投资81.8亿元。", problems="个别项目前期手续慢",
        next_steps="加快开工", values={target.pk: Decimal("81.8")}))
    return report


def test_deadline_is_the_5th_of_next_month_moved_off_holidays(plan_tree):
    plan = plan_tree["plan"]
    assert services.report_deadline(plan, "2023-06") == dt.date(2023, 7, 5)
    # 2023-10-05 is in the National Day holiday; the next working day is Saturday 2023-10-07
    assert services.report_deadline(plan, "2023-09") == dt.date(2023, 10, 7)


def test_the_full_path_draft_submitted_approved_accepted(draft, reporter, unit_leader, hq_user):
    services.submit_report(actor=reporter, report=draft)
    assert draft.status == ReportStatus.SUBMITTED and draft.submitted_at is not None
    assert draft.is_late  # submitted in 2026 for a 2023 deadline
    services.approve_report(actor=unit_leader, report=draft)
    services.accept_report(actor=hq_user, report=draft)
    draft.refresh_from_db()
    assert draft.status == ReportStatus.ACCEPTED
    assert [e.action for e in draft.events.all()] == ["submit", "approve", "accept"]
    assert AuditEntry.objects.filter(object_type="progress.progressreport", action="accept").exists()


def test_a_returned_report_carries_its_reason_and_can_be_resubmitted(draft, reporter, unit_leader):
    services.submit_report(actor=reporter, report=draft)
    with pytest.raises(InvalidInput):
        services.return_report(actor=unit_leader, report=draft, reason="  ")
    services.return_report(actor=unit_leader, report=draft, reason="请补充项目清单")
    assert draft.status == ReportStatus.RETURNED and draft.return_reason == "请补充项目清单"
    services.save_report(actor=reporter, report=draft, data=services.ReportData(progress="已补充"))
    services.submit_report(actor=reporter, report=draft)
    assert draft.status == ReportStatus.SUBMITTED and draft.return_reason == ""


def test_only_the_lead_unit_reports(plan_tree, other_reporter):
    with pytest.raises(PermissionDenied):
        services.open_report(actor=other_reporter, node=plan_tree["task"], period="2023-06")


def test_another_units_reporter_cannot_touch_the_report(draft, other_reporter):
    with pytest.raises(PermissionDenied):
        services.save_report(actor=other_reporter, report=draft, data=services.ReportData(progress="x"))
    with pytest.raises(PermissionDenied):
        services.submit_report(actor=other_reporter, report=draft)


def test_steps_cannot_be_skipped_or_done_by_the_wrong_role(draft, reporter, hq_user):
    with pytest.raises(Conflict):
        services.accept_report(actor=hq_user, report=draft)
    services.submit_report(actor=reporter, report=draft)
    with pytest.raises(PermissionDenied):
        services.approve_report(actor=reporter, report=draft)
    with pytest.raises(PermissionDenied):
        services.approve_report(actor=hq_user, report=draft)  # HQ reviews after the unit leader


def test_a_submitted_report_is_locked(draft, reporter):
    services.submit_report(actor=reporter, report=draft)
    with pytest.raises(Conflict):
        services.save_report(actor=reporter, report=draft, data=services.ReportData(progress="改"))


def test_submitting_needs_progress_text(plan_tree, reporter):
    report = services.open_report(actor=reporter, node=plan_tree["task"], period="2023-05")
    with pytest.raises(InvalidInput, match="进展情况"):
        services.submit_report(actor=reporter, report=report)


@pytest.mark.parametrize("period", ["2022-12", "2031-01", "2023-Q2", "上半年"])
def test_periods_outside_the_plan_or_not_months_are_refused(plan_tree, reporter, period):
    with pytest.raises(InvalidInput):
        services.open_report(actor=reporter, node=plan_tree["task"], period=period)


def test_values_must_belong_to_the_node(draft, reporter, plan_tree):
    with pytest.raises(InvalidInput):
        services.save_report(actor=reporter, report=draft,
                             data=services.ReportData(progress="x", values={999999: Decimal(1)}))
