"""Self-check of the browser machinery: chromium starts, CJK text renders, and the live
server hands out the vendored scripts, which then load in the page."""

import pytest

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_chinese_text_renders_in_a_cjk_font(page):
    page.set_content('<p id="word" style="font-size:48px">落实</p>')

    assert page.locator("#word").inner_text() == "落实"
    assert "CJK" in _font_used_for(page, "#word")  # fonts-noto-cjk, not boxes
    screenshot = page.screenshot()
    assert screenshot.startswith(PNG_SIGNATURE)
    assert len(screenshot) > 1000


@pytest.mark.django_db(transaction=True)
def test_live_server_serves_the_vendored_scripts(page, live_url):
    response = page.goto(f"{live_url}/static/vendor/htmx/htmx.min.js")
    assert response is not None
    assert response.status == 200

    page.set_content(
        f'<script src="{live_url}/static/vendor/htmx/htmx.min.js"></script>'
        f'<script src="{live_url}/static/vendor/echarts/echarts.min.js"></script>'
        '<div id="chart" style="width:400px;height:300px"></div>'
    )
    assert page.evaluate("htmx.version").startswith("2.")
    page.evaluate(
        """() => echarts.init(document.getElementById('chart')).setOption({
            xAxis: {type: 'category', data: ['一季度', '二季度']},
            yAxis: {type: 'value'},
            series: [{type: 'bar', data: [3, 5]}],
        })"""
    )
    assert page.locator("#chart canvas").count() == 1


def _font_used_for(page, selector):
    """The platform font chromium actually drew the element's text with (DevTools protocol)."""
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    cdp.send("CSS.enable")
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return fonts[0]["familyName"] if fonts else ""
