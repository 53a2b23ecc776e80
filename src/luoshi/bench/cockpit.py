"""The leader's cockpit at province scale: ``bench/run --cockpit``.

The figures have the shape of the indicators benchmark's (``luoshi.bench.indicators``: ~100
indicators × 115 regions × 121 monthly releases ≈ 1.4M observations, 8 indicators key); a
database that has them already (``--reuse``) keeps them, else :func:`generate_figures`
writes them as plain rows, which is some twenty times faster than building model instances. With ``--projects N``, ``--leads N`` and ``--plans N``
the projects, leads and plans (with the lights of their latest month) of the other
benchmarks are generated too, so their panels have something to read; without them those
panels answer "nothing to show" quickly, which is timed as well.

The readers: a city leader of 沈阳 (the bench organisation's ``bench_210100_ld1``), and a
provincial leader this module adds (``bench_210000_ld``, the built-in leader role at a
province unit ``B-210000-LDXZ``, marked like the rest of the bench organisation). Cases: the
page, each panel's partial, and "whole cockpit", the page plus every panel one after the
other (a browser fetches the panels in parallel, so this is an upper bound of what a leader
waits), for the province, 沈阳 and a county, on the latest month.
"""

from __future__ import annotations

import statistics
import time

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test.utils import CaptureQueriesContext

from luoshi.bench.orgs import CODE_PREFIX, PASSWORD, USERNAME_PREFIX
from luoshi.cockpit.panels import available_panels
from luoshi.core.models import Region
from luoshi.orgs.models import Role, Unit, UnitKind, User

PROVINCE = "210000"
CITY = "210100"  # 沈阳: the city with the most counties
COUNTY = "210102"  # 和平区
PROVINCE_UNIT = f"{CODE_PREFIX}{PROVINCE}-LDXZ"
PROVINCE_LEADER = f"{USERNAME_PREFIX}{PROVINCE}_ld"


def province_leader() -> User:
    """The provincial leader of the bench: created once, kept with the bench organisation."""
    user = User.objects.filter(username=PROVINCE_LEADER).first()
    if user is not None:
        return user
    unit = Unit.objects.filter(code=PROVINCE_UNIT).first()
    if unit is None:
        unit = Unit(code=PROVINCE_UNIT, name="辽宁省全面振兴新突破三年行动领导小组（基准测试）",
                    kind=UnitKind.LEADING_GROUP, region_id=PROVINCE, depth=0)
        unit.path = "/"
        unit.save()
        Unit.objects.filter(pk=unit.pk).update(path=f"/{unit.pk}/")
    user = User.objects.create(username=PROVINCE_LEADER, full_name="省领导（基准测试）", unit=unit,
                               password=make_password(PASSWORD), must_change_password=False)
    user.roles.add(Role.objects.get(code="city_leader"))
    return user


# --- the figures, fast ----------------------------------------------------------------------
# The same shape as ``luoshi.bench.indicators`` (100 indicators, 8 of them key, × 115 regions ×
# 121 releases from 2014), written as plain rows through COPY / executemany instead of model
# instances: ~1 minute instead of ~20 on a busy two-core machine. Growth differs by region,
# indicator, year and month, so ranks and streaks move as real ones do.

FIRST_YEAR, LAST_YEAR = 2014, 2024
RELEASES = range(2, 13)
KEY_INDICATORS = 8
OBSERVATION_COLUMNS = ("indicator_id", "region_id", "year", "month", "value", "value_derived",
                       "cumulative", "cumulative_derived", "yoy_reported", "yoy_comparable",
                       "yoy_computed", "source_name", "source_text", "flag_count", "updated_at")


def _kind(index: int) -> str:
    return "stock" if index % 10 == 8 else "rate" if index % 10 == 9 else "flow"


