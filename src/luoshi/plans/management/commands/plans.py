"""luoshi plans import FILE.xlsx --user USERNAME [--into PLAN_ID]
luoshi plans export PLAN_ID -o FILE.xlsx --user USERNAME"""

import sys

from django.core.management.base import BaseCommand

from luoshi.core.audit import audit_source
from luoshi.core.errors import DomainError
from luoshi.core.xlsx import ImportRejected
from luoshi.orgs.models import User
from luoshi.plans import queries, transfer
from luoshi.plans.models import Plan


class Command(BaseCommand):
    help = ("行动方案与 Excel：import 从文件新建方案（或以 --into 更新已有方案），export 导出方案。"
            "以 --user 指定用户的权限和数据范围执行；导入时文件中任何一处有错都不写入，并逐条列出错误。")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="import|export")
        imports = actions.add_parser("import", help="从 .xlsx 导入方案")
        imports.add_argument("file", help=".xlsx 文件")
        imports.add_argument("--into", type=int, metavar="PLAN_ID", help="更新这个已有方案，而不是新建")
        exports = actions.add_parser("export", help="把方案导出为 .xlsx")
        exports.add_argument("plan_id", type=int)
        exports.add_argument("-o", "--output", required=True, help="要写入的 .xlsx 文件")
        for sub in (imports, exports):
            sub.add_argument("--user", required=True, help="以该用户的身份和数据范围执行")

    def fail(self, message: str):
        self.stderr.write(message)
        sys.exit(1)

    def handle(self, *args, action, user, **options):
        actor = User.objects.filter(username=user).select_related("unit__region").first()
        if actor is None:
            self.fail(f"用户“{user}”不存在，请用 --user 指定一个已有的用户名")
        try:
            if action == "import":
                self.import_plan(actor, options["file"], options.get("into"))
            else:
                self.export_plan(actor, options["plan_id"], options["output"])
        except ImportRejected as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            self.fail(exc.message)
        except DomainError as exc:
            self.fail(exc.message)

    def import_plan(self, actor, file: str, into: int | None):
        plan = None
        if into is not None:
            plan = Plan.objects.select_related("region").filter(pk=into).first()
            if plan is None:
                self.fail(f"方案#{into}不存在")
        with audit_source("cli"):
            result = transfer.import_plan(actor=actor, file=file, plan=plan)
        self.stdout.write(f"导入完成：方案#{result.plan.pk}“{result.plan.title}”，新增条目{result.created}条，"
                          f"更新{result.updated}条，未变{result.unchanged}条。")

    def export_plan(self, actor, plan_id: int, output: str):
        plan = queries.access_plan(actor, plan_id)
        content = transfer.export_plan(plan)
        try:
            with open(output, "wb") as f:
                f.write(content)
        except OSError as exc:
            self.fail(f"无法写入文件“{output}”：{exc.strerror}")
        self.stdout.write(f"已把方案#{plan.pk}“{plan.title}”导出到 {output}")
