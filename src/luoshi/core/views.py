import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from luoshi.core.queries import audit_entries
from luoshi.core.web import render_list
from luoshi.orgs.models import LoginLog, Unit
from luoshi.orgs.permissions import access_for, unit_scope_q


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
def home(request):
    access = access_for(request.user)
    context = {"access": access}
    if access.has("orgs.view"):
        context["units_in_scope"] = Unit.objects.filter(unit_scope_q(access)).count()
    return render(request, "core/home.html", context)


@login_required
def audit_log(request):
    access_for(request.user).require("audit.view")
    params = request.GET
    entries = audit_entries(search=params.get("q", "").strip(), action=params.get("action", ""),
                            object_type=params.get("type", ""),
                            date_from=_date(params.get("from", "")), date_to=_date(params.get("to", "")))
    return render_list(request, "core/audit_log.html", "core/_audit_rows.html", entries,
                       {"params": params})


@login_required
def login_log(request):
    access_for(request.user).require("audit.view")
    search = request.GET.get("q", "").strip()
    logins = LoginLog.objects.all()
    if search:
        logins = logins.filter(username__icontains=search)
    return render_list(request, "core/login_log.html", "core/_login_rows.html",
                       logins.order_by("-id"), {"params": request.GET})
