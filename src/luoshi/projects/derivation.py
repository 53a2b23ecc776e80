"""Monthly and year-to-date investment derived from each other (pure functions).

Within a year, the cumulative of a month is the sum of the months up to it; a month's
amount is its cumulative less the cumulative of the latest earlier month recorded (a gap —
January released with February — simply counts in the later month). A cumulative lower
than the one before gives a negative month: ``falls`` names those months so they are shown
and explained, never absorbed silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

ZERO = Decimal(0)


def cumulate(monthly: Mapping[int, Decimal]) -> dict[int, Decimal]:
    """{month: amount} → {month: cumulative for the year up to and including it}."""
    total, result = ZERO, {}
    for month in sorted(monthly):
        total += monthly[month]
        result[month] = total
    return result


def differences(cumulative: Mapping[int, Decimal]) -> dict[int, Decimal]:
    """{month: cumulative} → {month: amount of the month} (the inverse of ``cumulate``)."""
    previous, result = ZERO, {}
    for month in sorted(cumulative):
        result[month] = cumulative[month] - previous
        previous = cumulative[month]
    return result


def falls(cumulative: Mapping[int, Decimal]) -> list[int]:
    """The months whose cumulative is lower than the latest earlier month's."""
    return [month for month, amount in differences(cumulative).items() if amount < 0]


def previous_cumulative(cumulative: Mapping[int, Decimal], month: int) -> Decimal:
    """The cumulative of the latest month before ``month``, or 0 early in the year."""
    earlier = [m for m in cumulative if m < month]
    return cumulative[max(earlier)] if earlier else ZERO


def growth_percent(current: Decimal, previous: Decimal) -> Decimal | None:
    """Year-on-year growth in percent, to one decimal (22.3); None without a base."""
    if not previous:
        return None
    return ((current - previous) * 100 / previous).quantize(Decimal("0.1"))


def share_percent(part: Decimal, whole: Decimal) -> Decimal | None:
    if not whole:
        return None
    return (part * 100 / whole).quantize(Decimal("0.1"))
