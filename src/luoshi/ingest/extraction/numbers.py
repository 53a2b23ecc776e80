"""Number tokens as briefings write them, and their exact values.

Arabic numbers (``86.8``, ``1,234.5``), Chinese numerals (``四``, ``二十二``, ``八十六点八``,
``一万二千``) and ``百分之…``. A magnitude character (万, 亿) that ends a numeral belongs to the
unit, not the number: ``五万吨`` is 5 万吨 and ``86.8亿元`` is 86.8 亿元, as written.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from luoshi.core.errors import ParseError
from luoshi.core.textnorm import cn_to_number

CN_DIGIT = "零〇一二两三四五六七八九"
CN_SMALL_MAGNITUDE = "十百千"
# A Chinese numeral: digits and 十百千, with 万/亿 only inside it (followed by more digits),
# then an optional fraction after 点.
CN_NUMBER = (
    rf"[{CN_DIGIT}{CN_SMALL_MAGNITUDE}]+(?:[万亿][{CN_DIGIT}{CN_SMALL_MAGNITUDE}]+)*"
    rf"(?:点[{CN_DIGIT}]+)?"
)
ARABIC_NUMBER = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
NUMBER = rf"(?:{ARABIC_NUMBER}|{CN_NUMBER})"


@lru_cache(maxsize=4096)
def read_number(token: str, *, unit: str = "") -> Decimal | None:
    """The exact value of a number token, or None when it is not a usable numeral."""
    if not token or not is_plausible_numeral(token, unit=unit):
        return None
    if token in ("百", "千"):  # cn2an wants the 一 that prose leaves out (百亿元 = 一百亿元)
        token = "一" + token
    try:
        return cn_to_number(token)
    except ParseError:
        return None


def is_plausible_numeral(token: str, *, unit: str = "") -> bool:
    """Whether a Chinese numeral token can be a quantity rather than part of a word.

    A lone 一 is an article ("一个", "一次全面落实"), and a lone 百/千/万 is a figure of
    speech ("千名干部进千企", "万家灯火"); neither states a quantity, except a round sum of
    money (超过百亿元).
    """
    if token[0].isdigit():
        return True
    if token in ("百", "千") and unit.endswith("元"):
        return True
    if token == "一" and unit[:1] in "万亿千":  # 一亿元, 一万个: a magnitude makes it a figure
        return True
    if token in ("一", "百", "千", "十百", "万", "亿"):
        return False
    return any(char in CN_DIGIT or char == "十" for char in token)


def is_chinese_numeral(token: str) -> bool:
    return bool(token) and not token[0].isdigit()
