"""The status light (红黄绿灯) rules, as pure functions on small frozen facts.

Nothing here touches the database: :mod:`luoshi.progress.status` loads the facts of a plan
for a month, calls :func:`evaluate_plan` and stores what it returns. Keeping the rules pure
lets the tests check them case by case and with generated inputs (monotonic properties).

A node's light is the worst of its *factors*:

- ``target``: for each target with a value for the period's year, completion compared with
  the share of the year elapsed (时间过半、任务过半). ratio = completion / share;
  green when ratio ≥ ``green_ratio``, yellow when ≥ ``red_ratio``, red below. Completion is
  ``reached / annual`` for a cumulative higher-is-better target, and the progress from the
  baseline towards the target, ``(reached − baseline) / (annual − baseline)``, for level
  targets and lower-is-better ones. Compared exactly (cross-multiplied), never as floats.
- ``milestone``: a milestone due on or before the period's last day, whose due day has
  passed by ``as_of`` and which was not done by min(period end, as_of), is overdue: red.
  Done after its due date: noted, not red.
- ``report``: for a reported node, a month is *missing* when its deadline has passed by
  ``as_of`` and no report for it is in (submitted, approved or accepted, and submitted on or
  before ``as_of``). This month missing: yellow; ``missing_red_periods`` consecutive months
  missing, ending with this one: red. A late report is noted, not coloured.
- ``children``: a parent rolls its children up (children without a light ignored): red when
  the share of red children reaches ``rollup_red_share``, else yellow when any child is
  yellow or red, else green.

A node with nothing to judge has the light ``none``. Every light carries its reasons: the
factor, the light it gave and a Chinese sentence with the figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext

from luoshi.core.periods import Period

__all__ = [
    "GREEN",
    "LIGHTS",
    "NONE",
    "RED",
    "YELLOW",
    "MilestoneFacts",
    "MonthReport",
    "NodeFacts",
    "NodeResult",
    "PlanResult",
    "Reason",
    "TargetFacts",
    "Thresholds",
    "evaluate_node",
    "evaluate_plan",
    "judge_milestones",
    "judge_reports",
    "judge_target",
    "roll_up",
    "severity",
    "worst",
]

# The values of luoshi.progress.models.Light (kept as plain strings so this module needs no ORM).
GREEN, YELLOW, RED, NONE = "green", "yellow", "red", "none"
LIGHTS = (GREEN, YELLOW, RED, NONE)
_SEVERITY = {NONE: 0, GREEN: 1, YELLOW: 2, RED: 3}
_LIGHT_ZH = {GREEN: "绿灯", YELLOW: "黄灯", RED: "红灯", NONE: "未评价"}
_HIGHER, _LOWER = "higher", "lower"  # luoshi.plans.models.Direction
_CUMULATIVE, _LEVEL = "cumulative", "level"  # luoshi.plans.models.Accumulation
_IN_STATUSES = frozenset({"submitted", "approved", "accepted"})  # a report that is "in"
_NAMED_RED_CHILDREN = 5  # how many red children a parent's reason names


# --- facts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Thresholds:
    """The plan's settings for its lights (see Plan in luoshi.plans.models)."""

    green_ratio: Decimal = Decimal("0.90")
    red_ratio: Decimal = Decimal("0.70")
    missing_red_periods: int = 2
    rollup_red_share: Decimal = Decimal("0.20")


@dataclass(frozen=True)
class TargetFacts:
    """One target of a node as it stands for the period: its value for the period's year and
    the value reached (from the latest accepted report of the year up to the period)."""

    metric: str
    unit: str
    annual: Decimal
    reached: Decimal | None = None
    baseline: Decimal | None = None
    direction: str = _HIGHER
    accumulation: str = _CUMULATIVE


@dataclass(frozen=True)
class MilestoneFacts:
    description: str
    due_on: dt.date
    done_on: dt.date | None = None


@dataclass(frozen=True)
class MonthReport:
    """What is known of a node's report for one month.

    ``submitted_on`` is the date of the first submission; None with ``status`` in
    submitted/approved/accepted means the date is unknown and the report counts as in.
    ``status`` is None when the node has no report for the month at all.
    """

    period: str
    deadline: dt.date
    status: str | None = None
    submitted_on: dt.date | None = None
    is_late: bool = False

    def is_in(self, as_of: dt.date) -> bool:
        """Whether the report had been submitted (and not returned) by ``as_of``."""
        return self.status in _IN_STATUSES and (self.submitted_on is None or self.submitted_on <= as_of)

    def is_missing(self, as_of: dt.date) -> bool:
        return as_of > self.deadline and not self.is_in(as_of)


