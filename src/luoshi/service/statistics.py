"""Appeal statistics, for the statistics page and for other apps (assessment, warnings, briefs).

Every function takes a queryset of appeals the caller has already narrowed (by data scope,
unit, region…), so the same figures serve a page, an assessment criterion and a brief:

- :func:`appeals_received_in` keeps the appeals received within a period;
- :func:`appeal_figures` counts them, in total or grouped by category, unit, region or city,
  in one query: received, answered, closed, answered on time or late, still open and overdue,
  rated and how; with the rates people quote (办结率, 按时答复率, 满意率);
- :func:`overdue_appeals` lists those still waiting for an answer after their deadline.

Definitions. An appeal is *answered* once a unit answered it (status answered or closed);
*on time* when its answer date is on or before its deadline; *overdue* when still open
(received or assigned) after its deadline. 办结率 = closed / received; 按时答复率 = answered on
time / answered; 满意率 = (满意 + 基本满意) / rated. A rate with nothing to divide is None.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from luoshi.core.models import Region
from luoshi.core.periods import Period
from luoshi.orgs.models import Unit
from luoshi.service.models import (
    OPEN_STATUSES,
    Appeal,
    AppealCategory,
    AppealStatus,
    Satisfaction,
)

GROUPINGS = ("category", "unit", "region", "city")
_ANSWERED = (AppealStatus.ANSWERED, AppealStatus.CLOSED)


def rate(part: int, whole: int) -> Decimal | None:
    """A percentage with one decimal (half up), or None when ``whole`` is 0."""
    if not whole:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class AppealFigures:
    key: str
    label: str
    received: int = 0
    answered: int = 0
    closed: int = 0
    on_time: int = 0
    late: int = 0
    open: int = 0
    overdue: int = 0
    rated: int = 0
    satisfied: int = 0  # 满意 or 基本满意
    unsatisfied: int = 0

    @property
    def resolution_rate(self) -> Decimal | None:
        return rate(self.closed, self.received)

    @property
    def on_time_rate(self) -> Decimal | None:
        return rate(self.on_time, self.answered)

    @property
    def satisfaction_rate(self) -> Decimal | None:
        return rate(self.satisfied, self.rated)

    def as_dict(self) -> dict:
        return {**{k: getattr(self, k) for k in self.__dataclass_fields__},
                "resolution_rate": self.resolution_rate, "on_time_rate": self.on_time_rate,
                "satisfaction_rate": self.satisfaction_rate}


def appeals_received_in(appeals: QuerySet[Appeal], period: Period | None = None, *,
                        start: dt.date | None = None, end: dt.date | None = None) -> QuerySet[Appeal]:
    """The appeals received within ``period`` (or from ``start`` to ``end``, both included)."""
    if period is not None:
        start, end = period.start_date(), period.end_date()
    if start:
        appeals = appeals.filter(received_on__gte=start)
    if end:
        appeals = appeals.filter(received_on__lte=end)
    return appeals


def _measures(today: dt.date) -> dict:
    return {
        "received": Count("id"),
        "answered": Count("id", filter=Q(status__in=_ANSWERED)),
        "closed": Count("id", filter=Q(status=AppealStatus.CLOSED)),
        "on_time": Count("id", filter=Q(status__in=_ANSWERED, answered_on__lte=F("deadline"))),
        "late": Count("id", filter=Q(status__in=_ANSWERED, answered_on__gt=F("deadline"))),
        "open": Count("id", filter=Q(status__in=OPEN_STATUSES)),
        "overdue": Count("id", filter=Q(status__in=OPEN_STATUSES, deadline__lt=today)),
        "rated": Count("id", filter=~Q(satisfaction="")),
        "satisfied": Count("id", filter=Q(satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.BASIC])),
        "unsatisfied": Count("id", filter=Q(satisfaction=Satisfaction.UNSATISFIED)),
    }


def _labels(by: str, keys: list) -> dict:
    if by == "category":
        return {value: str(label) for value, label in AppealCategory.choices}
    if by == "unit":
        return dict(Unit.objects.filter(pk__in=[k for k in keys if k]).values_list("id", "name"))
    codes = [k if by == "region" else f"{k}00" for k in keys if k]
    names = dict(Region.objects.filter(pk__in=codes).values_list("code", "name"))
    return {k: names.get(k if by == "region" else f"{k}00", k) for k in keys if k}


def appeal_figures(appeals: QuerySet[Appeal], *, by: str | None = None,
                   today: dt.date | None = None) -> list[AppealFigures]:
    """The figures of ``appeals``: one row (key "", label 合计) without ``by``, else one per
    category, unit (appeals not yet assigned under key None, 未交办), region (the enterprise's
    county or city) or city (the region's first four digits). Largest first."""
    today = today or timezone.localdate()
    measures = _measures(today)
    if by is None:
        totals = appeals.order_by().aggregate(**measures)
        return [AppealFigures(key="", label="合计", **totals)]
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}")
    rows = appeals.order_by().annotate(group=F({"category": "category", "unit": "unit_id",
                                                "region": "region_id", "city": "city"}[by]))
    found = list(rows.values("group").annotate(**measures))
    labels = _labels(by, [row["group"] for row in found])
    figures = [AppealFigures(key=row["group"], label=labels.get(row["group"]) or "未交办",
                             **{k: row[k] for k in measures}) for row in found]
    return sorted(figures, key=lambda f: (-f.received, str(f.key)))


