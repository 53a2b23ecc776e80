"""``extract_facts``: every quantitative fact a briefing states, with offsets into it."""

from __future__ import annotations

from dataclasses import replace

from luoshi.ingest.extraction.aligned import aligned_normal_form
from luoshi.ingest.extraction.candidates import Candidate, find_candidates
from luoshi.ingest.extraction.context import DocumentContext, FigureContext, region_label
from luoshi.ingest.extraction.exclusions import excluded_ranges
from luoshi.ingest.extraction.facts import Fact, FactKind
from luoshi.ingest.extraction.growth import is_fall
from luoshi.ingest.extraction.labels import label_after, label_before
from luoshi.ingest.extraction.noise import noise_ranges
from luoshi.ingest.extraction.ranges import Ranges
from luoshi.ingest.extraction.units import measures_noun_after


def extract_facts(text: str) -> list[Fact]:
    """The facts ``text`` states, in reading order; spans index ``text`` as given."""
    normal = aligned_normal_form(text)
    noise = Ranges(noise_ranges(normal))
    excluded = Ranges(excluded_ranges(normal))
    candidates = [
        c for c in find_candidates(normal)
        if not noise.overlaps(c.start, c.end) and not excluded.overlaps(c.number_start, c.number_end)
    ]
    context = DocumentContext(normal, skip=noise)
    holes = Ranges(
        [(c.start, c.end) for c in candidates]
        + [(m.start, m.end) for m in (*context.periods, *context.regions)]
    )
    facts = []
    for candidate in candidates:
        around = context.around(candidate.start, candidate.end, is_rank=candidate.is_rank)
        if candidate.value > 0 and is_fall(normal, candidate.start, around.clause_start, candidate.unit):
            candidate = replace(candidate, value=-candidate.value)
        label = _label(normal, candidate, around, holes)
        facts.append(_fact(text, candidate, around, label))
    return facts


def _label(normal: str, candidate: Candidate, around: FigureContext, holes: Ranges) -> str:
    before = label_before(
        normal, around.clause_start, candidate.start,
        holes.within(max(0, around.clause_start - 20), candidate.start),
    )
    if measures_noun_after(candidate.unit) and not candidate.is_rank:
        return label_after(normal, candidate.end, around.clause_end) or before
    return before


def _fact(text: str, candidate: Candidate, around: FigureContext, label: str) -> Fact:
    period = around.period
    region_code = around.region.value if around.region else None
    return Fact(
        value=candidate.value,
        unit=candidate.unit,
        label=label,
        kind=FactKind.TARGET if around.is_target else FactKind.ACTUAL,
        period=(period.value or period.text) if period else None,
        region=region_label(region_code),
        region_code=region_code,
        start=candidate.start,
        end=candidate.end,
        text=text[candidate.start : candidate.end],
    )
