"""Province-scale plans and three years of monthly reports for the benchmarks (DESIGN.md §5).

``generate_plans()`` fills the bench organisation (``luoshi.bench.orgs.generate_orgs`` first)
with ~120 action plans of ~833 nodes each — 100,000 nodes — and a report for every reported
node and month: 36 months give ~3.5M reports. ``clear_bench_plans()`` removes them again.
Bench plans are marked by their document number, ``B-<region>-<serial>``.

Shape. Plans are spread over the 14 cities and the province (8 each at full scale). A plan
is sections → areas → tasks → measures (depth 0–3), with a last section of safeguards. Every
task, measure and safeguard has a lead unit (drawn from the departments and county
governments of the plan's city, a few of them much busier than the rest, so some units lead
hundreds of nodes), 0–2 co-units and the lead unit's head as lead official: all of them are
reported. About half of them have one target with a value per year; they have 0–2 milestones.

Reports. Older months are almost all accepted (a few returned, ~2 % missing, some late);
the last two months have the queues a real office has: 16 % and 10 % waiting for the unit
leader or HQ, some drafts and returns, more missing. A few nodes are chronically unreported,
so the lights show red for two missing months. Submitted, approved and accepted reports of a
node with a target state a value on a pace drawn per node (on track, lagging, far behind).
No workflow events, evidence or audit entries are written (see ``luoshi.bench.orgs``).

Speed. Rows are written straight into the tables with ids assigned here (so the paths and
the report values need no round trip): ``COPY`` on PostgreSQL, ``executemany`` in big
transactions on SQLite (``synchronous=OFF`` and a large page cache while loading). The
statistics are refreshed at the end, as after any bulk load (``ANALYZE``; on PostgreSQL
``VACUUM (ANALYZE)``). At full scale it takes ~1.5 minutes on SQLite, ~2 on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.core.management.color import no_style
from django.db import connection, transaction

from luoshi.bench.orgs import CODE_PREFIX, PROVINCE_CODE
from luoshi.core.models import Region, RegionLevel
from luoshi.core.periods import Period
from luoshi.orgs.models import Official, Unit, UnitKind
from luoshi.plans.models import (
    Accumulation,
    Direction,
    Milestone,
    NodeKind,
    Plan,
    PlanNode,
    Target,
    TargetYear,
)
from luoshi.plans.numbering import default_number
from luoshi.progress.models import (
    Evidence,
    NodeStatus,
    PlanStatus,
    ProgressReport,
    ReportEvent,
    ReportStatus,
    ReportValue,
)
from luoshi.progress.services import parse_month, report_deadline

DOCUMENT_PREFIX = "B-"
ROWS_PER_STATEMENT = 20_000

# How the reports of a month end up, by the month's age (0 = the latest month):
# shares of (missing, draft, submitted, approved, returned); the rest is accepted.
STATUS_MIX = {
    0: (0.040, 0.030, 0.090, 0.070, 0.020),
    1: (0.025, 0.005, 0.030, 0.070, 0.015),
}
OLDER_MIX = (0.020, 0.0, 0.0, 0.0, 0.008)
CHRONIC_SHARE = 0.015  # nodes whose lead unit often fails to report…
CHRONIC_MISSING = 0.5  # …and how often
TARGET_SHARE = 0.5
MILESTONES = (0.50, 0.35, 0.15)  # chance of 0, 1, 2 milestones
# Pace of a node's targets: (share of nodes, lowest, highest) of completion ÷ time elapsed.
PACES = ((0.75, 0.95, 1.20), (0.17, 0.72, 0.90), (0.08, 0.40, 0.68))

_S = ReportStatus
_MIX_STATUSES = (_S.DRAFT, _S.SUBMITTED, _S.APPROVED, _S.RETURNED)
_IN = frozenset({_S.SUBMITTED, _S.APPROVED, _S.ACCEPTED})

TOPICS = ["产业结构优化升级", "科技创新", "对外开放合作", "城乡区域协调发展", "民生保障改善",
          "营商环境优化", "生态文明建设", "数字经济发展"]
SECTIONS = ["重点任务", "重大工程", "改革攻坚", "专项行动"]
AREAS = ["改造升级“老字号”", "深度开发“原字号”", "培育壮大“新字号”", "扩大有效投资", "提振消费",
         "稳定外贸外资", "建设创新平台", "培育科技企业", "深化国资国企改革", "发展民营经济",
         "推进乡村振兴", "推进新型城镇化", "建设现代交通体系", "加强生态保护修复", "打好污染防治攻坚战",
         "发展文化旅游", "办好人民满意教育", "建设健康城市", "完善社会保障", "推进数字政府建设"]
VERBS = ["推进", "加快", "实施", "加强", "深化", "提升", "培育", "建设", "完善", "打造", "落实",
         "开展"]
OBJECTS = ["重点产业链延链补链", "高标准农田建设", "老旧小区改造", "重大项目谋划储备", "园区提质增效",
           "企业技术改造", "专精特新企业培育", "招商引资", "跨境电商发展", "港口集疏运体系",
           "城市更新", "县域经济发展", "科技成果转化", "人才引进", "数字化转型", "新能源项目",
           "水利工程", "农村人居环境整治", "医疗服务能力", "养老服务体系", "政务服务“一网通办”",
           "信用体系建设", "国土绿化", "河湖治理", "矿山生态修复", "文旅融合", "职业教育",
           "就业帮扶", "住房保障", "安全生产治理"]
MEASURE_TAILS = ["专项行动", "工作机制", "试点示范", "政策落地", "项目建设", "督导检查", "考核评价",
                 "清单管理"]
SAFEGUARDS = ["加强组织领导", "强化要素保障", "健全工作机制", "严格督查考核", "营造良好氛围"]
# (metric, unit, lowest and highest annual value, accumulation, direction, baseline share)
METRICS = [
    ("完成投资", "亿元", 5, 200, Accumulation.CUMULATIVE, Direction.HIGHER, None),
    ("新增市场主体", "户", 50, 3000, Accumulation.CUMULATIVE, Direction.HIGHER, None),
    ("新开工项目", "个", 3, 60, Accumulation.CUMULATIVE, Direction.HIGHER, None),
    ("新增就业", "人", 500, 20000, Accumulation.CUMULATIVE, Direction.HIGHER, None),
    ("实施改造项目", "个", 5, 80, Accumulation.CUMULATIVE, Direction.HIGHER, None),
    ("覆盖率", "%", 80, 98, Accumulation.LEVEL, Direction.HIGHER, 0.8),
    ("增加值增速", "%", 5, 12, Accumulation.LEVEL, Direction.HIGHER, 0.5),
    ("单位产值能耗", "吨标准煤/万元", 0.4, 1.6, Accumulation.LEVEL, Direction.LOWER, 1.1),
]
PROGRESS_TEXTS = [f"本月{v}{o}工作有序推进，{t}" for v, o, t in zip(
    VERBS * 4, OBJECTS + OBJECTS[:18],
    ["完成月度计划", "形成阶段性成果", "已召开专题调度会", "重点项目按节点推进",
     "已完成方案编制", "已开工建设", "完成年度任务过半", "进度符合预期"] * 6, strict=False)]
PROBLEMS = ["要素保障仍需加强", "部分项目前期手续办理较慢", "资金到位率偏低", "", "", "", "", ""]
NEXT_STEPS = ["加快项目建设进度", "强化调度，确保按期完成", "协调解决要素制约", "做好年度收官工作"]
RETURN_REASONS = ["完成值与佐证材料不一致，请核实", "进展情况过于简略，请补充具体数据"]
MILESTONE_TEXTS = ["完成实施方案编制并印发", "完成项目立项审批", "项目开工建设", "完成年度投资计划过半",
                   "完成中期评估", "项目竣工验收"]


@dataclass(frozen=True)
class BenchPlanCounts:
    plans: int
    nodes: int
    reported_nodes: int
    targets: int
    milestones: int
    co_units: int
    reports: int
    report_values: int
    seconds: dict[str, float] = field(default_factory=dict, compare=False)


Progress = Callable[[str], None]


def generate_plans(plans: int = 120, nodes: int = 100_000, months: int = 36,
                   start: str = "2023-01", seed: int = 1,
                   progress: Progress | None = None) -> BenchPlanCounts:
    """Replace the bench plans with ``plans`` plans of ``nodes`` nodes in all and reports for
    ``months`` months from ``start``. Needs the bench organisation (``generate_orgs``).
    ``progress`` is called with a line of text at each step."""
    say = progress or (lambda _line: None)
    if plans < 1 or nodes < plans * 6 or months < 1:
        raise ValueError("每个方案至少需要6个条目，且至少1个方案、1个月")
    first = parse_month(start)
    periods = [first]
    while len(periods) < months:
        periods.append(periods[-1].next_month())
    units = _BenchUnits.load()
    rng = random.Random(seed)
    seconds: dict[str, float] = {}
    clock = time.perf_counter()
    cleared = clear_bench_plans()
    seconds["clear"] = round(time.perf_counter() - clock, 1)
    if cleared["plans"]:
        say(f"已清除旧的基准方案{cleared['plans']}个（{seconds['clear']}秒）")
    with _Loader() as loader:
        clock = time.perf_counter()
        built = _build_plans(rng, loader, units, plans, nodes, periods)
        seconds["plans"] = round(time.perf_counter() - clock, 1)
        say(f"方案{plans}个、条目{built.nodes}个（报送条目{len(built.reported)}个）、目标"
            f"{built.targets}个、节点目标{built.milestones}个（{seconds['plans']}秒）")
        clock = time.perf_counter()
        reports, values = _write_reports(rng, loader, built.reported, periods, say)
        seconds["reports"] = round(time.perf_counter() - clock, 1)
        clock = time.perf_counter()
        loader.analyze()
        seconds["analyze"] = round(time.perf_counter() - clock, 1)
        say(f"更新统计信息（{loader.refresh}，{seconds['analyze']}秒）")
    return BenchPlanCounts(plans=plans, nodes=built.nodes, reported_nodes=len(built.reported),
                           targets=built.targets, milestones=built.milestones,
                           co_units=built.co_units, reports=reports, report_values=values,
                           seconds=seconds)


def bench_plans():
    return Plan.objects.filter(document_number__startswith=DOCUMENT_PREFIX)


def clear_bench_plans() -> dict[str, int]:
    """Delete the bench plans with their nodes, reports and lights: table by table in
    dependency order with one statement each (Django's deletion collector would load the
    3.5M reports to cascade), then the plans through the ORM for anything else. When the
    bench plans are all the plans there are, the tables are emptied wholesale (TRUNCATE on
    PostgreSQL), which spares checking 3.5M foreign keys one by one. Evidence rows of bench
    reports go too; their files, if anyone uploaded some, stay on disk."""
    ids = list(bench_plans().values_list("pk", flat=True))
    if not ids:
        return {"plans": 0, "nodes": 0, "reports": 0}
    in_plans = f"IN ({','.join(map(str, ids))})"
    node_ids = f"SELECT id FROM {PlanNode._meta.db_table} WHERE plan_id {in_plans}"
    report_ids = f"SELECT id FROM {ProgressReport._meta.db_table} WHERE node_id IN ({node_ids})"
    target_ids = f"SELECT id FROM {Target._meta.db_table} WHERE node_id IN ({node_ids})"
    steps = [
        (ReportValue, f"report_id IN ({report_ids})"),
        (ReportEvent, f"report_id IN ({report_ids})"),
        (Evidence, f"report_id IN ({report_ids})"),
        (ProgressReport, f"node_id IN ({node_ids})"),
        (NodeStatus, f"plan_id {in_plans}"),
        (PlanStatus, f"plan_id {in_plans}"),
        (TargetYear, f"target_id IN ({target_ids})"),
        (Target, f"node_id IN ({node_ids})"),
        (Milestone, f"node_id IN ({node_ids})"),
        (PlanNode.co_units.through, f"plannode_id IN ({node_ids})"),
        (PlanNode, f"plan_id {in_plans}"),
    ]
    counts = {"plans": len(ids), "nodes": PlanNode.objects.filter(plan__in=ids).count(),
              "reports": ProgressReport.objects.filter(node__plan__in=ids).count()}
    if _only_bench_plans(ids, [model for model, _ in steps]):
        tables = [model._meta.db_table for model, _ in steps] + [Plan._meta.db_table]
        # Nothing else points into these tables, so SQLite's per-row foreign key checks
        # (5× the time) can go; a no-op on PostgreSQL and inside a transaction, where
        # PostgreSQL refuses TRUNCATE while checks of rows written earlier are pending.
        truncate = connection.vendor == "postgresql" and not connection.in_atomic_block
        with connection.constraint_checks_disabled(), transaction.atomic(), \
                connection.cursor() as cursor:
            if truncate:
                cursor.execute(f"TRUNCATE {', '.join(tables)}")
            else:
                for table in tables:
                    cursor.execute(f"DELETE FROM {table}")
        return counts
    with transaction.atomic(), connection.cursor() as cursor:
        for model, where in steps:
            cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE {where}")
        Plan.objects.filter(pk__in=ids).delete()
    return counts


def _only_bench_plans(ids: list[int], models: list[type]) -> bool:
    """Whether the tables hold nothing but bench plans and what hangs on them: no other
    plan, and no table outside ``models`` pointing into them."""
    known = {*models, Plan}
    if any(rel.related_model not in known for model in known
           for rel in model._meta.related_objects):
        return False
    return not Plan.objects.exclude(pk__in=ids).exists()


# --- writing rows ------------------------------------------------------------------------


class _Loader:
    """Bulk writes for the vendor at hand, with ids handed out here."""

    def __init__(self) -> None:
        self.vendor = connection.vendor
        self._next: dict[type, int] = {}
        self._sqlite_settings: list[tuple[str, object]] = []

    def __enter__(self) -> _Loader:
        if self.vendor == "sqlite" and not connection.in_atomic_block:
            with connection.cursor() as cursor:
                for pragma, value in (("synchronous", 0), ("cache_size", -512_000)):
                    cursor.execute(f"PRAGMA {pragma}")
                    self._sqlite_settings.append((pragma, cursor.fetchone()[0]))
                    cursor.execute(f"PRAGMA {pragma} = {value}")
        return self

    def __exit__(self, *exc) -> None:
        with connection.cursor() as cursor:
            for pragma, value in self._sqlite_settings:
                cursor.execute(f"PRAGMA {pragma} = {value}")
            if self.vendor == "postgresql":
                # The identity sequences must follow the ids written here.
                for sql in connection.ops.sequence_reset_sql(no_style(), list(self._next)):
                    cursor.execute(sql)

    def ids(self, model: type, count: int) -> range:
        """``count`` fresh primary keys of ``model``."""
        if model not in self._next:
            latest = model._base_manager.order_by("-pk").values_list("pk", flat=True).first()
            self._next[model] = (latest or 0) + 1
        first = self._next[model]
        self._next[model] = first + count
        return range(first, first + count)

    def datetime(self, moment: dt.datetime) -> str:
        """A UTC moment as the column takes it (SQLite: naive UTC text, as Django writes)."""
        text = moment.strftime("%Y-%m-%d %H:%M:%S")
        return text if self.vendor == "sqlite" else text + "+00"

    def insert(self, table: str, columns: Sequence[str], rows: Iterable[tuple]) -> int:
        """Write ``rows`` into ``table`` in one transaction; returns how many."""
        count = 0
        with transaction.atomic(), connection.cursor() as cursor:
            if self.vendor == "postgresql":
                with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                        count += 1
                return count
            sql = (f"INSERT INTO {table} ({', '.join(columns)}) "
                   f"VALUES ({', '.join(['%s'] * len(columns))})")
            batch = []
            for row in rows:
                batch.append(row)
                if len(batch) == ROWS_PER_STATEMENT:
                    cursor.executemany(sql, batch)
                    count, batch = count + len(batch), []
            if batch:
                cursor.executemany(sql, batch)
                count += len(batch)
        return count

    def analyze(self) -> None:
        """Fresh statistics; on PostgreSQL also VACUUM (outside a transaction), as autovacuum
        would do soon after such a load anyway — better now than in the middle of a timing,
        and the visibility map it sets lets index-only scans skip the table, as in steady use."""
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                tables = [m._meta.db_table for m in (
                    Plan, PlanNode, PlanNode.co_units.through, Target, TargetYear, Milestone,
                    ProgressReport, ReportValue, NodeStatus, PlanStatus)]
                cursor.execute(f"{self.refresh} {', '.join(tables)}")
            else:
                cursor.execute(self.refresh)

    @property
    def refresh(self) -> str:
        if self.vendor == "postgresql" and not connection.in_atomic_block:
            return "VACUUM (ANALYZE)"
        return "ANALYZE"


# --- the organisation the plans are assigned to ------------------------------------------


_DEPARTMENT_KINDS = {UnitKind.PARTY_DEPT, UnitKind.GOV_DEPT, UnitKind.DEVELOPMENT_ZONE}


@dataclass
class _BenchUnits:
    regions: list[tuple[str, str]]  # (code, name) of the cities, then the province
    pools: dict[str, tuple[list[int], list[float]]]  # region code → lead units, cum. weights
    heads: dict[int, int]  # unit id → its head official

    @classmethod
    def load(cls) -> _BenchUnits:
        """Lead units by plan region: a city's departments (weight 4), county governments (3)
        and county departments (1), times a busyness drawn once per unit, so a few units lead
        many nodes in every plan. A province plan draws from all cities' departments."""
        rows = list(Unit.objects.filter(code__startswith=CODE_PREFIX, depth__lte=2)
                    .values_list("id", "region_id", "kind", "depth").order_by("id"))
        if not rows:
            raise ValueError("没有基准组织机构：请先执行 luoshi bench generate --units …")
        cities = list(Region.objects.filter(parent_id=PROVINCE_CODE, level=RegionLevel.CITY)
                      .order_by("code").values_list("code", "name"))
        province = Region.objects.get(pk=PROVINCE_CODE)
        busy = random.Random(len(rows))
        by_city: dict[str, list[tuple[int, float]]] = {code: [] for code, _ in cities}
        province_pool = []
        for unit_id, region_id, kind, depth in rows:
            if kind == UnitKind.COUNTY_GOV:
                weight = 3.0
            elif kind in _DEPARTMENT_KINDS:
                weight = 4.0 if depth == 1 else 1.0
            else:
                continue
            weight *= busy.lognormvariate(0, 0.6)
            by_city.setdefault(region_id[:4] + "00", []).append((unit_id, weight))
            if depth == 1:
                province_pool.append((unit_id, weight))
        pools = {code: _cumulative(units) for code, units in by_city.items() if units}
        pools[PROVINCE_CODE] = _cumulative(province_pool)
        heads = dict(Official.objects.filter(unit__code__startswith=CODE_PREFIX, sort_order=0)
                     .values_list("unit_id", "id"))
        regions = [(code, name) for code, name in cities if code in pools]
        return cls(regions=regions + [(province.code, province.name)], pools=pools, heads=heads)


