"""Province-scale investment-attraction leads for the benchmarks (DESIGN.md §5: 50,000 leads).

``generate_leads()`` fills the bench organisation (``luoshi.bench.orgs.generate_orgs`` first)
with leads spread over the 14 cities, followed by their departments and county governments
(a few units follow far more than the rest), first negotiated from January 2021 to the end
of 2023: about half sign within a year, most of those land, a few are dropped; 域外 leads
send money every month from signing for a few months (~100,000 funds rows at full scale).
Bench leads are the leads followed by bench units (code ``B-…``); ``clear_bench_leads()``
removes them. No stage-change history or audit entries are written (see ``bench.orgs``).

Rows go in with ``bulk_create`` in batches inside one transaction; the statistics are
refreshed afterwards (``ANALYZE``), as after any bulk load.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction

from luoshi.attraction.models import FundsArrival, Lead, Origin, Stage, StageChange
from luoshi.bench.orgs import CODE_PREFIX
from luoshi.orgs.models import Unit, UnitKind

BATCH = 5000
FIRST_DAY, LAST_DAY = dt.date(2021, 1, 1), dt.date(2023, 12, 31)
SIGN_SHARE, LAND_SHARE, DROP_SHARE = 0.5, 0.6, 0.05
ORIGINS = ([Origin.OUT_OF_PROVINCE, Origin.ABROAD, Origin.IN_PROVINCE], [6, 1, 3])
INDUSTRIES = (["C", "D", "I", "G", "R", "A", "F", "M", "K", "E"], [40, 10, 8, 8, 7, 7, 6, 6, 4, 4])
PRODUCTS = ["精细化工", "装备制造", "新能源材料", "汽车零部件", "数据中心", "物流园", "文旅综合体",
            "现代农业", "医药", "新型建材", "光伏", "风电", "电子信息", "食品加工"]
FIRMS = ["华瑞", "恒信", "中联", "博远", "泰和", "鼎新", "宏达", "汇川", "瑞丰", "正泰", "远景", "星源"]
_FOLLOWING_KINDS = (UnitKind.GOV_DEPT, UnitKind.COUNTY_GOV, UnitKind.DEVELOPMENT_ZONE)


@dataclass(frozen=True)
class BenchLeadCounts:
    leads: int
    funds: int


def bench_leads():
    return Lead.objects.filter(unit__code__startswith=CODE_PREFIX)


def clear_bench_leads() -> int:
    with transaction.atomic():
        leads = bench_leads()
        FundsArrival.objects.filter(lead__in=leads).delete()
        StageChange.objects.filter(lead__in=leads).delete()
        deleted, _ = leads.delete()
    return deleted


def _followers(rng: random.Random) -> list[tuple[Unit, float]]:
    """Bench units that follow leads, each with a weight: a few are much busier."""
    units = list(Unit.objects.filter(code__startswith=CODE_PREFIX, kind__in=_FOLLOWING_KINDS,
                                     depth__lte=2).order_by("code"))
    if not units:
        raise RuntimeError("no bench units: run luoshi.bench.orgs.generate_orgs first")
    return [(unit, rng.paretovariate(1.5)) for unit in units]


def _lead(rng: random.Random, unit: Unit) -> Lead:
    started = FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
    signed = landed = dropped = None
    if rng.random() < SIGN_SHARE:
        signed = started + dt.timedelta(days=rng.randrange(20, 365))
        if rng.random() < LAND_SHARE:
            landed = signed + dt.timedelta(days=rng.randrange(20, 300))
    if signed is None and rng.random() < DROP_SHARE * 4:
        dropped = started + dt.timedelta(days=rng.randrange(30, 400))
    signed = signed if signed and signed <= LAST_DAY else None
    landed = landed if signed and landed and landed <= LAST_DAY else None
    dropped = dropped if dropped and dropped <= LAST_DAY else None
    stage = (Stage.TERMINATED if dropped else Stage.LANDED if landed
             else Stage.SIGNED if signed else Stage.NEGOTIATING)
    origin = rng.choices(*ORIGINS)[0]
    firm, product = rng.choice(FIRMS), rng.choice(PRODUCTS)
    return Lead(title=f"{firm}{product}项目", investor=f"{firm}{product}有限公司", origin=origin,
                industry=rng.choices(*INDUSTRIES)[0], region_id=unit.region_id, unit=unit,
                intended_investment=Decimal(rng.randrange(1, 500) * 500), stage=stage,
                negotiating_on=started, signed_on=signed, landed_on=landed, terminated_on=dropped)


def _months_from(day: dt.date, count: int) -> list[str]:
    months, year, month = [], day.year, day.month
    for _ in range(count):
        if (year, month) > (LAST_DAY.year, LAST_DAY.month):
            break
        months.append(f"{year}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def generate_leads(leads: int = 50_000, seed: int = 1, progress=None) -> BenchLeadCounts:
    """Replace the bench leads with ``leads`` fresh ones and their funds arrived."""
    rng = random.Random(seed)
    clear_bench_leads()
    followers = _followers(rng)
    units, weights = [u for u, _ in followers], [w for _, w in followers]
    funds = 0
    with transaction.atomic():
        for start in range(0, leads, BATCH):
            batch = [_lead(rng, unit) for unit in rng.choices(units, weights, k=min(BATCH, leads - start))]
            Lead.objects.bulk_create(batch, batch_size=BATCH)
            rows = [FundsArrival(lead=lead, month=month, amount=Decimal(rng.randrange(10, 5000)))
                    for lead in batch if lead.signed_on and lead.origin != Origin.IN_PROVINCE
                    for month in _months_from(lead.signed_on, rng.randrange(2, 9))]
            FundsArrival.objects.bulk_create(rows, batch_size=BATCH)
            funds += len(rows)
            if progress:
                progress(f"leads: {start + len(batch)} of {leads}, funds rows: {funds}")
    with connection.cursor() as cursor:
        for model in (Lead, FundsArrival):
            cursor.execute(f"ANALYZE {model._meta.db_table}")
    return BenchLeadCounts(leads=leads, funds=funds)


# --- the pages benchmark (bench/run --leads 50000) ----------------------------------------

def run_bench(pages, args, argv, migrate_seconds, generator_seconds) -> int:
    """Time the lead pipeline and lead list; ``pages`` is the bench/pages.py module."""
    import time

    from django.db.models import Count

    from luoshi.bench.orgs import USERNAME_PREFIX
    from luoshi.orgs.models import User

    run = pages.new_run(args, argv, migrate_seconds, generator_seconds)
    if generator_seconds is not None or not bench_leads().exists():
        started = time.perf_counter()
        made = generate_leads(args.leads, seed=args.seed, progress=print)
        run.plans_generator_seconds = round(time.perf_counter() - started, 1)
        print(f"leads generated: {made} in {run.plans_generator_seconds} s")
    run.scale = {"leads": bench_leads().count(),
                 "funds_rows": FundsArrival.objects.filter(lead__in=bench_leads()).count()}
    users = User.objects.filter(username__startswith=USERNAME_PREFIX)
    hq = users.get(username=f"{USERNAME_PREFIX}{pages.HQ_CITY}_hq")
    busiest = bench_leads().values_list("unit_id").annotate(n=Count("id")).order_by("-n")
    reporters = {u.unit_id: u for u in users.filter(roles__code="reporter").order_by("username")}
    reporter = next((reporters[u] for u, _n in busiest if u in reporters), None)
    hq_client = pages.logged_in(hq)
    cases = [
        pages.Case("pipeline hq 2023 1-6月", "/leads/pipeline/?year=2023&month=6", hq_client),
        pages.Case("pipeline hq default", "/leads/pipeline/", hq_client),
        pages.Case("lead list hq", "/leads/", hq_client),
        pages.Case("lead list hq signed+C", "/leads/?stage=signed&industry=C&origin=outside", hq_client),
        pages.Case("lead list hq page=20", "/leads/?page=20", hq_client),
        pages.Case("api leads hq", "/api/v1/leads", pages.bearer(hq), api=True),
        pages.Case("api lead figures hq", "/api/v1/leads/figures?year=2023&month=6", pages.bearer(hq)),
    ]
    if reporter is not None:
        reporter_client = pages.logged_in(reporter)
        cases += [pages.Case("pipeline reporter", "/leads/pipeline/?year=2023&month=6", reporter_client),
                  pages.Case("lead list reporter", "/leads/", reporter_client)]
    run.users = {"hq": hq.username, "reporter": reporter.username if reporter else ""}
    for case in cases:
        run.results.append(pages.measure(case, args.runs, args.warmup))
    pages.print_table(run)
    pages.write_run(run, "leads")
    return 0
