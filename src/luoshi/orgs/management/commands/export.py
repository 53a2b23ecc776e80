"""luoshi export units|officials -o FILE.xlsx --user USERNAME [--search TEXT]"""

import sys

from django.core.management.base import BaseCommand

from luoshi.core.errors import DomainError
from luoshi.orgs import queries, transfer
from luoshi.orgs.models import User


class Command(BaseCommand):
    help = "把单位（units）或领导干部（officials）导出为 Excel，只含 --user 指定用户数据范围内的记录。"

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["officials", "units"])
        parser.add_argument("-o", "--output", required=True, help="要写入的 .xlsx 文件")
        parser.add_argument("--user", required=True, help="以该用户的身份和数据范围导出")
        parser.add_argument("--search", default="", help="只导出名称或编码含此文字的记录")

    def handle(self, *args, what, output, user, search, **options):
        actor = User.objects.filter(username=user).select_related("unit__region").first()
        if actor is None:
            self.stderr.write(f"用户“{user}”不存在，请用 --user 指定一个已有的用户名")
            sys.exit(1)
        try:
            if what == "units":
                rows = list(queries.units_for_list(actor, search=search.strip()))
                content = transfer.export_units(rows)
            else:
                rows = list(queries.officials_for_list(actor, search=search.strip()))
                content = transfer.export_officials(rows)
        except DomainError as exc:
            self.stderr.write(exc.message)
            sys.exit(1)
        try:
            with open(output, "wb") as f:
                f.write(content)
        except OSError as exc:
            self.stderr.write(f"无法写入文件“{output}”：{exc.strerror}")
            sys.exit(1)
        self.stdout.write(f"已导出{len(rows)}条到 {output}")
