"""Extraction from briefing texts: values, units, signs, ranks, exclusions, context."""

from decimal import Decimal
from pathlib import Path

import pytest

from luoshi.ingest.extraction import extract_facts

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"


def facts_of(text):
    return [(f.value, f.unit) for f in extract_facts(text)]


def only(text):
    facts = extract_facts(text)
    assert len(facts) == 1, facts
    return facts[0]


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("项目总投资高达86.8亿元。", "86.8", "亿元"),
    ("固定资产投资增速22.3%。", "22.3", "%"),
    ("全市共有四个片区。", "4", "个"),
    ("新开工项目二十二个。", "22", "个"),
    ("建设65万吨苯酚丙酮项目。", "65", "万吨"),
    ("建设高标准农田150万亩。", "150", "万亩"),
    ("接待游客1025.3万人次。", "1025.3", "万人次"),
    ("新建农村公路326公里。", "326", "公里"),
    ("参会企业1,250家。", "1250", "家"),
    ("实现收入1.2万亿元。", "1.2", "万亿元"),
    ("拜访企业430余家。", "430", "家"),
    ("农产品销售收入同比增长百分之十五。", "15", "%"),
    ("总投资超过百亿元。", "100", "亿元"),
    ("比上年提高1.3个百分点。", "1.3", "个百分点"),
    ("人口出生率为5.32‰。", "5.32", "‰"),
    ("实现增长１２．５％。", "12.5", "%"),  # full-width digits
])
def test_reads_value_and_unit_as_written(text, value, unit):
    fact = only(text)
    assert (fact.value, fact.unit) == (Decimal(value), unit)
    assert text[fact.start:fact.end] == fact.text


@pytest.mark.parametrize(("text", "value"), [
    ("一般公共预算收入同比下降3.1%。", "-3.1"),
    ("粮食总产量下降1.7%。", "-1.7"),
    ("房地产开发投资降幅为18.9%。", "-18.9"),
    ("抚顺县增长-5.3%。", "-5.3"),
    ("比上年下降0.5个百分点。", "-0.5"),
    ("旅游总收入增长39.4%。", "39.4"),
    ("居民消费价格上涨1.8%。", "1.8"),
    ("降幅收窄1.2个百分点。", "1.2"),
])
def test_growth_keeps_its_sign(text, value):
    assert only(text).value == Decimal(value)


def test_a_fall_in_a_count_stays_the_size_written():
    assert facts_of("规上企业比上年减少21家。") == [(Decimal(21), "家")]


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("全市20个项目列入省重大工程项目清单，排名全省第三位。", "3", "位"),
    ("固定资产投资增速居全省第2位。", "2", "位"),
    ("增速居全省第一，", "1", "位"),
    ("连续7个月保持全省前3位。", "3", "位"),
])
def test_ranks(text, value, unit):
    facts = extract_facts(text)
    rank = facts[-1]
    assert (rank.value, rank.unit) == (Decimal(value), unit)


@pytest.mark.parametrize("text", [
    "6月28日，项目奠基仪式举行。",
    "发布时间：2023-07-25 阅读次数：712",
    "咨询电话：024-52651234，0427-2823456，13912345678。",
    "根据《铁岭市促进就业若干措施》（铁政办发〔2023〕12号）要求。",
    "一、总体情况\n（一）固定资产投资。\n1.加强组织领导。\n(2)强化考核。",
    "2023年是全面振兴新突破三年行动的首战之年。",
    "详见 https://www.tieling.gov.cn/xxgk/2023/07/12/art_123_4567.html 。",
    "ISBN 978-7-5000-1234-5",
    "做到“两个维护”，增强“四个意识”，开展“千名干部进千企服务振兴新突破”活动。",
    "市委十三届六次全会胜利召开，市第八次党代会闭幕。",
    "卧薪尝胆干三年，一级做给一级看，这是一次动员会，一个都不能少。",
    "千里之行，始于足下，万家灯火。",
    "三次产业结构为9.3∶49.4∶41.3。",
    "PM2.5浓度下降，5G网络覆盖。",
    "始终把发展摆在第一位，",
    "其中，10亿元以上项目29个。"[:-4],
])
def test_not_facts(text):
    assert extract_facts(text) == []


def test_threshold_amount_is_not_a_fact_but_the_count_is():
    assert facts_of("其中，10亿元以上项目29个。") == [(Decimal(29), "个")]


def test_traditional_text_keeps_offsets_of_the_original():
    text = "固定資產投資增長19.6%，新開工項目六十三個，總投資203.4億元。"
    facts = extract_facts(text)
    assert [(f.value, f.unit, f.text) for f in facts] == [
        (Decimal("19.6"), "%", "19.6%"),
        (Decimal(63), "个", "六十三個"),
        (Decimal("203.4"), "亿元", "203.4億元"),
    ]
    for fact in facts:
        assert text[fact.start:fact.end] == fact.text


