"""luoshi ingest extract / score."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
SEED_002 = DATA / "seed002.txt"  # a copy of /work/shared/seeds/002_…txt


def test_extract_json(capsys):
    call_command("ingest", "extract", str(SEED_002), "--json")
    facts = json.loads(capsys.readouterr().out)
    text = SEED_002.read_text()
    first = facts[0]
    assert set(first) >= {"value", "unit", "label", "kind", "period", "region", "span"}
    assert (first["value"], first["unit"], first["label"]) == (22.3, "%", "固定资产投资增速")
    for fact in facts:
        start, end = fact["span"]
        assert text[start:end] == fact["text"]


def test_extract_table(capsys):
    call_command("ingest", "extract", str(SEED_002))
    out = capsys.readouterr().out
    assert "固定资产投资增速" in out and "86.8" in out and "共提取 14 个数据" in out


def test_extract_reads_gbk_files(tmp_path, capsys):
    path = tmp_path / "gbk.txt"
    path.write_bytes("旅游总收入增长39.4%。".encode("gbk"))
    call_command("ingest", "extract", str(path), "--json")
    assert json.loads(capsys.readouterr().out)[0]["value"] == 39.4


@pytest.mark.parametrize(("content", "message"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "不是文本文件"),
    (None, "无法读取文件"),
])
def test_bad_files_get_a_clear_error(tmp_path, capsys, content, message):
    path = tmp_path / "bad.txt"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(SystemExit) as exit_:
        call_command("ingest", "extract", str(path))
    assert exit_.value.code == 1
    assert message in capsys.readouterr().err


def test_score_prints_recall_and_precision(capsys):
    call_command("ingest", "score", str(DATA), "--min-recall", "0.9", "--min-precision", "0.9")
    out = capsys.readouterr().out
    assert "召回率 recall" in out and "准确率 precision" in out
