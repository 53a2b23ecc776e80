"""/api/v1/: token authentication, the same data scope as pages, errors as codes."""

import pytest
from django.test import Client

from luoshi.orgs import accounts
from luoshi.orgs.models import Unit


def api_client(user) -> Client:
    _token, key = accounts.create_api_token(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def test_without_a_token_the_api_says_unauthenticated(db):
    response = Client().get("/api/v1/units")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_a_revoked_token_no_longer_works(reporter):
    token, key = accounts.create_api_token(user=reporter, name="t")
    accounts.revoke_api_token(actor=reporter, token=token)
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/units").status_code == 401


def test_reporter_lists_only_its_own_unit(reporter):
    body = api_client(reporter).get("/api/v1/units").json()
    assert [u["code"] for u in body["items"]] == ["FS-FGW"]
    assert body["count"] == 1


def test_reporter_cannot_read_another_unit(org, reporter):
    response = api_client(reporter).get(f"/api/v1/units/{org['gxj'].pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_reporter_cannot_change_its_unit(org, reporter):
    response = api_client(reporter).put(f"/api/v1/units/{org['fgw'].pk}", content_type="application/json", data={
        "code": "FS-FGW", "name": "改名", "kind": "gov_dept", "region_code": "210400", "parent_code": "FS-LDXZ"})
    assert response.status_code == 403
    assert Unit.objects.get(pk=org["fgw"].pk).name == "抚顺市发改委"


def test_hq_creates_a_unit_and_bad_input_gets_a_message(hq_user):
    client = api_client(hq_user)
    good = {"code": "FS-TJJ", "name": "抚顺市统计局", "kind": "gov_dept", "region_code": "210400",
            "parent_code": "FS-LDXZ"}
    response = client.post("/api/v1/units", content_type="application/json", data=good)
    assert response.status_code == 201, response.content
    assert response.json()["region_name"] == "抚顺市"
    response = client.post("/api/v1/units", content_type="application/json", data=good)
    assert response.status_code == 409 and response.json()["code"] == "duplicate_code"
    response = client.post("/api/v1/units", content_type="application/json",
                           data={**good, "code": "FS-X", "region_code": "999999"})
    assert response.status_code == 400 and "999999" in response.json()["message"]


def test_reporter_cannot_list_users(reporter):
    assert api_client(reporter).get("/api/v1/users").status_code == 403


def test_openapi_schema_and_local_docs(db):
    schema = Client().get("/api/v1/openapi.json").json()
    assert "/api/v1/units" in schema["paths"]
    docs = Client().get("/api/v1/docs").content.decode()
    assert "cdn" not in docs.lower() and "/static/" in docs


@pytest.mark.parametrize("extra_units", [0, 30])
def test_units_api_query_count_does_not_grow(hq_user, org, extra_units, django_assert_num_queries):
    for i in range(extra_units):
        Unit.objects.create(code=f"FS-X{i}", name=f"单位{i}", kind="other", region_id="210400",
                            parent=org["root"], path=f"{org['root'].path}x{i}/", depth=1)
    client = api_client(hq_user)
    # token, its last-used stamp (first use only), roles, own unit, count, page
    with django_assert_num_queries(6):
        assert client.get("/api/v1/units").status_code == 200
