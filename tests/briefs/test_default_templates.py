"""The default section templates name the first ten units of a long list, then say how many."""

from decimal import Decimal as D

from luoshi.briefs import engine
from luoshi.briefs.defaults import DEFAULT_TEMPLATES
from luoshi.briefs.figures import Figure, unit_tally


def _template(code: str) -> str:
    return next(t["text"] for t in DEFAULT_TEMPLATES if t["code"] == code)


def _count(n, measure="项"):
    return Figure("k", "label", D(n), measure)


def test_a_long_red_list_names_ten_units_and_counts_the_rest():
    units = [(f"第{i}局", 20 - i) for i in range(12)]
    context = {"period": "上半年", "region": "辽宁省", "plans": _count(3, "个"), "nodes": _count(500),
               "green": _count(400), "yellow": _count(50), "red": _count(50), "late": _count(0, "份"),
               "red_units": unit_tally("r", "有红灯任务的单位", units, "红灯任务"),
               "red_by_unit": [{"unit": name, "count": _count(n), "items": []} for name, n in units]}
    text, figures = engine.render(_template("delivery"), context)
    assert "第9局11项等12个单位" in text and "第10局" not in text
    assert any(f["text"] == "12个" and f["sources"][0]["rows"][11] == {"单位": "第11局", "红灯任务": "9"}
               for f in figures)


def test_a_short_criticised_list_names_every_unit_without_a_total():
    criticised = [{"unit": "市住建局", "overdue": _count(1, "件"), "orders": ["营督〔2023〕5号"], "missing": None},
                  {"unit": "盖州市", "overdue": None, "orders": [], "missing": _count(2)}]
    context = {"commended": [], "leaders": [], "climbers": [], "assessment": "",
               "climbers_count": unit_tally("c", "c", [], "前进名次"),
               "criticised": criticised, "criticised_units": unit_tally("u", "u", [("市住建局", 1), ("盖州市", 2)], "n")}
    text, _ = engine.render(_template("recognition"), context)
    assert text == ("市住建局有1件督办事项（营督〔2023〕5号）逾期未办结；盖州市2项任务未按期报送进展情况，"
                    "予以通报批评，请相关单位立即整改，按时报送整改情况。")
