"""The sign of a change: 下降3.1% is -3.1, 增长/提高/上升 stay positive.

Only rates and their differences (%, ‰, 个百分点) take the sign of the verb before them: a
count or an amount after 减少 (减少21家) is the size of the fall as written.
"""

from __future__ import annotations

import re

from luoshi.ingest.extraction.units import is_percent

_FALL = re.compile(
    r"(?:下降|下滑|回落|减少|降低|缩减|负增长|收缩|萎缩|下跌|跌|降|减|降幅|跌幅|减幅|缩小)"
    r"(?:了|为|是|幅|幅度|达|达到|约|近|超过|分别为|分别)*$"
)
LOOK_BACK = 10


def is_fall(text: str, figure_start: int, clause_start: int, unit: str) -> bool:
    """Whether the words right before a rate figure say it fell."""
    if not is_percent(unit):
        return False
    before = text[max(clause_start, figure_start - LOOK_BACK) : figure_start]
    return _FALL.search(before) is not None
