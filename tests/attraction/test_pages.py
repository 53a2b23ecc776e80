"""Lead pages: what each role sees, the forms, and pinned query counts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from luoshi.attraction import services
from luoshi.attraction.models import FundsArrival, Lead
from luoshi.core.permissions import SYSTEM

D = dt.date


def test_reporter_records_a_lead_through_the_form(client, org, reporter):
    client.force_login(reporter)
    response = client.post(reverse("lead_new"), {
        "title": "新能源电池材料项目", "investor": "深圳某新能源科技有限公司", "investor_uscc": "",
        "origin": "out_of_province", "investor_place": "广东省深圳市", "industry": "C",
        "intended_investment": "50000", "region_code": "210400", "unit_code": "FS-FGW",
        "negotiating_on": "2023-03-01", "note": ""})
    lead = Lead.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("lead_detail", args=[lead.pk])
    assert lead.unit == org["fgw"] and lead.intended_investment == Decimal("50000")


def test_a_bad_uscc_keeps_the_input_and_names_the_field(client, org, reporter):
    client.force_login(reporter)
    response = client.post(reverse("lead_new"), {
        "title": "写了名称的项目", "investor": "某公司", "investor_uscc": "91320282134789723A",
        "origin": "in_province", "industry": "C", "intended_investment": "100",
        "region_code": "210400", "unit_code": "FS-FGW", "negotiating_on": "2023-03-01"})
    page = response.content.decode()
    assert response.status_code == 400 and "写了名称的项目" in page and "校验码应为H" in page
    assert not Lead.objects.exists()


def test_hq_moves_a_lead_and_the_pipeline_counts_it(client, make_lead, hq_user, reporter):
    lead = make_lead(actor=reporter, negotiating_on=D(2023, 3, 1))
    client.force_login(hq_user)
    response = client.post(reverse("lead_move", args=[lead.pk]), {"to_stage": "signed", "on": "2023-05-10"})
    assert response.status_code == 302
    page = client.get(reverse("lead_pipeline"), {"year": 2023, "month": 6}).content.decode()
    assert 'data-stage="signed"' in page
    figures = services.lead_figures(Lead.objects.all(), services.year_to_date(2023, 6))
    assert figures.stage("signed").total == 1


def test_going_back_without_a_reason_shows_the_error(client, make_lead, hq_user):
    lead = make_lead(stage="signed", signed_on=D(2023, 4, 1))
    client.force_login(hq_user)
    response = client.post(reverse("lead_move", args=[lead.pk]), {"to_stage": "negotiating", "on": "2023-05-10"})
    assert response.status_code == 400 and "须写明原因" in response.content.decode()
    lead.refresh_from_db()
    assert lead.stage == "signed"


def test_funds_recorded_on_the_lead_page(client, make_lead, reporter):
    lead = make_lead(actor=reporter, stage="signed", signed_on=D(2023, 4, 1))
    client.force_login(reporter)
    response = client.post(reverse("lead_funds", args=[lead.pk]), {"month": "2023-06", "amount": "2500"})
    assert response.status_code == 302
    assert FundsArrival.objects.get().amount == Decimal("2500")
    page = client.get(reverse("lead_detail", args=[lead.pk])).content.decode()
    assert "2023-06" in page and "2500" in page


def test_reporter_sees_only_its_units_leads(client, make_lead, reporter, other_reporter):
    make_lead(actor=reporter, title="发改委跟进的项目")
    gxj = make_lead(actor=other_reporter, title="工信局跟进的项目", unit_code="FS-GXJ")
    client.force_login(reporter)
    page = client.get(reverse("leads")).content.decode()
    assert "发改委跟进的项目" in page and "工信局跟进的项目" not in page
    assert client.get(reverse("lead_detail", args=[gxj.pk])).status_code == 404
    assert client.post(reverse("lead_move", args=[gxj.pk]), {"to_stage": "signed", "on": "2023-05-01"}).status_code == 404


def test_list_filters_and_totals(client, make_lead, hq_user):
    make_lead(title="制造业项目", intended_investment=Decimal("1000"))
    make_lead(title="旅游项目", industry="R", intended_investment=Decimal("500"), origin="in_province")
    client.force_login(hq_user)
    page = client.get(reverse("leads"), {"industry": "C"}).content.decode()
    assert "制造业项目" in page and "旅游项目" not in page and "1000万元" in page
    page = client.get(reverse("leads"), {"origin": "outside"}).content.decode()
    assert "旅游项目" not in page
    page = client.get(reverse("leads")).content.decode()
    assert "1500万元" in page


def test_a_city_leader_reads_the_pipeline_but_cannot_record(client, make_lead, city_leader):
    make_lead()
    client.force_login(city_leader)
    assert client.get(reverse("lead_pipeline")).status_code == 200
    assert client.get(reverse("lead_new")).status_code == 403


def _grow(make_lead, n):
    for i in range(n):
        lead = make_lead(title=f"项目{i}", negotiating_on=D(2023, 1, 1) + dt.timedelta(days=i),
                         unit_code="FS-GXJ" if i % 2 else "FS-FGW", region_code="210423" if i % 3 else "210400",
                         stage="signed", signed_on=D(2023, 5, 1))
        services.record_funds(actor=SYSTEM, lead=lead, month="2023-05", amount=Decimal(i + 1))


@pytest.mark.parametrize("name, params, count", [
    ("lead_pipeline", {"year": "2023", "month": "6"}, 9),
    ("lead_pipeline", {}, 10),
    ("leads", {}, 12),
    ("leads", {"stage": "signed", "region": "210400", "industry": "C"}, 13),
])
@pytest.mark.parametrize("grow", [1, 6])
def test_pages_have_a_fixed_number_of_queries(client, make_lead, hq_user, grow, name, params, count,
                                              django_assert_num_queries):
    _grow(make_lead, grow)
    client.force_login(hq_user)
    with django_assert_num_queries(count):
        response = client.get(reverse(name), params)
    assert response.status_code == 200


def test_the_list_exports_what_it_shows(client, make_lead, hq_user):
    make_lead(title="导出的项目")
    client.force_login(hq_user)
    response = client.get(reverse("leads"), {"format": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")


def test_edit_page_changes_the_lead_and_keeps_its_stage(client, make_lead, reporter):
    lead = make_lead(actor=reporter, stage="signed", signed_on=D(2023, 4, 1))
    client.force_login(reporter)
    page = client.get(reverse("lead_edit", args=[lead.pk])).content.decode()
    assert 'value="2023-02-10"' in page and "苯酚丙酮产业链项目" in page
    response = client.post(reverse("lead_edit", args=[lead.pk]), {
        "title": "苯酚丙酮产业链项目（一期）", "investor": lead.investor, "investor_uscc": "",
        "origin": "out_of_province", "investor_place": "", "industry": "C",
        "intended_investment": "900000", "region_code": "210423", "unit_code": "FS-FGW",
        "negotiating_on": "2023-02-10", "note": "一期"})
    assert response.status_code == 302
    lead.refresh_from_db()
    assert (lead.title, lead.region_id, lead.stage, lead.intended_investment) == (
        "苯酚丙酮产业链项目（一期）", "210423", "signed", Decimal("900000"))
