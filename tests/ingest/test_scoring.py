"""The labelled set in tests/data/ingest: extraction must keep its recall and precision."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from luoshi.core.errors import InvalidInput
from luoshi.ingest.extraction import Fact
from luoshi.ingest.extraction.facts import FactKind
from luoshi.ingest.scoring import match, report_lines, score_folder

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
RECALL_FLOOR = 0.95
PRECISION_FLOOR = 0.95


def test_the_labelled_set_is_big_enough():
    texts = sorted(DATA.glob("*.txt"))
    assert len(texts) >= 9
    facts = sum(len(json.loads(p.with_suffix(".json").read_text())["facts"]) for p in texts)
    assert facts >= 150


def test_recall_and_precision_stay_above_the_floor():
    score = score_folder(DATA)
    print("\n".join(report_lines(score, details=True)))
    assert score.recall >= RECALL_FLOOR
    assert score.precision >= PRECISION_FLOOR
    assert score.kind_accuracy >= 0.9


def fact(value, unit, start, end):
    return Fact(Decimal(value), unit, "", FactKind.ACTUAL, None, None, None, start, end, "")


def test_a_match_needs_value_unit_and_overlapping_span():
    gold = [{"value": 22.3, "unit": "%", "span": [10, 15]}, {"value": 4, "unit": "个", "span": [20, 22]}]
    score = match("t", gold, [fact("22.3", "%", 12, 17), fact("4", "项", 20, 22), fact("4", "个", 30, 32)])
    assert (score.gold, score.extracted, score.matched) == (2, 3, 1)
    assert [f.unit for f in score.spurious] == ["项", "个"]


def test_each_gold_fact_matches_once():
    gold = [{"value": 65, "unit": "万吨", "span": [0, 4]}]
    score = match("t", gold, [fact("65", "万吨", 0, 4), fact("65", "万吨", 1, 4)])
    assert score.matched == 1


def test_a_folder_without_texts_is_refused(tmp_path):
    with pytest.raises(InvalidInput):
        score_folder(tmp_path)
