"""Reporting periods (luoshi.core.periods)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from luoshi.core.errors import InvalidInput, ParseError
from luoshi.core.periods import Period, PeriodKind, is_release_month, release_period


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # canonical codes
        ("2023-06", "2023-06"),
        ("2023-01~02", "2023-01~02"),
        ("2023-01~06", "2023-01~06"),
        ("2023-Q2", "2023-Q2"),
        ("2023-H1", "2023-H1"),
        ("2023", "2023"),
        # loose codes
        ("202306", "2023-06"),
        ("2023-6", "2023-06"),
        ("2023/06", "2023-06"),
        ("2023q2", "2023-Q2"),
        ("2023h2", "2023-H2"),
        # Chinese forms with a year
        ("2023年6月", "2023-06"),
        ("2023年06月份", "2023-06"),
        ("2023年1-6月", "2023-01~06"),
        ("2023年1-2月", "2023-01~02"),
        ("2023年上半年", "2023-H1"),
        ("2023年一季度", "2023-Q1"),
        ("2023年", "2023"),
        ("2023年度", "2023"),
        ("二〇二三年上半年", "2023-H1"),
        ("２０２３年１－６月", "2023-01~06"),
    ],
)
def test_periods_with_a_year_are_read(text, expected):
    assert str(Period.parse(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6月", "2023-06"),
        ("六月份", "2023-06"),
        ("十二月", "2023-12"),
        ("1-6月", "2023-01~06"),
        ("1—6月", "2023-01~06"),
        ("1至6月", "2023-01~06"),
        ("1月-6月", "2023-01~06"),
        ("1～6月份", "2023-01~06"),
        ("1-2月", "2023-01~02"),
        ("上半年", "2023-H1"),
        ("下半年", "2023-H2"),
        ("一季度", "2023-Q1"),
        ("第一季度", "2023-Q1"),
        ("1季度", "2023-Q1"),
        ("四季度", "2023-Q4"),
        ("前三季度", "2023-01~09"),
        ("全年", "2023"),
        ("今年上半年", "2023-H1"),
        ("去年", "2022"),
        ("上年度", "2022"),
    ],
)
def test_periods_without_a_year_take_the_default_year(text, expected):
    assert str(Period.parse(text, default_year=2023)) == expected


def test_jan_feb_combined_is_its_own_kind():
    period = Period.parse("2023年1-2月")
    assert period.kind is PeriodKind.JAN_FEB
    assert period == Period.of_jan_feb(2023) == Period.of_ytd(2023, 2)


def test_year_to_date_is_the_cumulative_kind():
    period = Period.parse("2023年1-6月")
    assert period == Period(PeriodKind.YTD, 2023, 6)
    assert period.months() == (1, 2, 3, 4, 5, 6)


@pytest.mark.parametrize(
    ("period", "label"),
    [
        (Period.of_month(2023, 6), "2023年6月"),
        (Period.of_jan_feb(2023), "2023年1-2月"),
        (Period.of_ytd(2023, 6), "2023年1-6月"),
        (Period.of_quarter(2023, 1), "2023年一季度"),
        (Period.of_half(2023, 1), "2023年上半年"),
        (Period.of_half(2023, 2), "2023年下半年"),
        (Period.of_year(2023), "2023年"),
    ],
)
def test_labels_follow_official_wording(period, label):
    assert period.label_zh() == label


def test_labels_without_year():
    assert Period.of_half(2023, 1).label_zh(with_year=False) == "上半年"
    assert Period.of_year(2023).label_zh(with_year=False) == "全年"


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2023-06", date(2023, 6, 1), date(2023, 6, 30)),
        ("2024-01~02", date(2024, 1, 1), date(2024, 2, 29)),
        ("2023-01~02", date(2023, 1, 1), date(2023, 2, 28)),
        ("2023-Q4", date(2023, 10, 1), date(2023, 12, 31)),
        ("2023-H2", date(2023, 7, 1), date(2023, 12, 31)),
        ("2023", date(2023, 1, 1), date(2023, 12, 31)),
    ],
)
def test_start_and_end_dates(text, start, end):
    period = Period.parse(text)
    assert (period.start_date(), period.end_date()) == (start, end)


def test_half_the_time_is_gone_at_the_end_of_june():
    # Given the June report
    # Then half of the year has elapsed (时间过半)
    assert Period.of_month(2023, 6).share_of_year_elapsed() == Decimal("0.5")
    assert Period.of_half(2023, 1).share_of_year_elapsed() == Decimal("0.5")
    assert Period.of_quarter(2023, 1).share_of_year_elapsed() == Decimal("0.25")
    assert Period.of_year(2023).share_of_year_elapsed() == Decimal(1)


def test_next_and_previous_month_cross_the_year():
    assert Period.of_month(2023, 12).next_month() == Period.of_month(2024, 1)
    assert Period.of_month(2023, 1).previous_month() == Period.of_month(2022, 12)
    assert Period.of_quarter(2023, 2).next_month() == Period.of_month(2023, 7)
    assert Period.of_jan_feb(2023).next_month() == Period.of_month(2023, 3)


def test_january_alone_is_not_a_release_month_when_jan_feb_are_combined():
    # Given a series released Jan–Feb combined (the default)
    # Then neither January nor February alone is a release period, 1-2月 is
    assert not is_release_month(Period.of_month(2023, 1))
    assert not is_release_month(Period.of_month(2023, 2))
    assert is_release_month(Period.of_jan_feb(2023))
    assert is_release_month(Period.of_month(2023, 3))
    assert is_release_month(Period.of_ytd(2023, 6))
    # And quarters are not monthly releases
    assert not is_release_month(Period.of_quarter(2023, 1))


def test_january_is_a_release_month_for_series_released_monthly():
    assert is_release_month(Period.of_month(2023, 1), combined_jan_feb=False)


def test_release_period_puts_january_into_jan_feb():
    assert release_period(2023, 1) == Period.of_jan_feb(2023)
    assert release_period(2023, 2) == Period.of_jan_feb(2023)
    assert release_period(2023, 1, combined_jan_feb=False) == Period.of_month(2023, 1)
    assert release_period(2023, 3) == Period.of_month(2023, 3)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("2023-13", "period_invalid"),
        ("2023-Q5", "period_invalid"),
        ("2023-01~01", "period_invalid"),
        ("13月", "period_invalid"),
        ("4-6月", "period_invalid"),
        ("第五季度", "period_invalid"),
        ("下周", "period_invalid"),
        ("", "period_invalid"),
    ],
)
def test_bad_periods_raise_parse_error_quoting_the_input(text, code):
    with pytest.raises(ParseError) as caught:
        Period.parse(text, default_year=2023)
    assert caught.value.code == code
    assert f"「{text}」" in caught.value.message


@pytest.mark.parametrize("text", ["6月", "上半年", "全年", "今年"])
def test_a_period_without_year_and_no_default_is_refused(text):
    with pytest.raises(ParseError) as caught:
        Period.parse(text)
    assert caught.value.code == "period_no_year"
    assert "缺少年份" in caught.value.message


def test_a_date_is_not_taken_for_jan_feb():
    with pytest.raises(ParseError) as caught:
        Period.parse("2023-01-02")
    assert "2023-01~02" in caught.value.message


def test_invalid_construction_is_refused():
    with pytest.raises(InvalidInput):
        Period.of_month(2023, 13)
    with pytest.raises(InvalidInput):
        Period(PeriodKind.YTD, 2023, 1)
    with pytest.raises(InvalidInput):
        Period("week", 2023, 1)  # type: ignore[arg-type]


# -- properties ----------------------------------------------------------------------------


@st.composite
def periods(draw):
    kind = draw(st.sampled_from(list(PeriodKind)))
    year = draw(st.integers(min_value=1001, max_value=9998))
    number = {
        PeriodKind.MONTH: st.integers(1, 12),
        PeriodKind.YTD: st.integers(3, 12),
        PeriodKind.QUARTER: st.integers(1, 4),
        PeriodKind.HALF: st.integers(1, 2),
    }.get(kind, st.just(1))
    return Period(kind, year, draw(number))


@given(periods())
def test_code_parses_back_to_the_period(period):
    assert Period.parse(str(period)) == period


@given(periods())
def test_chinese_label_parses_back_to_the_period(period):
    assert Period.parse(period.label_zh()) == period


@given(periods())
def test_label_without_year_parses_back_with_default_year(period):
    assert Period.parse(period.label_zh(with_year=False), default_year=period.year) == period


@given(periods())
def test_span_is_consistent(period):
    months = period.months()
    assert months == tuple(range(months[0], months[-1] + 1))
    assert period.start_date() <= period.end_date()
    assert period.end_date() + timedelta(days=1) == period.next_month().start_date()
    assert period.start_date() - timedelta(days=1) == period.previous_month().end_date()
    assert period.share_of_year_elapsed() * 12 == pytest.approx(months[-1])
