"""Projects in the small Fushun organisation of tests/conftest.py."""

import datetime as dt
from decimal import Decimal

import pytest

from luoshi.core.permissions import SYSTEM
from luoshi.orgs import services as org_services
from luoshi.projects import services
from luoshi.projects.models import Stage


def make_project(code="FS-001", *, name="江苏三木集团65万吨苯酚丙酮产业链项目", region="210400",
                 unit="FS-FGW", kind="industrial", industry="C", total="868000",
                 stage=Stage.BUILDING, since=dt.date(2023, 6, 28), **extra):
    return services.create_project(actor=SYSTEM, data=services.ProjectData(
        code=code, name=name, region_code=region, lead_unit_code=unit, industry=industry,
        kind=kind, total_investment=Decimal(total), stage=stage, stage_since=since, **extra))


def invest(project, year, month, completed, actor=SYSTEM, note=""):
    return services.record_investment(actor=actor, project=project, entry=services.InvestmentEntry(
        year=year, month=month, completed=Decimal(completed), note=note))


@pytest.fixture
def project(org):
    return make_project()


@pytest.fixture
def helper_official(org):
    return org_services.create_official(actor=SYSTEM, data=org_services.OfficialData(
        name="王建国", post="副市长", unit_code="FS-LDXZ"))


@pytest.fixture
def helper_user(make_user, helper_official):
    from luoshi.orgs.models import User

    user = make_user("helper", "reporter", "root")
    User.objects.filter(pk=user.pk).update(official=helper_official)
    return User.objects.get(pk=user.pk)