def _cumulative(weighted: list[tuple[int, float]]) -> tuple[list[int], list[float]]:
    total, cumulative = 0.0, []
    for _unit, weight in weighted:
        total += weight
        cumulative.append(total)
    return [unit for unit, _ in weighted], cumulative


# --- plans, nodes, targets, milestones ---------------------------------------------------


@dataclass
class _Reported:
    """A reported node as the report writer needs it."""

    node_id: int
    unit_id: int
    chronic: bool
    late: float  # chance that a report goes in after the deadline
    target: tuple | None = None  # (id, annual by year, baseline, lower is better, cumulative)
    pace: float = 1.0


@dataclass
class _Built:
    reported: list[_Reported]
    nodes: int = 0
    targets: int = 0
    milestones: int = 0
    co_units: int = 0


def _plan_sizes(rng: random.Random, plans: int, nodes: int) -> list[int]:
    weights = [rng.uniform(0.75, 1.25) for _ in range(plans)]
    total = sum(weights)
    sizes = [max(6, int(nodes * w / total)) for w in weights]
    sizes[sizes.index(max(sizes))] += nodes - sum(sizes)
    return sizes


def _split(rng: random.Random, total: int, bins: int, minimum: int) -> list[int]:
    """``total`` items over ``bins`` bins of at least ``minimum``, unevenly."""
    counts = [minimum] * bins
    weights = [rng.uniform(0.4, 1.6) for _ in range(bins)]
    for index, extra in Counter(rng.choices(range(bins), weights, k=total - minimum * bins)).items():
        counts[index] += extra
    return counts


