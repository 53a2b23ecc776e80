"""Leads and funds arrived through Excel: the upload pages, the templates, the funds export
(the lead list exports itself with ?format=xlsx)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from luoshi.attraction import queries, services, transfer
from luoshi.attraction.views import xlsx_response
from luoshi.core.errors import DomainError
from luoshi.core.permissions import access_for
from luoshi.core.xlsx import ImportRejected
from luoshi.orgs.forms import UploadForm

KINDS = {
    "leads": (_("招商线索"), transfer.import_leads, transfer.leads_template),
    "funds": (_("到位资金"), transfer.import_funds, transfer.funds_template),
}


def _kind(what: str):
    if what not in KINDS:
        raise Http404
    return KINDS[what]


@login_required
def import_view(request, what):
    label, importer, _template = _kind(what)
    access = access_for(request.user)
    if not services.can_edit_leads(access):
        access.require("leads.follow")
    form = UploadForm(request.POST or None, request.FILES or None)
    errors, result = [], None
    if request.method == "POST" and form.is_valid():
        try:
            result = importer(actor=request.user, file=form.cleaned_data["file"])
        except ImportRejected as exc:
            errors = exc.errors
        except DomainError as exc:
            form.add_error("file", exc.message)
    return render(request, "attraction/import.html", {
        "form": form, "what": what, "what_label": label, "errors": errors, "result": result},
        status=400 if errors or form.errors else 200)


@login_required
def template_view(request, what):
    _label, _importer, template = _kind(what)
    return xlsx_response(template(), f"{what}-template.xlsx")


@login_required
def funds_export(request):
    year = request.GET.get("year", "")
    rows = queries.funds_list(request.user, year=int(year) if year.isdigit() else None)
    stamp = timezone.localdate().strftime("%Y%m%d")
    return xlsx_response(transfer.export_funds(rows), f"funds-{stamp}.xlsx")
