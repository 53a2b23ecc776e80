"""Text normalisation and Chinese numerals.

Everything that reads numbers or codes typed by people goes through here first:
traditional characters become simplified (OpenCC ``t2s``), full-width ASCII becomes
half-width, and Chinese numerals (二十二, 八十六点八, 捌拾陆) become ``Decimal`` via ``cn2an``.
``cn2an`` computes fractions in floats, so this module only hands it integer parts and reads
the digits after 点 itself: no value ever passes through a float.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from typing import Literal

import cn2an
import opencc

from luoshi.core.errors import ParseError

__all__ = [
    "cn_to_number",
    "normalize",
    "number_to_cn",
    "tidy_decimal",
    "to_halfwidth",
    "to_simplified",
]

# Full-width forms that Chinese typesetting uses as its own punctuation: kept by default so
# that prose such as "进展情况：" is not turned into "进展情况:".
CJK_PUNCTUATION = "，；：！？（）"

_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = ord(" ")  # ideographic space
_FULLWIDTH_ALL = str.maketrans(_FULLWIDTH)
_FULLWIDTH_KEEP_CJK = str.maketrans(
    {code: target for code, target in _FULLWIDTH.items() if chr(code) not in CJK_PUNCTUATION}
)

_DIGITS = {
    **{str(i): i for i in range(10)},
    **dict.fromkeys("零〇", 0),
    "一": 1, "壹": 1, "二": 2, "两": 2, "贰": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
    "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
_MAGNITUDES = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000,
               "万": 10**4, "亿": 10**8}  # fmt: skip
_NUMERAL_CHARS = frozenset(_DIGITS) | frozenset(_MAGNITUDES) | frozenset("点负廿.-+")

_ARABIC = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_ARABIC_WITH_MAGNITUDE = re.compile(r"(\d+(?:\.\d+)?)([十拾百佰千仟万亿]+)")
_THOUSANDS_COMMA = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_TRAILING_MAGNITUDES = re.compile(r"[十拾百佰千仟万亿]*$")

_STYLES = {"lower": "low", "upper": "up", "rmb": "rmb"}


@cache
def _t2s() -> opencc.OpenCC:
    """The OpenCC converter, built on first use (loading its dictionaries takes a moment)."""
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Convert traditional Chinese to simplified (營口 → 营口); other text is unchanged."""
    return _t2s().convert(text) if text else text


def to_halfwidth(text: str, *, keep_cjk_punctuation: bool = True) -> str:
    """Turn full-width ASCII (ＡＢＣ１２３．％－) and the ideographic space into half-width.

    Chinese punctuation outside the full-width ASCII block (、。《》“”) is never touched. The
    full-width marks Chinese prose uses as its own (``CJK_PUNCTUATION``: ，；：！？（）) are kept
    too unless ``keep_cjk_punctuation`` is false. Idempotent.
    """
    table = _FULLWIDTH_KEEP_CJK if keep_cjk_punctuation else _FULLWIDTH_ALL
    return text.translate(table)


def normalize(text: str) -> str:
    """Half-width then simplified: the form in which luoshi compares and parses text."""
    return to_simplified(to_halfwidth(text))


def tidy_decimal(value: Decimal) -> Decimal:
    """The same value without trailing fractional zeros (and 0 for -0).

    ``Decimal("15000.0")`` → ``Decimal("15000")``, ``Decimal("86.80")`` → ``Decimal("86.8")``;
    whole numbers never get a positive exponent (``1.5E+4``). Only zeros go: no digit that
    carries value is ever dropped. Write it out with ``format(value, "f")``.
    """
    if not value:
        return Decimal(0)
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _fail(text: str, why: str = "") -> ParseError:
    detail = f"：{why}" if why else ""
    return ParseError(f"无法识别数字「{text}」{detail}", code="number_invalid")


def _integer_part(part: str, original: str) -> int:
    """Read the integer part of a numeral (arabic, Chinese or mixed such as 8万6千)."""
    if not part:
        return 0
    if part.isascii() and part.isdigit():
        return int(part)
    try:
        value = cn2an.cn2an(part, "smart")
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise _fail(original) from exc
    if isinstance(value, float):  # cn2an answers some inputs as float; accept only whole ones
        if not value.is_integer():
            raise _fail(original)
        value = int(value)
    return int(value)


def _magnitude(chars: str) -> int:
    factor = 1
    for char in chars:
        factor *= _MAGNITUDES[char]
    return factor


