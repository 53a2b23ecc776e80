import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError

from luoshi.core.audit import audit_source
from luoshi.core.errors import DomainError
from luoshi.supervision.evaluation import RuleOutcome, default_period, run_warnings
from luoshi.supervision.rules import all_rules


class Command(BaseCommand):
    help = ("预警：run 按全部规则重新评估某月的预警——新开预警、消除原因已不存在的预警，"
            "不重复（可反复执行；每条规则一个事务，中途停止不会留下半套结果）；rules 列出规则及其设置")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["run", "rules"])
        parser.add_argument("--period", default=None, help="月份，如 2023-06 或 2023年6月；默认上个月")
        parser.add_argument("--as-of", default=None,
                            help="按哪一天判断逾期和缺报，如 2023-07-10；默认该月次月10日与今天中较早者")
        parser.add_argument("--rule", action="append", default=None,
                            help="只评估这条规则（可多次给出）")

    def handle(self, *args, action, period, as_of, rule, **options):
        if action == "rules":
            for item in all_rules():
                settings = "；".join(f"{k}={item.defaults[k]}（{item.settings_help.get(k, '')}）"
                                    for k in item.defaults)
                self.stdout.write(f"{item.code}\t{item.title}\t{settings}")
            return
        with audit_source("cli"):
            self._run(period, as_of, rule)

    def _run(self, period, as_of_text, rules) -> None:
        as_of = None
        if as_of_text:
            try:
                as_of = dt.date.fromisoformat(as_of_text)
            except ValueError:
                raise CommandError(f"日期“{as_of_text}”无效，应写作 2023-07-10") from None
        started = time.perf_counter()

        def report(outcome: RuleOutcome) -> None:
            if outcome.error:
                self.stderr.write(f"{outcome.rule}：规则执行失败，原有预警未改动（{outcome.error[:300]}）")
                return
            self.stdout.write(f"{outcome.rule}：当前 {outcome.causes} 条，新开 {outcome.opened}，"
                              f"更新 {outcome.updated}，消除 {outcome.closed}（用时 {outcome.seconds:.1f} 秒）")

        try:
            done = run_warnings(period or default_period(), as_of=as_of, rules=rules, progress=report)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(f"合计 {len(done)} 条规则：新开 {sum(o.opened for o in done)}，"
                          f"消除 {sum(o.closed for o in done)}（用时 {time.perf_counter() - started:.1f} 秒）")
        failed = [o.rule for o in done if o.error]
        if failed:
            raise CommandError(f"{len(failed)} 条规则执行失败：{'、'.join(failed)}")
