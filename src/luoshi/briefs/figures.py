"""Figures and where they came from.

A section's data source hands its template :class:`Figure` objects; writing one in the
template (``{{ fai.growth|growth }}`` or just ``{{ fai.value }}``) records it, with the text
it became, in the section being rendered. The brief stores those records, so every figure in
the preview links to the rows that produced it, and still does after the data change.
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass, field
from decimal import Decimal

from luoshi.briefs import prose


@dataclass(frozen=True)
class Source:
    """Rows that produced a figure: ``model`` and ``ids`` to find them, ``rows`` as they were."""

    label: str
    model: str = ""
    ids: tuple = ()
    url: str = ""
    rows: tuple = ()  # (dict, ...) with the columns a reader needs: name, value, period


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: Decimal
    unit: str  # 万元 (money), %, 个, 项, 位 …
    sources: tuple[Source, ...] = field(default_factory=tuple)

    def __str__(self) -> str:
        return str(write(self, natural(self)))


def natural(figure: Figure) -> prose.Written:
    """A figure written by its unit: money in 亿元/万元, rates in %, ranks and counts whole."""
    if figure.unit == "万元":
        return prose.money(figure.value)
    if figure.unit == "%":
        return prose.percent(figure.value)
    if figure.unit == "位":
        return prose.rank(int(figure.value), scope="")
    if figure.unit == "分":
        return prose.score(figure.value)
    return prose.count(figure.value, figure.unit)


_used: contextvars.ContextVar[list | None] = contextvars.ContextVar("brief_figures", default=None)


def write(figure: Figure, written: prose.Written) -> prose.Written:
    """Record that ``figure`` appears in the section being rendered as ``written``."""
    used = _used.get()
    if used is not None:
        used.append(record(figure, written))
    return written


def record(figure: Figure, written: prose.Written) -> dict:
    """What the brief keeps of a figure: JSON-ready, exact values as strings."""
    return {
        "key": figure.key, "label": figure.label, "text": written.text,
        "value": str(figure.value), "unit": figure.unit,
        "exact": None if written.exact is None else str(written.exact),
        "sources": [_source_json(s) for s in figure.sources],
    }


def _source_json(source: Source) -> dict:
    # By hand rather than dataclasses.asdict, which deep-copies every row first.
    return {"label": source.label, "model": source.model, "ids": list(source.ids), "url": source.url,
            "rows": [{k: str(v) for k, v in row.items()} for row in source.rows]}


class collecting:
    """``with collecting() as used:`` gathers the figures written inside the block."""

    def __enter__(self) -> list[dict]:
        self._token = _used.set([])
        return _used.get()

    def __exit__(self, *exc) -> None:
        _used.reset(self._token)


def unit_tally(key: str, label: str, counts: list[tuple[str, int]], what: str) -> Figure:
    """How many units a list names (a brief names the first few, then "等N个单位"), with
    each unit and its count (``what``: the column, e.g. 红灯任务) as the rows."""
    return Figure(key, label, Decimal(len(counts)), "个", (Source(
        label, "orgs.Unit", (), rows=tuple({"单位": name, what: n} for name, n in counts[:200])),))
