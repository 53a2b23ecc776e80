"""Quantities and money in 万元 (luoshi.core.money)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from luoshi.core.errors import DomainError, ParseError, UnitError
from luoshi.core.money import MONEY_UNITS, Quantity, format_money, parse_quantity, to_wan_yuan


def test_yi_yuan_amount_converts_to_wan_yuan():
    # Given a figure from a briefing
    quantity = parse_quantity("86.8亿元")
    # Then the unit the writer chose is kept
    assert quantity == Quantity(Decimal("86.8"), "亿元")
    # And in 万元 it is exactly 868000
    assert to_wan_yuan(quantity) == Decimal("868000")
    assert str(to_wan_yuan(quantity)) == "868000"


@pytest.mark.parametrize(
    ("text", "value", "unit", "wan_yuan"),
    [
        ("八十六点八亿元", "86.8", "亿元", "868000"),
        ("８６．８亿元", "86.8", "亿元", "868000"),
        ("1,234.5万元", "1234.5", "万元", "1234.5"),
        ("2,000,000元", "2000000", "元", "200"),
        ("1234.5678元", "1234.5678", "元", "0.12345678"),
        ("5千元", "5", "千元", "0.5"),
        ("3千万元", "3", "千万元", "3000"),
        ("五百万元", "500", "万元", "500"),
        ("十二万五千元", "125000", "元", "12.5"),
        ("一亿二千万元", "120000000", "元", "12000"),
        ("1.2万亿元", "1.2", "万亿元", "120000000"),
        ("-5 万元", "-5", "万元", "-5"),
    ],
)
def test_money_in_the_forms_people_type(text, value, unit, wan_yuan):
    quantity = parse_quantity(text)
    assert quantity == Quantity(Decimal(value), unit)
    assert quantity.is_money
    assert to_wan_yuan(quantity) == Decimal(wan_yuan)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("65万吨", "65", "万吨"),
        ("3.2万亩", "3.2", "万亩"),
        ("22.3%", "22.3", "%"),
        ("百分之五", "5", "%"),
        ("12个", "12", "个"),
        ("10万千瓦", "10", "万千瓦"),
        ("1.5个百分点", "1.5", "个百分点"),
        ("3万辆", "3", "万辆"),
    ],
)
def test_non_money_units_stay_as_written(text, value, unit):
    quantity = parse_quantity(text)
    assert quantity == Quantity(Decimal(value), unit)
    assert not quantity.is_money


def test_tonnes_are_not_money():
    # Given a quantity in 万吨
    quantity = parse_quantity("65万吨")
    # When it is converted to 万元
    with pytest.raises(UnitError) as caught:
        to_wan_yuan(quantity)
    # Then a domain error says it is not money
    assert isinstance(caught.value, DomainError)
    assert caught.value.code == "not_money"
    assert "万吨" in caught.value.message
    assert "不是金额单位" in caught.value.message


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("86.8", "unit_missing"),
        ("abc元", "number_missing"),
        ("八十六点八点八亿元", "number_invalid"),
    ],
)
def test_bad_quantities_raise_parse_error_quoting_the_input(text, code):
    with pytest.raises(ParseError) as caught:
        parse_quantity(text)
    assert caught.value.code == code
    assert f"「{text}」" in caught.value.message


def test_quantity_refuses_float():
    with pytest.raises(TypeError):
        Quantity(86.8, "亿元")  # type: ignore[arg-type]


def test_quantity_accepts_int_as_decimal():
    assert Quantity(65, "万吨").value == Decimal(65)
    assert str(Quantity(Decimal("86.80"), "亿元")) == "86.8亿元"


@pytest.mark.parametrize(
    ("wan_yuan", "kwargs", "expected"),
    [
        (Decimal("868000"), {}, "86.8亿元"),
        (Decimal("868000"), {"unit": "万元"}, "868000万元"),
        (Decimal("868000"), {"unit": "亿元", "decimals": 2}, "86.80亿元"),
        (Decimal("1234.5"), {}, "1234.5万元"),
        (Decimal("1234.5"), {"grouping": True}, "1,234.5万元"),
        (Decimal("9999.99"), {}, "9999.99万元"),
        (Decimal("10000"), {}, "1亿元"),
        (Decimal("0.0001"), {"unit": "元"}, "1元"),
        (Decimal("0"), {}, "0万元"),
        (-5, {}, "-5万元"),
    ],
)
def test_money_is_written_with_its_unit(wan_yuan, kwargs, expected):
    assert format_money(wan_yuan, **kwargs) == expected


def test_asking_for_fewer_decimals_keeps_every_digit():
    # Given 86.8123亿元 held in 万元
    # When one decimal is asked for
    text = format_money(Decimal("868123"), "亿元", decimals=1)
    # Then nothing is rounded away
    assert text == "86.8123亿元"


def test_format_money_refuses_float_and_non_money_units():
    with pytest.raises(TypeError):
        format_money(868000.0)  # type: ignore[arg-type]
    with pytest.raises(UnitError):
        format_money(Decimal(1), "万吨")


def test_conversion_is_exact_beyond_the_decimal_context_precision():
    # Given more significant digits than Decimal's default 28
    value = Decimal("1234567890123456789012345678901.23")
    # Then converting 元 to 万元 moves the point and keeps every digit
    assert to_wan_yuan(Quantity(value, "元")) == Decimal("123456789012345678901234567.890123")


# -- properties ----------------------------------------------------------------------------

amounts = st.decimals(
    min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=6, allow_nan=False
)


@given(amounts, st.sampled_from(["auto", *MONEY_UNITS]), st.booleans())
def test_formatted_money_parses_back_to_the_same_amount(wan_yuan, unit, grouping):
    text = format_money(wan_yuan, unit, grouping=grouping)
    assert to_wan_yuan(parse_quantity(text)) == wan_yuan


@given(amounts, st.sampled_from(list(MONEY_UNITS)))
def test_quantity_text_parses_back_to_itself(value, unit):
    quantity = Quantity(value, unit)
    assert to_wan_yuan(parse_quantity(str(quantity))) == to_wan_yuan(quantity)


@given(amounts, st.integers(min_value=0, max_value=8))
def test_format_money_never_loses_digits(wan_yuan, decimals):
    text = format_money(wan_yuan, "亿元", decimals=decimals)
    assert Decimal(text.removesuffix("亿元")) * 10000 == wan_yuan
