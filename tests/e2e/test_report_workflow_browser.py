"""Real-browser walk of the monthly report: the reporter fills and submits, the unit leader
approves, HQ accepts it (the light on the tree turns green) and returns another with a
reason, which the reporter then sees in the inbox."""

from playwright.sync_api import Page, expect

from luoshi.core.permissions import SYSTEM
from luoshi.plans import services as plan_services
from luoshi.progress import services
from luoshi.progress.status import recompute_plan
from tests.e2e.test_orgs_browser import sign_in


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="退出").click()


def test_report_goes_from_reporter_to_leader_to_hq(page: Page, live_url, plan_tree, reporter,
                                                   unit_leader, hq_user):
    plan = plan_tree["plan"]
    second = plan_services.create_node(actor=SYSTEM, plan=plan, parent=plan_tree["area"],
                                       data=plan_services.NodeData(kind="task", title="推进项目开工",
                                                                   lead_unit_code="FS-FGW"))
    waiting = services.open_report(actor=reporter, node=second, period="2023-06")
    services.save_report(actor=reporter, report=waiting, data=services.ReportData(progress="开工8个"))
    services.submit_report(actor=reporter, report=waiting)
    services.approve_report(actor=unit_leader, report=waiting)
    recompute_plan(plan, "2023-06")
    tree_url = f"{live_url}/plans/{plan.pk}/?period=2023-06"

    # The reporter fills in the task's June report and submits it
    sign_in(page, live_url, "reporter")
    page.get_by_role("link", name="我的填报").click()
    page.locator("input[name=period]").fill("2023-06")
    page.get_by_role("button", name="查询").click()
    row = page.locator("tr", has_text="扩大有效投资")
    row.get_by_role("button", name="填报").click()
    page.get_by_label("进展情况").fill("上半年完成固定资产投资81.8亿元，20个项目列入省重大项目清单。")
    page.get_by_label("固定资产投资（亿元）").fill("81.8")
    page.get_by_role("button", name="报送").click()
    expect(page.get_by_text("已报送，等待单位领导审核")).to_be_visible()
    page.goto(tree_url)
    light_before = page.locator("tr.depth-2", has_text="扩大有效投资").get_attribute("data-light")
    sign_out(page)

    # The unit leader approves it
    sign_in(page, live_url, "leader")
    page.get_by_role("link", name="待审核报告").click()
    page.locator("tr", has_text="扩大有效投资").get_by_role("link", name="审核").click()
    page.get_by_role("button", name="审核通过").click()
    expect(page.get_by_text("已审核通过，报指挥部")).to_be_visible()
    sign_out(page)

    # HQ accepts it and returns the other one with a reason
    sign_in(page, live_url, "hq")
    page.get_by_role("link", name="指挥部审核").click()
    page.locator("tr", has_text="扩大有效投资").get_by_role("link", name="审核").click()
    page.get_by_role("button", name="采纳").click()
    expect(page.get_by_text("已采纳，状态灯已重新计算")).to_be_visible()
    page.get_by_role("link", name="指挥部审核").click()
    page.locator("tr", has_text="推进项目开工").get_by_role("link", name="审核").click()
    page.get_by_label("退回原因").fill("请补充开工项目清单")
    page.get_by_role("button", name="退回").click()
    expect(page.get_by_text("已退回：请补充开工项目清单")).to_be_visible()
    page.goto(tree_url)
    after = page.locator("tr.depth-2", has_text="扩大有效投资")
    expect(after).to_have_attribute("data-light", "green")
    assert light_before != "green"
    sign_out(page)

    # The reporter sees the returned report and its reason
    sign_in(page, live_url, "reporter")
    page.goto(f"{live_url}/reports/inbox/?period=2023-06")
    expect(page.locator("tr", has_text="推进项目开工")).to_contain_text("请补充开工项目清单")
    expect(page.locator("tr", has_text="推进项目开工")).to_contain_text("已退回")
