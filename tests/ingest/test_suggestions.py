"""Suggesting the indicator and the kind of figure from an extracted fact."""

from types import SimpleNamespace

import pytest

from luoshi.ingest.extraction import extract_facts
from luoshi.ingest.suggestions import best_indicator, suggest

INDICATORS = [SimpleNamespace(pk=1, name="固定资产投资"), SimpleNamespace(pk=2, name="旅游总收入"),
              SimpleNamespace(pk=3, name="域外引资到位额"), SimpleNamespace(pk=4, name="工业增加值")]


@pytest.mark.parametrize(("label", "expected"), [
    ("固定资产投资增速", 1), ("域外引资到位额增长", 3), ("旅游总收入增长", 2),
    ("规模以上工业增加值", 4), ("市委常委会和领导小组会议", None), ("", None),
])
def test_best_indicator(label, expected):
    assert best_indicator(label, INDICATORS) == expected


@pytest.mark.parametrize(("text", "indicator", "kind", "period"), [
    ("发布时间：2023-07-25\n今年上半年，抚顺固定资产投资增速22.3%。", 1, "yoy", "2023-H1"),
    ("发布时间：2023-07-25\n上半年，全市固定资产投资完成81.8亿元。", 1, "cumulative", "2023-H1"),
    ("工业项目投资占比40%。", None, "value", ""),
    ("2023年6月，旅游总收入12.5亿元。", 2, "value", "2023-06"),
])
def test_suggest(text, indicator, kind, period):
    (fact,) = extract_facts(text)
    suggestion = suggest(fact, INDICATORS)
    assert (suggestion.indicator_id, suggestion.value_kind, suggestion.period) == (indicator, kind, period)
