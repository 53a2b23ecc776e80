"""Pages of the service to enterprises: enterprises with their cadres, visits and appeals;
the appeal list, an appeal with its history and the forms of each step; a unit's inbox; the
statistics; the enterprise's own page. Each view loads through a query (data scope), calls
one service, renders."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.core.errors import DomainError, InvalidInput, ParseError
from luoshi.core.periods import Period
from luoshi.core.permissions import access_for, unit_in_scope
from luoshi.core.web import form_error, render_list
from luoshi.orgs.models import Unit
from luoshi.service import queries, services, statistics, transfer
from luoshi.service.forms import (
    AccountForm,
    AnswerForm,
    AppealForm,
    AssignForm,
    AssignmentForm,
    CloseForm,
    EndAssignmentForm,
    EnterpriseForm,
    OfficeAppealForm,
    RateForm,
    ReasonForm,
    VisitForm,
)
from luoshi.service.models import (
    AppealCategory,
    AppealStatus,
    EnterpriseSize,
    Industry,
    Satisfaction,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


# --- enterprises -------------------------------------------------------------------------

def _enterprise_rows(request):
    return queries.enterprises_for_list(
        request.user, search=request.GET.get("q", "").strip(), region=request.GET.get("region", "").strip(),
        industry=request.GET.get("industry", ""), size=request.GET.get("size", ""))


@login_required
def enterprises(request):
    access = access_for(request.user)
    if not queries.reads_region(access):
        access.require("service.manage")
    rows = _enterprise_rows(request)
    if request.GET.get("format") == "xlsx":
        stamp = timezone.localdate().strftime("%Y%m%d")
        return _xlsx(transfer.export_enterprises(rows), f"enterprises-{stamp}.xlsx")
    return render_list(request, "service/enterprises.html", "service/_enterprise_rows.html", rows, {
        "params": request.GET, "industries": Industry.choices, "sizes": EnterpriseSize.choices,
        "can_manage": access.has("service.manage")})


def _enterprise_data(form) -> services.EnterpriseData:
    return services.EnterpriseData(**form.cleaned_data)


@login_required
def enterprise_edit(request, enterprise_id=None):
    access_for(request.user).require("service.manage")
    enterprise = queries.access_enterprise(request.user, enterprise_id) if enterprise_id else None
    initial = {}
    if enterprise is not None:
        initial = {name: getattr(enterprise, name) for name in (
            "name", "uscc", "industry", "size", "address", "contact_name", "contact_phone", "is_active")}
        initial["region_code"] = enterprise.region_id
    form = EnterpriseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if enterprise is None:
                enterprise = services.create_enterprise(actor=request.user, data=_enterprise_data(form))
            else:
                services.update_enterprise(actor=request.user, enterprise=enterprise,
                                           data=_enterprise_data(form))
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("已保存"))
            return redirect("enterprise_detail", enterprise.pk)
    return render(request, "service/enterprise_form.html", {"form": form, "enterprise": enterprise},
                  status=400 if form.errors else 200)


def _enterprise_context(request, enterprise, **forms):
    detail = queries.enterprise_detail(request.user, enterprise)
    manage = queries.can_manage(request.user, enterprise.region_id)
    context = {"detail": detail, "enterprise": enterprise, "can_manage": manage,
               "today": timezone.localdate(),
               "visit_assignments": [a for a in detail.assignments
                                     if a.end_date is None and queries.can_record_visit(request.user, a)]}
    if manage:
        context.update(
            assignment_form=forms.get("assignment_form") or AssignmentForm(
                officials=queries.assignable_officials(request.user, enterprise),
                initial={"start_date": timezone.localdate()}),
            account_form=forms.get("account_form") or AccountForm(),
            appeal_form=forms.get("appeal_form") or OfficeAppealForm(visits=detail.visits))
    context["visit_form"] = forms.get("visit_form") or VisitForm(initial={"visited_on": timezone.localdate()})
    context["end_form"] = EndAssignmentForm(initial={"end_date": timezone.localdate()})
    return context


@login_required
def enterprise_detail(request, enterprise_id):
    enterprise = queries.access_enterprise(request.user, enterprise_id)
    return render(request, "service/enterprise_detail.html", _enterprise_context(request, enterprise))


def _post_on_enterprise(request, enterprise, form, form_name: str, call, success: str):
    """Validate ``form``, run ``call(form.cleaned_data)``; on error show the detail page with
    the form and its errors, losing nothing typed."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, success)
            return redirect("enterprise_detail", enterprise.pk)
    return render(request, "service/enterprise_detail.html",
                  _enterprise_context(request, enterprise, **{form_name: form}), status=400)


