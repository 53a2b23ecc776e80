"""Province-scale warnings and supervision orders for the benchmarks (DESIGN.md §5), and the
timing of their pages and of ``luoshi warnings run``.

Data. On the bench plans (``luoshi.bench.plans``: ~100,000 nodes, their milestones and 36
months of reports; generated first when missing) the lights of the latest month are
computed and the real rules run, which opens the current warnings (red nodes, overdue
milestones, reports missing). Then ~``total`` warnings of earlier months are written
straight into the table: mostly closed (their causes went away), a tenth still open (a
report missing months ago that never came). Each city's supervision office has issued
~``orders`` orders in all, over two years, in every state. Rows are written with
``luoshi.bench.plans._Loader`` (``COPY`` on PostgreSQL, ``executemany`` on SQLite), with no
audit entries: bench fixture data, not anyone's change. Bench rows are those of bench units
(codes ``B-…``).

``run_bench()`` is ``bench/run --warnings N``: it times ``luoshi warnings run`` for the
latest month twice (opening the current warnings, then again with nothing to change), the
warning list (a city office, with filters, a later page, a unit's own list), the order list
(office, open and overdue, a unit) and the warnings API; writes
``var/bench/supervision-<vendor>.json``.
"""

from __future__ import annotations

import datetime as dt
import random
import time

from django.db import connection
from django.db.models import Count

from luoshi.bench.orgs import CODE_PREFIX, USERNAME_PREFIX
from luoshi.bench.plans import _Loader, bench_plans, generate_plans
from luoshi.core.periods import Period
from luoshi.orgs.models import Unit, UnitKind, User
from luoshi.plans.models import REPORTED_KINDS, Milestone, PlanNode
from luoshi.progress.models import ProgressReport
from luoshi.supervision.evaluation import judgement_day, run_warnings
from luoshi.supervision.models import (
    Notification,
    OrderEvent,
    OrderStatus,
    SupervisionOrder,
    Warning,
    WarningRun,
)
from luoshi.supervision.numbering import format_number, prefix_for

HISTORY_OPEN_SHARE = 0.10
RULE_MIX = (("report_missing", 0.55), ("red_node", 0.30), ("overdue_milestone", 0.15))
ORDER_MIX = ((OrderStatus.CLOSED, 0.60), (OrderStatus.ISSUED, 0.12), (OrderStatus.IN_PROGRESS, 0.12),
             (OrderStatus.RESPONDED, 0.10), (OrderStatus.RETURNED, 0.06))
REASONS = {
    "report_missing": "{month} 进展报告应于{deadline}前报送，截至{as_of}未报送",
    "red_node": "{month} 亮红灯：完成进度比低于红灯阈值，严重滞后",
    "overdue_milestone": "节点目标应于{deadline}完成，截至{as_of}仍未完成",
}


def bench_warnings():
    return Warning.objects.filter(unit__code__startswith=CODE_PREFIX)


def bench_orders():
    return SupervisionOrder.objects.filter(office__code__startswith=CODE_PREFIX)


def clear_bench_supervision() -> dict[str, int]:
    """Delete the bench warnings and orders (they point at bench units, which the orgs
    generator replaces), one statement per table."""
    orders = bench_orders()
    Notification.objects.filter(order__in=orders).delete()
    OrderEvent.objects.filter(order__in=orders).delete()
    SupervisionOrder.warnings.through.objects.filter(supervisionorder__in=orders).delete()
    removed_orders = orders._raw_delete(orders.db)
    removed = bench_warnings()._raw_delete(Warning.objects.db)
    return {"warnings": removed, "orders": removed_orders}


def _pick(rng: random.Random, mix) -> str:
    roll, total = rng.random(), 0.0
    for value, share in mix:
        total += share
        if roll < total:
            return value
    return mix[-1][0]


def _history_rows(rng, ids: range, nodes, milestones, months: list[Period]):
    # ids are taken before the COPY starts: no other query may run on its connection meanwhile.
    for pk in ids:
        rule = _pick(rng, RULE_MIX)
        month = rng.choice(months)
        as_of = judgement_day(month, today=dt.date(2100, 1, 1))
        if rule == "overdue_milestone" and milestones:
            item_id, node_id, unit_id, region_id, title = rng.choice(milestones)
            model = "milestone"
        else:
            item_id, unit_id, region_id, title = rng.choice(nodes)
            node_id, model = item_id, "plannode"
        still_open = rule == "report_missing" and rng.random() < HISTORY_OPEN_SHARE * 2
        closed_on = None if still_open else as_of + dt.timedelta(days=rng.randint(5, 80))
        reason = REASONS[rule].format(month=month.code, deadline=f"{month.next_month().code}-05",
                                      as_of=as_of.isoformat())
        # Unique among open ones: a history row's key carries its id when it might collide.
        key = month.code if rule == "report_missing" else ("" if closed_on else f"h{pk}")
        yield (pk, rule, "plans", model, item_id, key, title[:255], f"/plans/nodes/{node_id}/",
               unit_id, region_id, region_id[:4], month.code, "medium" if rule == "report_missing" else "high",
               reason, as_of.isoformat(), closed_on.isoformat() if closed_on else None,
               "open" if still_open else "closed")


