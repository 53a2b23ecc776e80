"""Warning rules on plans and monthly reports: a red node, an overdue milestone, a report
missing for the period. Each reads its facts in one set-based query, whatever the size."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Exists, OuterRef, Q, Subquery

from luoshi.plans.models import REPORTED_KINDS, Milestone, PlanNode
from luoshi.progress.models import Light, NodeStatus, ProgressReport, ReportStatus
from luoshi.progress.services import report_deadline
from luoshi.progress.status import plans_active_in
from luoshi.supervision.models import Severity
from luoshi.supervision.rules import Cause, Rule, RuleContext, register, url_pattern

_IN_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.APPROVED, ReportStatus.ACCEPTED)


def _node_label(number: str, title: str) -> str:
    return f"{number}{title}"[:200]


def red_nodes(context: RuleContext) -> Iterator[Cause]:
    """Nodes with a lead unit whose computed light for the month is red (the lights job must
    have run for the month: ``luoshi status recompute``)."""
    url = url_pattern("node_detail") + f"?period={context.period.code}"
    rows = (NodeStatus.objects
            .filter(period=context.period.code, light=Light.RED, node__lead_unit__isnull=False)
            .order_by("node_id")
            .values_list("node_id", "node__number", "node__title", "node__plan__short_title",
                         "node__plan__title", "node__lead_unit_id", "node__lead_unit__region_id",
                         "reasons"))
    for node_id, number, title, short, plan_title, unit_id, region_id, reasons in rows.iterator(
            chunk_size=5000):
        why = "；".join(r["text"] for r in reasons if r.get("light") == Light.RED) or "红灯"
        yield Cause("plans", "plannode", node_id, title=f"{short or plan_title} {_node_label(number, title)}"[:255],
                    url=url.format(node_id), unit_id=unit_id, region_id=region_id,
                    severity=Severity.HIGH, reason=f"{context.period.code} 亮红灯：{why}")


register(Rule(code="red_node", title="方案条目亮红灯", evaluate=red_nodes))


def overdue_milestones(context: RuleContext) -> Iterator[Cause]:
    """Milestones not done whose due day has passed by the day of judgement."""
    serious_after = context.settings["serious_after_days"]
    url = url_pattern("node_detail")
    rows = (Milestone.objects
            .filter(done_on__isnull=True, due_on__lt=context.as_of, node__lead_unit__isnull=False)
            .order_by("id")
            .values_list("id", "description", "due_on", "node_id", "node__number", "node__title",
                         "node__lead_unit_id", "node__lead_unit__region_id"))
    for pk, description, due_on, node_id, number, title, unit_id, region_id in rows.iterator(
            chunk_size=5000):
        late = (context.as_of - due_on).days
        yield Cause("plans", "milestone", pk, title=f"{_node_label(number, title)}：{description}"[:255],
                    url=url.format(node_id), unit_id=unit_id, region_id=region_id,
                    severity=Severity.HIGH if late > serious_after else Severity.MEDIUM,
                    reason=f"节点目标“{description}”应于{due_on:%Y年%-m月%-d日}完成，"
                           f"截至{context.as_of:%Y年%-m月%-d日}仍未完成，已逾期{late}天")


register(Rule(code="overdue_milestone", title="节点目标逾期未完成", evaluate=overdue_milestones,
              defaults={"serious_after_days": 30},
              settings_help={"serious_after_days": "逾期超过多少天算“严重”（默认 30 天）"}))


def _months(context: RuleContext) -> list:
    months = [context.period]
    while len(months) < context.settings["months"]:
        months.append(months[-1].previous_month())
    return months


# What the reason says of a report that is not in: none at all, a draft never submitted, or
# one returned and not yet submitted again.
_NOT_IN_WORDING = {None: "未报送", ReportStatus.DRAFT: "草稿未提交", ReportStatus.RETURNED: "被退回未重新报送"}


def missing_reports(context: RuleContext) -> Iterator[Cause]:
    """Reported nodes whose report for the month (and the ``months``-1 before it) is not in
    although the deadline has passed by the day of judgement."""
    url = url_pattern("node_detail")
    for month in _months(context):
        overdue_plans = {plan.pk: deadline for plan in plans_active_in(month)
                         if (deadline := report_deadline(plan, month.code)) < context.as_of}
        if not overdue_plans:
            continue
        in_hand = ProgressReport.objects.filter(node=OuterRef("pk"), period=month.code,
                                                status__in=_IN_STATUSES)
        # The lead unit's report that is not in, if it has one (draft or returned).
        held = ProgressReport.objects.filter(node=OuterRef("pk"), unit=OuterRef("lead_unit"),
                                             period=month.code).values("status")[:1]
        rows = (PlanNode.objects
                .filter(plan_id__in=list(overdue_plans), kind__in=REPORTED_KINDS,
                        lead_unit__isnull=False)
                .filter(~Exists(in_hand))
                .annotate(held=Subquery(held))
                .order_by("id")
                .values_list("id", "plan_id", "number", "title", "lead_unit_id",
                             "lead_unit__region_id", "held"))
        for node_id, plan_id, number, title, unit_id, region_id, held_status in rows.iterator(
                chunk_size=5000):
            deadline = overdue_plans[plan_id]
            state = _NOT_IN_WORDING.get(held_status, _NOT_IN_WORDING[None])
            yield Cause("plans", "plannode", node_id, key=month.code,
                        title=_node_label(number, title)[:255], url=url.format(node_id),
                        unit_id=unit_id, region_id=region_id, severity=Severity.MEDIUM,
                        reason=f"{month.code} 进展报告应于{deadline:%Y年%-m月%-d日}前报送，"
                               f"截至{context.as_of:%Y年%-m月%-d日}{state}")


def _missing_scope(context: RuleContext) -> Q:
    # A run answers only for the months it looked at; older months keep their warnings.
    return Q(cause_key__in=[m.code for m in _months(context)])


register(Rule(code="report_missing", title="进展报告缺报", evaluate=missing_reports,
              defaults={"months": 1},
              settings_help={"months": "检查截至本期的几个月（默认 1：只查本期）"},
              scope=_missing_scope))
