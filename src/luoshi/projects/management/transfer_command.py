"""The shape both `luoshi projects` and `luoshi investment` share: import/export FILE.xlsx."""

import sys

from django.core.management.base import BaseCommand

from luoshi.core.audit import audit_source
from luoshi.core.errors import DomainError
from luoshi.core.xlsx import ImportRejected
from luoshi.orgs.models import User


class TransferCommand(BaseCommand):
    what = ""

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="import|export")
        imports = actions.add_parser("import", help="从 .xlsx 导入")
        imports.add_argument("file", help=".xlsx 文件")
        exports = actions.add_parser("export", help="导出为 .xlsx")
        exports.add_argument("file", help="要写入的 .xlsx 文件")
        exports.add_argument("--year", type=int, help="只导出这一年（月度投资）")
        for sub in (imports, exports):
            sub.add_argument("--user", required=True, help="以该用户的身份和数据范围执行")

    def fail(self, message: str):
        self.stderr.write(message)
        sys.exit(1)

    def handle(self, *args, action, user, file, **options):
        actor = User.objects.filter(username=user).select_related("unit__region").first()
        if actor is None:
            self.fail(f"用户“{user}”不存在，请用 --user 指定一个已有的用户名")
        try:
            if action == "import":
                with audit_source("cli"):
                    result = self.run_import(actor, file)
                self.stdout.write(f"导入完成：新增{self.what}{result.created}条，更新{result.updated}条，"
                                  f"未变{result.unchanged}条。")
            else:
                content = self.run_export(actor, options.get("year"))
                try:
                    with open(file, "wb") as f:
                        f.write(content)
                except OSError as exc:
                    self.fail(f"无法写入文件“{file}”：{exc.strerror}")
                self.stdout.write(f"已把{self.what}导出到 {file}")
        except ImportRejected as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            self.fail(exc.message)
        except DomainError as exc:
            self.fail(exc.message)
