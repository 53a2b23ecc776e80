"""Figures as a leader reads them: the stored value with its unit, growth in words.

Nothing is rounded away (DESIGN §3): values are shown with the digits they were stored
with, trailing zeros dropped; 万元 amounts of 1亿 and more are shown in 亿元, which only moves
the decimal point.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from luoshi.core.money import format_money
from luoshi.core.textnorm import tidy_decimal


def number(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return format(tidy_decimal(value), "f")


def amount(value: Decimal | None, unit: str) -> tuple[str, str]:
    """(figure, unit) ready to print: ``(Decimal("868000"), "万元")`` → ``("86.8", "亿元")``."""
    if value is None:
        return "—", unit
    if unit == "万元" and abs(value) >= 10000:
        text = format_money(value, "亿元")
        return text[: -len("亿元")], "亿元"
    return number(value), unit


def growth_words(yoy: Decimal | None) -> str:
    """同比 in the bureau's words: 增长22.3%, 下降3.1%, 持平."""
    if yoy is None:
        return ""
    if yoy > 0:
        return _("增长%(n)s%%") % {"n": number(yoy)}
    if yoy < 0:
        return _("下降%(n)s%%") % {"n": number(-yoy)}
    return _("持平")


def percent(share: Decimal | None, places: int = 1) -> str:
    """A share (0.523) as a percentage for display (52.3%); display only, the share is kept."""
    if share is None:
        return "—"
    return f"{(share * 100).quantize(Decimal(1).scaleb(-places))}%"
