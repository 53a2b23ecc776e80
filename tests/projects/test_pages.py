"""Project pages: what each role sees and may do, the forms, pinned query counts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from luoshi.core.permissions import SYSTEM
from luoshi.projects import services
from luoshi.projects.models import Blocker, BlockerStatus, MonthlyInvestment, Stage
from tests.projects.conftest import invest, make_project

pytestmark = pytest.mark.django_db


def _many(n, unit="FS-FGW", start=0):
    provincial = services.ensure_list(actor=SYSTEM, name="省重大项目", year=2023)
    for i in range(start, start + n):
        project = make_project(f"P{i:03d}", name=f"项目{i}", unit=unit)
        invest(project, 2023, 1, "10")
        services.set_lists(actor=SYSTEM, project=project, lists=[provincial])
        services.raise_blocker(actor=SYSTEM, project=project, data=services.BlockerData(
            title=f"难题{i}", unit_code="FS-GXJ", deadline=dt.date(2023, 7, 1), found_on=dt.date(2023, 6, 1)))


def test_list_filters_and_totals(client, hq_user):
    make_project("A1", name="苯酚丙酮", total="868000")
    building = make_project("A2", name="抽水蓄能电站", kind="infrastructure", industry="D", total="1000000")
    invest(building, 2023, 3, "5000")
    make_project("A3", name="储备项目", stage=Stage.PLANNING, planned_start_year=2024, total="2000")
    client.force_login(hq_user)
    page = client.get(reverse("projects"), {"year": 2023}).content.decode()
    assert "苯酚丙酮" in page and "187亿元" in page and "5000万元" in page
    page = client.get(reverse("projects"), {"industry": "D"}).content.decode()
    assert "抽水蓄能电站" in page and "苯酚丙酮" not in page
    page = client.get(reverse("projects"), {"stalled": "3"}).content.decode()
    assert "苯酚丙酮" in page and "储备项目" not in page
    page = client.get(reverse("projects"), {"pipeline": "2024"}).content.decode()
    assert "储备项目" in page and "苯酚丙酮" not in page


def test_list_query_count_does_not_grow_with_rows(client, hq_user, django_assert_max_num_queries):
    _many(3)
    client.force_login(hq_user)
    client.get(reverse("projects"))
    with django_assert_max_num_queries(14) as few:
        client.get(reverse("projects"), {"year": 2023})
    for i in range(20):
        make_project(f"Q{i:03d}", name=f"更多{i}")
    # the same request as above: the count must not grow with the rows
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("projects"), {"year": 2023})
    assert response.status_code == 200


def test_detail_query_count_is_pinned(client, hq_user, project, helper_official, django_assert_num_queries):
    services.assign_helper(actor=SYSTEM, project=project, official=helper_official)
    invest(project, 2023, 1, "100")
    client.force_login(hq_user)
    client.get(reverse("project_detail", args=[project.pk]))
    with django_assert_num_queries(17) as first:
        client.get(reverse("project_detail", args=[project.pk]))
    for month in range(2, 7):
        invest(project, 2023, month, "100")
    for i in range(4):
        services.raise_blocker(actor=SYSTEM, project=project, data=services.BlockerData(
            title=f"难题{i}", unit_code="FS-GXJ", deadline=dt.date(2023, 7, 1), found_on=dt.date(2023, 6, 1)))
    with django_assert_num_queries(len(first.captured_queries)):
        page = client.get(reverse("project_detail", args=[project.pk])).content.decode()
    assert "investment-chart" in page and "难题3" in page and "王建国" in page


def test_another_units_reporter_gets_404(client, project, other_reporter):
    client.force_login(other_reporter)
    assert client.get(reverse("project_detail", args=[project.pk])).status_code == 404


def test_reporter_enters_investment_and_a_fall_keeps_the_input(client, project, reporter):
    client.force_login(reporter)
    url = reverse("project_investment", args=[project.pk])
    assert client.post(url, {"period": "2023年5月", "cumulative": "300"}).status_code == 302
    response = client.post(url, {"period": "2023-06", "cumulative": "250"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "低于上月累计" in page and 'value="250"' in page
    assert MonthlyInvestment.objects.count() == 1


def test_stage_back_without_reason_shows_the_error(client, project, hq_user):
    client.force_login(hq_user)
    response = client.post(reverse("project_stage", args=[project.pk]),
                           {"stage": Stage.SIGNED, "on": "2023-07-01", "reason": ""})
    assert response.status_code == 400 and "须写明原因" in response.content.decode()


def test_board_per_unit_and_the_unit_resolves(client, project, hq_user, other_reporter, reporter):
    blocker = services.raise_blocker(actor=hq_user, project=project, data=services.BlockerData(
        title="用地指标不足", unit_code="FS-GXJ", deadline=dt.date(2023, 7, 1), found_on=dt.date(2023, 6, 1)))
    client.force_login(reporter)  # the lead unit sees it but may not resolve it
    page = client.get(reverse("blocker_board")).content.decode()
    assert "用地指标不足" in page and 'name="resolution"' not in page
    client.force_login(other_reporter)
    page = client.get(reverse("blocker_board")).content.decode()
    assert "用地指标不足" in page and 'name="resolution"' in page and "已逾期" in page
    client.post(reverse("blocker_resolve", args=[blocker.pk]), {"resolution": "已调剂指标"})
    blocker.refresh_from_db()
    assert blocker.status == BlockerStatus.RESOLVED


def test_board_query_count_is_pinned(client, hq_user, django_assert_max_num_queries):
    _many(3)
    client.force_login(hq_user)
    client.get(reverse("blocker_board"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("blocker_board"))
    _many(10, start=3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("blocker_board"))
    assert Blocker.objects.count() == 13


def test_helper_records_a_visit_and_a_blocker(client, project, helper_official, helper_user):
    services.assign_helper(actor=SYSTEM, project=project, official=helper_official)
    client.force_login(helper_user)
    page = client.get(reverse("project_detail", args=[project.pk])).content.decode()
    assert "登记走访" in page
    assert client.post(reverse("project_visit", args=[project.pk]), {
        "official": helper_official.pk, "visited_on": "2023-07-03", "notes": "现场办公"}).status_code == 302
    assert client.post(reverse("project_blocker", args=[project.pk]), {
        "title": "供电线路迁改", "unit": "FS-GXJ", "found_on": "2023-07-03", "deadline": "2023-08-01"}).status_code == 302
    assert Blocker.objects.get().unit.code == "FS-GXJ"


def test_stats_page_shows_growth_share_and_rank(client, hq_user):
    project = make_project("S1")
    invest(project, 2022, 6, "100")
    invest(project, 2023, 6, "122.3")
    services.set_lists(actor=SYSTEM, project=project,
                       lists=[services.ensure_list(actor=SYSTEM, name="省重大项目", year=2023)])
    client.force_login(hq_user)
    page = client.get(reverse("project_stats"), {"period": "2023H1"}).content.decode()
    assert "22.3%" in page and "100.0%" in page and "抚顺市" in page


def test_money_on_pages_is_never_float(project):
    assert isinstance(project.total_investment, Decimal)