@login_required
@require_POST
def assignment_new(request, enterprise_id):
    enterprise = queries.access_enterprise(request.user, enterprise_id)
    form = AssignmentForm(request.POST, officials=queries.assignable_officials(request.user, enterprise))
    return _post_on_enterprise(request, enterprise, form, "assignment_form", lambda d: services.assign_cadre(
        actor=request.user, enterprise=enterprise, data=services.AssignmentData(
            official_id=d["official"], start_date=d["start_date"], end_date=d["end_date"])),
        _("已安排包保干部"))


@login_required
@require_POST
def assignment_end(request, assignment_id):
    assignment = queries.access_assignment(request.user, assignment_id)
    form = EndAssignmentForm(request.POST)
    return _post_on_enterprise(request, assignment.enterprise, form, "end_form", lambda d: services.end_assignment(
        actor=request.user, assignment=assignment, end_date=d["end_date"]), _("包保已结束"))


@login_required
@require_POST
def visit_new(request, assignment_id):
    assignment = queries.access_assignment(request.user, assignment_id)
    form = VisitForm(request.POST)
    return _post_on_enterprise(request, assignment.enterprise, form, "visit_form", lambda d: services.record_visit(
        actor=request.user, assignment=assignment, data=services.VisitData(**d)), _("已记录走访"))


@login_required
@require_POST
def account_new(request, enterprise_id):
    enterprise = queries.access_enterprise(request.user, enterprise_id)
    form = AccountForm(request.POST)
    return _post_on_enterprise(request, enterprise, form, "account_form", lambda d: services.open_enterprise_account(
        actor=request.user, enterprise=enterprise, **d), _("已开通企业账号"))


@login_required
@require_POST
def office_appeal_new(request, enterprise_id):
    enterprise = queries.access_enterprise(request.user, enterprise_id)
    detail = queries.enterprise_detail(request.user, enterprise)
    form = OfficeAppealForm(request.POST, visits=detail.visits)
    visits = {v.pk: v for v in detail.visits}

    def register(d):
        appeal = services.raise_appeal(
            actor=request.user, enterprise=enterprise, visit=visits.get(d["visit"]),
            data=services.AppealData(category=d["category"], title=d["title"], content=d["content"],
                                     received_on=d["received_on"]))
        request.new_appeal = appeal
    response = _post_on_enterprise(request, enterprise, form, "appeal_form", register, _("已登记诉求"))
    if getattr(request, "new_appeal", None) is not None:
        return redirect("appeal_detail", request.new_appeal.pk)
    return response


# --- assignments -------------------------------------------------------------------------

@login_required
def assignments(request):
    access = access_for(request.user)
    if not (queries.reads_region(access) or access.has("appeals.handle")):
        access.require("service.manage")
    rows = queries.assignments_for_list(request.user, search=request.GET.get("q", "").strip(),
                                        current=request.GET.get("current") == "1")
    if request.GET.get("format") == "xlsx":
        stamp = timezone.localdate().strftime("%Y%m%d")
        return _xlsx(transfer.export_assignments(rows), f"assignments-{stamp}.xlsx")
    return render_list(request, "service/assignments.html", "service/_assignment_rows.html", rows, {
        "params": request.GET, "can_manage": access.has("service.manage")})


