"""Pages: the ranking (pinned query count), the breakdown, adjustments and entry by hand,
exports, and what a unit's reporter may see."""

import io
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from luoshi.assessment import services
from luoshi.assessment.models import Adjustment, ManualValue, Result
from luoshi.core.permissions import SYSTEM
from luoshi.orgs import services as org_services
from luoshi.orgs.models import UnitKind
from tests.assessment.conftest import enter

# session, user, roles, unit, scheme, categories, criteria, count, page of results, their scores,
# the session saved (with its savepoint and release)
QUERIES = 13


def _computed(scheme, org, period="2023-Q2"):
    enter(scheme, scheme["work"], org["fgw"], 80, period)
    enter(scheme, scheme["work"], org["gxj"], 90, period)
    enter(scheme, scheme["county_work"], org["qingyuan"], 70, period)
    services.compute_period(actor=SYSTEM, scheme=scheme["scheme"], period=period)


def _more_departments(scheme, org, n):
    units = []
    for i in range(n):
        units.append(org_services.create_unit(actor=SYSTEM, data=org_services.UnitData(
            code=f"FS-D{i}", name=f"抚顺市部门{i}", kind=UnitKind.GOV_DEPT, region_code="210400",
            parent_code="FS-LDXZ")))
    services.set_members(actor=SYSTEM, category=scheme["departments"],
                         unit_ids=[org["fgw"].pk, org["gxj"].pk, *(u.pk for u in units)])
    return units


def test_the_ranking_shows_rank_movement_and_points(client, scheme, org, office):
    _computed(scheme, org, "2023-Q1")
    enter(scheme, scheme["work"], org["fgw"], 95)
    enter(scheme, scheme["work"], org["gxj"], 60)
    services.compute_period(actor=SYSTEM, scheme=scheme["scheme"], period="2023-Q2")
    client.force_login(office)
    page = client.get(reverse("assessment_ranking", args=[scheme["scheme"].pk]),
                      {"period": "2023-Q2"}).content.decode()
    assert page.index("抚顺市发改委") < page.index("抚顺市工信局")
    assert "↑1" in page and "↓1" in page and "57.00" in page


def test_the_ranking_page_query_count_does_not_grow_with_units(client, scheme, org, office,
                                                               django_assert_num_queries):
    _computed(scheme, org)
    url = reverse("assessment_ranking", args=[scheme["scheme"].pk])
    client.force_login(office)
    client.get(url, {"period": "2023-Q2"})
    with django_assert_num_queries(QUERIES):
        small = client.get(url, {"period": "2023-Q2"})
    _more_departments(scheme, org, 60)
    services.compute_period(actor=SYSTEM, scheme=scheme["scheme"], period="2023-Q2")
    with django_assert_num_queries(QUERIES):
        big = client.get(url, {"period": "2023-Q2"})
    assert small.status_code == big.status_code == 200
    assert big.content.decode().count("<tr data-unit") == 50  # paged at 50


def test_a_reporter_sees_only_its_own_units_result(client, scheme, org, reporter):
    _computed(scheme, org)
    client.force_login(reporter)
    page = client.get(reverse("assessment_ranking", args=[scheme["scheme"].pk]),
                      {"period": "2023-Q2"}).content.decode()
    assert "抚顺市发改委" in page and "抚顺市工信局" not in page
    own = client.get(reverse("assessment_breakdown", args=[scheme["scheme"].pk, org["fgw"].pk]),
                     {"period": "2023-Q2"})
    assert own.status_code == 200 and "分值调整" not in own.content.decode()
    other = client.get(reverse("assessment_breakdown", args=[scheme["scheme"].pk, org["gxj"].pk]),
                       {"period": "2023-Q2"})
    assert other.status_code == 404
    assert client.get(reverse("assessment_category", args=[scheme["departments"].pk])).status_code == 403


def test_a_reporter_of_another_city_does_not_see_the_scheme(client, scheme, make_user):
    stranger = make_user("yk", "reporter", "yk_fgw")
    client.force_login(stranger)
    assert client.get(reverse("assessment_scheme", args=[scheme["scheme"].pk])).status_code == 404
    assert "抚顺市2023年度" not in client.get(reverse("assessment_schemes")).content.decode()


