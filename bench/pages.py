"""Time the organisation pages and API, or with --plans the plan and report pages and the
lights job, at province scale.

Normally started by ``bench/run``, which picks the database (LUOSHI_DATABASE_URL). This
script migrates it, generates the bench organisation (timed; with --reuse an existing one
is kept), then measures each case in-process with Django's test Client: --warmup requests
thrown away, --runs requests timed, median and p95 in milliseconds, database queries per
request. Unless --no-http, the units list is also timed through a real HTTP server (wsgiref in a
thread: one worker, no keep-alive). The table is printed and written as JSON to
var/bench/orgs-<vendor>.json.

With --plans N (120 at province scale) it also generates N plans with --nodes nodes and
--months months of reports (timed; --reuse keeps them), recomputes the lights of the latest
month for every plan (``recompute_period``, timed, twice: into an empty month, then
replacing it), and times the plan tree, the reporter's inbox, the unit leader's and HQ's
queues and the delivery page instead; written to var/bench/plans-<vendor>.json.
"""

# ruff: noqa: E402  (Django must be set up before the project is imported)

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import re
import statistics
import sys
import threading
import time
import unicodedata
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, make_server

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")

import django

django.setup()

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext

from luoshi.bench.clearing import clear_bench_dependents
from luoshi.bench.orgs import CODE_PREFIX, PROVINCE_CODE, USERNAME_PREFIX, generate_orgs
from luoshi.bench.plans import bench_plans, generate_plans
from luoshi.core.permissions import access_for
from luoshi.orgs.accounts import create_api_token
from luoshi.orgs.models import Unit, User
from luoshi.plans.models import REPORTED_KINDS, PlanNode
from luoshi.progress.models import NodeStatus, PlanStatus, ProgressReport, ReportStatus
from luoshi.progress.status import recompute_period

REPO = Path(__file__).resolve().parent.parent
HQ_CITY = "210100"  # 沈阳: the city with the most counties, so the largest HQ scope


@dataclass
class Result:
    name: str
    path: str
    via: str
    median_ms: float
    p95_ms: float
    queries: int | None
    rows: int | None
    status: int
    slowest_query_ms: float | None = None
    slowest_query: str = ""


@dataclass
class Case:
    name: str
    path: str
    client: Client
    api: bool = False


@dataclass
class Run:
    database: str
    database_version: str
    date: str
    machine: dict
    command: str
    scale: dict
    migrate_seconds: float
    generator_seconds: float | None
    runs: int
    warmup: int
    results: list[Result] = field(default_factory=list)
    plans_generator_seconds: float | None = None
    plans_generator_steps: dict | None = None
    recompute: list[dict] = field(default_factory=list)
    users: dict = field(default_factory=dict)


def new_run(args, argv: list[str], migrate_seconds: float, generator_seconds: float | None,
            scale: dict | None = None) -> Run:
    """A run of ``bench/pages.py argv`` on this database and machine, results to come."""
    return Run(
        database=connection.vendor, database_version=database_version(),
        date=dt.datetime.now().astimezone().isoformat(timespec="seconds"), machine=machine(),
        command=" ".join(["bench/pages.py", *argv]), scale=scale or {},
        migrate_seconds=round(migrate_seconds, 2), generator_seconds=generator_seconds,
        runs=args.runs, warmup=args.warmup)


def write_run(run: Run, name: str, **extra) -> Path:
    """The run (and ``extra`` keys) as var/bench/<name>-<vendor>.json."""
    out = REPO / "var" / "bench" / f"{name}-{run.database}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({**asdict(run), **extra}, ensure_ascii=False, indent=2, default=str) + "\n")
    print(f"\nwritten: {out.relative_to(REPO)}")
    return out


