"""Reads of projects for pages and the API, always through the reader's data scope.

A reader sees the projects in its scope (HQ: its region; a unit: the projects it leads),
and besides those the projects it helps (包保) and those with a blocker assigned to its unit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from luoshi.core.errors import NotFound
from luoshi.core.permissions import DataScope, access_for, unit_scope_q
from luoshi.projects import stats
from luoshi.projects.models import (
    Blocker,
    BlockerStatus,
    Helper,
    ListMembership,
    MonthlyInvestment,
    Project,
    ProjectList,
    StageChange,
    Visit,
)
from luoshi.projects.services import project_scope_q

# Roles that read projects in their whole data scope (others see only what concerns them).
READ_PERMISSIONS = ("projects.manage", "projects.report", "cockpit.view", "supervision.manage",
                    "briefs.manage")


def _helped(user) -> Q | None:
    official_id = getattr(user, "official_id", None)
    if not official_id:
        return None
    return Q(pk__in=Helper.objects.filter(official_id=official_id).values("project_id"))


def visible_projects(user) -> QuerySet[Project]:
    # Subqueries with IN, not EXISTS per row: the database hashes the few ids once
    # instead of probing for each of a region's thousands of projects.
    access = access_for(user)
    visible = Q(pk__in=[])
    if any(access.has(p) for p in READ_PERMISSIONS):
        visible = project_scope_q(access)
    if access.unit_id and access.has("projects.report"):
        visible |= Q(pk__in=Blocker.objects.filter(unit_scope_q(access, "unit")).values("project_id"))
    if (helped := _helped(user)) is not None:
        visible |= helped
    return Project.objects.filter(visible)


def access_project(user, project_id) -> Project:
    project = (visible_projects(user).select_related("region", "lead_unit__region")
               .filter(pk=project_id).first())
    if project is None:
        raise NotFound("项目不存在或不在您的数据范围内")
    return project


def visible_blockers(user) -> QuerySet[Blocker]:
    """Blockers of projects in the reader's scope or helped by it, and blockers assigned to
    a unit in its scope."""
    access = access_for(user)
    visible = Q(pk__in=[])
    if any(access.has(p) for p in READ_PERMISSIONS):
        if access.scope == DataScope.REGION:
            visible = project_scope_q(access, "project__")
        elif access.scope != DataScope.ALL:
            visible = Q(project_id__in=Project.objects.filter(project_scope_q(access)).values("pk"))
        else:
            visible = Q()
    if access.has("projects.report"):
        visible |= unit_scope_q(access, "unit")
    official_id = getattr(user, "official_id", None)
    if official_id:
        visible |= Q(project_id__in=Helper.objects.filter(official_id=official_id).values("project_id"))
    return Blocker.objects.filter(visible)


def access_blocker(user, blocker_id) -> Blocker:
    blocker = (visible_blockers(user).select_related("project__region", "project__lead_unit", "unit__region")
               .filter(pk=blocker_id).first())
    if blocker is None:
        raise NotFound("难题不存在或不在您的数据范围内")
    return blocker


@dataclass
class ProjectFilters:
    stage: str = ""
    list_id: int | None = None
    region: str = ""
    unit_id: int | None = None
    industry: str = ""
    kind: str = ""
    stalled_months: int | None = None
    pipeline_year: int | None = None
    q: str = ""
    year: int = field(default_factory=lambda: timezone.localdate().year)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def filters_from(params) -> ProjectFilters:
    """Filters from a query string; unreadable values are ignored, not errors."""
    year = _int(params.get("year"))
    return ProjectFilters(
        stage=params.get("stage", ""), list_id=_int(params.get("list")),
        region=params.get("region", "") if params.get("region", "").isdigit() else "",
        unit_id=_int(params.get("unit")), industry=params.get("industry", "")[:1],
        kind=params.get("kind", ""), stalled_months=_int(params.get("stalled")),
        pipeline_year=_int(params.get("pipeline")), q=params.get("q", "").strip(),
        year=year if year and 1990 <= year <= 2100 else timezone.localdate().year)


def filtered_projects(user, f: ProjectFilters) -> QuerySet[Project]:
    projects = visible_projects(user)
    if f.stage:
        projects = projects.filter(stage=f.stage)
    if f.list_id:
        projects = projects.filter(pk__in=ListMembership.objects.filter(
            project_list_id=f.list_id).values("project_id"))
    if f.region:
        projects = projects.filter(region__code__startswith=stats.region_prefix(f.region))
    if f.unit_id:
        projects = projects.filter(lead_unit_id=f.unit_id)
    if f.industry:
        projects = projects.filter(industry=f.industry)
    if f.kind:
        projects = projects.filter(kind=f.kind)
    if f.stalled_months and 1 <= f.stalled_months <= 36:
        projects = stats.stalled_projects(projects, months=f.stalled_months)
    if f.pipeline_year:
        projects = stats.rolling_pipeline(projects, f.pipeline_year - 1)
    if f.q:
        projects = projects.filter(Q(name__icontains=f.q) | Q(code=f.q) | Q(investor_name__icontains=f.q))
    return projects


def project_rows(projects: QuerySet[Project]) -> QuerySet[Project]:
    return projects.select_related("region", "lead_unit").order_by("code")


@dataclass(frozen=True)
class Totals:
    count: int
    total_investment: Decimal
    year_investment: Decimal


def totals(projects: QuerySet[Project], year: int) -> Totals:
    head = projects.order_by().aggregate(total=Sum("total_investment"), count=Count("id"))
    count = head["count"]
    year_sum = (MonthlyInvestment.objects.filter(project__in=projects.order_by().values("pk"), year=year)
                .aggregate(total=Sum("completed"))["total"])
    return Totals(count, head["total"] or Decimal(0), year_sum or Decimal(0))


def year_investment_of(project_ids, year: int) -> dict[int, Decimal]:
    """The year's investment so far of each project (one query for a page of rows)."""
    return dict(MonthlyInvestment.objects.filter(project_id__in=list(project_ids), year=year)
                .values_list("project_id").annotate(total=Sum("completed")))


