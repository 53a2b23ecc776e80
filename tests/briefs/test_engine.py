"""Section templates: errors name the line; figures written are recorded."""

from decimal import Decimal as D

import pytest

from luoshi.briefs import engine
from luoshi.briefs.figures import Figure, Source
from luoshi.core.errors import InvalidInput

FAI = Figure("fai.growth", "固定资产投资增速", D("22.3"), "%",
             (Source("抚顺市固定资产投资 2023年1-6月", "indicators.Observation", (7,),
                     rows=({"区划": "抚顺市", "同比": D("22.3")},)),))


def test_figures_are_written_and_recorded_in_order():
    text, figures = engine.render("上半年，固定资产投资{{ fai|growth }}，完成{{ total|money }}。",
                                  {"fai": FAI, "total": D("818000")})
    assert text == "上半年，固定资产投资增长22.3%，完成81.8亿元。"
    assert [f["text"] for f in figures] == ["增长22.3%"]  # plain numbers have no provenance
    assert figures[0]["sources"][0]["ids"] == [7]
    assert figures[0]["sources"][0]["rows"] == [{"区划": "抚顺市", "同比": "22.3"}]


def test_blank_lines_make_paragraphs_and_line_breaks_inside_do_not():
    text, _ = engine.render("第一段\n  接着写。\n\n第二段。", {})
    assert text == "第一段接着写。\n第二段。"


def test_a_syntax_error_names_its_line():
    with pytest.raises(InvalidInput) as exc:
        engine.check("第一行\n第二行{% if x %}\n第三行")
    assert "第2行" in exc.value.message


def test_an_unknown_variable_shows_in_the_text():
    text, _ = engine.render("完成{{ nothing }}。", {})
    assert "未知变量" in text


def test_templates_cannot_load_other_libraries():
    with pytest.raises(InvalidInput):
        engine.check("{% load static %}{% static 'x' %}")
