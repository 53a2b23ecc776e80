import datetime as dt

from django.contrib.auth.decorators import login_required

from luoshi.core.permissions import access_for
from luoshi.core.queries import audit_entries
from luoshi.core.web import render_list


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
def audit_log(request):
    access_for(request.user).require("audit.view")
    params = request.GET
    entries = audit_entries(search=params.get("q", "").strip(), action=params.get("action", ""),
                            object_type=params.get("type", ""),
                            date_from=_date(params.get("from", "")), date_to=_date(params.get("to", "")))
    return render_list(request, "core/audit_log.html", "core/_audit_rows.html", entries,
                       {"params": params})
