"""Real-browser walk of projects: HQ imports a project file with one bad row (reads the
message, nothing is written), fixes it and imports; a 包保 helper records a blocker on the
project page; the responsible unit's reporter resolves it on the blocker board."""

from openpyxl import Workbook
from playwright.sync_api import Page, expect

from luoshi.core.permissions import SYSTEM
from luoshi.orgs import services as org_services
from luoshi.orgs.models import User
from luoshi.projects import services
from luoshi.projects.models import Blocker, BlockerStatus, Project
from tests.e2e.test_orgs_browser import sign_in

HEADER = ["项目编号", "项目名称", "区划代码", "牵头单位编码", "行业门类", "项目类型", "总投资（万元）", "项目阶段",
          "阶段日期", "所属清单"]


def workbook(path, rows) -> str:
    book = Workbook()
    book.active.append(HEADER)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return str(path)


def test_import_then_helper_raises_and_unit_resolves(page: Page, live_url, org, hq_user, other_reporter,
                                                     make_user, tmp_path):
    official = org_services.create_official(actor=SYSTEM, data=org_services.OfficialData(
        name="王建国", post="副市长", unit_code="FS-LDXZ"))
    helper = make_user("helper", "reporter", "root")
    User.objects.filter(pk=helper.pk).update(official=official)

    bad = workbook(tmp_path / "bad.xlsx", [
        ["FS-001", "江苏三木集团65万吨苯酚丙酮产业链项目", "210400", "FS-FGW", "C", "工业项目", "86.8亿元", "开工",
         "2023-06-28", "2023年省重大项目"],
        ["FS-002", "清原抽水蓄能电站", "210423", "FS-QY", "电力", "基础设施", 1090000, "在建", "2020-04-16", ""],
    ])
    sign_in(page, live_url, "hq")
    page.locator("nav").get_by_role("link", name="项目", exact=True).click()
    page.get_by_role("link", name="导入项目").click()
    page.get_by_label("Excel 文件（.xlsx）").set_input_files(bad)
    page.get_by_role("button", name="上传并导入").click()
    errors = page.locator("table.import-errors tbody tr")
    expect(errors).to_have_count(1)
    expect(errors.nth(0)).to_contain_text("3")
    expect(errors.nth(0)).to_contain_text("行业门类")
    expect(page.get_by_text("未写入任何数据")).to_be_visible()
    assert not Project.objects.exists()

    good = workbook(tmp_path / "good.xlsx", [
        ["FS-001", "江苏三木集团65万吨苯酚丙酮产业链项目", "210400", "FS-FGW", "C", "工业项目", "86.8亿元", "开工",
         "2023-06-28", "2023年省重大项目"],
        ["FS-002", "清原抽水蓄能电站", "210423", "FS-QY", "D", "基础设施", 1090000, "在建", "2020-04-16", ""],
    ])
    page.get_by_label("Excel 文件（.xlsx）").set_input_files(good)
    page.get_by_role("button", name="上传并导入").click()
    expect(page.locator(".result")).to_contain_text("新增 2 条")
    project = Project.objects.get(code="FS-001")
    assert project.total_investment == 868000 and project.lists.get().name == "省重大项目"
    services.assign_helper(actor=SYSTEM, project=project, official=official)

    page.context.clear_cookies()
    sign_in(page, live_url, "helper")
    page.goto(f"{live_url}/projects/{project.pk}/")
    page.get_by_text("登记难题", exact=True).first.click()
    page.get_by_label("问题").fill("施工用电增容接入未落实")
    page.get_by_label("责任单位").select_option(label="抚顺市工信局")
    page.get_by_label("发现日期").fill("2023-07-03")
    page.get_by_label("解决时限").fill("2023-07-31")
    page.get_by_role("button", name="登记难题").click()
    expect(page.get_by_text("已登记项目难题")).to_be_visible()
    expect(page.locator("table.blockers")).to_contain_text("已逾期")

    page.context.clear_cookies()
    sign_in(page, live_url, "reporter_gxj")
    page.locator("nav").get_by_role("link", name="项目难题").click()
    row = page.locator("table.blockers tbody tr", has_text="施工用电增容接入未落实")
    row.get_by_label("解决情况").fill("已新建10千伏线路，完成增容")
    row.get_by_role("button", name="办结").click()
    expect(page.get_by_text("已办结难题")).to_be_visible()
    blocker = Blocker.objects.get()
    assert blocker.status == BlockerStatus.RESOLVED and blocker.resolved_by_id == other_reporter.pk
