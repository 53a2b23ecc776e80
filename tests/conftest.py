"""Fixtures shared by all tests: a small organisation in Fushun and one user per role."""

from __future__ import annotations

import pytest

from luoshi.core.permissions import SYSTEM
from luoshi.core.regions import load_regions
from luoshi.orgs import accounts, services
from luoshi.orgs.models import Role, Unit, UnitKind, User
from luoshi.orgs.roles import install_builtin_roles

PASSWORD = "Test@2023pass"


@pytest.fixture
def reference_data(db):
    """Regions and built-in roles come with the migrations; transactional tests (the browser
    tests) flush them, so put them back. Loading is idempotent and cheap."""
    load_regions()
    install_builtin_roles(Role)


@pytest.fixture
def org(reference_data):
    """Fushun: HQ under the leading group, two departments, a county; Yingkou: one department."""

    def unit(code, name, kind, region, parent=""):
        return services.create_unit(actor=SYSTEM, data=services.UnitData(
            code=code, name=name, kind=kind, region_code=region, parent_code=parent))

    units = {
        "root": unit("FS-LDXZ", "抚顺市领导小组", UnitKind.LEADING_GROUP, "210400"),
        "hq": unit("FS-ZHB", "抚顺市指挥部", UnitKind.HQ, "210400", "FS-LDXZ"),
        "fgw": unit("FS-FGW", "抚顺市发改委", UnitKind.GOV_DEPT, "210400", "FS-LDXZ"),
        "gxj": unit("FS-GXJ", "抚顺市工信局", UnitKind.GOV_DEPT, "210400", "FS-LDXZ"),
        "qingyuan": unit("FS-QY", "清原满族自治县人民政府", UnitKind.COUNTY_GOV, "210423", "FS-LDXZ"),
        "yk_fgw": unit("YK-FGW", "营口市发改委", UnitKind.GOV_DEPT, "210800"),
    }
    return units


@pytest.fixture
def make_user(org):
    def make(username: str, role: str, unit_key: str = "fgw", *, password: str = PASSWORD) -> User:
        user = accounts.create_user(actor=SYSTEM, password=password, data=accounts.UserData(
            username=username, full_name=username, unit_id=org[unit_key].pk))
        accounts.set_user_roles(actor=SYSTEM, user=user, role_ids=[Role.objects.get(code=role).pk])
        User.objects.filter(pk=user.pk).update(must_change_password=False)
        return User.objects.get(pk=user.pk)

    return make


@pytest.fixture
def hq_user(make_user):
    return make_user("hq", "hq_staff", "hq")


@pytest.fixture
def reporter(make_user):
    return make_user("reporter", "reporter", "fgw")


@pytest.fixture
def other_reporter(make_user):
    return make_user("reporter_gxj", "reporter", "gxj")


@pytest.fixture
def unit_leader(make_user):
    return make_user("leader", "unit_leader", "fgw")


@pytest.fixture
def city_leader(make_user):
    return make_user("cityleader", "city_leader", "root")


@pytest.fixture
def sysadmin(make_user):
    return make_user("sysadmin", "sysadmin", "hq")


@pytest.fixture
def secadmin(make_user):
    return make_user("secadmin", "secadmin", "hq")


@pytest.fixture
def auditadmin(make_user):
    return make_user("auditadmin", "auditadmin", "hq")


def login(client, user: User):
    client.force_login(user)
    return client


@pytest.fixture
def units_by_code(org) -> dict[str, Unit]:
    return {unit.code: unit for unit in org.values()}


@pytest.fixture
def plan_tree(org):
    """A Fushun plan: 一、重点任务 › （一）产业 › 1. a task led by 市发改委 with a target and a milestone."""
    import datetime as dt
    from decimal import Decimal

    from luoshi.plans import services as plan_services

    plan = plan_services.create_plan(actor=SYSTEM, data=plan_services.PlanData(
        title="抚顺全面振兴新突破三年行动方案", region_code="210400",
        start_date=dt.date(2023, 1, 1), end_date=dt.date(2025, 12, 31)))
    section = plan_services.create_node(actor=SYSTEM, plan=plan, parent=None, data=plan_services.NodeData(
        kind="section", title="重点任务"))
    area = plan_services.create_node(actor=SYSTEM, plan=plan, parent=section, data=plan_services.NodeData(
        kind="area", title="推动产业结构优化升级"))
    task = plan_services.create_node(actor=SYSTEM, plan=plan, parent=area, data=plan_services.NodeData(
        kind="task", title="扩大有效投资", lead_unit_code="FS-FGW", co_unit_codes=["FS-GXJ"]))
    other = plan_services.create_node(actor=SYSTEM, plan=plan, parent=area, data=plan_services.NodeData(
        kind="task", title="培育工业企业", lead_unit_code="FS-GXJ"))
    plan_services.set_targets(actor=SYSTEM, node=task, targets=[plan_services.TargetData(
        metric="固定资产投资", unit="亿元", years={2023: Decimal("160"), 2024: Decimal("180")})])
    plan_services.set_milestones(actor=SYSTEM, node=task, milestones=[plan_services.MilestoneData(
        due_on=dt.date(2023, 9, 30), description="20个项目列入省重大项目清单")])
    return {"plan": plan, "section": section, "area": area, "task": task, "other": other}
