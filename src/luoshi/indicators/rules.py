"""The statistics rules, as pure functions over plain values (no database).

A series is one indicator for one region: a list of :class:`Point` in month order. The
services load points, apply these rules and write back what they derive; tests exercise the
rules directly (with hypothesis for the derivations).

Conventions of the statistics bureau kept here:

- A combined 1-2月 release is one point in month 2; no January value is ever invented, and
  its 当月值 is the January–February amount, equal to its 累计值.
- A value derived by subtracting (or adding) cumulatives is marked derived; an entered value
  is never overwritten by a derived one.
- The reported comparable-basis growth wins over the computed one; both stay visible.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from statistics import median

HUNDRED = Decimal(100)
# Published figures are rounded: sums within this share of the cumulative are consistent.
SUM_TOLERANCE = Decimal("0.005")
MIN_CHANGES_FOR_JUMP = 4
JUMP_WINDOW = 12
# A very steady series has a tiny usual change; below this share of its level, changes are
# noise the bureau's rounding and revisions make, not a jump.
JUMP_FLOOR = Decimal("0.05")


@dataclass
class Point:
    """One observation's figures; ``*_derived`` say which figures the rules filled in."""

    year: int
    month: int
    value: Decimal | None = None
    cumulative: Decimal | None = None
    value_derived: bool = False
    cumulative_derived: bool = False
    yoy_reported: Decimal | None = None
    yoy_comparable: bool = False
    yoy_computed: Decimal | None = None
    key: object = None  # the caller's handle (an observation id)

    @property
    def yoy(self) -> Decimal | None:
        return self.yoy_reported if self.yoy_reported is not None else self.yoy_computed


@dataclass(frozen=True)
class Finding:
    """A doubt about one point: the rule, a message, and the figures compared."""

    key: object
    rule: str
    message: str
    expected: Decimal | None = None
    actual: Decimal | None = None


# --- derivations ------------------------------------------------------------------------

def monthly_from_cumulative(cumulatives: dict[int, Decimal]) -> dict[int, Decimal]:
    """当月值 of each month whose cumulative and previous release's cumulative are known.

    ``cumulatives`` maps release months (2 stands for 1-2月 when there is no month 1) of one
    year to 累计值. The first release's 当月值 is its cumulative.
    """
    months = sorted(cumulatives)
    result: dict[int, Decimal] = {}
    for index, month in enumerate(months):
        first = month == 1 or (month == 2 and 1 not in cumulatives)
        if first:
            result[month] = cumulatives[month]
        elif index > 0 and months[index - 1] == month - 1:
            result[month] = cumulatives[month] - cumulatives[month - 1]
    return result


def cumulative_from_monthly(values: dict[int, Decimal]) -> dict[int, Decimal]:
    """累计值 of each month whose every earlier release's 当月值 is known."""
    result: dict[int, Decimal] = {}
    running = Decimal(0)
    expected = min(values) if values and min(values) in (1, 2) else None
    if expected is None:
        return result
    for month in sorted(values):
        if month != expected:
            break
        running += values[month]
        result[month] = running
        expected = month + 1
    return result


def fill_year(points: list[Point], *, flow: bool) -> None:
    """Clear derived figures of one year's points and derive them again from entered ones.

    Only flows have a cumulative distinct from the month's value; for stocks and rates the
    derived figures are just cleared.
    """
    for p in points:
        if p.value_derived:
            p.value, p.value_derived = None, False
        if p.cumulative_derived:
            p.cumulative, p.cumulative_derived = None, False
    if not flow:
        return
    by_month = {p.month: p for p in points}
    # Walk forward so a derived cumulative feeds the next month's derivation.
    for month in sorted(by_month):
        p = by_month[month]
        previous = _previous_release(by_month, month)
        first = month == 1 or (month == 2 and 1 not in by_month)
        if p.value is None and p.cumulative is not None:
            if first:
                p.value, p.value_derived = p.cumulative, True
            elif previous is not None and previous.cumulative is not None:
                p.value, p.value_derived = p.cumulative - previous.cumulative, True
        elif p.cumulative is None and p.value is not None:
            if first:
                p.cumulative, p.cumulative_derived = p.value, True
            elif previous is not None and previous.cumulative is not None:
                p.cumulative, p.cumulative_derived = previous.cumulative + p.value, True


def _previous_release(by_month: dict[int, Point], month: int) -> Point | None:
    return by_month.get(month - 1)


def growth(current: Decimal | None, base: Decimal | None) -> Decimal | None:
    """同比 % of ``current`` over ``base``, to 0.01; None when the base is missing or zero."""
    if current is None or base is None or base == 0:
        return None
    return ((current - base) / abs(base) * HUNDRED).quantize(Decimal("0.01"))