def cn_to_number(text: str) -> Decimal:
    """Read a number written in arabic digits, Chinese numerals or a mix, exactly.

    Accepts ``"22"``, ``"二十二"``, ``"四"``, ``"负三点零五"``, ``"八十六点八"``, ``"一点五万"``,
    ``"1.5万"``, ``"8万6千"``, ``"捌拾陆"``, full-width digits and thousands separators
    (``"1,234.5"``). Raises ``ParseError`` (Chinese message quoting the input) otherwise.
    """
    s = to_simplified(to_halfwidth(text, keep_cjk_punctuation=False))
    s = _THOUSANDS_COMMA.sub("", s.strip().replace(" ", ""))
    if not s:
        raise ParseError("数字不能为空", code="number_empty")
    if _ARABIC.fullmatch(s):
        return Decimal(s)
    if not set(s) <= _NUMERAL_CHARS:
        bad = next(char for char in s if char not in _NUMERAL_CHARS)
        raise _fail(text, f"含有非数字字符“{bad}”")
    sign = 1
    if s[0] in "负-":
        sign, s = -1, s[1:]
    elif s[0] == "+":
        s = s[1:]
    if not s or not set(s) - set("点.负+-"):
        raise _fail(text)
    mixed = _ARABIC_WITH_MAGNITUDE.fullmatch(s)
    if mixed:
        return tidy_decimal(sign * Decimal(mixed[1]) * _magnitude(mixed[2]))
    s = s.replace(".", "点")
    whole, point, fraction = s.partition("点")
    if "点" in fraction or (point and not whole and not fraction):
        raise _fail(text)
    factor = 1
    if point:
        mags = _TRAILING_MAGNITUDES.search(fraction)
        assert mags is not None  # the pattern also matches the empty suffix
        factor = _magnitude(mags.group())
        fraction = fraction[: mags.start()]
        if any(char not in _DIGITS for char in fraction):
            raise _fail(text)
    digits = "".join(str(_DIGITS[char]) for char in fraction)
    value = Decimal(_integer_part(whole, text)) + (Decimal(f"0.{digits}") if digits else 0)
    return sign * value if factor == 1 else tidy_decimal(sign * value * factor)


def _plain(value: Decimal) -> str:
    """Fixed-point text of ``value`` without trailing fractional zeros (no exponent)."""
    text = format(tidy_decimal(value), "f")
    return "0" if text == "-0" else text


def _an2cn(text: str, mode: str) -> str:
    """cn2an.an2cn, mending one of its slips: across 亿 it drops the 零 that an empty 万
    group needs (62500001011 came out 六百二十五亿一千零一十一, which reads back as 1)."""
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, _, fraction = digits.partition(".")
    high, low = divmod(int(whole), 10**8)
    if high == 0 or low == 0 or low >= 10**7:
        return cn2an.an2cn(text, mode)
    zero, yi = ("零", "亿")
    words = cn2an.an2cn(str(high), mode) + yi + zero + cn2an.an2cn(str(low), mode)
    if fraction:
        words += cn2an.an2cn(f"0.{fraction}", mode)[1:]  # drop the leading 零 of 零点…
    return ("负" if sign else "") + words


def number_to_cn(value: Decimal | int, style: Literal["lower", "upper", "rmb"] = "lower") -> str:
    """Write a number in Chinese numerals: 22 → 二十二, Decimal("86.8") → 八十六点八.

    ``style="upper"`` gives 大写 digits (捌拾陆点捌) and ``"rmb"`` the cheque form of an amount
    in 元 (捌拾陆元捌角); only the first two read back with ``cn_to_number``. Trailing zeros
    after the point are dropped (they do not change the value); other digits are never
    rounded. Floats are refused: pass a ``Decimal``.
    """
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"number_to_cn expects Decimal or int, got {type(value).__name__}")
    if isinstance(value, Decimal) and not value.is_finite():
        raise ParseError(f"无法把「{value}」写成中文数字", code="number_invalid")
    if style not in _STYLES:
        raise ValueError(f"unknown style {style!r}; use one of {sorted(_STYLES)}")
    text = _plain(Decimal(value))
    try:
        if style == "rmb":
            return cn2an.an2cn(text, _STYLES[style])
        return _an2cn(text, _STYLES[style])
    except (ValueError, KeyError, IndexError) as exc:
        raise ParseError(
            f"无法把「{text}」写成中文数字（整数部分最多16位）", code="number_out_of_range"
        ) from exc
