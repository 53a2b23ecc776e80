"""Reads of reports and lights for pages and the API, filtered by the reader's data scope."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from luoshi.core.errors import NotFound
from luoshi.core.periods import Period
from luoshi.core.permissions import access_for, unit_scope_q
from luoshi.plans.models import REPORTED_KINDS, Plan, PlanNode
from luoshi.progress.models import NodeStatus, PlanStatus, ProgressReport, ReportStatus
from luoshi.progress.services import report_deadline


def lights_for_plan(plan: Plan, period: str) -> dict[int, tuple[str, list]]:
    rows = NodeStatus.objects.filter(plan=plan, period=period).values_list("node_id", "light", "reasons")
    return {node_id: (light, reasons) for node_id, light, reasons in rows}


def plan_statuses(plans, period: str) -> dict[int, PlanStatus]:
    return {s.plan_id: s for s in PlanStatus.objects.filter(plan__in=plans, period=period)}


def visible_reports(user) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(unit_scope_q(access_for(user), "unit"))


def access_report(user, report_id) -> ProgressReport:
    report = (visible_reports(user)
              .select_related("node__plan__region", "node__lead_official", "unit__region")
              .filter(pk=report_id).first())
    if report is None:
        raise NotFound("报告不存在或不在您的数据范围内")
    return report


def previous_month() -> str:
    return Period.of_month(timezone.localdate().year, timezone.localdate().month).previous_month().code


def default_period(user) -> str:
    """The latest month with a report in the reader's scope, else last month."""
    latest = visible_reports(user).aggregate(latest=Max("period"))["latest"]
    return latest or previous_month()


def months_of(plan: Plan) -> list[str]:
    """The plan's months up to last month, newest first, for period pickers."""
    month = Period.of_month(plan.start_date.year, plan.start_date.month)
    last = min(previous_month(), f"{plan.end_date:%Y-%m}")
    months = []
    while month.code <= last:
        months.append(month.code)
        month = month.next_month()
    return months[::-1]


@dataclass
class InboxRow:
    node: PlanNode
    report: ProgressReport | None
    deadline: object


IN_HAND = (ReportStatus.SUBMITTED, ReportStatus.APPROVED, ReportStatus.ACCEPTED)


def inbox_nodes(user, period: str, *, to_do_only: bool = False) -> QuerySet[PlanNode]:
    """The nodes the reader's unit leads in plans running in ``period``; with ``to_do_only``,
    those whose report for the period is not yet in hand (none, draft or returned)."""
    access = access_for(user)
    access.require("reports.fill")
    month = Period.parse(period)
    nodes = PlanNode.objects.filter(
        lead_unit_id=access.unit_id, kind__in=REPORTED_KINDS,
        plan__start_date__lte=month.end_date(), plan__end_date__gte=month.start_date())
    if to_do_only:
        nodes = nodes.exclude(Exists(ProgressReport.objects.filter(
            node=OuterRef("pk"), unit_id=access.unit_id, period=month.code, status__in=IN_HAND)))
    return nodes.select_related("plan").order_by("plan_id", "outline")


def inbox_rows(user, period: str, nodes) -> list[InboxRow]:
    """``nodes`` (one page of :func:`inbox_nodes`) with this period's report and deadline."""
    access = access_for(user)
    month = Period.parse(period)
    nodes = list(nodes)
    reports = {r.node_id: r for r in ProgressReport.objects.filter(
        unit_id=access.unit_id, period=month.code, node__in=[n.pk for n in nodes])}
    deadlines = {}  # one working-day calendar lookup per plan, not per row
    for node in nodes:
        if node.plan_id not in deadlines:
            deadlines[node.plan_id] = report_deadline(node.plan, month.code)
    return [InboxRow(node=n, report=reports.get(n.pk), deadline=deadlines[n.plan_id])
            for n in nodes]


def inbox(user, period: str) -> list[InboxRow]:
    """Every row of the reader's inbox for ``period`` (the export and the API)."""
    return inbox_rows(user, period, inbox_nodes(user, period))


def _queue(user, permission: str, status: str) -> QuerySet[ProgressReport]:
    access = access_for(user)
    access.require(permission)
    return (ProgressReport.objects.filter(unit_scope_q(access, "unit"), status=status)
            .select_related("node__plan", "unit").order_by("period", "unit_id", "node_id"))


def approval_queue(user) -> QuerySet[ProgressReport]:
    """Submitted reports of the leader's unit (and below) waiting for its approval."""
    return _queue(user, "reports.approve", ReportStatus.SUBMITTED)


def review_queue(user) -> QuerySet[ProgressReport]:
    """Reports approved by their units, waiting for HQ to accept or return them."""
    return _queue(user, "reports.review", ReportStatus.APPROVED)


@dataclass
class UnitDelivery:
    unit_id: int
    unit_name: str
    due: int
    submitted: int  # in hand: submitted, approved or accepted
    returned: int
    late: int
    missing: int  # never submitted, or not yet


def delivery_by_unit(user, period: str) -> list[UnitDelivery]:
    """Per lead unit in the reader's scope: reports due, in, late and missing for ``period``."""
    access = access_for(user)
    if not (access.has("reports.review") or access.has("supervision.manage")):
        access.require("reports.review")
    month = Period.parse(period)
    due = (PlanNode.objects.filter(unit_scope_q(access, "lead_unit"), kind__in=REPORTED_KINDS,
                                   plan__start_date__lte=month.end_date(),
                                   plan__end_date__gte=month.start_date())
           .values("lead_unit_id", "lead_unit__name").annotate(n=Count("id")))
    facts = (ProgressReport.objects.filter(unit_scope_q(access, "unit"), period=month.code,
                                           node__kind__in=REPORTED_KINDS)
             .values("unit_id")
             .annotate(late=Count("id", filter=Q(is_late=True)),
                       returned=Count("id", filter=Q(status=ReportStatus.RETURNED)),
                       on_hand=Count("id", filter=Q(status__in=IN_HAND))))
    by_unit = {f["unit_id"]: f for f in facts}
    rows = []
    for row in due:
        fact = by_unit.get(row["lead_unit_id"], {})
        on_hand, returned = fact.get("on_hand", 0), fact.get("returned", 0)
        rows.append(UnitDelivery(unit_id=row["lead_unit_id"], unit_name=row["lead_unit__name"],
                                 due=row["n"], submitted=on_hand, returned=returned,
                                 late=fact.get("late", 0), missing=row["n"] - on_hand - returned))
    return sorted(rows, key=lambda r: (-r.missing, -r.returned, -r.late, r.unit_name))