def compute_yoy(points: list[Point], *, flow: bool, real_growth: bool,
                rate: bool = False) -> None:
    """Set ``yoy_computed`` of every point from the same month of the year before.

    Flows compare cumulatives, stocks compare values. Real (constant-price) growth and rates
    cannot be derived from published values: their computed growth stays empty.
    """
    index = {(p.year, p.month): p for p in points}
    for p in points:
        if real_growth or rate:
            p.yoy_computed = None
            continue
        base = index.get((p.year - 1, p.month))
        if base is None:
            p.yoy_computed = None
        elif flow:
            p.yoy_computed = growth(p.cumulative, base.cumulative)
        else:
            p.yoy_computed = growth(p.value, base.value)


# --- targets ----------------------------------------------------------------------------

@dataclass(frozen=True)
class TargetProgress:
    """时间过半、任务过半: the share of the annual target done against the share of the year
    gone, and whether the growth target is met."""

    target_value: Decimal | None
    completion: Decimal | None  # cumulative / target, e.g. 0.5230
    elapsed: Decimal  # share of the year gone, e.g. 0.5000
    on_track: bool | None  # completion >= elapsed (None without a value target)
    target_growth: Decimal | None
    growth_met: bool | None

    @property
    def gap_points(self) -> Decimal | None:
        """How far ahead (+) or behind (−) the time line, in percentage points."""
        if self.completion is None:
            return None
        return ((self.completion - self.elapsed) * HUNDRED).quantize(Decimal("0.1"))


def target_progress(*, month: int, cumulative: Decimal | None, yoy: Decimal | None,
                    target_value: Decimal | None, target_growth: Decimal | None,
                    higher_is_better: bool = True) -> TargetProgress:
    elapsed = (Decimal(month) / 12).quantize(Decimal("0.0001"))
    completion = on_track = None
    if target_value and cumulative is not None:
        completion = (cumulative / target_value).quantize(Decimal("0.0001"))
        on_track = completion >= elapsed if higher_is_better else completion <= elapsed
    growth_met = None
    if target_growth is not None and yoy is not None:
        growth_met = yoy >= target_growth if higher_is_better else yoy <= target_growth
    return TargetProgress(target_value, completion, elapsed, on_track, target_growth, growth_met)


# --- ranking and streaks ----------------------------------------------------------------

def rank(values: dict[str, Decimal | None], *, higher_is_better: bool = True) -> dict[str, int]:
    """Competition ranks (1, 2, 2, 4) of the regions that have a value; ties share a rank."""
    present = [(code, v) for code, v in values.items() if v is not None]
    present.sort(key=lambda item: (-item[1] if higher_is_better else item[1], item[0]))
    ranks: dict[str, int] = {}
    for position, (code, value) in enumerate(present, start=1):
        if position > 1 and value == present[position - 2][1]:
            ranks[code] = ranks[present[position - 2][0]]
        else:
            ranks[code] = position
    return ranks


@dataclass(frozen=True)
class Streak:
    months: int  # consecutive releases, ending with the latest
    top: int  # within the first ``top`` places

    def phrase(self, scope: str = "全省") -> str:
        if self.top == 1:
            return f"连续{self.months}个月{scope}第1位"
        return f"连续{self.months}个月{scope}前{self.top}位"


def streak(ranks: list[int | None], *, max_top: int = 3) -> Streak | None:
    """The notable streak of a region's ranks (oldest first, latest last).

    For each ``top`` from 1 to ``max_top`` count the latest consecutive releases ranked within
    it; prefer the tightest ``top`` that held at least 3 releases, else at least 2. Fushun's
    2, 1, 2, 2 gives "连续4个月全省前2位".
    """
    counts = {}
    for top in range(1, max_top + 1):
        count = 0
        for r in reversed(ranks):
            if r is None or r > top:
                break
            count += 1
        counts[top] = count
    for minimum in (3, 2):
        for top in range(1, max_top + 1):
            if counts[top] >= minimum:
                return Streak(counts[top], top)
    return None


# --- "没有水分" checks ------------------------------------------------------------------

@dataclass
class CheckSettings:
    flow: bool = True
    yoy_tolerance: Decimal = Decimal("2")
    jump_multiple: Decimal = Decimal("3")
    combined_jan_feb: bool = True


def check_series(points: list[Point], settings: CheckSettings) -> list[Finding]:
    """Every doubt the checks raise about a series (all years, month order)."""
    findings: list[Finding] = []
    years: dict[int, list[Point]] = {}
    for p in points:
        years.setdefault(p.year, []).append(p)
    if settings.flow:
        for year_points in years.values():
            findings += _cumulative_falls(year_points)
            findings += _sum_mismatch(year_points)
    findings += _yoy_mismatch(points, settings.yoy_tolerance)
    findings += _jumps(points, settings)
    return findings


