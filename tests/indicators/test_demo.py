"""The demo data agrees with seed 002 and its planted inconsistencies are what the checks find."""

from decimal import Decimal

import pytest

from luoshi.core.models import AuditEntry, Region
from luoshi.demo.indicators import PLANTED, load_demo_indicators
from luoshi.indicators import queries
from luoshi.indicators.models import CheckFlag, Indicator, Observation

pytestmark = pytest.mark.django_db


def test_demo_matches_seed_002_and_the_checks_find_the_planted_doubts(reference_data):
    load_demo_indicators()
    fushun = Region.objects.get(code="210400")
    summary = {s.indicator.code: s for s in queries.region_indicator_summary(
        fushun, "2023年1-6月", with_streaks=True)}
    fai = summary["FAI"]
    assert (fai.cumulative, fai.yoy, fai.rank) == (Decimal("81.8"), Decimal("22.3"), 2)
    assert fai.observation.yoy_comparable and fai.yoy_computed == Decimal("21.6")
    assert fai.streak.phrase() == "连续4个月全省前2位"
    assert summary["FDI_ARRIVED"].yoy == Decimal("92.1")
    assert summary["TOURISM"].yoy == Decimal("39.4")
    assert summary["IND_INVEST_SHARE"].value > 40
    assert fai.progress is not None and fai.progress.target_growth == 15
    found = {(f.indicator.code, f.region_id, f.month, f.rule)
             for f in CheckFlag.objects.select_related("indicator")}
    assert {(*key, rule) for key, rule in PLANTED.items()} <= found
    assert len(found) == len(PLANTED) + 1  # 盘锦's negative 当月值 is also a jump
    assert not Observation.objects.filter(month=1).exists()
    assert Indicator.objects.count() == 12

    counts = (Observation.objects.count(), CheckFlag.objects.count(), AuditEntry.objects.count())
    load_demo_indicators()
    assert (Observation.objects.count(), CheckFlag.objects.count(),
            AuditEntry.objects.count()) == counts
