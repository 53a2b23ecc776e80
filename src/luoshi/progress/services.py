"""The monthly report workflow: draft → submitted → approved (unit leader) → accepted (HQ),
or returned with a reason at either step. Only accepted reports count towards the lights."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from luoshi.core import audit
from luoshi.core.errors import Conflict, InvalidInput, ParseError, PermissionDenied
from luoshi.core.periods import Period
from luoshi.core.permissions import access_for, unit_in_scope
from luoshi.core.workdays import move_to_workday
from luoshi.plans.models import Plan, PlanNode
from luoshi.progress.models import ProgressReport, ReportEvent, ReportStatus, ReportValue

REPORT_FIELDS = ("status", "progress", "problems", "next_steps", "return_reason")

# action: (statuses it starts from, status it leads to)
TRANSITIONS = {
    "submit": ({ReportStatus.DRAFT, ReportStatus.RETURNED}, ReportStatus.SUBMITTED),
    "approve": ({ReportStatus.SUBMITTED}, ReportStatus.APPROVED),
    "accept": ({ReportStatus.APPROVED}, ReportStatus.ACCEPTED),
    "return": ({ReportStatus.SUBMITTED, ReportStatus.APPROVED}, ReportStatus.RETURNED),
}
# Who acts on a report in each status: the permission that moves it on (or returns it).
STAGE_PERMISSION = {
    ReportStatus.DRAFT: "reports.fill",
    ReportStatus.RETURNED: "reports.fill",
    ReportStatus.SUBMITTED: "reports.approve",
    ReportStatus.APPROVED: "reports.review",
}
EDITABLE = {ReportStatus.DRAFT, ReportStatus.RETURNED}


@dataclass
class ReportData:
    progress: str = ""
    problems: str = ""
    next_steps: str = ""
    values: dict[int, Decimal | None] = field(default_factory=dict)  # target id → value


def parse_month(period: str) -> Period:
    """A report period is one month, written 2023-06 (or 2023年6月)."""
    try:
        parsed = Period.parse(period)
    except ParseError as exc:
        raise InvalidInput(exc.message, field="period") from exc
    if parsed.kind != "month":
        raise InvalidInput(f"报告期“{period}”应为某一个月，如 2023-06", field="period")
    return parsed


def report_deadline(plan: Plan, period: str) -> dt.date:
    """Reports for a month are due on the plan's deadline day of the next month, moved to the
    next working day when that falls on a weekend or holiday."""
    following = parse_month(period).next_month()
    return move_to_workday(dt.date(following.year, following.first_month, plan.report_deadline_day))


def _check_period(plan: Plan, period: str) -> None:
    month = parse_month(period)
    if month.end_date() < plan.start_date or month.start_date() > plan.end_date:
        raise InvalidInput(f"报告期{period}不在方案期限之内", field="period")
    if month.start_date() > timezone.localdate():
        raise InvalidInput(f"报告期{period}尚未开始", field="period")


def require_report_access(actor, report: ProgressReport, permission: str) -> None:
    access = access_for(actor)
    access.require(permission)
    if not unit_in_scope(access, report.unit):
        raise PermissionDenied(f"“{report.unit.name}”的报告不在您的数据范围内")


def _event(report: ProgressReport, actor, action: str, old: str, note: str = "") -> None:
    ReportEvent.objects.create(report=report, actor=actor if getattr(actor, "pk", None) else None,
                               actor_name=getattr(actor, "username", "system"), action=action,
                               from_status=old, to_status=report.status, note=note)


@transaction.atomic
def open_report(*, actor, node: PlanNode, period: str) -> ProgressReport:
    """The lead unit's report on ``node`` for ``period``, created as a draft when missing."""
    if not node.is_reported:
        raise InvalidInput("该条目不需要报送进展", field="node")
    access = access_for(actor)
    access.require("reports.fill")
    if node.lead_unit_id != access.unit_id:
        raise PermissionDenied("只有牵头单位可以填报该条目的进展")
    _check_period(node.plan, period)
    report, created = ProgressReport.objects.get_or_create(
        node=node, unit_id=node.lead_unit_id, period=parse_month(period).code,
        defaults={"deadline": report_deadline(node.plan, period)})
    if created:
        audit.record_saved(actor=actor, obj=report, before=None, fields=REPORT_FIELDS)
    return report


