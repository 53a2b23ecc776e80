"""Reads of leads for pages and the API, always through the reader's data scope.

HQ (region scope) sees the leads that land in its region; a unit's reporter (own unit) sees
the leads its unit follows; a unit leader (unit tree) those of its unit and the units below.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max, Q, QuerySet, Sum
from django.utils import timezone

from luoshi.attraction import services
from luoshi.attraction.models import FundsArrival, Lead
from luoshi.core.errors import NotFound
from luoshi.core.models import Region
from luoshi.core.periods import Period
from luoshi.core.permissions import Access, DataScope, access_for, unit_scope_q
from luoshi.core.regions import in_region
from luoshi.orgs.models import Unit

READ_PERMISSIONS = ("leads.manage", "leads.follow", "cockpit.view")


def scope_q(access: Access) -> Q:
    # Region scope goes by where the lead lands.
    if access.scope == DataScope.REGION:
        return in_region(access.region_prefix) if access.unit_id else Q(pk__in=[])
    return unit_scope_q(access, "unit")


def visible_leads(user) -> QuerySet[Lead]:
    access = access_for(user)
    if not any(access.has(p) for p in READ_PERMISSIONS):
        access.require("leads.follow")
    return Lead.objects.filter(scope_q(access))


def access_lead(user, lead_id) -> Lead:
    lead = visible_leads(user).select_related("region", "unit").filter(pk=lead_id).first()
    if lead is None:
        raise NotFound("招商线索不存在或不在您的数据范围内")
    return lead


@dataclass
class LeadFilters:
    stage: str = ""
    origin: str = ""
    region: str = ""  # a region code: the region and everything inside it
    unit: int | None = None
    industry: str = ""
    year: int | None = None  # leads first negotiated in that year
    q: str = ""

    @classmethod
    def from_params(cls, params) -> LeadFilters:
        unit = params.get("unit", "")
        year = params.get("year", "")
        return cls(stage=params.get("stage", ""), origin=params.get("origin", ""),
                   region=params.get("region", "").strip(),
                   unit=int(unit) if unit.isdigit() else None,
                   industry=params.get("industry", ""),
                   year=int(year) if year.isdigit() and len(year) == 4 else None,
                   q=params.get("q", "").strip())


def _region_prefix(code: str) -> str:
    region = Region.objects.filter(pk=code).first()
    return region.code_prefix if region else code


def filtered_leads(user, filters: LeadFilters) -> QuerySet[Lead]:
    leads = visible_leads(user)
    if filters.stage:
        leads = leads.filter(stage=filters.stage)
    if filters.origin == "outside":
        leads = leads.exclude(origin="in_province")
    elif filters.origin:
        leads = leads.filter(origin=filters.origin)
    if filters.region:
        leads = leads.filter(in_region(_region_prefix(filters.region)))
    if filters.unit:
        leads = leads.filter(unit_id=filters.unit)
    if filters.industry:
        leads = leads.filter(industry=filters.industry)
    if filters.year:
        leads = leads.filter(negotiating_on__year=filters.year)
    if filters.q:
        leads = leads.filter(Q(title__icontains=filters.q) | Q(investor__icontains=filters.q)
                             | Q(investor_uscc=filters.q.upper()))
    return leads


def lead_list(user, filters: LeadFilters) -> QuerySet[Lead]:
    return (filtered_leads(user, filters).select_related("region", "unit")
            .order_by("-negotiating_on", "-id"))


def lead_totals(leads: QuerySet[Lead]) -> Decimal:
    return leads.order_by().aggregate(total=Sum("intended_investment"))["total"] or Decimal(0)


def region_choices(user) -> list[tuple[str, str]]:
    """The regions of the reader's scope, for the filters: the city and its counties."""
    access = access_for(user)
    regions = Region.objects.exclude(level="province").order_by("code")
    if not access.sees_all:
        prefix = access.region_prefix if access.scope == DataScope.REGION else (
            access.region_prefix[:4] if access.region_prefix else "-")
        regions = regions.filter(code__startswith=prefix)
    return list(regions.values_list("code", "name"))


def unit_choices(user) -> list[tuple[str, str]]:
    """The units following at least one lead the reader sees (ids as text, for the filter)."""
    units = Unit.objects.filter(pk__in=visible_leads(user).order_by().values("unit_id").distinct())
    return [(str(pk), short or name) for pk, name, short in
            units.order_by("sort_order", "code").values_list("pk", "name", "short_name")]


def units_for_form(user) -> QuerySet[Unit]:
    """Units a lead may be given to: the writer's own unit, or any active one in HQ's scope."""
    access = access_for(user)
    if access.scope == DataScope.REGION and access.has("leads.manage"):
        return Unit.objects.filter(in_region(access.region_prefix), is_active=True)
    return Unit.objects.filter(unit_scope_q(access), is_active=True)


def default_period(user) -> Period:
    """Year to date through the latest month with a stage change or funds in the reader's
    scope, not beyond last month; last month when there is nothing yet."""
    leads = visible_leads(user)
    latest = leads.aggregate(a=Max("negotiating_on"), b=Max("signed_on"), c=Max("landed_on"))
    dates = [d for d in latest.values() if d]
    today = timezone.localdate()
    last_month = Period.of_month(today.year, today.month).previous_month()
    if not dates:
        return services.year_to_date(last_month.year, last_month.last_month)
    newest = min(max(dates), last_month.end_date())
    return services.year_to_date(newest.year, newest.month)


def period_from(params, user) -> Period:
    """The period a page shows: ?year=2023&month=6 (year to date), else the default."""
    year, month = params.get("year", ""), params.get("month", "")
    if year.isdigit() and month.isdigit() and 1000 <= int(year) <= 9999 and 1 <= int(month) <= 12:
        return services.year_to_date(int(year), int(month))
    return default_period(user)


def lead_funds(lead: Lead) -> list[FundsArrival]:
    return list(lead.funds.order_by("month"))


def timeline(lead: Lead):
    return list(lead.stage_changes.order_by("on", "id"))


def funds_list(user, *, year: int | None = None) -> QuerySet[FundsArrival]:
    rows = FundsArrival.objects.filter(lead__in=visible_leads(user).values("pk"))
    if year:
        rows = rows.filter(month__startswith=f"{year}-")
    return rows.select_related("lead", "lead__unit").order_by("month", "lead_id")
