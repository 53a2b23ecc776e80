"""Major projects for a brief: project investment to date and its growth, the industrial
share, the provincial list (count and the city's rank), projects started, from
luoshi.projects."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum
from django.urls import reverse

from luoshi.briefs.figures import Figure, Source
from luoshi.briefs.prose import year_to_date
from luoshi.core.models import Region, RegionLevel
from luoshi.core.periods import Period
from luoshi.projects import stats
from luoshi.projects.models import (
    ListLevel,
    ListMembership,
    MonthlyInvestment,
    Project,
    ProjectKind,
    ProjectList,
    Stage,
)

ROWS_KEPT = 200


def projects(region: Region, month: Period) -> dict | None:
    span = year_to_date(month.code)
    prefix = stats.region_prefix(region.code)
    projects_here = Project.objects.filter(region__code__startswith=prefix)
    if not projects_here.exists():
        return None
    context = _investment(region, span, prefix)
    context.update(_province_list(region, month.year))
    context.update(_started(region, span, projects_here))
    return context


def _percent(part: Decimal, whole: Decimal) -> Decimal | None:
    return None if not whole else part * 100 / whole


def _investment(region: Region, span: Period, prefix: str) -> dict:
    rows = list(MonthlyInvestment.objects
                .filter(project__region__code__startswith=prefix, year=span.year,
                        month__in=span.months())
                .values("project_id", "project__name", "project__kind")
                .annotate(total=Sum("completed")).order_by("-total", "project_id"))
    total = sum((r["total"] for r in rows), Decimal(0))
    last_year = (MonthlyInvestment.objects
                 .filter(project__region__code__startswith=prefix, year=span.year - 1,
                         month__in=span.months())
                 .aggregate(total=Sum("completed"))["total"] or Decimal(0))
    industrial = sum((r["total"] for r in rows if r["project__kind"] == ProjectKind.INDUSTRIAL),
                     Decimal(0))
    label = f"{region.name}{span.label_zh()}项目完成投资"
    summed = Source(label, "projects.Project", tuple(r["project_id"] for r in rows),
                    reverse("projects"), tuple({"项目": r["project__name"], "完成投资（万元）": r["total"]}
                                               for r in rows[:ROWS_KEPT]))
    growth = _percent(total - last_year, last_year)
    share = _percent(industrial, total)
    return {
        "investment": Figure("projects.investment", label, total, "万元", (summed,)) if total else None,
        "investment_growth": None if growth is None else Figure(
            "projects.investment_growth", f"{label}同比", growth, "%", (summed, Source(
                f"上年同期{last_year}万元"),)),
        "industrial_share": None if share is None else Figure(
            "projects.industrial_share", f"{label}中工业项目占比", share, "%", (Source(
                f"工业项目{industrial}万元，全部项目{total}万元", "projects.Project",
                tuple(r["project_id"] for r in rows if r["project__kind"] == ProjectKind.INDUSTRIAL),
                rows=tuple({"项目": r["project__name"], "完成投资（万元）": r["total"]}
                           for r in rows if r["project__kind"] == ProjectKind.INDUSTRIAL)),)),
    }


def _province_list(region: Region, year: int) -> dict:
    provincial = (ProjectList.objects.filter(year=year, level=ListLevel.PROVINCE)
                  .order_by("id").first())
    if provincial is None or region.level != RegionLevel.CITY:
        return {}
    counts = stats.list_counts_by_city(provincial)
    own = next((c for c in counts if c.region_code == region.code), None)
    if own is None:
        return {}
    members = list(ListMembership.objects.filter(
        project_list=provincial, project__region__code__startswith=region.code[:4])
        .select_related("project").order_by("project__name"))
    ranking = Source(f"{provincial}各市项目数", "projects.ProjectList", (provincial.pk,),
                     rows=tuple({"城市": c.region_name, "项目数": c.count, "位次": c.rank}
                                for c in counts))
    size = provincial.memberships.count()
    return {
        "province_list": provincial.name,
        "province_list_size": Figure("projects.list_size", f"{provincial}项目总数",
                                     Decimal(size), "个", (ranking,)),
        "province_list_count": Figure(
            "projects.list_count", f"{region.name}列入{provincial}的项目", Decimal(own.count), "个",
            (Source(f"{region.name}列入{provincial}的项目", "projects.Project",
                    tuple(m.project_id for m in members), reverse("projects"),
                    tuple({"项目": m.project.name} for m in members)),)),
        "province_list_rank": Figure("projects.list_rank", f"{region.name}项目数全省排名",
                                     Decimal(own.rank), "位", (ranking,)),
        "ahead": [c.region_name for c in counts if c.rank < own.rank],
    }


def _started(region: Region, span: Period, projects_here) -> dict:
    started = list(projects_here.filter(
        stage_changes__to_stage=Stage.STARTED, stage_changes__on__gte=span.start_date(),
        stage_changes__on__lte=span.end_date()).distinct().order_by("-total_investment", "id"))
    if not started:
        return {}
    source = Source(f"{region.name}{span.label_zh()}开工项目", "projects.Project",
                    tuple(p.pk for p in started), reverse("projects"),
                    tuple({"项目": p.name, "总投资（万元）": p.total_investment}
                          for p in started[:ROWS_KEPT]))
    return {
        "started": Figure("projects.started", source.label, Decimal(len(started)), "个", (source,)),
        "biggest_started": [
            {"name": p.name, "location": p.location,
             "total": Figure(f"projects.{p.code}.total", f"{p.name}总投资", p.total_investment,
                             "万元", (Source(p.name, "projects.Project", (p.pk,),
                                             reverse("project_detail", args=[p.pk])),))}
            for p in started[:3]],
    }
