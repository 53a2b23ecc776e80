"""Recomputing the lights of a plan (luoshi.progress.status) and `luoshi status recompute`."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from luoshi.core.permissions import SYSTEM
from luoshi.orgs.models import Unit
from luoshi.plans import services as plans
from luoshi.plans.models import Plan, PlanNode
from luoshi.progress import services as progress
from luoshi.progress import status as status_job
from luoshi.progress.models import NodeStatus, PlanStatus, ProgressReport, ReportValue
from luoshi.progress.status import recompute_period, recompute_plan

AS_OF = dt.date(2023, 7, 10)  # June's reports were due on 5 July 2023 (a Wednesday)

pytestmark = pytest.mark.django_db


def submitted(day: int, month: int = 7) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2023, month, day, 10, 0))


class PlanBuilder:
    """A Yingkou plan for 2023–2025 with units, nodes, targets, milestones and reports."""

    def __init__(self, title: str = "营口市全面振兴新突破三年行动", **thresholds):
        self.fgw = Unit.objects.get_or_create(code="YK-FGW", defaults=dict(
            name="营口市发改委", kind="gov_dept", region_id="210800", path="/x/"))[0]
        self.plan = plans.create_plan(actor=SYSTEM, data=plans.PlanData(
            title=title, region_code="210800", start_date=dt.date(2023, 1, 1),
            end_date=dt.date(2025, 12, 31), **thresholds))

    def node(self, kind: str, title: str, parent: PlanNode | None = None, *,
             lead: bool = True) -> PlanNode:
        return plans.create_node(actor=SYSTEM, plan=self.plan, parent=parent, data=plans.NodeData(
            kind=kind, title=title, lead_unit_code=self.fgw.code if lead else ""))

    def target(self, node: PlanNode, metric: str, annual: str, **kw) -> None:
        plans.set_targets(actor=SYSTEM, node=node, targets=[plans.TargetData(
            metric=metric, unit="亿元", years={2023: D(annual), 2024: D(annual) * 2}, **kw)])

    def milestone(self, node: PlanNode, due: dt.date, done: dt.date | None = None) -> None:
        plans.set_milestones(actor=SYSTEM, node=node, milestones=[
            plans.MilestoneData(due_on=due, description="完成项目环评批复", done_on=done)])

    def report(self, node: PlanNode, period: str, status: str, value: str | None = None,
               at: dt.datetime | None = None) -> ProgressReport:
        report = ProgressReport.objects.create(
            node=node, unit=self.fgw, period=period, status=status, progress="按计划推进",
            deadline=progress.report_deadline(self.plan, period), submitted_at=at)
        if value is not None:
            ReportValue.objects.create(report=report, target=node.targets.get(), value=D(value))
        return report


@pytest.fixture
def yingkou():
    """一、扩大有效投资 (area) with four tasks; 二、组织保障 (section) with nothing to judge."""
    b = PlanBuilder()
    area = b.node("area", "扩大有效投资", lead=False)
    b.on_track = b.node("task", "推进重大项目建设", area)
    b.target(b.on_track, "固定资产投资", "600")
    b.report(b.on_track, "2023-06", "accepted", "320", submitted(3))  # 53.3% of 600
    b.lagging = b.node("task", "招商引资", area)
    b.target(b.lagging, "招商引资到位额", "100")
    b.report(b.lagging, "2023-05", "accepted", "40", submitted(2, 6))  # 40%: ratio 0.80
    b.report(b.lagging, "2023-06", "submitted", "60", submitted(4))  # not accepted: not counted
    b.report(b.lagging, "2023-07", "accepted", "90", submitted(4, 8))  # after the period
    b.overdue = b.node("task", "项目前期工作", area)
    b.milestone(b.overdue, dt.date(2023, 6, 15))  # undone; and no reports for May or June
    b.unassigned = b.node("task", "待分工事项", area, lead=False)
    b.area = area
    b.section = b.node("section", "组织保障", lead=False)
    return b


def lights_of(plan: Plan, period: str = "2023-06") -> dict[int, tuple[str, list]]:
    return {s.node_id: (s.light, s.reasons)
            for s in NodeStatus.objects.filter(plan=plan, period=period)}


def test_recompute_gives_each_node_its_light_for_the_right_reasons(yingkou):
    # When June is recomputed on 10 July
    status = recompute_plan(yingkou.plan, "2023-06", as_of=AS_OF)
    found = lights_of(yingkou.plan)
    # Then the task with 53.3% of its target done in half the year is green
    light, reasons = found[yingkou.on_track.pk]
    assert light == "green"
    assert reasons == [
        {"factor": "target", "light": "green",
         "text": "固定资产投资：完成 320/600亿元（53.3%），时间进度 50.0%，进度比 1.07 ≥ 0.90"},
        {"factor": "report", "light": "green", "text": "本期进展报告已按期报送"},
    ]
    # the task with 40 of 100 accepted (its submitted June figure does not count yet) lags
    light, reasons = found[yingkou.lagging.pk]
    assert light == "yellow"
    assert reasons[0]["text"].startswith("招商引资到位额：完成 40/100亿元（40.0%）")
    # the task with an overdue milestone and two months unreported is red, twice over
    light, reasons = found[yingkou.overdue.pk]
    assert light == "red"
    assert [(r["factor"], r["light"]) for r in reasons] == [("milestone", "red"), ("report", "red")]
    assert reasons[0]["text"] == "节点目标逾期：完成项目环评批复（时限2023年6月15日）"
    assert reasons[1]["text"] == "连续2个月未报送进展报告（2023-05、2023-06）"
    # a task without a lead unit and a section with nothing in it are not judged
    assert found[yingkou.unassigned.pk][0] == "none"
    assert found[yingkou.section.pk][0] == "none"
    # the area rolls up its children: 1 red in 3 judged is 33% ≥ 20%
    light, reasons = found[yingkou.area.pk]
    assert light == "red"
    assert reasons == [{"factor": "children", "light": "red", "text": (
        "下级3项已评价（绿 1、黄 1、红 1），另1项未评价，红灯占比 33.3%，达到 20.0%；"
        "红灯：（三）项目前期工作")}]
    assert status.light == "red"


def test_roll_up_counts_every_node_and_the_reported_ones(yingkou):
    status = recompute_plan(yingkou.plan, "2023-06", as_of=AS_OF)
    assert status.period == "2023-06"
    assert status.counts == {
        "green": 1, "yellow": 1, "red": 2, "none": 2, "total": 6,
        "reported": {"green": 1, "yellow": 1, "red": 1, "none": 0, "total": 3}}
    assert status.reasons[0]["factor"] == "children"
    assert status.reasons[0]["text"].startswith("下级1项已评价（绿 0、黄 0、红 1），另1项未评价")


def test_recompute_is_idempotent(yingkou):
    first = recompute_plan(yingkou.plan, "2023-06", as_of=AS_OF)
    before = lights_of(yingkou.plan)
    second = recompute_plan(yingkou.plan, "2023-06", as_of=AS_OF)
    assert lights_of(yingkou.plan) == before
    assert NodeStatus.objects.filter(plan=yingkou.plan).count() == 6
    assert PlanStatus.objects.filter(plan=yingkou.plan).count() == 1
    assert (second.pk, second.light, second.reasons, second.counts) == \
        (first.pk, first.light, first.reasons, first.counts)


def test_recompute_follows_new_facts(yingkou):
    recompute_plan(yingkou.plan, "2023-06", as_of=AS_OF)
    # Given the June report of the lagging task is accepted and the milestone was done in time
    ProgressReport.objects.filter(node=yingkou.lagging, period="2023-06").update(status="accepted")
    yingkou.milestone(yingkou.overdue, dt.date(2023, 6, 15), dt.date(2023, 6, 14))
    recompute_plan(yingkou.plan, "2023-06", as_of=AS_OF)
    found = lights_of(yingkou.plan)
    assert found[yingkou.lagging.pk][0] == "green"  # 60 of 100: ratio 1.20
    assert found[yingkou.overdue.pk][0] == "red"  # still no reports for May and June


def test_reports_judged_as_of_the_given_day(yingkou):
    # On 5 July June's reports are not yet due: only May counts, and one month is yellow
    recompute_plan(yingkou.plan, "2023-06", as_of=dt.date(2023, 7, 5))
    reasons = lights_of(yingkou.plan)[yingkou.overdue.pk][1]
    assert reasons[1] == {"factor": "report", "light": "green",
                          "text": "本期进展报告尚未到截止日（截止2023年7月5日）"}


def test_first_month_of_the_plan_looks_at_no_earlier_month():
    b = PlanBuilder()
    task = b.node("task", "推进重大项目建设")
    recompute_plan(b.plan, "2023-01", as_of=dt.date(2023, 3, 1))
    assert lights_of(b.plan, "2023-01")[task.pk] == ("yellow", [
        {"factor": "report", "light": "yellow", "text": "本期进展报告未报送（截止2023年2月6日）"}])


def test_accepting_a_report_recomputes_its_month(yingkou, django_capture_on_commit_callbacks):
    report = ProgressReport.objects.get(node=yingkou.lagging, period="2023-06")
    ProgressReport.objects.filter(pk=report.pk).update(status="approved")
    report.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        progress.accept_report(actor=SYSTEM, report=report)
    assert lights_of(yingkou.plan)[yingkou.lagging.pk][1][0]["light"] == "green"
    assert PlanStatus.objects.filter(plan=yingkou.plan, period="2023-06").exists()


def test_a_failed_recompute_leaves_the_old_lights(yingkou, monkeypatch):
    recompute_plan(yingkou.plan, "2023-06", as_of=AS_OF)
    before = lights_of(yingkou.plan)

    def fail(*args, **kwargs):
        raise RuntimeError("stopped")

    monkeypatch.setattr(status_job, "_insert_node_statuses", fail)  # after the old ones are deleted
    with pytest.raises(RuntimeError):
        recompute_plan(yingkou.plan, "2023-06", as_of=dt.date(2023, 6, 1))
    assert lights_of(yingkou.plan) == before


def test_recompute_period_covers_the_plans_active_in_the_month(yingkou):
    old = Plan.objects.create(title="旧方案", region_id="210800", start_date=dt.date(2020, 1, 1),
                              end_date=dt.date(2022, 12, 31))
    seen = []
    done = recompute_period("2023年6月", as_of=AS_OF,
                            progress=lambda plan, status, seconds: seen.append(plan.pk))
    assert [s.plan_id for s in done] == seen == [yingkou.plan.pk]
    assert not PlanStatus.objects.filter(plan=old).exists()
    assert recompute_period("2023-06", plans=[old], as_of=AS_OF) == []


def build_plan_of_size(tasks: int) -> Plan:
    b = PlanBuilder(title=f"规模{tasks}")
    area = b.node("area", "扩大有效投资", lead=False)
    for i in range(tasks):
        task = b.node("task", f"任务{i}", area)
        b.target(task, "固定资产投资", "600")
        b.milestone(task, dt.date(2023, 6, 15), dt.date(2023, 6, 1) if i % 2 else None)
        b.report(task, "2023-05", "accepted", "200", submitted(2, 6))
        b.report(task, "2023-06", "submitted", "300", submitted(4))
    return b.plan


# the test's savepoint, lock the plan, nodes, target values, milestones, accepted values,
# report facts, delete the old lights, insert the new ones (one insert per 2000 nodes; on
# PostgreSQL one COPY, which Django does not count, and one SET LOCAL, which it does), the
# plan's light (select, then insert or update), release the savepoint
RECOMPUTE_QUERIES = 12


@pytest.mark.parametrize("tasks", [2, 40])
def test_recompute_plan_uses_a_fixed_number_of_queries(tasks, django_assert_num_queries):
    plan = build_plan_of_size(tasks)
    with django_assert_num_queries(RECOMPUTE_QUERIES):
        recompute_plan(plan, "2023-06", as_of=AS_OF)
    with django_assert_num_queries(RECOMPUTE_QUERIES):  # again: lights replaced, plan updated
        status = recompute_plan(plan, "2023-06", as_of=AS_OF)
    assert status.counts["total"] == tasks + 1



@pytest.mark.django_db(transaction=True)  # the worker threads read committed rows only
def test_several_jobs_give_the_lights_one_job_gives(reference_data):
    plans_built = [build_plan_of_size(3) for _ in range(3)]
    one = recompute_period("2023-06", as_of=AS_OF)
    expected = {plan.pk: lights_of(plan) for plan in plans_built}
    many = recompute_period("2023-06", as_of=AS_OF, jobs=2)
    assert sorted(s.plan_id for s in many) == sorted(s.plan_id for s in one)
    assert {plan.pk: lights_of(plan) for plan in plans_built} == expected

# --- the command ---------------------------------------------------------------------------


def run(*args: str) -> str:
    out = StringIO()
    call_command("status", "recompute", *args, stdout=out)
    return out.getvalue()


def test_command_prints_the_counts_of_each_plan_and_the_total(yingkou):
    output = run("--period", "2023-06", "--as-of", "2023-07-10")
    lines = output.splitlines()
    assert re.fullmatch(r"营口市全面振兴新突破三年行动 2023-06：绿 1 黄 1 红 2 未评价 2"
                        r"（用时 \d+\.\d 秒）", lines[0])
    assert re.fullmatch(r"合计 1 个方案 2023-06：绿 1 黄 1 红 2 未评价 2（用时 \d+\.\d 秒）", lines[1])
    assert PlanStatus.objects.get(plan=yingkou.plan, period="2023-06").light == "red"


def test_command_recomputes_one_plan(yingkou):
    other = PlanBuilder(title="另一方案").plan
    output = run("--period", "2023-06", "--plan", str(other.pk), "--as-of", "2023-07-10")
    assert output.startswith("另一方案 2023-06：绿 0 黄 0 红 0 未评价 0")
    assert not PlanStatus.objects.filter(plan=yingkou.plan).exists()


def test_command_says_when_no_plan_is_active(db):
    assert run("--period", "2019-06") == "2019-06 没有在期的方案。\n"


@pytest.mark.parametrize(("args", "message"), [
    (("--period", "2023-13"), "期间「2023-13」无效：序号「13」不是有效的月度期间"),
    (("--period", "2023-Q2"), "报告期“2023-Q2”应为某一个月，如 2023-06"),
    (("--period", "2023-06", "--as-of", "7月10日"), "日期“7月10日”无效，应写作 2023-07-10"),
    (("--period", "2023-06", "--plan", "99999"), "方案 99999 不存在"),
])
def test_command_reports_bad_input_in_one_line(args, message):
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert str(caught.value) == message