def _shape(size: int) -> tuple[int, int, int, int, int]:
    """(content sections, areas, tasks, measures, safeguards) of a plan of ``size`` nodes;
    one more section holds the safeguards."""
    sections = min(4, max(1, round(size / 250)))
    safeguards = min(len(SAFEGUARDS), max(1, round(size / 170)))
    areas = max(sections, round(size / 75))
    tasks = max(areas, round(size / 8.5))
    # At least 1 for any size ≥ 6: below ~40 nodes all but the tasks are 1 and tasks ≤ 5.
    measures = size - sections - 1 - safeguards - areas - tasks
    return sections, areas, tasks, measures, safeguards


class _PlanWriter:
    """Builds the rows of one plan after another and writes them table by table."""

    NODE_COLUMNS = ("id", "plan_id", "parent_id", "kind", "number", "title", "text", "position",
                    "path", "depth", "lead_unit_id", "lead_official_id", "outline")

    def __init__(self, rng: random.Random, loader: _Loader, units: _BenchUnits,
                 years: list[int], span: tuple[dt.date, dt.date]) -> None:
        self.rng, self.loader, self.units, self.years, self.span = rng, loader, units, years, span
        self.nodes: list[tuple] = []
        self.co_units: list[tuple] = []
        self.targets: list[tuple] = []
        self.target_years: list[tuple] = []
        self.milestones: list[tuple] = []
        self.reported: list[_Reported] = []

    def plan(self, plan: Plan, size: int) -> None:
        rng = self.rng
        sections, areas, tasks, measures, safeguards = _shape(size)
        ids = iter(self.loader.ids(PlanNode, size))
        pool = self.units.pools[plan.region_id]
        area_counts = _split(rng, areas, sections, 1)
        task_counts = _split(rng, tasks, areas, 1)
        measure_counts = iter(_split(rng, measures, tasks, 0))
        task_iter = iter(task_counts)
        for s, n_areas in enumerate(area_counts, start=1):
            section = self._node(next(ids), plan, None, NodeKind.SECTION, s,
                                 f"{SECTIONS[(s - 1) % len(SECTIONS)]}")
            for a in range(1, n_areas + 1):
                area = self._node(next(ids), plan, section, NodeKind.AREA, a, rng.choice(AREAS))
                for t in range(1, next(task_iter) + 1):
                    lead = _draw(rng, pool)
                    task = self._node(next(ids), plan, area, NodeKind.TASK, t, _task_title(rng),
                                      lead=lead, pool=pool)
                    for m in range(1, next(measure_counts) + 1):
                        own = lead if rng.random() < 0.7 else _draw(rng, pool)
                        self._node(next(ids), plan, task, NodeKind.MEASURE, m,
                                   _task_title(rng) + rng.choice(MEASURE_TAILS), lead=own,
                                   pool=pool)
        guard = self._node(next(ids), plan, None, NodeKind.SECTION, sections + 1, "保障措施")
        for g in range(1, safeguards + 1):
            self._node(next(ids), plan, guard, NodeKind.SAFEGUARD, g, SAFEGUARDS[g - 1],
                       lead=_draw(rng, pool), pool=pool)

    def _node(self, node_id: int, plan: Plan, parent: tuple | None, kind: str, ordinal: int,
              title: str, *, lead: int | None = None, pool=None) -> tuple:
        depth = 0 if parent is None else parent[9] + 1
        path = f"{parent[8] if parent else '/'}{node_id}/"
        outline = f"{parent[12] if parent else ''}{ordinal:04d}."  # as plans.services writes it
        row = (node_id, plan.pk, parent[0] if parent else None, kind,
               default_number(depth, ordinal), title, "", ordinal, path, depth, lead,
               self.units.heads.get(lead) if lead else None, outline)
        self.nodes.append(row)
        if lead is not None:
            self._reported(node_id, lead, pool)
        return row

    def _reported(self, node_id: int, lead: int, pool) -> None:
        rng = self.rng
        for unit in set(_draw(rng, pool, rng.choice((0, 0, 1, 1, 2)))) - {lead}:
            self.co_units.append((node_id, unit))
        node = _Reported(node_id, lead, chronic=rng.random() < CHRONIC_SHARE,
                         late=0.25 if rng.random() < 0.1 else 0.03)
        if rng.random() < TARGET_SHARE:
            node.target, node.pace = self._target(node_id), _pace(rng)
        count = rng.choices(range(len(MILESTONES)), MILESTONES)[0]
        for _ in range(count):
            self._milestone(node_id)
        self.reported.append(node)

    def _target(self, node_id: int) -> tuple:
        rng = self.rng
        metric, unit, low, high, accumulation, direction, base_share = rng.choice(METRICS)
        target_id = self.loader.ids(Target, 1)[0]
        first = rng.uniform(low, high)
        baseline = None if base_share is None else first * base_share
        annual = {}
        for step, year in enumerate(self.years):
            growth = (0.93 if direction == Direction.LOWER else 1.08) ** step
            annual[year] = round(first * growth, 2)
            self.target_years.append((target_id, year, f"{annual[year]:.2f}"))
        self.targets.append((target_id, node_id, metric, unit,
                             None if baseline is None else f"{baseline:.2f}", direction,
                             accumulation, 1))
        return (target_id, annual, baseline, direction == Direction.LOWER,
                accumulation == Accumulation.CUMULATIVE)

    def _milestone(self, node_id: int) -> None:
        rng = self.rng
        first, last = self.span
        due = first + dt.timedelta(days=rng.randrange((last - first).days))
        due = due.replace(day=min(due.day, 28))
        roll = rng.random()
        if roll < 0.85:
            done = due - dt.timedelta(days=rng.randrange(0, 20))
        elif roll < 0.95:
            done = due + dt.timedelta(days=rng.randrange(1, 40))
        else:
            done = None
        if done is not None and done > last:
            done = None
        self.milestones.append((node_id, due.isoformat(), rng.choice(MILESTONE_TEXTS),
                                done.isoformat() if done else None))

    def flush(self) -> _Built:
        insert = self.loader.insert
        built = _Built(self.reported)
        built.nodes = insert(PlanNode._meta.db_table, self.NODE_COLUMNS, self.nodes)
        built.co_units = insert(PlanNode.co_units.through._meta.db_table,
                                ("plannode_id", "unit_id"), self.co_units)
        built.targets = insert(Target._meta.db_table, (
            "id", "node_id", "metric", "unit", "baseline", "direction", "accumulation",
            "position"), self.targets)
        insert(TargetYear._meta.db_table, ("target_id", "year", "value"), self.target_years)
        built.milestones = insert(Milestone._meta.db_table,
                                  ("node_id", "due_on", "description", "done_on"), self.milestones)
        return built


