"""A province-scale assessment scheme for the benchmarks: every bench unit assessed.

``generate_assessment()`` makes one scheme for Liaoning (210000) whose categories take all
~5,000 bench units by kind — county governments, party and government departments,
development zones, sections and teams, leading groups and headquarters — each category
with the three platform metrics (nodes green, reports on time, milestones on time) and one
criterion entered by hand, with a hand-entered value for every unit and quarter. It also
adds the province's supervision office (unit ``B-210000-DCS``, user ``bench_210000_dcs``,
role ``supervision``, whose region scope is the province) to compute and read it.

Rows are written directly (no services, no audit entries), as the other bench generators
do; see ``luoshi.bench.orgs``. ``clear_bench_assessment()`` removes the bench schemes, whose
members, scores and results point at bench units (PROTECT), so it must run before the bench
organisation is cleared or regenerated.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Count

from luoshi.assessment.models import Category, Criterion, ManualValue, Member, Scheme
from luoshi.bench.orgs import CODE_PREFIX, PASSWORD, PROVINCE_CODE, USERNAME_PREFIX
from luoshi.core.periods import Period
from luoshi.orgs.models import Role, Unit, UnitKind, User
from luoshi.plans.models import PlanNode

TITLE_PREFIX = "B-"
OFFICE_UNIT = f"{CODE_PREFIX}{PROVINCE_CODE}-DCS"
OFFICE_USER = f"{USERNAME_PREFIX}{PROVINCE_CODE}_dcs"
BATCH = 2000

CATEGORIES = [
    ("县区政府", (UnitKind.COUNTY_GOV,)),
    ("党政部门", (UnitKind.PARTY_DEPT, UnitKind.GOV_DEPT)),
    ("开发区", (UnitKind.DEVELOPMENT_ZONE,)),
    ("科室及其他", (UnitKind.OTHER, UnitKind.ENTERPRISE)),
    ("领导小组、指挥部和督查室", (UnitKind.LEADING_GROUP, UnitKind.HQ, UnitKind.SUPERVISION)),
]
# (name, metric, weight)
CRITERIA = [
    ("条目绿灯率", "nodes_green", 30),
    ("按时报送率", "reports_on_time", 25),
    ("节点目标按期完成率", "milestones_on_time", 15),
    ("重点工作完成情况", "manual", 30),
]


@dataclass(frozen=True)
class BenchScheme:
    scheme: Scheme
    members: int
    manual_values: int
    office: User


def bench_schemes():
    return Scheme.objects.filter(title__startswith=TITLE_PREFIX)


def clear_bench_assessment() -> int:
    """Delete the bench schemes (with their members, criteria, values, scores and results)."""
    with transaction.atomic():
        _, deleted = bench_schemes().delete()
    return deleted.get(Scheme._meta.label, 0)


def _office() -> User:
    """The province's supervision office and its user (both removed by clear_bench_orgs)."""
    unit, _ = Unit.objects.get_or_create(code=OFFICE_UNIT, defaults={
        "name": "辽宁省全面振兴新突破行动督查室（基准测试）", "kind": UnitKind.SUPERVISION,
        "region_id": PROVINCE_CODE, "parent": None, "path": "", "depth": 0, "sort_order": 0})
    if not unit.path:
        unit.path = f"/{unit.pk}/"
        unit.save(update_fields=["path"])
    user, created = User.objects.get_or_create(username=OFFICE_USER, defaults={
        "full_name": "辽宁省督查室工作人员", "unit": unit, "password": make_password(PASSWORD),
        "must_change_password": False})
    if created:
        user.roles.add(Role.objects.get(code="supervision"))
    return user


