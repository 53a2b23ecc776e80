"""Figures found in the aligned text: a number with its unit, 百分之…, ranks and streaks.

A candidate is only where a figure is written; deciding whether it is a fact (noise,
exclusions) and what it measures (context, labels) happens elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from luoshi.ingest.extraction.numbers import CN_NUMBER, NUMBER, is_chinese_numeral, read_number
from luoshi.ingest.extraction.units import plain_unit, unit_pattern

RANK_UNIT = "位"

_FIGURE = re.compile(
    # 百分之二十, 百分之5.2
    rf"(?P<pct>百分之(?P<pct_num>{NUMBER}))"
    # 第三位, 全省前2位, 居全省第一 (the unit is optional; context decides)
    rf"|(?P<rank>(?P<rank_pre>第|前)(?P<rank_num>{NUMBER})(?P<rank_unit>位|名)?)"
    # 连续3年, 连续两个季度
    rf"|(?<=连续)(?P<streak_num>{NUMBER})(?P<streak_unit>个季度|季度|年)(?!度)"
    # 86.8亿元, -3.1%, 四个, 300余家, 65万吨
    rf"|(?P<sign>[-−+])?(?P<num>{NUMBER})(?P<approx>余|多)? ?(?P<unit>{unit_pattern()})"
)
# Words before 第/前 that make it a rank rather than an ordinal (第三批, 前三季度).
_RANK_CONTEXT = re.compile(
    r"(排名|排位|排|位居|位列|居于|居|列|位次|全省|全市|全国|全区|全县|东北|同类城市|副省级城市|地级市|"
    r"城市中|进入|跻身|稳居|保持|名列|获得|荣获|升至|升到|降至|降到|上升|提升|前移|后退|进位|下降)"
    r"[^，。；,;]*$"
)
_RANK_FOLLOWER = re.compile(r"[，。；、,;的\s”）)]|$")
# 第三批 is an ordinal, and so is 六次 in 十三届六次全会.
_ORDINAL_BEFORE = "第届"
# 数十家, 几百个, 上千名: no figure is stated.
_VAGUE_BEFORE = "数几上成"
_SESSION_AFTER = ("全会", "全体会议", "全委会")


@dataclass(frozen=True)
class Candidate:
    value: Decimal
    unit: str
    start: int  # where the number (or 百分之, or 第/前 of a rank) begins
    end: int  # where the unit ends
    number_start: int
    number_end: int
    is_rank: bool = False


def find_candidates(text: str) -> list[Candidate]:
    """Every figure written in ``text`` (aligned normal form), left to right."""
    found = []
    position = 0
    while (match := _FIGURE.search(text, position)) is not None:
        candidate = _read(match, text)
        if candidate is None:
            # What looked like a figure was not one (第三批, 一个): look again from the next
            # character, so that 前20个项目 still yields 20个.
            position = match.start() + 1
            continue
        found.append(candidate)
        position = match.end()
    return found


def _read(match: re.Match[str], text: str) -> Candidate | None:
    if match["pct"]:
        return _make(match, "pct_num", "%", match.start("pct"), match.end("pct"))
    if match["rank"]:
        return _read_rank(match, text)
    if match["streak_num"]:
        return _make(match, "streak_num", match["streak_unit"], match.start(), match.end())
    return _read_quantity(match, text)


def _read_rank(match: re.Match[str], text: str) -> Candidate | None:
    before = text[max(0, match.start() - 12) : match.start()]
    has_unit = bool(match["rank_unit"])
    # 排在第一位 of a priority (把发展摆在第一位) is no rank: 第 needs a ranking word.
    if not _RANK_CONTEXT.search(before) and not (has_unit and match["rank_pre"] == "前"):
        return None
    if not has_unit and not _RANK_FOLLOWER.match(text, match.end()):
        return None
    value = read_number(match["rank_num"]) if match["rank_num"] != "一" else Decimal(1)
    if value is None or value <= 0 or value != value.to_integral_value():
        return None
    unit = match["rank_unit"] or RANK_UNIT
    start, end = match.start("rank_num"), match.end()
    return Candidate(value, unit, start, end, start, match.end("rank_num"), is_rank=True)


def _read_quantity(match: re.Match[str], text: str) -> Candidate | None:
    start = match.start("num")
    previous = text[start - 1] if start else ""
    if (previous and previous in _ORDINAL_BEFORE) or text.startswith(_SESSION_AFTER, match.end()) or (previous.isascii() and (previous.isalnum() or previous == ".")):
        return None
    token = match["num"]
    if is_chinese_numeral(token) and previous and (
            re.fullmatch(CN_NUMBER, previous) or previous in _VAGUE_BEFORE):
        return None
    value = read_number(token, unit=match["unit"])
    if value is None:
        return None
    sign_char = match["sign"] or ""
    sign_start = match.start("sign") if sign_char else start
    if sign_char and sign_start and text[sign_start - 1].isdigit():
        sign_char, sign_start = "", start  # a range such as 3-5个: the dash is no sign
    if sign_char and sign_char in "-−":
        value = -value
    if match.start("unit") > match.end("num") + len(match["approx"] or "") and is_chinese_numeral(token):
        return None  # a space splits Chinese words, not a figure from its unit
    return Candidate(value, plain_unit(match["unit"]), sign_start, match.end(), start,
                     match.end("num"))


def _make(match: re.Match[str], group: str, unit: str, start: int, end: int) -> Candidate | None:
    value = read_number(match[group])
    if value is None:
        return None
    return Candidate(value, unit, start, end, match.start(group), match.end(group))
