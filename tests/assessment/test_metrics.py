"""The platform metrics, each for all units in a fixed number of queries."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from luoshi.assessment.metrics import REGISTRY, get_metric
from luoshi.assessment.models import Member
from luoshi.core.periods import Period
from luoshi.plans.models import Milestone
from luoshi.progress.models import NodeStatus, ProgressReport, ReportStatus

Q2 = Period.of_quarter(2023, 2)


def units(scheme):
    return Member.objects.filter(scheme=scheme["scheme"]).values("unit_id")


def test_nodes_green_counts_the_last_month_of_the_period(scheme, plan_tree, org, django_assert_num_queries):
    now = timezone.now()
    NodeStatus.objects.create(node=plan_tree["task"], plan=plan_tree["plan"], period="2023-06",
                              light="green", computed_at=now)
    NodeStatus.objects.create(node=plan_tree["other"], plan=plan_tree["plan"], period="2023-06",
                              light="red", computed_at=now)
    NodeStatus.objects.create(node=plan_tree["other"], plan=plan_tree["plan"], period="2023-05",
                              light="green", computed_at=now)
    NodeStatus.objects.create(node=plan_tree["area"], plan=plan_tree["plan"], period="2023-06",
                              light="green", computed_at=now)  # not a reported node
    with django_assert_num_queries(1):
        values = get_metric("nodes_green").compute(units(scheme), Q2)
    assert values[org["fgw"].pk].value == Decimal("100.00")
    assert values[org["gxj"].pk].value == Decimal(0) and values[org["gxj"].pk].basis == "绿灯 0 / 1"
    assert org["qingyuan"].pk not in values


def _report(node, unit, period, deadline, submitted):
    at = None if submitted is None else timezone.make_aware(dt.datetime.combine(submitted, dt.time(17)))
    return ProgressReport.objects.create(node=node, unit=unit, period=period, deadline=deadline,
                                         submitted_at=at, status=ReportStatus.ACCEPTED if at else "draft")


def test_reports_on_time_counts_missing_reports_as_late(scheme, plan_tree, org, django_assert_num_queries):
    task = plan_tree["task"]
    _report(task, org["fgw"], "2023-04", dt.date(2023, 5, 5), dt.date(2023, 5, 5))  # on the day: on time
    _report(task, org["fgw"], "2023-05", dt.date(2023, 6, 5), dt.date(2023, 6, 6))  # a day late
    # 2023-06: missing
    with django_assert_num_queries(2):
        values = get_metric("reports_on_time").compute(units(scheme), Q2)
    assert values[org["fgw"].pk].value == Decimal("33.33")
    assert values[org["fgw"].pk].basis == "按时报送 1 / 3"
    assert values[org["gxj"].pk].value == Decimal(0)  # its node is due each month, nothing sent


def test_milestones_on_time_takes_those_due_in_the_period(scheme, plan_tree, org):
    task = plan_tree["task"]
    Milestone.objects.create(node=task, due_on=dt.date(2023, 6, 30), description="开工",
                             done_on=dt.date(2023, 6, 20))
    Milestone.objects.create(node=task, due_on=dt.date(2023, 5, 31), description="签约",
                             done_on=dt.date(2023, 6, 2))
    values = get_metric("milestones_on_time").compute(units(scheme), Q2)
    assert values[org["fgw"].pk].value == Decimal("50.00")
    assert org["gxj"].pk not in values  # nothing due: 无数据


def test_every_metric_states_its_rule():
    get_metric("nodes_green")
    for metric in REGISTRY.values():
        assert metric.label and "×" in metric.rule or "÷" in metric.rule
