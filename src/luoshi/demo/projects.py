"""Demo projects from seed 002 (Fushun, first half of 2023).

The seed names the 江苏三木集团65万吨苯酚丙酮产业链项目 (总投资86.8亿元, 奠基 2023-06-28 in
抚顺高新区), the 清原抽水蓄能电站 and the 沈白高铁; it says Fushun has 20 projects in the
province's list of 300 major projects (third after 沈阳 and 大连), that fixed-asset investment
grew 22.3 % in the first half and that industrial projects were above 40 % of it. The other
projects, the monthly figures, helpers, visits and blockers are invented but plausible, and
built so that the computations give exactly those figures:

- ``list_counts_by_city(2023年省重大项目)``: 沈阳 60, 大连 52, 抚顺 20 (rank 3), …, 300 in all;
- ``investment_growth("210400", 2023H1)``: 22.3 %; ``industrial_share``: above 40 %.

Everything goes through the services as the system actor; the loader is idempotent (rows
that exist are left alone), so running it twice leaves the same database.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from luoshi.core.models import Region
from luoshi.core.permissions import SYSTEM
from luoshi.orgs import services as org_services
from luoshi.orgs.models import Official, Unit, UnitKind
from luoshi.projects import services
from luoshi.projects.models import Blocker, Helper, MonthlyInvestment, Project, Stage, Visit

FUSHUN = "210400"
YEAR = 2023
PROVINCIAL = "省重大项目"
CITY_LIST = "市重点项目"
# Projects of the 2023 provincial list per city (300 in all): Fushun third.
PROVINCIAL_COUNTS = {"210100": 60, "210200": 52, "210400": 20, "210300": 19, "210800": 19,
                     "210700": 18, "211100": 17, "210600": 16, "211000": 15, "211200": 14,
                     "211300": 14, "211400": 13, "210500": 12, "210900": 11}
GROWTH_H1 = Decimal("1.223")

S, B, P = Stage.STARTED, Stage.BUILDING, Stage.PLANNING
# (code, name, region, lead unit suffix, industry, kind, total 万元, stage, stage since,
#  monthly 2022 万元, monthly 2023 万元, provincial list?)
FUSHUN_PROJECTS = [
    ("FS-2023-001", "江苏三木集团65万吨苯酚丙酮产业链项目", "210400", "GXQ", "C", "industrial", 868000, S,
     dt.date(2023, 6, 28), 0, 0, True),
    ("FS-2023-002", "清原抽水蓄能电站", "210423", "FGW", "D", "infrastructure", 1090000, B,
     dt.date(2020, 4, 16), 5200, 5600, True),
    ("FS-2023-003", "沈白高铁（抚顺段）", "210421", "FGW", "G", "infrastructure", 1500000, B,
     dt.date(2021, 9, 28), 6800, 7000, True),
    ("FS-2023-004", "抚顺石化公司炼油结构调整转型升级项目", "210404", "GXJ", "C", "industrial", 650000, B,
     dt.date(2021, 3, 15), 3100, 4200, True),
    ("FS-2023-005", "抚顺高新区新型储能电池材料项目", "210400", "GXQ", "C", "industrial", 320000, B,
     dt.date(2021, 5, 10), 1500, 2300, True),
    ("FS-2023-006", "抚顺特钢高端特殊钢材料技术改造项目", "210403", "GXJ", "C", "industrial", 280000, B,
     dt.date(2021, 4, 1), 1400, 1900, True),
    ("FS-2023-007", "抚顺县氢能产业园项目", "210421", "GXJ", "C", "industrial", 210000, B,
     dt.date(2021, 6, 20), 900, 1500, True),
    ("FS-2023-008", "抚顺石化乙烯原料优化项目", "210404", "GXJ", "C", "industrial", 190000, B,
     dt.date(2021, 2, 18), 1000, 1300, True),
    ("FS-2023-009", "新宾满族自治县赫图阿拉城文旅综合体项目", "210422", "WLJ", "R", "service", 120000, B,
     dt.date(2021, 4, 26), 600, 700, True),
    ("FS-2023-010", "抚顺市城市更新暨老旧小区改造项目", "210402", "ZJJ", "E", "social", 150000, B,
     dt.date(2021, 3, 30), 800, 900, True),
    ("FS-2023-011", "抚顺市中心医院新院区建设项目", "210411", "ZJJ", "Q", "social", 98000, B,
     dt.date(2021, 5, 5), 500, 600, True),
    ("FS-2023-012", "抚顺市浑河城区段综合治理工程", "210402", "ZJJ", "N", "infrastructure", 86000, B,
     dt.date(2021, 3, 1), 450, 500, True),
    ("FS-2023-013", "清原满族自治县风电项目", "210423", "FGW", "D", "infrastructure", 180000, B,
     dt.date(2021, 7, 12), 900, 1200, True),
    ("FS-2023-014", "抚顺高新区精细化工新材料项目", "210400", "GXQ", "C", "industrial", 160000, B,
     dt.date(2021, 8, 8), 700, 1100, True),
    ("FS-2023-015", "抚顺县光伏发电项目", "210421", "FGW", "D", "infrastructure", 110000, B,
     dt.date(2021, 6, 1), 500, 600, True),
    ("FS-2023-016", "东洲区矿山生态修复项目", "210403", "ZJJ", "N", "infrastructure", 70000, B,
     dt.date(2021, 4, 12), 300, 350, True),
    ("FS-2023-017", "抚顺煤矿区综合治理及产业转型项目", "210404", "FGW", "B", "industrial", 240000, B,
     dt.date(2021, 3, 20), 1100, 1600, True),
    ("FS-2023-018", "抚顺市智慧物流园项目", "210411", "SWJ", "G", "service", 90000, B,
     dt.date(2021, 9, 1), 400, 500, True),
    ("FS-2023-019", "新宾满族自治县现代农业产业园项目", "210422", "FGW", "A", "agriculture", 60000, B,
     dt.date(2021, 5, 18), 250, 300, True),
    # Stalled: building, but no investment since March 2023.
    ("FS-2023-020", "抚顺市东部新城商业综合体项目", "210403", "SWJ", "K", "service", 130000, B,
     dt.date(2021, 2, 10), 600, 650, True),
    ("FS-2023-021", "抚顺职业技术学院实训基地项目", "210411", "FGW", "P", "social", 35000, B,
     dt.date(2021, 7, 1), 150, 180, False),
    ("FS-2023-022", "望花区工业园区基础设施提升项目", "210404", "GXJ", "E", "infrastructure", 42000, B,
     dt.date(2021, 4, 20), 200, 230, False),
    ("FS-2023-023", "抚顺市城区供热管网改造项目", "210402", "ZJJ", "D", "infrastructure", 38000, B,
     dt.date(2021, 5, 1), 180, 200, False),
    ("FS-2023-024", "顺城区冷链物流中心项目", "210411", "SWJ", "G", "service", 25000, B,
     dt.date(2021, 6, 15), 120, 140, False),
    ("FS-2023-025", "抚顺县农产品精深加工项目", "210421", "GXJ", "C", "industrial", 30000, B,
     dt.date(2021, 8, 1), 130, 200, False),
    ("FS-2024-001", "抚顺高新区锂电池回收利用项目", "210400", "GXQ", "C", "industrial", 150000, P,
     dt.date(2023, 3, 1), 0, 0, False),
    ("FS-2024-002", "清原满族自治县抽水蓄能二期项目", "210423", "FGW", "D", "infrastructure", 900000, P,
     dt.date(2023, 5, 1), 0, 0, False),
    ("FS-2024-003", "抚顺市数据中心项目", "210411", "FGW", "I", "service", 80000, Stage.PRELIMINARY,
     dt.date(2023, 4, 10), 0, 0, False),
]
STALLED = "FS-2023-020"
PIPELINE_YEAR = {"FS-2024-001": 2024, "FS-2024-002": 2024, "FS-2024-003": 2024}
INVESTORS = {
    "FS-2023-001": ("江苏三木集团有限公司", ""),
    "FS-2023-002": ("辽宁清原抽水蓄能有限公司", ""),
}

TOPICS = [("C", "industrial", "新材料产业"), ("D", "infrastructure", "新能源"), ("G", "infrastructure", "交通"),
          ("C", "industrial", "装备制造"), ("N", "infrastructure", "生态环保"), ("Q", "social", "医疗卫生"),
          ("R", "service", "文化旅游"), ("C", "industrial", "精细化工"), ("I", "service", "数字经济"),
          ("E", "social", "城市更新")]


def _unit(code: str, name: str, region: str) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    return unit or org_services.create_unit(actor=SYSTEM, data=org_services.UnitData(
        code=code, name=name, kind=UnitKind.GOV_DEPT, region_code=region, short_name="市发改委"))


def _project(code, name, region, unit_code, industry, kind, total, stage, since, planned=None) -> Project:
    found = Project.objects.filter(code=code).first()
    if found:
        return found
    investor = INVESTORS.get(code, ("", ""))
    return services.create_project(actor=SYSTEM, data=services.ProjectData(
        code=code, name=name, region_code=region, lead_unit_code=unit_code, industry=industry, kind=kind,
        total_investment=Decimal(total), stage=stage, stage_since=since, planned_start_year=planned,
        investor_name=investor[0], investor_uscc=investor[1]))


def _other_cities(provincial) -> None:
    for city, count in PROVINCIAL_COUNTS.items():
        if city == FUSHUN:
            continue
        name = Region.objects.get(pk=city).name
        unit = _unit(f"{city}-FGW", f"{name}发展和改革委员会", city)
        for n in range(1, count + 1):
            industry, kind, topic = TOPICS[n % len(TOPICS)]
            project = _project(f"P{city}-{n:03d}", f"{name}{topic}重大项目（{n}）", city, unit.code, industry,
                               kind, 50000 + (n * 7919 % 40) * 10000, B, dt.date(2022, 1 + n % 12, 1))
            if not project.lists.exists():
                services.set_lists(actor=SYSTEM, project=project, lists=[provincial])


def _months(year: int, last: int) -> list[tuple[int, int]]:
    return [(year, m) for m in range(1, last + 1)]


def _plan_investment() -> dict[str, dict[tuple[int, int], Decimal]]:
    """Monthly amounts per project: 2022 all year, 2023 to June; the 三木 project starts in
    June 2023 and its June figure closes the first half at exactly +22.3 %."""
    amounts: dict[str, dict[tuple[int, int], Decimal]] = {}
    for code, *_, stage, since, per_2022, per_2023, _listed in FUSHUN_PROJECTS:
        if stage not in (S, B):
            continue
        rows = {}
        for year, month in _months(2022, 12) + _months(2023, 6):
            if dt.date(year, month, 28) < since:
                continue
            if code == STALLED and (year, month) >= (2023, 4):
                continue
            base = per_2022 if year == 2022 else per_2023
            rows[(year, month)] = Decimal(base + (month * 37 % 7) * 10) if base else Decimal(0)
        amounts[code] = rows
    first_half = {y: sum(v for rows in amounts.values() for (yy, m), v in rows.items() if yy == y and m <= 6)
                  for y in (2022, 2023)}
    target = (first_half[2022] * GROWTH_H1).quantize(Decimal(1))
    amounts["FS-2023-001"][(2023, 6)] = target - first_half[2023]
    return amounts


def _investment(projects: dict[str, Project]) -> None:
    for code, rows in _plan_investment().items():
        project = projects[code]
        have = set(MonthlyInvestment.objects.filter(project=project).values_list("year", "month"))
        for (year, month), amount in sorted(rows.items()):
            if (year, month) not in have:
                services.record_investment(actor=SYSTEM, project=project, entry=services.InvestmentEntry(
                    year=year, month=month, completed=amount))


def _official(unit_code: str, post: str) -> Official | None:
    return Official.objects.filter(unit__code=unit_code, post=post).first()


def _helpers_and_visits(projects: dict[str, Project]) -> None:
    plan = [
        ("FS-2023-001", f"{FUSHUN}-ZHB", "常务副市长、指挥部总指挥",
         [(dt.date(2023, 5, 12), "到现场调度开工准备，协调施工用电和用地手续"),
          (dt.date(2023, 6, 28), "出席奠基仪式，要求倒排工期、挂图作战")]),
        ("FS-2023-001", f"{FUSHUN}-GXQ", "管委会主任",
         [(dt.date(2023, 6, 15), "现场办公，落实“七通一平”")]),
        ("FS-2023-002", f"{FUSHUN}-FGW", "主任",
         [(dt.date(2023, 4, 20), "调度上水库施工进度，协调林地审批")]),
        ("FS-2023-003", f"{FUSHUN}-FGW", "主任",
         [(dt.date(2023, 3, 18), "检查沿线征地拆迁进度")]),
        ("FS-2023-004", f"{FUSHUN}-GXJ", "局长",
         [(dt.date(2023, 5, 30), "走访企业，了解技改设备到货情况")]),
    ]
    for code, unit_code, post, visits in plan:
        official = _official(unit_code, post)
        if official is None:
            continue
        project = projects[code]
        if not Helper.objects.filter(project=project, official=official).exists():
            services.assign_helper(actor=SYSTEM, project=project, official=official, on=dt.date(2023, 1, 10))
        for on, notes in visits:
            if not Visit.objects.filter(project=project, official=official, visited_on=on).exists():
                services.record_visit(actor=SYSTEM, project=project, official=official, visited_on=on, notes=notes)


def _blockers(projects: dict[str, Project]) -> None:
    next_summer = dt.date(timezone.localdate().year + 1, 6, 30)
    plan = [  # (project, title, description, unit, found, deadline, resolution)
        ("FS-2023-001", "施工用电增容接入未落实", "项目一期施工用电需新建10千伏线路，供电方案待批复",
         f"{FUSHUN}-GXJ", dt.date(2023, 5, 12), dt.date(2023, 7, 31), ""),
        ("FS-2023-003", "沿线部分地块征地拆迁滞后", "抚顺县段3处房屋未完成签约，影响桥墩施工",
         "210421-GOV", dt.date(2023, 3, 18), dt.date(2023, 6, 30), ""),
        ("FS-2023-002", "上水库林地使用审批", "需办理使用林地审核同意书",
         "210423-GOV", dt.date(2023, 2, 10), dt.date(2023, 4, 30), "已取得使用林地审核同意书（2023年4月18日）"),
        ("FS-2023-020", "项目资金链紧张、施工停滞", "投资方融资未到位，4月以来未完成投资",
         f"{FUSHUN}-FGW", dt.date(2023, 6, 20), next_summer, ""),
    ]
    for code, title, description, unit_code, found, deadline, resolution in plan:
        project = projects[code]
        if Blocker.objects.filter(project=project, title=title).exists() or \
                not Unit.objects.filter(code=unit_code).exists():
            continue
        blocker = services.raise_blocker(actor=SYSTEM, project=project, data=services.BlockerData(
            title=title, description=description, unit_code=unit_code, found_on=found, deadline=deadline))
        if resolution:
            services.resolve_blocker(actor=SYSTEM, blocker=blocker, resolution=resolution,
                                     resolved_on=dt.date(2023, 4, 18))


def load_demo_projects() -> None:
    provincial = services.ensure_list(actor=SYSTEM, name=PROVINCIAL, year=YEAR)
    city_list = services.ensure_list(actor=SYSTEM, name=CITY_LIST, year=YEAR)
    projects = {}
    for code, name, region, suffix, industry, kind, total, stage, since, _a, _b, listed in FUSHUN_PROJECTS:
        project = _project(code, name, region, f"{FUSHUN}-{suffix}", industry, kind, total, stage, since,
                           PIPELINE_YEAR.get(code))
        projects[code] = project
        if not project.lists.exists() and stage != P and stage != Stage.PRELIMINARY:
            services.set_lists(actor=SYSTEM, project=project,
                               lists=[provincial, city_list] if listed else [city_list])
        if not project.year_plans.exists():
            services.set_year_plans(actor=SYSTEM, project=project, plans={
                YEAR: Decimal(total // 8000 * 1000), YEAR + 1: Decimal(total // 6000 * 1000)})
    _other_cities(provincial)
    _investment(projects)
    _helpers_and_visits(projects)
    _blockers(projects)
