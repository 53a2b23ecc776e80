"""Lead rules with real rows: creation checks, the stage rules, funds arrived, scope, audit."""

import datetime as dt
from decimal import Decimal

import pytest

from luoshi.attraction import services
from luoshi.attraction.models import FundsArrival, Lead, Stage
from luoshi.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from luoshi.core.models import AuditEntry
from luoshi.core.permissions import SYSTEM
from tests.attraction.conftest import lead_data

D = dt.date


def test_a_reporter_records_a_lead_of_its_unit_and_it_is_audited(org, reporter):
    # Given a reporter of 市发改委, when it records a lead its unit follows
    lead = services.create_lead(actor=reporter, data=lead_data(investor_uscc="91320282 1347 8972 3h"))
    # Then the lead starts in 洽谈 with its timeline and an audit entry
    assert lead.stage == Stage.NEGOTIATING and lead.unit == org["fgw"]
    assert lead.investor_uscc == "91320282134789723H"
    assert [(c.from_stage, c.to_stage) for c in lead.stage_changes.all()] == [("", "negotiating")]
    entry = AuditEntry.objects.get(object_type="attraction.lead", action="create")
    assert entry.actor_name == "reporter" and entry.after["intended_investment"] == "868000"


def test_a_reporter_cannot_give_a_lead_to_another_unit(org, reporter):
    with pytest.raises(PermissionDenied):
        services.create_lead(actor=reporter, data=lead_data(unit_code="FS-GXJ"))
    assert not Lead.objects.exists()


@pytest.mark.parametrize("changes, field", [
    ({"investor_uscc": "91320000134789723A"}, "investor_uscc"),
    ({"title": "  "}, "title"),
    ({"intended_investment": Decimal("0")}, "intended_investment"),
    ({"industry": "Z"}, "industry"),
    ({"origin": "mars"}, "origin"),
    ({"region_code": "999999"}, "region"),
    ({"stage": "signed"}, "signed_on"),
    ({"stage": "terminated", "terminated_on": D(2023, 3, 1)}, "reason"),
    ({"signed_on": D(2023, 1, 1), "stage": "signed"}, "signed_on"),
    ({"negotiating_on": D(2999, 1, 1)}, "negotiating_on"),
])
def test_bad_input_is_refused_with_the_field_named(org, changes, field):
    with pytest.raises(InvalidInput) as error:
        services.create_lead(actor=SYSTEM, data=lead_data(**changes))
    assert error.value.field == field
    assert not Lead.objects.exists()


def test_a_lead_entered_late_carries_its_history(org):
    lead = services.create_lead(actor=SYSTEM, data=lead_data(
        stage="landed", signed_on=D(2023, 4, 1), landed_on=D(2023, 6, 28)))
    assert [c.to_stage for c in lead.stage_changes.all()] == ["negotiating", "signed", "landed"]


def test_forward_one_step_at_a_time(make_lead, hq_user):
    lead = make_lead()
    with pytest.raises(InvalidInput, match="请先办理“签约”"):
        services.move_lead(actor=hq_user, lead=lead, to_stage="landed", on=D(2023, 5, 1))
    services.move_lead(actor=hq_user, lead=lead, to_stage="signed", on=D(2023, 5, 1))
    services.move_lead(actor=hq_user, lead=lead, to_stage="landed", on=D(2023, 6, 28))
    lead.refresh_from_db()
    assert (lead.stage, lead.signed_on, lead.landed_on) == ("landed", D(2023, 5, 1), D(2023, 6, 28))
    assert AuditEntry.objects.filter(object_type="attraction.lead", action="move").count() == 2


def test_going_back_needs_a_reason_and_undoes_the_later_dates(make_lead, hq_user):
    lead = make_lead()
    services.move_lead(actor=hq_user, lead=lead, to_stage="signed", on=D(2023, 5, 1))
    with pytest.raises(InvalidInput) as error:
        services.move_lead(actor=hq_user, lead=lead, to_stage="negotiating", on=D(2023, 5, 2))
    assert error.value.field == "reason"
    services.move_lead(actor=hq_user, lead=lead, to_stage="negotiating", on=D(2023, 5, 2),
                       reason="协议未经对方董事会批准")
    lead.refresh_from_db()
    assert lead.stage == "negotiating" and lead.signed_on is None
    last = lead.stage_changes.last()
    assert (last.from_stage, last.to_stage, last.reason) == ("signed", "negotiating", "协议未经对方董事会批准")