# --- appeals -----------------------------------------------------------------------------

def appeal_filters(params) -> queries.AppealFilters:
    status = params.get("status", "")
    category = params.get("category", "")
    return queries.AppealFilters(
        status=status if status in AppealStatus.values else "",
        category=category if category in AppealCategory.values else "",
        unit_id=_int(params.get("unit")), region=params.get("region", "").strip()[:6],
        overdue=params.get("overdue") == "1", search=params.get("q", "").strip(),
        received_from=_date(params.get("from")), received_to=_date(params.get("to")))


@login_required
def appeals(request):
    access = access_for(request.user)
    if not (queries.reads_region(access) or access.has("appeals.handle")):
        access.require("service.manage")
    rows = queries.appeals_for_list(request.user, appeal_filters(request.GET))
    if request.GET.get("format") == "xlsx":
        stamp = timezone.localdate().strftime("%Y%m%d")
        return _xlsx(transfer.export_appeals(transfer.appeals_for_export(rows)), f"appeals-{stamp}.xlsx")
    return render_list(request, "service/appeals.html", "service/_appeal_rows.html", rows, {
        "params": request.GET, "statuses": AppealStatus.choices, "categories": AppealCategory.choices,
        "units": queries.units_for_filter(request.user), "today": timezone.localdate(),
        "can_manage": access.has("service.manage")})


@login_required
def inbox(request):
    rows = queries.unit_inbox(request.user, include_answered=request.GET.get("answered") == "1")
    return render_list(request, "service/inbox.html", "service/_inbox_rows.html", rows, {
        "params": request.GET, "today": timezone.localdate()})


def _appeal_context(request, appeal, **forms):
    access = access_for(request.user)
    manage = queries.can_manage(request.user, appeal.region_id)
    handles = (access.has("appeals.handle") and appeal.status == AppealStatus.ASSIGNED
               and appeal.unit is not None and unit_in_scope(access, appeal.unit))
    own = access.has("appeals.raise") and services.account_enterprise_id(request.user) == appeal.enterprise_id
    context = {"appeal": appeal, "events": queries.appeal_history(appeal), "today": timezone.localdate(),
               "can_manage": manage, "can_handle": handles, "is_own": own}
    if manage and appeal.status in (AppealStatus.RECEIVED, AppealStatus.ASSIGNED, AppealStatus.ANSWERED):
        context["assign_form"] = forms.get("assign_form") or AssignForm(
            units=queries.assignable_units(request.user), initial={"unit": appeal.unit_id})
    if manage and appeal.status == AppealStatus.ANSWERED:
        context["close_form"] = forms.get("close_form") or CloseForm()
    if handles:
        context["answer_form"] = forms.get("answer_form") or AnswerForm()
        context["return_form"] = forms.get("return_form") or ReasonForm()
    if own and appeal.status in (AppealStatus.ANSWERED, AppealStatus.CLOSED):
        context["rate_form"] = forms.get("rate_form") or RateForm(initial={
            "satisfaction": appeal.satisfaction or None, "note": appeal.satisfaction_note})
    return context