def _fmt(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _cumulative_falls(points: list[Point]) -> list[Finding]:
    found = []
    by_month = {p.month: p for p in points}
    for p in points:
        before = by_month.get(p.month - 1)
        if (before is not None and p.cumulative is not None and before.cumulative is not None
                and p.cumulative < before.cumulative):
            found.append(Finding(p.key, "cumulative_falls",
                                 f"累计值{_fmt(p.cumulative)}低于上月累计值{_fmt(before.cumulative)}",
                                 expected=before.cumulative, actual=p.cumulative))
    return found


def _sum_mismatch(points: list[Point]) -> list[Finding]:
    """Entered 当月值 from the first release on must add up to each entered 累计值."""
    found = []
    running = Decimal(0)
    expected_month = None
    for p in sorted(points, key=lambda q: q.month):
        if expected_month is None:
            if p.month not in (1, 2):
                break
        elif p.month != expected_month:
            break
        if p.value is None or p.value_derived:
            break
        running += p.value
        expected_month = p.month + 1
        if p.cumulative is None or p.cumulative_derived:
            continue
        tolerance = max(abs(p.cumulative) * SUM_TOLERANCE, Decimal("0.05"))
        if abs(running - p.cumulative) > tolerance:
            found.append(Finding(p.key, "sum_mismatch",
                                 f"1-{p.month}月当月值合计{_fmt(running)}与累计值{_fmt(p.cumulative)}不符",
                                 expected=running, actual=p.cumulative))
    return found


def _yoy_mismatch(points: list[Point], tolerance: Decimal) -> list[Finding]:
    found = []
    for p in points:
        if p.yoy_reported is None or p.yoy_computed is None:
            continue
        # A comparable-basis base is recomputed on this year's scope: allow it more room.
        allowed = tolerance * 2 if p.yoy_comparable else tolerance
        difference = p.yoy_reported - p.yoy_computed
        if abs(difference) > allowed:
            basis = "可比口径" if p.yoy_comparable else ""
            found.append(Finding(
                p.key, "yoy_mismatch",
                f"发布{basis}同比{_fmt(p.yoy_reported)}%，按上年数据测算为{_fmt(p.yoy_computed)}%，"
                f"相差{_fmt(abs(difference))}个百分点",
                expected=p.yoy_computed, actual=p.yoy_reported))
    return found


def _monthly_levels(points: list[Point], settings: CheckSettings) -> list[tuple[Point, Decimal]]:
    """The month-by-month figure whose changes are compared: 当月值 (flows: the month's own
    amount). Combined 1-2月 amounts cover two months and are left out of the comparison;
    changes are compared within a year (a new year starts at its level times its growth)."""
    levels = []
    for p in points:
        if p.value is None:
            continue
        if settings.flow and settings.combined_jan_feb and p.month <= 2:
            continue
        levels.append((p, p.value))
    return levels


def _jumps(points: list[Point], settings: CheckSettings) -> list[Finding]:
    found = []
    levels = _monthly_levels(points, settings)
    changes: list[Decimal] = []
    window: list[Decimal] = []
    for (before, previous), (p, current) in zip(levels, levels[1:], strict=False):
        # Within a year only: a new year's level moves by the year's growth at once.
        adjacent = p.year == before.year and p.month == before.month + 1
        if not adjacent:
            changes, window = [], []
            continue
        change = abs(current - previous)
        window = [*window[-JUMP_WINDOW:], abs(previous)]
        usual = changes[-JUMP_WINDOW:]
        if found and found[-1].key == before.key:
            pass  # the way back from a jump is the same event, not a second one
        elif len(usual) >= MIN_CHANGES_FOR_JUMP:
            level = sum(window) / len(window)
            typical = max(Decimal(median(usual)), level * JUMP_FLOOR).quantize(Decimal("0.01"))
            if typical > 0 and change > typical * settings.jump_multiple:
                found.append(Finding(
                    p.key, "jump",
                    f"当月值由{_fmt(previous)}变为{_fmt(current)}，变动{_fmt(change)}，"
                    f"超过通常变动{_fmt(typical)}的{_fmt(settings.jump_multiple)}倍",
                    expected=previous, actual=current))
        changes.append(change)
    return found


__all__ = [
    "CheckSettings", "Finding", "Point", "Streak", "TargetProgress", "check_series",
    "compute_yoy", "cumulative_from_monthly", "fill_year", "growth", "monthly_from_cumulative",
    "rank", "streak", "target_progress",
]
