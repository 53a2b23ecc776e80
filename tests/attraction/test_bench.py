"""The bench lead generator at a small scale: counts, shape, funds only for 域外 money."""

from django.db.models import F

from luoshi.attraction import services
from luoshi.attraction.models import FundsArrival, Lead
from luoshi.bench.attraction import bench_leads, clear_bench_leads, generate_leads
from luoshi.bench.orgs import generate_orgs


def test_it_generates_leads_and_funds_and_clears_them(reference_data):
    generate_orgs(units=300, users=60, seed=3)
    made = generate_leads(300, seed=5)
    assert made.leads == bench_leads().count() == 300
    assert made.funds == FundsArrival.objects.count() > 0
    assert not FundsArrival.objects.filter(lead__origin="in_province").exists()
    assert not Lead.objects.filter(signed_on__lt=F("negotiating_on")).exists()
    assert not Lead.objects.filter(landed_on__lt=F("signed_on")).exists()
    assert set(Lead.objects.values_list("stage", flat=True)) >= {"negotiating", "signed", "landed"}
    figures = services.lead_figures(bench_leads(), services.year_to_date(2023, 6))
    assert figures.stage("signed").total > 0 and figures.stage("signed").last_year > 0
    assert clear_bench_leads() > 0 and not Lead.objects.exists() and not FundsArrival.objects.exists()
