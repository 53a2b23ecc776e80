"""The rules built on other apps' facts: stalled projects, overdue blockers, indicators behind
时间过半、任务过半, overdue appeals. Given the facts as rows, when the job runs, then the
warnings name the unit that answers for them."""

import datetime as dt
from decimal import Decimal

from luoshi.core.permissions import SYSTEM
from luoshi.indicators.models import Indicator, IndicatorTarget, Observation
from luoshi.orgs.models import UnitKind
from luoshi.projects.models import Blocker, Project, Stage
from luoshi.projects.services import InvestmentEntry, record_investment
from luoshi.service.models import Appeal, Enterprise
from luoshi.supervision.evaluation import run_warnings
from luoshi.supervision.models import Warning

AS_OF = dt.date(2023, 7, 10)


def _project(org, code, stage=Stage.BUILDING):
    return Project.objects.create(code=code, name=f"项目{code}", region_id="210400", lead_unit=org["fgw"],
                                  industry="C", kind="industrial", total_investment=Decimal("10000"),
                                  stage=stage, stage_since=dt.date(2023, 1, 1))


def test_a_building_project_without_investment_for_three_months_is_stalled(org):
    idle, busy = _project(org, "P1"), _project(org, "P2")
    _project(org, "P3", stage=Stage.PLANNING)  # not expected to invest
    for project, month in ((idle, 3), (busy, 5)):
        record_investment(actor=SYSTEM, project=project,
                          entry=InvestmentEntry(year=2023, month=month, completed=Decimal(50)))
    run_warnings("2023-06", as_of=AS_OF, rules=["stalled_project"])
    (warning,) = Warning.objects.filter(rule="stalled_project")
    assert warning.item_id == idle.pk and warning.unit == org["fgw"]
    assert warning.item_url == f"/projects/{idle.pk}/" and "连续3个月" in warning.reason


def test_a_blocker_past_its_deadline_warns_its_unit_until_resolved(org):
    project = _project(org, "P1")
    blocker = Blocker.objects.create(project=project, title="用地指标未落实", found_on=dt.date(2023, 5, 1),
                                     unit=org["gxj"], deadline=dt.date(2023, 6, 30))
    run_warnings("2023-06", as_of=AS_OF, rules=["overdue_blocker"])
    warning = Warning.objects.get(rule="overdue_blocker")
    assert warning.unit == org["gxj"] and "已超期10天" in warning.reason
    Blocker.objects.filter(pk=blocker.pk).update(status="resolved", resolved_on=dt.date(2023, 7, 5))
    run_warnings("2023-06", as_of=AS_OF, rules=["overdue_blocker"])
    assert Warning.objects.get(rule="overdue_blocker").status == "closed"


def test_an_overdue_appeal_warns_the_unit_it_was_assigned_to(org):
    enterprise = Enterprise.objects.create(name="抚顺某化工有限公司", uscc="91210400MA0XXXXX0X",
                                           region_id="210400", size="medium")
    Appeal.objects.create(enterprise=enterprise, region_id="210400", category="land", title="用地审批",
                          content="请协调", received_on=dt.date(2023, 6, 1), raised_via="office",
                          status="assigned", unit=org["fgw"], deadline=dt.date(2023, 6, 20))
    run_warnings("2023-06", as_of=AS_OF, rules=["overdue_appeal"])
    warning = Warning.objects.get(rule="overdue_appeal")
    assert warning.unit == org["fgw"] and "已超期20天" in warning.reason and warning.severity == "high"


def test_an_indicator_behind_the_time_line_warns_the_county_government(org):
    indicator = Indicator.objects.create(code="FAI", name="固定资产投资", unit="亿元")
    IndicatorTarget.objects.create(indicator=indicator, region_id="210423", year=2023, value=Decimal(100))
    IndicatorTarget.objects.create(indicator=indicator, region_id="210400", year=2023, value=Decimal(1000))
    Observation.objects.create(indicator=indicator, region_id="210423", year=2023, month=6,
                               cumulative=Decimal(40))
    Observation.objects.create(indicator=indicator, region_id="210400", year=2023, month=6,
                               cumulative=Decimal(600))  # ahead: 60 % by June
    run_warnings("2023-06", as_of=AS_OF, rules=["indicator_behind"])
    (warning,) = Warning.objects.filter(rule="indicator_behind")
    assert warning.unit == org["qingyuan"] and warning.unit.kind == UnitKind.COUNTY_GOV
    assert "40.0%" in warning.reason and "时间进度50.0%" in warning.reason


def test_a_region_without_an_answering_unit_raises_nothing(org):
    indicator = Indicator.objects.create(code="FAI", name="固定资产投资", unit="亿元")
    IndicatorTarget.objects.create(indicator=indicator, region_id="210421", year=2023, value=Decimal(100))
    Observation.objects.create(indicator=indicator, region_id="210421", year=2023, month=6, cumulative=Decimal(1))
    # the fixture's Fushun has no government unit for 抚顺县 (210421)
    run_warnings("2023-06", as_of=AS_OF, rules=["indicator_behind"])
    assert not Warning.objects.exists()

