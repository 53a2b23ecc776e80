"""Province-scale indicators for the benchmarks, and the indicators benchmark itself.

``generate_indicators()`` writes ~100 indicators × 115 regions (Liaoning, its 14 cities and
100 counties) × 121 monthly releases (2014–2024, 1-2月 combined) ≈ 1.4M observations with
bulk inserts, with derived 当月值 and computed 同比 filled in as the services would, and a
sprinkling of check flags. Bench indicators' codes start with ``B-``; ``clear_bench_indicators``
removes them (and their observations) again. Like the other bench generators it bypasses the
services and the audit log: this is fixture data on a database kept for measuring.

``run_bench`` times the indicator pages (catalogue, ranking of a province's cities and of a
city's counties, observation lists, checks list, API) and the import of a 100,000-row
long-layout file through ``transfer.import_observations``.
"""

from __future__ import annotations

import tempfile
import time
from decimal import Decimal
from pathlib import Path

from django.db import connection, transaction

from luoshi.core.models import Region
from luoshi.indicators import store
from luoshi.indicators.models import CheckFlag, CheckRule, Indicator, IndicatorKind, Observation

CODE_PREFIX = "B-"
FIRST_YEAR, LAST_YEAR = 2014, 2024
RELEASES = list(range(2, 13))  # 1-2月 combined, then March..December
SHARES = {2: Decimal("0.15"), **{m: Decimal("0.085") for m in range(3, 13)}}
BATCH = 5000
IMPORT_YEAR = 2025


def bench_indicators():
    return Indicator.objects.filter(code__startswith=CODE_PREFIX)


def clear_bench_indicators() -> int:
    ids = list(bench_indicators().values_list("pk", flat=True))
    with transaction.atomic():
        CheckFlag.objects.filter(indicator_id__in=ids).delete()
        for indicator_id in ids:  # per indicator: a bounded delete each
            Observation.objects.filter(indicator_id=indicator_id).delete()
        bench_indicators().delete()
    return len(ids)


def _kind(index: int) -> str:
    return IndicatorKind.STOCK if index % 10 == 8 else IndicatorKind.RATE if index % 10 == 9 \
        else IndicatorKind.FLOW


