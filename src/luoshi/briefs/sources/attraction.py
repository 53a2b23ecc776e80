"""Investment attraction for a brief: leads in talks, signed and landed since the start of the
year with their growth, and 域外引资到位额, from luoshi.attraction."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from luoshi.attraction.figures import lead_figures
from luoshi.attraction.models import Lead, Stage
from luoshi.briefs.figures import Figure, Source
from luoshi.briefs.prose import year_to_date
from luoshi.core.models import Region
from luoshi.core.periods import Period


def attraction(region: Region, month: Period) -> dict | None:
    leads = Lead.objects.filter(region__code__startswith=region.code_prefix)
    if not leads.exists():
        return None
    span = year_to_date(month.code)
    figures = lead_figures(leads, span)
    where = f"{region.name}{span.label_zh()}"
    pipeline = Source(f"{where}招商线索", "attraction.Lead", (), reverse("lead_pipeline"),
                      tuple({"阶段": s.label, "本期新增": s.new, "上年结转": s.carried,
                             "合计": s.total, "上年同期": s.last_year} for s in figures.pipeline))
    context = {}
    for stage, key in ((Stage.NEGOTIATING, "talks"), (Stage.SIGNED, "signed"),
                       (Stage.LANDED, "landed")):
        count = figures.stage(stage)
        label = f"{where}{count.label}项目"
        context[key] = Figure(f"attraction.{key}", label, Decimal(count.total), "个", (pipeline,))
        context[f"{key}_new"] = Figure(f"attraction.{key}_new", f"{label}（新增）",
                                       Decimal(count.new), "个", (pipeline,))
        context[f"{key}_growth"] = _growth(f"attraction.{key}_growth", f"{label}同比",
                                           Decimal(count.total), Decimal(count.last_year),
                                           (pipeline,))
    funds = figures.funds
    funds_source = Source(f"{where}域外引资到位额（上年同期{funds.last_year}万元）",
                          "attraction.Lead", (), reverse("lead_pipeline"),
                          ({"本期（万元）": funds.amount, "上年同期（万元）": funds.last_year},))
    context["funds"] = Figure("attraction.funds", f"{where}域外引资到位额", funds.amount, "万元",
                              (funds_source,))
    context["funds_growth"] = _growth("attraction.funds_growth", f"{where}域外引资到位额同比",
                                      funds.amount, funds.last_year, (funds_source,))
    return context


def _growth(key: str, label: str, current: Decimal, previous: Decimal, sources) -> Figure | None:
    if not previous:
        return None
    return Figure(key, label, (current - previous) * 100 / previous, "%", sources)
