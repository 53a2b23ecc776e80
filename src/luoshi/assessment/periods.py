"""Assessment periods: a quarter (2023Q2, 2023年二季度) or the whole year of the scheme."""

from __future__ import annotations

from luoshi.core.errors import InvalidInput, ParseError
from luoshi.core.periods import Period, PeriodKind

HINT = "考核期应为季度或全年，如 2023Q2、2023年二季度、2023"


def parse_assessment_period(text: str, year: int | None = None) -> Period:
    """A quarter or a year; with ``year``, it must lie in that year (the scheme's)."""
    try:
        period = Period.parse(str(text).strip(), default_year=year)
    except ParseError as exc:
        raise InvalidInput(f"{exc.message}；{HINT}", field="period") from exc
    if period.kind not in (PeriodKind.QUARTER, PeriodKind.YEAR):
        raise InvalidInput(f"“{text}”不是季度或全年；{HINT}", field="period")
    if year is not None and period.year != year:
        raise InvalidInput(f"考核期“{text}”不在方案的考核年度{year}年内", field="period")
    return period


def previous_period(period: Period) -> Period | None:
    """The period the ranking moves from: the quarter before, within the same year."""
    if period.kind is PeriodKind.QUARTER and period.number > 1:
        return Period.of_quarter(period.year, period.number - 1)
    return None


def periods_of_year(year: int) -> list[Period]:
    return [*(Period.of_quarter(year, q) for q in range(1, 5)), Period.of_year(year)]
