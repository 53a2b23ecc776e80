"""Fixtures of the service to enterprises: enterprises in Fushun and Yingkou, their sign-ins,
a cadre of 市发改委, HQ of Yingkou."""

import datetime as dt

import pytest

from luoshi.core.permissions import SYSTEM
from luoshi.orgs import services as org_services
from luoshi.orgs.models import Official, User
from luoshi.service import services
from luoshi.service.examples import enterprise_uscc
from tests.conftest import PASSWORD

RECEIVED = dt.date(2023, 6, 1)  # a Thursday; 10 working days later is 2023-06-15


def make_enterprise(name: str, region: str, serial: int, size: str = "medium", industry: str = "C"):
    return services.create_enterprise(actor=SYSTEM, data=services.EnterpriseData(
        name=name, uscc=enterprise_uscc(region, serial), region_code=region, size=size,
        industry=industry))


@pytest.fixture
def enterprises(org):
    return {
        "a": make_enterprise("抚顺石化机械有限公司", "210411", 1),
        "b": make_enterprise("清原食品有限公司", "210423", 2, size="small", industry="A"),
        "yk": make_enterprise("营口镁业有限公司", "210804", 3, size="large", industry="B"),
    }


def enterprise_login(enterprise, username: str) -> User:
    user = services.open_enterprise_account(actor=SYSTEM, enterprise=enterprise, username=username,
                                            full_name=f"{enterprise.name}联系人", password=PASSWORD)
    User.objects.filter(pk=user.pk).update(must_change_password=False)
    return User.objects.get(pk=user.pk)


@pytest.fixture
def enterprise_user(enterprises):
    return enterprise_login(enterprises["a"], "qiye_a")


@pytest.fixture
def other_enterprise_user(enterprises):
    return enterprise_login(enterprises["b"], "qiye_b")


@pytest.fixture
def yk_hq(make_user):
    return make_user("yk_hq", "hq_staff", "yk_fgw")


@pytest.fixture
def cadre(org) -> Official:
    return org_services.create_official(actor=SYSTEM, data=org_services.OfficialData(
        name="王建国", post="副主任", unit_code="FS-FGW"))


def raised(actor, enterprise, title="新厂房用地指标", category="land", on=None):
    return services.raise_appeal(actor=actor, enterprise=enterprise, on=on, data=services.AppealData(
        category=category, title=title, content="扩产需新增用地30亩，申请列入年度用地计划", received_on=on))


@pytest.fixture
def appeal(enterprises, hq_user):
    """An appeal of enterprise a, received 2023-06-01 and registered by HQ."""
    return raised(hq_user, enterprises["a"], on=RECEIVED)
