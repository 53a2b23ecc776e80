"""Real-browser walk of the leader's cockpit: a provincial leader opens it, sees the cities
compared, drills down to Fushun and one of its counties, changes the month, and comes back
up by the breadcrumbs; a city leader's cockpit stops at the city."""

import re

from playwright.sync_api import Page, expect

from tests.cockpit.fixtures import figures, indicators, province_leader  # noqa: F401 (fixtures)
from tests.e2e.test_orgs_browser import sign_in


def heading(page: Page):
    return page.locator(".cockpit h1")


def test_leader_opens_the_cockpit_and_drills_down(page: Page, live_url, figures,  # noqa: F811
                                                  province_leader):  # noqa: F811
    sign_in(page, live_url, "provinceleader")
    page.get_by_role("link", name="驾驶舱").click()
    expect(heading(page)).to_contain_text("辽宁省")
    expect(heading(page)).to_contain_text("2023年6月")
    cities = page.locator("#panel-subregions")
    expect(cities).to_contain_text("各市主要指标")
    fushun_row = cities.locator("tr[data-region='210400']")
    expect(fushun_row).to_contain_text("81.8")
    expect(fushun_row).to_contain_text("第2位")

    # Province → city, from the row of the cities' table
    fushun_row.get_by_role("link", name="抚顺市").click()
    expect(heading(page)).to_contain_text("抚顺市")
    card = page.locator(".kpi[data-indicator='FAI']")
    expect(card).to_contain_text("81.8")
    expect(card).to_contain_text("同比增长22.3%")
    expect(card).to_contain_text("全省第2位")
    expect(card).to_contain_text("连续4个月全省前2位")
    expect(card).to_contain_text("快于时间进度1.1个百分点")
    expect(card.locator(".spark svg")).to_be_visible()  # the ECharts sparkline is drawn
    expect(page.locator("#panel-subregions")).to_contain_text("清原满族自治县")

    # City → county, from the chips under the heading
    page.locator("nav.drill").get_by_role("link", name="清原满族自治县").click()
    expect(heading(page)).to_contain_text("清原满族自治县")
    county = page.locator(".kpi[data-indicator='FAI']")
    expect(county).to_contain_text("5.6")
    expect(county).to_contain_text("全市第1位")

    # Another month: 1-2月 is one release
    page.get_by_label("月份").select_option(label="2023年1-2月")
    expect(heading(page)).to_contain_text("2023年1-2月")
    expect(page.locator(".kpi[data-indicator='FAI']")).to_have_count(0)  # no county figure then
    expect(page.locator(".cockpit-empty")).to_be_visible()  # and nothing else to show

    # Back up by the breadcrumbs, keeping the month
    page.locator("nav.crumbs").get_by_role("link", name="抚顺市").click()
    expect(heading(page)).to_contain_text("抚顺市")
    expect(heading(page)).to_contain_text("2023年1-2月")
    expect(page.locator(".kpi[data-indicator='FAI']")).to_contain_text("12.1")
    expect(page.locator(".kpi[data-indicator='FAI']")).to_contain_text("全省第3位")
    page.locator("nav.crumbs").get_by_role("link", name="辽宁省").click()
    expect(heading(page)).to_contain_text("辽宁省")


def test_city_leader_cockpit_starts_at_the_city(page: Page, live_url, figures,  # noqa: F811
                                                city_leader):
    sign_in(page, live_url, "cityleader")
    page.get_by_role("link", name="驾驶舱").click()
    expect(heading(page)).to_contain_text("抚顺市")
    expect(page.locator("nav.crumbs")).not_to_contain_text("辽宁省")
    expect(page.locator(".kpi[data-indicator='FAI']")).to_contain_text("全省第2位")
    response = page.goto(f"{live_url}/cockpit/?region=210800")
    assert response.status == 404
    expect(page.get_by_text(re.compile("不在您的数据范围内"))).to_be_visible()
