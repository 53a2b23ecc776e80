"""luoshi indicators import FILE.xlsx --user USERNAME
luoshi indicators export -o FILE.xlsx [--layout long|wide] [--period 2023-06] [--parent 210000]
                         [--indicator CODE ...] [--region CODE]
luoshi indicators recompute [--year 2023]"""

import sys
import time

from django.core.management.base import BaseCommand

from luoshi.core.audit import audit_source
from luoshi.core.errors import DomainError
from luoshi.core.models import Region
from luoshi.core.xlsx import ImportRejected
from luoshi.indicators import queries, services, transfer
from luoshi.indicators.models import Indicator, Observation
from luoshi.orgs.models import User


class Command(BaseCommand):
    help = ("经济指标数据与 Excel：import 导入统计局宽表或长表（任何一处有错都不写入，逐条列出错误），"
            "export 导出长表或宽表，recompute 重新推算当月值、测算同比并重新核查数据疑点。")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True,
                                        metavar="import|export|recompute")
        imports = actions.add_parser("import", help="从 .xlsx 导入指标值（宽表或长表）")
        imports.add_argument("file", help=".xlsx 文件")
        imports.add_argument("--user", required=True, help="以该用户的身份执行")
        exports = actions.add_parser("export", help="把指标值导出为 .xlsx")
        exports.add_argument("-o", "--output", required=True, help="要写入的 .xlsx 文件")
        exports.add_argument("--layout", choices=["long", "wide"], default="long")
        exports.add_argument("--period", help="期间，如 2023-06；宽表必填，长表可选")
        exports.add_argument("--parent", default="210000", help="宽表：导出该区划的下级区划")
        exports.add_argument("--indicator", action="append", default=[], help="指标代码，可重复")
        exports.add_argument("--region", default="", help="长表：只导出该区划")
        recompute = actions.add_parser("recompute", help="重新推算和核查")
        recompute.add_argument("--year", type=int, action="append", default=[])

    def fail(self, message: str):
        self.stderr.write(message)
        sys.exit(1)

    def handle(self, *args, action, **options):
        try:
            with audit_source("cli"):
                getattr(self, f"do_{action}")(**options)
        except ImportRejected as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            self.fail(exc.message)
        except DomainError as exc:
            self.fail(exc.message)

    def do_import(self, *, file, user, **_):
        actor = User.objects.filter(username=user).first()
        if actor is None:
            self.fail(f"用户“{user}”不存在，请用 --user 指定一个已有的用户名")
        started = time.perf_counter()
        result = transfer.import_observations(actor=actor, file=file)
        layout = "统计局宽表" if result.layout == "wide" else "长表"
        self.stdout.write(f"导入完成（{layout}{'，' + result.period if result.period else ''}）："
                          f"{result.rows}条，新增{result.created}条，更新{result.updated}条，"
                          f"发现数据疑点{result.flags}处，用时{time.perf_counter() - started:.1f}秒。")

    def _indicators(self, codes):
        rows = Indicator.objects.filter(code__in=codes) if codes else Indicator.objects.all()
        indicators = list(rows)
        missing = set(codes) - {i.code for i in indicators}
        if missing:
            self.fail(f"指标代码不存在：{'、'.join(sorted(missing))}")
        return indicators

    def do_export(self, *, output, layout, period, parent, indicator, region, **_):
        indicators = self._indicators(indicator)
        if layout == "wide":
            if not period:
                self.fail("宽表导出需要 --period，如 2023-06")
            year, month = services.release_month(period)
            parent_region = Region.objects.filter(code=parent).first()
            if parent_region is None:
                self.fail(f"区划“{parent}”不存在")
            regions = list(Region.objects.filter(parent=parent_region))
            content = transfer.export_wide(indicators, regions, year, month)
        else:
            year = month = None
            if period:
                year, month = services.release_month(period)
            rows = queries.observation_list(region_code=region, year=year, month=month).filter(
                indicator__in=indicators)
            content = transfer.export_long(rows.iterator(chunk_size=2000))
        try:
            with open(output, "wb") as f:
                f.write(content)
        except OSError as exc:
            self.fail(f"无法写入文件“{output}”：{exc.strerror}")
        self.stdout.write(f"已导出到 {output}")

    def do_recompute(self, *, year, **_):
        years = year or sorted(set(Observation.objects.values_list("year", flat=True).distinct()))
        regions = list(Region.objects.values_list("code", flat=True))
        flags = services.recompute(indicators=Indicator.objects.all(), region_ids=regions,
                                   years=years)
        self.stdout.write(f"已重新推算和核查，发现数据疑点{flags}处。")
