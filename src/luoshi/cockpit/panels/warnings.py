"""Open warnings (预警) in the region at the month's end: how many and how severe, which rules
raised them, and the most severe ones by name, from the supervision app's warnings.

A warning counts when it was opened by the month's last day and not closed by then, so a
past month shows what was open at that time. Leaders read the cockpit, not the warning
desk: the link to the warning list is offered only to those who may open it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from luoshi.cockpit.panels import Panel, register
from luoshi.cockpit.queries import CockpitView

SHOWN = 5
SEVERITY_ORDER = ("high", "medium", "low")


@dataclass
class WarningLine:
    severity: str
    severity_label: str
    title: str
    reason: str
    unit: str
    url: str


@dataclass
class OpenWarnings:
    total: int
    by_severity: list[tuple[str, str, int]]
    by_rule: list[tuple[str, int]]
    lines: list[WarningLine] = field(default_factory=list)
    list_url: str = ""


def open_warnings(view: CockpitView) -> OpenWarnings | None:
    from luoshi.supervision.models import Severity, Warning
    from luoshi.supervision.rules import rule_titles

    end = view.period.end_date()
    warnings = Warning.objects.filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=end),
        region__code__startswith=view.region.code_prefix, opened_on__lte=end).order_by()
    counts = dict(warnings.values_list("severity").annotate(n=Count("id")))
    total = sum(counts.values())
    if not total:
        return None
    titles = rule_titles()
    by_rule = sorted(((titles.get(rule, rule), n) for rule, n in
                      warnings.values_list("rule").annotate(n=Count("id"))),
                     key=lambda item: (-item[1], item[0]))
    rank = Case(*(When(severity=s, then=Value(i)) for i, s in enumerate(SEVERITY_ORDER)),
                default=Value(len(SEVERITY_ORDER)), output_field=IntegerField())
    worst = (warnings.select_related("unit").annotate(rank=rank)
             .order_by("rank", "-opened_on", "-id")[:SHOWN])
    labels = dict(Severity.choices)
    result = OpenWarnings(
        total=total,
        by_severity=[(s, str(labels[s]), counts.get(s, 0)) for s in SEVERITY_ORDER],
        by_rule=by_rule,
        lines=[WarningLine(w.severity, str(labels.get(w.severity, w.severity)), w.item_title,
                           w.reason, w.unit.short_name or w.unit.name, w.item_url)
               for w in worst])
    if view.access.has("supervision.manage"):
        result.list_url = f"{reverse('warnings')}?{urlencode({'region': view.region.code})}"
    return result


register(Panel(
    key="warnings", title=_("预警"), template="cockpit/panels/warnings.html",
    query=open_warnings, order=60, models=("supervision.Warning",),
))
