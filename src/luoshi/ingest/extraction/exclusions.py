"""Ranges that contain numbers but state no fact.

Dates and times, years, phone numbers, document numbers (〔2023〕12号), URLs and e-mail
addresses, ISBN-like codes, and slogans in quotation marks (“两个维护”, “六个走在前列”).
List ordinals (一、 （一） 1.) need no rule: a fact needs a unit after its number.
"""

from __future__ import annotations

import re

_CN = "零〇一二三四五六七八九十"
_PATTERNS = [
    # dates: 2023年6月28日, 2023-07-25, 2023/7/25, 6月28日, 二〇二三年六月, 28日
    rf"(?:\d{{2,4}}|[{_CN}]{{2,4}})年(?:\d{{1,2}}|[{_CN}]{{1,3}})月(?:(?:\d{{1,2}}|[{_CN}]{{1,3}})[日号])?",
    rf"(?:\d{{1,2}}|[{_CN}]{{1,3}})月(?:\d{{1,2}}|[{_CN}]{{1,3}})[日号]",
    r"(?:19|20)\d{2}(?:[-/](?:0?[1-9]|1[0-2])(?:[-/]\d{1,2})?|\.(?:0?[1-9]|1[0-2])\.\d{1,2})(?![\d.%万亿元])",
    r"\d{1,2}:\d{2}(?::\d{2})?",
    # years and year ranges: 2023年, (2023—2025年), 2023-2025
    r"\d{4}\s*[-—–~至到]\s*\d{4}年?|(?:19|20)\d{2}年度?",
    # political formulas, quoted or not: 两个确立, 四个意识, 两个毫不动摇, 三个务必
    r"[两二三四五六七八九十]个(?:确立|维护|意识|自信|全面|毫不动摇|一百年|大局|结合|务必|着力|代表"
    r"|走在前列|始终坚持|必须|善于|坚持|没有变|前所未有)",
    # spans of time used as periods: 前10个月, 近三年
    rf"[前近](?:\d{{1,2}}|[{_CN}]{{1,3}})个?月",
    # phone numbers: 024-12345678, (024)12345678, 13912345678, 12345
    r"(?:\(0\d{2,3}\)|0\d{2,3}-)\d{7,8}(?:-\d{1,4})?|(?<!\d)1[3-9]\d{9}(?!\d)",
    # document numbers: 抚政发〔2023〕12号, [2023]12号, 第12号, 12号文件
    r"[〔\[【(（]\s*\d{4}\s*[〕\]】)）]\s*\d+\s*号|第?\d+号",
    # URLs, e-mail addresses
    r"(?i:https?://|www\.)[^\s\u4e00-\u9fff，。；]+|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z0-9.]+",
    # codes: ISBN 978-7-5000-1234-5, 91210400MA0XXXXX, long digit runs
    r"(?i:ISBN|ISSN|CN)[:：\s]*[\dXx-]{8,}|\d+(?:-\d+){2,}|[0-9A-Z]{15,}|\d{7,}(?![.\d]*[%万亿元])",
]
# Scanned one by one: Python's engine tries every branch of an alternation at every
# position, while a single pattern starting with a character class is scanned fast.
_EXCLUDED = [re.compile(p) for p in _PATTERNS]

# An amount that names a class of projects or firms (10亿元以上项目) is no fact.
_THRESHOLD = re.compile(
    r"(?:\d+(?:\.\d+)?|[一二三四五六七八九十百千]+)[万亿]?元(?:及)?以[上下](?:的)?"
    r"(?:项目|企业|工业|大项目|重点项目|产业|税源|大户)"
)

# A slogan is a short quotation: “两个确立”, “四个意识”, “千名干部进千企服务振兴新突破”.
_QUOTED = re.compile(r"[“\"「『]([^“”\"「」『』\n]{1,24})[”\"」』]")
_FACT_IN_QUOTE = re.compile(r"[%‰]|\d+(?:\.\d+)?[万亿]?元|百分点")


def excluded_ranges(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` ranges of ``text`` (aligned normal form) that hold no fact."""
    ranges = [match.span() for pattern in _EXCLUDED for match in pattern.finditer(text)]
    ranges += [match.span() for match in _THRESHOLD.finditer(text)]
    for match in _QUOTED.finditer(text):
        if not _FACT_IN_QUOTE.search(match.group(1)):
            ranges.append(match.span())
    return sorted(ranges)