@dataclass(frozen=True)
class NodeFacts:
    """Everything the rules need about one node. ``reports`` run from the oldest month to the
    period itself (the last item); months before the plan began are left out."""

    node_id: int
    parent_id: int | None = None
    label: str = ""
    is_reported: bool = False
    targets: tuple[TargetFacts, ...] = ()
    milestones: tuple[MilestoneFacts, ...] = ()
    reports: tuple[MonthReport, ...] = ()


# --- results -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    factor: str  # target | milestone | report | children; "none" for "nothing to judge"
    light: str
    text: str

    def as_dict(self) -> dict[str, str]:
        return {"factor": self.factor, "light": self.light, "text": self.text}


@dataclass(frozen=True)
class NodeResult:
    node_id: int
    light: str
    reasons: tuple[Reason, ...]

    def reasons_json(self) -> list[dict[str, str]]:
        return [r.as_dict() for r in self.reasons]


@dataclass(frozen=True)
class PlanResult:
    light: str
    reasons: tuple[Reason, ...]
    counts: Mapping[str, object]
    nodes: Mapping[int, NodeResult] = field(default_factory=dict)

    def reasons_json(self) -> list[dict[str, str]]:
        return [r.as_dict() for r in self.reasons]


# --- helpers -------------------------------------------------------------------------------


def severity(light: str) -> int:
    """none < green < yellow < red."""
    return _SEVERITY[light]


def worst(lights: Iterable[str]) -> str:
    """The worst of ``lights``; ``none`` when there are none (or all are ``none``)."""
    return max(lights, key=severity, default=NONE)


