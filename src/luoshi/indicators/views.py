"""Pages of indicators: the catalogue, an indicator's ranking and series, observations,
the checks for HQ, and the Excel upload."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.core.errors import DomainError, InvalidInput
from luoshi.core.models import Region
from luoshi.core.permissions import access_for
from luoshi.core.web import render_list
from luoshi.core.xlsx import ImportRejected
from luoshi.indicators import queries, services, transfer
from luoshi.indicators.forms import FlagReviewForm
from luoshi.indicators.models import CheckRule, FlagStatus
from luoshi.orgs.forms import UploadForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PROVINCE = "210000"


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@login_required
def indicator_list(request):
    search = request.GET.get("q", "").strip()
    return render_list(request, "indicators/indicator_list.html", "indicators/_indicator_rows.html",
                       queries.indicator_list(search), {
                           "search": search, "latest": queries.latest_month(),
                           "can_manage": access_for(request.user).has("indicators.manage")})


def _month_choice(request, indicator) -> tuple[int, int] | None:
    """The month asked for (?period=2023-06 or 2023年1-6月), else the indicator's latest."""
    period = request.GET.get("period", "").strip()
    if period:
        try:
            return services.release_month(period, indicator)
        except InvalidInput as exc:
            messages.error(request, exc.message)
    return queries.latest_month(indicator)


@login_required
def indicator_detail(request, indicator_id):
    indicator = queries.access_indicator(indicator_id)
    month = _month_choice(request, indicator)
    parents = queries.ranking_parents()
    parent = next((r for r in parents if r.code == request.GET.get("parent")), None) or \
        next((r for r in parents if r.code == PROVINCE), parents[0] if parents else None)
    rows = queries.ranking(indicator, month, parent) if month and parent else []
    chosen = request.GET.get("region") or (rows[0].region.code if rows else "")
    region = next((r.region for r in rows if r.region.code == chosen), None)
    if region is None and chosen:
        region = Region.objects.filter(code=chosen).first()
    chart = None
    if region is not None and month:
        chart = queries.chart_series(indicator, region, [month[0] - 1, month[0]])
    return render(request, "indicators/indicator_detail.html", {
        "indicator": indicator, "rows": rows, "parent": parent, "parents": parents,
        "month": month, "period_label": queries.release_label(indicator, *month) if month else "",
        "period_code": f"{month[0]}-{month[1]:02d}" if month else "",
        "region": region, "chart_json": json.dumps(chart, ensure_ascii=False) if chart else "",
        "scope": queries.SCOPE_NAMES.get(parent.level, "") if parent else ""})


def _observation_filters(request) -> dict:
    """The list's filters. Without a period it shows the latest month ("all" for every
    month): at 1.4M rows counting all of them for the pager is what would make it slow."""
    period = request.GET.get("period", "").strip()
    year = month = None
    if not period and not request.GET.get("indicator") and not request.GET.get("region"):
        latest = queries.latest_month()
        if latest:
            year, month = latest
    elif period and period != "all":
        try:
            year, month = services.release_month(period)
        except InvalidInput as exc:
            messages.error(request, exc.message)
    return {"indicator_id": _int(request.GET.get("indicator")),
            "region_code": request.GET.get("region", "").strip(),
            "year": year, "month": month, "flagged": request.GET.get("flagged") == "1"}


@login_required
def observation_list(request):
    filters = _observation_filters(request)
    rows = queries.observation_list(**filters)
    if request.GET.get("format") == "xlsx":
        return _xlsx(transfer.export_long(rows[:100_000].iterator(chunk_size=2000)), "observations.xlsx")
    period = request.GET.get("period", "")
    if not period and filters["year"]:
        period = f"{filters['year']}-{filters['month']:02d}"
    return render_list(request, "indicators/observation_list.html",
                       "indicators/_observation_rows.html", rows, {
                           "filters": filters, "indicators": queries.indicator_list(),
                           "period": period})


@login_required
def flag_list(request):
    status = request.GET.get("status", FlagStatus.OPEN)
    rule = request.GET.get("rule", "")
    rows = queries.flag_list(status=status if status in FlagStatus.values else "",
                             rule=rule if rule in CheckRule.values else "")
    return render_list(request, "indicators/flag_list.html", "indicators/_flag_rows.html", rows, {
        "status": status, "rule": rule, "statuses": FlagStatus.choices, "rules": CheckRule.choices,
        "can_manage": access_for(request.user).has("indicators.manage"),
        "form": FlagReviewForm()})


@login_required
@require_POST
def flag_review(request, flag_id):
    flag = queries.access_flag(flag_id)
    form = FlagReviewForm(request.POST)
    if form.is_valid():
        try:
            services.review_flag(actor=request.user, flag=flag, status=form.cleaned_data["status"],
                                 note=form.cleaned_data["note"])
            messages.success(request, _("已记录核实结果"))
        except DomainError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("核实结果无效"))
    return redirect(request.POST.get("next") or "indicator_flags")


@login_required
def import_view(request):
    access_for(request.user).require("indicators.manage")
    form = UploadForm(request.POST or None, request.FILES or None)
    errors, result = [], None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = transfer.import_observations(actor=request.user, file=upload,
                                                  source_name=upload.name)
        except ImportRejected as exc:
            errors = exc.errors
        except DomainError as exc:
            form.add_error("file", exc.message)
    return render(request, "indicators/import.html", {"form": form, "errors": errors,
                                                      "result": result})


@login_required
def template_view(request):
    if request.GET.get("layout") == "wide":
        indicators = list(queries.indicator_list()[:12])
        regions = list(Region.objects.filter(parent_id=PROVINCE))
        latest = queries.latest_month() or (2023, 6)
        return _xlsx(transfer.export_wide(indicators, regions, *latest), "indicators-wide.xlsx")
    return _xlsx(transfer.long_template(), "indicators-template.xlsx")


@login_required
def export_wide_view(request):
    indicators = list(queries.indicator_list())
    parent = Region.objects.filter(code=request.GET.get("parent") or PROVINCE).first()
    month = None
    if request.GET.get("period"):
        try:
            month = services.release_month(request.GET["period"])
        except InvalidInput as exc:
            messages.error(request, exc.message)
    month = month or queries.latest_month()
    if parent is None or month is None:
        messages.error(request, _("没有可导出的数据"))
        return redirect("indicators")
    content = transfer.export_wide(indicators, list(Region.objects.filter(parent=parent)), *month)
    return _xlsx(content, f"indicators-{month[0]}-{month[1]:02d}.xlsx")
