"""Demo for the leader's cockpit: a provincial leader to look at all of Liaoning.

The organisation demo (``demo/orgs.py``) has a Fushun city leader (``shilingdao``), whose
cockpit opens on 抚顺市 and its counties. To show the drill-down from the province, this adds
the province's leading group for the three-year action and one of its leaders, with the
built-in leader role (cockpit and instructions, region scope): at a province unit that
scope is the whole province. The figures come from the indicators demo, the lights from
the plans demo.
"""

from __future__ import annotations

from luoshi.core.permissions import SYSTEM
from luoshi.demo.orgs import DEMO_PASSWORD, DemoLogin
from luoshi.orgs import accounts, services
from luoshi.orgs.models import Role, Unit, UnitKind, User

PROVINCE_UNIT = "210000-LDXZ"
PROVINCE_LOGIN = DemoLogin("shenglingdao", DEMO_PASSWORD, "city_leader", PROVINCE_UNIT, "辽宁省领导")
COCKPIT_LOGINS = [PROVINCE_LOGIN]


def _ensure_province_unit() -> Unit:
    unit = Unit.objects.filter(code=PROVINCE_UNIT).first()
    return unit or services.create_unit(actor=SYSTEM, data=services.UnitData(
        PROVINCE_UNIT, "辽宁省全面振兴新突破三年行动领导小组", UnitKind.LEADING_GROUP, "210000",
        short_name="省领导小组", sort_order=0))


def _ensure_login(login: DemoLogin, unit: Unit) -> None:
    if User.objects.filter(username=login.username).exists():
        return
    user = accounts.create_user(actor=SYSTEM, password=login.password, data=accounts.UserData(
        username=login.username, full_name=login.full_name, unit_id=unit.pk))
    accounts.set_user_roles(actor=SYSTEM, user=user,
                            role_ids=[Role.objects.get(code=login.role).pk])
    # Demo accounts skip the first-login password change so the printed password works.
    User.objects.filter(pk=user.pk).update(must_change_password=False)


def load_demo_cockpit() -> None:
    unit = _ensure_province_unit()
    for login in COCKPIT_LOGINS:
        _ensure_login(login, unit)
