"""Small helpers the views of every app share."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render

from luoshi.core.errors import DomainError
from luoshi.core.paging import paginate, querystring_without_page


def form_error(form, exc: DomainError) -> None:
    """Show a domain error on the form field it concerns, else above the form."""
    field = getattr(exc, "field", "")
    candidates = [field, f"{field}_code", f"{field}_id"]
    target = next((name for name in candidates if name and name in form.fields), None)
    form.add_error(target, exc.message)


def render_list(request, template: str, partial: str, queryset, context: dict) -> HttpResponse:
    """A list page; htmx requests get only the results table."""
    page = paginate(request, queryset)
    context = {**context, "page": page, "rows": page.object_list,
               "querystring": querystring_without_page(request), "results_template": partial}
    return render(request, partial if request.headers.get("HX-Request") else template, context)


def flash_error(request, exc: DomainError) -> None:
    messages.error(request, exc.message)
