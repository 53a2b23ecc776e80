"""Warning rule on economic indicators: a region's cumulative value behind 时间过半、任务过半
(the share of the annual target done is below the share of the year gone), judged by the
indicators app's own ``target_progress``.

Indicators belong to regions, not units; the unit that answers for a region's indicator is
its government: for a county the county government (县区政府), for a city its command
headquarters (指挥部). Regions without such a unit raise no warning.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from luoshi.orgs.models import Unit, UnitKind
from luoshi.supervision.models import Severity
from luoshi.supervision.rules import Cause, Rule, RuleContext, register, url_pattern

try:
    from luoshi.indicators import rules as indicator_rules
    from luoshi.indicators.models import IndicatorTarget, Observation
except ImportError:  # the indicators app is not there: the rule does not exist
    IndicatorTarget = None


def _answerable_units() -> dict[str, int]:
    """region code → id of the unit answering for the region's indicators."""
    found: dict[str, int] = {}
    for unit_id, region_id in (Unit.objects.filter(kind__in=[UnitKind.COUNTY_GOV, UnitKind.HQ],
                                                   is_active=True)
                               .order_by("region_id", "depth", "sort_order", "id")
                               .values_list("id", "region_id")):
        found.setdefault(region_id, unit_id)
    return found


def indicators_behind(context: RuleContext) -> Iterator[Cause]:
    year, month = context.period.year, context.period.first_month
    tolerance = Decimal(str(context.settings["tolerance_points"])) / 100
    units = _answerable_units()
    targets = list(IndicatorTarget.objects.filter(year=year, value__isnull=False, value__gt=0)
                   .values_list("id", "indicator_id", "indicator__name", "indicator__unit",
                                "indicator__higher_is_better", "region_id", "region__name", "value"))
    cumulative = {(i, r): c for i, r, c in Observation.objects.filter(
        year=year, month=month, cumulative__isnull=False,
        indicator_id__in={t[1] for t in targets}).values_list("indicator_id", "region_id", "cumulative")}
    url = url_pattern("indicator_detail")
    for pk, indicator_id, name, unit_label, higher, region_id, region_name, value in targets:
        answering = units.get(region_id)
        done = cumulative.get((indicator_id, region_id))
        if answering is None or done is None:
            continue
        progress = indicator_rules.target_progress(month=month, cumulative=done, yoy=None,
                                                   target_value=value, target_growth=None,
                                                   higher_is_better=higher)
        behind = progress.completion is not None and (
            progress.completion + tolerance < progress.elapsed if higher
            else progress.completion - tolerance > progress.elapsed)
        if not behind:
            continue
        yield Cause("indicators", "indicatortarget", pk, title=f"{region_name} {name}",
                    url=url.format(indicator_id) + f"?region={region_id}", unit_id=answering,
                    region_id=region_id, severity=Severity.MEDIUM,
                    reason=f"{context.period.label_zh()}累计完成{done.normalize():f}{unit_label}，"
                           f"为年度目标{value.normalize():f}{unit_label}的{progress.completion * 100:.1f}%，"
                           f"时间进度{progress.elapsed * 100:.1f}%，未达到“时间过半、任务过半”")


if IndicatorTarget is not None:
    register(Rule(code="indicator_behind", title="指标未达时序进度", evaluate=indicators_behind,
                  defaults={"tolerance_points": 0},
                  settings_help={"tolerance_points": "落后时间进度超过几个百分点才预警（默认 0）"}))
