"""/api/v1/ for the service to enterprises: the same data scope as the pages (an enterprise's
token sees its own appeals only), the workflow, errors as codes, a fixed number of queries."""

import pytest

from luoshi.service import services
from luoshi.service.examples import enterprise_uscc
from tests.orgs.test_api import api_client
from tests.service.conftest import RECEIVED, make_enterprise, raised

JSON = "application/json"


def test_an_enterprise_token_sees_its_own_appeals_only(enterprises, enterprise_user, other_enterprise_user):
    other = raised(other_enterprise_user, enterprises["b"], title="别家的诉求")
    client = api_client(enterprise_user)
    response = client.post("/api/v1/appeals", content_type=JSON, data={
        "category": "policy", "title": "稳岗补贴兑现", "content": "2022年稳岗补贴未到账"})
    assert response.status_code == 201, response.content
    mine = response.json()
    assert mine["status"] == "received" and mine["enterprise_id"] == enterprises["a"].pk
    listed = client.get("/api/v1/appeals").json()
    assert [a["id"] for a in listed["items"]] == [mine["id"]]
    assert client.get(f"/api/v1/appeals/{other.pk}").status_code == 404
    # Raising for another enterprise is refused; so is reading the enterprise list beyond its own
    response = client.post("/api/v1/appeals", content_type=JSON, data={
        "category": "policy", "title": "x", "content": "y", "enterprise_id": enterprises["b"].pk})
    assert response.status_code == 404
    assert [e["id"] for e in client.get("/api/v1/enterprises").json()["items"]] == [enterprises["a"].pk]


def test_the_workflow_through_the_api(appeal, hq_user, reporter, enterprise_user, org, other_reporter):
    hq, unit, firm = api_client(hq_user), api_client(reporter), api_client(enterprise_user)
    url = f"/api/v1/appeals/{appeal.pk}"
    response = hq.post(f"{url}/assign", content_type=JSON, data={"unit_id": org["fgw"].pk})
    assert response.status_code == 200 and response.json()["status"] == "assigned"
    assert api_client(other_reporter).post(f"{url}/answer", content_type=JSON,
                                           data={"response": "x"}).status_code == 404
    response = unit.post(f"{url}/answer", content_type=JSON, data={"response": "已列入计划"})
    assert response.json()["status"] == "answered"
    response = firm.post(f"{url}/rate", content_type=JSON, data={"satisfaction": "great"})
    assert response.status_code == 400 and response.json()["field"] == "satisfaction"
    assert firm.post(f"{url}/rate", content_type=JSON, data={"satisfaction": "basic"}).status_code == 200
    response = hq.post(f"{url}/close", content_type=JSON, data={"note": "办结"})
    assert response.json()["status"] == "closed"
    response = hq.post(f"{url}/close", content_type=JSON, data={})
    assert response.status_code == 409 and response.json()["code"] == "bad_transition"


def test_enterprises_and_assignments(hq_user, reporter, cadre, org):
    hq = api_client(hq_user)
    good = {"name": "抚顺新材料有限公司", "uscc": enterprise_uscc("210403", 9), "region_code": "210403",
            "size": "small", "industry": "C"}
    response = hq.post("/api/v1/enterprises", content_type=JSON, data=good)
    assert response.status_code == 201, response.content
    enterprise_id = response.json()["id"]
    response = hq.post("/api/v1/enterprises", content_type=JSON, data=good)
    assert response.status_code == 409 and response.json()["code"] == "duplicate_uscc"
    response = hq.post("/api/v1/enterprises", content_type=JSON, data={**good, "uscc": "91210403123"})
    assert response.status_code == 400 and response.json()["field"] == "uscc"
    assert api_client(reporter).post("/api/v1/enterprises", content_type=JSON, data={
        **good, "uscc": enterprise_uscc("210403", 10)}).status_code == 403
    response = hq.post(f"/api/v1/enterprises/{enterprise_id}/assignments", content_type=JSON,
                       data={"official_id": cadre.pk, "start_date": "2023-03-01"})
    assert response.status_code == 201 and response.json()["unit_code"] == "FS-FGW"
    response = api_client(reporter).post(f"/api/v1/assignments/{response.json()['id']}/visits", content_type=JSON,
                                         data={"visited_on": "2023-04-01", "findings": "生产正常"})
    assert response.status_code == 201


def test_statistics_endpoint(appeal, hq_user, enterprise_user):
    response = api_client(hq_user).get("/api/v1/appeals/statistics", {"period": "2023-Q2", "by": "category"})
    assert response.status_code == 200
    assert response.json() == [pytest.approx(response.json()[0])] and response.json()[0]["key"] == "land"
    assert api_client(hq_user).get("/api/v1/appeals/statistics", {"by": "planet"}).status_code == 400
    assert api_client(enterprise_user).get("/api/v1/appeals/statistics").status_code == 403


@pytest.mark.parametrize("grow", [1, 15])
def test_appeal_list_query_count_does_not_grow(enterprises, hq_user, org, grow, django_assert_num_queries):
    for i in range(grow):
        a = raised(hq_user, make_enterprise(f"企业{i}", "210411", 200 + i), on=RECEIVED)
        services.assign_appeal(actor=hq_user, appeal=a, unit=org["fgw"])
    client = api_client(hq_user)
    with django_assert_num_queries(6):  # token, its use, roles, unit, count, page
        assert client.get("/api/v1/appeals").status_code == 200
