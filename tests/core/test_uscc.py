"""统一社会信用代码 checks (luoshi.core.uscc)."""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from stdnum.cn.uscc import calc_check_digit

from luoshi.core.errors import DomainError, UsccError
from luoshi.core.uscc import ALPHABET, ORG_TYPES, check_uscc, is_valid_uscc

# Codes published by registered enterprises; each one verifies with stdnum's check digit.
VALID_CODES = ["91110000600037341L", "91440300708461136T", "91310000MA1FL4B24G"]


@pytest.mark.parametrize("code", VALID_CODES)
def test_published_codes_are_valid(code):
    result = check_uscc(code)
    assert result.code == code
    assert result.warning is None
    assert result.is_standard
    assert is_valid_uscc(code)


def test_a_valid_code_is_split_into_its_parts():
    # Given a company's code
    # When it is checked
    result = check_uscc("91440300708461136T")
    # Then its parts are named
    assert result.authority == "9"
    assert result.authority_name == "工商"
    assert result.org_type == "1"
    assert result.org_type_name == "企业"
    assert result.region_code == "440300"
    assert result.subject_code == "708461136"
    assert result.check_char == "T"


@pytest.mark.parametrize(
    "typed",
    ["91440300708461136t", "９１４４０３００７０８４６１１３６Ｔ", " 9144 0300-7084 61136T "],
)
def test_lower_case_full_width_and_spacing_are_normalised(typed):
    assert check_uscc(typed).code == "91440300708461136T"


def test_a_wrong_check_character_names_the_expected_one():
    # Given a code whose last character was mistyped
    code = "91110000600037175E"
    # When it is checked
    with pytest.raises(UsccError) as caught:
        check_uscc(code)
    # Then the message says which character it should be
    assert isinstance(caught.value, DomainError)
    assert caught.value.code == "uscc_check"
    assert "校验码应为Q，实为E" in caught.value.message
    assert not is_valid_uscc(code)


def test_wrong_length_is_reported():
    with pytest.raises(UsccError) as caught:
        check_uscc("914403007084611")
    assert caught.value.code == "uscc_length"
    assert "18位" in caught.value.message
    assert "15位" in caught.value.message


@pytest.mark.parametrize("char", ["I", "O", "Z", "S", "V", "*"])
def test_excluded_characters_are_refused(char):
    code = "9144030070846113" + char + "T"
    with pytest.raises(UsccError) as caught:
        check_uscc(code)
    assert caught.value.code == "uscc_charset"
    assert f"第17位“{char}”" in caught.value.message


def test_region_must_be_six_digits():
    with pytest.raises(UsccError) as caught:
        check_uscc("91AB0300708461136T")
    assert caught.value.code == "uscc_region"


def test_letter_authorities_of_the_standard_are_accepted():
    # Given a code registered by the 农业 authority (letter N)
    body = "N2210800MA0000001"
    code = body + calc_check_digit(body)
    # Then it is valid and named
    result = check_uscc(code)
    assert result.authority_name == "农业"
    assert result.org_type_name == "村级集体经济组织"
    assert result.warning is None


def test_an_early_pilot_code_gets_a_warning_not_an_exception():
    # Given a code whose authority is outside the standard's table and check char fails
    body = "Q1440300708461136"
    expected = calc_check_digit(body)
    actual = "T" if expected != "T" else "U"
    # When it is checked
    result = check_uscc(body + actual)
    # Then it is returned with a pilot warning naming the expected check character
    assert result.warning_code == "uscc_pilot"
    assert f"校验码应为{expected}，实为{actual}" in result.warning
    assert not result.is_standard
    assert not is_valid_uscc(body + actual)


def test_unknown_type_with_good_check_char_is_flagged():
    # Given 工商 (9) with organisation type 4, which the standard does not define
    body = "94440300708461136"
    result = check_uscc(body + calc_check_digit(body))
    assert result.warning_code == "uscc_pilot"
    assert "机构类别代码" in result.warning


# -- properties ----------------------------------------------------------------------------

standard_pairs = st.sampled_from(
    [authority + org_type for authority, types in ORG_TYPES.items() for org_type in types]
)
bodies = st.builds(
    lambda pair, region, subject: pair + region + subject,
    standard_pairs,
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.text(alphabet=ALPHABET, min_size=9, max_size=9),
)


@given(bodies)
def test_a_body_with_its_check_digit_validates(body):
    result = check_uscc(body + calc_check_digit(body))
    assert result.is_standard
    assert result.code[:17] == body


@given(bodies, st.sampled_from(ALPHABET))
def test_any_other_check_char_is_rejected_naming_the_expected_one(body, wrong):
    expected = calc_check_digit(body)
    assume(wrong != expected)
    with pytest.raises(UsccError) as caught:
        check_uscc(body + wrong)
    assert caught.value.code == "uscc_check"
    assert f"校验码应为{expected}，实为{wrong}" in caught.value.message


@given(bodies)
def test_lower_case_is_accepted(body):
    code = body + calc_check_digit(body)
    assert check_uscc(code.lower()).code == code