def totals(figures: list[AppealFigures]) -> AppealFigures:
    """The sum of grouped figures (the 合计 row of a table)."""
    total = AppealFigures(key="", label="合计")
    for row in figures:
        _add(total, row)
    return total


_COUNTS = ("received", "answered", "closed", "on_time", "late", "open", "overdue", "rated",
           "satisfied", "unsatisfied")
_COLUMNS = {"category": "category", "unit": "unit_id", "region": "region_id", "city": "city"}


def _add(total: AppealFigures, row) -> None:
    for name in _COUNTS:
        value = row[name] if isinstance(row, dict) else getattr(row, name)
        setattr(total, name, getattr(total, name) + value)


def appeal_figures_by(appeals: QuerySet[Appeal], groupings: tuple[str, ...], *,
                      today: dt.date | None = None) -> dict[str, list[AppealFigures]]:
    """The figures of several groupings from one scan: grouped by all of them at once in the
    database, then summed up per grouping here. Same rows as ``appeal_figures`` for each."""
    unknown = set(groupings) - set(GROUPINGS)
    if unknown:
        raise ValueError(f"unknown grouping {sorted(unknown)!r}")
    columns = [_COLUMNS[by] for by in groupings]
    found = list(appeals.order_by().values(*columns).annotate(**_measures(today or timezone.localdate())))
    result = {}
    for by, column in zip(groupings, columns, strict=True):
        groups: dict = {}
        for row in found:
            key = row[column]
            if key not in groups:
                groups[key] = AppealFigures(key=key, label="")
            _add(groups[key], row)
        labels = _labels(by, list(groups))
        for key, figures in groups.items():
            figures.label = labels.get(key) or "未交办"
        result[by] = sorted(groups.values(), key=lambda f: (-f.received, str(f.key)))
    return result


def overdue_appeals(appeals: QuerySet[Appeal] | None = None, *,
                    today: dt.date | None = None) -> QuerySet[Appeal]:
    """Appeals still waiting for an answer after their deadline, the longest overdue first."""
    appeals = Appeal.objects.all() if appeals is None else appeals
    today = today or timezone.localdate()
    return (appeals.filter(status__in=OPEN_STATUSES, deadline__lt=today)
            .select_related("enterprise", "unit").order_by("deadline", "id"))


def monthly_received(appeals: QuerySet[Appeal], period: Period) -> list[dict]:
    """Appeals received and closed per month of ``period`` (for the trend chart). Grouped by
    day in the database (an index serves it; a month function would run on every row) and
    summed up by month here."""
    rows = (appeals_received_in(appeals, period).order_by().values("received_on")
            .annotate(received=Count("id"), closed=Count("id", filter=Q(status=AppealStatus.CLOSED))))
    months = {m: {"month": f"{period.year}-{m:02d}", "received": 0, "closed": 0} for m in period.months()}
    for row in rows:
        month = months.get(row["received_on"].month)
        if month is not None:
            month["received"] += row["received"]
            month["closed"] += row["closed"]
    return list(months.values())
