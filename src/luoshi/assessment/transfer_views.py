"""Hand-entered values through Excel: the filled-in template of a period and the upload."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from luoshi.assessment import queries, transfer
from luoshi.assessment.exports import XLSX
from luoshi.assessment.periods import parse_assessment_period
from luoshi.core.errors import DomainError, NotFound
from luoshi.core.xlsx import ImportRejected
from luoshi.orgs.forms import UploadForm


@login_required
def values_template(request, scheme_id):
    scheme = queries.manageable_scheme(request.user, scheme_id)
    try:
        period = parse_assessment_period(request.GET.get("period") or f"{scheme.year}-Q1", scheme.year).code
    except DomainError as exc:
        raise NotFound(exc.message) from exc
    response = HttpResponse(transfer.export_values(scheme, period), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''assessment-{scheme.pk}-{period}-values.xlsx"
    return response


@login_required
def values_import(request, scheme_id):
    scheme = queries.manageable_scheme(request.user, scheme_id)
    form = UploadForm(request.POST or None, request.FILES or None)
    errors, written = [], None
    if request.method == "POST" and form.is_valid():
        try:
            written = transfer.import_values(actor=request.user, scheme=scheme, file=form.cleaned_data["file"])
        except ImportRejected as exc:
            errors = exc.errors
        except DomainError as exc:
            form.add_error("file", exc.message)
    return render(request, "assessment/import.html", {
        "scheme": scheme, "form": form, "errors": errors, "written": written,
        "periods": queries.period_choices(scheme)}, status=400 if errors else 200)