def generate_assessment(*, year: int, seed: int = 1) -> BenchScheme:
    """Replace the bench scheme by one for ``year`` over every bench unit."""
    clear_bench_assessment()
    rng = random.Random(seed)
    office = _office()
    with transaction.atomic():
        scheme = Scheme.objects.create(title=f"{TITLE_PREFIX}辽宁省{year}年度实绩考核（基准测试）",
                                       region_id=PROVINCE_CODE, year=year, issuing_body="基准测试")
        units = list(Unit.objects.filter(code__startswith=CODE_PREFIX).exclude(code=OFFICE_UNIT)
                     .values_list("id", "kind"))
        members, manual = [], []
        for position, (name, kinds) in enumerate(CATEGORIES):
            category = Category.objects.create(scheme=scheme, name=name, position=position)
            criteria = Criterion.objects.bulk_create([
                Criterion(category=category, name=c_name, metric=metric, weight=Decimal(weight),
                          position=index) for index, (c_name, metric, weight) in enumerate(CRITERIA)])
            hand = next(c for c in criteria if c.metric == "manual")
            for unit_id, kind in units:
                if kind not in kinds:
                    continue
                members.append(Member(scheme=scheme, category=category, unit_id=unit_id))
                for quarter in range(1, 5):
                    manual.append(ManualValue(criterion=hand, unit_id=unit_id,
                                              period=Period.of_quarter(year, quarter).code,
                                              value=Decimal(rng.randint(120, 200)) / 2, note="基准测试"))
        Member.objects.bulk_create(members, batch_size=BATCH)
        ManualValue.objects.bulk_create(manual, batch_size=BATCH)
    return BenchScheme(scheme, len(members), len(manual), office)


# --- the benchmark mode (bench/run --assessment) ----------------------------------------


def _time_compute(scheme: Scheme, period: str, label: str) -> dict:
    """``luoshi assessment compute`` for the whole province, as the command runs it."""
    from luoshi.assessment.services import compute_period
    from luoshi.core.permissions import SYSTEM

    started = time.perf_counter()
    summary = compute_period(actor=SYSTEM, scheme=scheme, period=period)
    seconds = time.perf_counter() - started
    return {"period": summary.period, "run": label, "seconds": round(seconds, 2), "units": summary.units,
            "scores": summary.scores, "metric_seconds": summary.metric_seconds}


def _time_adjustments(scheme: Scheme, category_id: int, unit_id: int, periods) -> list[dict]:
    """An adjustment of one unit of the largest category, as the office makes it on the
    breakdown page (its category is re-ranked; in the quarter before, the movement of the
    quarter after follows), and for comparison a full rescore of the period."""
    from luoshi.assessment.compute import compute
    from luoshi.assessment.services import adjust_score
    from luoshi.core.permissions import SYSTEM

    criterion = Criterion.objects.filter(category_id=category_id).order_by("-weight", "id").first()
    unit = Unit.objects.get(pk=unit_id)
    timed = []
    for period in periods:
        started = time.perf_counter()
        adjust_score(actor=SYSTEM, criterion=criterion, unit=unit, period=period.code,
                     points=Decimal(5), reason="基准测试：分值调整")
        timed.append({"run": "adjustment of one unit", "period": period.code,
                      "seconds": round(time.perf_counter() - started, 3)})
    with transaction.atomic():
        started = time.perf_counter()
        compute(scheme, periods[-1].code, fresh=False)
        timed.append({"run": "full rescore (before: every adjustment)", "period": periods[-1].code,
                      "seconds": round(time.perf_counter() - started, 3)})
    return timed


