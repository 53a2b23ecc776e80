import time

from django.core.management.base import BaseCommand, CommandError

from luoshi.assessment import services
from luoshi.assessment.models import Scheme
from luoshi.core.audit import audit_source
from luoshi.core.errors import DomainError
from luoshi.core.permissions import SYSTEM


class Command(BaseCommand):
    help = ("实绩考核：compute 计算某考核方案某期（季度或全年）的得分、排名和位次变化"
            "（可重复执行，结果相同；在一个事务中完成，中途停止不留半截结果）")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["compute"])
        parser.add_argument("--scheme", type=int, required=True, help="考核方案 ID")
        parser.add_argument("--period", required=True, help="考核期，如 2023Q2、2023年二季度、2023")

    def handle(self, *args, action, scheme, period, **options):
        found = Scheme.objects.filter(pk=scheme).first()
        if found is None:
            raise CommandError(f"考核方案 {scheme} 不存在")
        started = time.perf_counter()
        try:
            with audit_source("cli"):
                summary = services.compute_period(actor=SYSTEM, scheme=found, period=period)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        metrics = "，".join(f"{key} {sec:.1f} 秒" for key, sec in summary.metric_seconds.items())
        self.stdout.write(f"{found.title} {summary.period}：{summary.units} 个单位，{summary.scores} 项得分，"
                          f"用时 {time.perf_counter() - started:.1f} 秒" + (f"（{metrics}）" if metrics else ""))
