"""Key indicators for a brief: value to date, growth, rank among the province's cities (or
the city's counties) and the streak of ranks, from luoshi.indicators."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from luoshi.briefs.figures import Figure, Source
from luoshi.core.models import Region
from luoshi.core.periods import Period
from luoshi.indicators.models import Indicator, Observation
from luoshi.indicators.queries import region_indicator_summary

YI = Decimal(10000)


def indicators(region: Region, month: Period) -> dict | None:
    summaries = region_indicator_summary(region, (month.year, month.number), key_only=True,
                                         with_streaks=True)
    items = [_item(region, month, s) for s in summaries if s.observation is not None]
    if not items:
        return None
    return {"indicators": items, "ind": {item["code"]: item for item in items}}


def _item(region: Region, month: Period, summary) -> dict:
    indicator: Indicator = summary.indicator
    obs: Observation = summary.observation
    where = f"{region.name}{indicator.name}{summary.period_label}"
    url = f"{reverse('indicator_detail', args=[indicator.pk])}?year={month.year}&month={month.number}"
    row = {"区划": region.name, "指标": indicator.name, "期间": summary.period_label,
           "累计值": obs.cumulative if obs.cumulative is not None else "",
           "当月值": obs.value if obs.value is not None else "", "单位": indicator.unit,
           "同比（发布）%": obs.yoy_reported if obs.yoy_reported is not None else "",
           "同比（测算）%": obs.yoy_computed if obs.yoy_computed is not None else "",
           "来源": obs.source_name}
    source = (Source(where, "indicators.Observation", (obs.pk,), url, (row,)),)
    amount = obs.cumulative if obs.cumulative is not None else obs.value
    return {
        "code": indicator.code.lower(),
        "name": indicator.name,
        "unit": indicator.unit,
        "amount": _amount(f"indicators.{indicator.code}.amount", where, amount, indicator.unit,
                          source),
        "growth": None if obs.yoy is None else Figure(
            f"indicators.{indicator.code}.growth", f"{where}同比", obs.yoy, "%", source),
        "rank": None if summary.rank is None else Figure(
            f"indicators.{indicator.code}.rank", f"{where}{summary.rank_scope}排名",
            Decimal(summary.rank), "位", source),
        "scope": summary.rank_scope,
        "streak": summary.streak.phrase(summary.rank_scope) if summary.streak else "",
    }


def _amount(key: str, label: str, value, unit: str, source) -> Figure | None:
    if value is None:
        return None
    if unit == "亿元":  # the brief writes money from 万元, choosing 亿元 or 万元 itself
        return Figure(key, label, value * YI, "万元", source)
    return Figure(key, label, value, unit or "", source)
