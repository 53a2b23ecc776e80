import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from luoshi.core.audit import audit_source
from luoshi.supervision.reminders import REMIND_WORKDAYS, remind_orders


class Command(BaseCommand):
    help = ("督办单：remind 对临近办理时限的督办单发到期提醒，对逾期的发逾期通知并报告承办单位领导"
            "（同一时限只提醒一次，可每天执行）")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["remind"])
        parser.add_argument("--today", default=None, help="按哪一天计算，如 2023-07-20；默认今天")
        parser.add_argument("--days", type=int, default=REMIND_WORKDAYS,
                            help=f"到期前几个工作日提醒（默认 {REMIND_WORKDAYS}）")

    def handle(self, *args, action, today, days, **options):
        day = None
        if today:
            try:
                day = dt.date.fromisoformat(today)
            except ValueError:
                raise CommandError(f"日期“{today}”无效，应写作 2023-07-20") from None
        if days < 0:
            raise CommandError("--days 不能为负数")
        with audit_source("cli"):
            outcome = remind_orders(today=day, remind_workdays=days)
        self.stdout.write(f"到期提醒 {outcome.reminders} 条，逾期通知 {outcome.overdue} 条，"
                          f"报告单位领导 {outcome.escalations} 条")
