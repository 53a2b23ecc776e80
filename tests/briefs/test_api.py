"""/api/v1/briefs: generate, read with provenance, edit, issue, instruct; scope and errors."""

import datetime as dt

import pytest

from luoshi.progress.status import recompute_plan
from tests.progress.test_api import api

pytestmark = pytest.mark.django_db


def test_the_brief_through_the_api(plan_tree, hq_user, city_leader, reporter):
    recompute_plan(plan_tree["plan"], "2023-06", as_of=dt.date(2023, 7, 10))
    hq = api(hq_user)
    response = hq.post("/api/v1/briefs", content_type="application/json",
                       data={"region_code": "210400", "period": "2023-06"})
    assert response.status_code == 201
    brief = response.json()
    section = brief["sections"][0]
    assert section["figures"][0]["sources"][0]["model"] == "plans.Plan"
    edited = hq.put(f"/api/v1/briefs/{brief['id']}/sections/{section['id']}",
                    content_type="application/json", data={"body": "新文字。"})
    assert edited.json()["body"] == "新文字。"
    assert hq.post(f"/api/v1/briefs/{brief['id']}/issue").json()["status"] == "issued"
    again = hq.put(f"/api/v1/briefs/{brief['id']}/sections/{section['id']}",
                   content_type="application/json", data={"body": "再改"})
    assert again.status_code == 409 and again.json()["code"] == "brief_issued"
    leader = api(city_leader)
    made = leader.post(f"/api/v1/briefs/{brief['id']}/instructions",
                       content_type="application/json", data={"text": "请抓落实"})
    assert made.status_code == 201
    assert api(reporter).get(f"/api/v1/briefs/{brief['id']}").status_code == 403


def test_bad_period_is_a_400_naming_the_field(plan_tree, hq_user):
    response = api(hq_user).post("/api/v1/briefs", content_type="application/json",
                                 data={"region_code": "210400", "period": "六月"})
    assert response.status_code == 400 and response.json()["field"] == "period"
