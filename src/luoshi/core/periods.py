"""Reporting periods (期) as the statistics bureau and briefings speak of them.

A ``Period`` is a kind, a year and a number. Kinds and canonical codes (``str(period)``):

- month    ``2023-06``     one calendar month (当月)
- jan_feb  ``2023-01~02``  January and February released together as one period (1-2月)
- ytd      ``2023-01~06``  year to date, January through month ``number`` (3..12): 1-6月
- quarter  ``2023-Q2``     a calendar quarter (二季度)
- half     ``2023-H1``     上半年 (1) or 下半年 (2)
- year     ``2023``        the whole year (全年)

``2023-01-02`` is deliberately not the code of Jan–Feb: it reads as the date 2 January.
The ``~`` codes read "from January to": ``2023-01~02`` is both the combined Jan–Feb release
and the cumulative figure through February, which the bureau publishes as one number, so
``ytd`` starts at 3 and "1-2月" always means ``jan_feb``. 前三季度 is ``ytd`` 9 (1-9月).
Periods of different kinds may cover the same months (``2023-Q1`` and ``2023-01~03``);
they stay distinct values because the official wording differs. Compare ``months()`` or
``start_date()``/``end_date()`` when only the span matters.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from luoshi.core.errors import InvalidInput, ParseError
from luoshi.core.textnorm import cn_to_number, normalize

__all__ = ["Period", "PeriodKind", "is_release_month", "release_period"]


class PeriodKind(StrEnum):
    MONTH = "month"
    JAN_FEB = "jan_feb"
    YTD = "ytd"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"


# Valid numbers of each kind, and the kind's name in messages.
_NUMBERS = {
    PeriodKind.MONTH: (range(1, 13), "月度"),
    PeriodKind.JAN_FEB: (range(1, 2), "1-2月合并"),
    PeriodKind.YTD: (range(3, 13), "累计"),
    PeriodKind.QUARTER: (range(1, 5), "季度"),
    PeriodKind.HALF: (range(1, 3), "半年"),
    PeriodKind.YEAR: (range(1, 2), "年度"),
}
_QUARTER_ZH = "一二三四"
_YEAR_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_HINT = "可写作 2023-06、2023年6月、1-6月、一季度、上半年、前三季度、全年"

_CODE_MONTH = re.compile(r"(\d{4})(?:[-/.]?(\d{2})|[-/.](\d))")
_DATE = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}")
_CODE_SPAN = re.compile(r"(\d{4})-01~(\d{2})")
_CODE_QUARTER = re.compile(r"(\d{4})-?Q(\d)", re.IGNORECASE)
_CODE_HALF = re.compile(r"(\d{4})-?H(\d)", re.IGNORECASE)
_CODE_YEAR = re.compile(r"\d{4}")

_YEAR_PREFIX = re.compile(r"(?:(\d{4}|[〇零一二三四五六七八九]{4})年|(今年|本年)|(去年|上年))?")
_NUM = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"
_ZH_MONTH = re.compile(_NUM + r"月份?")
_ZH_SPAN = re.compile(_NUM + r"月?[-—–―‐−~〜至到]+" + _NUM + r"月份?")
_ZH_QUARTER = re.compile(r"第?([一二三四1-4])季度?")
_ZH_HALF = {"上半年": 1, "下半年": 2}


@dataclass(frozen=True)
class Period:
    """A reporting period; see the module docstring for kinds, numbers and codes.

    ``number`` is the month (month), the last month (ytd), the quarter or the half; it is 1
    for jan_feb and year. Invalid combinations raise ``InvalidInput``.
    """

    kind: PeriodKind
    year: int
    number: int = 1

    def __post_init__(self) -> None:
        try:
            kind = PeriodKind(self.kind)
        except ValueError:
            raise InvalidInput(f"未知的期间类型「{self.kind}」", code="period_invalid") from None
        object.__setattr__(self, "kind", kind)
        if type(self.year) is not int or not 1000 <= self.year <= 9999:
            raise InvalidInput(f"年份「{self.year}」应为四位数", code="period_invalid")
        numbers, name = _NUMBERS[kind]
        if type(self.number) is not int or self.number not in numbers:
            message = f"序号「{self.number}」不是有效的{name}期间"
            raise InvalidInput(message, code="period_invalid")

    # -- constructors -------------------------------------------------------------------
    @classmethod
    def of_month(cls, year: int, month: int) -> Period:
        return cls(PeriodKind.MONTH, year, month)

    @classmethod
    def of_jan_feb(cls, year: int) -> Period:
        return cls(PeriodKind.JAN_FEB, year)

    @classmethod
    def of_ytd(cls, year: int, through_month: int) -> Period:
        """January to ``through_month``; through February gives the ``jan_feb`` period."""
        if through_month == 2:
            return cls.of_jan_feb(year)
        return cls(PeriodKind.YTD, year, through_month)

    @classmethod
    def of_quarter(cls, year: int, quarter: int) -> Period:
        return cls(PeriodKind.QUARTER, year, quarter)

    @classmethod
    def of_half(cls, year: int, half: int) -> Period:
        return cls(PeriodKind.HALF, year, half)

    @classmethod
    def of_year(cls, year: int) -> Period:
        return cls(PeriodKind.YEAR, year)

    # -- text -----------------------------------------------------------------------------
    @property
    def code(self) -> str:
        """The canonical code, e.g. ``2023-06``, ``2023-01~02``, ``2023-Q2``."""
        y, n = self.year, self.number
        return {
            PeriodKind.MONTH: f"{y}-{n:02d}",
            PeriodKind.JAN_FEB: f"{y}-01~02",
            PeriodKind.YTD: f"{y}-01~{n:02d}",
            PeriodKind.QUARTER: f"{y}-Q{n}",
            PeriodKind.HALF: f"{y}-H{n}",
            PeriodKind.YEAR: f"{y}",
        }[self.kind]

    def __str__(self) -> str:
        return self.code

    def label_zh(self, *, with_year: bool = True) -> str:
        """The wording of official texts: 2023年6月, 2023年1-6月, 2023年一季度, 2023年上半年."""
        n = self.number
        match self.kind:
            case PeriodKind.MONTH:
                text = f"{n}月"
            case PeriodKind.JAN_FEB | PeriodKind.YTD:
                text = f"1-{self.last_month}月"
            case PeriodKind.QUARTER:
                text = f"{_QUARTER_ZH[n - 1]}季度"
            case PeriodKind.HALF:
                text = "上半年" if n == 1 else "下半年"
            case _:
                text = "全年"
        if not with_year:
            return text
        return f"{self.year}年" if self.kind is PeriodKind.YEAR else f"{self.year}年{text}"

    @classmethod
    def parse(cls, text: str, default_year: int | None = None) -> Period:
        """Read a canonical code or a Chinese form; ``default_year`` fills a missing year.

        Accepted: the codes above (also ``202306``, ``2023Q2``, lower-case q/h), and
        ``2023年6月``, ``6月``, ``六月份``, ``1-6月``/``1—6月``/``1至6月``/``1月-6月``,
        ``1-2月``, ``一季度``/``第一季度``/``1季度``, ``前三季度``, ``上半年``, ``下半年``,
        ``全年``, ``2023年``, ``2023年度``, ``二〇二三年``, full-width digits, and the prefixes
        今年/本年 (= ``default_year``) and 去年/上年 (the year before it). Raises
        ``ParseError`` quoting ``text`` when it is none of these or no year is known.
        """
        s = re.sub(r"\s+", "", normalize(text))
        kind, year, number = _parse_code(s, text) or _parse_zh(s, text, default_year)
        if kind is PeriodKind.YTD and number == 2:
            kind, number = PeriodKind.JAN_FEB, 1
        try:
            return cls(kind, year, number)
        except InvalidInput as exc:
            raise ParseError(f"期间「{text}」无效：{exc.message}", code=exc.code) from exc

    # -- calendar -------------------------------------------------------------------------
    @property
    def first_month(self) -> int:
        return self._span()[0]

    @property
    def last_month(self) -> int:
        return self._span()[1]

    def _span(self) -> tuple[int, int]:
        n = self.number
        return {
            PeriodKind.MONTH: (n, n),
            PeriodKind.JAN_FEB: (1, 2),
            PeriodKind.YTD: (1, n),
            PeriodKind.QUARTER: (3 * n - 2, 3 * n),
            PeriodKind.HALF: (6 * n - 5, 6 * n),
            PeriodKind.YEAR: (1, 12),
        }[self.kind]

    def months(self) -> tuple[int, ...]:
        """The calendar months (1..12) of ``year`` that the period covers."""
        return tuple(range(self.first_month, self.last_month + 1))

    def start_date(self) -> date:
        return date(self.year, self.first_month, 1)

    def end_date(self) -> date:
        """The last day of the period."""
        last = self.last_month
        return date(self.year, last, calendar.monthrange(self.year, last)[1])

    def next_month(self) -> Period:
        """The calendar month after the period's last month (2023-12 → 2024-01)."""
        if self.last_month == 12:
            return Period.of_month(self.year + 1, 1)
        return Period.of_month(self.year, self.last_month + 1)

    def previous_month(self) -> Period:
        """The calendar month before the period's first month (2023-01 → 2022-12)."""
        if self.first_month == 1:
            return Period.of_month(self.year - 1, 12)
        return Period.of_month(self.year, self.first_month - 1)

    def share_of_year_elapsed(self) -> Decimal:
        """Share of the year gone by the period's end, for 时间过半、任务过半 (June → 0.5).

        Twelfths other than 3, 6, 9 and 12 are not finite decimals: they carry the
        ``Decimal`` context precision (28 digits); compare with a tolerance or multiply
        first (``target * last_month / 12``) when exactness matters.
        """
        return Decimal(self.last_month) / Decimal(12)


