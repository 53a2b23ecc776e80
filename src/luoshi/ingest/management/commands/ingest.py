"""luoshi ingest extract FILE [--json]
luoshi ingest score FOLDER [--details] [--min-recall R] [--min-precision P]"""

import json
import sys
import unicodedata

from django.core.management.base import BaseCommand

from luoshi.core.errors import DomainError
from luoshi.ingest.extraction import extract_facts
from luoshi.ingest.extraction.source import decode_text
from luoshi.ingest.scoring import report_lines, score_folder

KIND_ZH = {"actual": "实际", "target": "目标"}


class Command(BaseCommand):
    help = ("从新闻稿、简报等文本中提取数据：extract 列出文本中的每个数据（--json 输出 JSON 数组），"
            "score 用标注好的文本目录计算提取的召回率和准确率。")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="extract|score")
        extract = actions.add_parser("extract", help="提取一个文本文件中的数据")
        extract.add_argument("file", help="UTF-8 编码的文本文件（简体或繁体）")
        extract.add_argument("--json", action="store_true", help="输出 JSON 数组")
        score = actions.add_parser("score", help="用标注目录（NAME.txt + NAME.json）评分")
        score.add_argument("folder")
        score.add_argument("--details", action="store_true", help="列出漏提和误提的数据")
        score.add_argument("--min-recall", type=float, default=0.0)
        score.add_argument("--min-precision", type=float, default=0.0)

    def fail(self, message: str):
        self.stderr.write(message)
        sys.exit(1)

    def handle(self, *args, action, **options):
        try:
            if action == "extract":
                self.extract(options["file"], as_json=options["json"])
            else:
                self.score(options)
        except DomainError as exc:
            self.fail(exc.message)

    def extract(self, file: str, *, as_json: bool):
        try:
            with open(file, "rb") as f:
                data = f.read()
        except OSError as exc:
            self.fail(f"无法读取文件“{file}”：{exc.strerror}")
        facts = extract_facts(decode_text(data))
        if as_json:
            self.stdout.write(json.dumps([f.as_dict() for f in facts], ensure_ascii=False, indent=2))
            return
        self.stdout.write(_table(facts))
        self.stdout.write(f"共提取 {len(facts)} 个数据。")

    def score(self, options):
        result = score_folder(options["folder"])
        for line in report_lines(result, details=options["details"]):
            self.stdout.write(line)
        if result.recall < options["min_recall"] or result.precision < options["min_precision"]:
            self.fail(f"低于要求：召回率 {result.recall:.3f}（要求 ≥ {options['min_recall']}），"
                      f"准确率 {result.precision:.3f}（要求 ≥ {options['min_precision']}）")


def _table(facts) -> str:
    header = ["位置", "数值", "单位", "指标", "类型", "期间", "地区", "原文"]
    rows = [
        [f"{f.start}-{f.end}", format(f.value, "f"), f.unit, f.label or "—", KIND_ZH[f.kind],
         f.period or "—", f.region or "—", f.text]
        for f in facts
    ]
    widths = [max(_width(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip()
             for row in [header, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
