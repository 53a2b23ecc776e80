"""Pages of briefs: list, generate, preview and edit, issue, download, 批示, templates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.briefs import export, queries, services
from luoshi.briefs.forms import (
    GenerateForm,
    HeaderForm,
    InstructionForm,
    OrderForm,
    SectionForm,
    TemplateForm,
)
from luoshi.briefs.models import BriefKind, BriefStatus, SectionTemplate
from luoshi.briefs.sources import COMMON, SOURCES
from luoshi.core.errors import DomainError
from luoshi.core.permissions import access_for
from luoshi.core.web import form_error, render_list

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def brief_list(request):
    briefs = queries.brief_list(request.user, kind=request.GET.get("kind", ""),
                                status=request.GET.get("status", ""))
    return render_list(request, "briefs/brief_list.html", "briefs/_brief_rows.html", briefs, {
        "kinds": BriefKind.choices, "statuses": BriefStatus.choices, "params": request.GET,
        "can_manage": access_for(request.user).has("briefs.manage")})


@login_required
def brief_generate(request):
    access_for(request.user).require("briefs.manage")
    regions = queries.regions_for(request.user)
    initial = {"region_code": request.user.unit.region_id if request.user.unit_id else ""}
    form = GenerateForm(request.POST or None, regions=regions, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            brief = services.generate_brief(actor=request.user, request=services.BriefRequest(
                **form.cleaned_data))
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("已生成简报草稿：请核对数字、修改文字后签发"))
            return redirect("brief_detail", brief.pk)
    return render(request, "briefs/brief_generate.html", {"form": form})


def _detail_context(request, brief) -> dict:
    access = access_for(request.user)
    context = queries.brief_detail(brief)
    editable = brief.status == BriefStatus.DRAFT and access.has("briefs.manage")
    for section in context["sections"]:
        section.linked = queries.linked_body(
            section, reverse("brief_figure", args=[brief.pk, section.pk, 0])[:-2])
    context.update({
        "editable": editable,
        "header_form": HeaderForm(initial={"title": brief.title, "issuing_body": brief.issuing_body,
                                           "copy_to": brief.copy_to}) if editable else None,
        "can_instruct": brief.is_issued and access.has("instructions.write"),
        "can_order": access.has("supervision.manage"),
        "order_form": OrderForm(),
        "instruction_form": InstructionForm(sections=context["sections"]),
    })
    return context


@login_required
def brief_detail(request, brief_id):
    brief = queries.access_brief(request.user, brief_id)
    return render(request, "briefs/brief_detail.html", _detail_context(request, brief))


@login_required
@require_POST
def brief_header(request, brief_id):
    brief = queries.access_brief(request.user, brief_id)
    form = HeaderForm(request.POST)
    if form.is_valid():
        try:
            services.update_header(actor=request.user, brief=brief,
                                   header=services.BriefHeader(**form.cleaned_data))
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已保存"))
    else:
        messages.error(request, _("标题和发文机关不能为空"))
    return redirect("brief_detail", brief.pk)


@login_required
def section_edit(request, brief_id, section_id):
    """htmx: the section's form in place of its text, and its text again once saved."""
    section = queries.access_section(request.user, brief_id, section_id)
    form = SectionForm(request.POST or None, initial={"body": section.body})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.update_section(actor=request.user, section=section,
                                    body=form.cleaned_data["body"])
        except DomainError as exc:
            form_error(form, exc)
            status = 400
        else:
            section.linked = queries.linked_body(
                section, reverse("brief_figure", args=[brief_id, section.pk, 0])[:-2])
            return render(request, "briefs/_section.html",
                          {"section": section, "brief": section.brief, "editable": True})
    elif request.method == "POST":
        status = 400
    return render(request, "briefs/_section_form.html",
                  {"section": section, "brief": section.brief, "form": form}, status=status)


@login_required
def section_show(request, brief_id, section_id):
    section = queries.access_section(request.user, brief_id, section_id)
    section.linked = queries.linked_body(
        section, reverse("brief_figure", args=[brief_id, section.pk, 0])[:-2])
    editable = (section.brief.status == BriefStatus.DRAFT
                and access_for(request.user).has("briefs.manage"))
    return render(request, "briefs/_section.html",
                  {"section": section, "brief": section.brief, "editable": editable})


@login_required
@require_POST
def brief_issue(request, brief_id):
    brief = queries.access_brief(request.user, brief_id)
    try:
        services.issue_brief(actor=request.user, brief=brief)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已签发 %(number)s") % {"number": brief.number_label})
    return redirect("brief_detail", brief.pk)


@login_required
@require_POST
def brief_instruct(request, brief_id):
    brief = queries.access_brief(request.user, brief_id)
    sections = list(brief.sections.all())
    form = InstructionForm(request.POST, sections=sections)
    if form.is_valid():
        section = next((s for s in sections if s.pk == form.cleaned_data["section"]), None)
        try:
            services.write_instruction(actor=request.user, brief=brief, section=section,
                                       text=form.cleaned_data["text"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("批示已记录"))
    else:
        messages.error(request, _("批示内容不能为空"))
    return redirect("brief_detail", brief.pk)


@login_required
@require_POST
def instruction_order(request, brief_id, instruction_id):
    brief = queries.access_brief(request.user, brief_id)
    instruction = brief.instructions.filter(pk=instruction_id).first()
    if instruction is None:
        raise Http404
    form = OrderForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写督办单位编码和办理时限"))
        return redirect("brief_detail", brief.pk)
    try:
        services.instruction_to_order(actor=request.user, instruction=instruction,
                                      request=services.OrderRequest(**form.cleaned_data))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已转为督办单 %(number)s") % {"number": instruction.order_label})
    return redirect("brief_detail", brief.pk)


@login_required
def brief_download(request, brief_id, fmt):
    brief = queries.access_brief(request.user, brief_id)
    name = f"brief-{brief.year}-{brief.number}"
    if fmt == "docx":
        response = HttpResponse(export.brief_docx(brief), content_type=DOCX)
    elif fmt == "pdf":
        response = HttpResponse(export.brief_pdf(brief), content_type="application/pdf")
    elif fmt == "html":
        return HttpResponse(export.brief_html(brief))
    else:
        raise Http404
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}.{fmt}"
    return response


@login_required
def brief_figure(request, brief_id, section_id, index):
    """Where a figure came from, as stored when the brief was generated."""
    section = queries.access_section(request.user, brief_id, section_id)
    if not 0 <= index < len(section.figures):
        raise Http404
    return render(request, "briefs/figure.html", {
        "brief": section.brief, "section": section, "figure": section.figures[index]})


@login_required
def template_list(request):
    access_for(request.user).require("briefs.manage")
    return render(request, "briefs/template_list.html", {
        "templates": SectionTemplate.objects.all(), "sources": SOURCES})


@login_required
def template_edit(request, template_id=None):
    access_for(request.user).require("briefs.manage")
    template = None
    initial = {}
    if template_id is not None:
        template = SectionTemplate.objects.filter(pk=template_id).first()
        if template is None:
            raise Http404
        initial = {name: getattr(template, name) for name in
                   ("code", "heading", "source", "kinds", "position", "is_active", "text")}
    form = TemplateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_template(actor=request.user, template=template,
                                   data=services.TemplateData(**form.cleaned_data))
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("已保存段落模板"))
            return redirect("brief_templates")
    source = SOURCES.get(form["source"].value() or "")
    return render(request, "briefs/template_form.html", {
        "form": form, "template": template, "source": source, "common": COMMON})
