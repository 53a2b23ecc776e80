"""The leader's cockpit: the page (region, month, drill-down) and each panel's partial."""

import logging

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from luoshi.cockpit import periods
from luoshi.cockpit.panels import available_panels, panel
from luoshi.cockpit.queries import (
    CockpitView,
    access_region,
    child_regions,
    parse_period,
    period_choices,
)

log = logging.getLogger(__name__)


def _view(request, *, with_range: bool = True) -> tuple[CockpitView, periods.PeriodRange | None]:
    """The region and month the request asks for; the month defaults to the latest with data.
    ``with_range``: also the months with data, which the page's selector needs."""
    access, region, chain = access_region(request.user, request.GET.get("region"))
    text = request.GET.get("period", "").strip()
    known = periods.period_range(region) if with_range or not text else None
    period = parse_period(text) if text else known.latest
    return CockpitView(request.user, access, region, period, chain), known


@login_required
def cockpit(request):
    view, known = _view(request)
    years = sorted({*known.years, view.period.year})
    return render(request, "cockpit/cockpit.html", {
        "view": view, "region": view.region, "period": view.period,
        "crumbs": [(r, view.url(region=r.code)) for r in view.chain],
        "children": [(c, view.url(region=c.code)) for c in child_regions(view.region)],
        "panels": available_panels(),
        "period_choices": period_choices(years),
        "previous_url": view.url(period=view.previous_period()),
        "next_url": view.url(period=view.next_period()),
    })


@login_required
def cockpit_panel(request, key):
    found = panel(key)
    if found is None:
        raise Http404
    view, _known = _view(request, with_range=False)
    try:
        data = found.query(view)
    except Exception:  # one broken panel must not take the cockpit down with it
        log.exception("cockpit panel %s failed for %s %s", key, view.region.code, view.period)
        return render(request, "cockpit/_panel_failed.html", {"panel": found})
    if data is None:
        return HttpResponse("")  # nothing to show: htmx swaps the placeholder out
    return render(request, found.template, {"panel": found, "data": data, "view": view})
