"""The statistics rules on plain values: derivations (property-tested), ranks, streaks,
target progress and the "没有水分" checks."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from luoshi.indicators import rules
from luoshi.indicators.rules import CheckSettings, Point

amounts = st.decimals(min_value=0, max_value=Decimal("100000"), places=2, allow_nan=False)


def _months(combined: bool) -> list[int]:
    return list(range(2 if combined else 1, 13))


@given(st.lists(amounts, min_size=1, max_size=12), st.booleans())
def test_monthly_and_cumulative_round_trip(values, combined):
    months = _months(combined)[: len(values)]
    values = values[: len(months)]
    monthly = dict(zip(months, values, strict=True))
    cumulative = rules.cumulative_from_monthly(monthly)
    assert rules.monthly_from_cumulative(cumulative) == monthly
    assert cumulative[months[-1]] == sum(values)


@given(st.lists(amounts, min_size=2, max_size=11), st.booleans())
def test_fill_year_derives_values_from_cumulatives_and_marks_them(values, combined):
    months = _months(combined)[: len(values)]
    running, points = Decimal(0), []
    for month, value in zip(months, values, strict=False):
        running += value
        points.append(Point(2023, month, cumulative=running))
    rules.fill_year(points, flow=True)
    assert [p.value for p in points] == values
    assert all(p.value_derived and not p.cumulative_derived for p in points)
    # Recomputing gives the same result (derived figures are cleared and derived again).
    rules.fill_year(points, flow=True)
    assert [p.value for p in points] == values


def test_a_gap_stops_derivation_and_entered_values_are_never_overwritten():
    points = [Point(2023, 2, cumulative=Decimal(10)), Point(2023, 4, cumulative=Decimal(30)),
              Point(2023, 5, value=Decimal(7), cumulative=Decimal(40))]
    rules.fill_year(points, flow=True)
    assert points[0].value == 10 and points[1].value is None
    assert points[2].value == 7 and not points[2].value_derived


def test_combined_jan_feb_is_one_release_and_no_january_is_invented():
    points = [Point(2023, 2, cumulative=Decimal(20)), Point(2023, 3, cumulative=Decimal(32))]
    rules.fill_year(points, flow=True)
    assert [(p.month, p.value) for p in points] == [(2, Decimal(20)), (3, Decimal(12))]


@given(amounts.filter(lambda v: v > 0), amounts)
def test_growth_recovers_the_current_value(base, current):
    g = rules.growth(current, base)
    assert abs(base * (1 + g / 100) - current) <= base * Decimal("0.0001") + Decimal("0.01")


def test_yoy_compares_cumulatives_and_real_growth_is_never_computed():
    points = [Point(2022, 6, cumulative=Decimal(100)), Point(2023, 6, cumulative=Decimal("122.3"),
                                                            yoy_reported=Decimal("22.0"))]
    rules.compute_yoy(points, flow=True, real_growth=False)
    assert points[1].yoy_computed == Decimal("22.30")
    assert points[1].yoy == Decimal("22.0")  # the reported figure wins
    rules.compute_yoy(points, flow=True, real_growth=True)
    assert points[1].yoy_computed is None


def test_rank_shares_ties_and_leaves_missing_unranked():
    ranks = rules.rank({"a": Decimal(5), "b": Decimal(9), "c": Decimal(5), "d": None})
    assert ranks == {"b": 1, "a": 2, "c": 2}
    assert rules.rank({"a": Decimal(1), "b": Decimal(2)}, higher_is_better=False) == {"a": 1, "b": 2}


def test_streak_is_derived_from_ranks():
    assert rules.streak([5, 2, 1, 2, 2]).phrase() == "连续4个月全省前2位"
    assert rules.streak([3, 1, 1, 1]).phrase() == "连续3个月全省第1位"
    assert rules.streak([1, 7, 9]) is None


def test_time_half_gone_task_half_done():
    behind = rules.target_progress(month=6, cumulative=Decimal(45), yoy=Decimal(10),
                                   target_value=Decimal(100), target_growth=Decimal(8))
    assert behind.completion == Decimal("0.45") and behind.on_track is False
    assert behind.gap_points == Decimal("-5.0") and behind.growth_met is True
    ahead = rules.target_progress(month=6, cumulative=Decimal(52), yoy=None,
                                  target_value=Decimal(100), target_growth=None)
    assert ahead.on_track is True and ahead.growth_met is None


def _rules_found(points, **settings):
    return {(f.key, f.rule) for f in rules.check_series(points, CheckSettings(**settings))}


def test_checks_find_a_falling_cumulative_and_sums_that_do_not_add_up():
    points = [Point(2023, 2, value=Decimal(10), cumulative=Decimal(10), key=2),
              Point(2023, 3, value=Decimal(5), cumulative=Decimal(15), key=3),
              Point(2023, 4, value=Decimal(5), cumulative=Decimal(14), key=4)]
    found = _rules_found(points)
    assert (4, "cumulative_falls") in found and (4, "sum_mismatch") in found
    assert not {k for k, _ in found} & {2, 3}


def test_checks_find_a_reported_yoy_far_from_the_computed_one():
    ok = Point(2023, 6, yoy_reported=Decimal("22.3"), yoy_computed=Decimal("21.5"), key="ok")
    far = Point(2023, 7, yoy_reported=Decimal("22.3"), yoy_computed=Decimal("12.0"), key="far")
    comparable = Point(2023, 8, yoy_reported=Decimal("15"), yoy_computed=Decimal("12"),
                       yoy_comparable=True, key="cmp")
    found = _rules_found([ok, far, comparable], flow=False)
    assert found == {("far", "yoy_mismatch")}


def test_checks_find_a_jump_beyond_the_usual_change():
    values = [100, 102, 99, 101, 103, 100, 160]
    points = [Point(2023, m, value=Decimal(v), key=m) for m, v in zip(range(3, 10), values,
                                                                         strict=True)]
    assert _rules_found(points, flow=False) == {(9, "jump")}
    assert _rules_found(points[:-1], flow=False) == set()
