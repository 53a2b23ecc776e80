"""Real-browser walk of reading a briefing: HQ staff upload seed 002, see its facts
highlighted, accept two of them into indicator observations and reject one."""

from decimal import Decimal
from pathlib import Path

from playwright.sync_api import Page, expect

from luoshi.core.permissions import SYSTEM
from luoshi.indicators import services as indicator_services
from luoshi.indicators.models import Observation
from luoshi.ingest.models import FactDecision
from tests.e2e.test_orgs_browser import sign_in

SEED_002 = Path(__file__).resolve().parents[1] / "data" / "ingest" / "seed002.txt"


def test_hq_extracts_facts_from_seed_002_and_accepts_two(page: Page, live_url, hq_user):
    for code, name, unit in (("FAI", "固定资产投资", "万元"), ("INFLOW", "域外引资到位额", "亿元")):
        indicator_services.save_indicator(actor=SYSTEM, code=code, name=name, unit=unit)

    sign_in(page, live_url, "hq")
    page.get_by_role("link", name="文本数据提取").click()
    page.get_by_label("标题").fill("全市上半年经济运行情况综述")
    page.locator("input[name=file]").set_input_files(str(SEED_002))
    page.get_by_role("button", name="提取数据").click()

    # The text is shown with its 14 facts highlighted
    expect(page.get_by_role("heading", name="全市上半年经济运行情况综述")).to_be_visible()
    expect(page.locator(".ingest-text .fact-mark")).to_have_count(14)
    expect(page.locator(".ingest-text .fact-mark.fact-open").first).to_have_text("22.3%")

    # 22.3%: the indicator, region, period and kind are suggested; HQ accepts them as they are
    growth = page.locator(".fact-card", has=page.locator(".fact-figure", has_text="22.3%"))
    expect(growth.locator("select[name=indicator] option:checked")).to_have_text("固定资产投资（万元）")
    expect(growth.locator("select[name=region] option:checked")).to_have_text("抚顺市")
    expect(growth.locator("input[name=period]")).to_have_value("2023-H1")
    growth.get_by_role("button", name="采纳", exact=True).click()
    expect(page.locator(".fact-card.fact-accepted", has_text="22.3%")).to_be_visible()
    expect(page.locator(".ingest-text .fact-mark.fact-accepted", has_text="22.3%")).to_be_visible()

    # 81.8亿元: accepted as the cumulative investment of 1-6月, converted to 万元
    amount = page.locator(".fact-card", has=page.locator(".fact-figure", has_text="81.8亿元"))
    amount.locator("select[name=indicator]").select_option(label="固定资产投资（万元）")
    amount.locator("input[name=period]").fill("2023年1-6月")
    amount.locator("select[name=value_kind]").select_option("cumulative")
    amount.get_by_role("button", name="采纳", exact=True).click()
    expect(page.locator(".fact-card.fact-accepted", has_text="81.8亿元")).to_be_visible()

    # 40% (a share, not an indicator here) is rejected and stays marked as such
    share = page.locator(".fact-card", has=page.locator(".fact-figure", has_text="40%"))
    share.get_by_role("button", name="不采纳").click()
    expect(page.locator(".ingest-text .fact-mark.fact-rejected", has_text="40%")).to_be_visible()

    observation = Observation.objects.get(indicator__code="FAI", region_id="210400", year=2023, month=6)
    assert observation.yoy_reported == Decimal("22.3")
    assert observation.cumulative == Decimal("818000")
    assert observation.source_text and observation.source_start is not None
    assert FactDecision.objects.filter(status="accepted").count() == 2
    assert FactDecision.objects.filter(status="rejected").count() == 1

    # Reopened later, the page remembers every decision
    page.reload()
    expect(page.locator(".ingest-text .fact-mark.fact-accepted")).to_have_count(2)
    expect(page.locator(".ingest-text .fact-mark.fact-rejected")).to_have_count(1)