def lists_for_filter() -> list[ProjectList]:
    return list(ProjectList.objects.order_by("-year", "level", "name"))


@dataclass
class ProjectDetail:
    project: Project
    changes: list[StageChange]
    year_plans: dict[int, Decimal]
    investments: list[MonthlyInvestment]
    helpers: list[Helper]
    visits: list[Visit]
    blockers: list[Blocker]
    lists: list[ProjectList]
    year: int
    chart: dict


def project_detail(project: Project, year: int | None = None) -> ProjectDetail:
    investments = list(MonthlyInvestment.objects.filter(project=project).order_by("year", "month"))
    years = sorted({row.year for row in investments})
    year = year or (years[-1] if years else timezone.localdate().year)
    this_year = {r.month: r for r in investments if r.year == year}
    last_year = {r.month: r for r in investments if r.year == year - 1}
    chart = {
        "months": [f"{m}月" for m in range(1, 13)],
        "completed": [str(this_year[m].completed) if m in this_year else None for m in range(1, 13)],
        "cumulative": [str(this_year[m].cumulative) if m in this_year else None for m in range(1, 13)],
        "previous": [str(last_year[m].cumulative) if m in last_year else None for m in range(1, 13)],
        "year": year,
    }
    return ProjectDetail(
        project=project,
        changes=list(project.stage_changes.order_by("on", "id")),
        year_plans={p.year: p.amount for p in project.year_plans.all()},
        investments=[r for r in investments if r.year == year],
        helpers=list(project.helpers.select_related("official__unit")),
        visits=list(project.visits.select_related("official")[:30]),
        blockers=list(project.blockers.select_related("unit").order_by("status", "deadline", "id")),
        lists=list(project.lists.order_by("-year", "level")),
        year=year,
        chart=chart,
    )


def blocker_board(user, *, unit_id: int | None = None, status: str = "open") -> QuerySet[Blocker]:
    blockers = visible_blockers(user)
    if unit_id:
        blockers = blockers.filter(unit_id=unit_id)
    if status == "overdue":
        blockers = blockers.filter(stats.overdue_q())
    elif status in BlockerStatus.values:
        blockers = blockers.filter(status=status)
    return (blockers.select_related("project", "unit")
            .order_by("status", "deadline", "id"))
