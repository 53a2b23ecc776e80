"""Pages of warnings and supervision orders: the office's and the unit's lists, an order's
page with its workflow, the .docx and .xlsx files, the unit's notices."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.core.errors import DomainError, NotFound
from luoshi.core.permissions import access_for, unit_scope_q
from luoshi.core.web import form_error, render_list
from luoshi.orgs.models import Unit
from luoshi.supervision import queries, services, transfer
from luoshi.supervision.documents import order_docx
from luoshi.supervision.forms import CloseForm, OrderForm, ReasonForm, ResponseForm
from luoshi.supervision.models import (
    OrderEvidence,
    OrderStatus,
    Severity,
    WarningStatus,
)
from luoshi.supervision.rules import rule_titles

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


@login_required
def warning_list(request):
    filters = queries.WarningFilters.from_params(request.GET)
    rows = queries.warning_list(request.user, filters)
    if request.GET.get("format") == "xlsx":
        return _download(transfer.export_warnings(rows), XLSX, "warnings.xlsx")
    access = access_for(request.user)
    return render_list(request, "supervision/warning_list.html", "supervision/_warning_rows.html",
                       rows, {"filters": filters, "rules": rule_titles(),
                              "regions": queries.regions_in_scope(request.user),
                              "statuses": WarningStatus.choices, "severities": Severity.choices,
                              "can_manage": access.has("supervision.manage")})


def _units_for_orders(user):
    return list(Unit.objects.filter(unit_scope_q(access_for(user)), is_active=True)
                .order_by("region_id", "depth", "sort_order", "code").only("id", "name"))


@login_required
def order_new(request):
    """A new order, by hand or (``?warnings=1&warnings=2``) from the office's chosen warnings."""
    access_for(request.user).require("supervision.manage")
    ids = [int(i) for i in request.POST.getlist("warnings") or request.GET.getlist("warnings")
           if str(i).isdigit()]
    warnings = queries.warnings_for_order(request.user, ids) if ids else []
    units = _units_for_orders(request.user)
    if request.method != "POST" or "title" not in request.POST:
        initial = {}
        if warnings:
            first = warnings[0]
            many = f"等{len(warnings)}项" if len(warnings) > 1 else ""
            initial = {"title": f"关于“{first.item_title[:60]}”{many}的督办", "unit": first.unit_id,
                       "content": services.warnings_summary(warnings)}
        form = OrderForm(initial=initial, units=units)
        return render(request, "supervision/order_form.html", {"form": form, "warnings": warnings})
    form = OrderForm(request.POST, units=units)
    if form.is_valid():
        data = form.cleaned_data
        try:
            order = services.create_order(actor=request.user, warnings=warnings, data=services.OrderData(
                title=data["title"], content=data["content"], requirements=data["requirements"],
                unit_id=data["unit"], deadline=data["deadline"],
                source="warning" if warnings else "manual"))
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("已签发督办单 %(number)s") % {"number": order.number})
            return redirect("order_detail", order.pk)
    return render(request, "supervision/order_form.html", {"form": form, "warnings": warnings},
                  status=400)


@login_required
def order_list(request):
    filters = queries.OrderFilters.from_params(request.GET)
    rows = queries.order_list(request.user, filters)
    if request.GET.get("format") == "xlsx":
        return _download(transfer.export_orders(rows), XLSX, "orders.xlsx")
    access = access_for(request.user)
    return render_list(request, "supervision/order_list.html", "supervision/_order_rows.html", rows,
                       {"filters": filters, "statuses": OrderStatus.choices,
                        "can_manage": access.has("supervision.manage")})


def _order_context(request, order, **forms):
    access = access_for(request.user)
    answerable = order.status in services.TRANSITIONS["result"][0]
    return {"order": order, **queries.order_history(order),
            "can_respond": access.has("supervision.respond") and answerable,
            "can_decide": access.has("supervision.manage") and order.status == OrderStatus.RESPONDED,
            "response_form": forms.get("response_form") or ResponseForm(),
            "reason_form": forms.get("reason_form") or ReasonForm(),
            "close_form": forms.get("close_form") or CloseForm()}


@login_required
def order_detail(request, order_id):
    order = queries.access_order(request.user, order_id)
    return render(request, "supervision/order_detail.html", _order_context(request, order))


@login_required
@require_POST
def order_respond(request, order_id):
    order = queries.access_order(request.user, order_id)
    form = ResponseForm(request.POST, request.FILES)
    if form.is_valid():
        files = [(f.name, f.read()) for f in form.cleaned_data["files"]]
        try:
            services.respond_order(actor=request.user, order=order, kind=form.cleaned_data["kind"],
                                   text=form.cleaned_data["text"], files=files)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("已反馈"))
            return redirect("order_detail", order.pk)
    order.refresh_from_db()
    return render(request, "supervision/order_detail.html",
                  _order_context(request, order, response_form=form), status=400)


@login_required
@require_POST
def order_decide(request, order_id):
    order = queries.access_order(request.user, order_id)
    action = request.POST.get("action")
    try:
        if action == "close":
            form = CloseForm(request.POST)
            form.is_valid()
            services.close_order(actor=request.user, order=order, note=form.cleaned_data.get("note", ""))
            messages.success(request, _("已销号"))
        elif action == "return":
            form = ReasonForm(request.POST)
            if not form.is_valid():
                return render(request, "supervision/order_detail.html",
                              _order_context(request, order, reason_form=form), status=400)
            services.return_order(actor=request.user, order=order, reason=form.cleaned_data["reason"])
            messages.success(request, _("已退回"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("order_detail", order.pk)


@login_required
def order_document(request, order_id):
    order = queries.access_order(request.user, order_id)
    return _download(order_docx(order), DOCX, f"order-{order.year}-{order.serial}.docx")


@login_required
def evidence_download(request, evidence_id):
    item = (OrderEvidence.objects.filter(pk=evidence_id,
                                         response__order__in=queries.visible_orders(request.user))
            .first())
    if item is None:
        raise NotFound("佐证材料不存在或不在您的数据范围内")
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.original_name,
                        content_type=item.content_type)


@login_required
def notifications(request):
    rows = queries.notifications_for(request.user)
    return render_list(request, "supervision/notifications.html", "supervision/_notification_rows.html",
                       rows, {})
