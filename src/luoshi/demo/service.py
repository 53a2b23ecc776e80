"""Demo of the service to enterprises (千名干部进千企, seed 002): 50 Fushun enterprises with
cadres of the demo departments and county governments assigned to them (包保), their visits
(察实情、送服务), and the appeals collected (解难题) from January to June 2023 in every state.

Everything goes through the services with the actor who would do it: HQ (``hq``) registers
enterprises, assigns cadres, records visits, registers appeals received by phone or on a
visit, assigns and closes them and records the ratings of its follow-up calls (回访); each
unit's reporter answers; the enterprise ``fs_qiye`` raises its own appeals and rates the
answers itself. Step dates are given to the services (``on=``), so the history reads as it
happened in 2023; audit entries keep the real load time.

By today's date the appeals still waiting for an answer in June 2023 are overdue, except a
few land and approval appeals HQ gave a long deadline (列入2027年用地计划). Some answers came
late; a few ratings were 不满意 and the appeal went back to be redone.

Deterministic: names, codes, dates and states come from a seeded generator; a second load
finds the enterprises and does nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from luoshi.core.permissions import SYSTEM
from luoshi.core.workdays import add_workdays, next_workday
from luoshi.orgs import accounts
from luoshi.orgs.models import Official, Role, Unit, User
from luoshi.service import services
from luoshi.service.examples import enterprise_uscc
from luoshi.service.models import Appeal, Enterprise, Visit

CITY = "210400"
SEED = 20230223  # 抚顺 “千名干部进千企” launched in the spring of 2023
PASSWORD = "Luoshi@2023"  # as demo/orgs.py
ENTERPRISE_LOGIN = "fs_qiye"
COUNT = 50
START = dt.date(2023, 1, 4)
END = dt.date(2023, 6, 30)

# County (or district) → the unit code of its government.
COUNTIES = ["210402", "210403", "210404", "210411", "210421", "210422", "210423"]
DEPARTMENTS = ["FGW", "GXJ", "SWJ", "KJJ", "ZJJ", "YSJ", "CZJ"]

NAME_PARTS = [
    ("石化装备", "C", "medium"), ("精细化工", "C", "large"), ("新材料科技", "C", "small"),
    ("特种钢材", "C", "large"), ("机械制造", "C", "medium"), ("碳纤维", "C", "small"),
    ("食品", "C", "small"), ("中药材种植", "A", "micro"), ("林下参", "A", "micro"),
    ("矿业", "B", "medium"), ("热电", "D", "large"), ("建筑安装工程", "E", "medium"),
    ("商贸", "F", "small"), ("物流", "G", "medium"), ("温泉旅游", "R", "small"),
    ("酒店管理", "H", "small"), ("软件信息技术", "I", "small"), ("检测认证", "M", "micro"),
    ("环保科技", "N", "small"), ("农产品加工", "C", "small"),
]
PLACES = ["东华", "望花", "顺通", "北方", "浑河", "新宾", "清原", "高湾", "李石", "章党",
          "千台", "兴隆", "永陵", "红透山", "萨尔浒", "大伙房", "天湖", "抚矿", "石文", "海浪",
          "哈达", "碾盘", "南杂木", "沈抚", "拉古"]

APPEALS = {  # category → (title, content, the unit that handles it)
    "factors": [("工业用电增容", "新生产线投产需增容2000千伏安，申请协调供电部门加快办理", "FGW"),
                ("天然气供应保障", "冬季用气紧张，申请保障生产用气", "FGW"),
                ("原材料运输协调", "铁路专用线运力不足，原料到厂延误", "GXJ")],
    "financing": [("流动资金贷款", "订单增长，需流动资金3000万元，申请对接银行", "CZJ"),
                  ("技改项目贴息", "技术改造项目贷款申请财政贴息", "CZJ"),
                  ("应收账款融资", "国企客户账期长，申请应收账款融资支持", "CZJ")],
    "land": [("新厂房建设用地", "扩产需新增工业用地30亩，申请列入年度用地计划", "ZJJ"),
             ("厂区不动产登记", "老厂区历史遗留问题，不动产权证无法办理", "ZJJ")],
    "approval": [("环评审批提速", "技改项目环评报告已报送，申请加快审批", "YSJ"),
                 ("施工许可办理", "新车间施工许可材料齐全，申请并联审批", "YSJ"),
                 ("消防验收", "新建仓库消防验收排期较长", "ZJJ")],
    "policy": [("稳岗补贴兑现", "2022年稳岗补贴尚未到账", "CZJ"),
               ("高新技术企业奖励", "认定为高新技术企业，奖励资金未兑现", "KJJ"),
               ("外贸企业扶持政策", "出口信用保险保费补贴申请", "SWJ")],
    "labour": [("技术工人招聘", "急需焊工、电工40名，申请组织专场招聘", "GXJ"),
               ("高校毕业生引进", "希望对接辽宁石油化工大学毕业生", "KJJ")],
    "other": [("厂区周边道路维修", "厂区门前道路破损，大车通行困难", "COUNTY"),
              ("员工通勤班车", "园区公交线路少，员工通勤不便", "COUNTY")],
}
CATEGORY_WEIGHTS = {"factors": 18, "financing": 16, "land": 10, "approval": 16, "policy": 18,
                    "labour": 12, "other": 10}
FINDINGS = ["企业生产经营正常，订单已排至三季度", "企业用工紧张，技术工人缺口较大",
            "企业技改项目推进顺利，设备已进场", "企业反映融资成本偏高", "企业产能利用率约七成，外贸订单下滑"]
SERVICES = ["宣讲稳岗和减税降费政策", "对接合作银行", "协调供电部门现场办公", "帮助申报专精特新企业",
            "推送用工信息"]
ANSWERS = {"factors": "已协调有关部门现场办公，{days}个工作日内完成", "financing": "已推荐至合作银行，完成授信审批",
           "land": "已纳入年度用地计划，按程序办理", "approval": "已开通绿色通道，审批已完成",
           "policy": "资金已拨付到企业账户", "labour": "已组织专场招聘会，企业招聘到位",
           "other": "已安排施工，问题已解决"}


DEMO_LOGIN_APPEALS = [(dt.date(2023, 2, 13), "closed"), (dt.date(2023, 4, 3), "closed"),
                      (dt.date(2023, 5, 22), "answered"), (dt.date(2023, 6, 12), "assigned"),
                      (dt.date(2023, 6, 27), "received")]


@dataclass
class _Actors:
    hq: User
    enterprise_user: User
    handlers: dict[str, User]  # unit code → its reporter


def _unit_code(key: str, region: str) -> str:
    return f"{region}-GOV" if key == "COUNTY" else f"{CITY}-{key}"


def _ensure_reporter(unit: Unit, username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    user = accounts.create_user(actor=SYSTEM, password=PASSWORD, data=accounts.UserData(
        username=username, full_name=f"{unit.short_name or unit.name}填报员", unit_id=unit.pk))
    accounts.set_user_roles(actor=SYSTEM, user=user, role_ids=[Role.objects.get(code="reporter").pk])
    User.objects.filter(pk=user.pk).update(must_change_password=False)
    return User.objects.get(pk=user.pk)


def _handlers() -> dict[str, User]:
    """A reporter (appeals.handle) for every unit appeals go to: the demo's own where there is
    one (fgw_tianbao, gxj_tianbao), else a new one named after the unit."""
    handlers = {}
    codes = [f"{CITY}-{d}" for d in DEPARTMENTS] + [f"{c}-GOV" for c in COUNTIES]
    for unit in Unit.objects.filter(code__in=codes):
        existing = User.objects.filter(unit=unit, roles__code="reporter").order_by("id").first()
        key = unit.code.split("-")[1].lower() if unit.code.startswith(CITY) else unit.region_id
        handlers[unit.code] = existing or _ensure_reporter(unit, f"{key}_tianbao")
    return handlers


def _enterprises(rng: random.Random, hq: User) -> list[Enterprise]:
    made = []
    places = rng.sample(PLACES, len(PLACES))
    for i in range(COUNT):
        part, industry, size = NAME_PARTS[i % len(NAME_PARTS)]
        place = places[i % len(places)]
        region = COUNTIES[(i * 3) % len(COUNTIES)]
        name = f"抚顺{place}{part}有限公司" if i < len(places) else f"抚顺市{place}{part}股份有限公司"
        made.append(services.create_enterprise(actor=hq, data=services.EnterpriseData(
            name=name, uscc=enterprise_uscc(region, 21040000 + 37 * i + 11), region_code=region,
            size=size, industry=industry, address=f"{name.removeprefix('抚顺').removeprefix('市')[:4]}工业园区{i + 1}号",
            contact_name=f"{'王李张刘陈杨赵黄周吴'[i % 10]}经理", contact_phone=f"024-5{i:03d}{(i * 7) % 10000:04d}"[:13])))
    return made


def _cadres() -> tuple[dict[str, Official], list[Official]]:
    """The county heads by region, and the officials of the city's departments and HQ."""
    heads = {o.unit.region_id: o for o in Official.objects.filter(
        unit__code__in=[f"{c}-GOV" for c in COUNTIES], is_active=True).select_related("unit").order_by("id")}
    codes = [f"{CITY}-{d}" for d in DEPARTMENTS] + [f"{CITY}-ZHB"]
    departments = list(Official.objects.filter(unit__code__in=codes, is_active=True).select_related("unit")
                       .order_by("unit__code", "id"))
    return heads, departments


