"""Real-browser walks: a reporter sees only its own unit and switches to English; the audit
administrator finds an entry; a new user is forced to change the initial password."""

import re

from playwright.sync_api import Page, expect

from luoshi.core.audit import audit_source
from luoshi.core.permissions import SYSTEM
from luoshi.orgs import services
from tests.conftest import PASSWORD


def sign_in(page: Page, live_url: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{live_url}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def test_reporter_sees_only_its_unit_and_switches_to_english(page: Page, live_url, org, reporter):
    sign_in(page, live_url, "reporter")
    expect(page.get_by_role("heading", name=re.compile("您好"))).to_be_visible()
    page.get_by_role("link", name="单位", exact=True).click()
    results = page.locator("#results")
    expect(results).to_contain_text("抚顺市发改委")
    expect(results).not_to_contain_text("抚顺市工信局")
    expect(results).to_contain_text("共 1 条")
    # Searching for another unit's name finds nothing
    page.get_by_placeholder("名称、简称或编码").fill("工信")
    expect(results).to_contain_text("没有符合条件的单位")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("link", name="Units", exact=True)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_audit_admin_finds_an_entry(page: Page, live_url, org, hq_user, auditadmin):
    with audit_source("10.9.8.7"):
        services.create_unit(actor=hq_user, data=services.UnitData(
            code="FS-TJJ", name="抚顺市统计局", kind="gov_dept", region_code="210400",
            parent_code="FS-LDXZ"))
    sign_in(page, live_url, "auditadmin")
    nav = page.locator("nav")
    expect(nav.get_by_role("link", name="单位", exact=True)).to_have_count(0)
    nav.get_by_role("link", name="审计日志").click()
    page.get_by_placeholder("操作人、对象、编号或地址").fill("统计局")
    page.get_by_role("button", name="查询").click()
    row = page.locator("#results tbody tr").first
    expect(row).to_contain_text("抚顺市统计局")
    expect(row).to_contain_text("hq")
    expect(row).to_contain_text("10.9.8.7")
    expect(page.locator("#results")).to_contain_text("共 1 条")


def test_new_user_must_change_the_initial_password(page: Page, live_url, sysadmin):
    from luoshi.orgs import accounts
    accounts.create_user(actor=SYSTEM, password="Start@2023",
                         data=accounts.UserData(username="fresh", full_name="新同志"))
    sign_in(page, live_url, "fresh", "Start@2023")
    expect(page).to_have_url(re.compile("/password/$"))
    page.get_by_label("原密码").fill("Start@2023")
    page.get_by_label("新密码", exact=True).fill("weakpass")
    page.get_by_label("再次输入新密码").fill("weakpass")
    page.get_by_role("button", name="保存新密码").click()
    expect(page.locator(".error").first).to_contain_text("至少三类")
    page.get_by_label("原密码").fill("Start@2023")
    page.get_by_label("新密码", exact=True).fill("Better#2024")
    page.get_by_label("再次输入新密码").fill("Better#2024")
    page.get_by_role("button", name="保存新密码").click()
    expect(page.get_by_text("密码已修改")).to_be_visible()
