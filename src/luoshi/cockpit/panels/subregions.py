"""The cities of a province (or the counties of a city) side by side on the key indicators,
each row leading to that region's own cockpit: the drill-down."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from luoshi.cockpit import figures
from luoshi.cockpit.panels import Panel, register
from luoshi.cockpit.panels.indicators import MODELS, is_good, key_indicators, shown_figure
from luoshi.cockpit.queries import CockpitView, child_regions
from luoshi.core.models import RegionLevel

COLUMNS = 4  # key indicators compared; more would not fit a tablet's width


@dataclass
class Cell:
    figure: str = "—"
    unit: str = ""
    yoy_words: str = ""
    yoy_good: bool | None = None
    rank: int | None = None


@dataclass
class RegionLine:
    code: str
    name: str
    url: str
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Subregions:
    title: str
    columns: list[str]
    lines: list[RegionLine]


def subregions_panel(view: CockpitView) -> Subregions | None:
    from luoshi.indicators import rules
    from luoshi.indicators.models import Observation
    from luoshi.indicators.queries import ranked_figure

    children = child_regions(view.region)
    if not children:
        return None
    indicators = {i.pk: i for i in key_indicators()[:COLUMNS]}
    observations = {}
    for obs in Observation.objects.filter(indicator_id__in=list(indicators), year=view.year,
                                          month=view.last_month,
                                          region_id__in=[c.code for c in children]):
        obs.indicator = indicators[obs.indicator_id]
        observations[(obs.indicator_id, obs.region_id)] = obs
    if not observations:
        return None
    cells: dict[str, list[Cell]] = defaultdict(list)
    for indicator in indicators.values():
        mine = {c.code: observations.get((indicator.pk, c.code)) for c in children}
        ranks = rules.rank({code: ranked_figure(indicator, obs) for code, obs in mine.items()},
                           higher_is_better=indicator.higher_is_better)
        for code, obs in mine.items():
            if obs is None:
                cells[code].append(Cell())
                continue
            figure, unit = figures.amount(shown_figure(indicator, obs), indicator.unit)
            words = figures.growth_words(obs.yoy)
            if figure == "—" and obs.yoy is not None:  # growth published without the amount
                figure, unit, words = figures.number(obs.yoy), "%", ""
            cells[code].append(Cell(figure, unit, words, is_good(obs.yoy, indicator),
                                    ranks.get(code)))
    title = (gettext("各市主要指标") if view.region.level == RegionLevel.PROVINCE
             else gettext("各县（市、区）主要指标"))
    return Subregions(title, [i.name for i in indicators.values()],
                      [RegionLine(c.code, c.name, view.url(region=c.code), cells[c.code])
                       for c in children])


register(Panel(
    key="subregions", title=_("下级区划"), template="cockpit/panels/subregions.html",
    query=subregions_panel, order=20, models=MODELS, wide=True,
))
