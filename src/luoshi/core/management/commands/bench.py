import time

from django.core.management.base import BaseCommand, CommandError

from luoshi.bench.orgs import clear_bench_orgs, generate_orgs


class Command(BaseCommand):
    help = ("基准测试数据：generate 生成省级规模的组织机构（先清除旧的），clear 清除。"
            "仅用于基准测试库：所有 bench_* 账号的密码都是公开的 Bench@2023")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["generate", "clear"])
        parser.add_argument("--units", type=int, default=5000)
        parser.add_argument("--users", type=int, default=20000)
        parser.add_argument("--officials", type=int, default=None, help="默认每个单位1.5人")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, action, units, users, officials, seed, **options):
        started = time.perf_counter()
        if action == "clear":
            deleted = clear_bench_orgs()
            self.stdout.write(f"已清除：单位{deleted['units']}个，领导干部{deleted['officials']}人，"
                              f"用户{deleted['users']}个（{time.perf_counter() - started:.1f}秒）")
            return
        try:
            counts = generate_orgs(units=units, users=users, officials=officials, seed=seed)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"已生成：单位{counts.units}个（最深{counts.max_depth}级），领导干部{counts.officials}人，"
            f"用户{counts.users}个，角色授予{counts.user_roles}条"
            f"（{time.perf_counter() - started:.1f}秒）")
