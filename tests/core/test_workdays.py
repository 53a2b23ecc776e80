"""Working days in mainland China (luoshi.core.workdays)."""

from datetime import date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from luoshi.core.workdays import (
    KNOWN_YEARS,
    add_workdays,
    calendar_is_official,
    count_workdays,
    is_workday,
    move_to_workday,
    next_workday,
)


def test_national_day_deadline_moves_to_the_make_up_saturday():
    # Given a deadline on National Day 2023 (holiday 9-29 to 10-6)
    deadline = date(2023, 10, 1)
    # When it is moved to a working day
    moved = move_to_workday(deadline)
    # Then it lands on Saturday 7 October, an official make-up working day
    assert moved == date(2023, 10, 7)
    assert moved.weekday() == 5


def test_official_holidays_and_make_up_days():
    assert not is_workday(date(2023, 10, 2))  # Monday, National Day
    assert is_workday(date(2023, 10, 7))  # Saturday, make-up working day
    assert is_workday(date(2024, 2, 4))  # Sunday, make-up for Spring Festival
    assert not is_workday(date(2024, 2, 12))  # Monday, Spring Festival
    assert not is_workday(date(2023, 6, 4))  # an ordinary Sunday
    assert is_workday(date(2023, 6, 5))  # an ordinary Monday


def test_next_workday_keeps_a_workday():
    assert next_workday(date(2023, 6, 5)) == date(2023, 6, 5)
    assert next_workday(date(2023, 6, 3)) == date(2023, 6, 5)


def test_datetimes_are_taken_as_their_date():
    assert next_workday(datetime(2023, 10, 1, 9, 30)) == date(2023, 10, 7)


def test_adding_workdays_skips_weekends_and_holidays():
    assert add_workdays(date(2023, 6, 2), 1) == date(2023, 6, 5)  # Friday + 1
    assert add_workdays(date(2023, 9, 28), 1) == date(2023, 10, 7)  # over National Day
    assert add_workdays(date(2023, 10, 7), -1) == date(2023, 9, 28)
    assert add_workdays(date(2023, 10, 1), 0) == date(2023, 10, 7)


def test_count_workdays_for_overdue_items():
    # Given a deadline of 28 September 2023, checked on 9 October
    # Then three working days have passed: 7, 8 (make-up weekend) and 9 October
    assert count_workdays(date(2023, 9, 28), date(2023, 10, 9)) == 3
    assert count_workdays(date(2023, 10, 9), date(2023, 9, 28)) == 0


def test_years_outside_the_official_calendar_fall_back_to_monday_to_friday():
    # Given a year the package has no data for
    saturday = date(2035, 1, 6)
    assert max(KNOWN_YEARS) < 2035
    # Then nothing escapes and weekends are rest days
    assert not calendar_is_official(saturday)
    assert not is_workday(saturday)
    assert next_workday(saturday) == date(2035, 1, 8)
    assert add_workdays(date(2035, 1, 5), 1) == date(2035, 1, 8)
    assert is_workday(date(2035, 1, 1))  # no holidays are invented either
    assert not calendar_is_official(date(1999, 10, 1))
    assert is_workday(date(1999, 10, 1))  # a Friday


def test_known_years_are_official():
    assert calendar_is_official(date(2023, 10, 1))
    assert 2023 in KNOWN_YEARS


# -- properties ----------------------------------------------------------------------------

dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31))


@given(dates)
def test_next_workday_is_the_first_workday_on_or_after(d):
    result = next_workday(d)
    assert is_workday(result)
    assert all(not is_workday(d + timedelta(days=i)) for i in range((result - d).days))


@given(dates, st.integers(min_value=1, max_value=40))
def test_adding_n_workdays_passes_exactly_n_workdays(d, n):
    result = add_workdays(d, n)
    assert is_workday(result)
    assert count_workdays(d, result) == n


@given(dates, st.integers(min_value=-40, max_value=40))
def test_adding_and_subtracting_returns_to_the_workday(d, n):
    start = next_workday(d)
    assert add_workdays(add_workdays(start, n), -n) == start
