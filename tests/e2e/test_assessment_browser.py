"""Real-browser walk of the assessment: the supervision office computes the quarter, adjusts
one unit's score with a reason, and sees the ranking change."""

from playwright.sync_api import Page, expect

from tests.assessment.conftest import enter, office, scheme  # noqa: F401  (fixtures)
from tests.e2e.test_orgs_browser import sign_in


def test_office_computes_adjusts_and_sees_the_ranking_change(page: Page, live_url, org, scheme,  # noqa: F811
                                                             office):  # noqa: F811
    enter(scheme, scheme["work"], org["fgw"], 80)
    enter(scheme, scheme["work"], org["gxj"], 90)
    enter(scheme, scheme["county_work"], org["qingyuan"], 70)

    # The office computes the second quarter
    sign_in(page, live_url, "duchashi")
    page.get_by_role("link", name="实绩考核").click()
    page.get_by_role("link", name="抚顺市2023年度实绩考核方案").click()
    page.get_by_label("考核期").select_option(label="2023年二季度")
    page.get_by_role("button", name="计算得分和排名").click()
    expect(page.get_by_text("已计算 2023-Q2：3 个单位")).to_be_visible()
    rows = page.locator("table.ranking tbody tr")
    expect(rows.first).to_contain_text("抚顺市工信局")
    expect(rows.nth(1)).to_contain_text("抚顺市发改委")

    # It adds points to 发改委 with a reason on the unit's breakdown
    page.get_by_role("link", name="抚顺市发改委").click()
    expect(page.get_by_text("第 2 名 / 共 2 个单位")).to_be_visible()
    page.get_by_label("考核指标").first.select_option(label="重点工作完成情况（60分）")
    page.get_by_label("调整分值").fill("7")
    page.get_by_label("调整理由").fill("项目建设工作获省政府通报表扬")
    page.get_by_role("button", name="调整", exact=True).click()
    expect(page.get_by_text("已调整分值，排名已重新计算")).to_be_visible()
    expect(page.get_by_text("项目建设工作获省政府通报表扬")).to_be_visible()
    expect(page.get_by_text("第 1 名 / 共 2 个单位")).to_be_visible()

    # And the ranking has changed: 发改委 first with 55.00, 工信局 second
    page.get_by_role("link", name="返回排名").click()
    expect(rows.first).to_contain_text("抚顺市发改委")
    expect(rows.first).to_contain_text("55.00")
    expect(rows.nth(1)).to_contain_text("抚顺市工信局")
