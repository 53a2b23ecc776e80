import time

from django.core.management.base import BaseCommand, CommandError

from luoshi.bench.clearing import clear_bench_dependents
from luoshi.bench.orgs import clear_bench_orgs, generate_orgs
from luoshi.bench.plans import generate_plans
from luoshi.core.errors import DomainError


class Command(BaseCommand):
    help = ("基准测试数据：generate 生成省级规模的组织机构（--plans 大于0时再生成行动方案和"
            "各月进展报告；先清除旧的），clear 全部清除。"
            "仅用于基准测试库：所有 bench_* 账号的密码都是公开的 Bench@2023")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["generate", "clear"])
        parser.add_argument("--units", type=int, default=5000)
        parser.add_argument("--users", type=int, default=20000)
        parser.add_argument("--officials", type=int, default=None, help="默认每个单位1.5人")
        parser.add_argument("--plans", type=int, default=0,
                            help="行动方案个数（省级规模为120）；0 表示只生成组织机构")
        parser.add_argument("--nodes", type=int, default=100_000, help="全部方案的条目总数")
        parser.add_argument("--months", type=int, default=36, help="报送进展的月数")
        parser.add_argument("--start", default="2023-01", help="第一个报告期，如 2023-01")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, action, units, users, officials, plans, nodes, months, start, seed,
               **options):
        started = time.perf_counter()
        # Plans, projects, leads, appeals, warnings… point at bench units (PROTECT): they go
        # first, whatever comes next.
        cleared = clear_bench_dependents()["plans"]
        if action == "clear":
            deleted = clear_bench_orgs()
            self.stdout.write(f"已清除：方案{cleared['plans']}个（条目{cleared['nodes']}个，"
                              f"进展报告{cleared['reports']}份），单位{deleted['units']}个，"
                              f"领导干部{deleted['officials']}人，用户{deleted['users']}个"
                              f"（{time.perf_counter() - started:.1f}秒）")
            return
        try:
            counts = generate_orgs(units=units, users=users, officials=officials, seed=seed)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"已生成：单位{counts.units}个（最深{counts.max_depth}级），领导干部{counts.officials}人，"
            f"用户{counts.users}个，角色授予{counts.user_roles}条"
            f"（{time.perf_counter() - started:.1f}秒）")
        if plans <= 0:
            return
        started = time.perf_counter()
        try:
            made = generate_plans(plans=plans, nodes=nodes, months=months, start=start,
                                  seed=seed, progress=self.stdout.write)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"已生成：方案{made.plans}个，条目{made.nodes}个（需报送{made.reported_nodes}个），"
            f"目标{made.targets}个，节点目标{made.milestones}个，进展报告{made.reports}份，"
            f"完成值{made.report_values}条（{time.perf_counter() - started:.1f}秒）")