def test_dropping_needs_a_reason_and_taking_up_again_too(make_lead, hq_user):
    lead = make_lead()
    services.move_lead(actor=hq_user, lead=lead, to_stage="signed", on=D(2023, 5, 1))
    with pytest.raises(InvalidInput):
        services.move_lead(actor=hq_user, lead=lead, to_stage="terminated", on=D(2023, 7, 1))
    services.move_lead(actor=hq_user, lead=lead, to_stage="terminated", on=D(2023, 7, 1), reason="投资方撤资")
    assert lead.terminated_on == D(2023, 7, 1) and lead.signed_on == D(2023, 5, 1)
    with pytest.raises(InvalidInput):
        services.move_lead(actor=hq_user, lead=lead, to_stage="landed", on=D(2023, 8, 1))
    services.move_lead(actor=hq_user, lead=lead, to_stage="landed", on=D(2023, 8, 1), reason="重新启动")
    lead.refresh_from_db()
    assert (lead.stage, lead.terminated_on, lead.landed_on) == ("landed", None, D(2023, 8, 1))


def test_dates_cannot_go_back_in_time(make_lead, hq_user):
    lead = make_lead()
    with pytest.raises(InvalidInput, match="不能早于"):
        services.move_lead(actor=hq_user, lead=lead, to_stage="signed", on=D(2023, 1, 1))
    with pytest.raises(Conflict):
        services.move_lead(actor=hq_user, lead=lead, to_stage="negotiating", on=D(2023, 3, 1), reason="x")


def test_another_units_reporter_cannot_touch_the_lead(make_lead, reporter, other_reporter):
    lead = make_lead(actor=reporter)
    with pytest.raises(PermissionDenied):
        services.move_lead(actor=other_reporter, lead=lead, to_stage="signed", on=D(2023, 5, 1))
    with pytest.raises(PermissionDenied):
        services.update_lead(actor=other_reporter, lead=lead, data=services.lead_data(lead))
    from luoshi.attraction import queries
    with pytest.raises(NotFound):
        queries.access_lead(other_reporter, lead.pk)


def test_hq_of_another_city_does_not_see_the_lead(make_lead, make_user):
    lead = make_lead()
    yingkou_hq = make_user("yk_hq", "hq_staff", "yk_fgw")
    from luoshi.attraction import queries
    assert not queries.visible_leads(yingkou_hq).filter(pk=lead.pk).exists()


def test_update_edits_the_description_and_is_audited(make_lead, reporter):
    lead = make_lead(actor=reporter)
    data = services.lead_data(lead)
    data.intended_investment = Decimal("900000")
    data.region_code = "210423"
    services.update_lead(actor=reporter, lead=lead, data=data)
    lead.refresh_from_db()
    assert lead.intended_investment == Decimal("900000") and lead.region_id == "210423"
    entry = AuditEntry.objects.filter(object_type="attraction.lead", action="update").get()
    assert entry.before["intended_investment"] == "868000.0000" or entry.before["intended_investment"] == "868000"


def test_funds_only_for_outside_money_after_signing(make_lead, hq_user):
    local = make_lead(origin="in_province")
    with pytest.raises(InvalidInput, match="省外、境外"):
        services.record_funds(actor=hq_user, lead=local, month="2023-06", amount=Decimal(10))
    lead = make_lead()
    with pytest.raises(InvalidInput, match="签约后"):
        services.record_funds(actor=hq_user, lead=lead, month="2023-06", amount=Decimal(10))
    services.move_lead(actor=hq_user, lead=lead, to_stage="signed", on=D(2023, 5, 20))
    with pytest.raises(InvalidInput, match="不能早于签约月份"):
        services.record_funds(actor=hq_user, lead=lead, month="2023-04", amount=Decimal(10))
    services.record_funds(actor=hq_user, lead=lead, month="2023年6月", amount=Decimal("1200.5"))
    services.record_funds(actor=hq_user, lead=lead, month="2023-06", amount=Decimal("1300"))
    assert FundsArrival.objects.get().amount == Decimal("1300")
    services.record_funds(actor=hq_user, lead=lead, month="2023-06", amount=None)
    assert not FundsArrival.objects.exists()
    actions = list(AuditEntry.objects.filter(object_type="attraction.fundsarrival").order_by("id")
                   .values_list("action", flat=True))
    assert actions == ["create", "update", "delete"]


def test_a_lead_with_funds_cannot_go_back_before_signing(make_lead, hq_user):
    lead = make_lead(stage="signed", signed_on=D(2023, 5, 1))
    services.record_funds(actor=hq_user, lead=lead, month="2023-05", amount=Decimal(100))
    with pytest.raises(Conflict):
        services.move_lead(actor=hq_user, lead=lead, to_stage="negotiating", on=D(2023, 6, 1), reason="x")
    lead.refresh_from_db()
    assert lead.stage == "signed"
