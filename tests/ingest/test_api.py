"""/api/v1/ingest/extract."""

from django.test import Client

from luoshi.orgs import accounts

from .conftest import seed_002_text


def api(user) -> Client:
    _token, key = accounts.create_api_token(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def test_extract_returns_the_same_json_as_the_cli(hq_user):
    from luoshi.ingest.extraction import extract_facts

    text = seed_002_text()
    response = api(hq_user).post("/api/v1/ingest/extract", {"text": text}, content_type="application/json")
    assert response.status_code == 200
    assert response.json() == [fact.as_dict() for fact in extract_facts(text)]
    assert response.json()[0]["value"] == 22.3


def test_extract_needs_the_permission(reporter):
    response = api(reporter).post("/api/v1/ingest/extract", {"text": "增长3%。"},
                                  content_type="application/json")
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"


def test_extract_needs_a_text(hq_user):
    response = api(hq_user).post("/api/v1/ingest/extract", {"text": ""}, content_type="application/json")
    assert response.status_code == 422


def test_extract_needs_a_token():
    assert Client().post("/api/v1/ingest/extract", {"text": "增长3%。"},
                         content_type="application/json").status_code == 401
