"""luoshi investment import FILE.xlsx --user USERNAME
luoshi investment export FILE.xlsx --user USERNAME [--year 2023]"""

from luoshi.projects import queries, transfer
from luoshi.projects.management.transfer_command import TransferCommand
from luoshi.projects.models import MonthlyInvestment


class Command(TransferCommand):
    help = ("项目月度投资与 Excel：import 从文件导入（每个项目每月一行），export 导出某一年。"
            "以 --user 指定用户的权限和数据范围执行；导入时文件中任何一处有错都不写入，并逐条列出错误。")
    what = "月度投资"

    def run_import(self, actor, file):
        return transfer.import_investment(actor=actor, file=file)

    def run_export(self, actor, year):
        rows = (MonthlyInvestment.objects.filter(project__in=queries.visible_projects(actor).values("pk"),
                                                 **({"year": year} if year else {}))
                .select_related("project").order_by("project__code", "year", "month"))
        return transfer.export_investment(rows)
