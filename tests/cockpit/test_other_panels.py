"""The panels of the projects, attraction and supervision apps, seen through the cockpit."""

from __future__ import annotations

import re

from tests.cockpit.test_pages import panel_html, text


def test_project_panel_shows_investment_against_plan_and_last_year(client, city_leader, projects):
    client.force_login(city_leader)
    html = panel_html(client, "projects", "210400")
    words = text(html)
    # 6 × 5000万元 = 3亿元 this year, 2.4亿元 the year before: +25%
    assert "2023年1-6月完成投资3亿元" in words and "同比增长25%" in words
    assert "项目总投资98.8亿元" in words and "共2个项目" in words  # Yingkou's is not counted
    assert "年度计划投资6亿元，完成50.0%" in words and "与时间进度持平" in words
    assert "在建1" in words and "开工1" in words
    assert "待解决难题1个，其中逾期1个" in words
    assert "连续3个月无投资的在建项目1个" in words  # the county's project has no investment
    assert "/projects/?region=210400&amp;year=2023&amp;stage=building" in html


def test_a_county_sees_only_its_own_projects(client, city_leader, projects):
    client.force_login(city_leader)
    words = text(panel_html(client, "projects", "210423"))
    assert "共1个项目" in words and "完成投资0万元" in words


def test_attraction_panel_counts_leads_and_funds_year_to_date(client, city_leader, leads):
    client.force_login(city_leader)
    html = panel_html(client, "attraction", "210400")
    words = text(html)
    assert "2023年1-6月" in words
    stages = dict(re.findall(r"<span>(洽谈|签约|落位)项目</span><b>(\d+)", html))
    assert stages == {"洽谈": "2", "签约": "1", "落位": "1"}
    assert "域外引资到位额1.921亿元" in words and "同比增长92.1%" in words
    assert "/leads/pipeline/?year=2023&amp;month=6" in html


def test_warning_panel_counts_what_was_open_at_the_months_end(client, city_leader, make_user,
                                                              warnings):
    client.force_login(city_leader)
    html = panel_html(client, "warnings", "210400")
    counts = {label: n for n, label in re.findall(r"<b>(\d+)</b>(严重|较重|一般)", html)}
    assert counts == {"严重": "2", "较重": "1", "一般": "0"}
    assert "任务1" in html and "任务2" in html and "任务5" not in html and "任务6" not in html
    assert "预警清单" not in html  # a leader does not work the warning desk
    client.force_login(make_user("dcs", "supervision", "hq"))
    assert "/supervision/warnings/?region=210400" in panel_html(client, "warnings", "210400")
    assert panel_html(client, "warnings", "210400", "2023-05") == ""
