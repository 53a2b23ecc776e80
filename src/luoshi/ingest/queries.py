"""Reads for the ingest pages: the list of texts, and one text's review (its facts, each
with HQ's decision or a suggestion, and the text cut into plain and highlighted pieces)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from luoshi.core.errors import NotFound
from luoshi.core.models import Region
from luoshi.indicators.models import Indicator
from luoshi.ingest import services
from luoshi.ingest.extraction import Fact, extract_facts
from luoshi.ingest.extraction.aligned import aligned_normal_form
from luoshi.ingest.extraction.noise import noise_ranges
from luoshi.ingest.models import FactDecision, SourceText
from luoshi.ingest.suggestions import Suggestion, suggest

LIAONING = "21"


def source_list(user, search: str = "") -> QuerySet[SourceText]:
    services.require_manage(user)
    sources = SourceText.objects.defer("text").select_related("created_by")
    if search:
        sources = sources.filter(title__icontains=search)
    return sources


def access_source(user, source_id) -> SourceText:
    services.require_manage(user)
    source = SourceText.objects.select_related("created_by").filter(pk=source_id).first()
    if source is None:
        raise NotFound("文本不存在")
    return source


@dataclass
class FactRow:
    fact: Fact
    decision: FactDecision | None
    suggestion: Suggestion
    # What the user posted when acceptance failed, shown again so nothing typed is lost.
    posted: dict | None = None

    @property
    def key(self) -> str:
        return f"{self.fact.start}-{self.fact.end}"

    @property
    def status(self) -> str:
        return self.decision.status if self.decision else "open"

    def _chosen(self, name: str, decided, suggested) -> str:
        if self.posted and name in self.posted:
            return str(self.posted[name])
        if self.decision is not None and decided:
            return str(decided)
        return str(suggested or "")

    @property
    def chosen_indicator(self) -> str:
        decided = self.decision.indicator_id if self.decision else None
        return self._chosen("indicator", decided, self.suggestion.indicator_id)

    @property
    def chosen_region(self) -> str:
        decided = self.decision.region_id if self.decision else None
        return self._chosen("region", decided, self.fact.region_code)

    @property
    def chosen_period(self) -> str:
        decided = self.decision.period if self.decision else None
        return self._chosen("period", decided, self.suggestion.period)

    @property
    def chosen_kind(self) -> str:
        decided = self.decision.value_kind if self.decision else None
        return self._chosen("value_kind", decided, self.suggestion.value_kind)


@dataclass
class Segment:
    text: str
    row: FactRow | None = None
    is_noise: bool = False  # page furniture the extraction skipped, shown greyed


@dataclass
class Review:
    source: SourceText
    rows: list[FactRow]
    segments: list[Segment]
    indicators: list[Indicator]
    regions: list[Region]


def review(source: SourceText) -> Review:
    """Everything the review page shows, in three queries whatever the text's length."""
    indicators = list(Indicator.objects.only("id", "code", "name", "unit").order_by("sort_order", "code"))
    regions = list(Region.objects.filter(code__startswith=LIAONING).only("code", "name", "level")
                   .order_by("code"))
    decisions = {
        (d.start, d.end): d
        for d in FactDecision.objects.filter(source=source).select_related("indicator", "region")
    }
    rows = [
        FactRow(fact, decisions.get((fact.start, fact.end)), suggest(fact, indicators))
        for fact in extract_facts(source.text)
    ]
    noise = noise_ranges(aligned_normal_form(source.text))
    return Review(source, rows, segments(source.text, rows, noise), indicators, regions)


def segments(text: str, rows: list[FactRow], noise: list[tuple[int, int]] = ()) -> list[Segment]:
    """``text`` cut at the facts' spans and the noise ranges, in order: plain pieces,
    highlighted facts and greyed page furniture. Facts never lie in noise."""
    marks = sorted([(r.fact.start, r.fact.end, r) for r in rows] + [(a, b, None) for a, b in noise],
                   key=lambda mark: mark[0])
    pieces, position = [], 0
    for start, end, row in marks:
        if start < position:
            continue  # ranges never overlap; guard anyway so no text is shown twice
        if start > position:
            pieces.append(Segment(text[position:start]))
        pieces.append(Segment(text[start:end], row, is_noise=row is None))
        position = end
    if position < len(text):
        pieces.append(Segment(text[position:]))
    return pieces
