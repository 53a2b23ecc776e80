"""Major projects of the region (项目为王): investment completed in the year so far against the
year's plan and against last year, projects per stage, stalled projects and open blockers.

Reads through the projects app: its reader scope (``visible_projects``), its stalled-project
and blocker rules (``projects.stats``) and its growth arithmetic (``projects.derivation``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from luoshi.cockpit import figures
from luoshi.cockpit.panels import Panel, register
from luoshi.cockpit.panels.indicators import pace_words
from luoshi.cockpit.queries import CockpitView
from luoshi.core.periods import Period

ZERO = Decimal(0)


@dataclass
class StageLine:
    label: str
    count: int
    url: str


@dataclass
class ProjectInvestment:
    period: str
    projects: int
    total_investment: str
    completed: str
    completed_unit: str
    growth_words: str
    growth_good: bool | None
    planned: str
    completion: str
    completion_width: str
    elapsed_width: str
    on_track: bool | None
    pace_text: str
    stages: list[StageLine]
    stalled: int
    stalled_url: str
    blockers_open: int
    blockers_overdue: int
    list_url: str


def project_investment(view: CockpitView) -> ProjectInvestment | None:
    from luoshi.projects import derivation, stats
    from luoshi.projects.models import Blocker, MonthlyInvestment, Stage, YearPlan
    from luoshi.projects.queries import visible_projects

    year, month = view.year, view.last_month
    projects = visible_projects(view.user).filter(
        region__code__startswith=view.region.code_prefix).order_by()
    head = projects.aggregate(n=Count("id"), total=Sum("total_investment"))
    if not head["n"]:
        return None
    ids = projects.values("pk")
    done = MonthlyInvestment.objects.filter(project__in=ids, year__in=[year - 1, year],
                                            month__lte=month).aggregate(
        now=Sum("completed", filter=Q(year=year)), before=Sum("completed", filter=Q(year=year - 1)))
    completed, before = done["now"] or ZERO, done["before"] or ZERO
    planned = YearPlan.objects.filter(project__in=ids, year=year).aggregate(s=Sum("amount"))["s"]
    by_stage = dict(projects.values_list("stage").annotate(n=Count("id")))
    stalled = stats.stalled_projects(projects, months=3, through=(year, month)).count()
    blockers = stats.blocker_counts(Blocker.objects.filter(project__in=ids))
    growth = derivation.growth_percent(completed, before)
    figure, unit = figures.amount(completed, "万元")
    list_url = f"{reverse('projects')}?{urlencode({'region': view.region.code, 'year': year})}"
    share = (completed / planned) if planned else None
    elapsed = Decimal(month) / 12
    gap = ((share - elapsed) * 100).quantize(Decimal("0.1")) if share is not None else None
    return ProjectInvestment(
        period=Period.of_ytd(year, month).label_zh() if month > 1 else view.period.label_zh(),
        projects=head["n"],
        total_investment="".join(figures.amount(head["total"] or ZERO, "万元")),
        completed=figure, completed_unit=unit, growth_words=figures.growth_words(growth),
        growth_good=None if not growth else growth > 0,
        planned="".join(figures.amount(planned, "万元")) if planned else "",
        completion=figures.percent(share) if share is not None else "",
        completion_width=str(min(Decimal(100), share * 100).quantize(Decimal("0.1"))) if share else "0",
        elapsed_width=str((elapsed * 100).quantize(Decimal("0.1"))),
        on_track=None if share is None else share >= elapsed, pace_text=pace_words(gap, True),
        stages=[StageLine(str(label), by_stage[value], f"{list_url}&{urlencode({'stage': value})}")
                for value, label in Stage.choices if by_stage.get(value)],
        stalled=stalled, stalled_url=f"{list_url}&stalled=3",
        blockers_open=blockers.open, blockers_overdue=blockers.overdue, list_url=list_url)


register(Panel(
    key="projects", title=_("重大项目"), template="cockpit/panels/projects.html",
    query=project_investment, order=40,
    models=("projects.Project", "projects.MonthlyInvestment", "projects.YearPlan",
            "projects.Blocker"),
))