def _draw(rng: random.Random, pool: tuple[list[int], list[float]], k: int | None = None):
    """One unit of a pool (or a list of ``k``), by weight."""
    units, cumulative = pool
    drawn = rng.choices(units, cum_weights=cumulative, k=1 if k is None else k)
    return drawn if k is not None else drawn[0]


def _task_title(rng: random.Random) -> str:
    return rng.choice(VERBS) + rng.choice(OBJECTS)


def _pace(rng: random.Random) -> float:
    roll = rng.random()
    for share, low, high in PACES:
        if roll < share:
            return rng.uniform(low, high)
        roll -= share
    return 1.0


def _build_plans(rng: random.Random, loader: _Loader, units: _BenchUnits, count: int,
                 nodes: int, periods: list[Period]) -> _Built:
    """The plans (through the ORM: ~120 rows), then their nodes and what hangs on them."""
    first, last = periods[0].start_date(), periods[-1].end_date()
    years = sorted({p.year for p in periods})
    span = f"{first.year}—{last.year}年"
    serial: Counter[str] = Counter()
    plans = []
    for index in range(count):
        region, name = units.regions[index % len(units.regions)]
        serial[region] += 1
        topic = TOPICS[(serial[region] - 1) % len(TOPICS)]
        round_ = (serial[region] - 1) // len(TOPICS)
        title = f"{name}{topic}三年行动方案（{span}）" + (f"（第{round_ + 1}批）" if round_ else "")
        plans.append(Plan(
            title=title, short_title=f"{name}{topic}", region_id=region,
            issuing_body=f"{name}全面振兴新突破行动指挥部",
            document_number=f"{DOCUMENT_PREFIX}{region}-{serial[region]:03d}",
            issued_on=first, start_date=first, end_date=last))
    with transaction.atomic():
        plans = Plan.objects.bulk_create(plans)
    writer = _PlanWriter(rng, loader, units, years, (first, last))
    for plan, size in zip(plans, _plan_sizes(rng, count, nodes), strict=True):
        writer.plan(plan, size)
    return writer.flush()


