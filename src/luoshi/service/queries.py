"""Reads of enterprises, assignments and appeals for pages and the API, each filtered by the
reader's data scope: HQ, the supervision office and leaders over their region; a unit over
the appeals assigned to it; an enterprise over its own appeals only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from luoshi.core.errors import NotFound
from luoshi.core.permissions import Access, DataScope, access_for, unit_scope_q
from luoshi.core.regions import in_region
from luoshi.core.search import contains_any_q, contains_q
from luoshi.orgs.models import Official, Unit
from luoshi.service.models import (
    OPEN_STATUSES,
    Appeal,
    AppealStatus,
    Assignment,
    Enterprise,
    Visit,
)
from luoshi.service.services import account_enterprise_id, may_record_visit, region_in_scope

# Who reads over a whole region (read-only for all but service.manage).
REGION_READERS = ("service.manage", "supervision.manage", "cockpit.view")


def _region_q(access: Access, field: str) -> Q:
    if access.scope == DataScope.ALL:
        return Q()
    if not access.region_prefix:
        return Q(pk__in=[])
    return in_region(access.region_prefix, field)


def appeal_region_q(prefix: str) -> Q:
    """Appeals of the regions under ``prefix`` (2, 4 or 6 digits): a city and a county are
    equalities on indexed columns, which the databases plan best."""
    if len(prefix) == 4:
        return Q(city=prefix)
    if len(prefix) == 6:
        return Q(region=prefix)
    return in_region(prefix)


def _appeal_scope_q(access: Access) -> Q:
    if access.scope == DataScope.ALL:
        return Q()
    if not access.region_prefix:
        return Q(pk__in=[])
    return appeal_region_q(access.region_prefix)


def reads_region(access: Access) -> bool:
    return any(access.has(p) for p in REGION_READERS)


# --- enterprises -------------------------------------------------------------------------

def visible_enterprises(user) -> QuerySet[Enterprise]:
    access = access_for(user)
    if reads_region(access):
        return Enterprise.objects.filter(_region_q(access, "region"))
    if access.has("appeals.raise"):
        return Enterprise.objects.filter(pk=account_enterprise_id(user) or 0)
    if access.has("appeals.handle"):  # a unit sees the enterprises its cadres help
        return Enterprise.objects.filter(
            pk__in=Assignment.objects.filter(unit_scope_q(access, "unit")).values("enterprise_id"))
    return Enterprise.objects.none()


def enterprises_for_list(user, *, search: str = "", region: str = "", industry: str = "",
                         size: str = "") -> QuerySet[Enterprise]:
    rows = visible_enterprises(user).select_related("region")
    if search:
        rows = rows.filter(contains_q("name", search) | Q(uscc__startswith=search.upper()))
    if region:
        rows = rows.filter(in_region(region))
    if industry:
        rows = rows.filter(industry=industry)
    if size:
        rows = rows.filter(size=size)
    # Subqueries, not joined aggregates: they run for the 50 rows of a page only, and the
    # pager's count leaves them out.
    open_appeals = (Appeal.objects.filter(enterprise=OuterRef("pk"), status__in=OPEN_STATUSES)
                    .order_by().values("enterprise").annotate(n=Count("id")).values("n"))
    cadres = (Assignment.objects.filter(enterprise=OuterRef("pk"), end_date__isnull=True)
              .order_by().values("enterprise").annotate(n=Count("id")).values("n"))
    return rows.annotate(
        open_appeals=Coalesce(Subquery(open_appeals), 0), cadres=Coalesce(Subquery(cadres), 0),
    ).order_by("region_id", "name", "id")


def access_enterprise(user, enterprise_id) -> Enterprise:
    enterprise = visible_enterprises(user).select_related("region").filter(pk=enterprise_id).first()
    if enterprise is None:
        raise NotFound("企业不存在或不在您的数据范围内")
    return enterprise


def enterprise_by_uscc(user, uscc: str) -> Enterprise:
    enterprise = visible_enterprises(user).select_related("region").filter(uscc=uscc.upper()).first()
    if enterprise is None:
        raise NotFound(f"统一社会信用代码为“{uscc}”的企业不存在或不在您的数据范围内")
    return enterprise


def own_enterprise(user) -> Enterprise:
    """The enterprise an enterprise user signs in for."""
    access_for(user).require("appeals.raise")
    enterprise = Enterprise.objects.select_related("region").filter(
        pk=account_enterprise_id(user) or 0).first()
    if enterprise is None:
        raise NotFound("您的账号尚未关联企业，请联系指挥部")
    return enterprise


@dataclass
class EnterpriseDetail:
    enterprise: Enterprise
    assignments: list[Assignment]
    visits: list[Visit]
    appeals: list[Appeal]
    accounts: list


def enterprise_detail(user, enterprise: Enterprise) -> EnterpriseDetail:
    assignments = list(enterprise.assignments.select_related("official", "unit")
                       .order_by("end_date", "-start_date"))
    visits = list(Visit.objects.filter(assignment__enterprise=enterprise)
                  .select_related("assignment__official").order_by("-visited_on", "-id")[:50])
    appeals = list(visible_appeals(user).filter(enterprise=enterprise).select_related("unit")
                   .order_by("-received_on", "-id")[:100])
    accounts = list(enterprise.accounts.select_related("user"))
    return EnterpriseDetail(enterprise, assignments, visits, appeals, accounts)


# --- assignments -------------------------------------------------------------------------

def visible_assignments(user) -> QuerySet[Assignment]:
    access = access_for(user)
    if reads_region(access):
        return Assignment.objects.filter(_region_q(access, "enterprise__region"))
    if access.has("appeals.handle"):
        return Assignment.objects.filter(unit_scope_q(access, "unit"))
    return Assignment.objects.none()


def assignments_for_list(user, *, search: str = "", current: bool = False) -> QuerySet[Assignment]:
    rows = visible_assignments(user).select_related("enterprise", "official", "unit")
    if search:
        rows = rows.filter(contains_any_q(Assignment, search, ["enterprise__name"]) | Q(official__name=search)
                           | Q(enterprise__uscc__startswith=search.upper()))
    if current:
        rows = rows.filter(end_date__isnull=True)
    return rows.order_by("enterprise__region_id", "enterprise__name", "-start_date", "id")


def access_assignment(user, assignment_id) -> Assignment:
    assignment = (visible_assignments(user).select_related("enterprise__region", "official", "unit")
                  .filter(pk=assignment_id).first())
    if assignment is None:
        raise NotFound("包保关系不存在或不在您的数据范围内")
    return assignment


def assignable_officials(user, enterprise: Enterprise) -> QuerySet[Official]:
    """Officials HQ may assign: those of units in its region."""
    access = access_for(user)
    return (Official.objects.filter(_region_q(access, "unit__region"), is_active=True)
            .select_related("unit").order_by("unit__region_id", "unit__sort_order", "unit_id",
                                             "sort_order", "id"))


def can_record_visit(user, assignment: Assignment) -> bool:
    return may_record_visit(user, assignment)


# --- appeals -----------------------------------------------------------------------------

def visible_appeals(user) -> QuerySet[Appeal]:
    access = access_for(user)
    if reads_region(access):
        return Appeal.objects.filter(_appeal_scope_q(access))
    if access.has("appeals.handle"):
        return Appeal.objects.filter(unit_scope_q(access, "unit"))
    if access.has("appeals.raise"):
        return Appeal.objects.filter(enterprise_id=account_enterprise_id(user) or 0)
    return Appeal.objects.none()


def access_appeal(user, appeal_id) -> Appeal:
    appeal = (visible_appeals(user).select_related("enterprise__region", "unit", "visit", "raised_by")
              .filter(pk=appeal_id).first())
    if appeal is None:
        raise NotFound("诉求不存在或不在您的数据范围内")
    return appeal


@dataclass
class AppealFilters:
    status: str = ""
    category: str = ""
    unit_id: int | None = None
    region: str = ""
    overdue: bool = False
    search: str = ""
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    enterprise_id: int | None = None


def filter_appeals(rows: QuerySet[Appeal], f: AppealFilters, *, today: dt.date | None = None) -> QuerySet[Appeal]:
    if f.status:
        rows = rows.filter(status=f.status)
    if f.category:
        rows = rows.filter(category=f.category)
    if f.unit_id:
        rows = rows.filter(unit_id=f.unit_id)
    if f.region:
        rows = rows.filter(appeal_region_q(f.region) if f.region.isdigit() else Q(pk__in=[]))
    if f.overdue:
        rows = rows.filter(overdue_q(today or timezone.localdate()))
    if f.search:
        rows = rows.filter(contains_any_q(Appeal, f.search, ["title", "enterprise__name"]))
    if f.received_from:
        rows = rows.filter(received_on__gte=f.received_from)
    if f.received_to:
        rows = rows.filter(received_on__lte=f.received_to)
    if f.enterprise_id:
        rows = rows.filter(enterprise_id=f.enterprise_id)
    return rows


def overdue_q(today: dt.date) -> Q:
    """Still waiting for an answer after its deadline."""
    return Q(status__in=OPEN_STATUSES, deadline__lt=today)


def appeals_for_list(user, filters: AppealFilters | None = None) -> QuerySet[Appeal]:
    """Newest first. Only the columns the list shows are loaded: a region's list pages
    through tens of thousands of appeals."""
    rows = filter_appeals(visible_appeals(user), filters or AppealFilters())
    return (rows.select_related("enterprise", "unit")
            .only("id", "title", "category", "status", "received_on", "deadline", "answered_on",
                  "satisfaction", "region_id", "enterprise__name", "unit__name", "unit__short_name")
            .order_by("-received_on", "-id"))


def unit_inbox(user, *, include_answered: bool = False) -> QuerySet[Appeal]:
    """The appeals waiting for the reader's unit, the nearest deadline first."""
    access = access_for(user)
    access.require("appeals.handle")
    statuses = [AppealStatus.ASSIGNED, *([AppealStatus.ANSWERED] if include_answered else [])]
    return (Appeal.objects.filter(unit_scope_q(access, "unit"), status__in=statuses)
            .select_related("enterprise", "unit")
            .only("id", "title", "category", "status", "received_on", "deadline", "answered_on",
                  "assigned_on", "enterprise__name", "unit__name", "unit__short_name")
            .order_by("deadline", "id"))


