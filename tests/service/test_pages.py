"""Pages of the service to enterprises: what each role sees and does, forms that keep what
was typed, exports, and pinned query counts on the lists."""

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from luoshi.core.permissions import SYSTEM
from luoshi.service import services
from luoshi.service.examples import enterprise_uscc
from luoshi.service.models import Appeal, AppealStatus, Enterprise
from tests.service.conftest import RECEIVED, make_enterprise, raised


def test_an_enterprise_raises_and_follows_only_its_own_appeals(client, enterprises, enterprise_user,
                                                                other_enterprise_user, hq_user):
    others = raised(other_enterprise_user, enterprises["b"], title="清原企业的诉求")
    client.force_login(enterprise_user)
    response = client.post(reverse("my_appeals"), {"category": "financing", "title": "流动资金贷款",
                                                   "content": "需流动资金3000万元"})
    assert response.status_code == 302
    mine = Appeal.objects.get(title="流动资金贷款")
    assert mine.enterprise == enterprises["a"] and mine.status == AppealStatus.RECEIVED
    page = client.get(reverse("my_appeals")).content.decode()
    assert "流动资金贷款" in page and "清原企业的诉求" not in page
    # Another enterprise's appeal is not found, through the page or the list pages of HQ
    assert client.get(reverse("appeal_detail", args=[others.pk])).status_code == 404
    assert client.get(reverse("appeal_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("appeals")).status_code == 403
    assert client.get(reverse("enterprises")).status_code == 403
    assert client.get(reverse("enterprise_detail", args=[enterprises["b"].pk])).status_code == 404


def test_a_bad_appeal_form_keeps_what_was_typed(client, enterprise_user):
    client.force_login(enterprise_user)
    response = client.post(reverse("my_appeals"), {"category": "land", "title": "", "content": "写了很多字"})
    assert response.status_code == 400
    assert "写了很多字" in response.content.decode() and Appeal.objects.count() == 0


def test_the_workflow_through_the_pages(client, appeal, hq_user, reporter, enterprise_user, org):
    url = reverse("appeal_detail", args=[appeal.pk])
    client.force_login(hq_user)
    assert client.post(url, {"action": "assign", "unit": org["fgw"].pk, "reason": ""}).status_code == 302
    client.force_login(reporter)
    assert "新厂房用地指标" in client.get(reverse("appeal_inbox")).content.decode()
    response = client.post(url, {"action": "answer", "response": ""})
    assert response.status_code == 400 and "答复意见" in response.content.decode()
    assert client.post(url, {"action": "answer", "response": "已列入年度用地计划"}).status_code == 302
    client.force_login(enterprise_user)
    page = client.get(url).content.decode()
    assert "已列入年度用地计划" in page and "评价答复" in page
    assert client.post(url, {"action": "rate", "satisfaction": "satisfied", "note": ""}).status_code == 302
    client.force_login(hq_user)
    assert client.post(url, {"action": "close", "note": "办结"}).status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.CLOSED and appeal.satisfaction == "satisfied"
    history = client.get(url).content.decode()
    assert "交办" in history and "答复" in history and "企业评价" in history


def test_reassigning_without_a_reason_shows_the_error(client, appeal, hq_user, org):
    services.assign_appeal(actor=hq_user, appeal=appeal, unit=org["fgw"])
    client.force_login(hq_user)
    response = client.post(reverse("appeal_detail", args=[appeal.pk]),
                           {"action": "assign", "unit": org["gxj"].pk, "reason": ""})
    assert response.status_code == 400 and "改派须写明原因" in response.content.decode()


def test_another_units_reporter_cannot_open_the_appeal(client, appeal, hq_user, org, other_reporter):
    services.assign_appeal(actor=hq_user, appeal=appeal, unit=org["fgw"])
    client.force_login(other_reporter)
    assert client.get(reverse("appeal_detail", args=[appeal.pk])).status_code == 404
    assert "新厂房用地指标" not in client.get(reverse("appeal_inbox")).content.decode()


def test_the_appeal_list_filters(client, enterprises, hq_user, org):
    late = raised(hq_user, enterprises["a"], title="逾期的诉求", on=dt.date(2023, 1, 5))
    services.assign_appeal(actor=hq_user, appeal=late, unit=org["fgw"], on=dt.date(2023, 1, 5))
    raised(hq_user, enterprises["b"], title="清原的诉求", category="policy")
    client.force_login(hq_user)
    page = client.get(reverse("appeals"), {"overdue": "1"}, HTTP_HX_REQUEST="true").content.decode()
    assert "逾期的诉求" in page and "清原的诉求" not in page and "<html" not in page
    page = client.get(reverse("appeals"), {"region": "210423"}).content.decode()
    assert "清原的诉求" in page and "逾期的诉求" not in page
    page = client.get(reverse("appeals"), {"category": "policy", "status": "received"}).content.decode()
    assert "清原的诉求" in page and "逾期的诉求" not in page
    page = client.get(reverse("appeals"), {"unit": org["fgw"].pk}).content.decode()
    assert "逾期的诉求" in page and "清原的诉求" not in page
    # Yingkou's enterprise is outside Fushun HQ's region
    raised(SYSTEM, enterprises["yk"], title="营口的诉求")
    assert "营口的诉求" not in client.get(reverse("appeals")).content.decode()


def test_enterprise_form_names_the_bad_code(client, hq_user):
    client.force_login(hq_user)
    code = enterprise_uscc("210411", 5)
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    response = client.post(reverse("enterprise_new"), {"name": "抚顺新企业有限公司", "uscc": wrong,
                                                       "region_code": "210411", "size": "small"})
    assert response.status_code == 400 and "校验码" in response.content.decode()
    assert "抚顺新企业有限公司" in response.content.decode()
    response = client.post(reverse("enterprise_new"), {"name": "抚顺新企业有限公司", "uscc": code,
                                                       "region_code": "210411", "size": "small",
                                                       "is_active": "on"})
    enterprise = Enterprise.objects.get(uscc=code)
    assert response["Location"] == reverse("enterprise_detail", args=[enterprise.pk])


def test_enterprise_detail_assigns_cadres_and_records_visits(client, enterprises, hq_user, cadre):
    e = enterprises["a"]
    client.force_login(hq_user)
    client.post(reverse("assignment_new", args=[e.pk]), {"official": cadre.pk, "start_date": "2023-03-01"})
    assignment = e.assignments.get()
    client.post(reverse("visit_new", args=[assignment.pk]), {
        "visited_on": "2023-05-10", "findings": "用工紧张", "services": "推送用工信息"})
    page = client.get(reverse("enterprise_detail", args=[e.pk])).content.decode()
    assert "王建国" in page and "用工紧张" in page and "推送用工信息" in page
    response = client.post(reverse("enterprise_account_new", args=[e.pk]), {
        "username": "shihua", "full_name": "", "password": "Strong@Pass2023"})
    assert response.status_code == 302 and e.accounts.get().user.username == "shihua"


def test_statistics_page_and_export(client, appeal, hq_user, org):
    services.assign_appeal(actor=hq_user, appeal=appeal, unit=org["fgw"])
    client.force_login(hq_user)
    page = client.get(reverse("appeal_stats"), {"period": "2023"}).content.decode()
    assert "用地" in page and "抚顺市发改委" in page and "appeal-chart-data" in page
    response = client.get(reverse("appeal_stats"), {"period": "2023-Q2", "format": "xlsx"})
    sheets = load_workbook(BytesIO(response.content)).sheetnames
    assert sheets == ["按类别", "按承办单位", "按区划"]
    assert client.get(reverse("appeal_stats"), {"period": "不是期间"}).status_code == 200


def test_list_exports(client, appeal, hq_user):
    client.force_login(hq_user)
    for name in ("enterprises", "appeals", "assignments"):
        response = client.get(reverse(name), {"format": "xlsx"})
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(BytesIO(client.get(reverse("appeals"), {"format": "xlsx"}).content))
                .active.iter_rows(values_only=True))
    assert rows[1][0] == appeal.number


def _grow(enterprises, hq_user, org, cadre, n):
    for i in range(n):
        e = make_enterprise(f"企业{i}", "210411", 100 + i)
        services.assign_cadre(actor=hq_user, enterprise=e, data=services.AssignmentData(
            official_id=cadre.pk, start_date=dt.date(2023, 3, 1)))
        a = raised(hq_user, e, title=f"诉求{i}", on=RECEIVED)
        services.assign_appeal(actor=hq_user, appeal=a, unit=org["fgw"])


# Fixed cost of a signed-in page: session, user, roles, own unit (or enterprise), session write.
PAGES = [("enterprises", "hq", 9), ("appeals", "hq", 10), ("assignments", "hq", 9),
         ("appeal_inbox", "reporter", 9), ("my_appeals", "enterprise", 10), ("appeal_stats", "hq", 11)]


@pytest.mark.parametrize("grow", [1, 12])
@pytest.mark.parametrize("name,who,count", PAGES)
def test_lists_have_a_fixed_number_of_queries(client, enterprises, hq_user, reporter, enterprise_user, org,
                                              cadre, grow, name, who, count, django_assert_num_queries):
    _grow(enterprises, hq_user, org, cadre, grow)
    services.assign_appeal(actor=hq_user, appeal=raised(enterprise_user, enterprises["a"]), unit=org["fgw"])
    client.force_login({"hq": hq_user, "reporter": reporter, "enterprise": enterprise_user}[who])
    with django_assert_num_queries(count):
        assert client.get(reverse(name), {"period": "2023"} if name == "appeal_stats" else {}).status_code == 200


def test_an_enterprise_lands_on_its_appeals_and_staff_on_the_home_page(client, enterprise_user,
                                                                        hq_user):
    client.force_login(enterprise_user)
    assert client.get(reverse("home"))["Location"] == reverse("my_appeals")
    client.force_login(hq_user)
    assert client.get(reverse("home")).status_code == 200
