"""luoshi appeals import FILE.xlsx --user USERNAME
luoshi appeals export -o FILE.xlsx --user USERNAME [--search TEXT]"""

from luoshi.service import queries, transfer
from luoshi.service.management.commands._transfer import TransferCommand


class Command(TransferCommand):
    help = ("企业诉求与 Excel：import 登记新诉求（填写承办单位即交办）或批量交办待交办的诉求，export 导出。"
            "以 --user 指定用户的权限和数据范围执行；导入时文件中任何一行有错都不写入，并逐行列出错误。")
    what, label = "appeals", "企业诉求"

    def export(self, actor, search):
        rows = list(transfer.appeals_for_export(
            queries.appeals_for_list(actor, queries.AppealFilters(search=search))))
        return transfer.export_appeals(rows), len(rows)
