"""Text normalisation and Chinese numerals (luoshi.core.textnorm)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from luoshi.core.errors import ParseError
from luoshi.core.textnorm import (
    cn_to_number,
    normalize,
    number_to_cn,
    tidy_decimal,
    to_halfwidth,
    to_simplified,
)


def test_traditional_place_name_becomes_simplified():
    # Given a city name typed in traditional characters
    # When it is converted
    # Then it reads as the simplified name
    assert to_simplified("營口") == "营口"
    assert to_simplified("撫順市發展和改革委員會") == "抚顺市发展和改革委员会"


def test_simplified_and_ascii_text_is_unchanged():
    assert to_simplified("盘锦 2023") == "盘锦 2023"
    assert to_simplified("") == ""


def test_fullwidth_ascii_and_ideographic_space_become_halfwidth():
    assert to_halfwidth("ＡＢＣ１２３．５％－～") == "ABC123.5%-~"
    assert to_halfwidth("营口\u3000盘锦") == "营口 盘锦"


def test_chinese_punctuation_is_kept():
    # Given prose with Chinese punctuation
    text = "一是抓项目、二是抓招商。进展情况：良好，（见附件）！"
    # When it is made half-width
    # Then the punctuation Chinese writing uses is untouched
    assert to_halfwidth(text) == text


def test_fullwidth_punctuation_can_be_converted_when_asked():
    assert to_halfwidth("１，２３４：５", keep_cjk_punctuation=False) == "1,234:5"


def test_normalize_does_both():
    assert normalize("營口１２３") == "营口123"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("二十二", Decimal("22")),
        ("四", Decimal("4")),
        ("零", Decimal("0")),
        ("两千", Decimal("2000")),
        ("一千零一", Decimal("1001")),
        ("十二万五", Decimal("125000")),
        ("八十六点八", Decimal("86.8")),
        ("负三点零五", Decimal("-3.05")),
        ("点五", Decimal("0.5")),
        ("一点五万", Decimal("15000")),
        ("八十六点八亿", Decimal("8680000000")),
        ("1.5万", Decimal("15000")),
        ("1.2万亿", Decimal("1200000000000")),
        ("8万6千", Decimal("86000")),
        ("捌拾陆", Decimal("86")),
        ("22", Decimal("22")),
        ("-3.5", Decimal("-3.5")),
        ("１２", Decimal("12")),
        ("1,234.5", Decimal("1234.5")),
        ("１，２３４.５", Decimal("1234.5")),
        (" 86.80 ", Decimal("86.80")),
    ],
)
def test_numbers_in_any_common_writing_are_read_exactly(text, expected):
    # When the text is read
    value = cn_to_number(text)
    # Then it is the exact Decimal (no float went through)
    assert isinstance(value, Decimal)
    assert value == expected


def test_multiplied_values_carry_no_spurious_zeros_or_exponent():
    assert str(cn_to_number("1.5万")) == "15000"
    assert str(cn_to_number("一点五万")) == "15000"


@pytest.mark.parametrize("text", ["五元", "abc", "负", "1,23", "一点二点三", "三负二"])
def test_unreadable_numbers_raise_parse_error_quoting_the_input(text):
    with pytest.raises(ParseError) as caught:
        cn_to_number(text)
    assert f"「{text}」" in caught.value.message
    assert caught.value.code == "number_invalid"


def test_empty_number_is_refused():
    with pytest.raises(ParseError) as caught:
        cn_to_number("  ")
    assert caught.value.code == "number_empty"


@pytest.mark.parametrize(
    ("value", "style", "expected"),
    [
        (22, "lower", "二十二"),
        (4, "lower", "四"),
        (Decimal("86.8"), "lower", "八十六点八"),
        (Decimal("86.80"), "lower", "八十六点八"),
        (Decimal("-3.05"), "lower", "负三点零五"),
        (Decimal("1E+3"), "lower", "一千"),
        (Decimal("86.8"), "upper", "捌拾陆点捌"),
        (Decimal("86.8"), "rmb", "捌拾陆元捌角"),
        (22, "rmb", "贰拾贰元整"),
    ],
)
def test_numbers_are_written_in_chinese(value, style, expected):
    assert number_to_cn(value, style) == expected


def test_float_is_refused_when_writing_numbers():
    with pytest.raises(TypeError):
        number_to_cn(86.8)  # type: ignore[arg-type]


def test_numbers_beyond_sixteen_integer_digits_raise_parse_error():
    with pytest.raises(ParseError) as caught:
        number_to_cn(10**17)
    assert caught.value.code == "number_out_of_range"
    assert "100000000000000000" in caught.value.message


def test_tidy_decimal_drops_only_zeros():
    assert str(tidy_decimal(Decimal("15000.0"))) == "15000"
    assert str(tidy_decimal(Decimal("86.80"))) == "86.8"
    assert str(tidy_decimal(Decimal("-0.00"))) == "0"
    assert tidy_decimal(Decimal("0.000123400")) == Decimal("0.0001234")


# -- properties ----------------------------------------------------------------------------

integers = st.integers(min_value=-(10**16) + 1, max_value=10**16 - 1)
decimals = st.builds(
    lambda whole, fraction, places: Decimal(whole) + Decimal(fraction).scaleb(-places),
    st.integers(min_value=0, max_value=10**12),
    st.integers(min_value=0, max_value=999999),
    st.integers(min_value=1, max_value=6),
)


@given(integers, st.sampled_from(["lower", "upper"]))
def test_integers_round_trip_through_chinese(n, style):
    assert cn_to_number(number_to_cn(n, style)) == n


@given(decimals, st.booleans(), st.sampled_from(["lower", "upper"]))
def test_decimals_round_trip_through_chinese(value, negative, style):
    value = -value if negative else value
    assert cn_to_number(number_to_cn(value, style)) == value


@given(st.text())
def test_to_halfwidth_is_idempotent(text):
    once = to_halfwidth(text)
    assert to_halfwidth(once) == once


@given(st.text())
def test_halfwidth_text_has_no_fullwidth_ascii_left(text):
    converted = to_halfwidth(text, keep_cjk_punctuation=False)
    assert not any(0xFF01 <= ord(char) <= 0xFF5E or char == "\u3000" for char in converted)