def _num(value: Decimal) -> str:
    """A stored figure as written, without trailing zeros and never in exponent form."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def _pct(value: Decimal) -> str:
    """A share as a percentage with one decimal (display only)."""
    with localcontext() as ctx:
        ctx.prec = 50
        return f"{(value * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def _vs(value: Decimal, threshold: Decimal) -> str:
    """``value`` to two decimals, or to as many as it takes for the shown figure to compare
    with ``threshold`` the way the exact one does (0.8999 is not shown as 0.90 ≥ 0.90)."""
    above = value >= threshold
    with localcontext() as ctx:
        ctx.prec = 50
        for places in range(2, 9):
            shown = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
            if (shown >= threshold) == above:
                return str(shown)
    return str(value)


def _date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# --- targets -------------------------------------------------------------------------------


def judge_target(target: TargetFacts, period: Period, thresholds: Thresholds, *,
                 reported: bool = True) -> Reason:
    """The light one target gives for ``period`` (see the module docstring).

    A target with no reached value is yellow ("尚未填报完成值") on a reported node; on a node
    nobody reports on, no value can come, so it is only noted (light ``none``).
    """
    name = target.metric if target.direction == _HIGHER else f"{target.metric}（越小越好）"
    if target.reached is None:
        goal = f"年度目标 {_num(target.annual)}{target.unit}"
        if not reported:
            return Reason("target", NONE, f"{name}：无人填报完成值（该条目不需报送），{goal}")
        return Reason("target", YELLOW, f"{name}：尚未填报完成值（{goal}）")
    sign = 1 if target.direction == _HIGHER else -1
    from_zero = target.direction == _HIGHER and target.accumulation == _CUMULATIVE
    base = Decimal(0) if from_zero or (target.baseline is None and sign > 0) else target.baseline
    if base is None or (target.annual - base) * sign <= 0:
        return _judge_met(target, name, base, sign)
    with localcontext() as ctx:
        ctx.prec = 60  # products of stored figures stay exact at this precision
        done = (target.reached - base) * sign  # progress made, in the target's unit
        needed = (target.annual - base) * sign  # progress the year asks for, > 0
        months, year_months = period.last_month, 12
        # ratio = (done / needed) / (months / 12), compared without dividing
        lhs = done * year_months
        if lhs >= thresholds.green_ratio * needed * months:
            light = GREEN
        elif lhs >= thresholds.red_ratio * needed * months:
            light = YELLOW
        else:
            light = RED
        completion = done / needed
        share = Decimal(months) / year_months
        ratio = lhs / (needed * months)
    if from_zero:
        figures = f"完成 {_num(target.reached)}/{_num(target.annual)}{target.unit}（{_pct(completion)}）"
    else:
        figures = (f"基数 {_num(base)}，目标 {_num(target.annual)}，当前 {_num(target.reached)}"
                   f"{target.unit}，完成进度 {_pct(completion)}")
    if light == GREEN:
        verdict = f"进度比 {_vs(ratio, thresholds.green_ratio)} ≥ {thresholds.green_ratio}"
    elif light == YELLOW:
        verdict = (f"进度比 {_vs(ratio, thresholds.green_ratio)} < {thresholds.green_ratio}"
                   f"（不低于 {thresholds.red_ratio}），滞后")
    else:
        verdict = f"进度比 {_vs(ratio, thresholds.red_ratio)} < {thresholds.red_ratio}，严重滞后"
    return Reason("target", light, f"{name}：{figures}，时间进度 {_pct(share)}，{verdict}")


def _judge_met(target: TargetFacts, name: str, base: Decimal | None, sign: int) -> Reason:
    """No progress can be measured (no baseline for a lower-is-better target, or a target
    not beyond its baseline): judged on whether the target is met, green or yellow."""
    met = (target.reached - target.annual) * sign >= 0
    why = "未设基数" if base is None else f"目标未超出基数 {_num(base)}"
    op = "≥" if sign > 0 else "≤"
    state = "已达到目标" if met else "尚未达到目标"
    text = (f"{name}：当前 {_num(target.reached)}{target.unit}，目标 {op} {_num(target.annual)}"
            f"{target.unit}，{state}（{why}，无法计算进度比，按是否达标判断）")
    return Reason("target", GREEN if met else YELLOW, text)


# --- milestones ----------------------------------------------------------------------------


def judge_milestones(milestones: Iterable[MilestoneFacts], period: Period,
                     as_of: dt.date) -> list[Reason]:
    """One reason per milestone that is due for ``period``: due on or before the period's last
    day and its due day passed by ``as_of``. Not done by min(period end, as_of): red
    (overdue); done after its due date: a green note; done in time: green."""
    period_end = period.end_date()
    cutoff = min(period_end, as_of)
    reasons = []
    for m in milestones:
        if m.due_on > period_end or m.due_on >= as_of:
            continue
        deadline = f"时限{_date(m.due_on)}"
        if m.done_on is None or m.done_on > cutoff:
            reasons.append(Reason("milestone", RED, f"节点目标逾期：{m.description}（{deadline}）"))
        elif m.done_on > m.due_on:
            reasons.append(Reason("milestone", GREEN, f"节点目标逾期完成：{m.description}"
                                                      f"（{deadline}，{_date(m.done_on)}完成）"))
        else:
            reasons.append(Reason("milestone", GREEN, f"节点目标按期完成：{m.description}"
                                                      f"（{deadline}，{_date(m.done_on)}完成）"))
    return reasons


# --- reports -------------------------------------------------------------------------------


def judge_reports(reports: Sequence[MonthReport], thresholds: Thresholds,
                  as_of: dt.date) -> list[Reason]:
    """The report factor of a reported node: ``reports`` end with the period's month."""
    if not reports:
        return []
    current = reports[-1]
    due = f"截止{_date(current.deadline)}"
    if current.is_in(as_of):
        if current.is_late:
            return [Reason("report", GREEN, f"本期进展报告已报送，但逾期报送（{due}）")]
        return [Reason("report", GREEN, "本期进展报告已按期报送")]
    if not current.is_missing(as_of):
        return [Reason("report", GREEN, f"本期进展报告尚未到截止日（{due}）")]
    streak: list[str] = []
    for month in reversed(reports):
        if not month.is_missing(as_of):
            break
        streak.append(month.period)
    if len(streak) >= thresholds.missing_red_periods:
        months = "、".join(reversed(streak))
        return [Reason("report", RED, f"连续{len(streak)}个月未报送进展报告（{months}）")]
    return [Reason("report", YELLOW, f"本期进展报告未报送（{due}）")]


# --- nodes and roll-up ---------------------------------------------------------------------


