"""Setting up a scheme, computing a period, adjusting: Given/When/Then."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from luoshi.assessment import services
from luoshi.assessment.compute import points_for, rank_within
from luoshi.assessment.models import Adjustment, Criterion, Result, Score
from luoshi.core.errors import InvalidInput, PermissionDenied
from luoshi.core.models import AuditEntry
from luoshi.core.permissions import SYSTEM
from tests.assessment.conftest import enter


def ranks(scheme, period="2023-Q2"):
    return {r.unit.code: (r.rank, r.total, r.movement) for r in
            Result.objects.filter(scheme=scheme["scheme"], period=period).select_related("unit")}


def test_weights_must_add_up_to_100(scheme):
    with pytest.raises(InvalidInput, match="合计应为100分，现为90分"):
        services.set_criteria(actor=SYSTEM, category=scheme["departments"], criteria=[
            services.CriterionData(name="A", weight=Decimal(40)),
            services.CriterionData(name="B", weight=Decimal(50))])
    assert Criterion.objects.filter(category=scheme["departments"]).count() == 2


def test_an_unknown_metric_and_a_duplicate_name_are_refused(scheme):
    with pytest.raises(InvalidInput, match="数据来源“nope”不存在"):
        services.set_criteria(actor=SYSTEM, category=scheme["counties"], criteria=[
            services.CriterionData(name="A", weight=Decimal(100), metric="nope")])
    with pytest.raises(InvalidInput, match="重复"):
        services.set_criteria(actor=SYSTEM, category=scheme["counties"], criteria=[
            services.CriterionData(name="A", weight=Decimal(50)),
            services.CriterionData(name="A", weight=Decimal(50))])


def test_a_unit_sits_in_one_category_only(scheme, org):
    with pytest.raises(InvalidInput, match="已在类别“市直部门”中"):
        services.set_members(actor=SYSTEM, category=scheme["counties"], unit_ids=[org["fgw"].pk])


def test_a_unit_outside_the_region_cannot_be_assessed(scheme, org):
    with pytest.raises(InvalidInput, match="不在抚顺市范围内"):
        services.set_members(actor=SYSTEM, category=scheme["counties"], unit_ids=[org["yk_fgw"].pk])


def test_compute_ranks_each_category_and_shows_no_data(scheme, org):
    # Given hand-entered values and no plan data for the green-light metric
    enter(scheme, scheme["work"], org["fgw"], 80)
    enter(scheme, scheme["work"], org["gxj"], 90)
    enter(scheme, scheme["county_work"], org["qingyuan"], 75)
    # When the office computes the quarter
    summary = services.compute_period(actor=SYSTEM, scheme=scheme["scheme"], period="2023Q2")
    # Then each category is ranked on its own, and the metric without data scores 0 as 无数据
    assert summary.units == 3 and summary.scores == 5
    assert ranks(scheme) == {"FS-GXJ": (1, Decimal("54.00"), None), "FS-FGW": (2, Decimal("48.00"), None),
                             "FS-QY": (1, Decimal("75.00"), None)}
    green = Score.objects.get(criterion=scheme["green"], unit=org["fgw"])
    assert green.value is None and green.points == 0 and green.basis == "无数据"


def test_compute_is_idempotent(scheme, org):
    enter(scheme, scheme["work"], org["fgw"], 80)
    services.compute_period(actor=SYSTEM, scheme=scheme["scheme"], period="2023-Q2")
    first = (ranks(scheme), list(Score.objects.values_list("criterion_id", "unit_id", "final").order_by("id")))
    services.compute_period(actor=SYSTEM, scheme=scheme["scheme"], period="2023年二季度")
    assert ranks(scheme) == first[0]
    assert sorted(Score.objects.values_list("criterion_id", "unit_id", "final")) == sorted(first[1])


def test_movement_since_the_previous_quarter(scheme, org):
    # Given Q1 where 发改委 led
    enter(scheme, scheme["work"], org["fgw"], 90, "2023-Q1")
    enter(scheme, scheme["work"], org["gxj"], 70, "2023-Q1")
    services.compute_period(actor=SYSTEM, scheme=scheme["scheme"], period="2023-Q1")
    # When 工信局 overtakes it in Q2
    enter(scheme, scheme["work"], org["fgw"], 60)
    enter(scheme, scheme["work"], org["gxj"], 95)
    services.compute_period(actor=SYSTEM, scheme=scheme["scheme"], period="2023-Q2")
    # Then 工信局 moved up one place and 发改委 down one
    q2 = ranks(scheme)
    assert q2["FS-GXJ"][::2] == (1, 1) and q2["FS-FGW"][::2] == (2, -1)
    assert Result.objects.get(unit=org["gxj"], period="2023-Q2").previous_rank == 2
    # And recomputing Q1 differently keeps Q2's movement true
    enter(scheme, scheme["work"], org["gxj"], 99, "2023-Q1")
    assert ranks(scheme)["FS-GXJ"][2] == 0


def test_an_adjustment_needs_a_reason_is_audited_and_moves_the_ranking(scheme, org, office):
    enter(scheme, scheme["work"], org["fgw"], 80)
    enter(scheme, scheme["work"], org["gxj"], 90)
    services.compute_period(actor=office, scheme=scheme["scheme"], period="2023-Q2")
    with pytest.raises(InvalidInput, match="须写明理由"):
        services.adjust_score(actor=office, criterion=scheme["work"], unit=org["fgw"], period="2023-Q2",
                              points=Decimal(10), reason="  ")
    with pytest.raises(InvalidInput, match="不能超过该项权重60分"):
        services.adjust_score(actor=office, criterion=scheme["work"], unit=org["fgw"], period="2023-Q2",
                              points=Decimal(61), reason="过多")
    services.adjust_score(actor=office, criterion=scheme["work"], unit=org["fgw"], period="2023-Q2",
                          points=Decimal("7.5"), reason="省级表彰加分")
    assert ranks(scheme)["FS-FGW"][:2] == (1, Decimal("55.50"))
    score = Score.objects.get(criterion=scheme["work"], unit=org["fgw"])
    assert (score.points, score.adjustment, score.final) == (Decimal("48.00"), Decimal("7.50"), Decimal("55.50"))
    entry = AuditEntry.objects.filter(action="adjust").get()
    assert entry.actor_name == "duchashi" and entry.after["reason"] == "省级表彰加分"
    assert Adjustment.objects.get().actor == office


def test_a_reporter_cannot_compute_or_adjust(scheme, org, reporter):
    with pytest.raises(PermissionDenied):
        services.compute_period(actor=reporter, scheme=scheme["scheme"], period="2023-Q2")
    with pytest.raises(PermissionDenied):
        services.adjust_score(actor=reporter, criterion=scheme["work"], unit=org["fgw"], period="2023-Q2",
                              points=Decimal(1), reason="自己加分")


def test_computing_needs_weights_of_100_and_a_period_of_the_year(scheme):
    with pytest.raises(InvalidInput, match="不在方案的考核年度2023年内"):
        services.compute_period(actor=SYSTEM, scheme=scheme["scheme"], period="2024Q1")
    with pytest.raises(InvalidInput, match="不是季度或全年"):
        services.compute_period(actor=SYSTEM, scheme=scheme["scheme"], period="2023-06")
    Criterion.objects.filter(pk=scheme["county_work"].pk).update(weight=Decimal(90))
    with pytest.raises(InvalidInput, match="县区政府.*90分"):
        services.compute_period(actor=SYSTEM, scheme=scheme["scheme"], period="2023-Q2")


def test_a_computed_metric_cannot_be_entered_by_hand(scheme, org):
    with pytest.raises(InvalidInput, match="不能手工录入"):
        enter(scheme, scheme["green"], org["fgw"], 80)


values = st.decimals(min_value=-1000, max_value=1000, places=2)


@given(value=values, weight=st.decimals(min_value="0.01", max_value=100, places=2),
       zero=values, full=values)
def test_points_stay_within_the_weight(value, weight, zero, full):
    if zero == full:
        return
    criterion = Criterion(weight=weight, zero_at=zero, full_at=full)
    points = points_for(criterion, value)
    assert 0 <= points <= weight.quantize(Decimal("0.01"))
    if (full > zero and value >= full) or (full < zero and value <= full):
        assert points == weight.quantize(Decimal("0.01"))


@given(st.dictionaries(st.integers(1, 50), st.decimals(min_value=0, max_value=100, places=1), min_size=1))
def test_ranks_are_competition_ranks(totals):
    ranked = dict(rank_within(totals, {}))
    for unit, rank in ranked.items():
        assert rank == 1 + sum(1 for other in totals.values() if other > totals[unit])