def _observation_rows(indicators: list, regions: list, now: str):
    for index, indicator in enumerate(indicators):
        kind = indicator.kind
        for region in regions:
            code = int(region.code)
            size = 10.0 if region.level == "province" else (
                (30 + (code // 100 * 7 + index) % 100) / 100 if region.level == "city"
                else (2 + (code * 13 + index) % 9) / 100)
            annual = (100 + index * 13) * size
            for year in range(FIRST_YEAR, LAST_YEAR + 1):
                growth = (code // 100 + index + year) % 13 - 3
                annual *= 1 + growth / 100
                for month in RELEASES:
                    wobble = ((code + month * 7 + index) % 9 - 4) / 4  # ranks move month to month
                    if kind == "flow":
                        share = 0.15 + 0.085 * (month - 2)
                        cumulative = f"{annual * share:.2f}"
                        value = f"{annual * (0.15 if month == 2 else 0.085):.2f}"
                        yoy = f"{growth + wobble:.2f}" if year > FIRST_YEAR else None
                    else:
                        cumulative, yoy = None, f"{growth + wobble:.2f}"
                        value = f"{20 + (code + month + index) % 30 + wobble:.2f}"
                    yield (indicator.pk, region.code, year, month, value, False, cumulative,
                           False, yoy, False, yoy, "bench", "", 0, now)


def generate_figures(indicators: int = 100) -> dict:
    """Bench indicators and their observations (replacing earlier bench indicators)."""
    from django.db import transaction
    from django.utils import timezone

    from luoshi.bench.indicators import CODE_PREFIX as INDICATOR_PREFIX
    from luoshi.bench.indicators import bench_indicators, clear_bench_indicators
    from luoshi.indicators.models import Indicator, Observation

    started = time.perf_counter()
    clear_bench_indicators()
    Indicator.objects.bulk_create([
        Indicator(code=f"{INDICATOR_PREFIX}{i:03d}", name=f"测试指标{i:03d}", unit="亿元",
                  kind=_kind(i), source="bench", is_key=i < KEY_INDICATORS, sort_order=10_000 + i)
        for i in range(indicators)])
    made = list(bench_indicators().order_by("code"))
    regions = list(Region.objects.filter(code__startswith="21").order_by("code"))
    now = timezone.now().strftime("%Y-%m-%d %H:%M:%S") + ("+00" if connection.vendor != "sqlite" else "")
    rows = _observation_rows(made, regions, now)
    table, count = Observation._meta.db_table, 0
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({', '.join(OBSERVATION_COLUMNS)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        else:
            sql = (f"INSERT INTO {table} ({', '.join(OBSERVATION_COLUMNS)}) "
                   f"VALUES ({', '.join(['%s'] * len(OBSERVATION_COLUMNS))})")
            batch = []
            for row in rows:
                batch.append(row)
                if len(batch) == 20_000:
                    cursor.executemany(sql, batch)
                    count, batch = count + len(batch), []
            cursor.executemany(sql, batch)
            count += len(batch)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}")
    return {"indicators": len(made), "regions": len(regions), "observations": count,
            "seconds": round(time.perf_counter() - started, 1)}


def _generate(args, run_scale: dict) -> dict:
    """The data sets the panels read, generated when absent; returns seconds per step."""
    from luoshi.bench.indicators import bench_indicators

    seconds = {}
    if not bench_indicators().exists():
        made = generate_figures(args.indicators or 100)
        print(f"figures: {made}")
        seconds["indicators"] = made["seconds"]
    if args.projects:
        from luoshi.bench.projects import bench_projects, generate_projects

        if not bench_projects().exists():
            started = time.perf_counter()
            generate_projects(args.projects)
            seconds["projects"] = round(time.perf_counter() - started, 1)
    if getattr(args, "leads", 0):
        from luoshi.bench.attraction import bench_leads, generate_leads

        if not bench_leads().exists():
            started = time.perf_counter()
            generate_leads(args.leads)
            seconds["leads"] = round(time.perf_counter() - started, 1)
    if args.plans:
        seconds.update(_plans(args))
    from luoshi.indicators.models import Observation

    run_scale.update({"indicators": bench_indicators().count(),
                      "observations": Observation.objects.count()})
    return seconds


def _plans(args) -> dict:
    from luoshi.bench.plans import bench_plans, generate_plans
    from luoshi.progress.models import PlanStatus
    from luoshi.progress.status import recompute_period

    seconds = {}
    if not bench_plans().exists():
        started = time.perf_counter()
        generate_plans(plans=args.plans, nodes=args.nodes, months=args.months, start=args.start,
                       seed=args.seed, progress=print)
        seconds["plans"] = round(time.perf_counter() - started, 1)
    if not PlanStatus.objects.filter(plan__in=bench_plans()).exists():
        from luoshi.progress.models import ProgressReport

        latest = (ProgressReport.objects.filter(node__plan__in=bench_plans())
                  .order_by("-period").values_list("period", flat=True).first())
        started = time.perf_counter()
        recompute_period(latest)
        seconds["lights"] = round(time.perf_counter() - started, 1)
    return seconds


def latest_month() -> str:
    from luoshi.indicators.models import Observation

    year, month = (Observation.objects.filter(region_id=CITY).order_by("-year", "-month")
                   .values_list("year", "month").first())
    return f"{year}-01~02" if month == 2 else f"{year}-{month:02d}"


def cases(pages, period: str) -> list:
    city_leader = User.objects.get(username=f"{USERNAME_PREFIX}{CITY}_ld1")
    readers = {PROVINCE: pages.logged_in(province_leader()), CITY: pages.logged_in(city_leader)}
    readers[COUNTY] = readers[CITY]
    found = []
    names = dict(Region.objects.filter(code__in=readers).values_list("code", "name"))
    for code, client in readers.items():
        query = f"?region={code}&period={period}"
        found.append(pages.Case(f"cockpit {names[code]}", f"/cockpit/{query}", client))
        for panel in available_panels():
            found.append(pages.Case(f"  panel {panel.key}", f"/cockpit/panels/{panel.key}/{query}",
                                    client))
    return found


def measure_whole(pages, name: str, group: list, runs: int, warmup: int):
    """The page and its panels one after the other, as one case."""
    for _ in range(warmup):
        for case in group:
            case.client.get(case.path)
    times, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            for case in group:
                response = case.client.get(case.path)
                assert response.status_code == 200, (case.path, response.status_code)
            times.append((time.perf_counter() - started) * 1000)
        queries = len(captured.captured_queries)
    return pages.Result(name, group[0].path, "client", round(statistics.median(times), 1),
                        round(pages.p95(times), 1), queries, None, 200)


def run_bench(pages, args, argv, migrate_seconds, generator_seconds) -> int:
    """``pages`` is the bench/pages.py module: its Case, Run, measure and the rest."""
    run = pages.new_run(args, argv, migrate_seconds, generator_seconds)
    run.plans_generator_steps = _generate(args, run.scale)
    print(f"generated: {run.plans_generator_steps}")
    period = latest_month()
    found = cases(pages, period)
    run.users = {"province": PROVINCE_LEADER, "city": f"{USERNAME_PREFIX}{CITY}_ld1",
                 "period": period}
    groups: list[list] = []
    for case in found:
        if case.name.startswith("cockpit"):
            groups.append([])
        groups[-1].append(case)
        run.results.append(pages.measure(case, args.runs, args.warmup))
    for group in groups:
        run.results.append(measure_whole(pages, f"whole {group[0].name}", group, args.runs,
                                         args.warmup))
    pages.print_table(run)
    pages.write_run(run, "cockpit")
    return 0