def generate_warnings(total: int = 200_000, orders: int = 2_000, seed: int = 1,
                      months: int = 24, progress=print) -> dict:
    """Write ``total`` warnings of the ``months`` months before the latest two and ``orders``
    orders spread over the cities' offices. The latest months' warnings come from the real
    job (``run_bench``)."""
    rng = random.Random(seed)
    latest = Period.parse(ProgressReport.objects.filter(node__plan__in=bench_plans())
                          .order_by("-period").values_list("period", flat=True).first())
    history = [latest]
    while len(history) <= months:
        history.append(history[-1].previous_month())
    history = history[2:]  # leave the job's month and the one before it to the job
    nodes = list(PlanNode.objects.filter(plan__in=bench_plans(), kind__in=REPORTED_KINDS,
                                         lead_unit__isnull=False)
                 .values_list("id", "lead_unit_id", "lead_unit__region_id", "title"))
    milestones = list(Milestone.objects.filter(node__plan__in=bench_plans(), node__lead_unit__isnull=False)
                      .values_list("id", "node_id", "node__lead_unit_id", "node__lead_unit__region_id",
                                   "description"))
    started = time.perf_counter()
    with _Loader() as loader:
        # Open history rows must not collide with each other on (rule, item, key).
        seen: set[tuple] = set()

        def unique(rows):
            for row in rows:
                if row[16] == "open":
                    identity = (row[1], row[3], row[4], row[5])
                    if identity in seen:
                        continue
                    seen.add(identity)
                yield row

        written = loader.insert(Warning._meta.db_table, [
            "id", "rule", "item_app", "item_model", "item_id", "cause_key", "item_title", "item_url",
            "unit_id", "region_id", "city", "period", "severity", "reason", "opened_on", "closed_on", "status"],
            unique(_history_rows(rng, loader.ids(Warning, total), nodes, milestones, history)))
        progress(f"历史预警{written}条（{time.perf_counter() - started:.1f}秒）")
        made = _write_orders(rng, loader, orders, latest)
        loader.analyze()
    progress(f"督办单{made}份（{time.perf_counter() - started:.1f}秒）")
    return {"history_warnings": written, "orders": made}


def _write_orders(rng, loader, count: int, latest: Period) -> int:
    offices = list(Unit.objects.filter(code__startswith=CODE_PREFIX, kind=UnitKind.SUPERVISION)
                   .select_related("region").order_by("id"))
    units_by_region: dict[str, list[int]] = {}
    for unit_id, region_id in (Unit.objects.filter(code__startswith=CODE_PREFIX,
                                                   kind__in=[UnitKind.GOV_DEPT, UnitKind.COUNTY_GOV])
                               .values_list("id", "region_id")):
        units_by_region.setdefault(region_id[:4], []).append(unit_id)
    rows, ids = [], loader.ids(SupervisionOrder, count)
    serials: dict[tuple[int, int], int] = {}
    prefixes = {office.pk: prefix_for(office) for office in offices}
    end = latest.end_date()
    for pk in ids:
        office = rng.choice(offices)
        issued = end - dt.timedelta(days=rng.randint(0, 700))
        serial = serials[(office.pk, issued.year)] = serials.get((office.pk, issued.year), 0) + 1
        status = _pick(rng, ORDER_MIX)
        deadline = issued + dt.timedelta(days=rng.choice((7, 10, 15, 30)))
        closed = deadline - dt.timedelta(days=rng.randint(-5, 5)) if status == OrderStatus.CLOSED else None
        unit_id = rng.choice(units_by_region.get(office.region_id[:4]) or [office.pk])
        rows.append((pk, office.pk, issued.year, serial, format_number(prefixes[office.pk], issued.year, serial),
                     "关于重点任务推进滞后的督办", "请加快推进，按时反馈。", "报送办理结果和佐证材料", unit_id,
                     deadline.isoformat(), "warning", "", status, issued.isoformat(), None, None,
                     closed.isoformat() if closed else None, "", None))
    return loader.insert(SupervisionOrder._meta.db_table, [
        "id", "office_id", "year", "serial", "number", "title", "content", "requirements", "unit_id",
        "deadline", "source", "instruction", "status", "issued_on", "created_by_id", "responded_at",
        "closed_on", "return_reason", "escalated_on"], rows)


