"""Appeal statistics: counts and rates by category, unit, region and city; overdue appeals;
property tests of the rates."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from luoshi.core.periods import Period
from luoshi.service import services, statistics
from luoshi.service.models import Appeal
from luoshi.service.statistics import AppealFigures, rate
from tests.service.conftest import raised

TODAY = dt.date(2023, 7, 3)


@pytest.fixture
def history(enterprises, hq_user, reporter, other_reporter, enterprise_user, org):
    """Four appeals received in Q2 2023 and one in Q1:
    a (fgw) answered on time and rated satisfied, then closed; b (gxj) answered late;
    c (fgw) assigned and overdue; d (Qingyuan, unassigned) received and not yet due; e in Q1."""
    a = raised(hq_user, enterprises["a"], title="a", on=dt.date(2023, 6, 1))
    services.assign_appeal(actor=hq_user, appeal=a, unit=org["fgw"], on=dt.date(2023, 6, 1))
    services.answer_appeal(actor=reporter, appeal=a, response="ok", on=dt.date(2023, 6, 8))
    services.rate_appeal(actor=enterprise_user, appeal=a, satisfaction="satisfied")
    services.close_appeal(actor=hq_user, appeal=a, on=dt.date(2023, 6, 9))
    b = raised(hq_user, enterprises["a"], title="b", category="policy", on=dt.date(2023, 4, 3))
    services.assign_appeal(actor=hq_user, appeal=b, unit=org["gxj"], on=dt.date(2023, 4, 3))
    services.answer_appeal(actor=other_reporter, appeal=b, response="late", on=dt.date(2023, 5, 30))
    services.rate_appeal(actor=hq_user, appeal=b, satisfaction="unsatisfied", note="太慢")
    c = raised(hq_user, enterprises["b"], title="c", on=dt.date(2023, 6, 1))
    services.assign_appeal(actor=hq_user, appeal=c, unit=org["fgw"], on=dt.date(2023, 6, 2))
    raised(hq_user, enterprises["b"], title="d", category="policy", on=dt.date(2023, 6, 30))
    raised(hq_user, enterprises["a"], title="e", on=dt.date(2023, 2, 1))
    return Appeal.objects.all()


def test_figures_for_a_quarter(history):
    q2 = statistics.appeals_received_in(history, Period.of_quarter(2023, 2))
    total = statistics.appeal_figures(q2, today=TODAY)[0]
    assert (total.received, total.answered, total.closed, total.on_time, total.late) == (4, 2, 1, 1, 1)
    assert (total.open, total.overdue, total.rated, total.satisfied, total.unsatisfied) == (2, 1, 2, 1, 1)
    assert total.resolution_rate == Decimal("25.0") and total.on_time_rate == Decimal("50.0")
    assert total.satisfaction_rate == Decimal("50.0")


def test_figures_by_category_unit_region_and_city(history, org):
    q2 = statistics.appeals_received_in(history, Period.of_quarter(2023, 2))
    by_category = {f.key: f for f in statistics.appeal_figures(q2, by="category", today=TODAY)}
    assert (by_category["land"].label, by_category["land"].received) == ("用地", 2)
    by_unit = {f.key: f for f in statistics.appeal_figures(q2, by="unit", today=TODAY)}
    assert by_unit[org["fgw"].pk].label == "抚顺市发改委" and by_unit[org["fgw"].pk].overdue == 1
    assert by_unit[None].label == "未交办" and by_unit[None].received == 1
    by_region = {f.key: f for f in statistics.appeal_figures(q2, by="region", today=TODAY)}
    assert by_region["210423"].label == "清原满族自治县" and by_region["210411"].received == 2
    assert [(f.key, f.label, f.received) for f in statistics.appeal_figures(q2, by="city", today=TODAY)] == [
        ("2104", "抚顺市", 4)]
    assert statistics.totals(list(by_category.values())).received == 4
    with pytest.raises(ValueError):
        statistics.appeal_figures(q2, by="planet")


def test_overdue_appeals_and_the_monthly_trend(history):
    assert [a.title for a in statistics.overdue_appeals(history, today=TODAY)] == ["e", "c"]
    months = statistics.monthly_received(history, Period.of_half(2023, 1))
    assert [(m["month"], m["received"]) for m in months] == [
        ("2023-01", 0), ("2023-02", 1), ("2023-03", 0), ("2023-04", 1), ("2023-05", 0), ("2023-06", 3)]


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=10**6))
def test_a_rate_is_a_percentage_with_one_decimal(part, extra):
    whole = part + extra
    value = rate(part, whole)
    if whole == 0:
        assert value is None
    else:
        assert Decimal(0) <= value <= Decimal(100) and value == value.quantize(Decimal("0.1"))
        assert abs(value - Decimal(100 * part) / Decimal(whole)) <= Decimal("0.05")


@given(st.lists(st.tuples(*[st.integers(min_value=0, max_value=50)] * 3), max_size=8))
def test_totals_add_up_the_groups(groups):
    figures = [AppealFigures(key=str(i), label=str(i), received=r + c, closed=c, overdue=o)
               for i, (r, c, o) in enumerate(groups)]
    total = statistics.totals(figures)
    assert total.received == sum(f.received for f in figures) and total.closed == sum(f.closed for f in figures)
    assert total.resolution_rate is None or total.resolution_rate <= Decimal(100)


def test_several_groupings_from_one_scan_match_one_by_one(history, django_assert_num_queries):
    appeals = statistics.appeals_received_in(history, Period.of_year(2023))
    with django_assert_num_queries(3):  # the scan, unit names, region names
        together = statistics.appeal_figures_by(appeals, ("category", "unit", "region"), today=TODAY)
    for by in ("category", "unit", "region"):
        alone = statistics.appeal_figures(appeals, by=by, today=TODAY)
        assert [f.as_dict() for f in together[by]] == [f.as_dict() for f in alone]
