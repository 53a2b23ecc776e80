"""Pages of the monthly report workflow: the reporter's inbox and form, the unit leader's
approval queue, HQ's review queue, and who is late or missing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.core.errors import DomainError, NotFound
from luoshi.core.paging import paginate, querystring_without_page
from luoshi.core.permissions import access_for
from luoshi.core.web import form_error, render_list
from luoshi.core.xlsx import Column, write_table
from luoshi.plans.queries import access_node
from luoshi.progress import evidence as evidence_service
from luoshi.progress import queries, services
from luoshi.progress.forms import EvidenceForm, ReportForm, ReturnForm
from luoshi.progress.models import Evidence, ReportStatus

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(columns, rows, *, title: str, filename: str) -> HttpResponse:
    response = HttpResponse(write_table(columns, rows, title=title, sheet_name=title[:31]),
                            content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


def _period(request) -> str:
    return request.GET.get("period") or queries.default_period(request.user)


INBOX_COLUMNS = [
    Column("方案", "plan", export=lambda r: str(r.node.plan)),
    Column("编号", "number", export=lambda r: r.node.number),
    Column("条目", "title", export=lambda r: r.node.title),
    Column("报送截止日", "deadline", export=lambda r: r.deadline.isoformat()),
    Column("状态", "status", export=lambda r: r.report.get_status_display() if r.report else "未填报"),
]


@login_required
def inbox(request):
    period = _period(request)
    show = "all" if request.GET.get("show") == "all" else "todo"
    nodes = queries.inbox_nodes(request.user, period, to_do_only=show == "todo")
    if request.GET.get("format") == "xlsx":
        return _xlsx(INBOX_COLUMNS, queries.inbox_rows(request.user, period, nodes),
                     title=f"{period}进展报告", filename=f"inbox-{period}.xlsx")
    page = paginate(request, nodes)
    return render(request, "progress/inbox.html", {
        "rows": queries.inbox_rows(request.user, period, page.object_list), "page": page,
        "period": period, "show": show, "querystring": querystring_without_page(request)})


@login_required
@require_POST
def open_report(request, node_id, period):
    node = access_node(request.user, node_id)
    try:
        report = services.open_report(actor=request.user, node=node, period=period)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("report_inbox")
    return redirect("report_detail", report.pk)


def _report_context(request, report, form=None, return_form=None):
    access = access_for(request.user)
    stage = services.STAGE_PERMISSION.get(report.status)
    can_act = bool(stage) and access.has(stage)
    targets = list(report.node.targets.all())
    values = {v.target_id: v.value for v in report.values.all()}
    if form is None:
        initial = {"progress": report.progress, "problems": report.problems,
                   "next_steps": report.next_steps,
                   **{f"target_{t}": v for t, v in values.items()}}
        form = ReportForm(initial=initial, targets=targets)
    return {"report": report, "form": form, "return_form": return_form or ReturnForm(),
            "evidence_form": EvidenceForm(), "editable": report.status in services.EDITABLE and can_act,
            "can_act": can_act, "values": [(t, values.get(t.pk)) for t in targets],
            "evidence": list(report.evidence.all()), "events": list(report.events.all())}


@login_required
def report_detail(request, report_id):
    report = queries.access_report(request.user, report_id)
    if request.method != "POST":
        return render(request, "progress/report.html", _report_context(request, report))
    action = request.POST.get("action", "save")
    targets = list(report.node.targets.all())
    form = ReportForm(request.POST, targets=targets)
    return_form = ReturnForm(request.POST) if action == "return" else None
    try:
        if action in ("save", "submit"):
            if not form.is_valid():
                return render(request, "progress/report.html",
                              _report_context(request, report, form=form), status=400)
            services.save_report(actor=request.user, report=report, data=services.ReportData(
                progress=form.cleaned_data["progress"], problems=form.cleaned_data["problems"],
                next_steps=form.cleaned_data["next_steps"], values=form.target_values()))
            if action == "submit":
                services.submit_report(actor=request.user, report=report)
        elif action == "approve":
            services.approve_report(actor=request.user, report=report)
        elif action == "accept":
            services.accept_report(actor=request.user, report=report)
        elif action == "return":
            if not return_form.is_valid():
                return render(request, "progress/report.html",
                              _report_context(request, report, return_form=return_form), status=400)
            services.return_report(actor=request.user, report=report,
                                   reason=return_form.cleaned_data["reason"])
    except DomainError as exc:
        if action in ("save", "submit"):
            form_error(form, exc)
        else:
            messages.error(request, exc.message)
        report.refresh_from_db()
        return render(request, "progress/report.html",
                      _report_context(request, report, form=form if action in ("save", "submit") else None),
                      status=400)
    messages.success(request, {
        "save": _("已保存草稿"), "submit": _("已报送，等待单位领导审核"), "approve": _("已审核通过，报指挥部"),
        "accept": _("已采纳，状态灯已重新计算"), "return": _("已退回"),
    }[action])
    return redirect("report_detail", report.pk)


@login_required
@require_POST
def report_evidence(request, report_id):
    report = queries.access_report(request.user, report_id)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            evidence_service.add_evidence(actor=request.user, report=report, name=upload.name,
                                          content=upload.read())
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已上传佐证材料"))
    else:
        messages.error(request, _("请选择要上传的文件"))
    return redirect("report_detail", report.pk)


@login_required
@require_POST
def evidence_remove(request, evidence_id):
    item = Evidence.objects.filter(pk=evidence_id, report__in=queries.visible_reports(request.user)).first()
    if item is None:
        raise NotFound("佐证材料不存在或不在您的数据范围内")
    report_id = item.report_id
    try:
        evidence_service.remove_evidence(actor=request.user, evidence=item)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("report_detail", report_id)


@login_required
def evidence_download(request, evidence_id):
    item = Evidence.objects.filter(pk=evidence_id, report__in=queries.visible_reports(request.user)).first()
    if item is None:
        raise NotFound("佐证材料不存在或不在您的数据范围内")
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.original_name,
                        content_type=item.content_type)


QUEUE_COLUMNS = [
    Column("报告期", "period", export=lambda r: r.period),
    Column("单位", "unit", export=lambda r: r.unit.name),
    Column("方案", "plan", export=lambda r: str(r.node.plan)),
    Column("条目", "node", export=lambda r: f"{r.node.number}{r.node.title}"),
    Column("报送时间", "submitted_at",
           export=lambda r: r.submitted_at.strftime("%Y-%m-%d %H:%M") if r.submitted_at else ""),
    Column("逾期", "is_late", export=lambda r: "是" if r.is_late else ""),
]


def _queue_page(request, rows, *, title: str, name: str):
    if request.GET.get("format") == "xlsx":
        return _xlsx(QUEUE_COLUMNS, rows, title=title, filename=f"{name}.xlsx")
    # Paged: a city's queue can hold a thousand reports in the busy days after the deadline.
    return render_list(request, "progress/queue.html", "progress/_queue_rows.html", rows,
                       {"title": title, "name": name})


@login_required
def approvals(request):
    return _queue_page(request, queries.approval_queue(request.user), title=_("待审核报告"),
                       name="approvals")


@login_required
def review(request):
    return _queue_page(request, queries.review_queue(request.user), title=_("待指挥部审核报告"),
                       name="review")


DELIVERY_COLUMNS = [
    Column("单位", "unit_name"),
    Column("应报", "due", as_text=False),
    Column("已报送", "submitted", as_text=False),
    Column("退回待改", "returned", as_text=False),
    Column("逾期报送", "late", as_text=False),
    Column("缺报", "missing", as_text=False),
]


@login_required
def delivery(request):
    period = _period(request)
    rows = queries.delivery_by_unit(request.user, period)
    if request.GET.get("format") == "xlsx":
        return _xlsx(DELIVERY_COLUMNS, rows, title=f"{period}报送情况", filename=f"delivery-{period}.xlsx")
    return render(request, "progress/delivery.html", {
        "rows": rows, "period": period, "statuses": ReportStatus})
