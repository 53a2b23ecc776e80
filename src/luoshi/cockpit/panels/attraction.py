"""Investment attraction (招商引资) in the region, year to date: leads that entered 洽谈, 签约
and 落位 with the change on last year, and 域外引资到位额 with its growth — the figures of the
attraction app (``attraction.figures.lead_figures``) over the leads landing in the region."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from luoshi.cockpit import figures
from luoshi.cockpit.panels import Panel, register
from luoshi.cockpit.queries import CockpitView


@dataclass
class StageFigure:
    label: str
    count: int
    growth_words: str
    growth_good: bool | None


@dataclass
class Attraction:
    period: str
    stages: list[StageFigure]
    carried_open: int
    funds: str
    funds_growth_words: str
    funds_growth_good: bool | None
    url: str


def _good(growth) -> bool | None:
    return None if not growth else growth > 0


def investment_attraction(view: CockpitView) -> Attraction | None:
    from luoshi.attraction.figures import lead_figures, year_to_date
    from luoshi.attraction.queries import visible_leads

    leads = visible_leads(view.user).filter(region__code__startswith=view.region.code_prefix)
    found = lead_figures(leads, year_to_date(view.year, view.last_month))
    funds = found.funds
    if not (any(s.total or s.last_year for s in found.stages) or funds.amount or funds.last_year):
        return None
    stages = [StageFigure(s.label, s.total, figures.growth_words(s.growth_pct), _good(s.growth_pct))
              for s in found.pipeline]
    query = urlencode({"year": view.year, "month": view.last_month})
    return Attraction(
        period=found.period.label_zh(), stages=stages, carried_open=found.carried_open,
        funds="".join(figures.amount(funds.amount, "万元")),
        funds_growth_words=figures.growth_words(funds.growth_pct),
        funds_growth_good=_good(funds.growth_pct), url=f"{reverse('lead_pipeline')}?{query}")


register(Panel(
    key="attraction", title=_("招商引资"), template="cockpit/panels/attraction.html",
    query=investment_attraction, order=50,
    models=("attraction.Lead", "attraction.FundsArrival"),
))
