"""Real-browser walk of an enterprise appeal: the enterprise raises it on its own page, HQ
assigns it to 市发改委, the unit's reporter answers it from its inbox, the enterprise sees
the answer and rates it; another enterprise never sees it."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.test_orgs_browser import sign_in
from tests.service.conftest import enterprise_login, make_enterprise


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="退出").click()


def test_an_appeal_goes_from_the_enterprise_to_hq_to_the_unit_and_back(page: Page, live_url, org, hq_user,
                                                                        reporter):
    mine = make_enterprise("抚顺石化机械有限公司", "210411", 1)
    other = make_enterprise("清原食品有限公司", "210423", 2)
    enterprise_login(mine, "qiye_a")
    enterprise_login(other, "qiye_b")

    # The enterprise raises an appeal on its own page
    sign_in(page, live_url, "qiye_a")
    page.get_by_role("link", name="我的诉求").click()
    expect(page.get_by_role("heading", name="抚顺石化机械有限公司")).to_be_visible()
    page.get_by_label("诉求类别").select_option(label="融资")
    page.get_by_label("诉求事项").fill("流动资金贷款3000万元")
    page.get_by_label("诉求内容").fill("订单增长，需流动资金3000万元，申请对接合作银行")
    page.get_by_role("button", name="提交诉求").click()
    expect(page.get_by_text(re.compile("诉求已提交，编号 SQ"))).to_be_visible()
    row = page.locator("#results tr", has_text="流动资金贷款3000万元")
    expect(row).to_contain_text("已受理")
    sign_out(page)

    # HQ finds it among the appeals waiting to be assigned and assigns it
    sign_in(page, live_url, "hq")
    page.get_by_role("link", name="企业诉求").click()
    page.locator("select[name=status]").select_option(label="已受理")
    expect(page).to_have_url(re.compile("status=received"))  # the list reloaded with the filter
    page.locator("#results tr", has_text="流动资金贷款3000万元").get_by_role("link", name=re.compile("^SQ")).click()
    expect(page.get_by_role("heading", name=re.compile("流动资金贷款3000万元"))).to_be_visible()
    page.get_by_label("承办单位").select_option(label="抚顺市发改委")
    page.get_by_label("交办说明或改派原因").fill("请对接合作银行")
    page.get_by_role("button", name="交办").click()
    expect(page.get_by_text("已交办", exact=True).first).to_be_visible()
    sign_out(page)

    # The unit's reporter answers it from the inbox
    sign_in(page, live_url, "reporter")
    page.get_by_role("link", name="待办诉求").click()
    page.locator("#results tr", has_text="流动资金贷款3000万元").get_by_role("link", name="办理").click()
    page.get_by_label("答复意见").fill("已推荐至抚顺银行，授信审批已完成，贷款5个工作日内发放")
    page.get_by_role("button", name="提交答复").click()
    expect(page.get_by_text("已答复，等待企业评价和指挥部办结")).to_be_visible()
    sign_out(page)

    # The enterprise sees the answer and rates it
    sign_in(page, live_url, "qiye_a")
    page.get_by_role("link", name="我的诉求").click()
    row = page.locator("#results tr", has_text="流动资金贷款3000万元")
    expect(row).to_contain_text("已答复")
    row.get_by_role("link", name="去评价").click()
    expect(page.locator(".appeal-response")).to_contain_text("授信审批已完成")
    page.get_by_label("满意", exact=True).check()
    page.get_by_role("button", name="提交评价").click()
    expect(page.get_by_text("感谢您的评价")).to_be_visible()
    page.get_by_role("link", name="我的诉求").click()
    expect(page.locator("#results tr", has_text="流动资金贷款3000万元")).to_contain_text("满意")
    sign_out(page)

    # Another enterprise sees none of it
    sign_in(page, live_url, "qiye_b")
    page.get_by_role("link", name="我的诉求").click()
    expect(page.locator("#results")).to_contain_text("还没有提出过诉求")
    expect(page.locator("#results")).not_to_contain_text("流动资金贷款")