def roll_up(children: Sequence[tuple[str, str]], thresholds: Thresholds) -> Reason | None:
    """The children factor from ``(label, light)`` of each child; None when no child has a
    light. Red when the share of red children reaches ``rollup_red_share``."""
    judged = [(label, light) for label, light in children if light != NONE]
    if not judged:
        return None
    counts = {light: sum(1 for _, lt in judged if lt == light) for light in (GREEN, YELLOW, RED)}
    total, red = len(judged), counts[RED]
    with localcontext() as ctx:
        ctx.prec = 50
        red_share = Decimal(red) / total
    share_text = f"红灯占比 {_pct(red_share)}"
    if red >= thresholds.rollup_red_share * total:
        light = RED
        verdict = f"{share_text}，达到 {_pct(thresholds.rollup_red_share)}"
    elif counts[YELLOW] or red:
        light = YELLOW
        verdict = f"{share_text}，未达 {_pct(thresholds.rollup_red_share)}，有滞后的下级"
    else:
        light = GREEN
        verdict = "全部绿灯"
    unjudged = len(children) - total
    head = f"下级{total}项已评价（绿 {counts[GREEN]}、黄 {counts[YELLOW]}、红 {red}）"
    if unjudged:
        head += f"，另{unjudged}项未评价"
    text = f"{head}，{verdict}"
    reds = [label for label, lt in judged if lt == RED and label]
    if reds:
        named = "、".join(reds[:_NAMED_RED_CHILDREN])
        text += f"；红灯：{named}" + ("等" if len(reds) > _NAMED_RED_CHILDREN else "")
    return Reason("children", light, text)


def evaluate_node(facts: NodeFacts, period: Period, as_of: dt.date, thresholds: Thresholds,
                  children: Sequence[tuple[str, str]] = ()) -> NodeResult:
    """The light of one node from its own factors and its children's ``(label, light)``."""
    reasons = [judge_target(t, period, thresholds, reported=facts.is_reported)
               for t in facts.targets]
    reasons += judge_milestones(facts.milestones, period, as_of)
    if facts.is_reported:
        reasons += judge_reports(facts.reports, thresholds, as_of)
    rolled = roll_up(children, thresholds)
    if rolled is not None:
        reasons.append(rolled)
    light = worst(r.light for r in reasons)
    if not reasons:
        reasons.append(Reason("none", NONE, "无可评价内容：没有本年度目标值、没有到期的节点目标，也不需报送"))
    return NodeResult(facts.node_id, light, tuple(reasons))


def _count(lights: Iterable[str]) -> dict[str, int]:
    counts = dict.fromkeys(LIGHTS, 0)
    for light in lights:
        counts[light] += 1
    counts["total"] = sum(counts.values())
    return counts


def evaluate_plan(nodes: Iterable[NodeFacts], period: Period, as_of: dt.date,
                  thresholds: Thresholds) -> PlanResult:
    """Lights of every node, bottom-up, and the plan's light rolled up from its top-level
    nodes. ``counts`` holds the number of nodes per light (and ``total``) over all nodes,
    and the same under ``"reported"`` over the reported nodes only."""
    facts = {n.node_id: n for n in nodes}
    children: dict[int | None, list[int]] = {}
    for n in facts.values():
        parent = n.parent_id if n.parent_id in facts else None
        children.setdefault(parent, []).append(n.node_id)
    results: dict[int, NodeResult] = {}

    def child_lights(parent: int | None) -> list[tuple[str, str]]:
        return [(facts[c].label, results[c].light) for c in children.get(parent, ())]

    # Depth-first post-order without recursion: a node is judged after all its children.
    stack: list[tuple[int, bool]] = [(c, False) for c in reversed(children.get(None, []))]
    while stack:
        node_id, expanded = stack.pop()
        if expanded:
            results[node_id] = evaluate_node(facts[node_id], period, as_of, thresholds,
                                             child_lights(node_id))
            continue
        stack.append((node_id, True))
        stack.extend((c, False) for c in reversed(children.get(node_id, [])))
    top = roll_up(child_lights(None), thresholds)
    if top is None:
        reasons: tuple[Reason, ...] = (Reason("children", NONE, "没有可评价的条目"),)
        light = NONE
    else:
        reasons, light = (top,), top.light
    counts: dict[str, object] = dict(_count(r.light for r in results.values()))
    counts["reported"] = _count(results[i].light for i, n in facts.items() if n.is_reported)
    return PlanResult(light, reasons, counts, results)
