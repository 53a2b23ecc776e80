"""Working days in mainland China, for deadlines of reports, orders and appeals.

Official holidays and make-up working days (调休, e.g. Saturday 2023-10-07) come from the
``chinesecalendar`` package, which knows the years the State Council has announced
(``KNOWN_YEARS``; 2004–2026 in version 1.11). For any other year the package raises
``NotImplementedError``; luoshi then falls back to Monday–Friday as working days and
Saturday–Sunday as rest days, with no holidays. ``calendar_is_official(d)`` tells a caller
whether a date was judged from the official calendar, so a page can say so when a deadline
falls in a year whose holidays are not yet published. Upgrade the package each December.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import chinese_calendar
from chinese_calendar.constants import holidays, workdays

__all__ = [
    "KNOWN_YEARS",
    "add_workdays",
    "calendar_is_official",
    "count_workdays",
    "is_workday",
    "move_to_workday",
    "next_workday",
]

KNOWN_YEARS = range(
    min(d.year for d in (*holidays, *workdays)), max(d.year for d in (*holidays, *workdays)) + 1
)
_DAY = timedelta(days=1)


def _as_date(d: date) -> date:
    return d.date() if isinstance(d, datetime) else d


def calendar_is_official(d: date) -> bool:
    """True when ``d`` lies in a year whose official holiday arrangement is known."""
    try:
        chinese_calendar.is_workday(_as_date(d))
    except NotImplementedError:
        return False
    return True


def is_workday(d: date) -> bool:
    """Whether people work on ``d`` (make-up Saturdays count, public holidays do not).

    Outside the official calendar's years: Monday to Friday.
    """
    d = _as_date(d)
    try:
        return chinese_calendar.is_workday(d)
    except NotImplementedError:
        return d.weekday() < 5


def next_workday(d: date) -> date:
    """``d`` itself when it is a working day, otherwise the first working day after it."""
    d = _as_date(d)
    while not is_workday(d):
        d += _DAY
    return d


def move_to_workday(deadline: date) -> date:
    """A deadline that falls on a rest day moves to the next working day (2023-10-01 → 10-07)."""
    return next_workday(deadline)


def add_workdays(d: date, n: int) -> date:
    """The ``n``-th working day after ``d`` (before it when ``n`` is negative).

    ``d`` itself is not counted: Friday + 1 is the next Monday in an ordinary week. With
    ``n == 0`` the result is ``next_workday(d)``, so the answer is always a working day.
    """
    d = _as_date(d)
    if n == 0:
        return next_workday(d)
    step = _DAY if n > 0 else -_DAY
    remaining = abs(n)
    while remaining:
        d += step
        if is_workday(d):
            remaining -= 1
    return d


def count_workdays(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end <= start``).

    ``count_workdays(deadline, today)`` is how many working days an item is overdue.
    """
    start, end = _as_date(start), _as_date(end)
    count = 0
    while start < end:
        start += _DAY
        count += is_workday(start)
    return count