@login_required
def appeal_detail(request, appeal_id):
    appeal = queries.access_appeal(request.user, appeal_id)
    if request.method != "POST":
        return render(request, "service/appeal_detail.html", _appeal_context(request, appeal))
    action = request.POST.get("action", "")
    handlers = {"assign": (AssignForm, "assign_form"), "answer": (AnswerForm, "answer_form"),
                "return": (ReasonForm, "return_form"), "close": (CloseForm, "close_form"),
                "rate": (RateForm, "rate_form")}
    if action not in handlers:
        messages.error(request, _("未知的操作"))
        return redirect("appeal_detail", appeal.pk)
    form_class, name = handlers[action]
    kwargs = {"units": queries.assignable_units(request.user)} if action == "assign" else {}
    form = form_class(request.POST, **kwargs)
    if form.is_valid():
        try:
            _act(request, appeal, action, form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, {
                "assign": _("已交办"), "answer": _("已答复，等待企业评价和指挥部办结"), "return": _("已退回指挥部"),
                "close": _("已办结"), "rate": _("感谢您的评价")}[action])
            return redirect("appeal_detail", appeal.pk)
    appeal = queries.access_appeal(request.user, appeal.pk)  # unchanged: show it as stored
    return render(request, "service/appeal_detail.html", _appeal_context(request, appeal, **{name: form}),
                  status=400)


def _act(request, appeal, action: str, d: dict) -> None:
    actor = request.user
    if action == "assign":
        unit = Unit.objects.filter(pk=d["unit"]).first()
        if appeal.status == AppealStatus.RECEIVED:
            services.assign_appeal(actor=actor, appeal=appeal, unit=unit, deadline=d["deadline"],
                                   note=d["reason"])
        else:
            services.reassign_appeal(actor=actor, appeal=appeal, unit=unit, deadline=d["deadline"],
                                     reason=d["reason"])
    elif action == "answer":
        services.answer_appeal(actor=actor, appeal=appeal, response=d["response"])
    elif action == "return":
        services.return_appeal(actor=actor, appeal=appeal, reason=d["reason"])
    elif action == "close":
        services.close_appeal(actor=actor, appeal=appeal, note=d["note"])
    elif action == "rate":
        services.rate_appeal(actor=actor, appeal=appeal, satisfaction=d["satisfaction"], note=d["note"])


# --- the enterprise's own page -----------------------------------------------------------

@login_required
def my_appeals(request):
    enterprise = queries.own_enterprise(request.user)
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            appeal = services.raise_appeal(actor=request.user, enterprise=enterprise,
                                           data=services.AppealData(**form.cleaned_data))
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("诉求已提交，编号 %(number)s。办理情况可在本页查看。") % {
                "number": appeal.number})
            return redirect("my_appeals")
    rows = queries.own_appeals(enterprise)
    response = render_list(request, "service/my_appeals.html", "service/_my_appeal_rows.html", rows, {
        "enterprise": enterprise, "form": form, "today": timezone.localdate(),
        "satisfaction": Satisfaction})
    if form.errors:
        response.status_code = 400
    return response


# --- statistics --------------------------------------------------------------------------

def _stats_period(request) -> Period:
    text = request.GET.get("period", "").strip()
    if text:
        try:
            return Period.parse(text)
        except (ParseError, InvalidInput) as exc:
            messages.error(request, exc.message)
    return Period.of_year(timezone.localdate().year)


@login_required
def stats(request):
    access = access_for(request.user)
    if not queries.reads_region(access):
        access.require("service.manage")
    period = _stats_period(request)
    appeals = statistics.appeals_received_in(queries.visible_appeals(request.user), period)
    region_level = "city" if access.sees_all else "region"
    figures = statistics.appeal_figures_by(appeals, ("category", "unit", region_level))
    by_category, by_unit, by_region = figures["category"], figures["unit"], figures[region_level]
    total = statistics.totals(by_category)
    chart = {"categories": [{"label": f.label, "received": f.received, "closed": f.closed}
                            for f in by_category],
             "months": statistics.monthly_received(queries.visible_appeals(request.user), period)
             if period.kind != "month" else []}
    if request.GET.get("format") == "xlsx":
        return _xlsx(transfer.export_statistics(period, total, by_category, by_unit, by_region),
                     f"appeal-stats-{period.code}.xlsx")
    return render(request, "service/stats.html", {
        "period": period, "period_text": request.GET.get("period", period.code), "total": total,
        "by_category": by_category, "by_unit": by_unit, "by_region": by_region, "chart": chart})
