"""The Yingkou demo plan (seed 000): its tree, its half year of reports and its lights."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.db.models import F
from django.utils import timezone

from luoshi.core.audit import verify_chain
from luoshi.core.models import AuditChainHead, AuditEntry
from luoshi.demo.orgs import load_demo_orgs
from luoshi.demo.plans import PLAN_TITLE, load_demo_plans
from luoshi.orgs.models import User
from luoshi.plans.models import Milestone, NodeKind, Plan, PlanNode, Target, TargetYear
from luoshi.progress.models import (
    NodeStatus,
    PlanStatus,
    ProgressReport,
    ReportEvent,
    ReportStatus,
    ReportValue,
)
from luoshi.progress.status import recompute_period

REPORTED = (NodeKind.TASK, NodeKind.MEASURE, NodeKind.SAFEGUARD)
TABLES = (Plan, PlanNode, PlanNode.co_units.through, Target, TargetYear, Milestone, ProgressReport,
          ReportValue, ReportEvent, NodeStatus, PlanStatus, AuditEntry, User)


@pytest.fixture
def demo(reference_data, settings) -> Plan:
    # The loader makes its accounts with the real password hashing (about 0.4 s each); the
    # hashing is not under test, so a cheap hasher keeps the test quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo_orgs()
    return load_demo_plans()


def _nodes(plan: Plan, kind: str):
    return PlanNode.objects.filter(plan=plan, kind=kind)


def _table_counts() -> dict[str, int]:
    counts = {model._meta.label: model.objects.count() for model in TABLES}
    counts["audit chain"] = AuditChainHead.objects.get(pk=1).count
    return counts


def _check_tree(demo: Plan) -> None:
    assert (demo.title, demo.region_id) == (PLAN_TITLE, "210800")
    assert (demo.start_date, demo.end_date) == (dt.date(2023, 1, 1), dt.date(2025, 12, 31))
    assert demo.issuing_body == "中共营口市委 营口市人民政府" and demo.document_number
    sections = list(_nodes(demo, NodeKind.SECTION).filter(parent=None).order_by("position"))
    assert [(s.number, s.title) for s in sections] == [
        ("一、", "指导思想"), ("二、", "基本原则"), ("三、", "整体目标"), ("四、", "重点任务"), ("五、", "保障措施")]
    assert sections[0].text
    assert _nodes(demo, NodeKind.PRINCIPLE).filter(parent=sections[1]).count() == 6
    assert _nodes(demo, NodeKind.GOAL).filter(parent=sections[2], targets__isnull=False).exists()
    areas = list(_nodes(demo, NodeKind.AREA).filter(parent=sections[3]).order_by("position"))
    assert [a.number for a in areas] == ["（一）", "（二）", "（三）", "（四）", "（五）", "（六）", "（七）", "（八）"]
    tasks = [t for a in areas for t in _nodes(demo, NodeKind.TASK).filter(parent=a).order_by("position")]
    assert [t.number for t in tasks] == [f"{i}." for i in range(1, 51)]
    assert _nodes(demo, NodeKind.TASK).count() == 50
    assert _nodes(demo, NodeKind.SAFEGUARD).filter(parent=sections[4]).count() == 5


def _check_responsibility_and_actors(demo: Plan) -> None:
    nodes = PlanNode.objects.filter(plan=demo, kind__in=REPORTED).select_related("lead_unit")
    assert nodes.count() == 55
    for node in nodes:
        assert node.lead_unit is not None and node.lead_unit.region_id.startswith("2108")
        assert node.lead_official_id is not None
        assert node.co_units.count() <= 2
        assert node.reports.exists(), node
    assert Target.objects.filter(node__plan=demo, node__kind=NodeKind.TASK).values("node").distinct().count() >= 40
    assert Milestone.objects.filter(node__plan=demo, due_on__year=2023).exists()
    # submit by the lead unit's reporter, approve by its leader, accept or return by HQ
    actors = Counter(ReportEvent.objects.filter(report__node__plan=demo).values_list(
        "action", "actor__roles__code"))
    assert set(actors) == {("submit", "reporter"), ("approve", "unit_leader"),
                           ("accept", "hq_staff"), ("return", "hq_staff")}
    wrong_unit = ReportEvent.objects.filter(report__node__plan=demo, action__in=("submit", "approve")
                                            ).exclude(actor__unit=F("report__unit"))
    assert not wrong_unit.exists()


def _check_back_dating(demo: Plan) -> None:
    reports = ProgressReport.objects.filter(node__plan=demo)
    for report in reports:
        submitted = timezone.localdate(report.submitted_at)
        following = dt.date(2023, int(report.period[5:]) + 1, 1)  # filed in the next month
        assert following <= submitted <= following.replace(day=9), report
        assert report.is_late == (submitted > report.deadline)
    assert not ReportEvent.objects.filter(report__node__plan=demo).exclude(at__year=2023).exists()
    assert verify_chain() is None  # back-dating touched no audit entry


def _check_late_returned_missing_and_overdue(demo: Plan) -> None:
    reports = ProgressReport.objects.filter(node__plan=demo)
    assert reports.filter(is_late=True).count() >= 3
    returned = reports.filter(status=ReportStatus.RETURNED)
    assert returned.count() >= 2
    assert all(r.period == "2023-06" and r.return_reason for r in returned)
    assert reports.exclude(status__in=(ReportStatus.ACCEPTED, ReportStatus.RETURNED)).count() == 0
    silent = PlanNode.objects.filter(plan=demo, kind__in=REPORTED).exclude(
        reports__period__in=("2023-05", "2023-06"))
    assert silent.count() >= 2
    assert all(n.reports.filter(period="2023-04").exists() for n in silent)
    overdue = Milestone.objects.filter(node__plan=demo, done_on=None, due_on__lt=dt.date(2023, 6, 30))
    assert overdue.count() >= 2
    # cumulative values rise month by month
    values = ReportValue.objects.filter(report__node__plan=demo, target__accumulation="cumulative")
    by_target: dict[int, list] = {}
    for target_id, value in values.order_by("report__period").values_list("target_id", "value"):
        by_target.setdefault(target_id, []).append(value)
    assert all(v == sorted(v) for v in by_target.values())


def test_demo_plan_has_its_tree_people_and_half_year_of_reports(demo):
    _check_tree(demo)
    _check_responsibility_and_actors(demo)
    _check_back_dating(demo)
    _check_late_returned_missing_and_overdue(demo)


def test_loading_again_changes_nothing_and_june_shows_every_colour(demo):
    before = _table_counts()
    assert load_demo_plans() == demo
    assert _table_counts() == before

    june = NodeStatus.objects.filter(plan=demo, period="2023-06", node__kind=NodeKind.TASK)
    loaded = dict(june.values_list("node_id", "light"))
    recompute_period("2023-06", plans=[demo], as_of=dt.date(2023, 7, 10))
    assert dict(june.values_list("node_id", "light")) == loaded  # the loader left these lights
    assert PlanStatus.objects.filter(plan=demo, period__startswith="2023-0").count() == 6
    lights = Counter(loaded.values())
    assert lights["green"] and lights["yellow"] and lights["red"], lights
    assert sum(lights.values()) == 50

    def factors(light: str) -> set[str]:
        return {r["factor"] for status in june.filter(light=light) for r in status.reasons
                if r["light"] == light}

    # red: seriously behind on a target, an overdue milestone, two months without a report
    assert factors("red") == {"target", "milestone", "report"}
    # yellow: lagging on a target, or this month's report returned and not yet resubmitted
    assert factors("yellow") == {"target", "report"}
