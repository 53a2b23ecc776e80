"""Writing observations: derivations stored, computed YoY beside the reported one, checks
flagged and listed, accept_fact for extracted facts, permissions and audit."""

from decimal import Decimal

import pytest

from luoshi.core.errors import InvalidInput, PermissionDenied
from luoshi.core.models import AuditEntry
from luoshi.core.permissions import SYSTEM
from luoshi.indicators import services
from luoshi.indicators.models import CheckFlag, FlagStatus, Observation

from .conftest import cumulative_series

pytestmark = pytest.mark.django_db


def test_given_cumulatives_when_entered_then_monthly_values_are_derived_and_marked(fai):
    cumulative_series(fai, "210400", 2023, [20, 12, 11])
    rows = list(Observation.objects.filter(region_id="210400").order_by("month"))
    assert [(o.month, o.value, o.value_derived) for o in rows] == [
        (2, Decimal(20), True), (3, Decimal(12), True), (4, Decimal(11), True)]


def test_january_alone_is_refused_for_a_combined_series(fai, fushun):
    with pytest.raises(InvalidInput, match="1-2月合并发布"):
        services.record_observation(actor=SYSTEM, indicator=fai, region=fushun,
                                    period="2023-01", value=Decimal(5))


def test_reported_comparable_yoy_wins_and_the_computed_one_stays_visible(fai, fushun):
    cumulative_series(fai, "210400", 2022, [20, 10, 10, 10, 10])
    obs = services.record_observation(actor=SYSTEM, indicator=fai, region=fushun,
                                      period="2023年1-6月", cumulative=Decimal("73.38"),
                                      yoy_reported=Decimal("22.3"), yoy_comparable=True)
    obs.refresh_from_db()
    assert obs.month == 6 and obs.cumulative == Decimal("73.38")
    assert obs.yoy_computed == Decimal("22.30") and obs.yoy == Decimal("22.3")


def test_a_falling_cumulative_is_flagged_listed_and_reviewed(fai, hq_user):
    cumulative_series(fai, "210400", 2023, [20, 12])
    services.apply_entries([services.Entry(fai, "210400", 2023, 4, {"cumulative": Decimal(30)})],
                           actor=SYSTEM)
    flag = CheckFlag.objects.get()
    assert flag.rule == "cumulative_falls" and (flag.year, flag.month) == (2023, 4)
    assert Observation.objects.get(month=4).flag_count == 1
    services.review_flag(actor=hq_user, flag=flag, status=FlagStatus.CONFIRMED, note="统计局已核实")
    assert Observation.objects.get(month=4).flag_count == 0
    # Recomputing keeps HQ's verdict and raises no new open flag for the same doubt.
    services.recompute(indicators=[fai], region_ids=["210400"], years=[2023])
    assert list(CheckFlag.objects.values_list("status", flat=True)) == [FlagStatus.CONFIRMED]
    # Correcting the figure clears the doubt's reason; the open flags follow the data.
    services.apply_entries([services.Entry(fai, "210400", 2023, 4, {"cumulative": Decimal(45)})],
                           actor=SYSTEM)
    assert not CheckFlag.objects.filter(status=FlagStatus.OPEN).exists()


def test_accept_fact_keeps_the_source_span(fai, fushun, hq_user):
    obs = services.accept_fact(actor=hq_user, indicator=fai, region=fushun, period="2023年上半年",
                               value=22.3, value_kind="yoy", comparable=True,
                               source_name="seed 002", source_text="固定资产投资增速22.3%",
                               span=[120, 134])
    obs.refresh_from_db()
    assert (obs.year, obs.month, obs.yoy_reported, obs.yoy_comparable) == (
        2023, 6, Decimal("22.3"), True)
    assert (obs.source_start, obs.source_end, obs.entered_by) == (120, 134, hq_user)
    obs = services.accept_fact(actor=hq_user, indicator=fai, region=fushun, period="2023年1-6月",
                               value="81.8")
    assert obs.cumulative == Decimal("81.8") and obs.yoy_reported == Decimal("22.3")
    assert AuditEntry.objects.filter(object_type="indicators.observation").count() == 2


def test_only_indicator_managers_write(fai, fushun, reporter):
    with pytest.raises(PermissionDenied):
        services.record_observation(actor=reporter, indicator=fai, region=fushun,
                                    period="2023-06", value=Decimal(5))
    assert not Observation.objects.exists()


def test_targets_are_set_per_region_and_year(fai, fushun, hq_user):
    target = services.set_target(actor=hq_user, indicator=fai, region=fushun, year=2023,
                                 value=Decimal(160), growth=Decimal(15))
    again = services.set_target(actor=hq_user, indicator=fai, region=fushun, year=2023,
                                value=Decimal(170))
    assert again.pk == target.pk and again.value == 170 and again.growth is None
    with pytest.raises(InvalidInput):
        services.set_target(actor=hq_user, indicator=fai, region=fushun, year=2023)
