"""/api/v1/ warnings and orders: data scope, the workflow, errors with codes."""

from django.test import Client

from luoshi.orgs import accounts
from luoshi.supervision.models import SupervisionOrder, Warning


def api(user) -> Client:
    _token, key = accounts.create_api_token(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def test_warnings_are_listed_within_scope(warnings_raised, supervisor, other_reporter):
    office = api(supervisor).get("/api/v1/warnings").json()
    assert office["count"] == 5
    assert {w["rule"] for w in office["items"]} == {"red_node", "overdue_milestone", "report_missing"}
    own = api(other_reporter).get("/api/v1/warnings?rule=red_node").json()
    assert [w["unit_code"] for w in own["items"]] == ["FS-GXJ"]
    hidden = Warning.objects.filter(unit__code="FS-FGW").first()
    assert api(other_reporter).get(f"/api/v1/warnings/{hidden.pk}").status_code == 404


def test_an_order_made_from_warnings_goes_round_the_workflow(warnings_raised, supervisor, reporter):
    ids = list(Warning.objects.filter(unit__code="FS-FGW", status="open").values_list("id", flat=True))
    office, unit = api(supervisor), api(reporter)
    response = office.post("/api/v1/orders", {"title": "关于扩大有效投资的督办", "requirements": "报送结果",
                                              "deadline": "2030-01-31", "warning_ids": ids},
                           content_type="application/json")
    assert response.status_code == 201
    order = response.json()
    assert order["number"].startswith("抚督〔") and order["unit_code"] == "FS-FGW"
    assert "亮红灯" in order["content"]
    answered = unit.post(f"/api/v1/orders/{order['id']}/respond", {"kind": "result", "text": "已办结"},
                         content_type="application/json")
    assert answered.json()["status"] == "responded"
    closed = office.post(f"/api/v1/orders/{order['id']}/close", {"note": ""}, content_type="application/json")
    assert closed.json()["status"] == "closed"


def test_a_reporter_cannot_issue_and_a_wrong_step_is_a_409(issued_order, reporter, supervisor, org):
    refused = api(reporter).post("/api/v1/orders", {"title": "x", "requirements": "y", "content": "z",
                                                    "unit_id": org["fgw"].pk, "deadline": "2030-01-01"},
                                 content_type="application/json")
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    wrong = api(supervisor).post(f"/api/v1/orders/{issued_order.pk}/close", {"note": ""},
                                 content_type="application/json")
    assert wrong.status_code == 409 and wrong.json()["code"] == "bad_transition"
    bad = api(supervisor).post("/api/v1/orders", {"title": "x", "requirements": "y", "content": "",
                                                  "unit_id": org["fgw"].pk, "deadline": "2030-01-01"},
                               content_type="application/json")
    assert bad.status_code == 400 and bad.json()["field"] == "content"
    assert SupervisionOrder.objects.count() == 1


def test_orders_of_other_units_are_hidden(issued_order, other_reporter):
    client = api(other_reporter)
    assert client.get("/api/v1/orders").json()["count"] == 0
    assert client.get(f"/api/v1/orders/{issued_order.pk}").status_code == 404
