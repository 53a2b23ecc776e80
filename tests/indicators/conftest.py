"""Indicators and a little data for the indicators tests."""

from decimal import Decimal

import pytest

from luoshi.core.models import Region
from luoshi.core.permissions import SYSTEM
from luoshi.indicators import services
from luoshi.indicators.models import IndicatorKind


@pytest.fixture
def fai(reference_data):
    """固定资产投资: a flow, released 1-2月 combined, ranked by growth."""
    return services.save_indicator(actor=SYSTEM, code="FAI", name="固定资产投资", unit="亿元",
                                   kind=IndicatorKind.FLOW, source="市统计局", is_key=True)


@pytest.fixture
def liaoning(reference_data):
    return Region.objects.get(code="210000")


@pytest.fixture
def fushun(reference_data):
    return Region.objects.get(code="210400")


def cumulative_series(indicator, region_code, year, amounts, *, first_month=2):
    """Enter cumulatives built from monthly ``amounts`` starting at ``first_month``."""
    running, entries = Decimal(0), []
    for offset, amount in enumerate(amounts):
        running += Decimal(amount)
        entries.append(services.Entry(indicator, region_code, year, first_month + offset,
                                      {"cumulative": running}))
    return services.apply_entries(entries, actor=SYSTEM)
