"""Scraped-page furniture: navigation, page metadata, share buttons, copyright lines and
the list of related articles that follows a story. No fact is looked for inside them.

Works on whole lines of the aligned normal form and returns ``[start, end)`` ranges, so the
text itself is never cut and offsets stay those of the original.
"""

from __future__ import annotations

import re

# A line holding one of these is page furniture, whatever else it says.
_FURNITURE = re.compile(
    r"您现在(所在)?的位置|当前位置|所在位置|首页\s*[>»›/]|>\s*正文"
    r"|发布时间|发布日期|信息来源|文章来源|稿件来源|浏览次数|阅读次数|点击次数|点击数|访问量|阅读量"
    r"|责任编辑|编辑[:：]|作者[:：]|来源[:：]|制作[:：]|校对[:：]|主编[:：]|审核[:：]|供稿[:：]|记者[:：]"
    r"|本条微信|编辑制作|点击.{0,4}关注|长按.{0,6}二维码|扫一扫|分享到|分享至|转发到|一键分享"
    r"|我要打印|打印本页|【打印】|\[打印\]|关闭窗口|【关闭】|\[关闭\]|字号[:：]|【大\s*中\s*小】|默认大小"
    r"|上一篇|下一篇|返回顶部|返回首页|相关阅读|相关新闻|相关链接|推荐阅读|热点推荐|延伸阅读"
    r"|版权所有|copyright|©|ICP备|ICP证|公网安备|网站标识码|主办单位|承办单位|技术支持|网站地图"
    r"|共印\s*\d+\s*份|^[报送抄][:：]|^(?:报|送|抄送)[:：]"
    r"|联系我们|联系电话[:：]|邮编[:：]|地址[:：]",
    re.IGNORECASE,
)
# Lines that are nothing but buttons or short navigation words.
_BUTTONS = re.compile(
    r"(打印|关闭|分享|收藏|微信|微博|QQ空间|QQ好友|朋友圈|复制链接|返回|更多|评论|点赞|在看|"
    r"[大中小]|字体|\||/|·|\s)+",
    re.IGNORECASE,
)
# After a footer line, the rest of the page is lists of other stories unless it reads as prose.
_FOOTER = re.compile(
    r"相关阅读|相关新闻|推荐阅读|延伸阅读|上一篇|下一篇|版权所有|copyright|©|本条微信|编辑制作|主编[:：]"
    r"|责任编辑|来源[:：]|制作[:：]|校对[:：]",
    re.IGNORECASE,
)
_DATE_STAMP = re.compile(r"\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(\s+\d{1,2}:\d{2}(:\d{2})?)?")
_SENTENCE_END = re.compile(r"[。！？!?]")


def noise_ranges(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` ranges of ``text`` (aligned normal form) that are page furniture."""
    ranges: list[tuple[int, int]] = []
    in_footer = False
    seen_body = False  # 来源 and 编辑 above the story are its header, below it its footer
    offset = 0
    for line in text.splitlines(keepends=True):
        start, end = offset, offset + len(line)
        offset = end
        body = line.strip()
        if not body:
            continue
        if _is_furniture(body, in_footer):
            ranges.append((start, end))
        elif _SENTENCE_END.search(body):
            seen_body = True
        if seen_body and _FOOTER.search(body):
            in_footer = True
        elif in_footer and _reads_as_prose(body):
            in_footer = False
    return _merge(ranges + _trailing_headlines(text))


# A story's page often ends with other stories' headlines and no marker before them.
MIN_HEADLINES = 3
MAX_HEADLINE = 40


def _trailing_headlines(text: str) -> list[tuple[int, int]]:
    """The last lines of the text when at least three of them are short, unpunctuated,
    unindented and unnumbered lines after some prose, like the headlines under seed 000.
    A list of figures (“1.地区生产总值增长5.2%”, indented lines) is not taken for one."""
    lines = text.splitlines(keepends=True)
    end = len(text)
    start = end
    count = 0
    for line in reversed(lines):
        body = line.strip()
        if body and not _looks_like_headline(line, body):
            break
        start -= len(line)
        count += bool(body)
    prose_before = _SENTENCE_END.search(text, 0, start) is not None
    return [(start, end)] if count >= MIN_HEADLINES and prose_before else []


_NUMBERED = re.compile(r"[（(]?[一二三四五六七八九十\d]+[、.．）)]")


def _looks_like_headline(line: str, body: str) -> bool:
    return (len(body) <= MAX_HEADLINE and not _SENTENCE_END.search(body)
            and not line[:1].isspace() and not _NUMBERED.match(body))


def _is_furniture(line: str, in_footer: bool) -> bool:
    if _FURNITURE.search(line) and not _is_long_prose(line):
        return True
    if _BUTTONS.fullmatch(line):
        return True
    if _is_stamp_line(line):
        return True
    return in_footer and not _reads_as_prose(line)


def _is_stamp_line(line: str) -> bool:
    """A short line carrying a publication date stamp: "鲅天下 2023-03-22 09:44:18"."""
    stamp = _DATE_STAMP.search(line)
    return stamp is not None and len(line) - len(stamp.group()) <= 20 and not _SENTENCE_END.search(line)


def _reads_as_prose(line: str) -> bool:
    return len(line) >= 40 and _SENTENCE_END.search(line) is not None


def _is_long_prose(line: str) -> bool:
    """A real paragraph that happens to mention 来源 or 地址 is kept."""
    return len(line) >= 80 and len(_SENTENCE_END.findall(line)) >= 2


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
