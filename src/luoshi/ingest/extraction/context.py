"""What surrounds a figure: its sentence and clause, the period and region the text states
for it, and whether it is a goal (target) or an achieved figure (actual).

Everything is found once per document (``DocumentContext``) and looked up per figure with
bisection, so a long text costs no more per figure than a short one.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from luoshi.core.errors import DomainError
from luoshi.core.periods import Period
from luoshi.ingest.extraction.ranges import Ranges
from luoshi.ingest.extraction.regions import (
    PROVINCE_CODE,
    liaoning_regions,
    names_to_codes,
    region_name_pattern,
)

FULL_STOP = "。！？!?\n"
SENTENCE_END = FULL_STOP + "；;"
CLAUSE_END = SENTENCE_END + "，,：:、（）()“”"

_YEAR = r"(?:19|20)\d{2}年"
_RELATIVE_YEAR = r"今年|本年|去年|上年"
_MONTH_SPAN = r"1\s*月?\s*[-—–~至到]\s*\d{1,2}\s*月份?|一至[二三四五六七八九十]{1,2}月份?"
_PART = (
    rf"上半年|下半年|前三季度|第?[一二三四1-4]季度|{_MONTH_SPAN}|\d{{1,2}}月份?"
    r"|(?<!\d)[一二三四五六七八九十]{1,2}月份?|全年"
)
# 较去年同期, 比上年: a comparison, not the period of the figure.
_PERIOD = re.compile(
    rf"(?<![较比与])(?P<year>{_YEAR}|{_RELATIVE_YEAR})?(?P<part>{_PART})(?!\s*\d|[一二三四五六七八九十]+[日号])"
    rf"|(?<![较比与])(?P<only_year>{_YEAR}度?|{_RELATIVE_YEAR})(?!\d|[一二三四五六七八九十]{{1,2}}月|[-—–~至到]\d)"
)
_DATE_STAMP = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}")
# Words that make what follows in their sentence a goal: 力争全年增长6%，投资增长10%.
_TARGET = re.compile(
    r"力争|计划(?!总投资|的|数|内|外|单列)|预计|确保|争取|预期|力求|年均增长|年均|要达到|将达到|要实现|将实现|[到至]" + _YEAR
    + r"|目标(?:是|为|[:：])|目标任务(?:是|为|[:：])"
)
# Words that do so only in their own clause: 提出了整体目标，明确了8个方面 is no goal.
_TARGET_IN_CLAUSE = re.compile(r"目标(?!的|任务的|值的)|规划|拟|" + _YEAR + "[前底末]")
# Words right after a figure that make it a goal: 紧盯全年新签约项目300个的目标.
_TARGET_AFTER = re.compile(r"(?:以上|以内|左右)?的?(?:目标|任务|预期)")
# Titles of documents that are plans: every figure in them is a goal unless said otherwise.
_PLAN_TITLE = re.compile(r"方案|规划|计划|实施意见|行动纲要|工作要点")
MAX_TITLE = 50
_REPORT_TITLE = re.compile(r"报告|公报|通报|简报|专报|综述|情况|回顾|总结|新闻|发布")
# After a goal earlier in the sentence, these say a later clause reports what was achieved
# (预计增长5.5%左右，规上工业增加值同比增长7.1%).
_ACTUAL = re.compile(r"实际|已经|已|截至|累计完成|完成了|实现了|达到了|同比")
# In a plan, 完成 and 实现 speak of the future; only these say a figure is already reached.
_DONE = re.compile(r"实际|已经|已|截至目前|目前")
_OWN_CITY = re.compile(r"全市|我市|本市")
_PROVINCE_WIDE = re.compile(r"全省(?![第前排]|范围)|辽宁省")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    value: str | None  # a period code or a region code; None when it cannot be resolved


@dataclass(frozen=True)
class FigureContext:
    sentence_start: int
    clause_start: int
    clause_end: int
    period: Mention | None
    region: Mention | None
    is_target: bool


class DocumentContext:
    """Sentences, clauses, periods, regions and target words of one text (aligned form)."""

    def __init__(self, text: str, *, skip: Ranges | None = None):
        skip = skip or Ranges([])
        self.text = text
        self.year = document_year(text)
        self.sentence_ends = _positions(SENTENCE_END, text)
        self.full_stops = _positions(FULL_STOP, text)
        self.is_plan = is_plan_document(text, skip)
        self.clause_ends = _positions(CLAUSE_END, text)
        self.paragraph_ends = _positions("\n", text)
        self.periods = self._periods()
        regions = [m for m in self._regions() if not skip.contains(m.start)]
        self.city_code = _main_city(regions)
        self.regions = sorted(regions + self._own_city_mentions(skip), key=lambda m: m.start)
        self.region_starts = [m.start for m in self.regions]
        self.period_starts = [m.start for m in self.periods]
        self.targets = [m.start() for m in _TARGET.finditer(text)]
        self.clause_targets = [m.start() for m in _TARGET_IN_CLAUSE.finditer(text)]

    # -- per figure --------------------------------------------------------------------
    def around(self, start: int, end: int, *, is_rank: bool = False) -> FigureContext:
        sentence_start = _boundary_before(self.sentence_ends, start)
        paragraph_start = _boundary_before(self.paragraph_ends, start)
        clause_start = _boundary_before(self.clause_ends, start)
        clause_end = _boundary_after(self.clause_ends, end, len(self.text))
        period = _nearest(self.periods, self.period_starts, start, paragraph_start)
        # A rank places a city or county among others: 全省 is its scope, not its region.
        skip = PROVINCE_CODE if is_rank else None
        region = _nearest(self.regions, self.region_starts, start, paragraph_start, skip=skip)
        is_target = self._is_target(start, end, _boundary_before(self.full_stops, start),
                                    clause_start, period)
        return FigureContext(sentence_start, clause_start, clause_end, period, region, is_target)

    def _is_target(self, start, end, sentence_start, clause_start, period: Mention | None) -> bool:
        if _TARGET_AFTER.match(self.text, end):
            return True
        if period is not None and self.year and period.value and period.value[:4].isdigit():
            if int(period.value[:4]) > self.year:
                return True
        if bisect_left(self.clause_targets, clause_start) < bisect_left(self.clause_targets, start):
            return True
        first = bisect_left(self.targets, sentence_start)
        last = bisect_left(self.targets, start)
        if first == last:
            return self.is_plan and not _DONE.search(self.text, clause_start, start)
        if self.targets[last - 1] >= clause_start:
            return True
        achieved = _DONE if self.is_plan else _ACTUAL  # in a plan, 累计完成 is still a goal
        return not achieved.search(self.text, clause_start, start)

    # -- per document --------------------------------------------------------------------
    def _periods(self) -> list[Mention]:
        found = []
        for match in _PERIOD.finditer(self.text):
            phrase = re.sub(r"\s+", "", match.group())
            found.append(Mention(match.start(), match.end(), phrase, self._period_code(phrase)))
        return found

    def _period_code(self, phrase: str) -> str | None:
        return period_code(phrase, self.year)

    def _regions(self) -> list[Mention]:
        codes = names_to_codes()
        return [
            Mention(m.start(), m.end(), m.group(), codes[m.group()])
            for m in region_name_pattern().finditer(self.text)
        ]

    def _own_city_mentions(self, skip) -> list[Mention]:
        found = []
        if self.city_code:
            for match in _OWN_CITY.finditer(self.text):
                found.append(Mention(match.start(), match.end(), match.group(), self.city_code))
        for match in _PROVINCE_WIDE.finditer(self.text):
            found.append(Mention(match.start(), match.end(), match.group(), PROVINCE_CODE))
        return [m for m in found if not skip.contains(m.start)]


def is_plan_document(text: str, skip: Ranges) -> bool:
    """Whether the text is itself a plan (方案, 规划): its title, the first line that is not
    page furniture, names one and is not a report on one."""
    offset = 0
    for line in text.splitlines(keepends=True):
        title = line.strip()
        if title and not skip.contains(offset + len(line) - len(line.lstrip())):
            if len(title) > MAX_TITLE or re.search(r"[。！？!?]", title):
                return False  # the text starts with prose: no title to go by
            return bool(_PLAN_TITLE.search(title)) and not _REPORT_TITLE.search(title)
        offset += len(line)
    return False


@lru_cache(maxsize=1024)
def period_code(phrase: str, year: int | None) -> str | None:
    """The code of a period phrase (今年上半年 → 2023-H1), None without a year to give it."""
    phrase = phrase.removesuffix("度") if re.fullmatch(rf"{_YEAR}度", phrase) else phrase
    try:
        return Period.parse(phrase, default_year=year).code
    except DomainError:
        return None


def _positions(chars: str, text: str) -> list[int]:
    return [m.start() for m in re.finditer(f"[{re.escape(chars)}]", text)]


def document_year(text: str) -> int | None:
    """The year the text was published: the first full date it carries (its stamp)."""
    match = _DATE_STAMP.search(text)
    return int(match[1]) if match else None


def region_label(code: str | None) -> str | None:
    region = liaoning_regions().get(code or "")
    return region.name if region else None


def _main_city(mentions: list[Mention]) -> str | None:
    """The city a text is about: the one its region names point to most often."""
    regions = liaoning_regions()
    counts = Counter(
        city for m in mentions if (city := regions[m.value].city_code if m.value else None)
    )
    if not counts:
        return None
    return counts.most_common(1)[0][0]


def _nearest(mentions: list[Mention], starts: list[int], position: int, paragraph_start: int,
             *, skip: str | None = None):
    """The last mention ending before ``position`` in its paragraph (whose value is not
    ``skip``), if any."""
    index = bisect_left(starts, position) - 1
    while index >= 0 and (mentions[index].end > position or
                          (skip and mentions[index].value == skip)):
        index -= 1
    if index < 0 or mentions[index].start < paragraph_start:
        return None
    return mentions[index]


def _boundary_before(ends: list[int], position: int) -> int:
    index = bisect_left(ends, position) - 1
    return ends[index] + 1 if index >= 0 else 0


def _boundary_after(ends: list[int], position: int, length: int) -> int:
    index = bisect_right(ends, position - 1)
    return ends[index] if index < len(ends) else length


