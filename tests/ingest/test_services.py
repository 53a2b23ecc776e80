"""Keeping texts, accepting facts into observations, rejecting facts (Given/When/Then)."""

from decimal import Decimal

import pytest

from luoshi.core.errors import InvalidInput, NotFound, PermissionDenied
from luoshi.core.models import AuditEntry, Region
from luoshi.indicators.models import Observation
from luoshi.ingest import services
from luoshi.ingest.extraction import extract_facts
from luoshi.ingest.models import DecisionStatus, FactDecision


def span_of(source, figure):
    start = source.text.index(figure)
    return start, start + len(figure)


def test_hq_keeps_a_text_and_its_facts_are_counted(hq_user):
    source = services.create_source(actor=hq_user, text="上半年，抚顺旅游总收入增长39.4%。")
    assert source.title == "上半年，抚顺旅游总收入增长39.4%。"
    assert source.fact_count == 1
    assert AuditEntry.objects.filter(object_type__contains="sourcetext", action="create").exists()


@pytest.mark.parametrize("text", ["", "   \n "])
def test_an_empty_text_is_refused(hq_user, text):
    with pytest.raises(InvalidInput) as error:
        services.create_source(actor=hq_user, text=text)
    assert error.value.field == "text"


def test_a_reporter_may_not_keep_texts(reporter):
    with pytest.raises(PermissionDenied):
        services.create_source(actor=reporter, text="增长3%。")


def test_accepting_a_growth_fact_enters_the_reported_yoy_with_its_source(
        hq_user, seed_source, fushun_indicators):
    # Given seed 002 and the indicator 旅游总收入
    start, end = span_of(seed_source, "39.4%")
    fushun = Region.objects.get(code="210400")
    # When HQ accepts 39.4% as 抚顺's 2023 H1 growth
    decision = services.accept_fact(actor=hq_user, source=seed_source, start=start, end=end,
                                    indicator=fushun_indicators["tourism"], region=fushun,
                                    period="2023-H1", value_kind="yoy")
    # Then the June observation carries the reported yoy and points back at the text
    observation = Observation.objects.get()
    assert (observation.year, observation.month) == (2023, 6)
    assert observation.yoy_reported == Decimal("39.4")
    assert (observation.source_start, observation.source_end) == (start, end)
    assert "39.4%" in observation.source_text and f"文本#{seed_source.pk}" in observation.source_name
    assert decision.status == DecisionStatus.ACCEPTED and decision.observation == observation
    seed_source.refresh_from_db()
    assert seed_source.accepted_count == 1


def test_amounts_are_converted_to_the_indicators_money_unit(hq_user, seed_source, fushun_indicators):
    start, end = span_of(seed_source, "81.8亿元")
    services.accept_fact(actor=hq_user, source=seed_source, start=start, end=end,
                         indicator=fushun_indicators["fai"], region=Region.objects.get(code="210400"),
                         period="2023年1-6月", value_kind="cumulative")
    assert Observation.objects.get().cumulative == Decimal("818000")  # 万元


def test_a_unit_that_cannot_be_converted_is_refused(hq_user, seed_source, fushun_indicators):
    start, end = span_of(seed_source, "12次")
    with pytest.raises(InvalidInput) as error:
        services.accept_fact(actor=hq_user, source=seed_source, start=start, end=end,
                             indicator=fushun_indicators["fai"], region=Region.objects.get(code="210400"),
                             period="2023-06", value_kind="value")
    assert "单位" in error.value.message
    assert not Observation.objects.exists() and not FactDecision.objects.exists()


def test_a_yoy_must_be_a_percentage(hq_user, seed_source, fushun_indicators):
    start, end = span_of(seed_source, "86.8亿元")
    with pytest.raises(InvalidInput):
        services.accept_fact(actor=hq_user, source=seed_source, start=start, end=end,
                             indicator=fushun_indicators["fai"], region=Region.objects.get(code="210400"),
                             period="2023-06", value_kind="yoy")


def test_a_span_without_a_fact_is_not_found(hq_user, seed_source, fushun_indicators):
    with pytest.raises(NotFound):
        services.reject_fact(actor=hq_user, source=seed_source, start=0, end=3)


def test_rejected_facts_are_remembered_and_can_be_accepted_later(hq_user, seed_source, fushun_indicators):
    start, end = span_of(seed_source, "40%")
    services.reject_fact(actor=hq_user, source=seed_source, start=start, end=end, reason="占比，非指标")
    decision = FactDecision.objects.get()
    assert (decision.status, decision.reason, decision.value) == ("rejected", "占比，非指标", Decimal(40))
    seed_source.refresh_from_db()
    assert (seed_source.accepted_count, seed_source.rejected_count) == (0, 1)
    services.accept_fact(actor=hq_user, source=seed_source, start=start, end=end,
                         indicator=fushun_indicators["inflow"], region=Region.objects.get(code="210400"),
                         period="2023-H1", value_kind="yoy")
    decision.refresh_from_db()
    assert decision.status == "accepted" and decision.reason == ""
    assert FactDecision.objects.count() == 1


def test_every_fact_of_seed_002_can_be_found_by_its_span(seed_source):
    for fact in extract_facts(seed_source.text):
        assert services.fact_at(seed_source, fact.start, fact.end) == fact
