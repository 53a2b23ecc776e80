"""Property tests: monthly amounts and year-to-date cumulatives derive each other exactly."""

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luoshi.projects import derivation

# 万元 with 4 decimals, built from integers: cheap to draw, exact as Decimal.
amounts = st.integers(min_value=-10**9, max_value=10**11).map(lambda n: Decimal(n).scaleb(-4))
months = st.dictionaries(st.integers(min_value=1, max_value=12), amounts, max_size=12)
positive = st.dictionaries(st.integers(min_value=1, max_value=12),
                           st.integers(min_value=0, max_value=10**11).map(lambda n: Decimal(n).scaleb(-4)),
                           max_size=12)
# The suite shares busy machines: slow drawing there is the machine, not the strategy.
relaxed = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)


@relaxed
@given(months)
def test_differences_undo_cumulate(monthly):
    assert derivation.differences(derivation.cumulate(monthly)) == monthly


@relaxed
@given(months)
def test_cumulate_undoes_differences(cumulative):
    assert derivation.cumulate(derivation.differences(cumulative)) == cumulative


@relaxed
@given(months)
def test_the_last_cumulative_is_the_sum_of_the_months(monthly):
    cumulative = derivation.cumulate(monthly)
    if monthly:
        assert cumulative[max(monthly)] == sum(monthly.values())


@relaxed
@given(months)
def test_a_cumulative_falls_exactly_where_a_month_is_negative(monthly):
    assert derivation.falls(derivation.cumulate(monthly)) == sorted(m for m, v in monthly.items() if v < 0)


@relaxed
@given(positive)
def test_non_negative_months_never_make_the_cumulative_fall(monthly):
    cumulative = derivation.cumulate(monthly)
    assert derivation.falls(cumulative) == []
    values = [cumulative[m] for m in sorted(cumulative)]
    assert values == sorted(values)


@relaxed
@given(months, st.integers(min_value=1, max_value=12))
def test_previous_cumulative_is_the_latest_earlier_month(monthly, month):
    cumulative = derivation.cumulate(monthly)
    earlier = [m for m in monthly if m < month]
    expected = cumulative[max(earlier)] if earlier else Decimal(0)
    assert derivation.previous_cumulative(cumulative, month) == expected


def test_growth_and_share_to_one_decimal():
    assert derivation.growth_percent(Decimal("611.5"), Decimal("500")) == Decimal("22.3")
    assert derivation.growth_percent(Decimal("5"), Decimal("0")) is None
    assert derivation.share_percent(Decimal("41"), Decimal("100")) == Decimal("41.0")
