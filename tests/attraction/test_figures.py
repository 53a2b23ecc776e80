"""The figures of a period with real rows: stage counts, new vs carried over, year on year,
funds arrived with YoY, by region and by unit."""

import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luoshi.attraction import services
from luoshi.attraction.models import FundsArrival, Lead
from luoshi.core.permissions import SYSTEM

D = dt.date
H1_2023 = services.year_to_date(2023, 6)


def _funds(lead, month, amount):
    services.record_funds(actor=SYSTEM, lead=lead, month=month, amount=Decimal(amount))


def test_counts_per_stage_split_new_and_carried_over_with_yoy(make_lead):
    # Given leads of 2022 and 2023 in Fushun
    make_lead(title="去年洽谈至今", negotiating_on=D(2022, 9, 1))  # carried open, no 2023 event
    make_lead(title="去年洽谈今年签约", negotiating_on=D(2022, 10, 1), stage="signed",
              signed_on=D(2023, 3, 1))
    make_lead(title="今年洽谈签约落位", negotiating_on=D(2023, 1, 5), stage="landed",
              signed_on=D(2023, 2, 1), landed_on=D(2023, 6, 30))
    make_lead(title="今年洽谈", negotiating_on=D(2023, 4, 1))
    make_lead(title="下半年洽谈", negotiating_on=D(2023, 7, 1))  # outside 1-6月
    make_lead(title="去年上半年洽谈签约", negotiating_on=D(2022, 2, 1), stage="signed",
              signed_on=D(2022, 5, 1))
    make_lead(title="去年落位", negotiating_on=D(2021, 5, 1), stage="landed",
              signed_on=D(2021, 12, 1), landed_on=D(2022, 1, 10))
    make_lead(title="去年终止", negotiating_on=D(2022, 3, 1), stage="terminated",
              terminated_on=D(2022, 12, 1), reason="撤资")
    # When HQ counts 2023 1-6月
    figures = services.lead_figures(Lead.objects.all(), H1_2023)
    talks, signed, landed, dropped = figures.stages
    # Then
    # 洽谈: begun in 1-6月, or in talks on 1 January (去年洽谈至今, 去年洽谈今年签约)
    assert (talks.total, talks.new, talks.carried, talks.last_year) == (4, 2, 2, 2)
    assert (signed.total, signed.new, signed.carried, signed.last_year) == (2, 1, 1, 1)
    assert (landed.total, landed.new, landed.carried, landed.last_year) == (1, 1, 0, 1)
    assert signed.growth_pct == Decimal("100.0") and talks.growth_pct == Decimal("100.0")
    assert dropped.total == 0
    # open on 1 January 2023: 去年洽谈至今, 去年洽谈今年签约, 去年上半年洽谈签约
    assert figures.carried_open == 3


def test_funds_arrived_with_yoy_by_region_and_unit(make_lead, org):
    a = make_lead(negotiating_on=D(2022, 1, 5), stage="signed", signed_on=D(2022, 2, 1))
    b = make_lead(negotiating_on=D(2023, 1, 5), stage="signed", signed_on=D(2023, 2, 1),
                  region_code="210423", unit_code="FS-GXJ")
    _funds(a, "2022-03", "1000")
    _funds(a, "2022-07", "9999")  # second half: outside both periods
    _funds(a, "2023-03", "1200")
    _funds(b, "2023-05", "721")
    figures = services.lead_figures(Lead.objects.all(), H1_2023)
    assert figures.funds.amount == Decimal("1921") and figures.funds.last_year == Decimal("1000")
    assert figures.funds.growth_pct == Decimal("92.1")
    regions = {g.key: g for g in services.figures_by_region(Lead.objects.all(), H1_2023)}
    assert regions["210400"].name == "抚顺市" and regions["210400"].funds == Decimal("1200")
    assert regions["210400"].funds_growth_pct == Decimal("20.0")
    assert regions["210423"].stage("signed") == 1 and regions["210423"].new == 1
    units = {g.name: g for g in services.figures_by_unit(Lead.objects.all(), H1_2023)}
    assert units["抚顺市工信局"].funds == Decimal("721") and units["抚顺市工信局"].funds_growth_pct is None


def test_growth_without_a_base_is_none():
    assert services.growth_pct(5, 0) is None
    assert services.growth_pct(Decimal("192.1"), Decimal("100")) == Decimal("92.1")


def test_a_month_and_a_jan_feb_period_count_their_own_span(make_lead):
    make_lead(negotiating_on=D(2023, 2, 20))
    assert services.lead_figures(Lead.objects.all(), services.year_to_date(2023, 1)).stages[0].total == 0
    assert services.lead_figures(Lead.objects.all(), services.year_to_date(2023, 2)).stages[0].total == 1


dates = st.dates(min_value=D(2021, 6, 1), max_value=D(2023, 11, 30))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(dates, st.integers(0, 60), st.integers(0, 200), st.sampled_from(
    ["FS-FGW", "FS-GXJ"]), st.sampled_from(["210400", "210423"])), min_size=1, max_size=8))
def test_groups_add_up_to_the_whole_and_new_plus_carried_is_total(make_lead, leads):
    Lead.objects.all().delete()
    for started, to_sign, to_land, unit, region in leads:
        signed = started + dt.timedelta(days=to_sign) if to_sign else None
        landed = signed + dt.timedelta(days=to_land) if signed and to_land else None
        stage = "landed" if landed else ("signed" if signed else "negotiating")
        if (landed or signed or started) > D(2023, 11, 30):
            continue
        lead = make_lead(negotiating_on=started, signed_on=signed, landed_on=landed, stage=stage,
                         unit_code=unit, region_code=region)
        if signed:
            _funds(lead, f"{signed:%Y-%m}", to_sign + 1)
    period = services.year_to_date(2023, 9)
    whole = services.lead_figures(Lead.objects.all(), period)
    together = services.pipeline(Lead.objects.all(), period)
    assert together.figures == whole
    for groups in (together.by_region, together.by_unit):
        for count in whole.stages:
            assert count.total == count.new + count.carried
            assert sum(g.stage(count.stage) for g in groups) == count.total
            assert sum(g.last_year.get(count.stage, 0) for g in groups) == count.last_year
        assert sum(g.funds for g in groups) == whole.funds.amount
        assert sum(g.funds_last_year for g in groups) == whole.funds.last_year
    assert whole.funds.amount == sum(f.amount for f in FundsArrival.objects.filter(month__range=("2023-01", "2023-09")))
