"""Commendations and 通报批评 for a brief: the units the data single out, each with why.

Who is named is the data's proposal, by the rules below (docs/briefs.md); HQ staff read it
in the draft and edit the text before the brief is issued.

- 表扬: the first in each category of the region's latest assessment (实绩考核) that ended
  by the month (last year's in January and February), and the units that moved up at least
  ``CLIMB`` places since the period before (争先进位). A category where every unit has the
  same total names nobody.
- 通报批评: the units with supervision orders past their deadline and still with them at
  the end of the month (``luoshi.supervision.history.overdue_on``), and the units with progress reports missing for the month (the
  ``report_missing`` warnings raised for it, closed or not: a report that came in late was
  still late).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import NamedTuple

from django.db.models import F, Max, Min, Q
from django.urls import reverse

from luoshi.assessment.models import Result, Scheme
from luoshi.assessment.periods import periods_of_year
from luoshi.briefs.figures import Figure, Source, unit_tally
from luoshi.core.models import Region
from luoshi.core.officialdoc import date_zh
from luoshi.core.periods import Period
from luoshi.core.regions import in_region
from luoshi.orgs.models import Unit
from luoshi.supervision.history import overdue_on
from luoshi.supervision.models import SupervisionOrder, Warning
from luoshi.supervision.queries import region_q

CLIMB = 3  # places moved up that earn a mention


def recognition(region: Region, month: Period) -> dict | None:
    commended = _commended(region, month)
    criticised = _criticised(region, month)
    if not commended and not criticised:
        return None
    leaders = [c for c in commended if c["first"]]
    climbers = [c for c in commended if not c["first"]]
    return {"commended": commended, "leaders": leaders, "climbers": climbers,
            "leaders_count": unit_tally("recognition.leaders", f"{region.name}考核各类别第一名的单位",
                                        [(c["unit"], c["category"]) for c in leaders], "类别"),
            "climbers_count": unit_tally("recognition.climbers", f"{region.name}名次前进{CLIMB}位以上的单位",
                                         [(c["unit"], c["climb"].value) for c in climbers], "前进名次"),
            "criticised": criticised,
            "criticised_units": unit_tally(
                "recognition.criticised_units", f"{region.name}{month.label_zh()}拟通报批评的单位",
                [(c["unit"], (c["overdue"].value if c["overdue"] else 0) + (c["missing"].value if c["missing"] else 0))
                 for c in criticised], "逾期督办单和未按期报送的任务"),
            "assessment": commended[0]["assessment"] if commended else ""}


def _latest_assessment(region: Region, month: Period) -> tuple[Scheme, Period] | None:
    """The region's scheme and its latest computed period that ended by the month: in January
    and February, last year's fourth quarter or whole year."""
    end = month.end_date()
    years = (month.year - 1, month.year)
    periods = [p for year in years for p in periods_of_year(year) if p.end_date() <= end]
    computed = (Result.objects.filter(scheme__region_id=region.code, scheme__year__in=years,
                                      period__in=[p.code for p in periods])
                .values_list("scheme_id", "period").order_by().distinct())
    latest = max(computed, key=lambda row: (Period.parse(row[1]).end_date(), len(row[1]) == 4,
                                           row[0]), default=None)
    if latest is None:
        return None
    return Scheme.objects.get(pk=latest[0]), Period.parse(latest[1])


def _tied_categories(scheme: Scheme, period: Period) -> list[int]:
    """Categories where every unit has the same total (a quarter computed before any data came
    in), or that have one unit: being first there singles out nobody."""
    return list(Result.objects.filter(scheme=scheme, period=period.code).values("category_id")
                .annotate(low=Min("total"), high=Max("total")).filter(low=F("high"))
                .values_list("category_id", flat=True))


