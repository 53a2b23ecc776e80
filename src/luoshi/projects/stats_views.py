"""The statistics page: investment by region and month with YoY, the industrial share,
provincial-list counts and ranks among cities, stalled projects and the rolling pipeline."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from luoshi.core.errors import ParseError
from luoshi.core.periods import Period
from luoshi.core.permissions import access_for
from luoshi.projects import queries, stats
from luoshi.projects.models import ListLevel, ProjectList


def _scope_region(user) -> str:
    prefix = access_for(user).region_prefix
    return (prefix + "0" * (6 - len(prefix))) if prefix else "210000"


@login_required
def project_stats(request):
    access = access_for(request.user)
    region = request.GET.get("region", "") or _scope_region(request.user)
    in_scope = access.sees_all or region.startswith(access.region_prefix or "-")
    if not (region.isdigit() and len(region) == 6 and in_scope):
        region = _scope_region(request.user)
    try:
        period = Period.parse(request.GET.get("period", ""), default_year=timezone.localdate().year)
    except ParseError:
        period = Period.of_half(timezone.localdate().year - 1, 1)
    visible = queries.visible_projects(request.user)
    provincial = (ProjectList.objects.filter(level=ListLevel.PROVINCE, year=period.year)
                  .order_by("name").first())
    counts = stats.list_counts_by_city(provincial) if provincial else []
    return render(request, "projects/stats.html", {
        "region": region, "period": period, "period_label": period.label_zh(),
        "growth": stats.investment_growth(region, period),
        "industrial": stats.industrial_share(region, period),
        "by_region": stats.investment_by_region_month(period.year, within=region[:4] + "00"
                                                      if not region.endswith("0000") else region),
        "provincial": provincial, "city_counts": counts,
        "stalled": stats.stalled_projects(visible, months=3).count(),
        "pipeline": stats.rolling_pipeline(visible, period.year).count(),
    })
