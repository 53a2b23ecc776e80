"""Excel import, export and templates for units and officials."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from luoshi.core.errors import DomainError
from luoshi.core.permissions import access_for
from luoshi.core.xlsx import ImportRejected
from luoshi.orgs import queries, transfer
from luoshi.orgs.forms import UploadForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LABELS = {"units": _("单位"), "officials": _("领导干部")}


def _kind(what: str) -> str:
    if what not in LABELS:
        raise Http404
    return what


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


@login_required
def import_view(request, what):
    what = _kind(what)
    access_for(request.user).require("orgs.manage")
    form = UploadForm(request.POST or None, request.FILES or None)
    errors, result = [], None
    if request.method == "POST" and form.is_valid():
        importer = transfer.import_units if what == "units" else transfer.import_officials
        try:
            result = importer(actor=request.user, file=form.cleaned_data["file"])
        except ImportRejected as exc:
            errors = exc.errors
        except DomainError as exc:
            form.add_error("file", exc.message)
    return render(request, "orgs/import.html", {
        "form": form, "what": what, "what_label": LABELS[what], "errors": errors, "result": result})


@login_required
def export_view(request, what):
    what = _kind(what)
    stamp = timezone.localdate().strftime("%Y%m%d")
    if what == "units":
        rows = queries.units_for_list(request.user, search=request.GET.get("q", "").strip(),
                                      region=request.GET.get("region", ""), kind=request.GET.get("kind", ""))
        return _xlsx_response(transfer.export_units(rows), f"units-{stamp}.xlsx")
    rows = queries.officials_for_list(request.user, search=request.GET.get("q", "").strip())
    return _xlsx_response(transfer.export_officials(rows), f"officials-{stamp}.xlsx")


@login_required
def template_view(request, what):
    what = _kind(what)
    content = transfer.units_template() if what == "units" else transfer.officials_template()
    return _xlsx_response(content, f"{what}-template.xlsx")
