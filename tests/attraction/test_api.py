"""/api/v1/ for leads and funds: create, filter, move, funds, with data scope."""

import datetime as dt
from decimal import Decimal

from django.test import Client

from luoshi.orgs import accounts

D = dt.date
NEW = {"title": "电子材料项目", "investor": "香港某投资有限公司", "origin": "abroad", "industry": "C",
       "intended_investment": "30000", "region_code": "210400", "unit_code": "FS-FGW",
       "negotiating_on": "2023-03-01"}


def api(user) -> Client:
    _token, key = accounts.create_api_token(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def test_reporter_creates_hq_signs_and_records_funds(org, reporter, hq_user):
    response = api(reporter).post("/api/v1/leads", content_type="application/json", data=NEW)
    assert response.status_code == 201
    lead = response.json()
    assert lead["stage"] == "negotiating" and lead["unit_code"] == "FS-FGW"
    hq = api(hq_user)
    moved = hq.post(f"/api/v1/leads/{lead['id']}/move", content_type="application/json",
                    data={"to_stage": "signed", "on": "2023-05-01"}).json()
    assert moved["stage"] == "signed" and moved["signed_on"] == "2023-05-01"
    back = hq.post(f"/api/v1/leads/{lead['id']}/move", content_type="application/json",
                   data={"to_stage": "negotiating", "on": "2023-05-02"})
    assert back.status_code == 400 and back.json()["field"] == "reason"
    funds = hq.put(f"/api/v1/leads/{lead['id']}/funds/2023-06", content_type="application/json",
                   data={"amount": "1500"})
    assert funds.status_code == 200 and Decimal(funds.json()["amount"]) == 1500
    assert hq.get(f"/api/v1/leads/{lead['id']}/funds").json()[0]["month"] == "2023-06"
    figures = hq.get("/api/v1/leads/figures?year=2023&month=6").json()
    assert figures["stages"][1] == {"stage": "signed", "total": 1, "new": 1, "carried": 0,
                                    "last_year": 0, "growth_pct": None}
    assert Decimal(figures["funds"]) == 1500
    listed = hq.get("/api/v1/leads?stage=signed&origin=outside").json()
    assert [item["id"] for item in listed["items"]] == [lead["id"]]


def test_scope_and_permission(org, reporter, other_reporter, city_leader):
    lead = api(reporter).post("/api/v1/leads", content_type="application/json", data=NEW).json()
    other = api(other_reporter)
    assert other.get(f"/api/v1/leads/{lead['id']}").status_code == 404
    assert other.get("/api/v1/leads").json()["count"] == 0
    assert other.post(f"/api/v1/leads/{lead['id']}/move", content_type="application/json",
                      data={"to_stage": "signed", "on": "2023-05-01"}).status_code == 404
    assert other.post("/api/v1/leads", content_type="application/json", data=NEW).status_code == 403
    leader = api(city_leader)
    assert leader.get("/api/v1/leads").status_code == 200
    assert leader.post("/api/v1/leads", content_type="application/json", data=NEW).status_code == 403


def test_update_refuses_a_bad_code(org, reporter):
    client = api(reporter)
    lead = client.post("/api/v1/leads", content_type="application/json", data=NEW).json()
    response = client.put(f"/api/v1/leads/{lead['id']}", content_type="application/json",
                          data={**NEW, "investor_uscc": "123"})
    assert response.status_code == 400 and response.json()["field"] == "investor_uscc"
