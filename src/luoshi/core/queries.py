from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from luoshi.core.models import AuditEntry


def audit_entries(*, search: str = "", action: str = "", object_type: str = "",
                  date_from: dt.date | None = None, date_to: dt.date | None = None) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.all()
    if search:
        entries = entries.filter(Q(actor_name__icontains=search) | Q(object_repr__icontains=search)
                                 | Q(object_id=search) | Q(source__startswith=search))
    if action:
        entries = entries.filter(action=action)
    if object_type:
        entries = entries.filter(object_type=object_type)
    if date_from:
        entries = entries.filter(at__date__gte=date_from)
    if date_to:
        entries = entries.filter(at__date__lte=date_to)
    return entries.order_by("-id")
