"""Demo organisations from the seeds: Liaoning with Yingkou, Panjin and Fushun.

Each city gets its leading group for the three-year action (领导小组), the command
headquarters (指挥部) with its supervision office (督查室), the departments the seed texts
name, and its counties. Names of people are invented; posts follow the seeds.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from luoshi.core.models import Region
from luoshi.core.permissions import SYSTEM
from luoshi.orgs import accounts, services
from luoshi.orgs.models import Official, Role, Unit, UnitKind, User

CITIES = {"210800": "营口市", "211100": "盘锦市", "210400": "抚顺市"}

# (code suffix, name pattern, kind, short name, head's post) — departments the seeds name.
DEPARTMENTS = [
    ("ZZB", "中共{city}委组织部", UnitKind.PARTY_DEPT, "市委组织部", "部长"),
    ("JW", "{city}纪委监委", UnitKind.PARTY_DEPT, "市纪委监委", "书记"),
    ("FGW", "{city}发展和改革委员会", UnitKind.GOV_DEPT, "市发改委", "主任"),
    ("GXJ", "{city}工业和信息化局", UnitKind.GOV_DEPT, "市工信局", "局长"),
    ("KJJ", "{city}科学技术局", UnitKind.GOV_DEPT, "市科技局", "局长"),
    ("SWJ", "{city}商务局", UnitKind.GOV_DEPT, "市商务局", "局长"),
    ("HZB", "{city}人民政府合作交流办公室", UnitKind.GOV_DEPT, "市合作交流办", "主任"),
    ("TJJ", "{city}统计局", UnitKind.GOV_DEPT, "市统计局", "局长"),
    ("ZJJ", "{city}住房和城乡建设局", UnitKind.GOV_DEPT, "市住建局", "局长"),
    ("YSJ", "{city}营商环境建设局", UnitKind.GOV_DEPT, "市营商局", "局长"),
    ("WLJ", "{city}文化旅游和广播电视局", UnitKind.GOV_DEPT, "市文旅局", "局长"),
    ("CZJ", "{city}财政局", UnitKind.GOV_DEPT, "市财政局", "局长"),
]

# Development zones named in the seeds, placed in the city's region.
ZONES = {
    "210400": [("GXQ", "抚顺高新技术产业开发区", "抚顺高新区")],
    "210800": [("YKGX", "营口高新技术产业开发区", "营口高新区")],
    "211100": [("LHKF", "辽东湾新区", "辽东湾新区")],
}

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = ["建国", "志强", "海涛", "丽华", "文斌", "振宇", "红梅", "德胜", "晓东", "玉兰",
         "国庆", "立新", "春生", "秀英", "明杰", "卫东", "雪梅", "永刚", "淑珍", "宏伟"]


def _person(index: int) -> str:
    return SURNAMES[index * 7 % len(SURNAMES)] + GIVEN[index * 3 % len(GIVEN)]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    unit_code: str
    full_name: str


DEMO_PASSWORD = "Luoshi@2023"

DEMO_LOGINS = [
    DemoLogin("hq", DEMO_PASSWORD, "hq_staff", "210400-ZHB", "抚顺指挥部工作人员"),
    DemoLogin("duchashi", DEMO_PASSWORD, "supervision", "210400-DCS", "抚顺督查室工作人员"),
    DemoLogin("fgw_tianbao", DEMO_PASSWORD, "reporter", "210400-FGW", "抚顺市发改委填报员"),
    DemoLogin("gxj_tianbao", DEMO_PASSWORD, "reporter", "210400-GXJ", "抚顺市工信局填报员"),
    DemoLogin("fgw_lingdao", DEMO_PASSWORD, "unit_leader", "210400-FGW", "抚顺市发改委主任"),
    DemoLogin("shilingdao", DEMO_PASSWORD, "city_leader", "210400-LDXZ", "抚顺市领导"),
    DemoLogin("sysadmin", DEMO_PASSWORD, "sysadmin", "210400-ZHB", "系统管理员"),
    DemoLogin("secadmin", DEMO_PASSWORD, "secadmin", "210400-ZHB", "安全管理员"),
    DemoLogin("auditadmin", DEMO_PASSWORD, "auditadmin", "210400-ZHB", "审计管理员"),
]


def _ensure_unit(data: services.UnitData) -> Unit:
    unit = Unit.objects.filter(code=data.code).first()
    return unit or services.create_unit(actor=SYSTEM, data=data)


def _ensure_official(name: str, post: str, unit_code: str) -> None:
    if not Official.objects.filter(unit__code=unit_code, post=post).exists():
        services.create_official(actor=SYSTEM, data=services.OfficialData(
            name=name, post=post, unit_code=unit_code))


def _city_units(city_code: str, city: str, person: Iterator[str]) -> None:
    root = f"{city_code}-LDXZ"
    hq = f"{city_code}-ZHB"
    _ensure_unit(services.UnitData(root, f"{city}全面振兴新突破三年行动领导小组", UnitKind.LEADING_GROUP,
                                   city_code, short_name="领导小组", sort_order=0))
    _ensure_unit(services.UnitData(hq, f"{city}全面振兴新突破行动指挥部", UnitKind.HQ, city_code,
                                   parent_code=root, short_name="指挥部", sort_order=1))
    _ensure_unit(services.UnitData(f"{city_code}-DCS", f"{city}全面振兴新突破行动指挥部督查室",
                                   UnitKind.SUPERVISION, city_code, parent_code=hq,
                                   short_name="督查室", sort_order=2))
    _ensure_official(next(person), "市委书记、领导小组组长", root)
    _ensure_official(next(person), "市长、领导小组组长", root)
    _ensure_official(next(person), "常务副市长、指挥部总指挥", hq)
    _ensure_official(next(person), "督查室主任", f"{city_code}-DCS")
    for order, (suffix, pattern, kind, short, post) in enumerate(DEPARTMENTS, start=10):
        code = f"{city_code}-{suffix}"
        _ensure_unit(services.UnitData(code, pattern.format(city=city), kind, city_code,
                                       parent_code=root, short_name=short, sort_order=order))
        _ensure_official(next(person), post, code)
    for order, (suffix, name, short) in enumerate(ZONES.get(city_code, []), start=50):
        code = f"{city_code}-{suffix}"
        _ensure_unit(services.UnitData(code, name, UnitKind.DEVELOPMENT_ZONE, city_code,
                                       parent_code=root, short_name=short, sort_order=order))
        _ensure_official(next(person), "管委会主任", code)
    counties = Region.objects.filter(parent_id=city_code).order_by("code")
    for order, county in enumerate(counties, start=100):
        code = f"{county.code}-GOV"
        title = county.name + ("人民政府" if not county.name.endswith("政府") else "")
        _ensure_unit(services.UnitData(code, title, UnitKind.COUNTY_GOV, county.code,
                                       parent_code=root, short_name=county.name, sort_order=order))
        head = "县长" if county.name.endswith("县") else ("市长" if county.name.endswith("市") else "区长")
        _ensure_official(next(person), head, code)


def _ensure_login(login: DemoLogin) -> None:
    if User.objects.filter(username=login.username).exists():
        return
    unit = Unit.objects.get(code=login.unit_code)
    user = accounts.create_user(actor=SYSTEM, password=login.password, data=accounts.UserData(
        username=login.username, full_name=login.full_name, unit_id=unit.pk))
    accounts.set_user_roles(actor=SYSTEM, user=user,
                            role_ids=[Role.objects.get(code=login.role).pk])
    # Demo accounts skip the first-login password change so the printed password works.
    User.objects.filter(pk=user.pk).update(must_change_password=False)


def load_demo_orgs() -> None:
    people = (_person(i) for i in range(10_000))
    for city_code, city in CITIES.items():
        _city_units(city_code, city, people)
    for login in DEMO_LOGINS:
        _ensure_login(login)
