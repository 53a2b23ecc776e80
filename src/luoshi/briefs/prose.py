"""How officials write figures: 81.8亿元, 增长22.3%, 下降3.1%, 全省第三位, 20个, 1-6月/上半年.

This module is the one place where a figure becomes text, and so the one place where it may be
rounded: money in 亿元 and percentages keep one decimal, 万元 and counts none (ROUND_HALF_UP).
A rounded figure says so (:attr:`Written.exact`), and the brief keeps the exact value beside
the text, so a reader of the preview or the provenance sees what was rounded and from what.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from luoshi.core.periods import Period, PeriodKind
from luoshi.core.textnorm import number_to_cn

YI = Decimal(10000)  # 万元 in one 亿元
PLACES = {"亿元": 1, "万元": 0, "%": 1, "个百分点": 1, "分": 2}


@dataclass(frozen=True)
class Written:
    """A figure as written, and its exact value when writing it rounded."""

    text: str
    exact: Decimal | None = None  # set only when the text shows a rounded value

    def __str__(self) -> str:
        return self.text

    @property
    def rounded(self) -> bool:
        return self.exact is not None


def _decimal(value) -> Decimal:
    if isinstance(value, float):
        raise TypeError("figures are Decimal, never float")
    return value if isinstance(value, Decimal) else Decimal(value)


def number(value, places: int) -> Written:
    """``value`` to ``places`` decimals, trailing zeros dropped: 81.80 → 81.8, 100.0 → 100."""
    exact = _decimal(value)
    shown = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = format(shown.normalize() if shown == shown.to_integral() else shown, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    return Written(text, None if shown == exact else exact)


def _with_unit(value, unit: str) -> Written:
    written = number(value, PLACES.get(unit, 0))
    return Written(f"{written.text}{unit}", written.exact)


def money(wan_yuan) -> Written:
    """An amount held in 万元: 亿元 from 1亿 up (868000 → 86.8亿元), else 万元 (3560万元)."""
    amount = _decimal(wan_yuan)
    if abs(amount) >= YI:
        written = number(amount / YI, PLACES["亿元"])
        return Written(f"{written.text}亿元", written.exact and amount / YI)
    return _with_unit(amount, "万元")


def percent(value) -> Written:
    return _with_unit(value, "%")


def growth(value, *, flat: str = "持平") -> Written:
    """A change in percent as officials write it: 增长22.3%, 下降3.1%, 持平."""
    change = _decimal(value)
    written = percent(abs(change))
    if written.text == "0%":
        return Written(flat, written.exact and change)
    word = "增长" if change > 0 else "下降"
    return Written(f"{word}{written.text}", written.exact and change)


def points(value) -> Written:
    """A difference of two rates: 提高1.2个百分点, 回落0.5个百分点."""
    change = _decimal(value)
    written = number(abs(change), PLACES["个百分点"])
    if written.text == "0":
        return Written("持平", written.exact and change)
    word = "提高" if change > 0 else "回落"
    return Written(f"{word}{written.text}个百分点", written.exact and change)


def ordinal(n: int) -> str:
    """第三, 第十, 第12: Chinese numerals up to ten, as the press writes ranks."""
    return f"第{number_to_cn(n)}" if 0 < n <= 10 else f"第{n}"


def rank(n: int, scope: str = "全省") -> Written:
    """全省第三位."""
    return Written(f"{scope}{ordinal(int(n))}位")


def count(n, measure: str = "个") -> Written:
    """20个, 5项; a count that is not whole is rounded like any figure and keeps its value."""
    return _with_unit(n, measure)


def score(value) -> Written:
    """An assessment score to two decimals: 93.5分."""
    return _with_unit(value, "分")


def period_phrase(period: Period) -> str:
    """The span a year-to-date figure covers, as a brief names it: 1-2月, 一季度, 上半年,
    前三季度, 全年, else 1-5月. A single month stays 6月."""
    if period.kind is PeriodKind.MONTH and period.number != 1:
        return f"{period.number}月"
    last = period.last_month
    return {1: "1月", 2: "1-2月", 3: "一季度", 6: "上半年", 9: "前三季度", 12: "全年"}.get(
        last, f"1-{last}月")


def year_to_date(month_code: str) -> Period:
    """The year-to-date period ending with the month ``2023-06`` (January–February combined)."""
    month = Period.parse(month_code)
    if month.number <= 2:
        return Period.of_jan_feb(month.year) if month.number == 2 else month
    return Period.of_ytd(month.year, month.number)
