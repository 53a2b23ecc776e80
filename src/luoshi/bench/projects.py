"""Province-scale projects for the benchmarks (DESIGN.md §5), and the timing of their pages.

``generate_projects()`` fills the bench organisation (``luoshi.bench.orgs.generate_orgs``
first) with 30,000 projects spread over the 14 cities (沈阳 and 大连 the largest), led by
their departments and county governments (a few units lead hundreds), each with its stage
history, year plans, lists (a provincial list of 300 per year, city lists), and monthly
investment for every month from its start to the last month: ~1M rows at full scale. About
5 % of projects under construction stop reporting investment (stalled); ~15,000 blockers,
a third of them open, many overdue; a helper and a few visits for one project in ten.

Rows are written straight into the tables like ``luoshi.bench.plans`` does (``COPY`` on
PostgreSQL, ``executemany`` on SQLite), without audit entries: bench fixture data, not
anyone's change. Bench projects are marked by their code, ``B-P…``.

``run_bench()`` is ``bench/run --projects N``: it times the project list (HQ of 沈阳, with
filters, a later page), a project's page, the blocker board (HQ and a busy unit's reporter)
and the projects API, and writes ``var/bench/projects-<vendor>.json``.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count

from luoshi.bench.orgs import CODE_PREFIX, USERNAME_PREFIX
from luoshi.bench.plans import _Loader
from luoshi.core.models import Region, RegionLevel
from luoshi.orgs.models import Official, Unit, UnitKind, User
from luoshi.projects.models import (
    Blocker,
    Helper,
    ListMembership,
    MonthlyInvestment,
    Project,
    ProjectKind,
    ProjectList,
    Stage,
    StageChange,
    Visit,
    YearPlan,
)

PROJECT_PREFIX = "B-P"
LEAD_KINDS = (UnitKind.GOV_DEPT, UnitKind.COUNTY_GOV, UnitKind.DEVELOPMENT_ZONE)
CITY_WEIGHT = {"210100": 4.0, "210200": 3.5}
STAGES = [(Stage.PLANNING, 0.10), (Stage.PRELIMINARY, 0.08), (Stage.SIGNED, 0.07), (Stage.STARTED, 0.10),
          (Stage.BUILDING, 0.45), (Stage.COMPLETED, 0.10), (Stage.OPERATING, 0.10)]
INVESTING = {Stage.STARTED, Stage.BUILDING, Stage.COMPLETED, Stage.OPERATING}
TOPICS = ["新材料", "装备制造", "精细化工", "新能源", "储能", "氢能", "数字经济", "物流园", "文旅综合体", "城市更新",
          "供热管网", "污水处理", "医院", "学校", "现代农业", "冷链", "港口", "高速公路", "铁路", "矿山修复"]
KIND_OF = {"新材料": ("C", ProjectKind.INDUSTRIAL), "装备制造": ("C", ProjectKind.INDUSTRIAL),
           "精细化工": ("C", ProjectKind.INDUSTRIAL), "新能源": ("D", ProjectKind.INFRASTRUCTURE),
           "储能": ("D", ProjectKind.INDUSTRIAL), "氢能": ("C", ProjectKind.INDUSTRIAL),
           "数字经济": ("I", ProjectKind.SERVICE), "物流园": ("G", ProjectKind.SERVICE),
           "文旅综合体": ("R", ProjectKind.SERVICE), "城市更新": ("E", ProjectKind.SOCIAL),
           "供热管网": ("D", ProjectKind.INFRASTRUCTURE), "污水处理": ("N", ProjectKind.INFRASTRUCTURE),
           "医院": ("Q", ProjectKind.SOCIAL), "学校": ("P", ProjectKind.SOCIAL),
           "现代农业": ("A", ProjectKind.AGRICULTURE), "冷链": ("G", ProjectKind.SERVICE),
           "港口": ("G", ProjectKind.INFRASTRUCTURE), "高速公路": ("G", ProjectKind.INFRASTRUCTURE),
           "铁路": ("G", ProjectKind.INFRASTRUCTURE), "矿山修复": ("N", ProjectKind.INFRASTRUCTURE)}


def bench_projects():
    return Project.objects.filter(code__startswith=PROJECT_PREFIX)


def clear_bench_projects() -> int:
    ids = list(bench_projects().values_list("pk", flat=True))
    with transaction.atomic():
        for start in range(0, len(ids), 5000):
            chunk = ids[start:start + 5000]
            for model in (MonthlyInvestment, StageChange, YearPlan, ListMembership, Helper, Visit, Blocker):
                model.objects.filter(project_id__in=chunk).delete()
            Project.objects.filter(pk__in=chunk).delete()
        ProjectList.objects.filter(name__startswith="B-").delete()
    return len(ids)


def _months(start: tuple[int, int], end: tuple[int, int]):
    year, month = start
    while (year, month) <= end:
        yield year, month
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)


def generate_projects(projects: int = 30_000, *, end: tuple[int, int] = (2025, 10), seed: int = 1,
                      progress=print) -> dict[str, int]:
    rng = random.Random(seed)
    clear_bench_projects()
    cities = list(Region.objects.filter(level=RegionLevel.CITY, code__startswith="21").order_by("code"))
    counties = {}
    for code in Region.objects.filter(level=RegionLevel.COUNTY, code__startswith="21").values_list("code", flat=True):
        counties.setdefault(code[:4] + "00", []).append(code)
    leads = {}
    for unit_id, region_id in Unit.objects.filter(code__startswith=CODE_PREFIX, kind__in=LEAD_KINDS).values_list(
            "id", "region_id"):
        leads.setdefault(region_id[:4] + "00", []).append(unit_id)
    weights = [CITY_WEIGHT.get(c.code, 1.0) for c in cities]
    officials = {}
    for official_id, region_id in Official.objects.filter(unit__code__startswith=CODE_PREFIX).values_list(
            "id", "unit__region_id"):
        officials.setdefault(region_id[:4] + "00", []).append(official_id)
    today = dt.date.today()
    now = dt.datetime.now(dt.UTC)
    made = {"projects": 0, "investment": 0, "blockers": 0}
    with _Loader() as loader:
        lists = {}
        for year in range(end[0] - 2, end[0] + 1):
            lists[("province", year)] = ProjectList.objects.create(name="B-省重大项目", year=year, level="province")
            lists[("city", year)] = ProjectList.objects.create(name="B-市重点项目", year=year, level="city")
        ids = loader.ids(Project, projects)
        rows, changes, plans, members, investment, blockers, helpers, visits = [], [], [], [], [], [], [], []
        provincial_left = {year: 300 for year in range(end[0] - 2, end[0] + 1)}
        for pid in ids:
            city = rng.choices(cities, weights)[0].code
            region = rng.choice(counties.get(city, [city]) + [city])
            pool = leads.get(city) or [u for us in leads.values() for u in us]
            lead = pool[min(int(rng.paretovariate(1.2)) - 1, len(pool) - 1)] if rng.random() < 0.3 else rng.choice(pool)
            topic = rng.choice(TOPICS)
            industry, kind = KIND_OF[topic]
            stage = rng.choices([s for s, _ in STAGES], [w for _, w in STAGES])[0]
            total = Decimal(rng.randint(5, 3000) * 1000)
            started = (rng.randint(end[0] - 5, end[0] - 1), rng.randint(1, 12))
            started = min(started, end)
            since = dt.date(*started, 1)
            name = f"{topic}项目{pid}"
            row = [pid, f"{PROJECT_PREFIX}{pid:06d}", name, region, lead, "", "", industry, kind, total,
                   stage, since, end[0] + 1 if stage == Stage.PLANNING else None, None, "", "",
                   loader.datetime(now), loader.datetime(now)]
            rows.append(row)
            changes.append((pid, "", stage, since, "", None, "bench", loader.datetime(now)))
            plans.append((pid, end[0], (total / 4).quantize(Decimal(1))))
            year = started[0]
            if year in provincial_left and provincial_left[year] and total >= 500_000:
                provincial_left[year] -= 1
                members.append((lists[("province", year)].pk, pid))
            if rng.random() < 0.3:
                members.append((lists[("city", end[0])].pk, pid))
            if stage in INVESTING:
                stalled = rng.random() < 0.05
                last = end if not stalled else (end[0], max(1, end[1] - 4))
                per_month = total / 36
                cumulative, current_year = Decimal(0), None
                for y, m in _months(started, last):
                    if y != current_year:
                        cumulative, current_year = Decimal(0), y
                    amount = (per_month * Decimal(rng.uniform(0.5, 1.5))).quantize(Decimal(1))
                    cumulative += amount
                    investment.append((pid, y, m, amount, cumulative, False, "", loader.datetime(now)))
                    row[13] = y * 100 + m
            if rng.random() < 0.5:
                found = since + dt.timedelta(days=rng.randint(0, 600))
                found = min(found, today)
                deadline = found + dt.timedelta(days=rng.randint(15, 120))
                resolved = rng.random() < 0.66
                unit = rng.choice(pool)
                blockers.append((pid, f"难题{pid}", "", found, unit, deadline, "resolved" if resolved else "open",
                                 "已解决" if resolved else "", min(deadline, today) if resolved else None,
                                 None, None, loader.datetime(now)))
            if rng.random() < 0.1 and officials.get(city):
                official = rng.choice(officials[city])
                helpers.append((pid, official, since))
                for k in range(rng.randint(1, 4)):
                    visits.append((pid, official, min(today, since + dt.timedelta(days=30 * k + 7)), "现场调度",
                                   None, loader.datetime(now)))
        columns = {
            Project: ["id", "code", "name", "region_id", "lead_unit_id", "investor_name", "investor_uscc",
                      "industry", "kind", "total_investment", "stage", "stage_since", "planned_start_year",
                      "last_invested", "location", "description", "created_at", "updated_at"],
            StageChange: ["project_id", "from_stage", "to_stage", "on", "reason", "actor_id", "actor_name", "at"],
            YearPlan: ["project_id", "year", "amount"],
            ListMembership: ["project_list_id", "project_id"],
            MonthlyInvestment: ["project_id", "year", "month", "completed", "cumulative", "fell", "note",
                                "updated_at"],
            Blocker: ["project_id", "title", "description", "found_on", "unit_id", "deadline", "status",
                      "resolution", "resolved_on", "raised_by_id", "resolved_by_id", "created_at"],
            Helper: ["project_id", "official_id", "assigned_on"],
            Visit: ["project_id", "official_id", "visited_on", "notes", "recorded_by_id", "created_at"],
        }
        rows = [tuple(row) for row in rows]
        for model, data in ((Project, rows), (StageChange, changes), (YearPlan, plans),
                            (ListMembership, members), (MonthlyInvestment, investment), (Blocker, blockers),
                            (Helper, helpers), (Visit, visits)):
            started_at = time.perf_counter()
            cols = [connection.ops.quote_name(c) for c in columns[model]]
            loader.insert(model._meta.db_table, cols, data)
            loader._next.setdefault(model, 1)  # reset the sequences of every table written
            progress(f"  {model.__name__}: {len(data)} rows in {time.perf_counter() - started_at:.1f} s")
        with connection.cursor() as cursor:
            tables = [m._meta.db_table for m in columns]
            if loader.vendor == "postgresql" and not connection.in_atomic_block:
                cursor.execute(f"VACUUM (ANALYZE) {', '.join(tables)}")
            else:
                cursor.execute("ANALYZE")
    made.update(projects=len(rows), investment=len(investment), blockers=len(blockers))
    return made


# --- timing (bench/run --projects N) ------------------------------------------------------


def run_bench(pages, args, argv, migrate_seconds, generator_seconds) -> int:
    """``pages`` is the bench/pages.py module: its Case, Run, measure, logged_in and the rest."""
    run = pages.new_run(args, argv, migrate_seconds, generator_seconds)
    if generator_seconds is not None or not bench_projects().exists():
        started = time.perf_counter()
        made = generate_projects(args.projects, seed=args.seed)
        run.plans_generator_seconds = round(time.perf_counter() - started, 1)
        print(f"projects generated: {made} in {run.plans_generator_seconds} s")
    run.scale = {"projects": bench_projects().count(),
                 "monthly_investment": MonthlyInvestment.objects.filter(project__code__startswith=PROJECT_PREFIX).count(),
                 "blockers": Blocker.objects.filter(project__code__startswith=PROJECT_PREFIX).count()}
    users = User.objects.filter(username__startswith=USERNAME_PREFIX)
    hq = users.get(username=f"{USERNAME_PREFIX}{pages.HQ_CITY}_hq")
    hq_client = pages.logged_in(hq)
    busiest = (Blocker.objects.filter(project__code__startswith=PROJECT_PREFIX, status="open")
               .values_list("unit_id").annotate(n=Count("id")).order_by("-n"))
    reporters = {u.unit_id: u for u in users.filter(roles__code="reporter")}
    reporter = next((reporters[u] for u, _n in busiest if u in reporters), None)
    project = (bench_projects().filter(region__code__startswith=pages.HQ_CITY[:4], stage=Stage.BUILDING)
               .annotate(n=Count("investments")).order_by("-n").first())
    provincial = ProjectList.objects.filter(name="B-省重大项目").order_by("-year").first()
    cases = [
        pages.Case("project list hq", "/projects/", hq_client),
        pages.Case("project list hq stage+list", f"/projects/?stage=building&list={provincial.pk}", hq_client),
        pages.Case("project list hq industry C", "/projects/?industry=C", hq_client),
        pages.Case("project list hq stalled 3", "/projects/?stalled=3", hq_client),
        pages.Case("project list hq page=20", "/projects/?page=20", hq_client),
        pages.Case("project detail hq", f"/projects/{project.pk}/", hq_client),
        pages.Case("blocker board hq", "/projects/blockers/", hq_client),
        pages.Case("api projects hq", "/api/v1/projects", pages.bearer(hq), api=True),
        # The organisation benchmark's units list, timed in the same run: how loaded the
        # machine is (docs/benchmarks.md has its figures on a quiet one).
        pages.Case("units hq (reference)", "/units/", hq_client),
    ]
    if reporter is not None:
        cases.append(pages.Case("blocker board reporter", "/projects/blockers/", pages.logged_in(reporter)))
        cases.append(pages.Case("project list reporter", "/projects/", pages.logged_in(reporter)))
    run.users = {"hq": hq.username, "reporter": reporter.username if reporter else ""}
    for case in cases:
        run.results.append(pages.measure(case, args.runs, args.warmup))
    pages.print_table(run)
    pages.write_run(run, "projects")
    return 0