def p95(samples: list[float]) -> float:
    """Nearest-rank 95th percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


_BODY_ROW = re.compile(r"<tr[^>]*>\s*<td")


def rows_in(response, api: bool) -> int | None:
    """Rows of the page's tables (``<tr>`` opening with a ``<td>``), or of the API's items."""
    if response.status_code != 200:
        return None
    if api:
        return len(response.json()["items"])
    return len(_BODY_ROW.findall(response.content.decode()))


def measure(case: Case, runs: int, warmup: int) -> Result:
    for _ in range(warmup):
        response = case.client.get(case.path)
        if response.status_code != 200:
            raise SystemExit(f"{case.name}: {case.path} answered {response.status_code}")
    times, queries, slowest = [], 0, (0.0, "")
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = case.client.get(case.path)
            times.append((time.perf_counter() - started) * 1000)
        queries = len(captured.captured_queries)
        for query in captured.captured_queries:
            slowest = max(slowest, (float(query["time"]) * 1000, query["sql"]))
    return Result(case.name, case.path, "client", round(statistics.median(times), 1),
                  round(p95(times), 1), queries, rows_in(response, case.api),
                  response.status_code, round(slowest[0], 1), slowest[1][:2000])


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def measure_http(name: str, path: str, session: str, runs: int, warmup: int) -> Result:
    """The same page through a real HTTP server: socket, WSGI, headers, all of it."""
    from django.core.wsgi import get_wsgi_application

    server = make_server("127.0.0.1", 0, get_wsgi_application(), handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}{path}"
    cookie = f"{settings.SESSION_COOKIE_NAME}={session}"
    times, status, body = [], 0, b""
    try:
        for attempt in range(warmup + runs):
            request = urllib.request.Request(url, headers={"Cookie": cookie})
            started = time.perf_counter()
            with urllib.request.urlopen(request) as response:
                body, status = response.read(), response.status
            if attempt >= warmup:
                times.append((time.perf_counter() - started) * 1000)
    finally:
        server.shutdown()
        server.server_close()
    return Result(name, path, "http", round(statistics.median(times), 1), round(p95(times), 1),
                  None, len(_BODY_ROW.findall(body.decode())), status)


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def bearer(user: User) -> Client:
    _token, key = create_api_token(user=user, name="bench")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def bench_users() -> dict[str, User]:
    """One user per data scope the cases need."""
    users = User.objects.filter(username__startswith=USERNAME_PREFIX).select_related("unit")
    found = {
        "hq": users.get(username=f"{USERNAME_PREFIX}{HQ_CITY}_hq"),
        "reporter": users.filter(roles__code="reporter").order_by("username").first(),
        "leader": widest_leader(users),
    }
    # "All" scope with the right to view units: a province-wide reader, if the roles give one.
    for user in users.filter(roles__data_scope="all").order_by("username"):
        access = access_for(user)
        if access.sees_all and access.has("orgs.view"):
            found["all"] = user
            break
    return found


def widest_leader(users) -> User:
    """The unit leader (scope: own unit and below) of the largest subtree among the top units."""
    leaders = users.filter(roles__code="unit_leader", unit__depth__lte=1).order_by("username")
    return max(leaders, key=lambda user: Unit.objects.filter(
        path__startswith=user.unit.path).count())


def cases(users: dict[str, User]) -> list[Case]:
    hq, hq_api = logged_in(users["hq"]), bearer(users["hq"])
    found = [
        Case("units hq (region)", "/units/", hq),
        Case("units hq q=发改", "/units/?q=发改", hq),
        Case("units hq page=50", "/units/?page=50", hq),
    ]
    if "all" in users:
        everyone = logged_in(users["all"])
        found += [Case("units all", "/units/", everyone),
                  Case("units all page=50", "/units/?page=50", everyone)]
    found += [
        Case("units leader (tree)", "/units/", logged_in(users["leader"])),
        Case("units reporter (own)", "/units/", logged_in(users["reporter"])),
        Case("api units hq", "/api/v1/units", hq_api, api=True),
        Case("api units hq page=20", "/api/v1/units?page=20", hq_api, api=True),
    ]
    if "all" in users:
        found.append(Case("api units all page=20", "/api/v1/units?page=20",
                          bearer(users["all"]), api=True))
    return found


# --- the plans benchmark (--plans) ------------------------------------------------------


def latest_period() -> str:
    """The last month of the bench plans that has reports."""
    return (ProgressReport.objects.filter(node__plan__in=bench_plans())
            .order_by("-period").values_list("period", flat=True).first())


def typical_plan():
    """The city plan with the median number of nodes, in 沈阳 if it has one."""
    plans = list(bench_plans().exclude(region_id=PROVINCE_CODE)
                 .annotate(n=Count("nodes")).order_by("n", "id"))
    in_city = [p for p in plans if p.region_id == HQ_CITY] or plans
    return in_city[len(in_city) // 2]


def busiest_reporter(users) -> User:
    """A reporter of the unit that leads the most reported nodes (the longest inbox)."""
    reporters = {u.unit_id: u for u in users.filter(roles__code="reporter").order_by("-username")}
    leads = (PlanNode.objects.filter(plan__in=bench_plans(), kind__in=REPORTED_KINDS)
             .values_list("lead_unit_id").annotate(n=Count("id")).order_by("-n"))
    return next(reporters[unit_id] for unit_id, _n in leads if unit_id in reporters)


def leader_with_longest_queue(users, *, min_depth: int = 0) -> User:
    """The unit leader (own unit and below) with the most reports waiting for approval, among
    those whose unit is at ``min_depth`` or deeper (1: no city leading group)."""
    waiting = dict(ProgressReport.objects.filter(status=ReportStatus.SUBMITTED)
                   .values_list("unit_id").annotate(n=Count("id")))
    below: dict[int, int] = {}
    for unit_id, path in Unit.objects.filter(pk__in=waiting).values_list("id", "path"):
        for ancestor in path.strip("/").split("/"):
            below[int(ancestor)] = below.get(int(ancestor), 0) + waiting[unit_id]
    leaders = users.filter(roles__code="unit_leader", unit__depth__gte=min_depth).order_by("username")
    return max(leaders, key=lambda user: below.get(user.unit_id, 0))


def plan_cases(users, period: str) -> tuple[list[Case], dict[str, User]]:
    plan = typical_plan()
    plan_hq = users.get(username=f"{USERNAME_PREFIX}{plan.region_id}_hq")
    hq = users.get(username=f"{USERNAME_PREFIX}{HQ_CITY}_hq")
    reporter, leader = busiest_reporter(users), leader_with_longest_queue(users)
    department_leader = leader_with_longest_queue(users, min_depth=1)
    task = (PlanNode.objects.filter(plan=plan, kind="task", targets__isnull=False)
            .order_by("path").first())
    tree, hq_client = f"/plans/{plan.pk}/?period={period}", logged_in(hq)
    plan_client = hq_client if plan_hq == hq else logged_in(plan_hq)
    found = [
        Case("plan tree hq", tree, plan_client),
        Case("plan tree hq light=red", f"{tree}&light=red", plan_client),
        Case("node detail hq", f"/plans/nodes/{task.pk}/?period={period}", plan_client),
        Case("plan list hq", f"/plans/?period={period}", hq_client),
        Case("inbox reporter", f"/reports/inbox/?period={period}", logged_in(reporter)),
        Case("approvals leader (city)", "/reports/approvals/", logged_in(leader)),
        Case("approvals leader (dept)", "/reports/approvals/", logged_in(department_leader)),
        Case("review hq", "/reports/review/", hq_client),
        Case("delivery hq", f"/reports/delivery/?period={period}", hq_client),
    ]
    return found, {"plan_hq": plan_hq, "hq": hq, "reporter": reporter, "leader": leader,
                   "department_leader": department_leader}


def time_recompute(period: str, label: str, jobs: int) -> dict:
    """``recompute_period`` over every plan active in ``period``, as ``luoshi status
    recompute --period --jobs`` runs it; then ANALYZE the lights tables, as autovacuum would."""
    per_plan: list[float] = []
    started = time.perf_counter()
    done = recompute_period(period, jobs=jobs,
                            progress=lambda _plan, _status, sec: per_plan.append(sec))
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        for model in (NodeStatus, PlanStatus):
            cursor.execute(f"ANALYZE {model._meta.db_table}")
    return {"period": period, "run": label, "jobs": 1 if connection.vendor == "sqlite" else jobs,
            "plans": len(done), "seconds": round(seconds, 2),
            "per_plan_ms": round(1000 * seconds / max(1, len(done)), 1),
            "slowest_plan_ms": round(1000 * max(per_plan, default=0), 1),
            "nodes": NodeStatus.objects.filter(period=period).count()}


def plans_scale() -> dict:
    plans = bench_plans()
    return {"plans": plans.count(), "nodes": PlanNode.objects.filter(plan__in=plans).count(),
            "reports": ProgressReport.objects.filter(node__plan__in=plans).count()}


def database_version() -> str:
    with connection.cursor() as cursor:
        cursor.execute("select sqlite_version()" if connection.vendor == "sqlite" else "show server_version")
        return cursor.fetchone()[0]


def machine() -> dict:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        model = next((line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines()
                      if line.startswith("model name")), "")
    return {"cpus": os.cpu_count(), "cpu": model, "platform": platform.platform(),
            "python": platform.python_version(), "django": django.get_version()}


def pad(text: str, width: int) -> str:
    """Left-justify for a terminal, where a CJK character takes two columns."""
    columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - columns)


def print_table(run: Run) -> None:
    scale = ", ".join(f"{count} {name}" for name, count in run.scale.items())
    print(f"\n{run.database} {run.database_version} · {scale} · {run.runs} runs after "
          f"{run.warmup} warm-up")
    if run.generator_seconds is not None:
        print(f"generator: {run.generator_seconds:.1f} s   migrate: {run.migrate_seconds:.1f} s")
    if run.plans_generator_seconds is not None:
        print(f"plans generator: {run.plans_generator_seconds:.1f} s {run.plans_generator_steps}")
    if run.users:
        print("users: " + ", ".join(f"{role} {name}" for role, name in run.users.items()))
    for job in run.recompute:
        print(f"recompute {job['period']} ({job['run']}, {job['jobs']} at once): {job['seconds']:.1f} s for "
              f"{job['plans']} plans, {job['per_plan_ms']:.0f} ms per plan on average, "
              f"slowest {job['slowest_plan_ms']:.0f} ms")
    print(f"{'case':<26}{'via':<8}{'median ms':>10}{'p95 ms':>9}{'queries':>9}{'rows':>6}")
    for r in run.results:
        queries = "—" if r.queries is None else r.queries
        rows = "—" if r.rows is None else r.rows
        print(f"{pad(r.name, 26)}{r.via:<8}{r.median_ms:>10.1f}{r.p95_ms:>9.1f}{queries!s:>9}{rows!s:>6}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=5000)
    parser.add_argument("--users", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--reuse", action="store_true",
                        help="keep the bench organisation already in the database")
    parser.add_argument("--no-http", action="store_true",
                        help="skip timing the units list through an HTTP server")
    parser.add_argument("--any-database", action="store_true",
                        help="allow a database whose name does not contain 'bench'")
    parser.add_argument("--plans", type=int, default=0,
                        help="time the plan and report pages over this many plans (120)")
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--start", default="2023-01")
    parser.add_argument("--projects", type=int, default=0,
                        help="time the project pages over this many projects (30000)")
    parser.add_argument("--indicators", type=int, default=0,
                        help="time the indicator pages and a 100,000-row import over this many "
                             "indicators × 115 regions × 121 months (100)")
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--leads", type=int, default=0,
                        help="time the lead pipeline and lead list over this many leads (50000)")
    parser.add_argument("--warnings", type=int, default=0,
                        help="time the warning and order lists and `luoshi warnings run` over "
                             "the bench plans with this many earlier warnings (200000)")
    parser.add_argument("--orders", type=int, default=5000, help="supervision orders (with --warnings)")
    parser.add_argument("--cockpit", action="store_true",
                        help="time the cockpit and its panels over the indicators bench data "
                             "(and the projects, leads and plans asked for with their options)")
    parser.add_argument("--assessment", action="store_true",
                        help="time `luoshi assessment compute` for every bench unit and the ranking "
                             "pages over the bench plans (generated with --plans/--months if missing)")
    parser.add_argument("--appeals", type=int, default=0,
                        help="time the appeal list, unit inbox and statistics over this many "
                             "appeals of --enterprises enterprises (200000)")
    parser.add_argument("--enterprises", type=int, default=50_000)
    parser.add_argument("--briefs", action="store_true",
                        help="time generating a 综述 for the province, a city and a county over "
                             "every source's bench data (generated when missing) and the brief pages")
    parser.add_argument("--jobs", type=int, default=2,
                        help="plans recomputed at once (PostgreSQL; SQLite runs one at a time)")
    args = parser.parse_args(argv)

    name = str(connection.settings_dict["NAME"])
    if "bench" not in name and not args.any_database:
        # The generator adds accounts with a published password: never on a real database.
        raise SystemExit(f"refusing to run on database {name!r}: its name must contain 'bench'")

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    migrate_seconds = time.perf_counter() - started

    generator_seconds = None
    existing = Unit.objects.filter(code__startswith=CODE_PREFIX).count()
    if not (args.reuse and existing):
        clear_bench_dependents()
        started = time.perf_counter()
        generate_orgs(units=args.units, users=args.users, seed=args.seed)
        generator_seconds = round(time.perf_counter() - started, 2)
    if args.briefs:
        from luoshi.bench.briefs import run_bench as run_briefs_bench
        return run_briefs_bench(sys.modules[__name__], args, argv, migrate_seconds, generator_seconds)
    if args.cockpit:
        from luoshi.bench.cockpit import run_bench as run_cockpit_bench
        return run_cockpit_bench(sys.modules[__name__], args, argv, migrate_seconds, generator_seconds)
    if args.projects > 0:
        from luoshi.bench.projects import run_bench
        return run_bench(sys.modules[__name__], args, argv, migrate_seconds, generator_seconds)
    if args.indicators > 0:
        from luoshi.bench.indicators import run_bench as run_indicators_bench
        return run_indicators_bench(sys.modules[__name__], args, argv, migrate_seconds,
                                    generator_seconds)
    if args.warnings > 0:
        from luoshi.bench.supervision import run_bench as run_supervision_bench
        return run_supervision_bench(sys.modules[__name__], args, argv, migrate_seconds,
                                     generator_seconds)
    if args.leads > 0:
        from luoshi.bench.attraction import run_bench as run_leads_bench
        return run_leads_bench(sys.modules[__name__], args, argv, migrate_seconds, generator_seconds)
    if args.assessment:
        from luoshi.bench.assessment import run_bench as run_assessment_bench
        return run_assessment_bench(sys.modules[__name__], args, argv, migrate_seconds,
                                    generator_seconds)
    if args.appeals > 0:
        from luoshi.bench.service import run_bench as run_service_bench
        return run_service_bench(sys.modules[__name__], args, argv, migrate_seconds, generator_seconds)
    if args.plans > 0:
        return bench_plans_pages(args, argv, migrate_seconds, generator_seconds)

    run = new_run(args, argv, migrate_seconds, generator_seconds, scale={
        "units": Unit.objects.filter(code__startswith=CODE_PREFIX).count(),
        "users": User.objects.filter(username__startswith=USERNAME_PREFIX).count()})

    users = bench_users()
    for case in cases(users):
        run.results.append(measure(case, args.runs, args.warmup))
    if not args.no_http:
        session = logged_in(users["hq"]).cookies[settings.SESSION_COOKIE_NAME].value
        run.results.append(measure_http("units hq (region)", "/units/", session,
                                        args.runs, args.warmup))

    print_table(run)
    write_run(run, "orgs")
    return 0


def bench_plans_pages(args, argv: list[str], migrate_seconds: float,
                      generator_seconds: float | None) -> int:
    run = new_run(args, argv, migrate_seconds, generator_seconds)
    if generator_seconds is not None or not bench_plans().exists():
        started = time.perf_counter()
        made = generate_plans(plans=args.plans, nodes=args.nodes, months=args.months,
                              start=args.start, seed=args.seed, progress=print)
        run.plans_generator_seconds = round(time.perf_counter() - started, 1)
        run.plans_generator_steps = made.seconds
    run.scale = {"units": Unit.objects.filter(code__startswith=CODE_PREFIX).count(),
                 "users": User.objects.filter(username__startswith=USERNAME_PREFIX).count(),
                 **plans_scale()}
    period = latest_period()
    for label in ("empty month", "replacing"):
        run.recompute.append(time_recompute(period, label, args.jobs))
        print(f"recompute {period} ({label}): {run.recompute[-1]['seconds']:.1f} s")

    users = User.objects.filter(username__startswith=USERNAME_PREFIX).select_related("unit")
    found, who = plan_cases(users, period)
    run.users = {role: user.username for role, user in who.items()}
    for case in found:
        run.results.append(measure(case, args.runs, args.warmup))
    if not args.no_http:
        session = found[0].client.cookies[settings.SESSION_COOKIE_NAME].value
        run.results.append(measure_http("plan tree hq", found[0].path, session,
                                        args.runs, args.warmup))

    print_table(run)
    write_run(run, "plans")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
