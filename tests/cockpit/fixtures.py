"""Fixtures of the cockpit tests, shared with its browser test: two key indicators for five
Liaoning cities and two Fushun counties, 2022–2023 up to June; a province-level leader."""

from __future__ import annotations

from decimal import Decimal

import pytest

from luoshi.core.permissions import SYSTEM
from luoshi.indicators import services as indicator_services
from luoshi.indicators.models import IndicatorKind
from luoshi.orgs import services as org_services
from luoshi.orgs.models import UnitKind

MONTHS = (2, 3, 4, 5, 6)
# 同比 % of 固定资产投资 per month: Fushun is 3rd in 1-2月, then 2nd four months running.
FAI_GROWTH = {
    "210100": ("25.0", "30.1", "28.0", "27.5", "26.0"),  # 沈阳
    "210200": ("20.5", "12.0", "11.0", "10.0", "9.5"),  # 大连
    "210400": ("18.0", "20.0", "21.4", "22.0", "22.3"),  # 抚顺
    "210800": ("5.0", "6.0", "7.0", "-3.1", "4.0"),  # 营口
    "211100": ("8.0", "9.0", "10.0", "11.0", "12.0"),  # 盘锦
}
FUSHUN_FAI_2023 = ("12.1", "27.5", "45.0", "62.3", "81.8")  # 累计, 亿元
FUSHUN_FAI_2022 = ("10.3", "22.9", "37.1", "51.1", "66.9")
COUNTY_FAI = {"210421": ("3.2", "-2.5"), "210423": ("5.6", "15.2")}  # 抚顺县, 清原: (累计, 同比)


def _entry(indicator, region, year, month, **figures):
    return indicator_services.Entry(indicator, region, year, month,
                                    {k: Decimal(v) if isinstance(v, str) else v
                                     for k, v in figures.items()})


@pytest.fixture
def indicators(reference_data):
    fai = indicator_services.save_indicator(
        actor=SYSTEM, code="FAI", name="固定资产投资", unit="亿元", kind=IndicatorKind.FLOW,
        is_key=True, sort_order=1)
    tourism = indicator_services.save_indicator(
        actor=SYSTEM, code="TOUR", name="旅游总收入", unit="亿元", kind=IndicatorKind.FLOW,
        is_key=True, sort_order=2)
    other = indicator_services.save_indicator(
        actor=SYSTEM, code="RETAIL", name="社会消费品零售总额", unit="亿元",
        kind=IndicatorKind.FLOW, is_key=False, sort_order=3)
    return {"fai": fai, "tourism": tourism, "retail": other}


@pytest.fixture
def figures(indicators):
    """固定资产投资 for five cities and two Fushun counties; 旅游总收入 for Fushun; a target."""
    fai, tourism = indicators["fai"], indicators["tourism"]
    entries = []
    for code, growth in FAI_GROWTH.items():
        for index, month in enumerate(MONTHS):
            figures = {"yoy_reported": growth[index], "yoy_comparable": True}
            if code == "210400":
                figures["cumulative"] = FUSHUN_FAI_2023[index]
                entries.append(_entry(fai, code, 2022, month, cumulative=FUSHUN_FAI_2022[index]))
            entries.append(_entry(fai, code, 2023, month, **figures))
    for code, (cumulative, growth) in COUNTY_FAI.items():
        entries.append(_entry(fai, code, 2023, 6, cumulative=cumulative, yoy_reported=growth))
    for index, month in enumerate(MONTHS):
        entries.append(_entry(tourism, "210400", 2023, month,
                              cumulative=str(30 + 20 * index), yoy_reported="39.4"))
    indicator_services.apply_entries(entries, actor=SYSTEM)
    from luoshi.core.models import Region

    indicator_services.set_target(actor=SYSTEM, indicator=fai, region=Region.objects.get(pk="210400"),
                                  year=2023, value=Decimal("160"), growth=Decimal("20"))
    return indicators


