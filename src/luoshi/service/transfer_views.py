"""Enterprises, assignments and appeals through Excel: the upload pages and the templates.
(Exports are the lists' own ``?format=xlsx``.)"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from luoshi.core.errors import DomainError
from luoshi.core.permissions import access_for
from luoshi.core.xlsx import ImportRejected
from luoshi.orgs.forms import UploadForm
from luoshi.service import transfer

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LABELS = {"enterprises": _("企业"), "assignments": _("包保关系"), "appeals": _("企业诉求")}
EXPLANATIONS = {
    "enterprises": _("按统一社会信用代码匹配：系统中已有的企业被更新，其余新建。代码的校验码会被核对。"),
    "assignments": _("每行一位干部包保一家企业：企业须已在系统中，干部按姓名、职务和所在单位编码查找。"
                     "已有的包保关系可填写结束日期。"),
    "appeals": _("编号留空的行登记为新诉求；填写承办单位编码即同时交办。填写待交办诉求的编号和承办单位编码，"
                 "可以批量交办。答复、评价和办结在系统中办理。"),
}


def _kind(what: str) -> str:
    if what not in LABELS:
        raise Http404
    return what


@login_required
def import_view(request, what):
    what = _kind(what)
    access_for(request.user).require("service.manage")
    form = UploadForm(request.POST or None, request.FILES or None)
    errors, result = [], None
    if request.method == "POST" and form.is_valid():
        try:
            result = transfer.IMPORTERS[what](actor=request.user, file=form.cleaned_data["file"])
        except ImportRejected as exc:
            errors = exc.errors
        except DomainError as exc:
            form.add_error("file", exc.message)
    return render(request, "service/import.html", {
        "form": form, "what": what, "what_label": LABELS[what], "explanation": EXPLANATIONS[what],
        "errors": errors, "result": result}, status=400 if errors or form.errors else 200)


@login_required
def template_view(request, what):
    what = _kind(what)
    response = HttpResponse(transfer.TEMPLATES[what](), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{what}-template.xlsx"
    return response
