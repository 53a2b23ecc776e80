from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from luoshi.briefs import export, services
from luoshi.briefs.models import BriefKind
from luoshi.core.audit import audit_source
from luoshi.core.errors import DomainError
from luoshi.core.permissions import SYSTEM

KINDS = {**{label: value for value, label in BriefKind.choices}, **{v: v for v in BriefKind.values}}
WRITERS = {"docx": export.brief_docx, "pdf": export.brief_pdf,
           "html": lambda brief: export.brief_html(brief).encode()}


class Command(BaseCommand):
    help = "简报：generate 按区划和报告期生成简报草稿，并写成 Word、PDF 或网页文件"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["generate"])
        parser.add_argument("--region", required=True, help="区划代码，如 210400（抚顺市）")
        parser.add_argument("--period", required=True, help="数据截至的月份，如 2023-06")
        parser.add_argument("--kind", default="综述", help="简报、通报 或 综述（默认综述）")
        parser.add_argument("--format", default="", choices=["", *WRITERS],
                            help="docx、html 或 pdf；默认按 -o 的扩展名")
        parser.add_argument("-o", "--output", required=True, help="输出文件")

    def handle(self, *args, region, period, kind, format, output, **options):
        if kind not in KINDS:
            raise CommandError(f"类型“{kind}”无效，应为 简报、通报 或 综述")
        path = Path(output)
        fmt = format or path.suffix.lstrip(".").lower()
        if fmt not in WRITERS:
            raise CommandError(f"不知道写成什么格式：请用 --format docx|html|pdf（“{output}”）")
        try:
            with audit_source("cli"):
                brief = services.generate_brief(actor=SYSTEM, request=services.BriefRequest(
                    region_code=region, period=period, kind=KINDS[kind]))
            content = WRITERS[fmt](brief)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        try:
            path.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"不能写入“{output}”：{exc.strerror}") from None
        figures = sum(len(s.figures) for s in brief.sections.all())
        self.stdout.write(f"已生成 {brief.year}年{brief.number_label}《{brief.title}》："
                          f"{brief.sections.count()}段，{figures}个数字，写入 {path}")
