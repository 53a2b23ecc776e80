"""A province-scale organisation for the benchmarks: Liaoning's 14 cities and 100 counties.

``generate_orgs()`` builds the organisation DESIGN.md §5 designs for — ~5,000 units, ~7,500
officials, ~20,000 users — in a few seconds with bulk inserts; ``clear_bench_orgs()``
removes it again. Everything generated is marked: unit codes start with ``B-``
(``B-210400-0001``), usernames with ``bench_``, so a bench database is refreshed in place
and the rest of a database is left alone.

Shape, for each city: the leading group (领导小组, the root), the command headquarters
(指挥部) and its supervision office (督查室), ~40 party and government departments; for each
county of the Region table: its government with ~25 departments. The units left to reach
``units`` are sections and teams (科室、组) under departments, down to depth 4.

No audit entries are written, on purpose. The audit log records what a person changed in
the real organisation; this is bulk fixture data that nobody changed, on a database kept
for measuring. Auditing it would mean ~30,000 hash-chained entries, each one serialised
through the chain head: minutes instead of seconds, and a log buried under noise. For the
same reason the services (``orgs.services``), which create and audit one unit at a time,
are bypassed: the generator writes rows directly and is therefore only for bench and test
databases — every bench account signs in with the published password ``Bench@2023``.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from luoshi.core.models import Region, RegionLevel
from luoshi.orgs.models import Official, Role, Unit, UnitKind, User

CODE_PREFIX = "B-"
USERNAME_PREFIX = "bench_"
PASSWORD = "Bench@2023"
PROVINCE_CODE = "210000"  # 辽宁省
MAX_DEPTH = 4
BATCH_SIZE = 1000

# Units per city and per county at full scale; smaller runs scale the departments down.
CITY_CORE_UNITS = 3  # leading group, HQ, supervision office
FULL_CITY_DEPARTMENTS = 40
FULL_COUNTY_DEPARTMENTS = 25
# At 5,000 units departments take ~63 % of the units after the core, sections the rest.
DEPARTMENT_SHARE = 0.63
# How the sections and teams are spread over the levels below the departments.
SUBUNIT_WAVES = (0.55, 0.30, 0.15)
OFFICIALS_PER_UNIT = 1.5
UNIT_LEADER_SHARE = 0.10  # of the staff accounts; the rest are reporters

# (name after the city's name, kind, short name, head's post): 40 city departments.
_P, _G, _Z = UnitKind.PARTY_DEPT, UnitKind.GOV_DEPT, UnitKind.DEVELOPMENT_ZONE
CITY_DEPARTMENTS = [
    ("发展和改革委员会", _G, "发改委", "主任"),
    ("工业和信息化局", _G, "工信局", "局长"),
    ("商务局", _G, "商务局", "局长"),
    ("财政局", _G, "财政局", "局长"),
    ("统计局", _G, "统计局", "局长"),
    ("营商环境建设局", _G, "营商局", "局长"),
    ("科学技术局", _G, "科技局", "局长"),
    ("人民政府合作交流办公室", _G, "合作交流办", "主任"),
    ("住房和城乡建设局", _G, "住建局", "局长"),
    ("文化旅游和广播电视局", _G, "文旅局", "局长"),
    ("自然资源局", _G, "自然资源局", "局长"),
    ("生态环境局", _G, "生态环境局", "局长"),
    ("交通运输局", _G, "交通局", "局长"),
    ("农业农村局", _G, "农业农村局", "局长"),
    ("水利局", _G, "水利局", "局长"),
    ("教育局", _G, "教育局", "局长"),
    ("卫生健康委员会", _G, "卫健委", "主任"),
    ("人力资源和社会保障局", _G, "人社局", "局长"),
    ("民政局", _G, "民政局", "局长"),
    ("司法局", _G, "司法局", "局长"),
    ("公安局", _G, "公安局", "局长"),
    ("应急管理局", _G, "应急局", "局长"),
    ("审计局", _G, "审计局", "局长"),
    ("人民政府国有资产监督管理委员会", _G, "国资委", "主任"),
    ("市场监督管理局", _G, "市场监管局", "局长"),
    ("医疗保障局", _G, "医保局", "局长"),
    ("退役军人事务局", _G, "退役军人局", "局长"),
    ("城市管理综合行政执法局", _G, "城管局", "局长"),
    ("体育局", _G, "体育局", "局长"),
    ("数据局", _G, "数据局", "局长"),
    ("金融发展局", _G, "金融局", "局长"),
    ("乡村振兴局", _G, "乡村振兴局", "局长"),
    ("委组织部", _P, "组织部", "部长"),
    ("委宣传部", _P, "宣传部", "部长"),
    ("委统战部", _P, "统战部", "部长"),
    ("委政法委员会", _P, "政法委", "书记"),
    ("纪委监委", _P, "纪委监委", "书记"),
    ("委政策研究室", _P, "政研室", "主任"),
    ("高新技术产业开发区", _Z, "高新区", "管委会主任"),
    ("经济技术开发区", _Z, "经开区", "管委会主任"),
]

# (name after the county's name, short name, head's post): 25 county departments.
COUNTY_DEPARTMENTS = [
    ("发展和改革局", "发改局", "局长"), ("工业和信息化局", "工信局", "局长"),
    ("商务局", "商务局", "局长"), ("财政局", "财政局", "局长"), ("统计局", "统计局", "局长"),
    ("营商环境建设局", "营商局", "局长"), ("科学技术局", "科技局", "局长"),
    ("住房和城乡建设局", "住建局", "局长"), ("文化旅游和广播电视局", "文旅局", "局长"),
    ("自然资源局", "自然资源局", "局长"), ("生态环境分局", "生态环境分局", "局长"),
    ("交通运输局", "交通局", "局长"), ("农业农村局", "农业农村局", "局长"),
    ("水利局", "水利局", "局长"), ("教育局", "教育局", "局长"),
    ("卫生健康局", "卫健局", "局长"), ("人力资源和社会保障局", "人社局", "局长"),
    ("民政局", "民政局", "局长"), ("司法局", "司法局", "局长"),
    ("应急管理局", "应急局", "局长"), ("审计局", "审计局", "局长"),
    ("市场监督管理局", "市场监管局", "局长"), ("医疗保障局", "医保局", "局长"),
    ("退役军人事务局", "退役军人局", "局长"), ("乡村振兴局", "乡村振兴局", "局长"),
]

SECTIONS = ["办公室", "综合科", "规划科", "政策法规科", "项目管理科", "财务科", "人事科",
            "督查科", "信息中心", "事务服务中心"]
TEAMS = ["综合组", "业务一组", "业务二组", "督办组", "信息组"]

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN_CHARS = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂华玉兰萍红梅建国志宏海波春雪晓东文斌振宇德胜立新卫永淑珍秀英凯鹏辉琳颖丹博岩峰"


@dataclass(frozen=True)
class BenchOrgCounts:
    units: int
    officials: int
    users: int
    user_roles: int
    max_depth: int


def generate_orgs(units: int = 5000, users: int = 20000, officials: int | None = None,
                  seed: int = 1) -> BenchOrgCounts:
    """Replace the bench organisation with a fresh one of exactly ``units`` units,
    ``officials`` officials (1.5 per unit by default) and ``users`` users.

    The same arguments give the same organisation (names, tree, roles); only the ids differ.
    """
    if officials is None:
        officials = round(units * OFFICIALS_PER_UNIT)
    with transaction.atomic():
        clear_bench_orgs()
        rng = random.Random(seed)
        tree = _build_units(rng, units)
        head_officials = _create_officials(rng, tree, officials)
        user_rows, role_rows = _create_users(rng, tree, users, head_officials)
    return BenchOrgCounts(units=len(tree.units), officials=officials, users=user_rows,
                          user_roles=role_rows, max_depth=max(u.depth for u in tree.units))


def clear_bench_orgs() -> dict[str, int]:
    """Delete every bench unit (code ``B-…``), its officials and every ``bench_*`` user.

    Raises ProtectedError if data outside the bench still points at a bench unit."""
    with transaction.atomic():
        users = User.objects.filter(username__startswith=USERNAME_PREFIX)
        User.roles.through.objects.filter(user__in=users).delete()
        _, users_deleted = users.delete()
        units = Unit.objects.filter(code__startswith=CODE_PREFIX)
        _, officials_deleted = Official.objects.filter(unit__in=units).delete()
        # Parents are PROTECTed: cut the tree first, then the units go in one delete.
        units.exclude(parent=None).update(parent=None)
        _, units_deleted = units.delete()
    return {"units": units_deleted.get(Unit._meta.label, 0),
            "officials": officials_deleted.get(Official._meta.label, 0),
            "users": users_deleted.get(User._meta.label, 0)}


# --- units -------------------------------------------------------------------------------


class _Tree:
    """The units being generated, in creation order, with each one's head post."""

    def __init__(self) -> None:
        self.units: list[Unit] = []
        self.head_post: dict[str, str] = {}  # unit code → post of its head
        self.cities: list[tuple[Region, Unit, Unit, Unit]] = []  # region, root, HQ, supervision
        self._serial: Counter[str] = Counter()
        self._children: Counter[str] = Counter()

    def unit(self, *, name: str, kind: str, region_id: str, parent: Unit | None,
             head_post: str, short_name: str = "", sort_order: int | None = None) -> Unit:
        self._serial[region_id] += 1
        code = f"{CODE_PREFIX}{region_id}-{self._serial[region_id]:04d}"
        if sort_order is None:
            sort_order = self._children[parent.code if parent else ""]
        if parent is not None:
            self._children[parent.code] += 1
        unit = Unit(code=code, name=name[:128], short_name=short_name[:64], kind=kind,
                    region_id=region_id, parent=parent, sort_order=sort_order, path="",
                    depth=0 if parent is None else parent.depth + 1)
        self.head_post[code] = head_post
        return unit

    def insert(self, level: list[Unit]) -> None:
        """Insert one level; the parents are already in, so the paths follow from the ids."""
        Unit.objects.bulk_create(level, batch_size=BATCH_SIZE)
        for unit in level:
            unit.path = f"{unit.parent.path if unit.parent else '/'}{unit.pk}/"
        self.units.extend(level)

    def child_index(self, parent: Unit) -> int:
        return self._children[parent.code]