# --- reports -----------------------------------------------------------------------------


class _MonthFacts:
    """What every report of one month shares: its period, deadline, and candidate times of
    submission (on time and late) with the time of the last update."""

    def __init__(self, loader: _Loader, period: Period, probe: Plan) -> None:
        self.period = period.code
        self.month = period.last_month
        deadline = report_deadline(probe, period.code)
        self.deadline = deadline.isoformat()
        utc = dt.timedelta(hours=8)  # Asia/Shanghai, no summer time

        def at(day: dt.date, hour: int, later: int = 0) -> tuple[str, str]:
            moment = dt.datetime.combine(day, dt.time(hour, 17)) - utc
            return loader.datetime(moment), loader.datetime(moment + dt.timedelta(days=later))

        self.on_time = [at(deadline - dt.timedelta(days=d), h, d % 4)
                        for d in range(0, 8) for h in range(8, 19)]
        self.late = [at(deadline + dt.timedelta(days=d), h, d % 4)
                     for d in range(1, 13) for h in range(8, 19)]
        self.drafts = [loader.datetime(dt.datetime.combine(deadline, dt.time(9)) - utc
                                       - dt.timedelta(days=d)) for d in range(1, 6)]


def _value(node: _Reported, year: int, month: int, noise: float) -> str:
    _target_id, annual, baseline, lower, cumulative = node.target
    goal = annual[year]
    done = min(1.3, month / 12 * node.pace * noise)
    if cumulative:
        value = goal * done
    elif lower:
        value = baseline - (baseline - goal) * done
    else:
        value = baseline + (goal - baseline) * done
    return f"{value:.2f}"


