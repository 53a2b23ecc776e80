"""luoshi leads import FILE.xlsx --user USERNAME
luoshi leads export FILE.xlsx --user USERNAME [--year 2023]"""

from luoshi.attraction import queries, transfer
from luoshi.attraction.management.commands._transfer import TransferCommand


class Command(TransferCommand):
    what = "招商线索"
    help = ("招商线索与 Excel：import 按线索编号更新已有线索、新建其余线索，export 导出数据范围内的线索。"
            "以 --user 指定用户的权限和数据范围执行；导入时文件中任何一处有错都不写入，并逐条列出错误。")

    def importer(self, *, actor, file):
        return transfer.import_leads(actor=actor, file=file)

    def exporter(self, actor, year):
        rows = list(queries.lead_list(actor, queries.LeadFilters(year=year)))
        return transfer.export_leads(rows), len(rows)
