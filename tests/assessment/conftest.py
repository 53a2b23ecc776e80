"""An assessment of the test organisation: 市直部门 (发改委, 工信局) and 县区政府 (清原县)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from luoshi.assessment import services
from luoshi.core.permissions import SYSTEM


@pytest.fixture
def office(make_user):
    """The supervision office of Fushun (role supervision: supervision.manage, region scope)."""
    return make_user("duchashi", "supervision", "hq")


@pytest.fixture
def scheme(org):
    scheme = services.create_scheme(actor=SYSTEM, data=services.SchemeData(
        title="抚顺市2023年度实绩考核方案", region_code="210400", year=2023, issuing_body="市委办公室"))
    departments = services.create_category(actor=SYSTEM, scheme=scheme, name="市直部门")
    counties = services.create_category(actor=SYSTEM, scheme=scheme, name="县区政府")
    services.set_members(actor=SYSTEM, category=departments, unit_ids=[org["fgw"].pk, org["gxj"].pk])
    services.set_members(actor=SYSTEM, category=counties, unit_ids=[org["qingyuan"].pk])
    green, work = services.set_criteria(actor=SYSTEM, category=departments, criteria=[
        services.CriterionData(name="条目绿灯率", weight=Decimal(40), metric="nodes_green"),
        services.CriterionData(name="重点工作完成情况", weight=Decimal(60)),
    ])
    (county_work,) = services.set_criteria(actor=SYSTEM, category=counties, criteria=[
        services.CriterionData(name="重点工作完成情况", weight=Decimal(100))])
    return {"scheme": scheme, "departments": departments, "counties": counties,
            "green": green, "work": work, "county_work": county_work}


def enter(scheme, criterion, unit, value, period="2023-Q2"):
    services.enter_value(actor=SYSTEM, criterion=criterion, unit=unit, period=period,
                         value=Decimal(value))
