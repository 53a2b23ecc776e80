"""Pages of plans: the list, the tree with its lights, a node's detail."""

import datetime as dt
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.core.errors import DomainError
from luoshi.core.permissions import access_for
from luoshi.core.web import form_error
from luoshi.core.xlsx import Column, write_table
from luoshi.plans import queries, services
from luoshi.plans.forms import NodeForm, PlanForm
from luoshi.progress import queries as progress_queries
from luoshi.progress.models import Light

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


PLAN_COLUMNS = [
    Column("方案名称", "title", export=lambda r: r[0].title),
    Column("行政区划", "region", export=lambda r: r[0].region.name),
    Column("印发机关", "issuing_body", export=lambda r: r[0].issuing_body),
    Column("文号", "document_number", export=lambda r: r[0].document_number),
    Column("起始日期", "start_date", export=lambda r: r[0].start_date.isoformat()),
    Column("截止日期", "end_date", export=lambda r: r[0].end_date.isoformat()),
    Column("状态灯", "light", export=lambda r: Light(r[1].light).label if r[1] else ""),
    Column("绿灯", "green", as_text=False, export=lambda r: r[1].counts.get("green", 0) if r[1] else None),
    Column("黄灯", "yellow", as_text=False, export=lambda r: r[1].counts.get("yellow", 0) if r[1] else None),
    Column("红灯", "red", as_text=False, export=lambda r: r[1].counts.get("red", 0) if r[1] else None),
]


@login_required
def plan_list(request):
    plans = list(queries.visible_plans(request.user).order_by("-start_date", "id"))
    period = request.GET.get("period") or progress_queries.default_period(request.user)
    statuses = progress_queries.plan_statuses(plans, period)
    if request.GET.get("format") == "xlsx":
        content = write_table(PLAN_COLUMNS, [(p, statuses.get(p.pk)) for p in plans],
                              title=f"行动方案 {period}", sheet_name="行动方案")
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''plans-{period}.xlsx"
        return response
    return render(request, "plans/plan_list.html", {
        "rows": [(plan, statuses.get(plan.pk)) for plan in plans], "period": period,
        "can_manage": access_for(request.user).has("plans.manage")})


def _tree_context(request, plan_id):
    plan = queries.access_plan(request.user, plan_id)
    months = progress_queries.months_of(plan)
    period = request.GET.get("period") or (months[0] if months else "")
    if period not in months and months:
        period = months[0]
    rows, counts = queries.plan_tree(plan, period=period, area_id=_int(request.GET.get("area")),
                                     unit_id=_int(request.GET.get("unit")),
                                     light=request.GET.get("light", ""))
    return plan, period, months, rows, counts


@login_required
def plan_tree(request, plan_id):
    plan, period, months, rows, counts = _tree_context(request, plan_id)
    lead_units = sorted({(r.node.lead_unit_id, r.node.lead_unit_name) for r in rows
                         if r.node.lead_unit_id}, key=lambda u: u[1])
    context = {"plan": plan, "period": period, "months": months, "rows": rows,
               "counts": {light: counts.get(light, 0) for light in Light.values},
               "areas": [r.node for r in rows if r.node.kind == "area"],
               "lead_units": lead_units, "params": request.GET, "lights": Light.choices,
               "status": progress_queries.plan_statuses([plan], period).get(plan.pk),
               "can_manage": access_for(request.user).has("plans.manage")}
    template = "plans/_tree_rows.html" if request.headers.get("HX-Request") else "plans/plan_tree.html"
    return render(request, template, context)


TREE_COLUMNS = [
    Column("编号", "number", export=lambda r: r.node.number),
    Column("标题", "title", export=lambda r: r.node.title),
    Column("类型", "kind", export=lambda r: r.node.get_kind_display()),
    Column("牵头单位", "lead_unit", export=lambda r: r.node.lead_unit_name),
    Column("配合单位", "co_units", export=lambda r: "、".join(r.co_units)),
    Column("牵头领导", "lead_official", export=lambda r: r.node.official),
    Column("状态灯", "light", export=lambda r: Light(r.light).label),
    Column("原因", "reasons", export=lambda r: "；".join(x.get("text", "") for x in r.reasons)),
]


@login_required
def plan_tree_export(request, plan_id):
    plan, period, _months, rows, _counts = _tree_context(request, plan_id)
    content = write_table(TREE_COLUMNS, rows, title=f"{plan.title} {period} 红黄绿灯",
                          sheet_name="红黄绿灯")
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''plan-{plan.pk}-{period}.xlsx"
    return response


@login_required
def node_detail(request, node_id):
    node = queries.access_node(request.user, node_id)
    context = queries.node_detail(node, period=request.GET.get("period", ""))
    access = access_for(request.user)
    context["can_manage"] = access.has("plans.manage")
    context["can_mark"] = access.has("plans.manage") or (
        access.has("reports.fill") and node.lead_unit_id == access.unit_id)
    return render(request, "plans/node_detail.html", context)


@login_required
@require_POST
def milestone_done(request, milestone_id):
    milestone = queries.access_milestone(request.user, milestone_id)
    try:
        done_on = dt.date.fromisoformat(request.POST.get("done_on", "")) if request.POST.get("done_on") else None
        services.mark_milestone_done(actor=request.user, milestone=milestone, done_on=done_on)
    except ValueError:
        messages.error(request, _("完成日期格式应为 2023-06-30"))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已更新节点目标"))
    return redirect("node_detail", milestone.node_id)




def _plan_initial(plan) -> dict:
    return {name: getattr(plan, name) for name in services.PLAN_FIELDS if name != "region"} | {
        "region_code": plan.region_id}


@login_required
def plan_edit(request, plan_id):
    plan = queries.access_plan(request.user, plan_id)
    services.require_plan_manager(request.user, plan.region)
    form = PlanForm(request.POST or None, initial=_plan_initial(plan))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_plan(actor=request.user, plan=plan, data=services.PlanData(**form.cleaned_data))
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("已保存方案设置；重新计算后状态灯按新阈值显示"))
            return redirect("plan_tree", plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "plan": plan})


def _codes(text: str) -> list[str]:
    return [c for c in re.split(r"[、,，;；\s]+", text) if c]


@login_required
def node_edit(request, node_id):
    node = queries.access_node(request.user, node_id)
    services.require_plan_manager(request.user, node.plan.region)
    initial = {"kind": node.kind, "number": node.number, "title": node.title, "text": node.text,
               "lead_unit_code": node.lead_unit.code if node.lead_unit_id else "",
               "co_unit_codes": "、".join(u.code for u in node.co_units.all())}
    form = NodeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = services.NodeData(**{**form.cleaned_data,
                                    "co_unit_codes": _codes(form.cleaned_data["co_unit_codes"]),
                                    "lead_official_id": node.lead_official_id})
        try:
            services.update_node(actor=request.user, node=node, data=data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("已保存条目"))
            return redirect("node_detail", node.pk)
    return render(request, "plans/node_form.html", {"form": form, "node": node})
