"""Pages for HQ staff: keep a briefing text, review the facts read from it (highlighted in
the text), and accept chosen facts into indicator observations or reject them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from luoshi.core.errors import DomainError, InvalidInput
from luoshi.core.models import Region
from luoshi.core.web import form_error, render_list
from luoshi.indicators.models import Indicator
from luoshi.ingest import queries, services
from luoshi.ingest.forms import VALUE_KINDS, AcceptForm, RejectForm, SourceForm


@login_required
def source_list(request):
    form = SourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            source = services.create_source(
                actor=request.user, text=form.cleaned_data["text"],
                title=form.cleaned_data["title"], file_name=form.cleaned_data.get("file_name", ""))
        except DomainError as exc:
            form_error(form, exc)
        else:
            return redirect("ingest_review", source.pk)
    search = request.GET.get("q", "").strip()
    return render_list(request, "ingest/source_list.html", "ingest/_source_rows.html",
                       queries.source_list(request.user, search), {"form": form, "search": search})


@login_required
def source_review(request, source_id):
    source = queries.access_source(request.user, source_id)
    return render(request, "ingest/review.html",
                  {"review": queries.review(source), "value_kinds": VALUE_KINDS})


@login_required
@require_POST
def fact_accept(request, source_id, start, end):
    source = queries.access_source(request.user, source_id)
    form = AcceptForm(request.POST)
    error = ""
    if not form.is_valid():
        error = "请选择指标、地区，并填写期间（如 2023-06、2023年1-6月、2023年上半年）"
    else:
        data = form.cleaned_data
        try:
            services.accept_fact(
                actor=request.user, source=source, start=start, end=end,
                indicator=_indicator(data["indicator"]), region=_region(data["region"]),
                period=data["period"].strip(), value_kind=data["value_kind"])
        except DomainError as exc:
            error = exc.message
    return _answer(request, source, start, end, error)


@login_required
@require_POST
def fact_reject(request, source_id, start, end):
    source = queries.access_source(request.user, source_id)
    form = RejectForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    error = ""
    try:
        services.reject_fact(actor=request.user, source=source, start=start, end=end, reason=reason)
    except DomainError as exc:
        error = exc.message
    return _answer(request, source, start, end, error)


def _indicator(indicator_id: int) -> Indicator:
    indicator = Indicator.objects.filter(pk=indicator_id).first()
    if indicator is None:
        raise InvalidInput("指标不存在，请重新选择", field="indicator")
    return indicator


def _region(code: str) -> Region:
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise InvalidInput(f"行政区划“{code}”不存在，请重新选择", field="region")
    return region


def _answer(request, source, start, end, error: str):
    """htmx gets the fact's row again (and its highlight, out of band); a plain form post
    goes back to the review page."""
    if not request.headers.get("HX-Request"):
        if error:
            messages.error(request, error)
        return redirect("ingest_review", source.pk)
    review = queries.review(source)
    row = next((r for r in review.rows if (r.fact.start, r.fact.end) == (start, end)), None)
    if row is None:  # cannot happen while extraction is deterministic; answer plainly anyway
        return render(request, "ingest/_fact_answer.html", {"error": error or "数据不存在"})
    if error:
        row.posted = request.POST.dict()
    return render(request, "ingest/_fact_answer.html", {
        "row": row, "review": review, "error": error, "value_kinds": VALUE_KINDS})
