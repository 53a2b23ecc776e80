"""luoshi import units|officials FILE.xlsx --user USERNAME"""

import sys

from django.core.management.base import BaseCommand

from luoshi.core.audit import audit_source
from luoshi.core.errors import DomainError
from luoshi.core.xlsx import ImportRejected
from luoshi.orgs import transfer
from luoshi.orgs.models import User

IMPORTERS = {"units": transfer.import_units, "officials": transfer.import_officials}


class Command(BaseCommand):
    help = ("从 Excel 导入单位（units）或领导干部（officials）。以 --user 指定用户的权限和数据范围"
            "执行；文件中任何一行有错都不写入，并逐行列出错误。")

    def add_arguments(self, parser):
        parser.add_argument("what", choices=sorted(IMPORTERS))
        parser.add_argument("file", help=".xlsx 文件")
        parser.add_argument("--user", required=True, help="以该用户的身份导入")

    def handle(self, *args, what, file, user, **options):
        actor = User.objects.filter(username=user).select_related("unit__region").first()
        if actor is None:
            self.stderr.write(f"用户“{user}”不存在，请用 --user 指定一个已有的用户名")
            sys.exit(1)
        try:
            with audit_source("cli"):
                result = IMPORTERS[what](actor=actor, file=file)
        except ImportRejected as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            self.stderr.write(exc.message)
            sys.exit(1)
        except DomainError as exc:
            self.stderr.write(exc.message)
            sys.exit(1)
        self.stdout.write(f"导入完成：新增{result.created}条，更新{result.updated}条，"
                          f"未变{result.unchanged}条。")