def _write_reports(rng: random.Random, loader: _Loader, reported: list[_Reported],
                   periods: list[Period], say: Progress) -> tuple[int, int]:
    """A report for each reported node and month, one month per transaction."""
    probe = Plan(report_deadline_day=Plan._meta.get_field("report_deadline_day").default)
    report_table, value_table = ProgressReport._meta.db_table, ReportValue._meta.db_table
    columns = ("id", "node_id", "unit_id", "period", "status", "progress", "problems",
               "next_steps", "deadline", "submitted_at", "is_late", "return_reason",
               "updated_at")
    total_reports = total_values = 0
    started = time.perf_counter()
    for index, period in enumerate(periods):
        facts = _MonthFacts(loader, period, probe)
        mix = STATUS_MIX.get(len(periods) - 1 - index, OLDER_MIX)
        reports, values = _month_rows(rng, loader, reported, facts, mix)
        with transaction.atomic():
            total_reports += loader.insert(report_table, columns, reports)
            total_values += loader.insert(value_table, ("report_id", "target_id", "value"), values)
        if index % 6 == 5 or index == len(periods) - 1:
            say(f"进展报告：{period.code}，累计{total_reports}份、完成值{total_values}条"
                f"（{time.perf_counter() - started:.0f}秒）")
    return total_reports, total_values