@pytest.fixture
def province_leader(org, make_user):
    """A leader of the province's leading group: sees the whole province."""
    unit = org_services.create_unit(actor=SYSTEM, data=org_services.UnitData(
        code="LN-LDXZ", name="辽宁省全面振兴新突破三年行动领导小组", kind=UnitKind.LEADING_GROUP,
        region_code="210000"))
    org["province"] = unit
    return make_user("provinceleader", "city_leader", "province")


@pytest.fixture
def projects(org):
    """Two Fushun projects with 2022–2023 investment, a year plan, a blocker; one in Yingkou."""
    import datetime as dt

    from luoshi.projects.models import Blocker, MonthlyInvestment, Project, YearPlan
    from luoshi.projects.services import refresh_last_invested

    def project(code, region, unit, stage, total):
        return Project.objects.create(code=code, name=f"项目{code}", region_id=region,
                                      lead_unit=unit, industry="C", kind="industrial",
                                      total_investment=Decimal(total), stage=stage,
                                      stage_since=dt.date(2023, 1, 1))

    built = project("FS-1", "210400", org["fgw"], "building", "868000")
    started = project("FS-2", "210423", org["qingyuan"], "started", "120000")
    project("YK-1", "210800", org["yk_fgw"], "building", "50000")
    for month in range(1, 7):
        MonthlyInvestment.objects.create(project=built, year=2023, month=month,
                                         completed=Decimal(5000), cumulative=Decimal(5000 * month))
        MonthlyInvestment.objects.create(project=built, year=2022, month=month,
                                         completed=Decimal(4000), cumulative=Decimal(4000 * month))
    refresh_last_invested(built)  # the services keep it; rows made here directly
    YearPlan.objects.create(project=built, year=2023, amount=Decimal(50000))
    YearPlan.objects.create(project=started, year=2023, amount=Decimal(10000))
    Blocker.objects.create(project=built, title="用地指标不足", found_on=dt.date(2023, 3, 1),
                           unit=org["fgw"], deadline=dt.date(2023, 4, 30))
    return {"built": built, "started": started}


@pytest.fixture
def leads(org):
    """Fushun leads: talks, signed and landed in 2023 and 2022, and 域外 money arriving."""
    import datetime as dt

    from luoshi.attraction.models import FundsArrival, Lead

    def lead(title, negotiating, signed=None, landed=None, stage="negotiating", region="210400"):
        return Lead.objects.create(
            title=title, investor="江苏三木集团", origin="out_of_province", industry="C",
            intended_investment=Decimal(868000), region_id=region, unit=org["fgw"], stage=stage,
            negotiating_on=negotiating, signed_on=signed, landed_on=landed)

    landed = lead("苯酚丙酮产业链项目", dt.date(2023, 1, 10), dt.date(2023, 3, 1),
                  dt.date(2023, 6, 28), stage="landed")
    lead("新材料项目", dt.date(2023, 4, 2))
    lead("旧项目", dt.date(2022, 2, 1), dt.date(2022, 5, 1), stage="signed")
    lead("营口项目", dt.date(2023, 2, 1), region="210800")
    FundsArrival.objects.create(lead=landed, month="2023-06", amount=Decimal(19210))
    FundsArrival.objects.create(lead=landed, month="2022-06", amount=Decimal(10000))
    return landed


@pytest.fixture
def warnings(org):
    import datetime as dt

    from luoshi.supervision.models import Warning

    def warning(n, severity, region="210400", unit="fgw", opened=dt.date(2023, 6, 10), closed=None):
        return Warning.objects.create(
            rule="report_missing", item_app="plans", item_model="plannode", item_id=n,
            item_title=f"任务{n}", item_url="", unit=org[unit], region_id=region, period="2023-06",
            severity=severity, reason=f"连续2个月未报送进展报告（任务{n}）", opened_on=opened,
            closed_on=closed, status="closed" if closed else "open")

    warning(1, "high")
    warning(2, "medium", region="210423", unit="qingyuan")
    warning(3, "low", closed=dt.date(2023, 6, 20))  # closed within June: not open at its end
    warning(4, "high", closed=dt.date(2023, 7, 20))  # open at the end of June
    warning(5, "high", opened=dt.date(2023, 7, 2))  # not yet in June
    warning(6, "high", region="210800", unit="yk_fgw")  # another city
