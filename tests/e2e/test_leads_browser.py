"""Real-browser walk of a lead: a unit's reporter records it, HQ moves it to 签约, and the
pipeline's 签约 count goes up by one; going back without a reason is refused on the page."""

from playwright.sync_api import Page, expect

from tests.e2e.test_orgs_browser import sign_in

PIPELINE = "/leads/pipeline/?year=2023&month=6"


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="退出").click()


def signed_count(page: Page) -> str:
    return page.locator('[data-stage="signed"] [data-total]').inner_text()


def test_reporter_records_a_lead_and_hq_signs_it(page: Page, live_url, org, reporter, hq_user):
    # The reporter of 市发改委 records a lead its unit follows
    sign_in(page, live_url, "reporter")
    page.get_by_role("link", name="招商线索").click()
    page.get_by_role("link", name="登记线索").click()
    page.get_by_label("项目名称").fill("锂电池正极材料项目")
    page.get_by_label("投资方", exact=True).fill("宁波某新能源科技有限公司")
    page.get_by_label("投资方来源").select_option(label="省外")
    page.get_by_label("投资方所在地").fill("浙江省宁波市")
    page.get_by_label("行业门类（GB/T 4754）").select_option("C")
    page.get_by_label("意向投资额（万元）").fill("120000")
    page.get_by_label("洽谈日期").fill("2023-03-01")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已登记招商线索")).to_be_visible()
    expect(page.locator("#lead-stage")).to_have_text("洽谈")
    lead_url = page.url
    sign_out(page)

    # HQ sees it in the pipeline of 2023 1-6月, not yet signed
    sign_in(page, live_url, "hq")
    page.goto(live_url + PIPELINE)
    before = int(signed_count(page))
    expect(page.locator('[data-stage="negotiating"] [data-total]')).to_have_text("1")

    # Going back needs a reason; signing does not
    page.goto(lead_url)
    page.get_by_label("转入阶段").select_option(label="签约")
    page.get_by_label("日期", exact=True).fill("2023-05-10")
    page.get_by_role("button", name="确认变更").click()
    expect(page.get_by_text("线索已转入“签约”阶段")).to_be_visible()
    page.get_by_label("转入阶段").select_option(label="洽谈")
    page.get_by_label("日期", exact=True).fill("2023-05-11")
    page.get_by_role("button", name="确认变更").click()
    expect(page.get_by_text("退回或恢复线索须写明原因")).to_be_visible()
    expect(page.locator("#lead-stage")).to_have_text("签约")
    expect(page.locator("#lead-timeline")).to_contain_text("洽谈 → 签约")

    # The pipeline counts it as signed
    page.goto(live_url + PIPELINE)
    assert int(signed_count(page)) == before + 1
    expect(page.locator("table.lead-groups").first).to_contain_text("抚顺市")