def test_the_office_adjusts_through_the_breakdown_and_the_ranking_follows(client, scheme, org, office):
    _computed(scheme, org)
    client.force_login(office)
    url = reverse("assessment_adjust", args=[scheme["scheme"].pk, org["fgw"].pk])
    refused = client.post(url, {"period": "2023-Q2", "criterion": scheme["work"].pk, "points": "12",
                                "reason": ""})
    assert refused.status_code == 400 and not Adjustment.objects.exists()
    response = client.post(url, {"period": "2023-Q2", "criterion": scheme["work"].pk, "points": "7",
                                 "reason": "获省政府通报表扬"})
    assert response.status_code == 302
    assert Result.objects.get(unit=org["fgw"], period="2023-Q2").rank == 1
    page = client.get(response["Location"]).content.decode()
    assert "获省政府通报表扬" in page and "+7.00" in page


def test_the_office_enters_values_for_a_whole_category(client, scheme, org, office):
    _computed(scheme, org)
    client.force_login(office)
    url = reverse("assessment_values", args=[scheme["scheme"].pk, scheme["work"].pk])
    bad = client.post(url, {"period": "2023-Q2", f"v_{org['fgw'].pk}": "九十X", f"v_{org['gxj'].pk}": "50"})
    assert bad.status_code == 400 and "不是数字" in bad.content.decode()
    assert ManualValue.objects.get(unit=org["gxj"], period="2023-Q2").value == Decimal(90)
    client.post(url, {"period": "2023-Q2", f"v_{org['fgw'].pk}": "100", f"v_{org['gxj'].pk}": "50"})
    assert Result.objects.get(unit=org["fgw"], period="2023-Q2").total == Decimal("60.00")


def test_the_office_sets_up_criteria_and_members_on_the_category_page(client, scheme, org, office):
    client.force_login(office)
    url = reverse("assessment_category", args=[scheme["counties"].pk])
    form = {"c-TOTAL_FORMS": "3", "c-INITIAL_FORMS": "1", "c-MIN_NUM_FORMS": "0", "c-MAX_NUM_FORMS": "1000",
            "c-0-id": scheme["county_work"].pk, "c-0-name": "重点工作", "c-0-metric": "manual",
            "c-0-weight": "70", "c-0-full_at": "100", "c-0-zero_at": "0",
            "c-1-name": "按时报送率", "c-1-metric": "reports_on_time", "c-1-weight": "20",
            "c-1-full_at": "100", "c-1-zero_at": "0",
            "c-2-name": "", "c-2-metric": "manual", "c-2-weight": "", "c-2-full_at": "100", "c-2-zero_at": "0"}
    refused = client.post(url, form)
    assert refused.status_code == 400 and "合计应为100分，现为90分" in refused.content.decode()
    form["c-1-weight"] = "30"
    assert client.post(url, form).status_code == 302
    assert [(c.name, c.weight) for c in scheme["counties"].criteria.all()] == [
        ("重点工作", Decimal("70.00")), ("按时报送率", Decimal("30.00"))]
    client.post(url, {"part": "members", "units": [org["qingyuan"].pk, org["hq"].pk]})
    assert set(scheme["counties"].members.values_list("unit__code", flat=True)) == {"FS-QY", "FS-ZHB"}


def test_the_ranking_and_the_breakdown_export_to_xlsx(client, scheme, org, office):
    _computed(scheme, org)
    services.adjust_score(actor=office, criterion=scheme["work"], unit=org["fgw"], period="2023-Q2",
                          points=Decimal(-3), reason="信息报送迟报")
    client.force_login(office)
    ranking = client.get(reverse("assessment_ranking", args=[scheme["scheme"].pk]),
                         {"period": "2023-Q2", "category": scheme["departments"].pk, "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(ranking.content)).active.values)
    assert rows[0] == ("排名", "位次变化", "单位编码", "单位名称", "条目绿灯率（40分）",
                       "重点工作完成情况（60分）", "总分")
    assert rows[1][:4] == (1, "新", "FS-GXJ", "抚顺市工信局") and rows[2][-1] == 45
    breakdown = client.get(reverse("assessment_breakdown", args=[scheme["scheme"].pk, org["fgw"].pk]),
                           {"period": "2023-Q2", "format": "xlsx"})
    lines = list(load_workbook(io.BytesIO(breakdown.content)).active.values)
    assert lines[1][3] == "无数据" and lines[2][7] == "-3.00分：信息报送迟报（duchashi）"


def test_the_compute_button_computes_and_a_bad_setup_says_why(client, scheme, org, office):
    client.force_login(office)
    url = reverse("assessment_compute", args=[scheme["scheme"].pk])
    response = client.post(url, {"period": "2023-Q2"})
    assert response.status_code == 302 and Result.objects.filter(period="2023-Q2").count() == 3
    services.set_members(actor=SYSTEM, category=scheme["counties"], unit_ids=[])
    response = client.post(url, {"period": "2023-Q2"}, follow=True)
    assert "类别“县区政府”还没有考核对象" in response.content.decode()
