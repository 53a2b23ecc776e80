"""The review page's reads: the text cut into plain, highlighted and greyed pieces."""

from luoshi.ingest.extraction import extract_facts
from luoshi.ingest.extraction.aligned import aligned_normal_form
from luoshi.ingest.extraction.noise import noise_ranges
from luoshi.ingest.queries import FactRow, segments
from luoshi.ingest.suggestions import suggest


def test_segments_put_the_text_back_together_with_facts_and_noise_marked():
    text = "首页 > 要闻\n分享到：微信 微博\n上半年，旅游总收入增长39.4%，投资81.8亿元。\n版权所有：某市政府\n"
    rows = [FactRow(fact, None, suggest(fact, [])) for fact in extract_facts(text)]
    pieces = segments(text, rows, noise_ranges(aligned_normal_form(text)))
    assert "".join(piece.text for piece in pieces) == text
    assert [p.text for p in pieces if p.row] == ["39.4%", "81.8亿元"]
    assert [p.text for p in pieces if p.is_noise] == ["首页 > 要闻\n分享到：微信 微博\n", "版权所有：某市政府\n"]
