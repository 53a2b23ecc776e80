"""Pages of investment attraction: the pipeline, the lead list, a lead with its timeline and
funds, the forms to create, edit and move a lead and to record funds arrived."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.attraction import queries, services, transfer
from luoshi.attraction.forms import FundsForm, LeadForm, MoveForm
from luoshi.attraction.models import Origin, Stage
from luoshi.core.errors import DomainError
from luoshi.core.industries import Industry
from luoshi.core.money import format_money
from luoshi.core.permissions import access_for
from luoshi.core.web import form_error, render_list

UNITS_SHOWN = 20
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


def _years() -> list[int]:
    this_year = timezone.localdate().year
    return list(range(this_year, this_year - 6, -1))


@login_required
def pipeline(request):
    leads = queries.visible_leads(request.user)
    period = queries.period_from(request.GET, request.user)
    found = services.pipeline(leads, period)
    figures = found.figures
    chart = [{"name": s.label, "value": s.total} for s in figures.pipeline]
    all_units = request.GET.get("units") == "all"
    # A city HQ sees hundreds of units: the busiest few, all on request.
    by_unit = found.by_unit if all_units else found.by_unit[:UNITS_SHOWN]
    return render(request, "attraction/pipeline.html", {
        "period": period, "figures": figures, "chart": chart, "by_region": found.by_region,
        "by_unit": by_unit, "unit_count": len(found.by_unit),
        "funds_text": format_money(figures.funds.amount),
        "funds_last_text": format_money(figures.funds.last_year),
        "years": _years(), "months": range(1, 13),
        "can_edit": services.can_edit_leads(access_for(request.user)),
    })


@login_required
def lead_list(request):
    filters = queries.LeadFilters.from_params(request.GET)
    rows = queries.lead_list(request.user, filters)
    if request.GET.get("format") == "xlsx":
        stamp = timezone.localdate().strftime("%Y%m%d")
        return xlsx_response(transfer.export_leads(rows), f"leads-{stamp}.xlsx")
    total = queries.lead_totals(rows)
    return render_list(request, "attraction/lead_list.html", "attraction/_lead_rows.html", rows, {
        "params": request.GET, "total": total, "total_text": format_money(total),
        "stages": Stage.choices, "origins": Origin.choices, "industries": Industry.choices,
        "regions": queries.region_choices(request.user), "units": queries.unit_choices(request.user),
        "years": [str(y) for y in _years()],
        "can_edit": services.can_edit_leads(access_for(request.user)),
    })


def _lead_form(request, data=None, initial=None):
    return LeadForm(data, initial=initial, regions=queries.region_choices(request.user),
                    units=queries.units_for_form(request.user).order_by("sort_order", "code"))


def _data_from(form) -> services.LeadData:
    values = dict(form.cleaned_data)
    values["investor_place"] = values.get("investor_place") or ""
    return services.LeadData(**values)


@login_required
def lead_new(request):
    access = access_for(request.user)
    if not services.can_edit_leads(access):
        access.require("leads.follow")
    initial = {"unit_code": request.user.unit.code if request.user.unit_id else "",
               "region_code": request.user.unit.region_id if request.user.unit_id else ""}
    form = _lead_form(request, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            lead = services.create_lead(actor=request.user, data=_data_from(form))
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("已登记招商线索"))
            return redirect("lead_detail", lead.pk)
    return render(request, "attraction/lead_form.html", {"form": form, "lead": None},
                  status=400 if form.errors else 200)


@login_required
def lead_edit(request, lead_id):
    lead = queries.access_lead(request.user, lead_id)
    services.require_lead_access(request.user, lead)
    initial = {**vars(services.lead_data(lead))}
    form = _lead_form(request, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_lead(actor=request.user, lead=lead, data=_data_from(form))
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("已保存"))
            return redirect("lead_detail", lead.pk)
    return render(request, "attraction/lead_form.html", {"form": form, "lead": lead},
                  status=400 if form.errors else 200)


def _detail(request, lead, *, move_form=None, funds_form=None, status=200):
    access = access_for(request.user)
    can_edit = services.can_edit_leads(access) and services.lead_in_scope(access, lead)
    return render(request, "attraction/lead_detail.html", {
        "lead": lead, "timeline": queries.timeline(lead), "funds": queries.lead_funds(lead),
        "can_edit": can_edit,
        "move_form": move_form or MoveForm(current=lead.stage),
        "funds_form": funds_form or FundsForm(initial={"month": timezone.localdate().strftime("%Y-%m")}),
        "investment_text": format_money(lead.intended_investment),
    }, status=status)


@login_required
def lead_detail(request, lead_id):
    return _detail(request, queries.access_lead(request.user, lead_id))


@login_required
@require_POST
def lead_move(request, lead_id):
    lead = queries.access_lead(request.user, lead_id)
    form = MoveForm(request.POST, current=lead.stage)
    if not form.is_valid():
        return _detail(request, lead, move_form=form, status=400)
    try:
        services.move_lead(actor=request.user, lead=lead, to_stage=form.cleaned_data["to_stage"],
                           on=form.cleaned_data["on"], reason=form.cleaned_data["reason"])
    except DomainError as exc:
        form_error(form, exc)
        return _detail(request, queries.access_lead(request.user, lead_id), move_form=form, status=400)
    messages.success(request, _("线索已转入“%(stage)s”阶段") % {"stage": lead.get_stage_display()})
    return redirect("lead_detail", lead.pk)


@login_required
@require_POST
def lead_funds(request, lead_id):
    lead = queries.access_lead(request.user, lead_id)
    form = FundsForm(request.POST)
    if not form.is_valid():
        return _detail(request, lead, funds_form=form, status=400)
    try:
        services.record_funds(actor=request.user, lead=lead, month=form.cleaned_data["month"],
                              amount=form.cleaned_data["amount"])
    except DomainError as exc:
        form_error(form, exc)
        return _detail(request, lead, funds_form=form, status=400)
    messages.success(request, _("已登记到位资金"))
    return redirect("lead_detail", lead.pk)