def _department_counts(units: int, cities: int, counties: int) -> tuple[int, int]:
    core = cities * CITY_CORE_UNITS + counties
    left = units - core
    if left < cities:
        raise ValueError(f"至少需要{core + cities}个单位（每市{CITY_CORE_UNITS + 1}个，每县区1个）")
    full = cities * FULL_CITY_DEPARTMENTS + counties * FULL_COUNTY_DEPARTMENTS
    share = min(1.0, left * DEPARTMENT_SHARE / full)
    return max(1, round(FULL_CITY_DEPARTMENTS * share)), round(FULL_COUNTY_DEPARTMENTS * share)


def _county_head(name: str) -> str:
    return {"县": "县长", "市": "市长", "旗": "旗长"}.get(name[-1], "区长")


def _build_units(rng: random.Random, total: int) -> _Tree:
    cities = list(Region.objects.filter(parent_id=PROVINCE_CODE, level=RegionLevel.CITY)
                  .order_by("code"))
    counties = list(Region.objects.filter(parent__in=cities, level=RegionLevel.COUNTY)
                    .order_by("code"))
    if not cities:
        raise ValueError("区划表中没有辽宁省的市（请先执行 migrate）")
    per_city, per_county = _department_counts(total, len(cities), len(counties))
    tree = _Tree()

    roots = [tree.unit(name=f"{c.name}全面振兴新突破三年行动领导小组", kind=UnitKind.LEADING_GROUP,
                       region_id=c.code, parent=None, head_post="组长", short_name="领导小组",
                       sort_order=0) for c in cities]
    tree.insert(roots)
    root_of = {c.code: root for c, root in zip(cities, roots, strict=True)}

    level1, hqs, departments = [], {}, []
    for city in cities:
        hqs[city.code] = tree.unit(name=f"{city.name}全面振兴新突破行动指挥部", kind=UnitKind.HQ,
                                   region_id=city.code, parent=root_of[city.code],
                                   head_post="总指挥", short_name="指挥部")
        level1.append(hqs[city.code])
        for suffix, kind, short, post in CITY_DEPARTMENTS[:per_city]:
            name = f"中共{city.name}{suffix}" if suffix.startswith("委") else f"{city.name}{suffix}"
            departments.append(tree.unit(name=name, kind=kind, region_id=city.code,
                                         parent=root_of[city.code], head_post=post,
                                         short_name=f"市{short}"))
    governments = {}
    for county in counties:
        governments[county.code] = tree.unit(
            name=f"{county.name}人民政府", kind=UnitKind.COUNTY_GOV, region_id=county.code,
            parent=root_of[county.parent_id], head_post=_county_head(county.name),
            short_name=county.name)
    tree.insert(level1 + departments + list(governments.values()))

    level2 = []
    for city in cities:
        supervision = tree.unit(name=f"{city.name}全面振兴新突破行动指挥部督查室",
                                kind=UnitKind.SUPERVISION, region_id=city.code,
                                parent=hqs[city.code], head_post="主任", short_name="督查室")
        level2.append(supervision)
        tree.cities.append((city, root_of[city.code], hqs[city.code], supervision))
    for county in counties:
        for suffix, short, post in COUNTY_DEPARTMENTS[:per_county]:
            level2.append(tree.unit(name=f"{county.name}{suffix}", kind=UnitKind.GOV_DEPT,
                                    region_id=county.code, parent=governments[county.code],
                                    head_post=post, short_name=short))
    tree.insert(level2)
    departments += [u for u in level2 if u.kind == UnitKind.GOV_DEPT]

    _spread_subunits(rng, tree, departments, total - len(tree.units))
    Unit.objects.bulk_update(tree.units, ["path"], batch_size=BATCH_SIZE)
    return tree


