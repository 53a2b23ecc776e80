"""A fact read out of a text, and its JSON form (the CLI's and the API's output)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class FactKind(StrEnum):
    ACTUAL = "actual"  # achieved, reported figures
    TARGET = "target"  # goals, plans, forecasts


@dataclass(frozen=True)
class Fact:
    value: Decimal
    unit: str
    label: str
    kind: FactKind
    period: str | None  # a period code (2023-H1) or, without a known year, the words (上半年)
    region: str | None  # the region's official name (抚顺市)
    region_code: str | None  # its GB/T 2260 code (210400)
    start: int  # character offsets into the original text: text[start:end] is the figure
    end: int
    text: str  # the figure as the original text writes it

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    def as_dict(self) -> dict:
        """The JSON object of the issue: value, unit, label, kind, period, region, span (+)."""
        return {
            "value": json_number(self.value),
            "unit": self.unit,
            "label": self.label,
            "kind": str(self.kind),
            "period": self.period,
            "region": self.region,
            "region_code": self.region_code,
            "span": [self.start, self.end],
            "text": self.text,
        }


def json_number(value: Decimal) -> int | float:
    """A JSON number for ``value``: an int when whole, else the float whose shortest repr is
    the decimal as written (22.3 stays 22.3; briefings never print 16 significant digits)."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)
