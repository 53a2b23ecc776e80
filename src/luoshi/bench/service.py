"""Province-scale enterprises and appeals for the benchmarks (DESIGN.md §5: ~200,000 appeals
a year).

``generate_service()`` fills the bench organisation (``luoshi.bench.orgs.generate_orgs``
first) with ``enterprises`` enterprises spread over Liaoning's cities and counties, one or
two cadres assigned to each (包保, officials of the bench units of its city), and
``appeals`` appeals received over the 365 days up to today: the older, the further along
(closed, answered, assigned, received), a share answered late, the open ones past their
deadline overdue, about three in four answers rated. Each appeal is assigned to a
department or the county government of its enterprise's city, a few of them much busier
than the rest. ``clear_bench_service()`` removes it all again. Bench enterprises are marked
by their name, ``B-…``.

As in ``luoshi.bench.plans``, rows are written straight into the tables (``COPY`` on
PostgreSQL, ``executemany`` on SQLite) with no history events, visits or audit entries:
fixture data nobody changed, for a database kept for measuring.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from luoshi.bench.orgs import CODE_PREFIX
from luoshi.bench.plans import _Loader
from luoshi.core.models import Region, RegionLevel
from luoshi.core.workdays import add_workdays
from luoshi.orgs.models import Official, Unit, UnitKind
from luoshi.service.examples import enterprise_uscc
from luoshi.service.models import (
    Appeal,
    AppealEvent,
    Assignment,
    Enterprise,
    EnterpriseAccount,
    EnterpriseSize,
    Industry,
    Visit,
)
from luoshi.service.services import deadline_workdays

NAME_PREFIX = "B-"
SERIAL_BASE = 60_000_000  # organisation codes of bench enterprises: 60000000 + i
_HANDLER_KINDS = {UnitKind.GOV_DEPT, UnitKind.PARTY_DEPT, UnitKind.DEVELOPMENT_ZONE, UnitKind.COUNTY_GOV}
_SIZES = (EnterpriseSize.LARGE, EnterpriseSize.MEDIUM, EnterpriseSize.SMALL, EnterpriseSize.MICRO)
_SIZE_WEIGHTS = (3, 12, 45, 40)
_CATEGORY_WEIGHTS = {"factors": 18, "financing": 16, "land": 10, "approval": 16, "policy": 18,
                     "labour": 12, "other": 10}
_TITLES = {"factors": "用电增容", "financing": "流动资金贷款", "land": "建设用地指标", "approval": "审批提速",
           "policy": "政策资金兑现", "labour": "技术工人招聘", "other": "周边道路维修"}


@dataclass
class BenchServiceCounts:
    enterprises: int = 0
    assignments: int = 0
    appeals: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def bench_enterprises():
    return Enterprise.objects.filter(name__startswith=NAME_PREFIX)


def clear_bench_service() -> dict[str, int]:
    """Delete the bench enterprises with their appeals and assignments, table by table."""
    ids = bench_enterprises().values("id")
    counts = {"enterprises": bench_enterprises().count(),
              "appeals": Appeal.objects.filter(enterprise__in=ids).count()}
    if not counts["enterprises"]:
        return counts
    with transaction.atomic():
        AppealEvent.objects.filter(appeal__enterprise__in=ids).delete()
        Appeal.objects.filter(enterprise__in=ids)._raw_delete(connection.alias)
        Visit.objects.filter(assignment__enterprise__in=ids).delete()
        Assignment.objects.filter(enterprise__in=ids)._raw_delete(connection.alias)
        EnterpriseAccount.objects.filter(enterprise__in=ids).delete()
        bench_enterprises()._raw_delete(connection.alias)
    return counts


@dataclass
class _City:
    code: str
    regions: list[str]  # the city and its counties
    handlers: list[int]  # units appeals go to
    weights: list[float]  # cumulative busyness of the handlers
    officials: list[tuple[int, int]]  # (official, unit) of those units


def _cities(rng: random.Random) -> list[_City]:
    units = list(Unit.objects.filter(code__startswith=CODE_PREFIX, depth__lte=1)
                 .values_list("id", "region_id", "kind").order_by("id"))
    if not units:
        raise ValueError("没有基准组织机构：请先生成组织机构（luoshi bench generate）")
    officials: dict[int, list[int]] = {}
    for official_id, unit_id in Official.objects.filter(unit__code__startswith=CODE_PREFIX, unit__depth__lte=1) \
            .values_list("id", "unit_id").order_by("id"):
        officials.setdefault(unit_id, []).append(official_id)
    cities = []
    for code in Region.objects.filter(level=RegionLevel.CITY, code__startswith="21").order_by("code") \
            .values_list("code", flat=True):
        handlers = [u for u, region, kind in units if region[:4] == code[:4] and kind in _HANDLER_KINDS]
        if not handlers:
            continue
        total, weights = 0.0, []
        for _ in handlers:  # a few units get many appeals, most a handful
            total += rng.lognormvariate(0, 0.9)
            weights.append(total)
        counties = list(Region.objects.filter(parent_id=code).order_by("code").values_list("code", flat=True))
        cities.append(_City(code=code, regions=[code, *counties], handlers=handlers, weights=weights,
                            officials=[(o, u) for u in handlers for o in officials.get(u, [])]))
    return cities


def _fate(rng: random.Random, age: int) -> str:
    roll = rng.random()
    if age < 7:
        return "received" if roll < 0.35 else "assigned" if roll < 0.85 else "answered"
    if age < 30:
        return ("received", "assigned", "answered", "closed")[min(3, int(roll * 4.5))]
    return "received" if roll < 0.01 else "assigned" if roll < 0.05 else "answered" if roll < 0.15 else "closed"


def generate_service(enterprises: int = 50_000, appeals: int = 200_000, seed: int = 1,
                     progress: Callable[[str], None] = lambda _: None) -> BenchServiceCounts:
    """Replace the bench enterprises and appeals with fresh ones."""
    counts = BenchServiceCounts()
    started = time.perf_counter()
    clear_bench_service()
    counts.seconds["clear"] = round(time.perf_counter() - started, 1)
    rng = random.Random(seed)
    cities = _cities(rng)
    regions = [(city, region) for city in cities for region in city.regions]
    today = timezone.localdate()
    workdays = deadline_workdays()
    deadlines: dict[dt.date, dt.date] = {}
    categories = list(_CATEGORY_WEIGHTS)
    category_weights = [_CATEGORY_WEIGHTS[c] for c in categories]
    industries = Industry.values[:19]
    with _Loader() as loader:
        started = time.perf_counter()
        enterprise_ids = loader.ids(Enterprise, enterprises)
        placed: list[tuple[int, _City, str]] = []
        rows = []
        for i, enterprise_id in enumerate(enterprise_ids):
            city, region = regions[rng.randrange(len(regions))]
            placed.append((enterprise_id, city, region))
            rows.append((enterprise_id, f"{NAME_PREFIX}{region}企业{i:06d}有限公司",
                         enterprise_uscc(region, SERIAL_BASE + i), region, rng.choice(industries),
                         rng.choices(_SIZES, _SIZE_WEIGHTS)[0], "", "", "", True))
        counts.enterprises = loader.insert(Enterprise._meta.db_table, [
            "id", "name", "uscc", "region_id", "industry", "size", "address", "contact_name",
            "contact_phone", "is_active"], rows)
        progress(f"enterprises: {counts.enterprises}")
        start = today - dt.timedelta(days=365)
        links = []
        for enterprise_id, city, _region in placed:
            for official_id, unit_id in rng.sample(city.officials, k=min(len(city.officials), 1 + (rng.random() < 0.2))):
                links.append((enterprise_id, official_id, unit_id, start + dt.timedelta(days=rng.randrange(60)), None))
        counts.assignments = loader.insert(Assignment._meta.db_table, [
            "id", "enterprise_id", "official_id", "unit_id", "start_date", "end_date"],
            ((i, *row) for i, row in zip(loader.ids(Assignment, len(links)), links, strict=True)))
        progress(f"assignments: {counts.assignments}")
        counts.seconds["enterprises"] = round(time.perf_counter() - started, 1)

        started = time.perf_counter()

        appeal_ids = loader.ids(Appeal, appeals)  # not inside the rows: no query during a COPY

        def appeal_rows():
            for appeal_id in appeal_ids:
                enterprise_id, city, region = placed[rng.randrange(len(placed))]
                age = int(rng.triangular(0, 365, 0))  # more recent ones than old ones
                received = today - dt.timedelta(days=age)
                deadline = deadlines.get(received) or deadlines.setdefault(
                    received, add_workdays(received, workdays))
                category = rng.choices(categories, category_weights)[0]
                fate = _fate(rng, age)
                unit = assigned = answered = closed = None
                response = satisfaction = ""
                if fate != "received":
                    unit = city.handlers[bisect.bisect_left(city.weights, rng.random() * city.weights[-1])]
                    assigned = min(received + dt.timedelta(days=rng.randrange(3)), today)
                if fate in ("answered", "closed"):
                    late = rng.random() < 0.12
                    answered = min(deadline + dt.timedelta(days=rng.randrange(1, 20)) if late
                                   else assigned + dt.timedelta(days=rng.randrange(0, 12)), today)
                    answered = max(answered, assigned)
                    response = "已办理"
                    roll = rng.random()
                    satisfaction = "" if roll < 0.25 else "satisfied" if roll < 0.8 else \
                        "basic" if roll < 0.94 else "unsatisfied"
                if fate == "closed":
                    closed = min(answered + dt.timedelta(days=rng.randrange(0, 6)), today)
                yield (appeal_id, enterprise_id, region, region[:4], category, _TITLES[category], "基准测试诉求内容",
                       received, "office", None, None, fate, unit, assigned, deadline, response, answered,
                       closed, "", satisfaction, "")

        counts.appeals = loader.insert(Appeal._meta.db_table, [
            "id", "enterprise_id", "region_id", "city", "category", "title", "content", "received_on",
            "raised_via", "raised_by_id", "visit_id", "status", "unit_id", "assigned_on", "deadline",
            "response", "answered_on", "closed_on", "closure_note", "satisfaction", "satisfaction_note"],
            appeal_rows())
        progress(f"appeals: {counts.appeals}")
        counts.seconds["appeals"] = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        tables = ", ".join(m._meta.db_table for m in (Enterprise, Assignment, Appeal))
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            cursor.execute(f"VACUUM (ANALYZE) {tables}")
        else:
            cursor.execute("ANALYZE")
    counts.seconds["analyze"] = round(time.perf_counter() - started, 1)
    return counts



# --- the benchmark mode (bench/run --appeals N) -------------------------------------------

def run_bench(pages, args, argv, migrate_seconds, generator_seconds) -> int:
    """Time the appeal list (HQ and a unit), the unit's inbox, the statistics page, the
    enterprise list and the API over ``--appeals`` appeals; ``pages`` is bench/pages.py."""

    from django.db.models import Count

    from luoshi.bench.orgs import USERNAME_PREFIX
    from luoshi.orgs.models import User

    run = pages.new_run(args, argv, migrate_seconds, generator_seconds)
    appeals = Appeal.objects.filter(enterprise__in=bench_enterprises().values("id"))
    if generator_seconds is not None or appeals.count() != args.appeals:
        started = time.perf_counter()
        made = generate_service(enterprises=args.enterprises, appeals=args.appeals, seed=args.seed,
                                progress=print)
        run.plans_generator_seconds = round(time.perf_counter() - started, 1)
        run.plans_generator_steps = made.seconds
    run.scale = {"enterprises": bench_enterprises().count(), "appeals": appeals.count(),
                 "assignments": Assignment.objects.filter(enterprise__in=bench_enterprises().values("id")).count()}
    users = User.objects.filter(username__startswith=USERNAME_PREFIX).select_related("unit")
    hq = users.get(username=f"{USERNAME_PREFIX}{pages.HQ_CITY}_hq")
    busiest = (appeals.exclude(unit=None).values_list("unit_id").annotate(n=Count("id")).order_by("-n"))
    reporters = {u.unit_id: u for u in users.filter(roles__code="reporter").order_by("username")}
    reporter = next(reporters[unit_id] for unit_id, _n in busiest if unit_id in reporters)
    year = timezone.localdate().year
    hq_client, unit_client = pages.logged_in(hq), pages.logged_in(reporter)
    cases = [
        pages.Case("appeals hq", "/appeals/", hq_client),
        pages.Case("appeals hq overdue", "/appeals/?overdue=1", hq_client),
        pages.Case("appeals hq land+assigned", "/appeals/?category=land&status=assigned", hq_client),
        pages.Case("appeals hq q=用地", "/appeals/?q=%E7%94%A8%E5%9C%B0", hq_client),
        # in every enterprise's name: too common for the indexes, the city's appeals are scanned
        pages.Case("appeals hq q=有限公司", "/appeals/?q=%E6%9C%89%E9%99%90%E5%85%AC%E5%8F%B8", hq_client),
        pages.Case("appeals hq page=100", "/appeals/?page=100", hq_client),
        pages.Case("appeals unit", "/appeals/", unit_client),
        pages.Case("inbox unit", "/appeals/inbox/", unit_client),
        pages.Case("stats hq year", f"/appeals/stats/?period={year}", hq_client),
        pages.Case("stats hq quarter", f"/appeals/stats/?period={year}-Q{(timezone.localdate().month + 2) // 3}",
                   hq_client),
        pages.Case("enterprises hq", "/enterprises/", hq_client),
        pages.Case("api appeals hq", "/api/v1/appeals", pages.bearer(hq), api=True),
    ]
    run.users = {"hq": hq.username, "unit reporter": f"{reporter.username} ({reporter.unit.name})"}
    for case in cases:
        run.results.append(pages.measure(case, args.runs, args.warmup))
    pages.print_table(run)
    pages.write_run(run, "service")
    return 0
