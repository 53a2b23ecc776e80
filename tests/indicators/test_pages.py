"""Pages and API: ranking with streaks, chart data, lists with pinned query counts, the
checks list and review, the upload page; who may do what."""

import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from luoshi.core.permissions import SYSTEM
from luoshi.indicators import queries, services
from luoshi.indicators.models import CheckFlag, FlagStatus, Observation
from luoshi.orgs import accounts

pytestmark = pytest.mark.django_db

CITIES = ["210100", "210200", "210400", "210800"]


@pytest.fixture
def ranked(fai):
    """Growth of four cities for 2023-03..06; Fushun 2, 1, 2, 2 → 连续4个月全省前2位."""
    growth = {"210100": [5, 3, 9, 1], "210200": [9, 8, 1, 9], "210400": [7, 9, 8, 8],
              "210800": [1, 2, 3, 4]}
    entries = [services.Entry(fai, code, 2023, 3 + i, {"yoy_reported": Decimal(g),
                                                       "cumulative": Decimal(10 * (i + 1))})
               for code, values in growth.items() for i, g in enumerate(values)]
    services.apply_entries(entries, actor=SYSTEM)
    return fai


def test_ranking_and_streaks_are_derived(ranked, liaoning):
    rows = queries.ranking(ranked, "2023-06", liaoning)
    assert [(r.region.code, r.rank) for r in rows[:4]] == [
        ("210200", 1), ("210400", 2), ("210800", 3), ("210100", 4)]
    assert rows[1].streak.phrase() == "连续4个月全省前2位"
    assert all(r.rank is None for r in rows[4:])


def test_region_summary_gives_value_yoy_progress_and_rank(ranked, fushun, hq_user,
                                                          django_assert_num_queries):
    services.set_target(actor=hq_user, indicator=ranked, region=fushun, year=2023,
                        value=Decimal(100), growth=Decimal(10))
    with django_assert_num_queries(4):
        [summary] = queries.region_indicator_summary(fushun, "2023-06", with_streaks=False)
    assert (summary.cumulative, summary.yoy, summary.rank, summary.rank_of) == (
        Decimal(40), Decimal(8), 2, 4)
    assert summary.progress.completion == Decimal("0.4") and summary.progress.on_track is False
    assert summary.progress.growth_met is False and summary.rank_scope == "全省"


def test_indicator_page_shows_the_ranking_and_the_chart(client, ranked, hq_user,
                                                        django_assert_max_num_queries):
    client.force_login(hq_user)
    url = reverse("indicator_detail", args=[ranked.pk])
    client.get(url)  # warm the session and caches
    with django_assert_max_num_queries(14):
        page = client.get(url, {"period": "2023-06", "region": "210400"}).content.decode()
    assert "连续4个月全省前2位" in page and "series-chart" in page and "抚顺市" in page


@pytest.mark.parametrize("name", ["indicators", "observations", "indicator_flags"])
def test_list_pages_have_pinned_query_counts(client, ranked, hq_user, name,
                                             django_assert_num_queries):
    client.force_login(hq_user)
    client.get(reverse(name))
    counts = {"indicators": 10, "observations": 11, "indicator_flags": 8}
    with django_assert_num_queries(counts[name]):
        assert client.get(reverse(name)).status_code == 200
    services.apply_entries([services.Entry(ranked, "210500", 2023, m, {"cumulative": Decimal(m)})
                            for m in range(2, 13)], actor=SYSTEM)
    with django_assert_num_queries(counts[name]):
        client.get(reverse(name))


def test_checks_are_listed_and_hq_records_a_verdict(client, fai, hq_user, reporter):
    services.apply_entries([services.Entry(fai, "210400", 2023, 2, {"cumulative": Decimal(20)}),
                            services.Entry(fai, "210400", 2023, 3, {"cumulative": Decimal(15)})],
                           actor=SYSTEM)
    flag = CheckFlag.objects.get()
    client.force_login(reporter)
    client.post(reverse("indicator_flag_review", args=[flag.pk]), {"status": "corrected"})
    flag.refresh_from_db()
    assert flag.status == FlagStatus.OPEN
    client.force_login(hq_user)
    page = client.get(reverse("indicator_flags")).content.decode()
    assert "累计值15低于上月累计值20" in page
    client.post(reverse("indicator_flag_review", args=[flag.pk]),
                {"status": "confirmed", "note": "口径调整，已核实"})
    flag.refresh_from_db()
    assert flag.status == FlagStatus.CONFIRMED and flag.reviewed_by == hq_user


def _upload(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.name = "stats.xlsx"
    buffer.seek(0)
    return buffer


def test_upload_page_imports_or_lists_errors(client, fai, hq_user, reporter):
    client.force_login(reporter)
    assert client.get(reverse("indicators_import")).status_code == 403
    client.force_login(hq_user)
    bad = _upload([["2023年6月"], ["地区", "固定资产投资"], [None, "累计"], ["火星", 1]])
    page = client.post(reverse("indicators_import"), {"file": bad}).content.decode()
    assert "未写入任何数据" in page and "火星" in page and not Observation.objects.exists()
    good = _upload([["2023年6月"], ["地区", "固定资产投资"], [None, "累计"], ["抚顺", 81.8]])
    page = client.post(reverse("indicators_import"), {"file": good}).content.decode()
    assert "导入完成" in page and Observation.objects.get().source_name == "stats.xlsx"
    assert client.get(reverse("indicators_template")).status_code == 200
    assert client.get(reverse("indicators_template"), {"layout": "wide"}).status_code == 200
    export = client.get(reverse("observations"), {"format": "xlsx", "period": "2023-06"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def _api(user) -> Client:
    _token, key = accounts.create_api_token(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def test_api_lists_filters_and_creates(ranked, hq_user, reporter):
    client = _api(hq_user)
    data = client.get("/api/v1/observations", {"indicator": "FAI", "region": "210400",
                                               "period": "2023-06"}).json()
    assert data["count"] == 1 and Decimal(data["items"][0]["yoy"]) == 8
    ranking = client.get(f"/api/v1/indicators/{ranked.pk}/ranking", {"period": "2023-06"}).json()
    assert ranking[1]["streak"] == "连续4个月全省前2位"
    response = client.post("/api/v1/observations", {
        "indicator_code": "FAI", "region_code": "210400", "period": "2023年1-7月",
        "cumulative": "55"}, content_type="application/json")
    assert response.status_code == 201 and response.json()["value"] == "15.0000"
    bad = client.post("/api/v1/observations", {"indicator_code": "FAI", "region_code": "210400",
                                               "period": "2023-01", "value": "1"},
                      content_type="application/json")
    assert bad.status_code == 400 and "1-2月合并" in bad.json()["message"]
    client = _api(reporter)
    denied = client.post("/api/v1/observations", {"indicator_code": "FAI", "region_code": "210400",
                                                  "period": "2023-08", "value": "1"},
                         content_type="application/json")
    assert denied.status_code == 403


def test_observation_list_opens_on_the_latest_month(client, ranked, hq_user):
    client.force_login(hq_user)
    latest = client.get(reverse("observations")).context["page"].paginator.count
    everything = client.get(reverse("observations"), {"period": "all"}).context["page"]
    assert latest == 4 and everything.paginator.count == 16
