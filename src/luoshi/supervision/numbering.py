"""Numbers of supervision orders in the office's style: 营督〔2023〕12号.

The 代字 is the first character of the office's city (营口 → 营督; an office of the province
→ 辽督); a deployment may set its own per office unit code with
``LUOSHI_ORDER_PREFIXES = {"210800-DCS": "营督查"}``. Serials run per office and year and
are taken under a row lock, so two orders issued at once never share a number.
"""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from luoshi.core.models import Region, RegionLevel
from luoshi.orgs.models import Unit
from luoshi.supervision.models import OrderSequence


def prefix_for(office: Unit) -> str:
    configured = getattr(settings, "LUOSHI_ORDER_PREFIXES", {}).get(office.code)
    if configured:
        return configured
    region = office.region
    while region.level == RegionLevel.COUNTY and region.parent_id:
        region = Region.objects.get(pk=region.parent_id)
    return f"{region.name[:1]}督"


def format_number(prefix: str, year: int, serial: int) -> str:
    return f"{prefix}〔{year}〕{serial}号"


def next_serial(office: Unit, year: int) -> int:
    """The next serial of ``office`` in ``year``; call inside the transaction that uses it."""
    with transaction.atomic():
        if not OrderSequence.objects.filter(office=office, year=year).update(last=F("last") + 1):
            try:
                with transaction.atomic():
                    OrderSequence.objects.create(office=office, year=year, last=1)
                    return 1
            except IntegrityError:  # created meanwhile by another order: take the next one
                OrderSequence.objects.filter(office=office, year=year).update(last=F("last") + 1)
        return OrderSequence.objects.get(office=office, year=year).last