def _time_job(period: str, label: str) -> dict:
    started = time.perf_counter()
    outcomes = run_warnings(period)
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Warning._meta.db_table}")
    result = {"period": period, "run": label, "seconds": round(seconds, 2),
              "rules": {o.rule: {"causes": o.causes, "opened": o.opened, "closed": o.closed,
                                 "seconds": o.seconds, "error": o.error} for o in outcomes}}
    print(f"warnings run {period} ({label}): {seconds:.1f} s "
          + ", ".join(f"{o.rule} {o.causes}/+{o.opened}/-{o.closed}" + (" FAILED" if o.error else "")
                      for o in outcomes))
    return result


def run_bench(pages, args, argv, migrate_seconds, generator_seconds) -> int:
    """``pages`` is the bench/pages.py module: its Case, Run, measure, logged_in and the rest."""
    run = pages.new_run(args, argv, migrate_seconds, generator_seconds)
    if generator_seconds is not None or not bench_plans().exists():
        started = time.perf_counter()
        made = generate_plans(plans=args.plans or 120, nodes=args.nodes, months=args.months,
                              start=args.start, seed=args.seed, progress=print)
        run.plans_generator_seconds = round(time.perf_counter() - started, 1)
        run.plans_generator_steps = made.seconds
    period = pages.latest_period()
    jobs = []
    if generator_seconds is not None or not bench_warnings().exists():
        clear_bench_supervision()
        run.recompute.append(pages.time_recompute(period, "lights for the rules", args.jobs))
        generate_warnings(args.warnings, orders=args.orders, seed=args.seed)
    else:  # reused data: take the job's own warnings away, so it opens them again
        bench_warnings().filter(period=period).delete()
    jobs.append(_time_job(period, "opening the month's warnings"))
    jobs.append(_time_job(period, "again, nothing to change"))
    run.scale = {"units": Unit.objects.filter(code__startswith=CODE_PREFIX).count(),
                 "nodes": PlanNode.objects.filter(plan__in=bench_plans()).count(),
                 "warnings": bench_warnings().count(),
                 "open_warnings": bench_warnings().filter(status="open").count(),
                 "orders": bench_orders().count()}
    users = User.objects.filter(username__startswith=USERNAME_PREFIX).select_related("unit")
    office = users.get(username=f"{USERNAME_PREFIX}{pages.HQ_CITY}_dcs")
    busiest = (bench_warnings().filter(status="open").values_list("unit_id").annotate(n=Count("id"))
               .order_by("-n"))
    reporters = {u.unit_id: u for u in users.filter(roles__code="reporter")}
    reporter = next((reporters[u] for u, _n in busiest if u in reporters), None)
    county = (bench_warnings().filter(region__code__startswith=pages.HQ_CITY[:4]).exclude(
        region_id=pages.HQ_CITY).values_list("region_id", flat=True).first())
    office_client = pages.logged_in(office)
    cases = [
        pages.Case("warnings office (city)", "/supervision/warnings/", office_client),
        pages.Case("warnings office red+county", f"/supervision/warnings/?rule=red_node&region={county}",
                   office_client),
        pages.Case("warnings office all page=50", "/supervision/warnings/?status=all&page=50", office_client),
        pages.Case("warnings office period", f"/supervision/warnings/?status=all&period={period}",
                   office_client),
        pages.Case("orders office", "/supervision/orders/", office_client),
        pages.Case("orders office open overdue", "/supervision/orders/?status=open&overdue=1", office_client),
        pages.Case("api warnings office", "/api/v1/warnings", pages.bearer(office), api=True),
    ]
    if reporter is not None:
        unit_client = pages.logged_in(reporter)
        cases += [pages.Case("warnings unit (own)", "/supervision/warnings/", unit_client),
                  pages.Case("orders unit (own)", "/supervision/orders/", unit_client)]
    run.users = {"office": office.username, "reporter": reporter.username if reporter else ""}
    for case in cases:
        run.results.append(pages.measure(case, args.runs, args.warmup))
    pages.print_table(run)
    for job in jobs:
        print(f"warnings run ({job['run']}): {job['seconds']:.1f} s")
    pages.write_run(run, "supervision", warnings_jobs=jobs, runs_logged=WarningRun.objects.count())
    return 0
