"""Leads in the Fushun test organisation: ``make_lead`` builds one through the service."""

import datetime as dt
from decimal import Decimal

import pytest

from luoshi.attraction import services
from luoshi.core.permissions import SYSTEM


def lead_data(**changes) -> services.LeadData:
    values = {"title": "苯酚丙酮产业链项目", "investor": "江苏三木集团有限公司",
              "origin": "out_of_province", "industry": "C", "intended_investment": Decimal("868000"),
              "region_code": "210400", "unit_code": "FS-FGW", "negotiating_on": dt.date(2023, 2, 10),
              **changes}
    return services.LeadData(**values)


@pytest.fixture
def make_lead(org):
    def make(actor=SYSTEM, **changes):
        return services.create_lead(actor=actor, data=lead_data(**changes))
    return make
