"""The data a brief section can draw on. Each source is a function
``(region, month) -> dict`` of :class:`~luoshi.briefs.figures.Figure` and lists, documented
variable by variable (docs/briefs.md), imported only when used, so a source whose app is
missing or empty leaves its section out rather than failing the brief."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from luoshi.core.models import Region
from luoshi.core.periods import Period


@dataclass(frozen=True)
class SourceSpec:
    name: str
    label: str
    function: str  # dotted path
    variables: dict[str, str]


COMMON = {
    "region": "区划名称，如“抚顺市”",
    "period": "报告期的说法：1-2月、一季度、上半年、前三季度、全年、1-5月",
    "year": "年份",
}

SOURCES: dict[str, SourceSpec] = {}


def register(spec: SourceSpec) -> None:
    SOURCES[spec.name] = spec


def source_context(name: str, region: Region, month: Period) -> dict | None:
    """The source's variables for ``region`` and the month ``month``, or None when it has
    nothing to say (its app holds no data for the region)."""
    spec = SOURCES[name]
    module, _, function = spec.function.rpartition(".")
    data = getattr(import_module(module), function)(region, month)
    if data is None:
        return None
    return {**common_context(region, month), **data}


def common_context(region: Region, month: Period) -> dict:
    from luoshi.briefs.prose import period_phrase, year_to_date

    return {"region": region.name, "period": period_phrase(year_to_date(month.code)),
            "year": month.year}


register(SourceSpec(
    name="indicators", label="主要经济指标", function="luoshi.briefs.sources.indicators.indicators",
    variables={
        "indicators": "重点指标的列表，按指标排序；每项有 name（名称）、amount（累计值）、growth（同比）、"
                      "rank（在全省或全市的位次）、scope（全省/全市）、streak（如“连续4个月全省前2位”）",
        "ind": "按指标代码（小写）取一项，如 ind.fai.growth",
    }))

register(SourceSpec(
    name="projects", label="重大项目", function="luoshi.briefs.sources.projects.projects",
    variables={
        "investment": "项目完成投资（年初至今，万元）",
        "investment_growth": "项目完成投资同比（%）",
        "industrial_share": "工业项目投资占比（%）",
        "province_list": "省级重大项目清单名称",
        "province_list_size / province_list_count / province_list_rank":
            "清单项目总数、本市项目数、本市项目数在各市中的位次",
        "ahead": "项目数排在本市前面的城市名称列表",
        "started": "年初以来开工项目数",
        "biggest_started": "总投资最大的三个开工项目；每项有 name、location、total（总投资）",
    }))

register(SourceSpec(
    name="attraction", label="招商引资", function="luoshi.briefs.sources.attraction.attraction",
    variables={
        "talks / signed / landed": "年初以来洽谈、签约、落位项目数",
        "talks_new / signed_new / landed_new": "其中本年新增的",
        "talks_growth / signed_growth / landed_growth": "比上年同期增长（%）",
        "funds / funds_growth": "域外引资到位额（万元）及同比（%）",
    }))

register(SourceSpec(
    name="delivery", label="方案落实（红黄绿灯）", function="luoshi.briefs.sources.delivery.delivery",
    variables={
        "plans": "在期方案数（个）",
        "nodes": "参与评价的任务、举措数（项）",
        "green / yellow / red": "绿灯、黄灯、红灯的任务数（项）",
        "red_by_unit": "红灯任务按牵头单位的列表，项数多的在前；每项有 unit（单位名称）、count（项数）、items（任务标题）",
        "red_units": "有红灯任务的牵头单位数（个）",
        "late": "本期逾期报送的报告数（份）",
    }))

register(SourceSpec(
    name="supervision", label="督查督办", function="luoshi.briefs.sources.supervision.supervision",
    variables={
        "issued / closed": "年初以来交办的督办单数、其中已销号的（件）",
        "due / on_time_rate": "年初以来到期的督办单数，其中按期销号的比例（%，与实绩考核的“督办事项按期办结率”同一口径）",
        "open / awaiting / overdue": "截至月末在办的督办单数，其中已报送办理结果待销号的，超过办理时限仍在单位手中"
                                     "（已交办、办理中或被退回）的（件）",
        "overdue_by_unit": "逾期督办单按承办单位的列表，件数多的在前；每项有 unit（单位名称）、count（件数）、numbers（督办单编号）",
        "overdue_units": "有逾期督办单的单位数（个）",
        "warnings": "本月产生的预警条数",
    }))

register(SourceSpec(
    name="recognition", label="表扬和通报批评", function="luoshi.briefs.sources.recognition.recognition",
    variables={
        "assessment": "最近一期实绩考核的名称，如“《…考核方案》2023年二季度考核”",
        "commended": "拟表扬的单位：最近一期考核各类别第一名和前进3位以上的单位；每项有 unit、category（类别）、"
                     "first（是否第一名）、total（总分）、rank（名次）、climb（前进名次，可能为空）",
        "leaders / climbers": "commended 中各类别第一名的、其余前进3位以上的（所有单位得分相同的类别不列）",
        "leaders_count / climbers_count / criticised_units": "第一名的单位数、前进3位以上的单位数、拟通报批评的单位数（个）",
        "criticised": "拟通报批评的单位：月末有超过办理时限仍在单位手中的督办单，或本月有进展报告未按期报送的单位；"
                      "每项有 unit、overdue（逾期督办单件数，可能为空）、orders（督办单编号）、"
                      "missing（未按期报送的任务项数，可能为空）",
    }))
