"""An adjustment or a hand-entered value re-scores only the units concerned and re-ranks only
their category, and leaves exactly the rows a full rescore of the period would leave."""

from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luoshi.assessment import compute, services
from luoshi.assessment.models import Result, Score
from luoshi.core.permissions import SYSTEM
from luoshi.orgs import services as org_services
from luoshi.orgs.models import UnitKind
from tests.assessment.conftest import enter

QUARTERS = ["2023-Q1", "2023-Q2", "2023-Q3"]


@pytest.fixture
def ranked(scheme, org):
    """Five departments (three more than the organisation has) and a county, hand-entered
    values with ties, and Q1–Q3 computed: Q2 has movement from Q1, Q3 from Q2."""
    extra = [org_services.create_unit(actor=SYSTEM, data=org_services.UnitData(
        code=f"FS-BM{i}", name=f"抚顺市部门{i}", kind=UnitKind.GOV_DEPT, region_code="210400",
        parent_code="FS-LDXZ", sort_order=i)) for i in range(3)]
    departments = [org["fgw"], org["gxj"], *extra]
    services.set_members(actor=SYSTEM, category=scheme["departments"], unit_ids=[u.pk for u in departments])
    for q, quarter in enumerate(QUARTERS):
        for i, unit in enumerate(departments):
            enter(scheme, scheme["work"], unit, (i * 7 + q * 13) % 4 * 10 + 50, quarter)
        enter(scheme, scheme["county_work"], org["qingyuan"], 80, quarter)
        services.compute_period(actor=SYSTEM, scheme=scheme["scheme"], period=quarter)
    return {**scheme, "units": departments}


def _rows(scheme):
    """Everything a computation writes, but row ids and times."""
    results = sorted(Result.objects.filter(scheme=scheme).values_list(
        "period", "category_id", "unit_id", "total", "rank", "position", "previous_rank", "movement"))
    scores = sorted(Score.objects.filter(scheme=scheme).values_list(
        "period", "criterion_id", "unit_id", "value", "basis", "points", "adjustment", "final"))
    return results, scores


def _ids(scheme):
    return set(Result.objects.filter(scheme=scheme).values_list("id", flat=True)) | {
        -pk for pk in Score.objects.filter(scheme=scheme).exclude(unit__code="FS-FGW").values_list("id", flat=True)}


def test_an_adjustment_rewrites_only_the_units_scores_and_changed_ranks(ranked, org):
    scheme = ranked["scheme"]
    before = _ids(scheme)
    stamps = dict(Result.objects.filter(scheme=scheme).values_list("id", "computed_at"))
    places = {r.unit_id: (r.rank, r.position) for r in Result.objects.filter(scheme=scheme, period="2023-Q2")}
    q2 = {r.unit_id: r.rank for r in Result.objects.filter(scheme=scheme, period="2023-Q2")}
    services.adjust_score(actor=SYSTEM, criterion=ranked["work"], unit=org["fgw"], period="2023-Q2",
                          points=Decimal(-60), reason="约谈问责")
    # No other unit's score was made again: a partial rescore
    assert _ids(scheme) == before
    after = {r.unit_id: r.rank for r in Result.objects.filter(scheme=scheme, period="2023-Q2")}
    assert after[org["fgw"].pk] == 5 and after != q2
    # and only the results whose rank or total moved were written (Q1's stay as they were)
    rewritten = {pk for pk, at in Result.objects.filter(scheme=scheme).values_list("id", "computed_at")
                 if at != stamps[pk]}
    moved = {r.pk for r in Result.objects.filter(scheme=scheme, period="2023-Q2")
             if (r.rank, r.position) != places[r.unit_id] or r.unit_id == org["fgw"].pk}
    assert rewritten and rewritten <= moved
    rows = _rows(scheme)
    compute.compute(scheme, "2023-Q2", fresh=False)
    assert _rows(scheme) == rows


def test_criteria_edited_since_the_computation_make_it_a_full_rescore(ranked, org):
    scheme = ranked["scheme"]
    services.set_criteria(actor=SYSTEM, category=ranked["departments"], criteria=[
        services.CriterionData(id=ranked["green"].pk, name="条目绿灯率", weight=Decimal(20), metric="nodes_green"),
        services.CriterionData(id=ranked["work"].pk, name="重点工作完成情况", weight=Decimal(80))])
    before = _ids(scheme)
    services.adjust_score(actor=SYSTEM, criterion=ranked["work"], unit=org["fgw"], period="2023-Q2",
                          points=Decimal(5), reason="加分")
    assert _ids(scheme) != before  # rebuilt
    gxj = Score.objects.get(criterion=ranked["work"], unit=org["gxj"], period="2023-Q2")
    assert gxj.points == Decimal("0.8") * gxj.value  # the new weight, for every unit
    rows = _rows(scheme)
    compute.compute(scheme, "2023-Q2", fresh=False)
    assert _rows(scheme) == rows


def test_a_new_member_since_the_computation_makes_it_a_full_rescore(ranked, org):
    scheme = ranked["scheme"]
    newcomer = org_services.create_unit(actor=SYSTEM, data=org_services.UnitData(
        code="FS-NEW", name="抚顺市新部门", kind=UnitKind.GOV_DEPT, region_code="210400", parent_code="FS-LDXZ"))
    services.set_members(actor=SYSTEM, category=ranked["departments"],
                         unit_ids=[u.pk for u in ranked["units"]] + [newcomer.pk])
    enter(ranked, ranked["work"], org["fgw"], 99, "2023-Q2")
    assert Result.objects.filter(scheme=scheme, period="2023-Q2", unit=newcomer).exists()
    rows = _rows(scheme)
    compute.compute(scheme, "2023-Q2", fresh=False)
    assert _rows(scheme) == rows


changes = st.lists(st.tuples(
    st.sampled_from(["adjust", "value"]), st.integers(0, 4), st.sampled_from(QUARTERS),
    st.integers(-6, 6).filter(bool)), min_size=1, max_size=4)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=changes)
def test_any_changes_leave_what_a_full_rescore_leaves(ranked, changes):
    scheme = ranked["scheme"]
    with transaction.atomic():
        for kind, unit_index, quarter, amount in changes:
            unit = ranked["units"][unit_index]
            if kind == "adjust":
                services.adjust_score(actor=SYSTEM, criterion=ranked["work"], unit=unit, period=quarter,
                                      points=Decimal(amount * 5), reason="调整")
            else:  # values 40–100 in steps of 5: ties happen
                enter(ranked, ranked["work"], unit, 70 + amount * 5, quarter)
            rows = _rows(scheme)
            compute.compute(scheme, quarter, fresh=False)
            assert _rows(scheme) == rows
        transaction.set_rollback(True)
