from django.core.management.base import BaseCommand, CommandError

from luoshi.core.audit import verify_chain
from luoshi.core.models import AuditChainHead


class Command(BaseCommand):
    help = "审计日志：verify 校验哈希链，发现被修改或删除的记录时以非零状态退出"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, action, **options):
        problem = verify_chain()
        if problem is not None:
            raise CommandError(f"审计日志校验失败：第{problem.entry_id}号记录，{problem.reason}")
        head = AuditChainHead.objects.filter(pk=1).first()
        self.stdout.write(f"审计日志完整：共{head.count if head else 0}条记录，哈希链无断点。")
