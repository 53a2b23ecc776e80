"""A brief over province-scale data: ``bench/run --briefs``.

Every data source a brief reads is filled the way its own benchmark fills it, each step
skipped when its data are there already (``--reuse``): the bench plans over 24 months from
2023-01, so that their last month, 2024-12, is also the last month of the indicators
(``luoshi.bench.cockpit.generate_figures``), with the lights of that month; the projects
(``luoshi.bench.projects``, their investment up to that month); the leads
(``luoshi.bench.attraction``); the warnings of the real rules for that month plus history
and the cities' supervision orders (``luoshi.bench.supervision``); and the province's
assessment scheme computed for that month's quarter (``luoshi.bench.assessment``).

Timed: ``generate_brief`` of a 综述 (every default section) for the province, 沈阳 and a
county of 沈阳, as the page and ``luoshi briefs generate`` run it (each brief is deleted
after its run); then the draft's page, a figure's provenance page and the .docx download of
沈阳's brief through the test client. Writes ``var/bench/briefs-<vendor>.json``.
"""

from __future__ import annotations

import statistics
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

from luoshi.bench.orgs import USERNAME_PREFIX
from luoshi.core.periods import Period
from luoshi.orgs.models import User

REGIONS = {"210000": "全省", "210100": "沈阳市", "210102": "和平区"}
PLAN_MONTHS = 24  # 2023-01 … 2024-12, the indicators' last year


def _step(seconds: dict, name: str, work) -> None:
    started = time.perf_counter()
    made = work()
    seconds[name] = round(time.perf_counter() - started, 1)
    print(f"{name}: {made} ({seconds[name]} s)")


def generate_sources(args, pages) -> tuple[str, dict]:
    """Every source's bench data, generated when absent; the month the brief is for."""
    from luoshi.assessment.models import Result
    from luoshi.bench.assessment import bench_schemes, generate_assessment
    from luoshi.bench.attraction import bench_leads, generate_leads
    from luoshi.bench.cockpit import generate_figures
    from luoshi.bench.indicators import bench_indicators
    from luoshi.bench.plans import bench_plans, generate_plans
    from luoshi.bench.projects import bench_projects, generate_projects
    from luoshi.bench.supervision import bench_warnings, generate_warnings
    from luoshi.progress.models import NodeStatus
    from luoshi.supervision.evaluation import run_warnings

    seconds: dict = {}
    if not bench_plans().exists():
        _step(seconds, "plans", lambda: generate_plans(
            plans=args.plans or 120, nodes=args.nodes, months=PLAN_MONTHS, start=args.start,
            seed=args.seed, progress=print).seconds)
    period = pages.latest_period()
    month = Period.parse(period)
    if not NodeStatus.objects.filter(period=period).exists():
        _step(seconds, "lights", lambda: pages.time_recompute(period, "lights", args.jobs)["seconds"])
    if not bench_indicators().exists():
        _step(seconds, "indicators", lambda: generate_figures(args.indicators or 100))
    if not bench_projects().exists():
        _step(seconds, "projects", lambda: generate_projects(
            args.projects or 30_000, end=(month.year, month.number), seed=args.seed))
    if not bench_leads().exists():
        _step(seconds, "leads", lambda: generate_leads(args.leads or 50_000, seed=args.seed))
    if not bench_warnings().exists():
        _step(seconds, "warnings job", lambda: len(run_warnings(period)))
        _step(seconds, "warnings history and orders", lambda: generate_warnings(
            args.warnings or 200_000, orders=args.orders, seed=args.seed))
    quarter = Period.of_quarter(month.year, (month.number - 1) // 3 + 1)
    if not Result.objects.filter(scheme__in=bench_schemes(), period=quarter.code).exists():
        from luoshi.assessment.services import compute_period
        from luoshi.core.errors import InvalidInput
        from luoshi.core.permissions import SYSTEM

        scheme = generate_assessment(year=month.year, seed=args.seed).scheme
        try:
            _step(seconds, "assessment", lambda: compute_period(actor=SYSTEM, scheme=scheme,
                                                                period=quarter.code).units)
        except InvalidInput as exc:  # a small bench organisation leaves a category empty
            print(f"assessment not computed: {exc.message}")
    return period, seconds


def time_generation(pages, region: str, period: str, runs: int):
    """``generate_brief`` of a 综述 ``runs`` times after one warm-up, as a Result whose rows
    are the figures written; the briefs are deleted but the last, which is returned too."""
    from luoshi.briefs.models import Brief
    from luoshi.briefs.services import BriefRequest, generate_brief
    from luoshi.core.permissions import SYSTEM

    request = BriefRequest(region_code=region, period=period, kind="review")
    times, queries, brief = [], 0, None
    for index in range(runs + 1):
        if brief is not None:
            Brief.objects.filter(pk=brief.pk).delete()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            brief = generate_brief(actor=SYSTEM, request=request)
            elapsed = (time.perf_counter() - started) * 1000
        if index:  # the first run warms the caches
            times.append(elapsed)
            queries = len(captured.captured_queries)
    sections = list(brief.sections.values_list("code", "figures"))
    print(f"{REGIONS[region]} {period}: sections {[code for code, _ in sections]}")
    result = pages.Result(f"generate 综述 {REGIONS[region]}", f"luoshi briefs generate --region {region}",
                          "service", round(statistics.median(times), 1), round(pages.p95(times), 1),
                          queries, sum(len(f) for _, f in sections), 200)
    return result, brief


def measure_download(pages, case, runs: int, warmup: int):
    """A file download: timed like a page, its size in KB where a page has its rows."""
    for _ in range(warmup):
        case.client.get(case.path)
    times, queries, size = [], 0, 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = case.client.get(case.path)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (case.path, response.status_code)
        queries, size = len(captured.captured_queries), len(response.content) // 1024
    return pages.Result(case.name, case.path, "client", round(statistics.median(times), 1),
                        round(pages.p95(times), 1), queries, size, 200)


def run_bench(pages, args, argv, migrate_seconds, generator_seconds) -> int:
    """``pages`` is the bench/pages.py module: its Case, Run, measure, logged_in and the rest."""
    from luoshi.briefs.models import Brief

    run = pages.new_run(args, argv, migrate_seconds, generator_seconds)
    period, run.plans_generator_steps = generate_sources(args, pages)
    runs = min(args.runs, 10)
    briefs = {}
    for region in REGIONS:
        result, briefs[region] = time_generation(pages, region, period, runs)
        run.results.append(result)
    brief = briefs["210100"]
    section = next(s for s in brief.sections.order_by("position") if s.figures)
    client = pages.logged_in(User.objects.get(username=f"{USERNAME_PREFIX}210100_hq"))
    cases = [pages.Case("brief page (沈阳)", f"/briefs/{brief.pk}/", client),
             pages.Case("figure provenance", f"/briefs/{brief.pk}/sections/{section.pk}/figures/0/", client),
             pages.Case("brief list", "/briefs/", client)]
    for case in cases:
        run.results.append(pages.measure(case, args.runs, args.warmup))
    run.results.append(measure_download(pages, pages.Case(
        "download .docx", f"/briefs/{brief.pk}/download.docx", client), args.runs, args.warmup))
    run.scale = {"sections (沈阳)": brief.sections.count(), "figures (沈阳)": run.results[1].rows}
    run.users = {"hq": f"{USERNAME_PREFIX}210100_hq", "period": period}
    pages.print_table(run)
    Brief.objects.filter(pk__in=[b.pk for b in briefs.values()]).delete()
    pages.write_run(run, "briefs")
    return 0
