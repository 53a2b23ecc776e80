"""luoshi assignments import FILE.xlsx --user USERNAME
luoshi assignments export -o FILE.xlsx --user USERNAME [--search TEXT]"""

from luoshi.service import queries, transfer
from luoshi.service.management.commands._transfer import TransferCommand


class Command(TransferCommand):
    help = ("包保关系与 Excel：import 安排包保干部或填写包保结束日期，export 导出。以 --user 指定用户的"
            "权限和数据范围执行；导入时文件中任何一行有错都不写入，并逐行列出错误。")
    what, label = "assignments", "包保关系"

    def export(self, actor, search):
        rows = list(queries.assignments_for_list(actor, search=search).select_related("official__unit"))
        return transfer.export_assignments(rows), len(rows)
