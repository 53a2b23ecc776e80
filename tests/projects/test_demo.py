"""The demo's figures match seed 002 by construction (checked without loading it: the full
load, with the demo organisation, is run by `luoshi demo`)."""

from decimal import Decimal

from luoshi.demo import projects as demo
from luoshi.projects import derivation


def _half(amounts, year, codes=None):
    return sum(v for code, rows in amounts.items() if codes is None or code in codes
               for (y, m), v in rows.items() if y == year and m <= 6)


def test_first_half_investment_grows_22_3_percent_with_industry_above_40():
    amounts = demo._plan_investment()
    assert all(v >= 0 for rows in amounts.values() for v in rows.values())
    growth = derivation.growth_percent(_half(amounts, 2023), _half(amounts, 2022))
    assert growth == Decimal("22.3")
    industrial = {row[0] for row in demo.FUSHUN_PROJECTS if row[5] == "industrial"}
    share = derivation.share_percent(_half(amounts, 2023, industrial), _half(amounts, 2023))
    assert share > 40


def test_fushun_has_20_of_the_300_and_ranks_third():
    counts = demo.PROVINCIAL_COUNTS
    assert sum(counts.values()) == 300
    assert sum(1 for row in demo.FUSHUN_PROJECTS if row[-1]) == counts["210400"] == 20
    ranking = sorted(counts, key=lambda city: -counts[city])
    assert ranking[:3] == ["210100", "210200", "210400"] and counts["210300"] < 20


def test_the_seed_projects_are_there():
    by_name = {row[1]: row for row in demo.FUSHUN_PROJECTS}
    sanmu = by_name["江苏三木集团65万吨苯酚丙酮产业链项目"]
    assert (sanmu[6], str(sanmu[8]), sanmu[3]) == (868000, "2023-06-28", "GXQ")
    assert "清原抽水蓄能电站" in by_name and any(name.startswith("沈白高铁") for name in by_name)