def is_release_month(period: Period, combined_jan_feb: bool = True) -> bool:
    """Whether a monthly statistical series publishes a figure for ``period``.

    Months, ``jan_feb`` and ``ytd`` periods are monthly releases. When the series releases
    January and February together (the bureau's habit, the default), January alone and
    February alone are not: no January figure is ever invented. Quarters, halves and years
    are not monthly releases.
    """
    match period.kind:
        case PeriodKind.MONTH:
            return not (combined_jan_feb and period.number <= 2)
        case PeriodKind.JAN_FEB | PeriodKind.YTD:
            return True
    return False


def release_period(year: int, month: int, combined_jan_feb: bool = True) -> Period:
    """The monthly release period holding calendar month ``month`` of ``year``."""
    if combined_jan_feb and month in (1, 2):
        return Period.of_jan_feb(year)
    return Period.of_month(year, month)


_Parts = tuple[PeriodKind, int, int]


def _parse_code(s: str, text: str) -> _Parts | None:
    """Read a canonical code; None when ``s`` does not look like one."""
    if _CODE_YEAR.fullmatch(s):
        return PeriodKind.YEAR, int(s), 1
    if _DATE.fullmatch(s):
        message = f"「{text}」是日期，不是期间；1-2月合并期写作 2023-01~02"
        raise ParseError(message, code="period_invalid")
    match = _CODE_MONTH.fullmatch(s)
    if match:
        return PeriodKind.MONTH, int(match[1]), int(match[2] or match[3])
    for pattern, kind in (
        (_CODE_QUARTER, PeriodKind.QUARTER),
        (_CODE_HALF, PeriodKind.HALF),
        (_CODE_SPAN, PeriodKind.YTD),
    ):
        match = pattern.fullmatch(s)
        if match:
            if kind is PeriodKind.YTD and int(match[2]) < 2:
                message = f"期间「{text}」应为从1月起的累计期，如2023-01~06"
                raise ParseError(message, code="period_invalid")
            return kind, int(match[1]), int(match[2])
    return None


