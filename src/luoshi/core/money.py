"""Quantities with units, and money in 万元 — Decimal only, never float.

luoshi keeps money in 万元 internally (``to_wan_yuan``) and always shows the unit when it
writes money out (``format_money``). Amounts are never rounded: conversions between 元,
万元 and 亿元 only move the decimal point, and formatting may add zeros but never drops a
digit that carries value.

Parsing reads what people type in reports and spreadsheets: ``86.8亿元``, ``八十六点八亿元``,
``1,234.5万元``, ``８６.８亿元``, ``65万吨``, ``12.5%``, ``百分之五``, ``10万千瓦``. The unit
keeps the scale the writer chose: ``65万吨`` is ``Quantity(Decimal("65"), "万吨")``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Literal

from luoshi.core.errors import ParseError, UnitError
from luoshi.core.textnorm import cn_to_number, tidy_decimal, to_halfwidth, to_simplified

__all__ = ["MONEY_UNITS", "Quantity", "format_money", "parse_quantity", "to_wan_yuan"]

# Money units and the power of ten that turns an amount in them into 万元.
MONEY_UNITS: dict[str, int] = {
    "元": -4,
    "千元": -1,
    "万元": 0,
    "百万元": 2,
    "千万元": 3,
    "亿元": 4,
    "万亿元": 8,
}

# Units whose own name contains a numeral character; matched whole before anything else.
_ATOMIC_UNITS = ("个百分点", "千瓦时", "百分点", "千瓦", "千克", "千米")
# Scale words that may lead a unit (万吨, 亿元); 千/百万/千万 only lead 元, and only after
# arabic digits (5千元), since in 十二万五千元 the 千 belongs to the number.
_SCALES = ("万亿", "亿", "万")
_MONEY_ONLY_SCALES = ("千万", "百万", "千")
_SCALE_ORDER = {"十": 1, "拾": 1, "百": 2, "佰": 2, "千": 3, "仟": 3, "万": 4, "亿": 8}
_TRAILING_UNIT = re.compile(
    r"[^0-9.,+\-点负零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟廿]+$"
)
_ARABIC = re.compile(r"[+-]?[\d,]*\.?\d+")


def _check_amount(value: object, name: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{name} must be Decimal or int, not {type(value).__name__}")
    value = Decimal(value)
    if not value.is_finite():
        raise ParseError(f"数值「{value}」无效", code="number_invalid")
    return value


def _shift(value: Decimal, places: int) -> Decimal:
    """``value × 10**places``, exactly (the context precision is raised to fit the digits)."""
    with localcontext() as ctx:
        ctx.prec = max(ctx.prec, len(value.as_tuple().digits))
        return tidy_decimal(value.scaleb(places))


@dataclass(frozen=True)
class Quantity:
    """A number with its unit, e.g. ``Quantity(Decimal("86.8"), "亿元")``."""

    value: Decimal
    unit: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", _check_amount(self.value, "Quantity.value"))
        if not isinstance(self.unit, str) or not self.unit.strip():
            raise ParseError("数量缺少单位", code="unit_missing")

    @property
    def is_money(self) -> bool:
        return self.unit in MONEY_UNITS

    def __str__(self) -> str:
        return f"{format(tidy_decimal(self.value), 'f')}{self.unit}"


def _order(chars: str) -> int:
    """The largest scale (as a power of ten) among the numeral characters in ``chars``."""
    return max((_SCALE_ORDER.get(char, 0) for char in chars), default=0)


def _split_scale(number: str, base: str) -> tuple[str, str]:
    """Move a leading scale word (万, 亿, 万亿; 千 and the like for 元) into the unit."""
    candidates = _SCALES + (_MONEY_ONLY_SCALES if base == "元" else ())
    for scale in sorted(candidates, key=len, reverse=True):
        if not number.endswith(scale) or len(number) == len(scale):
            continue
        head = number[: -len(scale)]
        if scale in _MONEY_ONLY_SCALES and not _ARABIC.fullmatch(head):
            continue
        # 一亿二千万元: 万 after a larger scale (亿) is part of the number, not of the unit.
        if _order(head) >= min(_SCALE_ORDER[char] for char in scale):
            continue
        return head, scale + base
    return number, base


def parse_quantity(text: str) -> Quantity:
    """Read a number followed by its unit: ``"86.8亿元"`` → ``Quantity(86.8, "亿元")``.

    The number may be arabic (with thousands separators or full-width digits), Chinese
    (八十六点八) or mixed (8万6千). Raises ``ParseError`` quoting ``text`` when the number or
    the unit is missing or unreadable.
    """
    s = to_simplified(to_halfwidth(text, keep_cjk_punctuation=False))
    s = re.sub(r"\s+", "", s)
    if s.startswith("百分之"):
        number, unit = s[3:], "%"
    else:
        base = next((u for u in _ATOMIC_UNITS if s.endswith(u) and len(s) > len(u)), None)
        if base is None:
            match = _TRAILING_UNIT.search(s)
            if match is None:
                raise ParseError(f"「{text}」缺少单位，如万元、亿元、万吨", code="unit_missing")
            base = match.group()
        number, unit = _split_scale(s[: -len(base)], base)
    if not number:
        raise ParseError(f"「{text}」缺少数值", code="number_missing")
    try:
        value = cn_to_number(number)
    except ParseError as exc:
        raise ParseError(f"无法识别数量「{text}」：{exc.message}", code=exc.code) from exc
    return Quantity(value, unit)


def to_wan_yuan(quantity: Quantity) -> Decimal:
    """The amount in 万元: ``86.8亿元`` → ``Decimal("868000")``; exact, never rounded.

    Raises ``UnitError`` (code ``not_money``) for units that are not money, e.g. 万吨.
    """
    places = MONEY_UNITS.get(quantity.unit)
    if places is None:
        raise UnitError(
            f"「{quantity}」的单位“{quantity.unit}”不是金额单位，不能换算为万元",
            code="not_money",
        )
    return _shift(quantity.value, places)


def format_money(
    wan_yuan: Decimal | int,
    unit: Literal["auto", "元", "万元", "亿元"] | str = "auto",
    *,
    decimals: int | None = None,
    grouping: bool = False,
) -> str:
    """Write an amount held in 万元 with its unit: ``868000`` → ``"86.8亿元"``.

    ``unit="auto"`` picks 亿元 from 1亿 (10000万元) up and 万元 below; any key of
    ``MONEY_UNITS`` may be asked for. Nothing is rounded: trailing zeros are stripped,
    ``decimals`` pads to at least that many places but never cuts digits off
    (``format_money(Decimal("868123"), "亿元", decimals=1)`` is ``"86.8123亿元"``), and
    ``grouping`` adds thousands separators (``"1,234.5万元"``). Floats are refused.
    """
    amount = _check_amount(wan_yuan, "wan_yuan")
    if unit == "auto":
        unit = "亿元" if abs(amount) >= 10000 else "万元"
    if unit not in MONEY_UNITS:
        raise UnitError(f"“{unit}”不是金额单位", code="not_money")
    value = _shift(amount, -MONEY_UNITS[unit])
    if decimals is not None:
        places = max(decimals, -value.as_tuple().exponent, 0)
        with localcontext() as ctx:
            ctx.prec = max(ctx.prec, value.adjusted() + places + 2)
            value = value.quantize(Decimal(1).scaleb(-places))
    return f"{format(value, ',f' if grouping else 'f')}{unit}"
