"""/api/v1/ projects, investment and blockers: data scope and rules."""

import datetime as dt

import pytest

from luoshi.orgs.accounts import create_api_token
from luoshi.projects import services
from tests.projects.conftest import invest

pytestmark = pytest.mark.django_db


def bearer(client, user):
    _token, key = create_api_token(user=user, name="t")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    return client


def test_projects_are_listed_in_scope(client, project, hq_user, other_reporter):
    assert bearer(client, hq_user).get("/api/v1/projects").json()["count"] == 1
    assert bearer(client, other_reporter).get("/api/v1/projects").json()["count"] == 0
    assert client.get(f"/api/v1/projects/{project.pk}").status_code == 404


def test_create_and_stage_back_needs_a_reason(client, org, hq_user):
    api = bearer(client, hq_user)
    created = api.post("/api/v1/projects", {"code": "A1", "name": "项目", "region_code": "210400",
                                            "lead_unit_code": "FS-FGW", "industry": "C", "kind": "industrial",
                                            "total_investment": "1000", "stage": "building",
                                            "stage_since": "2023-01-01"}, content_type="application/json")
    assert created.status_code == 201
    pid = created.json()["id"]
    back = api.post(f"/api/v1/projects/{pid}/stage", {"stage": "signed", "on": "2023-02-01"},
                    content_type="application/json")
    assert back.status_code == 400 and back.json()["field"] == "reason"


def test_investment_put_and_fall_refused(client, project, reporter):
    api = bearer(client, reporter)
    ok = api.put(f"/api/v1/projects/{project.pk}/investment/2023-01", {"completed": "100"},
                 content_type="application/json")
    assert ok.json()["cumulative"] == "100.0000" or ok.json()["cumulative"] in ("100", 100)
    fall = api.put(f"/api/v1/projects/{project.pk}/investment/2023-02", {"cumulative": "50"},
                   content_type="application/json")
    assert fall.status_code == 400 and fall.json()["code"] == "cumulative_falls"


def test_blockers_resolved_by_the_responsible_unit_only(client, project, hq_user, reporter, other_reporter):
    blocker = services.raise_blocker(actor=hq_user, project=project, data=services.BlockerData(
        title="用地", unit_code="FS-GXJ", deadline=dt.date(2023, 8, 1), found_on=dt.date(2023, 7, 1)))
    assert bearer(client, reporter).post(f"/api/v1/blockers/{blocker.pk}/resolve", {"resolution": "办"},
                                         content_type="application/json").status_code == 403
    response = bearer(client, other_reporter).post(f"/api/v1/blockers/{blocker.pk}/resolve",
                                                   {"resolution": "已办结"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "resolved"
    assert bearer(client, other_reporter).get("/api/v1/blockers?status=all").json()["count"] == 1


def test_investment_by_region_is_limited_to_the_scope(client, project, hq_user):
    invest(project, 2022, 6, "100")
    invest(project, 2023, 6, "122.3")
    api = bearer(client, hq_user)
    rows = api.get("/api/v1/investment/by-region?year=2023&within=210400").json()
    assert rows[0]["growth"] in ("22.3", 22.3)
    assert api.get("/api/v1/investment/by-region?year=2023&within=210000").status_code == 403
