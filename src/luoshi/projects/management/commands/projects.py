"""luoshi projects import FILE.xlsx --user USERNAME
luoshi projects export FILE.xlsx --user USERNAME"""

from luoshi.projects import queries, transfer
from luoshi.projects.management.transfer_command import TransferCommand


class Command(TransferCommand):
    help = ("重大项目与 Excel：import 从文件导入（每个项目一行，按项目编号新建或更新），export 导出。"
            "以 --user 指定用户的权限和数据范围执行；导入时文件中任何一处有错都不写入，并逐条列出错误。")
    what = "项目"

    def run_import(self, actor, file):
        return transfer.import_projects(actor=actor, file=file)

    def run_export(self, actor, year):
        return transfer.export_projects(queries.project_rows(queries.visible_projects(actor)))
