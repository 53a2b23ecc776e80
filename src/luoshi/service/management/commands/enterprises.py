"""luoshi enterprises import FILE.xlsx --user USERNAME
luoshi enterprises export -o FILE.xlsx --user USERNAME [--search TEXT]"""

from luoshi.service import queries, transfer
from luoshi.service.management.commands._transfer import TransferCommand


class Command(TransferCommand):
    help = ("服务企业与 Excel：import 按统一社会信用代码新建或更新企业，export 导出。以 --user 指定用户的"
            "权限和数据范围执行；导入时文件中任何一行有错都不写入，并逐行列出错误。")
    what, label = "enterprises", "企业"

    def export(self, actor, search):
        rows = list(queries.enterprises_for_list(actor, search=search))
        return transfer.export_enterprises(rows), len(rows)
