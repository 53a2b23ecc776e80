"""Real-browser walk of a supervision order: the office turns a warning into an order, the
unit responds with a file, the office closes it (销号) and the order shows as closed."""

import datetime as dt

from playwright.sync_api import Page, expect

from luoshi.progress.status import recompute_plan
from luoshi.supervision.evaluation import run_warnings
from luoshi.supervision.models import OrderStatus, SupervisionOrder
from tests.e2e.test_orgs_browser import sign_in


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="退出").click()


def test_office_turns_a_warning_into_an_order_the_unit_responds_the_office_closes(
        page: Page, live_url, plan_tree, reporter, make_user, tmp_path):
    make_user("duchashi", "supervision", "hq")
    recompute_plan(plan_tree["plan"], "2023-10", as_of=dt.date(2023, 11, 10))
    run_warnings("2023-10", as_of=dt.date(2023, 11, 10))

    # The office picks the overdue milestone of 市发改委 and issues an order
    sign_in(page, live_url, "duchashi")
    page.get_by_role("link", name="预警").click()
    page.get_by_label("预警规则").select_option(label="节点目标逾期未完成")
    expect(page.locator("#results tbody tr")).to_have_count(1)  # the htmx filter applied
    row = page.locator("#results tbody tr")
    expect(row).to_contain_text("20个项目列入省重大项目清单")
    expect(row).to_contain_text("已逾期41天")
    row.get_by_role("checkbox").check()
    page.get_by_role("button", name="生成督办单").click()
    expect(page.get_by_label("督办内容")).to_contain_text("已逾期41天")
    page.get_by_label("办理时限").fill("2030-06-30")
    page.get_by_role("button", name="签发").click()
    expect(page.get_by_text("已签发督办单 抚督〔")).to_be_visible()
    number = SupervisionOrder.objects.get().number
    sign_out(page)

    # The unit finds it, answers with the result and a file
    sign_in(page, live_url, "reporter")
    page.get_by_role("link", name="督办单").click()
    page.get_by_role("link", name=number).click()
    page.get_by_label("办理结果").check()
    page.get_by_label("反馈内容").fill("20个项目已全部列入省重大项目清单，附清单。")
    evidence = tmp_path / "清单.pdf"
    evidence.write_bytes(b"%PDF-1.4 e2e")
    page.get_by_label("佐证材料").set_input_files(str(evidence))
    page.get_by_role("button", name="提交反馈").click()
    expect(page.get_by_text("已反馈", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="清单.pdf")).to_be_visible()
    sign_out(page)

    # The office closes it
    sign_in(page, live_url, "duchashi")
    page.get_by_role("link", name="督办单").click()
    page.locator("tr", has_text=number).get_by_role("link", name=number).click()
    page.get_by_label("销号意见").fill("已办结，同意销号")
    page.get_by_role("button", name="销号").click()
    expect(page.get_by_text("已销号", exact=True).first).to_be_visible()
    assert SupervisionOrder.objects.get().status == OrderStatus.CLOSED
    page.get_by_role("link", name="督办单").first.click()
    expect(page.locator("tr", has_text=number)).to_contain_text("已销号")