def _size(region: Region, index: int) -> Decimal:
    """A region's weight: the province 10, cities 0.3–1.3, counties 0.02–0.1."""
    code = int(region.code)
    if region.level == "province":
        return Decimal(10)
    if region.level == "city":
        return Decimal(30 + (code // 100 * 7 + index) % 100) / 100
    return Decimal(2 + (code * 13 + index) % 9) / 100


def _q(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))


def _series(indicator: Indicator, index: int, region: Region) -> list[Observation]:
    kind, size = indicator.kind, _size(region, index)
    rows, previous_cumulative = [], {}
    annual = Decimal(100 + index * 13) * size
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        growth = Decimal((int(region.code) // 100 + index + year) % 13 - 3)  # −3 … +9 %
        annual = annual * (1 + growth / 100)
        running = Decimal(0)
        for month in RELEASES:
            obs = Observation(indicator_id=indicator.pk, region_id=region.code, year=year,
                              month=month)
            if kind == IndicatorKind.FLOW:
                running += SHARES[month]
                obs.cumulative = _q(annual * running)
                obs.value, obs.value_derived = _q(annual * SHARES[month]), True
                base = previous_cumulative.get(month)
                if base:
                    obs.yoy_computed = _q((obs.cumulative - base) / base * 100)
                    obs.yoy_reported = obs.yoy_computed.quantize(Decimal("0.1"))
                previous_cumulative[month] = obs.cumulative
            elif kind == IndicatorKind.STOCK:
                obs.value = _q(annual * (1 + Decimal(month) / 100))
                base = previous_cumulative.get(month)
                if base:
                    obs.yoy_computed = _q((obs.value - base) / base * 100)
                previous_cumulative[month] = obs.value
            else:
                obs.value = Decimal(20 + (int(region.code) + month + index) % 30)
            rows.append(obs)
    return rows


def _row(obs: Observation) -> store.Row:
    return store.Row(None, *(getattr(obs, name) for name in (*store.KEY, *store.STATE)))


def generate_indicators(indicators: int = 100, progress=print) -> dict:
    """Write the bench indicators and their observations; returns counts and seconds."""
    started = time.perf_counter()
    clear_bench_indicators()
    made = Indicator.objects.bulk_create([
        Indicator(code=f"{CODE_PREFIX}{i:03d}", name=f"测试指标{i:03d}", unit="亿元",
                  kind=_kind(i), source="bench", is_key=i < 8, sort_order=10_000 + i)
        for i in range(indicators)])
    made = list(bench_indicators().order_by("code"))
    regions = list(Region.objects.filter(code__startswith="21").order_by("code"))
    count, pending = 0, []
    for index, indicator in enumerate(made):
        for region in regions:
            pending += _series(indicator, index, region)
        if len(pending) >= 50_000 or index == len(made) - 1:
            with transaction.atomic():
                store.upsert_rows([_row(obs) for obs in pending])
            count += len(pending)
            pending = []
            progress(f"  indicators: {index + 1}/{len(made)}, {count} observations")
    flags = _sprinkle_flags(made)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Observation._meta.db_table}")
            cursor.execute(f"ANALYZE {CheckFlag._meta.db_table}")
    return {"indicators": len(made), "regions": len(regions), "observations": count,
            "flags": flags, "seconds": round(time.perf_counter() - started, 1)}


def _sprinkle_flags(indicators: list[Indicator]) -> int:
    """One open doubt per indicator and city in the last year, as the checks would leave."""
    ids = [i.pk for i in indicators]
    rows = Observation.objects.filter(indicator_id__in=ids, year=LAST_YEAR, month=6,
                                      region__level="city").values_list(
        "pk", "indicator_id", "region_id", "year", "month")
    flags = [CheckFlag(observation_id=pk, indicator_id=i, region_id=r, year=y, month=m,
                       rule=CheckRule.JUMP, message="当月值异常波动（测试数据）")
             for pk, i, r, y, m in rows]
    CheckFlag.objects.bulk_create(flags, batch_size=BATCH)
    Observation.objects.filter(pk__in=[f.observation_id for f in flags]).update(flag_count=1)
    return len(flags)


def import_file(rows: int = 100_000) -> Path:
    """A long-layout .xlsx of ``rows`` new observations (year 2025) of the bench indicators."""
    from openpyxl import Workbook

    from luoshi.indicators.transfer import LONG_COLUMNS

    indicators = list(bench_indicators().filter(kind=IndicatorKind.FLOW).order_by("code"))
    last_year = {(i, r, m): c for i, r, m, c in Observation.objects.filter(
        indicator__in=indicators, year=IMPORT_YEAR - 1).values_list(
        "indicator_id", "region_id", "month", "cumulative")}
    regions = list(Region.objects.filter(code__startswith="21").values_list("code", "name"))
    data = []
    for month in RELEASES:
        for indicator in indicators:
            for code, name in regions:
                data.append({"indicator": indicator.code, "indicator_name": indicator.name,
                             "region": code, "region_name": name,
                             "period": f"{IMPORT_YEAR}-{month:02d}" if month > 2 else f"{IMPORT_YEAR}-01~02",
                             "value": None,
                             "cumulative": _q(last_year[(indicator.pk, code, month)] * Decimal("1.055")),
                             "yoy_reported": Decimal("5.5"), "yoy_comparable": "否"})
                if len(data) == rows:
                    break
            if len(data) == rows:
                break
        if len(data) == rows:
            break
    # As Excel saves a file: strings in the shared-strings table (core.xlsx's exports write
    # inline strings, which read several times slower).
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([c.header for c in LONG_COLUMNS])
    for row in data:
        sheet.append([row[c.key] for c in LONG_COLUMNS])
    path = Path(tempfile.mkstemp(suffix=".xlsx", prefix="bench-indicators-")[1])
    workbook.save(path)
    return path


def run_bench(pages, args, argv, migrate_seconds, generator_seconds) -> int:
    """``pages`` is the bench/pages.py module: its Case, Run, measure, logged_in and the rest."""
    from luoshi.bench.orgs import USERNAME_PREFIX
    from luoshi.indicators import transfer
    from luoshi.orgs.models import User

    run = pages.new_run(args, argv, migrate_seconds, generator_seconds)
    if generator_seconds is not None or not bench_indicators().exists():
        made = generate_indicators(args.indicators)
        run.plans_generator_seconds = made["seconds"]
        print(f"indicators generated: {made}")
    Observation.objects.filter(indicator__in=bench_indicators(), year=IMPORT_YEAR).delete()
    run.scale = {"indicators": bench_indicators().count(),
                 "observations": Observation.objects.filter(indicator__in=bench_indicators()).count(),
                 "flags": CheckFlag.objects.count()}
    hq = User.objects.get(username=f"{USERNAME_PREFIX}{pages.HQ_CITY}_hq")
    client = pages.logged_in(hq)
    indicator = bench_indicators().order_by("code").first()
    period = f"{LAST_YEAR}-06"
    cases = [
        pages.Case("indicator list", "/indicators/", client),
        pages.Case("ranking province cities", f"/indicators/{indicator.pk}/?period={period}&parent=210000", client),
        pages.Case("ranking city counties", f"/indicators/{indicator.pk}/?period={period}&parent={pages.HQ_CITY}", client),
        pages.Case("observations (latest month)", "/indicators/observations/", client),
        pages.Case("observations all months", "/indicators/observations/?period=all", client),
        pages.Case("observations page=200", "/indicators/observations/?page=200", client),
        pages.Case("observations ind+region", f"/indicators/observations/?indicator={indicator.pk}&region=210400", client),
        pages.Case("observations period", f"/indicators/observations/?period={period}", client),
        pages.Case("observations flagged", "/indicators/observations/?flagged=1", client),
        pages.Case("checks list", "/indicators/checks/", client),
        pages.Case("api observations", f"/api/v1/observations?indicator={indicator.code}&period={period}",
                   pages.bearer(hq), api=True),
    ]
    run.users = {"hq": hq.username}
    for case in cases:
        run.results.append(pages.measure(case, args.runs, args.warmup))
    if args.import_rows <= 0:
        pages.print_table(run)
        return 0
    path = import_file(args.import_rows)
    started, cpu = time.perf_counter(), time.process_time()
    result = transfer.import_observations(actor=hq, file=str(path), source_name="bench import")
    seconds = round(time.perf_counter() - started, 1)
    # This process's own CPU time: what the import costs on a machine nothing else loads
    # (the database server's work on PostgreSQL is not in it).
    cpu_seconds = round(time.process_time() - cpu, 1)
    path.unlink()
    run.scale.update({"import_rows": result.rows, "import_seconds": seconds,
                      "import_cpu_seconds": cpu_seconds})
    pages.print_table(run)
    print(f"import of a {result.rows}-row long-layout file: {seconds} s "
          f"(CPU {cpu_seconds} s; {result.created} created, {result.flags} flags)")
    pages.write_run(run, "indicators")
    return 0
