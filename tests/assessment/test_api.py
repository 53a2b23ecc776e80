"""/api/v1/assessment: the office computes and adjusts; a unit reads its own result only."""

from django.test import Client

from luoshi.assessment.models import Adjustment
from luoshi.orgs import accounts
from tests.assessment.conftest import enter

JSON = "application/json"


def api(user) -> Client:
    _token, key = accounts.create_api_token(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def _ready(scheme, org):
    enter(scheme, scheme["work"], org["fgw"], 80)
    enter(scheme, scheme["work"], org["gxj"], 90)
    enter(scheme, scheme["county_work"], org["qingyuan"], 70)


def test_the_office_computes_adjusts_and_reads_the_ranking(scheme, org, office):
    _ready(scheme, org)
    client, pk = api(office), scheme["scheme"].pk
    summary = client.post(f"/api/v1/assessment/schemes/{pk}/compute", content_type=JSON,
                          data={"period": "2023Q2"}).json()
    assert summary["units"] == 3 and summary["period"] == "2023-Q2"
    response = client.post(f"/api/v1/assessment/schemes/{pk}/adjustments", content_type=JSON, data={
        "criterion_id": scheme["work"].pk, "unit_id": org["fgw"].pk, "period": "2023-Q2",
        "points": "7", "reason": "省级表彰"})
    assert response.status_code == 201 and response.json()["reason"] == "省级表彰"
    items = client.get(f"/api/v1/assessment/schemes/{pk}/results",
                       {"period": "2023-Q2", "category_id": scheme["departments"].pk}).json()["items"]
    assert [(i["unit_code"], i["rank"], i["total"]) for i in items] == [("FS-FGW", 1, "55.00"),
                                                                        ("FS-GXJ", 2, "54.00")]
    lines = client.get(f"/api/v1/assessment/schemes/{pk}/units/{org['fgw'].pk}",
                       {"period": "2023-Q2"}).json()["lines"]
    assert lines[0]["basis"] == "无数据" and lines[1]["adjustments"][0]["points"] == "7.00"


def test_a_bad_period_and_a_missing_reason_get_a_clear_error(scheme, org, office):
    client, pk = api(office), scheme["scheme"].pk
    bad = client.post(f"/api/v1/assessment/schemes/{pk}/compute", content_type=JSON, data={"period": "明年"})
    assert bad.status_code == 400 and bad.json()["field"] == "period"
    response = client.post(f"/api/v1/assessment/schemes/{pk}/adjustments", content_type=JSON, data={
        "criterion_id": scheme["work"].pk, "unit_id": org["fgw"].pk, "period": "2023-Q2",
        "points": "7", "reason": " "})
    assert response.status_code == 400 and "理由" in response.json()["message"]


def test_a_reporter_sees_its_own_result_and_may_not_write(scheme, org, office, reporter):
    _ready(scheme, org)
    pk = scheme["scheme"].pk
    api(office).post(f"/api/v1/assessment/schemes/{pk}/compute", content_type=JSON, data={"period": "2023-Q2"})
    client = api(reporter)
    items = client.get(f"/api/v1/assessment/schemes/{pk}/results", {"period": "2023-Q2"}).json()["items"]
    assert [i["unit_code"] for i in items] == ["FS-FGW"]
    assert client.get(f"/api/v1/assessment/schemes/{pk}/units/{org['gxj'].pk}",
                      {"period": "2023-Q2"}).status_code == 404
    denied = client.post(f"/api/v1/assessment/schemes/{pk}/adjustments", content_type=JSON, data={
        "criterion_id": scheme["work"].pk, "unit_id": org["fgw"].pk, "period": "2023-Q2",
        "points": "7", "reason": "自评"})
    assert denied.status_code == 403 and not Adjustment.objects.exists()
    assert client.post(f"/api/v1/assessment/schemes/{pk}/compute", content_type=JSON,
                       data={"period": "2023-Q2"}).status_code == 403
    assert client.put(f"/api/v1/assessment/schemes/{pk}/values", content_type=JSON, data={
        "criterion_id": scheme["work"].pk, "unit_id": org["fgw"].pk, "period": "2023-Q2",
        "value": "100"}).status_code == 403


def test_the_office_creates_a_scheme_and_enters_a_value(org, office):
    client = api(office)
    created = client.post("/api/v1/assessment/schemes", content_type=JSON, data={
        "title": "清原县考核", "region_code": "210400", "year": 2023})
    assert created.status_code == 201 and created.json()["region_code"] == "210400"
    other_city = client.post("/api/v1/assessment/schemes", content_type=JSON, data={
        "title": "营口考核", "region_code": "210800", "year": 2023})
    assert other_city.status_code == 403
