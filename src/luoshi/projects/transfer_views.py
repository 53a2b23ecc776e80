"""Projects and monthly investment through Excel: upload pages, templates, exports."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from luoshi.core.errors import DomainError
from luoshi.core.permissions import access_for
from luoshi.core.xlsx import ImportRejected
from luoshi.orgs.forms import UploadForm
from luoshi.projects import queries, transfer
from luoshi.projects.models import MonthlyInvestment

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


def _import_page(request, *, run, title, intro, template_url):
    form = UploadForm(request.POST or None, request.FILES or None)
    errors, result = [], None
    if request.method == "POST" and form.is_valid():
        try:
            result = run(actor=request.user, file=form.cleaned_data["file"])
        except ImportRejected as exc:
            errors = exc.errors
        except DomainError as exc:
            form.add_error("file", exc.message)
    return render(request, "projects/import.html", {
        "form": form, "errors": errors, "result": result, "title": title, "intro": intro,
        "template_url": template_url})


@login_required
def projects_import(request):
    access_for(request.user).require("projects.manage")
    return _import_page(request, run=transfer.import_projects, title=_("导入重大项目"),
                        intro=_("每个项目一行，项目编号已存在的行更新该项目，其余新建。文件中任何一处有错误时，整个文件都不会写入，请按提示修改后重新上传。"),
                        template_url="projects_template")


@login_required
def investment_import(request):
    access = access_for(request.user)
    if not access.has("projects.manage"):
        access.require("projects.report")
    return _import_page(request, run=transfer.import_investment, title=_("导入项目月度投资"),
                        intro=_("每个项目每月一行，当月完成投资与年内累计完成投资填一项即可。文件中任何一处有错误时，整个文件都不会写入。"),
                        template_url="investment_template")


@login_required
def projects_template(request):
    return xlsx_response(transfer.projects_template(), "projects-template.xlsx")


@login_required
def investment_template(request):
    return xlsx_response(transfer.investment_template(), "investment-template.xlsx")


@login_required
def projects_export(request):
    projects = queries.filtered_projects(request.user, queries.filters_from(request.GET))
    stamp = timezone.localdate().strftime("%Y%m%d")
    return xlsx_response(transfer.export_projects(queries.project_rows(projects)), f"projects-{stamp}.xlsx")


@login_required
def investment_export(request):
    filters = queries.filters_from(request.GET)
    projects = queries.filtered_projects(request.user, filters)
    rows = (MonthlyInvestment.objects.filter(project__in=projects.values("pk"), year=filters.year)
            .select_related("project").order_by("project__code", "month"))
    return xlsx_response(transfer.export_investment(rows), f"investment-{filters.year}.xlsx")
