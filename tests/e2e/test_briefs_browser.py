"""Real-browser walk of a brief: HQ staff generate the half-year review, follow a figure to
its rows, rewrite a section in place, issue it and download the Word file; a city leader
then writes an instruction on it."""

import datetime as dt
import io

from docx import Document
from playwright.sync_api import Page, expect

from luoshi.briefs.defaults import install_default_templates
from luoshi.briefs.models import Brief, SectionTemplate
from luoshi.progress.status import recompute_plan
from tests.e2e.test_orgs_browser import sign_in
from tests.e2e.test_report_workflow_browser import sign_out


def test_hq_generates_edits_issues_and_downloads_a_brief(page: Page, live_url, plan_tree, hq_user,
                                                         city_leader):
    install_default_templates(SectionTemplate)  # the transactional test flushed the migration's
    recompute_plan(plan_tree["plan"], "2023-06", as_of=dt.date(2023, 7, 10))

    sign_in(page, live_url, "hq")
    page.get_by_role("link", name="简报", exact=True).click()
    page.get_by_role("link", name="生成简报").click()
    page.get_by_label("报告期").fill("2023-06")
    page.get_by_role("button", name="生成").click()
    expect(page.get_by_text("已生成简报草稿")).to_be_visible()
    expect(page.locator("h1.brief-title")).to_have_text("抚顺市2023年上半年经济运行和全面振兴新突破工作综述")

    # A figure leads to the rows it was counted from
    page.locator("a.figure").nth(1).click()
    expect(page.get_by_role("cell", name="1.扩大有效投资")).to_be_visible()
    page.go_back()

    # Rewrite the section in place (htmx) and keep a figure in the text
    page.get_by_role("button", name="修改文字").click()
    body = page.get_by_label("正文")
    body.fill(body.input_value() + "\n各牵头单位要对照目标倒排工期。")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("各牵头单位要对照目标倒排工期。")).to_be_visible()

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="签发").click()
    expect(page.get_by_text("已签发 第1期")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="下载 Word").click()
    document = Document(io.BytesIO(open(download.value.path(), "rb").read()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "各牵头单位要对照目标倒排工期。" in text and "第1期" in text
    sign_out(page)

    sign_in(page, live_url, "cityleader")
    page.get_by_role("link", name="简报", exact=True).click()
    page.get_by_role("link", name=Brief.objects.get().title).click()
    page.get_by_label("批示内容").fill("红灯任务要逐项销号，下月简报报告进展。")
    page.get_by_role("button", name="作出批示").click()
    expect(page.get_by_text("批示已记录")).to_be_visible()
    expect(page.locator(".instruction")).to_contain_text("红灯任务要逐项销号")
