"""The metrics over the other apps' data: projects, supervision orders, appeals, indicators.
Rows are written straight into those apps' tables: these tests are about the metric's
arithmetic, not those apps' workflows."""

import datetime as dt
from decimal import Decimal

from luoshi.assessment.metrics import get_metric
from luoshi.assessment.models import Member
from luoshi.core.periods import Period
from luoshi.indicators.models import Indicator, IndicatorTarget, Observation
from luoshi.projects.models import MonthlyInvestment, Project, YearPlan
from luoshi.service.models import Appeal, Enterprise
from luoshi.supervision.models import SupervisionOrder

Q2 = Period.of_quarter(2023, 2)
D = dt.date


def units(scheme):
    return Member.objects.filter(scheme=scheme["scheme"]).values("unit_id")


def test_project_investment_against_the_plan_to_date(scheme, org):
    project = Project.objects.create(code="P1", name="抚顺石化改造", region_id="210400", lead_unit=org["fgw"],
                                     industry="C", kind="industrial", total_investment=Decimal(50000),
                                     stage_since=D(2023, 1, 1))
    YearPlan.objects.create(project=project, year=2023, amount=Decimal(12000))
    for month, amount in ((1, 1000), (4, 1500), (6, 2000), (7, 9999)):
        MonthlyInvestment.objects.create(project=project, year=2023, month=month, completed=Decimal(amount),
                                         cumulative=Decimal(0))
    values = get_metric("project_investment").compute(units(scheme), Q2)
    # 4,500 done by June against half of the year's 12,000
    assert values[org["fgw"].pk].value == Decimal("75.00")
    assert values[org["fgw"].pk].basis == "完成4500万元 / 序时计划6000万元"
    assert org["gxj"].pk not in values


def _order(org, serial, deadline, closed_on):
    return SupervisionOrder.objects.create(
        office=org["hq"], year=2023, serial=serial, number=f"抚督〔2023〕{serial}号", title="督办",
        content="内容", requirements="要求", unit=org["gxj"], deadline=deadline, issued_on=D(2023, 4, 1),
        status="closed" if closed_on else "issued", closed_on=closed_on)


def test_orders_closed_on_time(scheme, org):
    _order(org, 1, D(2023, 5, 10), D(2023, 5, 10))
    _order(org, 2, D(2023, 6, 10), D(2023, 6, 12))
    _order(org, 3, D(2023, 6, 20), None)
    _order(org, 4, D(2023, 7, 20), None)  # due next quarter
    values = get_metric("orders_on_time").compute(units(scheme), Q2)
    assert values[org["gxj"].pk].value == Decimal("33.33")
    assert values[org["gxj"].pk].basis == "按期销号 1 / 3"


def test_appeals_answered_on_time(scheme, org):
    company = Enterprise.objects.create(name="抚顺某化工有限公司", uscc="91210400MA0XXXXX1A",
                                        region_id="210400", size="small")

    def appeal(received, deadline, answered, status):
        Appeal.objects.create(enterprise=company, region_id="210400", category=Appeal._meta.get_field(
            "category").choices[0][0], title="用地", content="用地指标", received_on=received,
            raised_via="enterprise", status=status, unit=org["qingyuan"], deadline=deadline,
            answered_on=answered)

    appeal(D(2023, 4, 3), D(2023, 4, 20), D(2023, 4, 18), "closed")
    appeal(D(2023, 5, 3), D(2023, 5, 20), D(2023, 5, 25), "answered")
    appeal(D(2023, 6, 3), D(2023, 6, 20), None, "assigned")  # overdue by the end of June
    appeal(D(2023, 3, 3), D(2023, 3, 20), D(2023, 3, 10), "closed")  # received in Q1
    values = get_metric("appeals_on_time").compute(units(scheme), Q2)
    assert values[org["qingyuan"].pk].value == Decimal("33.33")


def test_indicator_targets_of_a_county_governments_region(scheme, org):
    def indicator(code):
        return Indicator.objects.create(code=code, name=code, unit="亿元")

    gdp, fai = indicator("GDP"), indicator("FAI")
    for item, target, cumulative in ((gdp, 200, 80), (fai, 100, 70)):
        IndicatorTarget.objects.create(indicator=item, region_id="210423", year=2023, value=Decimal(target))
        Observation.objects.create(indicator=item, region_id="210423", year=2023, month=6,
                                   cumulative=Decimal(cumulative))
    values = get_metric("indicator_targets").compute(units(scheme), Q2)
    # GDP 80 of 100 due (80 %), investment 70 of 50 due (capped at 100 %): 90 on average
    assert values[org["qingyuan"].pk].value == Decimal("90.00")
    assert org["fgw"].pk not in values  # a department answers for no region
