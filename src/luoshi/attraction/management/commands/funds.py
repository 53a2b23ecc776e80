"""luoshi funds import FILE.xlsx --user USERNAME
luoshi funds export FILE.xlsx --user USERNAME [--year 2023]"""

from luoshi.attraction import queries, transfer
from luoshi.attraction.management.commands._transfer import TransferCommand


class Command(TransferCommand):
    what = "到位资金记录"
    help = ("域外资金到位额与 Excel：import 按线索编号和月份登记到位额，export 导出数据范围内的记录。"
            "以 --user 指定用户的权限和数据范围执行；导入时文件中任何一处有错都不写入，并逐条列出错误。")

    def importer(self, *, actor, file):
        return transfer.import_funds(actor=actor, file=file)

    def exporter(self, actor, year):
        rows = list(queries.funds_list(actor, year=year))
        return transfer.export_funds(rows), len(rows)
