"""Pages of the assessment: schemes and their setup, the computation, the ranking per
category with movement, one unit's breakdown, adjustments and values entered by hand."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.assessment import exports, queries, services
from luoshi.assessment.forms import (
    AdjustForm,
    CategoryForm,
    ComputeForm,
    CriterionFormSet,
    SchemeForm,
    ValueForm,
)
from luoshi.assessment.models import MANUAL
from luoshi.assessment.periods import parse_assessment_period
from luoshi.core.errors import DomainError, InvalidInput, NotFound
from luoshi.core.paging import paginate, querystring_without_page
from luoshi.core.permissions import access_for
from luoshi.core.web import form_error
from luoshi.orgs.models import Unit


@login_required
def scheme_list(request):
    access = access_for(request.user)
    schemes = queries.visible_schemes(request.user).order_by("-year", "region_id", "id")
    return render(request, "assessment/scheme_list.html", {
        "schemes": schemes, "can_manage": access.has("supervision.manage")})


def _scheme_data(form) -> services.SchemeData:
    return services.SchemeData(**form.cleaned_data)


@login_required
def scheme_new(request):
    access_for(request.user).require("supervision.manage")
    form = SchemeForm(request.POST or None, initial={"region_code": request.user.unit.region_id
                                                     if request.user.unit_id else ""})
    if request.method == "POST" and form.is_valid():
        try:
            scheme = services.create_scheme(actor=request.user, data=_scheme_data(form))
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("已新建考核方案，请设置考核类别、考核对象和指标"))
            return redirect("assessment_scheme", scheme.pk)
    return render(request, "assessment/scheme_form.html", {"form": form, "scheme": None})


@login_required
def scheme_edit(request, scheme_id):
    scheme = queries.manageable_scheme(request.user, scheme_id)
    initial = {"title": scheme.title, "region_code": scheme.region_id, "year": scheme.year,
               "issuing_body": scheme.issuing_body}
    form = SchemeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_scheme(actor=request.user, scheme=scheme, data=_scheme_data(form))
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("已保存"))
            return redirect("assessment_scheme", scheme.pk)
    return render(request, "assessment/scheme_form.html", {"form": form, "scheme": scheme})


@login_required
def scheme_detail(request, scheme_id):
    scheme = queries.access_scheme(request.user, scheme_id)
    manages = queries.manages(access_for(request.user), scheme)
    periods = queries.period_choices(scheme)
    return render(request, "assessment/scheme_detail.html", {
        "scheme": scheme, "manages": manages, "categories": queries.scheme_categories(scheme),
        "computed": queries.computed_periods(request.user, scheme),
        "category_form": CategoryForm(), "compute_form": ComputeForm(periods=periods),
        "labels": dict(periods)})


@login_required
@require_POST
def category_new(request, scheme_id):
    scheme = queries.manageable_scheme(request.user, scheme_id)
    form = CategoryForm(request.POST)
    if form.is_valid():
        try:
            category = services.create_category(actor=request.user, scheme=scheme,
                                                name=form.cleaned_data["name"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            return redirect("assessment_category", category.pk)
    else:
        messages.error(request, _("请填写类别名称"))
    return redirect("assessment_scheme", scheme.pk)


def _criteria_initial(category):
    return [{"id": c.pk, "name": c.name, "metric": c.metric, "weight": c.weight,
             "full_at": c.full_at, "zero_at": c.zero_at} for c in category.criteria.all()]


def _criteria_data(formset) -> list[services.CriterionData]:
    items = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or (not data.get("name") and data.get("weight") is None):
            continue  # a blank row, or a criterion whose name and weight were cleared: removed
        if data.get("weight") is None:
            raise InvalidInput(f"指标“{data.get('name') or ''}”请填写权重", field="criteria")
        items.append(services.CriterionData(
            id=data.get("id"), name=data.get("name") or "", metric=data["metric"],
            weight=data["weight"], full_at=data["full_at"], zero_at=data["zero_at"]))
    return items


@login_required
def category_edit(request, category_id):
    category = queries.access_category(request.user, category_id)
    scheme = category.scheme
    formset = CriterionFormSet(request.POST or None, prefix="c", initial=_criteria_initial(category))
    members = set(category.members.values_list("unit_id", flat=True))
    errors = []
    if request.method == "POST":
        try:
            if request.POST.get("part") == "members":
                services.set_members(actor=request.user, category=category,
                                     unit_ids=[int(u) for u in request.POST.getlist("units") if u.isdigit()])
                messages.success(request, _("已保存考核对象"))
                return redirect("assessment_category", category.pk)
            if formset.is_valid():
                services.set_criteria(actor=request.user, category=category,
                                      criteria=_criteria_data(formset))
                messages.success(request, _("已保存考核指标和权重"))
                return redirect("assessment_category", category.pk)
            errors.append(_("请按提示修改指标"))
        except DomainError as exc:
            errors.append(exc.message)
    elsewhere = dict(services.Member.objects.filter(scheme=scheme).exclude(category=category)
                     .values_list("unit_id", "category__name"))
    units = [(u, u.pk in members, elsewhere.get(u.pk)) for u in queries.candidate_units(scheme)]
    return render(request, "assessment/category_edit.html", {
        "category": category, "scheme": scheme, "formset": formset, "units": units,
        "errors": errors}, status=400 if errors else 200)


@login_required
@require_POST
def category_delete(request, category_id):
    category = queries.access_category(request.user, category_id)
    try:
        services.delete_category(actor=request.user, category=category)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("assessment_category", category.pk)
    messages.success(request, _("已删除类别"))
    return redirect("assessment_scheme", category.scheme_id)


@login_required
@require_POST
def compute(request, scheme_id):
    scheme = queries.manageable_scheme(request.user, scheme_id)
    period = request.POST.get("period", "")
    try:
        summary = services.compute_period(actor=request.user, scheme=scheme, period=period)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("assessment_scheme", scheme.pk)
    messages.success(request, _("已计算 %(period)s：%(units)s 个单位，%(scores)s 项得分") % {
        "period": summary.period, "units": summary.units, "scores": summary.scores})
    return redirect(f"{_url('assessment_ranking', scheme.pk)}?period={summary.period}")


def _url(name, *args):
    from django.urls import reverse

    return reverse(name, args=args)


def _chosen_category(request, scheme, categories):
    wanted = request.GET.get("category", "")
    chosen = next((c.category for c in categories if str(c.category.pk) == wanted), None)
    return chosen or (categories[0].category if categories else None)


@login_required
def ranking(request, scheme_id):
    scheme = queries.access_scheme(request.user, scheme_id)
    period = request.GET.get("period") or queries.default_period(request.user, scheme)
    try:
        period = parse_assessment_period(period, scheme.year).code
    except DomainError as exc:
        messages.error(request, exc.message)
        period = queries.default_period(request.user, scheme)
    categories = queries.scheme_categories(scheme)
    category = _chosen_category(request, scheme, categories)
    view = next((c for c in categories if c.category == category), None)
    criteria = view.criteria if view else []
    results = (queries.ranking_results(request.user, scheme, period, category) if category
               else queries.Result.objects.none())
    if request.GET.get("format") == "xlsx":
        return exports.ranking_response(scheme, category, period, criteria,
                                        queries.ranking_rows(results, criteria))
    page = paginate(request, results)
    context = {"scheme": scheme, "period": period, "categories": categories, "category": category,
               "criteria": criteria, "page": page, "rows": queries.ranking_rows(page.object_list, criteria),
               "querystring": querystring_without_page(request),
               "periods": queries.period_choices(scheme),
               "manages": queries.manages(access_for(request.user), scheme),
               "results_template": "assessment/_ranking_rows.html",
               # the breakdown links of 50 rows share this prefix: one reverse(), not 50
               "unit_url": _url("assessment_breakdown", scheme.pk, 0).removesuffix("0/")}
    template = ("assessment/_ranking_rows.html" if request.headers.get("HX-Request")
                else "assessment/ranking.html")
    return render(request, template, context)


def _breakdown_context(request, scheme, unit_id, period, adjust_form=None, value_form=None):
    data = queries.breakdown(request.user, scheme, unit_id, period)
    criteria = [line.criterion for line in data.lines]
    manages = queries.manages(access_for(request.user), scheme)
    return {"scheme": scheme, "data": data, "manages": manages,
            "periods": queries.period_choices(scheme),
            "adjust_form": adjust_form or AdjustForm(criteria=criteria),
            "value_form": value_form or ValueForm(criteria=criteria),
            "has_manual": any(c.is_manual for c in criteria)}


@login_required
def unit_breakdown(request, scheme_id, unit_id):
    scheme = queries.access_scheme(request.user, scheme_id)
    period = request.GET.get("period") or queries.default_period(request.user, scheme)
    try:
        context = _breakdown_context(request, scheme, unit_id, period)
    except InvalidInput as exc:
        raise NotFound(exc.message) from exc
    if request.GET.get("format") == "xlsx":
        return exports.breakdown_response(context["data"])
    return render(request, "assessment/breakdown.html", context)


def _unit(unit_id) -> Unit:
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise NotFound("单位不存在")
    return unit


@login_required
@require_POST
def adjust(request, scheme_id, unit_id):
    scheme = queries.manageable_scheme(request.user, scheme_id)
    period = request.POST.get("period", "")
    data = queries.breakdown(request.user, scheme, unit_id, period)
    form = AdjustForm(request.POST, criteria=[line.criterion for line in data.lines])
    if form.is_valid():
        try:
            services.adjust_score(actor=request.user, criterion=services.criterion_for(
                scheme, form.cleaned_data["criterion"]), unit=data.unit, period=data.period,
                points=form.cleaned_data["points"], reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("已调整分值，排名已重新计算"))
            return redirect(f"{_url('assessment_breakdown', scheme.pk, unit_id)}?period={data.period}")
    return render(request, "assessment/breakdown.html",
                  _breakdown_context(request, scheme, unit_id, data.period, adjust_form=form), status=400)


@login_required
@require_POST
def enter_value(request, scheme_id, unit_id):
    scheme = queries.manageable_scheme(request.user, scheme_id)
    period = request.POST.get("period", "")
    data = queries.breakdown(request.user, scheme, unit_id, period)
    form = ValueForm(request.POST, criteria=[line.criterion for line in data.lines])
    if form.is_valid():
        try:
            services.enter_value(actor=request.user, criterion=services.criterion_for(
                scheme, form.cleaned_data["criterion"]), unit=data.unit, period=data.period,
                value=form.cleaned_data["value"], note=form.cleaned_data["note"])
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("已录入"))
            return redirect(f"{_url('assessment_breakdown', scheme.pk, unit_id)}?period={data.period}")
    return render(request, "assessment/breakdown.html",
                  _breakdown_context(request, scheme, unit_id, data.period, value_form=form), status=400)


@login_required
def criterion_values(request, scheme_id, criterion_id):
    """All members' hand-entered values of one manual criterion for a period, on one form."""
    scheme = queries.manageable_scheme(request.user, scheme_id)
    criterion = services.criterion_for(scheme, criterion_id)
    if criterion.metric != MANUAL:
        raise NotFound("该指标由平台数据计算，无需手工录入")
    period = request.POST.get("period") or request.GET.get("period") or f"{scheme.year}-Q1"
    try:
        period = parse_assessment_period(period, scheme.year).code
    except DomainError as exc:
        raise NotFound(exc.message) from exc
    rows, errors = queries.entry_rows(criterion, period), []
    if request.method == "POST":
        changes = []
        for row in rows:
            text = request.POST.get(f"v_{row.unit.pk}", "").strip()
            note = request.POST.get(f"n_{row.unit.pk}", "").strip()
            try:
                value = Decimal(text) if text else None
            except InvalidOperation:
                errors.append(f"{row.unit.name}：“{text}”不是数字")
                continue
            if (value, note) != (row.value, row.note):
                changes.append(services.ValueRow(criterion, row.unit, value, note))
        if not errors:
            try:
                count = services.enter_values(actor=request.user, scheme=scheme, period=period, rows=changes)
            except DomainError as exc:
                errors.append(exc.message)
            else:
                messages.success(request, _("已保存 %(n)s 个单位的录入值") % {"n": count})
                return redirect(f"{_url('assessment_values', scheme.pk, criterion.pk)}?period={period}")
    return render(request, "assessment/values.html", {
        "scheme": scheme, "criterion": criterion, "period": period, "rows": rows, "errors": errors,
        "periods": queries.period_choices(scheme), "posted": request.POST if errors else None},
        status=400 if errors else 200)
