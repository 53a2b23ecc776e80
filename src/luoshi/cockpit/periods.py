"""Which months the cockpit can show for a region: asked of the apps that hold monthly data.

Each source answers for a region with the years it has data in and its latest month, or
None. The first source that answers wins (indicators first: they are the cockpit's core);
with none, the cockpit opens on last month.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from luoshi.cockpit.queries import last_month
from luoshi.core.models import Region
from luoshi.core.periods import Period


@dataclass(frozen=True)
class PeriodRange:
    years: tuple[int, ...]
    latest: Period


PeriodSource = Callable[[Region], PeriodRange | None]

_SOURCES: list[tuple[int, PeriodSource]] = []


def register_source(source: PeriodSource, order: int = 100) -> PeriodSource:
    _SOURCES.append((order, source))
    _SOURCES.sort(key=lambda item: item[0])
    return source


def period_range(region: Region) -> PeriodRange:
    for _order, source in _SOURCES:
        found = source(region)
        if found is not None:
            return found
    latest = last_month()
    return PeriodRange((latest.year - 1, latest.year), latest)
