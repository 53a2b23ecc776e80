"""How figures are written (luoshi.briefs.prose): the one place that may round."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from luoshi.briefs import prose
from luoshi.core.money import parse_quantity, to_wan_yuan
from luoshi.core.periods import Period


@pytest.mark.parametrize(("wan", "text"), [
    (D("818000"), "81.8亿元"), (D("868000"), "86.8亿元"), (D("1000000"), "100亿元"),
    (D("3560"), "3560万元"), (D("9999.4"), "9999万元"), (D("-12000"), "-1.2亿元"),
])
def test_money_in_yi_from_one_yi_up(wan, text):
    assert prose.money(wan).text == text


def test_a_rounded_figure_keeps_its_exact_value():
    written = prose.money(D("818123"))
    assert written.text == "81.8亿元" and written.rounded and written.exact == D("81.8123")
    assert not prose.money(D("818000")).rounded


@pytest.mark.parametrize(("change", "text"), [
    (D("22.3"), "增长22.3%"), (D("-3.1"), "下降3.1%"), (D("0"), "持平"), (D("0.04"), "持平"),
    (D("92.14"), "增长92.1%"), (D("39.45"), "增长39.5%"),
])
def test_growth_as_officials_write_it(change, text):
    assert prose.growth(change).text == text


def test_points_rank_and_count():
    assert prose.points(D("1.2")).text == "提高1.2个百分点"
    assert prose.points(D("-0.5")).text == "回落0.5个百分点"
    assert prose.rank(3).text == "全省第三位"
    assert prose.rank(12, "全市").text == "全市第12位"
    assert prose.count(20).text == "20个" and prose.count(5, "项").text == "5项"


def test_a_count_that_is_not_whole_is_rounded_openly_and_a_score_keeps_two_places():
    written = prose.count(D("2.5"), "项")
    assert (written.text, written.exact) == ("3项", D("2.5"))
    assert prose.count(D("7"), "件").exact is None
    assert prose.score(D("93.50")).text == "93.5分"
    assert prose.score(D("88.126")).text == "88.13分"


@pytest.mark.parametrize(("month", "phrase"), [
    ("2023-01", "1月"), ("2023-02", "1-2月"), ("2023-03", "一季度"), ("2023-05", "1-5月"),
    ("2023-06", "上半年"), ("2023-09", "前三季度"), ("2023-12", "全年"),
])
def test_period_phrases(month, phrase):
    assert prose.period_phrase(prose.year_to_date(month)) == phrase


def test_floats_are_refused():
    with pytest.raises(TypeError):
        prose.percent(22.3)


amounts = st.decimals(min_value=D("-1e9"), max_value=D("1e9"), places=4, allow_nan=False)


@given(amounts)
def test_money_reads_back_within_its_rounding(wan):
    written = prose.money(wan)
    back = to_wan_yuan(parse_quantity(written.text))
    limit = D("500") if abs(wan) >= 10000 else D("0.5")  # half of 0.1亿元, half of 1万元
    assert abs(back - wan) <= limit
    assert written.rounded == (back != wan)


@given(st.decimals(min_value=D("-1000"), max_value=D("1000"), places=3, allow_nan=False))
def test_growth_keeps_the_sign(change):
    text = prose.growth(change).text
    if text != "持平":
        assert text.startswith("增长" if change > 0 else "下降")
    else:
        assert abs(change) < D("0.05")


def test_year_to_date_of_february_is_january_and_february():
    assert prose.year_to_date("2023-02") == Period.of_jan_feb(2023)
