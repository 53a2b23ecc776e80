"""The warning rules and ``luoshi warnings run``: what opens, what closes, never twice."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luoshi.core.errors import InvalidInput
from luoshi.core.models import AuditEntry
from luoshi.core.permissions import SYSTEM
from luoshi.plans import services as plan_services
from luoshi.progress import services as progress
from luoshi.supervision import rules
from luoshi.supervision.evaluation import judgement_day, run_rule, run_warnings
from luoshi.supervision.models import Severity, Warning, WarningRun, WarningStatus

from .conftest import AS_OF, PERIOD


def _open(rule):
    return list(Warning.objects.filter(rule=rule, status=WarningStatus.OPEN).order_by("item_id"))


def test_the_plan_rules_raise_red_nodes_overdue_milestones_and_missing_reports(warnings_raised):
    task, other = warnings_raised["task"], warnings_raised["other"]
    red = _open("red_node")
    assert [w.item_id for w in red] == [task.pk, other.pk]
    assert red[0].unit.code == "FS-FGW" and red[0].region_id == "210400"
    assert red[0].item_url == f"/plans/nodes/{task.pk}/?period={PERIOD}"
    assert "亮红灯" in red[0].reason and red[0].severity == Severity.HIGH
    (milestone,) = _open("overdue_milestone")
    assert milestone.item_model == "milestone"
    assert "2023年9月30日" in milestone.reason and "已逾期41天" in milestone.reason
    assert milestone.severity == Severity.HIGH  # more than 30 days
    missing = _open("report_missing")
    assert {(w.item_id, w.cause_key) for w in missing} == {(task.pk, PERIOD), (other.pk, PERIOD)}
    assert all(w.opened_on == AS_OF and w.period == PERIOD for w in missing)


def test_running_again_changes_nothing(warnings_raised):
    before = list(Warning.objects.order_by("id").values())
    outcomes = run_warnings(PERIOD, as_of=AS_OF)
    assert [(o.opened, o.updated, o.closed) for o in outcomes] == [(0, 0, 0)] * len(outcomes)
    assert list(Warning.objects.order_by("id").values()) == before


def test_a_warning_closes_when_its_cause_is_gone(warnings_raised, reporter):
    milestone = warnings_raised["task"].milestones.get()
    plan_services.mark_milestone_done(actor=reporter, milestone=milestone, done_on=dt.date(2023, 11, 1))
    run_warnings(PERIOD, as_of=AS_OF, rules=["overdue_milestone"])
    warning = Warning.objects.get(rule="overdue_milestone")
    assert warning.status == WarningStatus.CLOSED and warning.closed_on == AS_OF


def test_a_submitted_report_closes_the_missing_report_warning(warnings_raised, reporter):
    report = progress.open_report(actor=reporter, node=warnings_raised["task"], period=PERIOD)
    progress.save_report(actor=reporter, report=report, data=progress.ReportData(progress="已推进"))
    progress.submit_report(actor=reporter, report=report)
    run_warnings(PERIOD, as_of=AS_OF, rules=["report_missing"])
    assert [w.item_id for w in _open("report_missing")] == [warnings_raised["other"].pk]


def test_the_missing_report_reason_says_whether_it_is_absent_a_draft_or_returned(
        warnings_raised, reporter, unit_leader):
    def reasons():
        return {w.item_id: (w.pk, w.reason) for w in _open("report_missing")}

    task, other = warnings_raised["task"], warnings_raised["other"]
    first = reasons()
    assert first[task.pk][1].endswith("截至2023年11月10日未报送")
    report = progress.open_report(actor=reporter, node=task, period=PERIOD)
    run_warnings(PERIOD, as_of=AS_OF, rules=["report_missing"])
    assert reasons()[task.pk][1].endswith("截至2023年11月10日草稿未提交")
    progress.save_report(actor=reporter, report=report, data=progress.ReportData(progress="已推进"))
    progress.submit_report(actor=reporter, report=report)
    progress.return_report(actor=unit_leader, report=report, reason="数据不全")
    run_warnings(PERIOD, as_of=AS_OF, rules=["report_missing"])
    now = reasons()
    assert now[task.pk][1].endswith("截至2023年11月10日被退回未重新报送")
    assert now[other.pk] == first[other.pk]  # untouched: still nothing in
    assert now[task.pk][0] == first[task.pk][0]  # the same warning, its reason brought up to date


def test_a_month_run_leaves_other_months_missing_reports_alone(warnings_raised):
    run_warnings("2023-09", as_of=dt.date(2023, 10, 10), rules=["report_missing"])
    keys = sorted(w.cause_key for w in _open("report_missing"))
    assert keys == ["2023-09", "2023-09", PERIOD, PERIOD]


def test_the_cause_coming_back_opens_a_new_warning(warnings_raised, reporter):
    milestone = warnings_raised["task"].milestones.get()
    plan_services.mark_milestone_done(actor=reporter, milestone=milestone, done_on=dt.date(2023, 11, 1))
    run_warnings(PERIOD, as_of=AS_OF, rules=["overdue_milestone"])
    plan_services.mark_milestone_done(actor=reporter, milestone=milestone, done_on=None)
    run_warnings(PERIOD, as_of=AS_OF, rules=["overdue_milestone"])
    statuses = list(Warning.objects.filter(rule="overdue_milestone").order_by("id")
                    .values_list("status", flat=True))
    assert statuses == ["closed", "open"]


def test_the_database_refuses_a_second_open_warning_for_one_cause(warnings_raised):
    warning = _open("overdue_milestone")[0]
    warning.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        warning.save()


def test_each_rule_run_is_logged_and_audited_once(warnings_raised):
    assert WarningRun.objects.filter(period=PERIOD).count() == len(rules.all_rules())
    entries = AuditEntry.objects.filter(action="warnings_run")  # only runs that changed something
    assert sorted(entries.values_list("object_id", flat=True)) == [
        "overdue_milestone", "red_node", "report_missing"]
    assert {e.after["opened"] for e in entries} == {1, 2}


def test_settings_override_defaults_and_unknown_settings_are_refused(lagging_plan):
    rule = rules.get_rule("overdue_milestone")
    run_rule(rule, PERIOD, as_of=AS_OF, overrides={"serious_after_days": 60})
    assert Warning.objects.get(rule="overdue_milestone").severity == Severity.MEDIUM
    with pytest.raises(InvalidInput, match="没有设置项"):
        run_rule(rule, PERIOD, as_of=AS_OF, overrides={"nonsense": 1})
    with pytest.raises(InvalidInput, match="没有预警规则"):
        run_warnings(PERIOD, rules=["no_such_rule"])


def test_a_bad_period_is_a_clear_error(lagging_plan):
    with pytest.raises(InvalidInput, match="2023-06"):
        run_warnings("2023年第三季度")


def test_judgement_day_is_the_tenth_of_the_next_month_or_today():
    from luoshi.core.periods import Period

    june = Period.of_month(2023, 6)
    assert judgement_day(june, today=dt.date(2026, 1, 1)) == dt.date(2023, 7, 10)
    assert judgement_day(june, today=dt.date(2023, 7, 3)) == dt.date(2023, 7, 3)


def test_the_command_runs_and_reports(lagging_plan, capsys):
    call_command("warnings", "run", "--period", PERIOD, "--as-of", AS_OF.isoformat())
    out = capsys.readouterr().out
    assert "red_node：当前 2 条，新开 2" in out and "合计" in out
    from django.core.management.base import CommandError
    with pytest.raises(CommandError, match="日期"):
        call_command("warnings", "run", "--period", PERIOD, "--as-of", "明天")


# --- the reconciliation itself, on generated causes -------------------------------------


_CAUSES: list = []


def _fixed_causes(context):
    return iter(_CAUSES)


@pytest.fixture
def fixed_rule(org):
    rule = rules.Rule(code="test_fixed", title="测试规则", evaluate=_fixed_causes)
    rules.register(rule)
    yield rule
    rules._REGISTRY.pop("test_fixed", None)


def _cause(org, item_id, reason):
    unit = org["fgw"]
    return rules.Cause("plans", "plannode", item_id, title=f"条目{item_id}", url="", unit_id=unit.pk,
                       region_id=unit.region_id, severity=Severity.LOW, reason=reason)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rounds=st.lists(st.dictionaries(st.integers(1, 12), st.sampled_from(["甲", "乙"]), max_size=8),
                       min_size=1, max_size=4))
def test_open_warnings_always_match_the_latest_causes(org, fixed_rule, rounds):
    Warning.objects.filter(rule="test_fixed").delete()
    for causes in rounds:
        _CAUSES[:] = [_cause(org, item, reason) for item, reason in causes.items()]
        run_rule(fixed_rule, PERIOD, as_of=AS_OF)
        run_rule(fixed_rule, PERIOD, as_of=AS_OF)  # idempotent
        open_now = {w.item_id: w.reason for w in Warning.objects.filter(rule="test_fixed", status="open")}
        assert open_now == causes
    # every warning ever opened is either open with a live cause or closed with a date
    for warning in Warning.objects.filter(rule="test_fixed", status="closed"):
        assert warning.closed_on == AS_OF


def test_system_actor_is_the_author_of_job_audit_entries(warnings_raised):
    assert AuditEntry.objects.filter(action="warnings_run").first().actor_name == SYSTEM.username


def _broken(context):
    raise RuntimeError("table missing")


def test_a_failing_rule_leaves_its_warnings_and_the_others_still_run(warnings_raised, capsys):
    from django.core.management.base import CommandError

    rules.register(rules.Rule(code="test_broken", title="坏规则", evaluate=_broken))
    try:
        outcomes = {o.rule: o for o in run_warnings(PERIOD, as_of=AS_OF)}
        assert "table missing" in outcomes["test_broken"].error
        assert outcomes["red_node"].causes == 2 and not outcomes["red_node"].error
        with pytest.raises(CommandError, match="1 条规则执行失败：test_broken"):
            call_command("warnings", "run", "--period", PERIOD, "--as-of", AS_OF.isoformat())
        assert "规则执行失败" in capsys.readouterr().err
    finally:
        rules._REGISTRY.pop("test_broken", None)
