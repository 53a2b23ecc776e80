"""Reading quantitative facts out of Chinese press texts and briefings.

Pure Python, no database: ``extract_facts(text)`` returns ``Fact`` objects whose spans are
character offsets into the text exactly as given (before any cleaning or conversion).

The pipeline, one module per step:

- ``aligned``: a normal form of the text of the same length (half-width, Simplified), so
  every offset found in it is an offset into the original;
- ``noise``: ranges of scraped-page furniture (navigation, share buttons, copyright lines,
  lists of related articles) where no fact is looked for;
- ``exclusions``: ranges that hold numbers but no facts (dates, phone numbers, document
  numbers, URLs, codes, slogans in quotes);
- ``numbers`` and ``units``: number tokens (arabic, Chinese numerals, 百分之…) and the units
  written after them;
- ``candidates``: numbers with units, percentages and ranks found in the text;
- ``context``: sentences, clauses, periods, regions and whether a figure is a target;
- ``labels``: the words a figure measures;
- ``extractor``: puts them together.
"""

from luoshi.ingest.extraction.extractor import extract_facts
from luoshi.ingest.extraction.facts import Fact

__all__ = ["Fact", "extract_facts"]