def _quarters(latest_month: str) -> tuple[Period, Period]:
    """The last complete quarter of the bench reports and the one before it."""
    month = Period.parse(latest_month)
    quarter = Period.of_quarter(month.year, month.last_month // 3 or 1)
    if month.last_month % 3 and quarter.number > 1:
        quarter = Period.of_quarter(month.year, quarter.number - 1)
    before = Period.of_quarter(quarter.year, max(1, quarter.number - 1))
    return before, quarter


def run_bench(pages, args, argv, migrate_seconds, generator_seconds) -> int:
    """``pages`` is the bench/pages.py module: its Case, Run, measure, logged_in and the rest."""
    from luoshi.assessment.models import Result, Score
    from luoshi.bench.plans import bench_plans, generate_plans
    from luoshi.progress.models import NodeStatus

    run = pages.new_run(args, argv, migrate_seconds, generator_seconds)
    if generator_seconds is not None or not bench_plans().exists():
        started = time.perf_counter()
        made = generate_plans(plans=args.plans or 120, nodes=args.nodes, months=args.months,
                              start=args.start, seed=args.seed, progress=print)
        run.plans_generator_seconds = round(time.perf_counter() - started, 1)
        run.plans_generator_steps = made.seconds
    before, quarter = _quarters(pages.latest_period())
    for period in (before, quarter):  # the lights the green-node metric reads
        month = Period.of_month(period.year, period.last_month).code
        if not NodeStatus.objects.filter(period=month).exists():
            run.recompute.append(pages.time_recompute(month, "lights for the assessment", args.jobs))
    started = time.perf_counter()
    made_scheme = generate_assessment(year=quarter.year, seed=args.seed)
    scheme_seconds = round(time.perf_counter() - started, 1)
    jobs = [_time_compute(made_scheme.scheme, before.code, "previous quarter, empty"),
            _time_compute(made_scheme.scheme, quarter.code, "quarter, empty"),
            _time_compute(made_scheme.scheme, quarter.code, "quarter, replacing")]
    with connection.cursor() as cursor:  # as autovacuum would after 25,000 new rows a period
        for model in (Score, Result, ManualValue, Member):
            cursor.execute(f"ANALYZE {model._meta.db_table}")
    for job in jobs:
        print(f"assessment compute {job['period']} ({job['run']}): {job['seconds']:.1f} s "
              f"for {job['units']} units {job['metric_seconds']}")
    scheme = made_scheme.scheme
    run.scale = {"units": made_scheme.members, "scores_per_period": jobs[-1]["scores"],
                 "manual_values": made_scheme.manual_values,
                 "nodes": PlanNode.objects.filter(plan__in=bench_plans()).count()}
    largest = (Result.objects.filter(scheme=scheme, period=quarter.code).values_list("category_id")
               .annotate(n=Count("id")).order_by("-n").first()[0])
    middle = (Result.objects.filter(scheme=scheme, period=quarter.code, category_id=largest)
              .order_by("rank").values_list("unit_id", flat=True))
    middle_unit = middle[len(middle) // 2]
    adjustments = _time_adjustments(scheme, largest, middle_unit, (before, quarter))
    users = User.objects.filter(username__startswith=USERNAME_PREFIX).select_related("unit")
    reporter = users.filter(roles__code="reporter", unit_id=middle_unit).first() or users.filter(
        roles__code="reporter", unit__assessment_memberships__scheme=scheme).order_by("username").first()
    office = pages.logged_in(made_scheme.office)
    ranking = f"/assessment/{scheme.pk}/ranking/?period={quarter.code}&category={largest}"
    cases = [
        pages.Case("ranking office", ranking, office),
        pages.Case("ranking office page=20", f"{ranking}&page=20", office),
        pages.Case("breakdown office", f"/assessment/{scheme.pk}/units/{middle_unit}/?period={quarter.code}",
                   office),
        pages.Case("ranking reporter (own)", f"/assessment/{scheme.pk}/ranking/?period={quarter.code}",
                   pages.logged_in(reporter)),
        pages.Case("api results office", f"/api/v1/assessment/schemes/{scheme.pk}/results?period={quarter.code}",
                   pages.bearer(made_scheme.office), api=True),
    ]
    run.users = {"office": made_scheme.office.username, "reporter": reporter.username}
    for case in cases:
        run.results.append(pages.measure(case, args.runs, args.warmup))
    pages.print_table(run)
    print(f"bench scheme: {scheme_seconds:.1f} s")
    for job in jobs:
        print(f"assessment compute {job['period']} ({job['run']}): {job['seconds']:.1f} s "
              f"for {job['units']} units, {job['scores']} scores; metrics {job['metric_seconds']}")
    for job in adjustments:
        print(f"{job['run']} {job['period']}: {job['seconds']:.2f} s")
    pages.write_run(run, "assessment", compute_jobs=jobs, adjustments=adjustments,
                    scheme_seconds=scheme_seconds)
    return 0
