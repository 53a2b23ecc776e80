"""Pages of projects: the list with filters and totals, the project page with its forms
(stage, monthly investment, blockers, visits, helpers), and the blocker board per unit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.core.errors import DomainError, NotFound, ParseError
from luoshi.core.paging import PER_PAGE, paginate, querystring_without_page
from luoshi.core.periods import Period
from luoshi.core.permissions import access_for
from luoshi.core.web import form_error
from luoshi.orgs.models import Official, Unit
from luoshi.projects import queries, services, stats, transfer
from luoshi.projects.forms import (
    BlockerForm,
    HelperForm,
    InvestmentForm,
    ResolveForm,
    StageForm,
    VisitForm,
)
from luoshi.projects.models import BlockerStatus, Helper, Industry, ProjectKind, Stage
from luoshi.projects.transfer_views import xlsx_response


@login_required
def project_list(request):
    filters = queries.filters_from(request.GET)
    projects = queries.filtered_projects(request.user, filters)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(transfer.export_projects(queries.project_rows(projects)), "projects.xlsx")
    totals = queries.totals(projects, filters.year)
    paginator = Paginator(queries.project_rows(projects), PER_PAGE)
    paginator.count = totals.count  # counted with the totals: spare the paginator its query
    page = paginator.get_page(request.GET.get("page"))
    year_sums = queries.year_investment_of((p.pk for p in page.object_list), filters.year)
    rows = [(p, year_sums.get(p.pk)) for p in page.object_list]
    access = access_for(request.user)
    context = {
        "page": page, "rows": rows, "querystring": querystring_without_page(request),
        "filters": filters, "totals": totals,
        "stages": Stage.choices, "industries": Industry.choices, "kinds": ProjectKind.choices,
        "lists": queries.lists_for_filter(), "can_manage": access.has("projects.manage"),
        "can_report": access.has("projects.report"),
        "results_template": "projects/_project_rows.html",
    }
    if request.headers.get("HX-Request"):
        return render(request, "projects/_project_rows.html", context)
    return render(request, "projects/project_list.html", context)


def _units_near(project):
    """Units a blocker may be assigned to: the city's departments, zones and county
    governments (the top of its tree), not every section below them."""
    return list(Unit.objects.filter(region__code__startswith=project.region_id[:4], is_active=True,
                                    depth__lte=1).order_by("depth", "sort_order", "code")[:300])


def _detail(request, project, *, status=200, **forms):
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    detail = queries.project_detail(project, year)
    today = timezone.localdate()
    can_report = services.can_report(request.user, project)
    can_manage = services.can_manage(request.user, project)
    helper = any(h.official_id == request.user.official_id for h in detail.helpers)
    context = {
        "d": detail, "project": project, "today": today,
        "can_report": can_report, "can_manage": can_manage,
        "can_raise": can_report or helper,
        "can_visit": can_manage or helper,
        "stage_form": forms.get("stage_form") or StageForm(initial={"on": today}),
        "investment_form": forms.get("investment_form") or InvestmentForm(),
        "blocker_form": forms.get("blocker_form") or BlockerForm(
            units=_units_near(project) if (can_report or helper) else (), initial={"found_on": today}),
        "visit_form": forms.get("visit_form") or VisitForm(helpers=detail.helpers,
                                                           initial={"visited_on": today}),
        "resolve_form": ResolveForm(),
        "open_blockers": sum(1 for b in detail.blockers if b.status == BlockerStatus.OPEN),
        "overdue_blockers": sum(1 for b in detail.blockers
                                if b.status == BlockerStatus.OPEN and b.deadline < today),
    }
    if can_manage:
        context["helper_form"] = forms.get("helper_form") or HelperForm(officials=list(
            Official.objects.filter(unit__region__code__startswith=project.region_id[:4], is_active=True,
                                    unit__depth__lte=1)
            .select_related("unit").order_by("unit__sort_order", "sort_order")[:300]))
    return render(request, "projects/project_detail.html", context, status=status)


@login_required
def project_detail(request, project_id):
    return _detail(request, queries.access_project(request.user, project_id))


def _done(request, project, message):
    messages.success(request, message)
    return redirect("project_detail", project.pk)


@login_required
@require_POST
def project_stage(request, project_id):
    project = queries.access_project(request.user, project_id)
    form = StageForm(request.POST)
    if form.is_valid():
        try:
            services.change_stage(actor=request.user, project=project, stage=form.cleaned_data["stage"],
                                  on=form.cleaned_data["on"], reason=form.cleaned_data["reason"])
            return _done(request, project, _("已更新项目阶段"))
        except DomainError as exc:
            form_error(form, exc)
    return _detail(request, project, status=400, stage_form=form)


@login_required
@require_POST
def project_investment(request, project_id):
    project = queries.access_project(request.user, project_id)
    form = InvestmentForm(request.POST)
    if form.is_valid():
        try:
            try:
                month = Period.parse(form.cleaned_data["period"])
            except ParseError as exc:
                raise services.InvalidInput(exc.message, field="period") from exc
            if month.kind != "month":
                raise services.InvalidInput("请填写某一个月，如 2023-06", field="period")
            services.record_investment(actor=request.user, project=project, entry=services.InvestmentEntry(
                year=month.year, month=month.first_month, completed=form.cleaned_data["completed"],
                cumulative=form.cleaned_data["cumulative"], note=form.cleaned_data["note"]))
            return _done(request, project, _("已保存月度投资"))
        except DomainError as exc:
            form_error(form, exc)
    return _detail(request, project, status=400, investment_form=form)


@login_required
@require_POST
def project_blocker(request, project_id):
    project = queries.access_project(request.user, project_id)
    form = BlockerForm(request.POST, units=_units_near(project))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.raise_blocker(actor=request.user, project=project, data=services.BlockerData(
                title=data["title"], description=data["description"], unit_code=data["unit"],
                found_on=data["found_on"], deadline=data["deadline"]))
            return _done(request, project, _("已登记项目难题"))
        except DomainError as exc:
            form_error(form, exc)
    return _detail(request, project, status=400, blocker_form=form)


@login_required
@require_POST
def project_visit(request, project_id):
    project = queries.access_project(request.user, project_id)
    helpers = list(project.helpers.select_related("official"))
    form = VisitForm(request.POST, helpers=helpers)
    if form.is_valid():
        official = next(h.official for h in helpers if h.official_id == form.cleaned_data["official"])
        try:
            services.record_visit(actor=request.user, project=project, official=official,
                                  visited_on=form.cleaned_data["visited_on"], notes=form.cleaned_data["notes"])
            return _done(request, project, _("已登记走访"))
        except DomainError as exc:
            form_error(form, exc)
    return _detail(request, project, status=400, visit_form=form)


@login_required
@require_POST
def project_helper(request, project_id):
    project = queries.access_project(request.user, project_id)
    official = Official.objects.filter(pk=request.POST.get("official") or 0).first()
    try:
        if official is None:
            raise services.InvalidInput("请选择包保领导", field="official")
        services.assign_helper(actor=request.user, project=project, official=official)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("project_detail", project.pk)
    return _done(request, project, _("已添加包保领导"))


@login_required
@require_POST
def helper_remove(request, helper_id):
    helper = Helper.objects.select_related("project", "official").filter(pk=helper_id).first()
    if helper is None:
        raise NotFound("包保关系不存在")
    project = queries.access_project(request.user, helper.project_id)
    try:
        services.remove_helper(actor=request.user, helper=helper)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("project_detail", project.pk)
    return _done(request, project, _("已移除包保领导"))


UNITS_ON_BOARD = 30  # the units with the most overdue and open blockers; the rest by filter


@login_required
def blocker_board(request):
    """Blockers per responsible unit: counts for every unit in scope, then the blockers of
    the chosen unit (a reporter sees its own unit's) with a form to resolve each open one."""
    params = request.GET
    try:
        unit_id = int(params.get("unit", ""))
    except ValueError:
        unit_id = None
    status = params.get("status", "open")
    visible = queries.visible_blockers(request.user)
    units = stats.blockers_by_unit(visible.filter(status=BlockerStatus.OPEN))
    board = queries.blocker_board(request.user, unit_id=unit_id, status=status)
    page = paginate(request, board)
    resolvable = {b.pk for b in page.object_list if b.status == BlockerStatus.OPEN
                  and services.can_resolve(request.user, b)}
    context = {
        "units": units[:UNITS_ON_BOARD], "more_units": max(0, len(units) - UNITS_ON_BOARD), "page": page, "rows": page.object_list,
        "querystring": querystring_without_page(request), "unit_id": unit_id, "status": status,
        "resolvable": resolvable, "resolve_form": ResolveForm(), "today": timezone.localdate(),
        "results_template": "projects/_blocker_rows.html",
    }
    if request.headers.get("HX-Request"):
        return render(request, "projects/_blocker_rows.html", context)
    return render(request, "projects/blocker_board.html", context)


@login_required
@require_POST
def blocker_resolve(request, blocker_id):
    blocker = queries.access_blocker(request.user, blocker_id)
    form = ResolveForm(request.POST)
    back = request.POST.get("next") or ""
    target = back if back.startswith("/") and not back.startswith("//") else None
    if form.is_valid():
        try:
            services.resolve_blocker(actor=request.user, blocker=blocker,
                                     resolution=form.cleaned_data["resolution"],
                                     resolved_on=form.cleaned_data["resolved_on"])
            messages.success(request, _("已办结难题：%(title)s") % {"title": blocker.title})
        except DomainError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("请填写解决情况"))
    return redirect(target or "blocker_board")