def _assign_and_visit(rng: random.Random, hq: User, enterprises: list[Enterprise]) -> list[Visit]:
    """Each enterprise gets a cadre of its county's government or of a city department; one
    in four a second one from a city department."""
    heads, departments = _cadres()
    visits = []
    for i, enterprise in enumerate(enterprises):
        first = heads.get(enterprise.region_id) if i % 2 else None
        chosen = [first or departments[(i // 2) % len(departments)]]
        if i % 4 == 0:
            chosen.append(departments[(i * 7 + 3) % len(departments)])
        for j, official in enumerate(dict.fromkeys(chosen)):
            start = dt.date(2023, 2, 20) + dt.timedelta(days=rng.randrange(0, 20))
            assignment = services.assign_cadre(actor=hq, enterprise=enterprise, data=services.AssignmentData(
                official_id=official.pk, start_date=start))
            for k in range(rng.randrange(1, 4)):
                day = start + dt.timedelta(days=15 + 35 * k + rng.randrange(0, 20))
                if day > END:
                    break
                visits.append(services.record_visit(actor=hq, assignment=assignment, data=services.VisitData(
                    visited_on=day, findings=rng.choice(FINDINGS), services=rng.choice(SERVICES))))
            if j == 1 and i % 8 == 0:  # a second cadre moved on after the first half year
                services.end_assignment(actor=hq, assignment=assignment, end_date=dt.date(2023, 6, 30))
    return visits


def _fate(rng: random.Random, received: dt.date) -> str:
    """What became of an appeal by the end of June 2023: the older, the further along."""
    age = (END - received).days
    roll = rng.random()
    if age < 10:
        return "received" if roll < 0.4 else "assigned"
    if age < 30:
        return ["received", "assigned", "answered", "closed"][min(3, int(roll * 4.4))]
    return "assigned" if roll < 0.06 else "answered" if roll < 0.2 else "closed"


def _pick(rng: random.Random) -> tuple[str, tuple[str, str, str]]:
    categories = list(CATEGORY_WEIGHTS)
    category = rng.choices(categories, weights=[CATEGORY_WEIGHTS[c] for c in categories])[0]
    return category, rng.choice(APPEALS[category])


def _appeal(rng: random.Random, actors: _Actors, enterprise: Enterprise, received: dt.date,
            visit: Visit | None, fate: str) -> Appeal:
    category, (title, content, handler) = _pick(rng)
    own = enterprise.accounts.exists() and visit is None
    actor = actors.enterprise_user if own else actors.hq
    appeal = services.raise_appeal(actor=actor, enterprise=enterprise, visit=visit, on=received,
                                   data=services.AppealData(category=category, title=title, content=content,
                                                            received_on=None if own else received))
    if fate == "received":
        return appeal
    unit = Unit.objects.get(code=_unit_code(handler, enterprise.region_id))
    assigned = next_workday(received + dt.timedelta(days=rng.randrange(0, 3)))
    long_deadline = category in ("land", "approval") and fate == "assigned"
    services.assign_appeal(actor=actors.hq, appeal=appeal, unit=unit, on=assigned,
                           deadline=dt.date(2027, 6, 30) if long_deadline else None,
                           note="列入2027年用地计划，按程序办理" if long_deadline else "")
    if fate == "assigned":
        return appeal
    handler_user = actors.handlers[unit.code]
    # Most answers come within the deadline; about one in seven is late
    late = rng.random() < 0.15
    answered = add_workdays(appeal.deadline, rng.randrange(1, 8)) if late else \
        add_workdays(assigned, rng.randrange(1, 9))
    answered = min(max(answered, assigned), END)
    services.answer_appeal(actor=handler_user, appeal=appeal, on=answered,
                           response=ANSWERS[category].format(days=rng.randrange(3, 10)))
    _rate(rng, actors, appeal, own, answered, fate)
    if fate == "closed" and appeal.satisfaction != "unsatisfied":
        closed = min(add_workdays(answered, rng.randrange(1, 5)), END)
        services.close_appeal(actor=actors.hq, appeal=appeal, on=closed, note="企业认可，办结")
    elif fate == "closed":  # not satisfied: back to the unit, answered again, then closed
        redo = min(add_workdays(answered, 2), END)
        services.reassign_appeal(actor=actors.hq, appeal=appeal, unit=unit, on=redo,
                                 reason="企业不满意，请重新办理并当面答复")
        services.answer_appeal(actor=handler_user, appeal=appeal, on=redo,
                               response="已与企业面对面沟通，问题已解决")
        services.rate_appeal(actor=actors.enterprise_user if own else actors.hq, appeal=appeal,
                             satisfaction="basic", on=redo)
        services.close_appeal(actor=actors.hq, appeal=appeal, on=redo, note="重新办理后企业基本满意")
    return appeal


def _rate(rng: random.Random, actors: _Actors, appeal: Appeal, own: bool, answered: dt.date,
          fate: str) -> None:
    if own and fate == "answered":
        return  # the demo enterprise rates this answer itself
    roll = rng.random()
    if roll < 0.2:
        return  # not yet rated
    satisfaction = "satisfied" if roll < 0.72 else "basic" if roll < 0.88 else "unsatisfied"
    note = "答复没有解决实际问题" if satisfaction == "unsatisfied" else ""
    services.rate_appeal(actor=actors.enterprise_user if own else actors.hq, appeal=appeal,
                         satisfaction=satisfaction, note=note, on=min(add_workdays(answered, 1), END))


def load_demo_service() -> None:
    """Fushun's enterprises, cadres, visits and appeals. Does nothing when they are there."""
    first = enterprise_uscc(COUNTIES[0], 21040011)
    if Enterprise.objects.filter(uscc=first).exists():
        return
    rng = random.Random(SEED)
    hq = User.objects.get(username="hq")
    enterprises = _enterprises(rng, hq)
    account = services.open_enterprise_account(actor=hq, enterprise=enterprises[0], username=ENTERPRISE_LOGIN,
                                               full_name=f"{enterprises[0].name}联系人", password=PASSWORD)
    User.objects.filter(pk=account.pk).update(must_change_password=False)
    actors = _Actors(hq=hq, enterprise_user=User.objects.get(pk=account.pk), handlers=_handlers())
    visits = _assign_and_visit(rng, hq, enterprises)
    visits_by_enterprise: dict[int, list[Visit]] = {}
    for visit in visits:
        visits_by_enterprise.setdefault(visit.assignment.enterprise_id, []).append(visit)
    span = (END - START).days
    for i, enterprise in enumerate(enterprises):
        own_visits = visits_by_enterprise.get(enterprise.pk, [])
        if i == 0:  # the demo login: an appeal in each state, one answer waiting for its rating
            for received, fate in DEMO_LOGIN_APPEALS:
                _appeal(rng, actors, enterprise, received, None, fate)
            continue
        for _ in range(rng.choice([1, 2, 2, 3, 3, 4])):
            visit = rng.choice(own_visits) if own_visits and rng.random() < 0.3 else None
            received = visit.visited_on if visit else START + dt.timedelta(days=rng.randrange(0, span + 1))
            _appeal(rng, actors, enterprise, received, visit, _fate(rng, received))


def demo_enterprise_login() -> tuple[str, str, str]:
    """Username, password and enterprise of the printed enterprise login."""
    user = User.objects.filter(username=ENTERPRISE_LOGIN).select_related("enterprise_account__enterprise").first()
    name = user.enterprise_account.enterprise.name if user else ""
    return ENTERPRISE_LOGIN, PASSWORD, name
