"""Demo assessment: 《抚顺市全面振兴新突破三年行动2023年度实绩考核方案》, Q1 and Q2 2023.

Fushun's departments (市直部门) and its counties and development zone (县区及开发区) are ranked
on the platform's metrics — share of nodes green, reports on time, milestones on time — and on
criteria the supervision office scores by hand. The demo plan is Yingkou's, so Fushun's units
carry no plan data: their platform metrics are computed all the same and show 无数据 (0 points);
the hand-entered criteria make the ranking meaningful. Fushun's demo projects and enterprise
appeals (``demo/projects.py``, ``demo/service.py``) feed 项目投资完成率 and 企业诉求按期办理率
when they are loaded before this loader (load it last); without them those show 无数据 too. Q1 and Q2 both are computed so the
ranking shows each unit's movement (比学赶超、争先进位), and one Q2 score is adjusted with a
reason by the supervision office.

Everything goes through the services as the demo supervision office (``duchashi``).
Deterministic: values come from a fixed seed; a second run finds the scheme and changes nothing.
"""

from __future__ import annotations

import random
from decimal import Decimal

from luoshi.assessment import services
from luoshi.assessment.models import Scheme
from luoshi.demo.orgs import DEPARTMENTS, ZONES
from luoshi.orgs.models import Unit, UnitKind, User

CITY = "210400"
TITLE = "抚顺市全面振兴新突破三年行动2023年度实绩考核方案"
SEED = 20230701
OFFICE_LOGIN = "duchashi"

# (name, weight, metric, full_at, zero_at)
DEPARTMENT_CRITERIA = [
    ("条目绿灯率", 15, "nodes_green", 100, 0),
    ("按时报送率", 10, "reports_on_time", 100, 0),
    ("节点目标按期完成率", 10, "milestones_on_time", 100, 0),
    ("项目投资完成率", 10, "project_investment", 100, 0),
    ("企业诉求按期办理率", 10, "appeals_on_time", 100, 0),
    ("重点工作完成情况", 30, "manual", 100, 0),
    ("服务对象满意度", 15, "manual", 100, 60),
]
COUNTY_CRITERIA = [
    ("条目绿灯率", 10, "nodes_green", 100, 0),
    ("按时报送率", 10, "reports_on_time", 100, 0),
    ("节点目标按期完成率", 5, "milestones_on_time", 100, 0),
    ("项目投资完成率", 10, "project_investment", 100, 0),
    ("企业诉求按期办理率", 10, "appeals_on_time", 100, 0),
    ("经济指标目标完成度", 5, "indicator_targets", 100, 0),
    ("主要经济指标完成情况", 30, "manual", 100, 0),
    ("重点项目推进", 15, "manual", 100, 0),
    ("群众满意度", 5, "manual", 100, 60),
]
# Hand-entered values are drawn in these ranges; Q2 moves each unit by up to this much.
VALUE_RANGE = (72, 96)
SATISFACTION_RANGE = (82, 98)
Q2_SHIFT = 9


def _criteria(rows) -> list[services.CriterionData]:
    return [services.CriterionData(name=name, weight=Decimal(weight), metric=metric,
                                   full_at=Decimal(full), zero_at=Decimal(zero))
            for name, weight, metric, full, zero in rows]


def _units() -> tuple[list[Unit], list[Unit]]:
    departments = list(Unit.objects.filter(code__in=[f"{CITY}-{d[0]}" for d in DEPARTMENTS])
                       .order_by("sort_order", "code"))
    zones = [f"{CITY}-{z[0]}" for z in ZONES.get(CITY, [])]
    counties = list(Unit.objects.filter(kind=UnitKind.COUNTY_GOV, region__parent_id=CITY)
                    .order_by("sort_order", "code")) + list(Unit.objects.filter(code__in=zones))
    return departments, counties


def _value(rng: random.Random, name: str, shift: int) -> Decimal:
    low, high = SATISFACTION_RANGE if "满意度" in name else VALUE_RANGE
    base = rng.randint(low * 2, high * 2) / 2  # halves, as score sheets are marked
    return Decimal(str(min(100, max(0, base + shift))))


def _enter_quarter(office: User, scheme: Scheme, period: str, categories, rng: random.Random,
                   shifts: dict[int, int]) -> None:
    rows = []
    for category, members in categories:
        for criterion in category.criteria.filter(metric="manual"):
            for unit in members:
                value = _value(rng, criterion.name, shifts.get(unit.pk, 0))
                rows.append(services.ValueRow(criterion, unit, value, "考核组评定"))
    services.enter_values(actor=office, scheme=scheme, period=period, rows=rows)


def load_demo_assessment() -> Scheme:
    existing = Scheme.objects.filter(title=TITLE).first()
    if existing is not None:
        return existing
    office = User.objects.get(username=OFFICE_LOGIN)
    departments, counties = _units()
    scheme = services.create_scheme(actor=office, data=services.SchemeData(
        title=TITLE, region_code=CITY, year=2023, issuing_body="中共抚顺市委办公室 抚顺市人民政府办公室"))
    categories = []
    for name, members, rows in (("市直部门", departments, DEPARTMENT_CRITERIA),
                                ("县区及开发区", counties, COUNTY_CRITERIA)):
        category = services.create_category(actor=office, scheme=scheme, name=name)
        services.set_members(actor=office, category=category, unit_ids=[u.pk for u in members])
        services.set_criteria(actor=office, category=category, criteria=_criteria(rows))
        categories.append((category, members))
    rng = random.Random(SEED)
    _enter_quarter(office, scheme, "2023-Q1", categories, rng, {})
    services.compute_period(actor=office, scheme=scheme, period="2023-Q1")
    shifts = {unit.pk: rng.randint(-Q2_SHIFT, Q2_SHIFT) for _c, members in categories for unit in members}
    _enter_quarter(office, scheme, "2023-Q2", categories, rng, shifts)
    services.compute_period(actor=office, scheme=scheme, period="2023-Q2")
    work = categories[0][0].criteria.get(name="重点工作完成情况")
    services.adjust_score(actor=office, criterion=work, unit=departments[2], period="2023-Q2",
                          points=Decimal(2), reason="项目建设工作获省政府通报表扬，按方案加2分")
    return scheme