def _commended(region: Region, month: Period) -> list[dict]:
    found = _latest_assessment(region, month)
    if found is None:
        return []
    scheme, period = found
    tied = _tied_categories(scheme, period)
    results = list(Result.objects.filter(scheme=scheme, period=period.code)
                   .filter(Q(rank=1) | Q(movement__gte=CLIMB)).exclude(category_id__in=tied)
                   .select_related("unit", "category").order_by("category__position", "position"))
    assessment = f"《{scheme.title}》{period.label_zh()}考核"
    url = f"{reverse('assessment_ranking', args=[scheme.pk])}?period={period.code}"
    entries = []
    for result in results:
        source = (Source(f"{assessment}{result.category.name}排名", "assessment.Result", (result.pk,), url,
                         ({"单位": result.unit.name, "类别": result.category.name, "总分": result.total,
                           "名次": result.rank, "上期名次": result.previous_rank or "—"},)),)
        key = f"recognition.{result.unit.code}"
        entries.append({
            "unit": result.unit.short_name or result.unit.name,
            "category": result.category.name,
            "assessment": assessment,
            "first": result.rank == 1,
            "total": Figure(f"{key}.total", f"{result.unit.name}{assessment}总分", result.total, "分", source),
            "rank": Figure(f"{key}.rank", f"{result.unit.name}{assessment}名次", Decimal(result.rank), "位",
                           source),
            "climb": (Figure(f"{key}.climb", f"{result.unit.name}{assessment}前进名次",
                             Decimal(result.movement), "位", source)
                      if result.movement and result.movement >= CLIMB else None),
        })
    return entries


def _criticised(region: Region, month: Period) -> list[dict]:
    end = month.end_date()
    overdue = defaultdict(list)
    for order in overdue_on(SupervisionOrder.objects
                            .filter(in_region(region.code_prefix, "unit__region_id"), issued_on__lte=end,
                                    deadline__lt=end)
                            .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=end))
                            .select_related("unit").order_by("issued_on", "id"), end):
        overdue[order.unit].append(order)
    missing = defaultdict(list)
    units = {unit.pk: unit for unit in overdue}
    # Tuples, not models: a province's month can have tens of thousands of missing reports.
    rows = (Warning.objects.filter(region_q(region.code_prefix), period=month.code, rule="report_missing")
            .order_by("unit_id", "id").values_list("unit_id", "pk", "item_title", "reason"))
    for unit_id, pk, title, reason in rows:
        missing[unit_id].append(_Missing(pk, title, reason))
    units.update((u.pk, u) for u in Unit.objects.filter(pk__in=missing.keys() - units.keys()))
    as_of = f"截至{date_zh(end)}"
    orders_url = reverse("orders")
    warnings_url = f"{reverse('warnings')}?period={month.code}&rule=report_missing&status=all&region={region.code}"
    entries = []
    for unit in sorted(units.values(), key=lambda u: (-len(overdue[u]) - len(missing[u.pk]), u.name)):
        orders, warnings = overdue[unit], missing[unit.pk]
        entries.append({
            "unit": unit.short_name or unit.name,
            "overdue": _count(f"recognition.overdue.{unit.code}", f"{unit.name}{as_of}超过办理时限仍未办结的督办单",
                              "件", "supervision.SupervisionOrder", orders, orders_url,
                              lambda o: {"编号": o.number, "督办事项": o.title, "办理时限": o.deadline}),
            "orders": [o.number for o in orders],
            "missing": _count(f"recognition.missing.{unit.code}",
                              f"{unit.name}{month.label_zh()}未按期报送进展的任务", "项",
                              "supervision.Warning", warnings, warnings_url,
                              lambda w: {"任务": w.title, "预警原因": w.reason}),
        })
    return entries


class _Missing(NamedTuple):
    pk: int
    title: str
    reason: str


def _count(key, label, measure, model, items, url, row) -> Figure | None:
    if not items:
        return None
    return Figure(key, label, Decimal(len(items)), measure, (Source(
        label, model, tuple(i.pk for i in items), url, tuple(row(i) for i in items[:200])),))