def test_noise_of_scraped_pages_is_skipped():
    text = (
        "首页 > 新闻中心 > 正文\n来源：某市政府  浏览次数：1386\n分享到：微信 微博\n"
        "上半年，全市新增就业10256人。\n"
        "上一篇：我市3个项目入选省级名单\n相关新闻\n· 开原市新增5家专精特新企业\n"
        "版权所有：铁岭市人民政府 辽ICP备12345678号\n"
    )
    assert facts_of(text) == [(Decimal(10256), "人")]


def test_label_is_the_words_measured():
    text = "今年上半年，抚顺固定资产投资增速22.3%，域外引资到位额增长92.1%；全市20个项目列入清单。"
    labels = [f.label for f in extract_facts(text)]
    assert labels == ["固定资产投资增速", "域外引资到位额增长", "项目"]


def test_period_and_region_when_the_text_states_them():
    text = "发布时间：2023-07-25\n\n今年上半年，抚顺固定资产投资增速22.3%。6月28日，项目总投资86.8亿元。"
    first, second = extract_facts(text)
    assert (first.period, first.region, first.region_code) == ("2023-H1", "抚顺市", "210400")
    assert first.label == "固定资产投资增速"
    # the same paragraph carries period and region on to the next sentence
    assert (second.period, second.region) == ("2023-H1", "抚顺市")


def test_no_period_or_region_when_not_stated():
    fact = only("项目总投资86.8亿元。")
    assert (fact.period, fact.region, fact.region_code) == (None, None, None)


def test_period_without_a_known_year_is_given_as_written():
    assert only("1-9月，固定资产投资增长14.2%。").period == "1-9月"


def test_county_and_whole_city_regions():
    text = "抚顺市简报\n清原满族自治县增长36.5%；新宾增长22.1%。全市增长14.2%。"
    regions = [f.region for f in extract_facts(text)]
    assert regions == ["清原满族自治县", "新宾满族自治县", "抚顺市"]


@pytest.mark.parametrize(("text", "kinds"), [
    ("今年主要预期目标是：地区生产总值增长6%左右，固定资产投资增长10%。", ["target", "target"]),
    ("力争全年引进域外资金500亿元。", ["target"]),
    ("到2025年，规上工业企业达到1000家；高新技术企业突破600家。", ["target", "target"]),
    ("上半年完成81.8亿元，完成全年目标的52%。", ["actual", "actual"]),
    ("计划总投资亿元以上项目236个。", ["actual"]),
    ("紧盯全年新签约项目300个的目标。", ["target"]),
    ("提出了整体目标，明确了8个方面新突破。", ["actual"]),
    ("确保全年地区生产总值增长6%。", ["target"]),
])
def test_kind_actual_or_target(text, kinds):
    assert [f.kind for f in extract_facts(text)] == kinds


def test_plan_documents_state_targets():
    text = "某市三年行动方案\n\n（一）建设高标准农田150万亩，建成美丽示范村120个。"
    assert [f.kind for f in extract_facts(text)] == ["target", "target"]


def test_seed_002_facts():
    text = (DATA / "seed002.txt").read_text()
    facts = {(f.value, f.unit) for f in extract_facts(text)}
    assert {(Decimal("22.3"), "%"), (Decimal("81.8"), "亿元"), (Decimal("86.8"), "亿元"),
            (Decimal("92.1"), "%"), (Decimal("39.4"), "%"), (Decimal(3), "位"),
            (Decimal(12), "次")} <= facts


def test_json_form():
    fact = only("今年上半年，抚顺旅游总收入增长39.4%。")
    assert fact.as_dict() == {
        "value": 39.4, "unit": "%", "label": "旅游总收入增长", "kind": "actual",
        "period": "今年上半年", "region": "抚顺市", "region_code": "210400",
        "span": [15, 20], "text": "39.4%",
    }


def test_headlines_of_other_stories_at_the_end_are_skipped_but_a_list_of_figures_is_not():
    story = "上半年，全市新增就业1.2万人。\n\n大连：132个重点项目集中开工\n旅顺口区：9月接待游客增长35%\n金普新区新增3家专精特新企业\n"
    assert facts_of(story) == [(Decimal("1.2"), "万人")]
    figures = "全市经济运行良好。\n1.地区生产总值增长5.2%\n2.固定资产投资增长10.1%\n3.社会消费品零售总额增长8%\n"
    assert [v for v, _ in facts_of(figures)] == [Decimal("5.2"), Decimal("10.1"), Decimal(8)]


def test_political_formulas_are_not_counts_even_unquoted():
    assert facts_of("深刻领悟两个确立的决定性意义，做到两个维护，明确七个方面工作。") == [(Decimal(7), "个")]


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("全年组织招商活动120余场次。", "120", "场次"),
    ("新增就业2.3万余人。", "2.3", "万人"),
    ("钢材均价3000元/吨。", "3000", "元/吨"),
    ("总投资30亿元人民币。", "30", "亿元"),
    ("排名由第12位上升至第5位。", "5", "位"),
])
def test_more_ways_of_writing_units(text, value, unit):
    fact = extract_facts(text)[-1]
    assert (fact.value, fact.unit) == (Decimal(value), unit)


def test_vague_quantities_are_not_facts():
    assert facts_of("引进数十家企业，几百个项目，上千名干部。") == []
