"""The status light rules (luoshi.progress.lights): concrete cases and monotonic properties."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from luoshi.core.periods import Period
from luoshi.progress import lights
from luoshi.progress.lights import (
    GREEN,
    NONE,
    RED,
    YELLOW,
    MilestoneFacts,
    MonthReport,
    NodeFacts,
    TargetFacts,
    Thresholds,
    evaluate_node,
    evaluate_plan,
    judge_milestones,
    judge_reports,
    judge_target,
    roll_up,
    severity,
    worst,
)
from luoshi.progress.models import Light

JUNE = Period.of_month(2023, 6)
AFTER_JUNE = dt.date(2023, 7, 10)  # June's reports were due on 5 July
PLAN = Thresholds()


def month(code: str, deadline: dt.date, status: str | None = None, **kw) -> MonthReport:
    return MonthReport(code, deadline, status, **kw)


MAY_MISSING = month("2023-05", dt.date(2023, 6, 5))
JUNE_MISSING = month("2023-06", dt.date(2023, 7, 5))
JUNE_IN = month("2023-06", dt.date(2023, 7, 5), "accepted", submitted_on=dt.date(2023, 7, 3))


def test_light_names_are_those_of_the_model():
    assert set(lights.LIGHTS) == set(Light.values)


def test_worst_orders_none_green_yellow_red():
    assert worst([]) == NONE
    assert worst([NONE, GREEN]) == GREEN
    assert worst([GREEN, RED, YELLOW]) == RED
    assert severity(NONE) < severity(GREEN) < severity(YELLOW) < severity(RED)


# --- targets -------------------------------------------------------------------------------


def test_cumulative_target_on_track_is_green_with_its_figures():
    # Given a growth target of 6.0 with 3.2 done by June (half the year gone)
    target = TargetFacts("规上工业增加值增速", "%", annual=D("6.0"), reached=D("3.2"))
    # When it is judged
    reason = judge_target(target, JUNE, PLAN)
    # Then completion 53.3% against 50% of the year: ratio 1.07, green
    assert reason.light == GREEN and reason.factor == "target"
    assert reason.text == ("规上工业增加值增速：完成 3.2/6%（53.3%），时间进度 50.0%，"
                           "进度比 1.07 ≥ 0.90")


@pytest.mark.parametrize(("reached", "light"), [
    ("270", GREEN),   # ratio 0.90 exactly: green
    ("269.9", YELLOW),
    ("210", YELLOW),  # ratio 0.70 exactly: yellow
    ("209.9", RED),
    ("0", RED),
])
def test_cumulative_target_thresholds_are_inclusive(reached, light):
    target = TargetFacts("固定资产投资", "亿元", annual=D("600"), reached=D(reached))
    assert judge_target(target, JUNE, PLAN).light == light


def test_ratio_shown_never_contradicts_the_comparison():
    # ratio 0.89983…: rounded to two places it would read "0.90 < 0.90"
    target = TargetFacts("投资", "亿元", annual=D("600"), reached=D("269.95"))
    reason = judge_target(target, JUNE, PLAN)
    assert reason.light == YELLOW
    assert "进度比 0.8998 < 0.90" in reason.text


def test_share_of_year_uses_the_period_month():
    # March: a quarter of the year; 26 of 100 is on track, 17 is not
    march = Period.of_month(2023, 3)
    target = TargetFacts("签约项目", "个", annual=D("100"), reached=D("26"))
    assert judge_target(target, march, PLAN).light == GREEN
    assert "时间进度 25.0%" in judge_target(target, march, PLAN).text
    assert judge_target(replace(target, reached=D("17")), march, PLAN).light == RED


def test_target_without_reached_value_is_yellow():
    target = TargetFacts("招商引资到位额", "亿元", annual=D("100"))
    reason = judge_target(target, JUNE, PLAN)
    assert reason.light == YELLOW and "尚未填报完成值" in reason.text


def test_target_without_value_on_a_node_nobody_reports_is_only_noted():
    target = TargetFacts("地区生产总值增速", "%", annual=D("6"))
    assert judge_target(target, JUNE, PLAN, reported=False).light == NONE


def test_level_target_measures_progress_from_baseline():
    # Given a level target: from 40% to 60% forest cover, 50% reached by June
    target = TargetFacts("森林覆盖率", "%", annual=D("60"), reached=D("50"), baseline=D("40"),
                         accumulation="level")
    reason = judge_target(target, JUNE, PLAN)
    # Then progress is (50-40)/(60-40) = 50%, ratio 1.00: green
    assert reason.light == GREEN
    assert "基数 40，目标 60，当前 50%，完成进度 50.0%" in reason.text
    assert judge_target(replace(target, reached=D("48")), JUNE, PLAN).light == YELLOW
    assert judge_target(replace(target, reached=D("42")), JUNE, PLAN).light == RED


def test_lower_is_better_target_measures_progress_downwards():
    # Given energy intensity to fall from 1.20 to 1.00
    target = TargetFacts("单位GDP能耗", "吨标煤/万元", annual=D("1.00"), reached=D("1.10"),
                         baseline=D("1.20"), direction="lower", accumulation="level")
    # Then 1.10 is half way: green; 1.12 is 40%: yellow; 1.14 is 30%: red; above the baseline: red
    reason = judge_target(target, JUNE, PLAN)
    assert reason.light == GREEN and "（越小越好）" in reason.text
    assert judge_target(replace(target, reached=D("1.12")), JUNE, PLAN).light == YELLOW
    assert judge_target(replace(target, reached=D("1.14")), JUNE, PLAN).light == RED
    assert judge_target(replace(target, reached=D("1.30")), JUNE, PLAN).light == RED


def test_lower_is_better_without_baseline_is_judged_on_being_met():
    target = TargetFacts("安全事故", "起", annual=D("3"), reached=D("2"), direction="lower")
    assert judge_target(target, JUNE, PLAN).light == GREEN
    reason = judge_target(replace(target, reached=D("4")), JUNE, PLAN)
    assert reason.light == YELLOW and "未设基数" in reason.text


def test_cumulative_target_of_zero_is_judged_on_being_met():
    target = TargetFacts("亏损企业减少", "户", annual=D("0"), reached=D("1"))
    assert judge_target(target, JUNE, PLAN).light == GREEN
    assert judge_target(replace(target, reached=D("-1")), JUNE, PLAN).light == YELLOW


def test_plan_thresholds_are_used():
    target = TargetFacts("投资", "亿元", annual=D("600"), reached=D("240"))  # ratio 0.80
    assert judge_target(target, JUNE, PLAN).light == YELLOW
    lenient = Thresholds(green_ratio=D("0.80"), red_ratio=D("0.50"))
    assert judge_target(target, JUNE, lenient).light == GREEN
    strict = Thresholds(green_ratio=D("1.00"), red_ratio=D("0.85"))
    assert judge_target(target, JUNE, strict).light == RED


# --- milestones ----------------------------------------------------------------------------


def test_undone_milestone_past_due_is_red():
    m = MilestoneFacts("完成项目环评批复", dt.date(2023, 6, 15))
    [reason] = judge_milestones([m], JUNE, AFTER_JUNE)
    assert reason.light == RED
    assert reason.text == "节点目标逾期：完成项目环评批复（时限2023年6月15日）"


def test_milestone_done_after_the_period_was_overdue_in_the_period():
    m = MilestoneFacts("开工", dt.date(2023, 6, 15), done_on=dt.date(2023, 7, 2))
    assert [r.light for r in judge_milestones([m], JUNE, AFTER_JUNE)] == [RED]


def test_milestone_done_late_is_noted_not_red():
    m = MilestoneFacts("开工", dt.date(2023, 6, 15), done_on=dt.date(2023, 6, 20))
    [reason] = judge_milestones([m], JUNE, AFTER_JUNE)
    assert reason.light == GREEN and reason.text.startswith("节点目标逾期完成：开工")


def test_milestones_not_yet_due_are_not_judged():
    later = MilestoneFacts("竣工", dt.date(2023, 9, 30))
    today = MilestoneFacts("签约", dt.date(2023, 6, 12))
    # evaluated mid-June: the July milestone and the one due today are not judged
    assert judge_milestones([later, today], JUNE, dt.date(2023, 6, 12)) == []
    [reason] = judge_milestones([later, today], JUNE, dt.date(2023, 6, 13))
    assert reason.light == RED


def test_milestone_done_in_time_is_green():
    m = MilestoneFacts("签约", dt.date(2023, 6, 15), done_on=dt.date(2023, 6, 1))
    assert [r.light for r in judge_milestones([m], JUNE, AFTER_JUNE)] == [GREEN]


# --- reports -------------------------------------------------------------------------------


def test_report_in_is_green_and_late_report_is_noted():
    assert [r.light for r in judge_reports([MAY_MISSING, JUNE_IN], PLAN, AFTER_JUNE)] == [GREEN]
    late = replace(JUNE_IN, is_late=True, submitted_on=dt.date(2023, 7, 7))
    [reason] = judge_reports([late], PLAN, AFTER_JUNE)
    assert reason.light == GREEN and "逾期报送" in reason.text


def test_missing_this_month_is_yellow():
    may_in = month("2023-05", dt.date(2023, 6, 5), "approved", submitted_on=dt.date(2023, 6, 1))
    [reason] = judge_reports([may_in, JUNE_MISSING], PLAN, AFTER_JUNE)
    assert reason.light == YELLOW and reason.text == "本期进展报告未报送（截止2023年7月5日）"


def test_missing_two_months_in_a_row_is_red():
    [reason] = judge_reports([MAY_MISSING, JUNE_MISSING], PLAN, AFTER_JUNE)
    assert reason.light == RED
    assert reason.text == "连续2个月未报送进展报告（2023-05、2023-06）"
    three = Thresholds(missing_red_periods=3)
    april = month("2023-04", dt.date(2023, 5, 5), "accepted")
    assert judge_reports([april, MAY_MISSING, JUNE_MISSING], three, AFTER_JUNE)[0].light == YELLOW


@pytest.mark.parametrize("status", ["draft", "returned"])
def test_draft_or_returned_report_counts_as_missing(status):
    june = replace(JUNE_MISSING, status=status)
    assert judge_reports([june], PLAN, AFTER_JUNE)[0].light == YELLOW


def test_report_submitted_after_as_of_counts_as_missing_then():
    june = replace(JUNE_IN, submitted_on=dt.date(2023, 7, 20))
    assert judge_reports([june], PLAN, AFTER_JUNE)[0].light == YELLOW
    assert judge_reports([june], PLAN, dt.date(2023, 7, 21))[0].light == GREEN


def test_report_before_its_deadline_is_not_missing():
    [reason] = judge_reports([MAY_MISSING, JUNE_MISSING], PLAN, dt.date(2023, 7, 5))
    assert reason.light == GREEN and "尚未到截止日" in reason.text


# --- nodes and roll-up ---------------------------------------------------------------------


def test_node_light_is_the_worst_factor():
    facts = NodeFacts(
        1, is_reported=True, reports=(MAY_MISSING, JUNE_IN),
        targets=(TargetFacts("投资", "亿元", annual=D("600"), reached=D("240")),),  # yellow
        milestones=(MilestoneFacts("开工", dt.date(2023, 5, 1), dt.date(2023, 4, 30)),))
    result = evaluate_node(facts, JUNE, AFTER_JUNE, PLAN)
    assert result.light == YELLOW
    assert [r.factor for r in result.reasons] == ["target", "milestone", "report"]


def test_node_with_nothing_to_judge_has_no_light():
    result = evaluate_node(NodeFacts(1, label="一、总体要求"), JUNE, AFTER_JUNE, PLAN)
    assert result.light == NONE and result.reasons[0].text.startswith("无可评价内容")


def test_unreported_node_is_not_judged_on_reports():
    facts = NodeFacts(1, is_reported=False, reports=(MAY_MISSING, JUNE_MISSING))
    assert evaluate_node(facts, JUNE, AFTER_JUNE, PLAN).light == NONE


@pytest.mark.parametrize(("children", "light"), [
    ([GREEN] * 4, GREEN),
    ([GREEN] * 4 + [YELLOW], YELLOW),
    ([GREEN] * 5 + [RED], YELLOW),        # 16.7% red < 20%
    ([GREEN] * 4 + [RED], RED),           # 20% red: red
    ([GREEN] * 4 + [RED, NONE, NONE], RED),  # unjudged children are ignored
    ([NONE, NONE], None),
])
def test_roll_up(children, light):
    reason = roll_up([(f"任务{i}", c) for i, c in enumerate(children)], PLAN)
    assert (reason.light if reason else None) == light


def test_roll_up_reason_names_counts_and_red_children():
    reason = roll_up([("1.甲", GREEN), ("2.乙", GREEN), ("3.丙", GREEN), ("4.丁", RED),
                      ("5.戊", NONE)], PLAN)
    assert reason.text == ("下级4项已评价（绿 3、黄 0、红 1），另1项未评价，红灯占比 25.0%，"
                           "达到 20.0%；红灯：4.丁")


def test_parent_combines_children_with_its_own_factors():
    overdue = MilestoneFacts("出台实施细则", dt.date(2023, 3, 31))
    nodes = [
        NodeFacts(1, label="一、方面", milestones=(overdue,)),
        *(NodeFacts(10 + i, parent_id=1, label=f"{i}.任务", is_reported=True, reports=(JUNE_IN,))
          for i in range(3)),
    ]
    result = evaluate_plan(nodes, JUNE, AFTER_JUNE, PLAN)
    assert result.nodes[1].light == RED  # green children, own milestone overdue
    assert [r.factor for r in result.nodes[1].reasons] == ["milestone", "children"]
    assert result.light == RED  # one top-level node, red: 100% red


def test_plan_counts_all_nodes_and_reported_nodes():
    nodes = [
        NodeFacts(1, label="一、方面"),
        NodeFacts(2, parent_id=1, label="1.任务", is_reported=True, reports=(JUNE_IN,)),
        NodeFacts(3, parent_id=1, label="2.任务", is_reported=True, reports=(JUNE_MISSING,)),
        NodeFacts(4, parent_id=1, label="3.说明"),
        NodeFacts(5, label="二、保障"),
    ]
    result = evaluate_plan(nodes, JUNE, AFTER_JUNE, PLAN)
    assert {i: r.light for i, r in result.nodes.items()} == {
        1: YELLOW, 2: GREEN, 3: YELLOW, 4: NONE, 5: NONE}
    assert result.counts == {
        GREEN: 1, YELLOW: 2, RED: 0, NONE: 2, "total": 5,
        "reported": {GREEN: 1, YELLOW: 1, RED: 0, NONE: 0, "total": 2}}
    assert result.light == YELLOW
    assert result.reasons[0].factor == "children"


def test_empty_plan_has_no_light():
    result = evaluate_plan([], JUNE, AFTER_JUNE, PLAN)
    assert result.light == NONE and result.counts["total"] == 0


# --- properties ----------------------------------------------------------------------------

amounts = st.decimals(min_value=-10_000, max_value=10_000, places=4,
                      allow_nan=False, allow_infinity=False)
months = st.integers(min_value=1, max_value=12).map(lambda m: Period.of_month(2023, m))
days = st.dates(min_value=dt.date(2022, 12, 1), max_value=dt.date(2024, 2, 1))
lights_ = st.sampled_from([GREEN, YELLOW, RED, NONE])


@st.composite
def thresholds(draw):
    red = draw(st.decimals(min_value=D("0.01"), max_value=D("1.50"), places=2))
    green = draw(st.decimals(min_value=red, max_value=D("1.50"), places=2))
    share = draw(st.decimals(min_value=D("0.01"), max_value=D("1.00"), places=2))
    return Thresholds(green, red, draw(st.integers(1, 4)), share)


@st.composite
def targets(draw, direction=None):
    return TargetFacts(
        "指标", "亿元", annual=draw(amounts), reached=draw(st.none() | amounts),
        baseline=draw(st.none() | amounts),
        direction=direction or draw(st.sampled_from(["higher", "lower"])),
        accumulation=draw(st.sampled_from(["cumulative", "level"])))


milestones = st.builds(MilestoneFacts, st.just("节点"), days, st.none() | days)


@st.composite
def report_history(draw, period: Period):
    count = draw(st.integers(0, 3))
    history, m = [], period
    for _ in range(count):
        deadline = m.next_month().start_date() + dt.timedelta(days=4)
        history.append(MonthReport(
            m.code, deadline, draw(st.sampled_from([None, "draft", "submitted", "accepted"])),
            draw(st.none() | days), draw(st.booleans())))
        m = m.previous_month()
    return tuple(reversed(history))


@st.composite
def nodes(draw, period: Period, node_id: int = 1, parent_id: int | None = None):
    return NodeFacts(
        node_id, parent_id, f"{node_id}.条目", draw(st.booleans()),
        tuple(draw(st.lists(targets(), max_size=3))), tuple(draw(st.lists(milestones, max_size=3))),
        draw(report_history(period)))


@given(targets(direction="higher"), amounts, months, thresholds())
def test_reaching_more_never_worsens_a_target(target, more, period, plan):
    if target.reached is None:
        target = replace(target, reached=D(0))
    higher = replace(target, reached=target.reached + abs(more))
    assert severity(judge_target(higher, period, plan).light) <= \
        severity(judge_target(target, period, plan).light)


@given(st.data(), months, days, thresholds())
def test_reaching_more_never_worsens_a_node(data, period, as_of, plan):
    node = data.draw(nodes(period))
    extra = data.draw(targets(direction="higher"))
    extra = replace(extra, reached=extra.reached if extra.reached is not None else D(0))
    more = data.draw(amounts.map(abs))
    base = replace(node, targets=(*node.targets, extra))
    better = replace(node, targets=(*node.targets, replace(extra, reached=extra.reached + more)))
    assert severity(evaluate_node(better, period, as_of, plan).light) <= \
        severity(evaluate_node(base, period, as_of, plan).light)


@given(st.data(), months, thresholds(), st.integers(0, 200))
def test_overdue_undone_milestone_makes_the_node_red(data, period, plan, days_late):
    node = data.draw(nodes(period))
    due = period.end_date() - dt.timedelta(days=data.draw(st.integers(0, 27)))
    as_of = due + dt.timedelta(days=1 + days_late)
    overdue = MilestoneFacts("逾期事项", due)
    node = replace(node, milestones=(*node.milestones, overdue))
    result = evaluate_node(node, period, as_of, plan, data.draw(st.lists(
        st.tuples(st.just("子项"), lights_), max_size=5)))
    assert result.light == RED
    assert any(r.factor == "milestone" and r.light == RED for r in result.reasons)


@given(st.lists(st.tuples(st.just("子项"), lights_), max_size=12), thresholds())
def test_adding_a_red_child_never_improves_the_roll_up(children, plan):
    before = roll_up(children, plan)
    after = roll_up([*children, ("新增", RED)], plan)
    assert after is not None
    assert severity(after.light) >= severity(before.light if before else NONE)


@given(st.data(), months, days, thresholds())
def test_adding_a_red_child_never_improves_parent_or_plan(data, period, as_of, plan):
    parent = data.draw(nodes(period, node_id=1))
    kids = [data.draw(nodes(period, node_id=10 + i, parent_id=1))
            for i in range(data.draw(st.integers(0, 4)))]
    red_kid = NodeFacts(99, 1, "99.逾期", milestones=(
        MilestoneFacts("逾期事项", min(period.end_date(), as_of - dt.timedelta(days=1))),))
    before = evaluate_plan([parent, *kids], period, as_of, plan)
    after = evaluate_plan([parent, *kids, red_kid], period, as_of, plan)
    assert after.nodes[99].light == RED
    assert severity(after.nodes[1].light) >= severity(before.nodes[1].light)
    assert severity(after.light) >= severity(before.light)


@given(st.data(), months, days, thresholds())
def test_evaluation_is_deterministic(data, period, as_of, plan):
    tree = [data.draw(nodes(period, node_id=1)),
            *(data.draw(nodes(period, node_id=i, parent_id=1)) for i in (2, 3))]
    assert evaluate_plan(tree, period, as_of, plan) == evaluate_plan(tree, period, as_of, plan)
