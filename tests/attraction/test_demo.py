"""The demo leads: counts for 2023 with 2022 for YoY, and Fushun's 域外引资到位额 +92.1 % in
2023 H1 (seed 002), exactly; loading twice changes nothing."""

import datetime as dt
from decimal import Decimal

from django.db.models import Sum

from luoshi.attraction import services
from luoshi.attraction.models import FundsArrival, Lead, StageChange
from luoshi.demo.attraction import PLAN, SANMU, load_demo_attraction, monthly_funds
from luoshi.demo.indicators import flow_cumulatives
from luoshi.demo.orgs import load_demo_orgs

H1 = services.year_to_date(2023, 6)


def test_demo_leads_give_the_seed_figures(reference_data, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo_orgs()
    added = load_demo_attraction()
    assert added == Lead.objects.count() > 300
    fushun = services.lead_figures(Lead.objects.filter(region__code__startswith="2104"), H1)
    # the demo indicators' 域外引资到位额: 206.54亿元 against 107.52亿元
    assert fushun.funds.amount == Decimal("2065400") and fushun.funds.last_year == Decimal("1075200")
    assert fushun.funds.growth_pct == Decimal("92.1")
    for city, prefix in (("210400", "2104"), ("210800", "2108"), ("211100", "2111")):
        figures = services.lead_figures(Lead.objects.filter(region__code__startswith=prefix), H1)
        talks, signs, lands = PLAN[city]["2023H1"]
        extra = 1 if city == "210400" else 0  # 三木集团 signed in March and landed in June
        assert figures.stage("signed").total == signs + extra
        assert figures.stage("landed").total == lands + extra
        assert figures.stage("negotiating").new == talks
        assert figures.stage("signed").last_year == PLAN[city]["2022H1"][1]
        assert figures.stage("signed").new > 0 and figures.stage("signed").carried > 0
        # the funds add up to the demo indicators' 域外引资到位额, month by month
        assert figures.funds.amount == flow_cumulatives("FDI_ARRIVED", city)[(2023, 6)] * 10_000
        arrived = dict(FundsArrival.objects.filter(lead__region__code__startswith=prefix)
                       .values_list("month").annotate(total=Sum("amount")).order_by())
        assert arrived == monthly_funds(city)
    sanmu = Lead.objects.get(title=SANMU["title"])
    assert (sanmu.stage, sanmu.landed_on, sanmu.unit.code) == ("landed", dt.date(2023, 6, 28), "210400-GXQ")
    # 域外 money only, never before the signing month
    assert not FundsArrival.objects.filter(lead__origin="in_province").exists()
    counts = (Lead.objects.count(), StageChange.objects.count(), FundsArrival.objects.count())
    assert load_demo_attraction() == 0
    assert (Lead.objects.count(), StageChange.objects.count(), FundsArrival.objects.count()) == counts
