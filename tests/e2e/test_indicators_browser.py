"""Real-browser walk: HQ uploads the statistics bureau's table (first with a mistake, then
corrected) and reads the ranking of the province's cities, with the derived streak and the
city's chart."""

from decimal import Decimal

from openpyxl import Workbook
from playwright.sync_api import Page, expect

from luoshi.core.permissions import SYSTEM
from luoshi.indicators import services
from luoshi.indicators.models import Observation
from tests.e2e.test_orgs_browser import sign_in


def bureau_table(path, rows) -> str:
    book = Workbook()
    sheet = book.active
    sheet.append(["2023年1-6月全省各市主要经济指标"])
    sheet.append(["地区", "固定资产投资（亿元）", None, None])
    sheet.append([None, "本月", "累计", "同比(%)"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return str(path)


def test_hq_imports_the_bureaus_table_and_reads_the_ranking(page: Page, live_url, org, hq_user,
                                                            tmp_path):
    fai = services.save_indicator(actor=SYSTEM, code="FAI", name="固定资产投资", unit="亿元")
    # March to May already in: Fushun 1st, 2nd, 2nd.
    growth = {"210100": [10, 21, 19], "210200": [9, 15, 22], "210400": [18, 20, 21]}
    services.apply_entries([
        services.Entry(fai, code, 2023, 3 + i, {"cumulative": Decimal(10 * (i + 1)),
                                                "yoy_reported": Decimal(g)})
        for code, values in growth.items() for i, g in enumerate(values)], actor=SYSTEM)

    sign_in(page, live_url, "hq")
    page.locator("nav").get_by_role("link", name="导入指标数据").click()
    bad = bureau_table(tmp_path / "bad.xlsx", [["抚顺市", 15.2, 81.8, 22.3],
                                               ["沈阳市", "十二", 300, 23.0]])
    page.get_by_label("Excel 文件（.xlsx）").set_input_files(bad)
    page.get_by_role("button", name="上传并导入").click()
    errors = page.locator("table.import-errors tbody tr")
    expect(errors).to_have_count(1)
    expect(errors.first).to_contain_text("不是数字")
    expect(page.get_by_text("未写入任何数据")).to_be_visible()
    assert not Observation.objects.filter(month=6).exists()

    good = bureau_table(tmp_path / "good.xlsx", [["抚顺市", 15.2, 81.8, 22.3],
                                                 ["沈阳市", 40, 300, 23.0],
                                                 ["大连市", 35, 280, 21.9]])
    page.get_by_label("Excel 文件（.xlsx）").set_input_files(good)
    page.get_by_role("button", name="上传并导入").click()
    expect(page.locator("#import-result")).to_contain_text("新增 3 条")

    page.get_by_role("link", name="查看指标").click()
    page.get_by_role("link", name="固定资产投资").click()
    ranking = page.locator("#ranking tbody tr")
    expect(ranking.nth(0)).to_contain_text("沈阳市")
    expect(ranking.nth(1)).to_contain_text("抚顺市")
    expect(ranking.nth(1)).to_contain_text("连续4个月全省前2位")
    expect(page.locator("#series-chart canvas")).to_be_visible()
    ranking.nth(1).get_by_role("link", name="抚顺市").click()
    expect(page.locator("h2").last).to_contain_text("抚顺市走势")
