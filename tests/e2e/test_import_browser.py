"""Real-browser walk: HQ uploads a units file with mistakes, reads the row-by-row errors,
uploads the corrected file, and finds the new units in the list."""

from openpyxl import Workbook
from playwright.sync_api import Page, expect

from luoshi.orgs.models import Unit
from tests.e2e.test_orgs_browser import sign_in

HEADER = ["单位编码", "单位名称", "简称", "类型", "区划代码", "上级单位编码", "排序", "状态"]


def workbook(path, rows) -> str:
    book = Workbook()
    book.active.append(HEADER)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return str(path)


def test_hq_fixes_a_bad_file_and_imports_it(page: Page, live_url, org, hq_user, tmp_path):
    bad = workbook(tmp_path / "bad.xlsx", [
        ["FS-TJJ", "抚顺市统计局", "市统计局", "政府部门", "210400", "FS-LDXZ", 10, "启用"],
        ["FS-ZJJ", "抚顺市住建局", "", "衙门", "210400", "FS-LDXZ", 11, "启用"],
        ["FS-YSJ", "抚顺市营商局", "", "政府部门", "2104", "FS-LDXZ", 12, "启用"],
    ])
    sign_in(page, live_url, "hq")
    page.locator("nav").get_by_role("link", name="单位", exact=True).click()
    page.locator("main").get_by_role("link", name="导入", exact=True).click()
    page.get_by_label("Excel 文件（.xlsx）").set_input_files(bad)
    page.get_by_role("button", name="上传并导入").click()
    errors = page.locator("table.import-errors tbody tr")
    expect(errors).to_have_count(2)
    expect(errors.nth(0)).to_contain_text("3")
    expect(errors.nth(0)).to_contain_text("类型")
    expect(errors.nth(1)).to_contain_text("区划代码")
    expect(page.get_by_text("未写入任何数据")).to_be_visible()
    assert not Unit.objects.filter(code="FS-TJJ").exists()

    good = workbook(tmp_path / "good.xlsx", [
        ["FS-TJJ", "抚顺市统计局", "市统计局", "政府部门", "210400", "FS-LDXZ", 10, "启用"],
        ["FS-ZJJ", "抚顺市住建局", "", "政府部门", "210400", "FS-LDXZ", 11, "启用"],
        ["FS-YSJ", "抚顺市营商局", "", "政府部门", "210400", "FS-LDXZ", 12, "启用"],
    ])
    page.get_by_label("Excel 文件（.xlsx）").set_input_files(good)
    page.get_by_role("button", name="上传并导入").click()
    expect(page.get_by_text("新增 3 条")).to_be_visible()
    page.locator("nav").get_by_role("link", name="单位", exact=True).click()
    expect(page.locator("#results")).to_contain_text("抚顺市营商局")
