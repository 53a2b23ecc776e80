"""Property tests of extraction: it never crashes, spans always point at the figure in the
original text, numerals round-trip, and cleaning and conversion never move an offset."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi.core.textnorm import number_to_cn, to_simplified
from luoshi.ingest.extraction import extract_facts
from luoshi.ingest.extraction.aligned import aligned_normal_form

NUMERAL_CHARS = "0123456789０１２３一二三四五六七八九十百千万亿零两点.%％-"
PROSE = "全市上半年固定资产投资增长下降目标力争计划个项次名家位万吨亿元公里第前届年月日，。；、：（）“”\n 營口撫順億萬個項"
texts = st.text(alphabet=st.sampled_from(NUMERAL_CHARS + PROSE) | st.characters(), max_size=300)
fast = settings(max_examples=150, deadline=None)


@fast
@given(texts)
def test_never_crashes_and_spans_point_at_the_figure(text):
    for fact in extract_facts(text):
        assert 0 <= fact.start < fact.end <= len(text)
        assert text[fact.start:fact.end] == fact.text
        assert any(char in NUMERAL_CHARS or char.isdigit() for char in fact.text)
        assert fact.kind in ("actual", "target")


@fast
@given(st.integers(min_value=2, max_value=99_999))
def test_chinese_numerals_round_trip(number):
    words = number_to_cn(number)
    text = f"全市新建项目{words}个，"
    facts = extract_facts(text)
    # A trailing 万 belongs to the unit, as written: 二万个 is 2 万个.
    expected = (Decimal(number // 10_000), "万个") if words.endswith("万") else (Decimal(number), "个")
    assert [(f.value, f.unit) for f in facts] == [expected]
    assert facts[0].text == f"{words}个"


@fast
@given(st.decimals(min_value=Decimal("0.1"), max_value=Decimal("99999.9"), places=1))
def test_arabic_amounts_round_trip(amount):
    text = f"上半年，全市固定资产投资完成{amount}亿元，同比增长{amount}%。"
    money, growth = extract_facts(text)
    assert money.value == growth.value == amount
    assert (money.unit, growth.unit) == ("亿元", "%")


PREFIXES = ["首页 > 新闻中心 > 正文\n", "发布时间：2023-07-25  浏览次数：712\n", "【打印】【关闭】\n",
            "分享到：微信 微博 QQ空间\n", "\n\n", "　　"]


@fast
@given(st.lists(st.sampled_from(PREFIXES), max_size=4),
       st.sampled_from(["固定资产投资增长22.3%。", "新开工项目六十三个。", "总投资86.8亿元。",
                        "排名全省第三位。", "同比下降3.1%。"]))
def test_page_furniture_before_a_text_only_shifts_offsets(prefixes, body):
    head = "".join(prefixes)
    alone = extract_facts(body)
    framed = extract_facts(head + body)
    assert [(f.value, f.unit, f.start + len(head)) for f in alone] == [
        (f.value, f.unit, f.start) for f in framed]


TRADITIONAL = ["固定資產投資增長19.6%", "新開工項目六十三個", "總投資203.4億元", "接待遊客2380萬人次",
               "居全省第二位", "連續7個月保持全省前3位", "新簽約項目118個"]


@fast
@given(st.lists(st.sampled_from(TRADITIONAL), min_size=1, max_size=5))
def test_traditional_and_simplified_give_the_same_facts_at_the_same_places(clauses):
    traditional = "，".join(clauses) + "。"
    simplified = to_simplified(traditional)
    assert len(aligned_normal_form(traditional)) == len(traditional)
    assert [(f.value, f.unit, f.span) for f in extract_facts(traditional)] == [
        (f.value, f.unit, f.span) for f in extract_facts(simplified)]


@fast
@given(texts)
def test_the_review_pieces_always_give_back_the_whole_text(text):
    from luoshi.ingest.extraction.noise import noise_ranges
    from luoshi.ingest.queries import FactRow, segments
    from luoshi.ingest.suggestions import suggest

    rows = [FactRow(fact, None, suggest(fact, [])) for fact in extract_facts(text)]
    pieces = segments(text, rows, noise_ranges(aligned_normal_form(text)))
    assert "".join(piece.text for piece in pieces) == text
    assert sum(1 for piece in pieces if piece.row) == len(rows)