def _month_rows(rng: random.Random, loader: _Loader, reported: list[_Reported],
                facts: _MonthFacts, mix: tuple[float, ...]) -> tuple[list[tuple], list[tuple]]:
    missing = mix[0]
    bounds, total = [], missing
    for share, status in zip(mix[1:], _MIX_STATUSES, strict=True):
        total += share
        bounds.append((total, status))
    ids = iter(loader.ids(ProgressReport, len(reported)))
    random_, choice = rng.random, rng.choice
    year, month, period, deadline = int(facts.period[:4]), facts.month, facts.period, facts.deadline
    reports, values = [], []
    for node in reported:
        roll = random_()
        if roll < missing or (node.chronic and random_() < CHRONIC_MISSING):
            continue
        status = _S.ACCEPTED
        for bound, candidate in bounds:
            if roll < bound:
                status = candidate
                break
        report_id = next(ids)
        if status == _S.DRAFT:
            reports.append((report_id, node.node_id, node.unit_id, period, status, "", "", "",
                            deadline, None, False, "", choice(facts.drafts)))
            continue
        late = random_() < node.late
        submitted_at, updated_at = choice(facts.late if late else facts.on_time)
        reports.append((
            report_id, node.node_id, node.unit_id, period, status, choice(PROGRESS_TEXTS),
            choice(PROBLEMS), choice(NEXT_STEPS), deadline, submitted_at, late,
            choice(RETURN_REASONS) if status == _S.RETURNED else "", updated_at))
        if node.target is not None and status in _IN:
            values.append((report_id, node.target[0],
                           _value(node, year, month, 0.97 + 0.06 * random_())))
    return reports, values