def _parse_zh(s: str, text: str, default_year: int | None) -> _Parts:
    """Read a Chinese form: an optional year prefix, then 6月, 1-6月, 一季度, 上半年, 全年."""
    prefix = _YEAR_PREFIX.match(s)
    assert prefix is not None  # every part of the prefix is optional
    rest = s[prefix.end() :]
    if prefix[1]:
        year: int | None = int(prefix[1].translate(_YEAR_DIGITS))
    elif prefix[2] or prefix[3]:
        if default_year is None:
            raise ParseError(f"期间「{text}」缺少年份", code="period_no_year")
        year = default_year - 1 if prefix[3] else default_year
    else:
        year = default_year
    if rest in ("全年", "全年度") or (prefix.group() and rest in ("", "度")):
        found: tuple[PeriodKind, int] | None = (PeriodKind.YEAR, 1)
    else:
        found = _parse_zh_rest(rest, text)
    if found is None:
        raise ParseError(f"无法识别期间「{text}」，{_HINT}", code="period_invalid")
    if year is None:
        raise ParseError(f"期间「{text}」缺少年份", code="period_no_year")
    return found[0], year, found[1]


def _month_number(digits: str, text: str) -> int:
    value = cn_to_number(digits)
    if value != value.to_integral_value() or not 1 <= value <= 12:
        raise ParseError(f"期间「{text}」的月份应在1到12之间", code="period_invalid")
    return int(value)


def _parse_zh_rest(rest: str, text: str) -> tuple[PeriodKind, int] | None:
    """Read the part after the year: 6月, 1-6月, 一季度, 上半年, 前三季度."""
    if rest in _ZH_HALF:
        return PeriodKind.HALF, _ZH_HALF[rest]
    if rest == "前三季度":
        return PeriodKind.YTD, 9
    match = _ZH_QUARTER.fullmatch(rest)
    if match:
        return PeriodKind.QUARTER, int(cn_to_number(match[1]))
    match = _ZH_MONTH.fullmatch(rest)
    if match:
        return PeriodKind.MONTH, _month_number(match[1], text)
    match = _ZH_SPAN.fullmatch(rest)
    if match:
        first, last = _month_number(match[1], text), _month_number(match[2], text)
        if first != 1 or last < 2:
            raise ParseError(f"期间「{text}」应为从1月起的累计期，如1-6月", code="period_invalid")
        return PeriodKind.YTD, last
    return None