def _spread_subunits(rng: random.Random, tree: _Tree, departments: list[Unit], count: int) -> None:
    """Sections under departments, teams under sections: each wave hangs its units under
    the previous wave's, never deeper than MAX_DEPTH."""
    parents, left = departments, count
    for wave, share in enumerate(SUBUNIT_WAVES):
        size = left if wave == len(SUBUNIT_WAVES) - 1 else min(left, round(count * share))
        pool = [p for p in parents if p.depth < MAX_DEPTH] or [
            u for u in departments if u.depth < MAX_DEPTH]
        level = []
        for _ in range(size):
            parent = rng.choice(pool)
            names = SECTIONS if parent.depth + 1 <= 2 else TEAMS
            index = tree.child_index(parent)
            label = names[index % len(names)] + (str(index // len(names) + 1)
                                                 if index >= len(names) else "")
            level.append(tree.unit(name=f"{parent.name}{label}", kind=UnitKind.OTHER,
                                   region_id=parent.region_id, parent=parent, short_name=label,
                                   head_post="组长" if names is TEAMS else
                                   ("主任" if label.startswith(("办公室", "信息", "事务")) else "科长")))
        tree.insert(level)
        parents, left = level, left - size


# --- officials and users -----------------------------------------------------------------


class _Names:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def __call__(self) -> str:
        given = self.rng.choice(GIVEN_CHARS)
        if self.rng.random() < 0.7:
            given += self.rng.choice(GIVEN_CHARS)
        return self.rng.choice(SURNAMES) + given


def _deputy(post: str) -> str:
    return f"管委会副{post[3:]}" if post.startswith("管委会") else f"副{post}"


def _create_officials(rng: random.Random, tree: _Tree, count: int) -> dict[int, Official]:
    """A head for each unit (in tree order, while they last), deputies spread at random.
    Returns the heads by unit id."""
    name = _Names(rng)
    heads = [Official(name=name(), post=tree.head_post[unit.code], unit=unit, sort_order=0)
             for unit in tree.units[:count]]
    taken = {(o.unit.code, o.name, o.post) for o in heads}
    deputies = []
    for _ in range(count - len(heads)):
        unit = rng.choice(tree.units)
        post = _deputy(tree.head_post[unit.code])
        person = name()
        while (unit.code, person, post) in taken:
            person = name()
        taken.add((unit.code, person, post))
        deputies.append(Official(name=person, post=post, unit=unit, sort_order=1))
    Official.objects.bulk_create(heads + deputies, batch_size=BATCH_SIZE)
    return {o.unit_id: o for o in heads}


def _create_users(rng: random.Random, tree: _Tree, count: int,
                  heads: dict[int, Official]) -> tuple[int, int]:
    """City accounts (HQ staff, supervision, two city leaders per city), the three
    administrators, then unit leaders and reporters spread over all units."""
    roles = Role.objects.in_bulk(field_name="code")
    password = make_password(PASSWORD)  # one hash for all: 20,000 hashes would take minutes
    name = _Names(rng)
    accounts: list[tuple[User, str]] = []

    def account(username: str, unit: Unit, role: str, full_name: str = "",
                official: Official | None = None) -> None:
        user = User(username=f"{USERNAME_PREFIX}{username}", full_name=full_name or name(),
                    unit=unit, official=official, password=password,
                    must_change_password=False)
        accounts.append((user, role))

    for city, root, hq, supervision in tree.cities:
        account(f"{city.code}_hq", hq, "hq_staff", f"{city.name}指挥部工作人员")
        account(f"{city.code}_dcs", supervision, "supervision", f"{city.name}督查室工作人员")
        account(f"{city.code}_ld1", root, "city_leader")
        account(f"{city.code}_ld2", root, "city_leader")
    first_hq = tree.cities[0][2]
    for admin in ("sysadmin", "secadmin", "auditadmin"):
        account(admin, first_hq, admin, f"{admin}（基准测试）")

    staff = count - len(accounts)
    if staff < 0:
        raise ValueError(f"至少需要{len(accounts)}个用户（每市4个，另加三员）")
    leaders = min(round(staff * UNIT_LEADER_SHARE), len(tree.units))
    for serial, unit in enumerate(rng.sample(tree.units, leaders), start=1):
        account(f"l{serial:06d}", unit, "unit_leader", official=heads.get(unit.pk))
    # Every unit gets a reporter while they last, the rest go anywhere.
    spread = rng.sample(tree.units, len(tree.units))
    for serial in range(1, staff - leaders + 1):
        unit = spread[serial - 1] if serial <= len(spread) else rng.choice(tree.units)
        account(f"r{serial:06d}", unit, "reporter")

    User.objects.bulk_create([user for user, _ in accounts], batch_size=BATCH_SIZE)
    through = User.roles.through
    links = [through(user_id=user.pk, role_id=roles[role].pk) for user, role in accounts]
    through.objects.bulk_create(links, batch_size=BATCH_SIZE)
    return len(accounts), len(links)