def own_appeals(enterprise: Enterprise) -> QuerySet[Appeal]:
    """An enterprise's appeals (``own_enterprise`` checks the reader first)."""
    return (Appeal.objects.filter(enterprise=enterprise).select_related("unit")
            .order_by("-received_on", "-id"))


def appeal_history(appeal: Appeal) -> list:
    return list(appeal.events.select_related("from_unit", "to_unit").order_by("at", "id"))


def assignable_units(user) -> QuerySet[Unit]:
    """Units HQ may assign appeals to: active units of its region."""
    access = access_for(user)
    units = Unit.objects.filter(is_active=True)
    if access.scope != DataScope.ALL:
        units = units.filter(in_region(access.region_prefix or "-"))
    return units.order_by("region_id", "depth", "sort_order", "code")


def units_for_filter(user) -> list[tuple[int, str]]:
    """For the unit filter of the appeal list: the departments, zones and county governments
    of the reader's region (the units appeals are assigned to), not every section below them."""
    access = access_for(user)
    if not reads_region(access):
        return []
    kinds = ["party_dept", "gov_dept", "county_gov", "zone", "other"]
    return list(assignable_units(user).filter(depth__lte=1, kind__in=kinds)
                .values_list("id", "name"))


def can_manage(user, region_code: str) -> bool:
    access = access_for(user)
    return access.has("service.manage") and region_in_scope(access, region_code)
