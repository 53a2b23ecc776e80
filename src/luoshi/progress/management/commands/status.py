import datetime as dt
import threading
import time

from django.core.management.base import BaseCommand, CommandError

from luoshi.core.audit import audit_source
from luoshi.core.errors import DomainError
from luoshi.plans.models import Plan
from luoshi.progress.services import parse_month
from luoshi.progress.status import recompute_period

COLOURS = (("green", "绿"), ("yellow", "黄"), ("red", "红"), ("none", "未评价"))


def _counts_text(counts: dict) -> str:
    return " ".join(f"{name} {counts.get(light, 0)}" for light, name in COLOURS)


class Command(BaseCommand):
    help = ("红黄绿灯：recompute 重算某月所有在期方案的灯（可重复执行；中途停止时每个方案"
            "要么全是旧灯、要么全是新灯）")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["recompute"])
        parser.add_argument("--period", required=True, help="月份，如 2023-06 或 2023年6月")
        parser.add_argument("--plan", type=int, default=None, help="只重算这个方案（ID）")
        parser.add_argument("--as-of", default=None,
                            help="按哪一天判断逾期和缺报，如 2023-07-10；默认今天")
        parser.add_argument("--jobs", type=int, default=1,
                            help="同时重算几个方案（PostgreSQL；SQLite 上总是 1）")

    def handle(self, *args, action, period, plan, as_of, jobs, **options):
        if jobs < 1:
            raise CommandError("--jobs 至少为 1")
        with audit_source("cli"):
            self._recompute(period, plan, as_of, jobs)

    def _recompute(self, period: str, plan_id: int | None, as_of_text: str | None,
                   jobs: int) -> None:
        try:
            month = parse_month(period)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        as_of = None
        if as_of_text:
            try:
                as_of = dt.date.fromisoformat(as_of_text)
            except ValueError:
                raise CommandError(f"日期“{as_of_text}”无效，应写作 2023-07-10") from None
        plans = None
        if plan_id is not None:
            plan = Plan.objects.filter(pk=plan_id).first()
            if plan is None:
                raise CommandError(f"方案 {plan_id} 不存在")
            if plan.start_date > month.end_date() or plan.end_date < month.start_date():
                raise CommandError(f"方案“{plan}”的期限不含 {month.code}")
            plans = [plan]
        totals = {light: 0 for light, _ in COLOURS}
        started = time.perf_counter()

        lock = threading.Lock()  # with --jobs, plans finish in several threads

        def report(plan: Plan, status, seconds: float) -> None:
            with lock:
                for light in totals:
                    totals[light] += status.counts.get(light, 0)
                self.stdout.write(f"{plan} {month.code}：{_counts_text(status.counts)}"
                                  f"（用时 {seconds:.1f} 秒）")

        try:
            done = recompute_period(month.code, plans=plans, as_of=as_of, jobs=jobs,
                                    progress=report)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        if not done:
            self.stdout.write(f"{month.code} 没有在期的方案。")
            return
        self.stdout.write(f"合计 {len(done)} 个方案 {month.code}：{_counts_text(totals)}"
                          f"（用时 {time.perf_counter() - started:.1f} 秒）")
