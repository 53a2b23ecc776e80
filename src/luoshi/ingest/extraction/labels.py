"""The words a figure measures: "固定资产投资增速" for 22.3%, "项目" for 20个.

A percentage or an amount measures what is written before it in its clause; a count
written with a measure word (20个项目, 6项原则) measures the noun after it. Periods, regions,
other figures, and the verbs and fillers around a figure (完成, 达到, 同比, 全市…) are not
part of a label.
"""

from __future__ import annotations

import re

MAX_LABEL = 20

_FILLER = re.compile(
    r"今年以来|以来|今年|本年|去年|上年|全年|全市|全省|全国|全县|全区|我市|本市|我县|我区|其中"
    r"|比上年同期|比去年同期|比上年|比去年|较上年|较去年|与上年相比|同比|环比|分别"
    r"|[省市县区]内"
)
_LEADING = re.compile(
    r"^(?:[，,、：:；;\s]|力争|确保|争取|计划|预计|在|是|为|了|的|和|与|及|并|共|共计|合计|总计|召开|举办|开展|组织|完成了?|实现了?"
    r"|达到了?|保持了?|使|让|有|已|已经|约|近|超过?|逾|仅|高达|达|突破|其|这|该|上述)+"
)
_TRAILING = re.compile(
    r"(?:[，,、：:；;\s]|了|为|是|的|达到|达|高达|完成|实现|约|近|超过|超|逾|突破|共|共计|累计|"
    r"分别为|连续|保持|仅|在|占|居|位居|位列|排在|列|第|前|已|已经|至|到|由|从|以上|以下|左右)+$"
)
_NOUN_STOP = re.compile(
    r"[，,。；;：:、！？!?（）()“”\"\n]|列入|纳入|进入|落地|开工|签约|竣工|投产|建成|完成|实现|"
    r"达到|获得|通过|同比|增长|下降|比上年|参与|参加|入选|被|的|在|和|与|及|等|中|已|将|均|共|分别|以上|左右|"
    r"\d|[一二三四五六七八九十百千万亿]+[个项次名家位]"
)
_HAN = re.compile(r"[\u4e00-\u9fff]")


def label_before(text: str, clause_start: int, figure_start: int, holes: list[tuple[int, int]]) -> str:
    """The words between the clause start and the figure, less the ``holes`` (other figures,
    periods, regions) and the fillers around them."""
    parts = []
    position = clause_start
    for start, end in holes:
        if end <= clause_start or start >= figure_start:
            continue
        parts.append(text[position : max(position, start)])
        position = max(position, end)
    parts.append(text[position:figure_start])
    return tidy("".join(parts))


def label_after(text: str, figure_end: int, clause_end: int) -> str:
    """The noun a measure word counts: 项目 in 20个项目列入…, 具体任务 in 50项具体任务."""
    rest = text[figure_end:clause_end]
    stop = _NOUN_STOP.search(rest)
    noun = rest[: stop.start()] if stop else rest
    return noun[:MAX_LABEL] if _HAN.search(noun) else ""


def tidy(label: str) -> str:
    label = _FILLER.sub("", label)
    previous = None
    while previous != label:
        previous = label
        label = _LEADING.sub("", label)
        label = _TRAILING.sub("", label)
    label = label.strip()
    return label[-MAX_LABEL:]
