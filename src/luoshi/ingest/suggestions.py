"""Suggesting, for an extracted fact, the indicator it is a figure of and the kind of
figure (当月值, 累计值, 同比) — HQ confirms or changes them before accepting."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from luoshi.core.errors import DomainError
from luoshi.core.periods import Period, PeriodKind
from luoshi.core.textnorm import normalize
from luoshi.ingest.extraction import Fact
from luoshi.ingest.extraction.units import is_percent

# Words that say a figure is a growth rate rather than the amount itself.
# Fewer shared characters than this (投资, 收入) say nothing about which indicator is meant.
MIN_OVERLAP = 3
GROWTH_WORDS = ("增速", "增长", "增幅", "下降", "降幅", "同比", "提高", "上升", "回落")


@dataclass(frozen=True)
class Suggestion:
    indicator_id: int | None
    value_kind: str  # "value", "cumulative" or "yoy"
    period: str  # a period code, or "" when the text gives none with a year


def suggest(fact: Fact, indicators: Iterable) -> Suggestion:
    """The indicator whose name the fact's label contains most of, and the figure's kind."""
    return Suggestion(
        indicator_id=best_indicator(fact.label, indicators),
        value_kind=value_kind(fact),
        period=period_code(fact.period),
    )


def best_indicator(label: str, indicators: Iterable) -> int | None:
    """The indicator with the longest name found in ``label`` (or sharing most of it)."""
    label = normalize(label or "")
    best, best_score = None, 0
    for indicator in indicators:
        score = _overlap(normalize(indicator.name), label)
        if score > best_score:
            best, best_score = indicator.pk, score
    return best if best_score >= MIN_OVERLAP else None


def _overlap(name: str, label: str) -> int:
    """Length of the longest common run of characters, a whole name counting double."""
    if name and name in label:
        return 2 * len(name)
    longest = 0
    for i in range(len(name)):
        for j in range(i + longest + 1, len(name) + 1):
            if name[i:j] in label:
                longest = j - i
            else:
                break
    return longest


def value_kind(fact: Fact) -> str:
    """同比 for a growth rate (增速22.3%); a share (占比40%) or a difference in points is a
    value of its own; an amount for 1-N月, 上半年 or a year is a 累计值."""
    if is_percent(fact.unit):
        growth = fact.unit == "%" and any(word in fact.label for word in GROWTH_WORDS)
        return "yoy" if growth else "value"
    period = period_code(fact.period)
    if period and Period.parse(period).kind in (PeriodKind.YTD, PeriodKind.HALF, PeriodKind.YEAR):
        return "cumulative"
    return "value"


def period_code(period: str | None) -> str:
    if not period:
        return ""
    try:
        return Period.parse(period).code
    except DomainError:
        return ""
