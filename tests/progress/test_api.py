"""/api/v1/ for plans, nodes and reports: the workflow through the API, with data scope."""

from django.test import Client

from luoshi.orgs import accounts


def api(user) -> Client:
    _token, key = accounts.create_api_token(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def test_reporter_fills_and_submits_then_leader_and_hq_move_it_on(plan_tree, reporter, unit_leader, hq_user):
    client = api(reporter)
    report = client.post("/api/v1/reports", content_type="application/json",
                         data={"node_id": plan_tree["task"].pk, "period": "2023-06"}).json()
    target = plan_tree["task"].targets.get()
    body = client.put(f"/api/v1/reports/{report['id']}", content_type="application/json",
                      data={"progress": "完成81.8亿元", "values": {str(target.pk): "81.8"}}).json()
    assert body["values"] == {str(target.pk): "81.8000"}
    assert client.post(f"/api/v1/reports/{report['id']}/submit").json()["status"] == "submitted"
    assert api(unit_leader).post(f"/api/v1/reports/{report['id']}/approve").json()["status"] == "approved"
    response = api(hq_user).post(f"/api/v1/reports/{report['id']}/return", content_type="application/json",
                                 data={"reason": "请补充佐证"})
    assert response.json()["status"] == "returned" and response.json()["return_reason"] == "请补充佐证"


def test_another_units_reporter_cannot_see_or_submit(plan_tree, reporter, other_reporter):
    report = api(reporter).post("/api/v1/reports", content_type="application/json",
                                data={"node_id": plan_tree["task"].pk, "period": "2023-06"}).json()
    other = api(other_reporter)
    assert other.get(f"/api/v1/reports/{report['id']}").status_code == 404
    assert other.post(f"/api/v1/reports/{report['id']}/submit").status_code == 404
    assert other.get("/api/v1/reports").json()["count"] == 0


def test_wrong_step_is_a_409_with_a_code(plan_tree, reporter, hq_user):
    report = api(reporter).post("/api/v1/reports", content_type="application/json",
                                data={"node_id": plan_tree["task"].pk, "period": "2023-06"}).json()
    response = api(hq_user).post(f"/api/v1/reports/{report['id']}/accept")
    assert response.status_code == 409 and response.json()["code"] == "bad_transition"


def test_plans_and_nodes_in_document_order(plan_tree, reporter):
    client = api(reporter)
    plans = client.get("/api/v1/plans").json()["items"]
    assert [p["title"] for p in plans] == ["抚顺全面振兴新突破三年行动方案"]
    nodes = client.get(f"/api/v1/plans/{plans[0]['id']}/nodes?period=2023-06").json()
    assert [n["number"] + n["title"] for n in nodes][:3] == ["一、重点任务", "（一）推动产业结构优化升级", "1.扩大有效投资"]
    detail = client.get(f"/api/v1/nodes/{plan_tree['task'].pk}").json()
    assert detail["co_unit_codes"] == ["FS-GXJ"] and detail["targets"][0]["years"]["2023"] == "160.0000"


def test_yingkou_users_do_not_see_fushun_plans(plan_tree, make_user):
    yk = make_user("yk_reporter", "reporter", "yk_fgw")
    assert api(yk).get("/api/v1/plans").json()["count"] == 0
    assert api(yk).get(f"/api/v1/plans/{plan_tree['plan'].pk}").status_code == 404