def _save_values(report: ProgressReport, values: dict[int, Decimal | None]) -> dict:
    targets = {t.pk: t for t in report.node.targets.all()}
    unknown = set(values) - set(targets)
    if unknown:
        raise InvalidInput("填报的目标不属于该条目", field="values")
    for target_id, value in values.items():
        if value is None:
            ReportValue.objects.filter(report=report, target_id=target_id).delete()
        else:
            ReportValue.objects.update_or_create(report=report, target_id=target_id,
                                                 defaults={"value": value})
    return {targets[t].metric: v for t, v in sorted(values.items())}


@transaction.atomic
def save_report(*, actor, report: ProgressReport, data: ReportData) -> ProgressReport:
    require_report_access(actor, report, "reports.fill")
    if report.status not in EDITABLE:
        raise Conflict(f"报告已{report.get_status_display()}，不能再修改", code="report_locked")
    before = audit.snapshot(report, REPORT_FIELDS)
    before["values"] = {v.target.metric: v.value for v in report.values.select_related("target")}
    report.progress, report.problems = data.progress.strip(), data.problems.strip()
    report.next_steps = data.next_steps.strip()
    report.save()
    after = audit.snapshot(report, REPORT_FIELDS)
    after["values"] = {**before["values"], **_save_values(report, data.values)}
    after["values"] = {k: v for k, v in after["values"].items() if v is not None}
    if after != before:
        audit.record(actor=actor, action="update", obj=report, before=before, after=after)
    return report


def _move(actor, report: ProgressReport, action: str, *, note: str = "", **changes) -> ProgressReport:
    """Move the report along TRANSITIONS, apply ``changes``, and record the step in the
    report's history and the audit log."""
    sources, target = TRANSITIONS[action]
    if report.status not in sources:
        raise Conflict(f"报告当前为“{report.get_status_display()}”，不能执行此操作",
                       code="bad_transition")
    require_report_access(actor, report, STAGE_PERMISSION[report.status])
    old, report.status = report.status, target
    for name, value in changes.items():
        setattr(report, name, value)
    report.save()
    _event(report, actor, action, old, note)
    audit.record(actor=actor, action=action, obj=report, before={"status": old},
                 after={"status": report.status, **changes})
    return report


@transaction.atomic
def submit_report(*, actor, report: ProgressReport) -> ProgressReport:
    if not report.progress.strip():
        raise InvalidInput("请填写进展情况后再报送", field="progress")
    changes = {"return_reason": ""}
    if report.submitted_at is None:  # lateness is judged on the first submission
        now = timezone.now()
        changes.update(submitted_at=now, is_late=timezone.localdate(now) > report.deadline)
    return _move(actor, report, "submit", **changes)


@transaction.atomic
def approve_report(*, actor, report: ProgressReport) -> ProgressReport:
    return _move(actor, report, "approve")


@transaction.atomic
def accept_report(*, actor, report: ProgressReport) -> ProgressReport:
    _move(actor, report, "accept")
    transaction.on_commit(lambda: _recompute_after_accept(report))
    return report


@transaction.atomic
def return_report(*, actor, report: ProgressReport, reason: str) -> ProgressReport:
    if not reason.strip():
        raise InvalidInput("退回须写明原因", field="reason")
    return _move(actor, report, "return", note=reason.strip(), return_reason=reason.strip())


def _recompute_after_accept(report: ProgressReport) -> None:
    # Approval recalculates: the plan's lights for that month follow the accepted figures.
    from luoshi.progress.status import recompute_plan

    recompute_plan(report.node.plan, report.period)
