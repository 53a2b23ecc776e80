"""The cockpit page and its panels: what a leader sees, the drill-down, the data scope, and
pinned query counts."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from luoshi.cockpit.panels import Panel, register, unregister


def panel_html(client, key, region, period="2023-06"):
    response = client.get(reverse("cockpit_panel", args=[key]), {"region": region, "period": period})
    assert response.status_code == 200, response.content.decode()[:500]
    return response.content.decode()


def text(html: str) -> str:
    """The visible words of a fragment, tags and spacing removed."""
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html))


def test_city_leader_opens_own_city_on_the_latest_month(client, city_leader, figures):
    client.force_login(city_leader)
    page = client.get(reverse("cockpit")).content.decode()
    assert "抚顺市" in page and "2023年6月" in page
    assert 'data-period="2023-06"' in page
    # Its counties to drill into; the province is above its scope, so no crumb leads there.
    assert "清原满族自治县" in page and 'data-region="210423"' in page
    assert 'data-region="210000"' not in page
    for key in ("indicators", "subregions", "plans"):
        assert f'id="panel-{key}"' in page


def test_key_indicators_show_value_growth_target_rank_and_streak(client, city_leader, figures):
    client.force_login(city_leader)
    html = panel_html(client, "indicators", "210400")
    words = text(html)
    assert "固定资产投资" in words and "81.8亿元" in words
    assert "同比增长22.3%" in words and "（可比口径）" in words
    # reported 22.3 wins; 81.8 / 66.9 gives 22.27, shown beside it as unofficial
    assert "按公布数测算22.27%" in words
    assert "全省第2位" in words and "连续4个月全省前2位" in words
    assert "/indicators/" in html and "parent=210000&amp;region=210400" in html
    assert "年度目标160亿元" in words and "完成51.1%" in words and "快于时间进度1.1个百分点" in words
    assert "目标增长20%，已达到" in words
    assert "旅游总收入" in words and "增长39.4%" in words
    assert "社会消费品零售总额" not in words  # not a key indicator
    assert 'class="spark"' in html and "1-2月" in html


def test_a_county_ranks_among_its_citys_counties(client, city_leader, figures):
    client.force_login(city_leader)
    words = text(panel_html(client, "indicators", "210423"))
    assert "5.6亿元" in words and "同比增长15.2%" in words and "全市第1位" in words
    assert "旅游总收入" in words  # listed as not yet released for the county


def test_city_panel_compares_its_counties_and_links_to_them(client, city_leader, figures):
    client.force_login(city_leader)
    html = panel_html(client, "subregions", "210400")
    assert "各县（市、区）主要指标" in html
    row = re.search(r'<tr data-region="210421">.*?</tr>', html, re.S).group()
    assert "下降2.5%" in row and "第2位" in row and "region=210421" in row


def test_province_leader_sees_cities_ranked_and_drills_down(client, province_leader, figures):
    client.force_login(province_leader)
    page = client.get(reverse("cockpit")).content.decode()
    assert "辽宁省" in page and 'data-period="2023-06"' in page and 'data-region="210400"' in page
    html = panel_html(client, "subregions", "210000")
    assert "各市主要指标" in html
    fushun = re.search(r'<tr data-region="210400">.*?</tr>', html, re.S).group()
    assert "81.8" in fushun and "第2位" in fushun
    # The province has no figures of its own: its key-indicator panel shows nothing.
    assert panel_html(client, "indicators", "210000") == ""
    page = client.get(reverse("cockpit"), {"region": "210423", "period": "2023-06"}).content.decode()
    assert re.search(r'<a href="[^"]*region=210000[^"]*" data-region="210000">辽宁省</a>', page)
    assert re.search(r'data-region="210400">抚顺市</a>', page)


def test_region_outside_the_scope_is_not_found(client, city_leader, figures):
    client.force_login(city_leader)
    for region in ("210000", "210800", "999999", "abc"):
        response = client.get(reverse("cockpit"), {"region": region})
        assert response.status_code == 404
        assert client.get(reverse("cockpit_panel", args=["indicators"]),
                          {"region": region, "period": "2023-06"}).status_code == 404


def test_only_cockpit_readers_get_in(client, reporter, hq_user, make_user, figures):
    client.force_login(reporter)
    assert client.get(reverse("cockpit")).status_code == 403
    assert client.get(reverse("cockpit_panel", args=["indicators"])).status_code == 403
    for user in (hq_user, make_user("dcs", "supervision", "hq")):
        client.force_login(user)
        assert client.get(reverse("cockpit")).status_code == 200


def test_months_with_jan_feb_combined(client, city_leader, figures):
    client.force_login(city_leader)
    page = client.get(reverse("cockpit"), {"period": "2023-01"}).content.decode()
    assert 'data-period="2023-01~02"' in page and "2023年1-2月" in page
    assert '<option value="2023-01~02" selected>2023年1-2月</option>' in page
    assert '<option value="2023-01"' not in page and '<option value="2023-02"' not in page
    march = client.get(reverse("cockpit"), {"period": "2023-03"}).content.decode()
    assert re.search(r'href="[^"]*period=2023-01~02" title="上一期"', march)
    words = text(panel_html(client, "indicators", "210400", "2023-01~02"))
    assert "12.1亿元" in words and "1-2月累计" in words and "全省第3位" in words


def test_a_bad_month_gets_a_clear_message(client, city_leader, figures):
    client.force_login(city_leader)
    response = client.get(reverse("cockpit"), {"period": "2023-Q2"})
    assert response.status_code == 400
    assert "驾驶舱按月查看" in response.content.decode()
    assert client.get(reverse("cockpit"), {"period": "六月份"}).status_code == 400


def test_a_month_without_figures_shows_no_indicator_panel(client, city_leader, figures):
    client.force_login(city_leader)
    assert panel_html(client, "indicators", "210400", "2021-06") == ""
    assert panel_html(client, "subregions", "210400", "2021-06") == ""


def test_cockpit_without_any_data_still_opens(client, city_leader):
    client.force_login(city_leader)
    response = client.get(reverse("cockpit"))
    assert response.status_code == 200
    assert panel_html(client, "indicators", "210400") == ""
    assert panel_html(client, "plans", "210400") == ""


def test_a_failing_panel_shows_a_note_and_the_others_still_load(client, city_leader, figures):
    def broken(view):
        raise RuntimeError("boom")

    register(Panel("broken", "坏掉的栏目", "cockpit/panels/plans.html", broken, order=99))
    try:
        client.force_login(city_leader)
        page = client.get(reverse("cockpit")).content.decode()
        assert 'id="panel-broken"' in page
        html = panel_html(client, "broken", "210400")
        assert "暂时无法显示" in html
        assert "81.8" in panel_html(client, "indicators", "210400")
    finally:
        unregister("broken")


def test_a_panel_whose_app_has_no_tables_is_not_offered(client, city_leader):
    register(Panel("ghost", "不存在的应用", "cockpit/panels/plans.html", lambda view: {},
                   models=("nosuchapp.Thing",)))
    try:
        client.force_login(city_leader)
        assert 'id="panel-ghost"' not in client.get(reverse("cockpit")).content.decode()
        assert client.get(reverse("cockpit_panel", args=["ghost"])).status_code == 404
    finally:
        unregister("ghost")


# --- pinned query counts -----------------------------------------------------------------


def _count(client, url, params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured.captured_queries)


def _more_data(org):
    """More indicators, cities, months, projects, leads and warnings: counts must not move."""
    import datetime as dt
    from decimal import Decimal

    from luoshi.attraction.models import Lead
    from luoshi.core.permissions import SYSTEM
    from luoshi.indicators import services
    from luoshi.projects.models import MonthlyInvestment, Project
    from luoshi.supervision.models import Warning

    entries = []
    for n in range(3):
        extra = services.save_indicator(actor=SYSTEM, code=f"X{n}", name=f"指标{n}", unit="万元",
                                        is_key=True, sort_order=10 + n)
        for code in ("210100", "210200", "210300", "210400", "210421", "210422"):
            for month in range(2, 7):
                entries.append(services.Entry(extra, code, 2023, month,
                                              {"cumulative": month * 1000 + n}))
    services.apply_entries(entries, actor=SYSTEM)
    for n in range(5):
        project = Project.objects.create(
            code=f"X-{n}", name=f"项目X{n}", region_id="210421", lead_unit=org["fgw"], industry="C",
            kind="industrial", total_investment=Decimal(1000), stage="building",
            stage_since=dt.date(2023, 1, 1))
        MonthlyInvestment.objects.create(project=project, year=2023, month=5,
                                         completed=Decimal(10), cumulative=Decimal(10))
        Lead.objects.create(title=f"线索{n}", investor="某公司", origin="abroad", industry="C",
                            intended_investment=Decimal(100), region_id="210421", unit=org["fgw"],
                            negotiating_on=dt.date(2023, 5, 1))
        Warning.objects.create(rule="report_missing", item_app="plans", item_model="plannode",
                               item_id=100 + n, item_title=f"任务X{n}", unit=org["fgw"],
                               region_id="210400", period="2023-06", severity="low", reason="未报送",
                               opened_on=dt.date(2023, 6, 1))


# Every request: session, user, roles, unit with region, the region (and its crumbs), and the
# session's save (3). The page adds the months with data (2) and the counties (1); each
# panel its own reads.
PAGE_QUERIES = 11
PANEL_QUERIES = {"indicators": 15, "subregions": 11, "plans": 10, "projects": 14,
                 "attraction": 10, "warnings": 11}


def test_query_counts_are_pinned(client, org, city_leader, figures, plan_with_lights, projects,
                                 leads, warnings):
    client.force_login(city_leader)
    params = {"region": "210400", "period": "2023-06"}
    counts = {"page": _count(client, reverse("cockpit"), {"region": "210400"})}
    for key in PANEL_QUERIES:
        counts[key] = _count(client, reverse("cockpit_panel", args=[key]), params)
    _more_data(org)
    assert _count(client, reverse("cockpit"), {"region": "210400"}) == counts["page"]
    for key in PANEL_QUERIES:
        assert _count(client, reverse("cockpit_panel", args=[key]), params) == counts[key], key
    assert counts == {"page": PAGE_QUERIES, **PANEL_QUERIES}


@pytest.fixture
def plan_with_lights(plan_tree):
    from luoshi.progress.status import recompute_plan

    recompute_plan(plan_tree["plan"], "2023-06")
    return plan_tree


def test_plan_panel_counts_lights_and_links_to_the_filtered_tree(client, city_leader, province_leader,
                                                                 plan_with_lights):
    from luoshi.progress.models import PlanStatus

    plan = plan_with_lights["plan"]
    counts = PlanStatus.objects.get(plan=plan, period="2023-06").counts["reported"]
    client.force_login(city_leader)
    html = panel_html(client, "plans", "210400")
    item = re.search(r'<li data-plan="\d+">.*?</li>', html, re.S).group()
    assert "抚顺全面振兴新突破三年行动方案" in item
    assert f"红 {counts['red']}" in item and f"绿 {counts['green']}" in item
    red_link = f'/plans/{plan.pk}/?period=2023-06&amp;light=red'
    assert red_link in item
    assert client.get(f"/plans/{plan.pk}/", {"period": "2023-06", "light": "red"}).status_code == 200
    # Seen from the province: the city's plan is summed on the city's row, which drills down.
    client.force_login(province_leader)
    html = panel_html(client, "plans", "210000")
    row = re.search(r'<tr data-region="210400">.*?</tr>', html, re.S).group()
    assert "region=210400" in row and f'<td class="red">{counts["red"]}</td>' in row
    assert 'data-region="210800"' not in html  # no plans there


def test_growth_published_without_an_amount_is_the_figure(client, city_leader, figures):
    from decimal import Decimal

    from luoshi.core.permissions import SYSTEM
    from luoshi.indicators import services

    iav = services.save_indicator(actor=SYSTEM, code="IAV", name="规模以上工业增加值", unit="亿元",
                                  is_key=True, real_growth=True, sort_order=5)
    services.apply_entries([services.Entry(iav, "210400", 2023, 6, {"yoy_reported": Decimal("7.2")})],
                           actor=SYSTEM)
    client.force_login(city_leader)
    card = re.search(r'<article class="kpi" data-indicator="IAV">.*?</article>',
                     panel_html(client, "indicators", "210400"), re.S).group()
    assert "6月累计增速" in text(card) and "7.2%" in text(card) and "—" not in card


def test_a_month_without_lights_says_so(client, city_leader, plan_with_lights):
    client.force_login(city_leader)
    html = panel_html(client, "plans", "210400", "2023-07")
    assert "本月状态灯尚未计算" in html and "light=red" not in html
