"""What each cell of the plan workbook holds: the layout of its two sheets, the template's
example and notes, and the cells a clerk types several values into.

Each ``parse_*`` reads what a person types (full- or half-width punctuation, Excel or text
dates) and raises ``InvalidInput`` saying the fix; each ``format_*`` writes the one canonical
form, which ``parse_*`` reads back to the same value. 目标, one per line, metric and unit
first, the other parts in any order or left out: ``规上工业增加值增速|%|基数5.0|越大越好|年内累计|2023:6.0;2024:6.5``.
节点目标, one per line: ``2023-06-30|完成项目签约|完成日期2023-06-20``. 牵头领导: ``姓名``,
``姓名（职务）`` or ``姓名（职务，单位编码）``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from luoshi.core import xlsx
from luoshi.core.errors import DomainError, InvalidInput
from luoshi.core.textnorm import cn_to_number, tidy_decimal
from luoshi.core.xlsx import Column
from luoshi.plans.models import Accumulation, Direction, NodeKind, Plan, PlanNode
from luoshi.plans.services import MilestoneData, TargetData

PART = "|"
_PARTS = re.compile(r"[|｜]")
_LIST = re.compile(r"[、,，;；\s]+")
_YEAR_PAIRS = re.compile(r"[;；,，、]")
_YEAR_PAIR = re.compile(r"(\d{4})\s*年?\s*[:：]\s*(.*)")
_BASELINE = re.compile(r"基数\s*[:：]?\s*(.*)")
_DONE = re.compile(r"(?:完成日期|完成于|已完成|完成)?\s*[:：]?\s*(.*)")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?|(\d{4})(\d{2})(\d{2})")
_OFFICIAL = re.compile(r"([^（()）]+?)\s*(?:[（(]\s*(.*?)\s*[)）])?")
_POST_AND_UNIT = re.compile(r"(.*?)\s*[,，]\s*([^,，]*)")
TARGET_EXAMPLE = "规上工业增加值增速|%|基数5.0|越大越好|年内累计|2023:6.0;2024:6.5;2025:7.0"
MILESTONE_EXAMPLE = "2023-06-30|完成20个技改项目签约|完成日期2023-06-20"


# --- single values -----------------------------------------------------------------------

def parse_date(value: Any) -> dt.date:
    """An Excel date, or text such as 2023-06-30, 2023/6/30, 2023.6.30, 2023年6月30日."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    match = _DATE.fullmatch(text)
    if match is None:
        raise InvalidInput(f"“{text}”不是日期，请填写如 2023-06-30 或 2023年6月30日")
    try:
        return dt.date(*(int(part) for part in match.groups() if part))
    except ValueError:
        raise InvalidInput(f"“{text}”不是有效的日期，请核对年、月、日") from None


def format_date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def parse_decimal(value: Any, *, places: int = 4, digits: int = 20) -> Decimal:
    """A number kept exactly: more than ``places`` decimals, or more than ``digits`` digits
    in all, is refused rather than rounded away."""
    try:
        number = cn_to_number(str(value))
    except DomainError:
        raise InvalidInput(f"“{value}”不是数字，请填写数字，如 6.5") from None
    if number and number.adjusted() >= digits - places:
        raise InvalidInput(f"“{value}”太大，整数部分最多{digits - places}位")
    number = tidy_decimal(number)
    if -number.as_tuple().exponent > places:
        raise InvalidInput(f"“{value}”超过{places}位小数，请最多保留{places}位（系统不会替您四舍五入）")
    return number


def parse_ratio(value: Any) -> Decimal:
    """A share such as 0.9, or 90%."""
    text = str(value).strip()
    if text.endswith(("%", "％")):
        return parse_decimal(parse_decimal(text[:-1]) / 100, places=2, digits=4)
    return parse_decimal(value, places=2, digits=4)


def format_decimal(value: Decimal | int | None) -> str:
    """Plain digits without trailing zeros or an exponent: 6.5000 → 6.5, 1E+4 → 10000."""
    if value is None:
        return ""
    text = format(tidy_decimal(Decimal(value)), "f")
    return "0" if text == "-0" else text


def parse_codes(value: Any) -> list[str]:
    """Unit codes separated by 、 , ， ; ； or spaces, each once, in the order written."""
    return list(dict.fromkeys(code for code in _LIST.split(str(value)) if code))


def format_codes(codes: Iterable[str]) -> str:
    return "、".join(codes)


# --- the lead official -------------------------------------------------------------------

@dataclass(frozen=True)
class OfficialRef:
    name: str
    post: str = ""
    unit_code: str = ""

    def __str__(self) -> str:
        if self.unit_code:
            return f"{self.name}（{self.post}，{self.unit_code}）"
        return f"{self.name}（{self.post}）" if self.post else self.name


def parse_official(value: Any) -> OfficialRef:
    text = str(value).strip()
    match = _OFFICIAL.fullmatch(text)
    if not match:
        raise InvalidInput(f"“{text}”格式不对，请填写姓名，或“姓名（职务）”，如 张伟（副市长）")
    inner = match[2] or ""
    with_unit = _POST_AND_UNIT.fullmatch(inner)
    post, unit_code = (with_unit[1], with_unit[2]) if with_unit else (inner, "")
    if len(match[1]) > 64 or len(post) > 128:
        raise InvalidInput(f"“{text}”太长：姓名最多64字，职务最多128字")
    return OfficialRef(name=match[1], post=post, unit_code=unit_code)


def resolve_official(ref: OfficialRef, candidates: Sequence, *, lead_unit_id: int | None,
                     region_prefix: str):
    """The one official ``ref`` names among ``candidates`` (officials with ``unit`` loaded):
    in the unit it names; else in the lead unit; else within the plan's region."""
    named = [o for o in candidates if o.name == ref.name and (not ref.post or o.post == ref.post)]
    if ref.unit_code:
        found, where = [o for o in named if o.unit.code == ref.unit_code], f"单位“{ref.unit_code}”"
    else:
        found, where = [o for o in named if lead_unit_id and o.unit_id == lead_unit_id], "牵头单位"
        if not found:
            found = [o for o in named if o.unit.region_id.startswith(region_prefix)]
            where = "本方案的行政区划内"
    if len(found) == 1:
        return found[0]
    if not found:
        raise InvalidInput(f"{where}没有领导干部“{ref}”，请核对姓名和职务，或先在领导干部名录中添加")
    same_post = len({o.post for o in found}) < len(found)
    choices = "、".join(str(OfficialRef(o.name, o.post, o.unit.code if same_post else ""))
                       for o in found)
    raise InvalidInput(f"{where}有{len(found)}位“{ref}”，请写明是哪一位：{choices}")


def official_ref_for(official, candidates: Sequence, *, lead_unit_id: int | None,
                     region_prefix: str) -> OfficialRef:
    """The shortest reference that :func:`resolve_official` reads back as ``official``."""
    for ref in (OfficialRef(official.name), OfficialRef(official.name, official.post)):
        try:
            if resolve_official(ref, candidates, lead_unit_id=lead_unit_id,
                                region_prefix=region_prefix) == official:
                return ref
        except InvalidInput:
            pass
    return OfficialRef(official.name, official.post, official.unit.code)


# --- lists of targets and milestones, one per line -----------------------------------------

def _each_line(value: Any, parse_line: Callable[[str], Any], what: str) -> list:
    lines = [line.strip() for line in str(value).splitlines() if line.strip()]
    items = []
    for number, line in enumerate(lines, start=1):
        try:
            items.append(parse_line(line))
        except InvalidInput as exc:
            where = f"第{number}个{what}" if len(lines) > 1 else what
            raise InvalidInput(f"{where}“{line}”：{exc.message}") from None
    return items


def _choice_values(choices) -> dict[str, str]:
    return {**{v: v for v in choices.values}, **{xlsx.label(choices, v): v for v in choices.values}}


def _years(text: str) -> dict[int, Decimal]:
    years: dict[int, Decimal] = {}
    for pair in filter(None, (p.strip() for p in _YEAR_PAIRS.split(text))):
        match = _YEAR_PAIR.fullmatch(pair)
        if not match:
            raise InvalidInput(f"“{pair}”应写成“年份:目标值”，如 2023:6.5")
        if int(match[1]) in years:
            raise InvalidInput(f"{match[1]}年写了两次，请只写一次")
        years[int(match[1])] = parse_decimal(match[2])
    return years


def parse_target(line: str) -> TargetData:
    parts = [part.strip() for part in _PARTS.split(line)]
    if len(parts) < 2 or not parts[0] or not parts[1]:
        raise InvalidInput(f"至少要写“指标名称|计量单位”，完整写法如 {TARGET_EXAMPLE}")
    metric, unit, *rest = parts
    if len(metric) > 128 or len(unit) > 16:
        raise InvalidInput("指标名称最多128字，计量单位最多16字")
    directions, accumulations = _choice_values(Direction), _choice_values(Accumulation)
    found: dict[str, tuple[str, Any]] = {}
    for part in filter(None, rest):
        if baseline := _BASELINE.fullmatch(part):
            kind, value = "基数", parse_decimal(baseline[1])
        elif part in directions:
            kind, value = "方向", directions[part]
        elif part in accumulations:
            kind, value = "计算方式", accumulations[part]
        elif _YEAR_PAIR.match(part):
            kind, value = "年度目标值", _years(part)
        else:
            raise InvalidInput(f"看不懂“{part}”：第三段起可写 基数5.0、越大越好或越小越好、"
                               "年内累计或达到水平、2023:6.0;2024:6.5")
        if kind in found:
            raise InvalidInput(f"{kind}写了两次（“{found[kind][0]}”和“{part}”），请只写一次")
        found[kind] = (part, value)
    value_of = {kind: value for kind, (_, value) in found.items()}
    return TargetData(metric=metric, unit=unit, years=value_of.get("年度目标值", {}),
                      baseline=value_of.get("基数"),
                      direction=value_of.get("方向", Direction.HIGHER),
                      accumulation=value_of.get("计算方式", Accumulation.CUMULATIVE))


def format_target(target: TargetData) -> str:
    parts = [target.metric, target.unit]
    if target.baseline is not None:
        parts.append(f"基数{format_decimal(target.baseline)}")
    parts += [xlsx.label(Direction, target.direction), xlsx.label(Accumulation, target.accumulation)]
    if target.years:
        parts.append(";".join(f"{year}:{format_decimal(value)}"
                              for year, value in sorted(target.years.items())))
    return PART.join(parts)


def parse_targets(value: Any) -> list[TargetData]:
    return _each_line(value, parse_target, "目标")


def format_targets(targets: Iterable[TargetData]) -> str:
    return "\n".join(format_target(target) for target in targets)


def parse_milestone(line: str) -> MilestoneData:
    parts = [part.strip() for part in _PARTS.split(line)]
    if len(parts) not in (2, 3) or not parts[0] or not parts[1]:
        raise InvalidInput(f"应写成“完成时限|节点内容|完成日期（未完成不写）”，如 {MILESTONE_EXAMPLE}")
    if len(parts[1]) > 255:
        raise InvalidInput(f"节点内容最多255字，现有{len(parts[1])}字")
    done = _DONE.fullmatch(parts[2])[1] if len(parts) == 3 else ""
    return MilestoneData(due_on=parse_date(parts[0]), description=parts[1],
                         done_on=parse_date(done) if done else None)


def format_milestone(milestone: MilestoneData) -> str:
    line = f"{format_date(milestone.due_on)}{PART}{milestone.description}"
    return f"{line}{PART}完成日期{format_date(milestone.done_on)}" if milestone.done_on else line


def parse_milestones(value: Any) -> list[MilestoneData]:
    return _each_line(value, parse_milestone, "节点目标")


def format_milestones(milestones: Iterable[MilestoneData]) -> str:
    return "\n".join(format_milestone(m) for m in milestones)


# --- the layout: sheet “方案” (one row per field of the plan) and sheet “条目” ------------

@dataclass(frozen=True)
class HeaderField:
    label: str
    attr: str  # of PlanData
    parse: Callable[[Any], Any]
    required: bool = False
    example: str = ""
    help: str = ""

    def value_of(self, plan: Plan) -> str:
        value = plan.region_id if self.attr == "region_code" else getattr(plan, self.attr)
        if isinstance(value, dt.date):
            return format_date(value)
        return value if isinstance(value, str) else format_decimal(value)


_TEXT = xlsx.text
HEADER_FIELDS = [
    HeaderField("方案名称", "title", _TEXT(max_length=200), True,
                "抚顺市全面振兴新突破三年行动方案（2023—2025年）", "导入到已有方案时须与该方案的名称一致"),
    HeaderField("简称", "short_title", _TEXT(max_length=64), example="三年行动"),
    HeaderField("区划代码", "region_code", _TEXT(fullmatch=r"\d{6}", hint="请填写6位行政区划代码，如 210400"),
                True, "210400", "6位行政区划代码（GB/T 2260）；导入到已有方案时须与该方案一致"),
    HeaderField("印发机关", "issuing_body", _TEXT(max_length=128), example="中共抚顺市委 抚顺市人民政府"),
    HeaderField("文号", "document_number", _TEXT(max_length=64), example="抚委发〔2023〕5号"),
    HeaderField("印发日期", "issued_on", parse_date, example="2023-03-15",
                help="如 2023-03-15 或 2023年3月15日"),
    HeaderField("起始日期", "start_date", parse_date, True, "2023-01-01"),
    HeaderField("截止日期", "end_date", parse_date, True, "2025-12-31"),
    HeaderField("报告截止日", "report_deadline_day", xlsx.integer(), example="5",
                help="每月几日前报送上月进展（1—28），留空为5日"),
    HeaderField("绿灯阈值", "green_ratio", parse_ratio, example="0.9",
                help="完成进度与时间进度之比达到该值亮绿灯，如 0.9 或 90%；留空为0.9"),
    HeaderField("红灯阈值", "red_ratio", parse_ratio, example="0.7",
                help="完成进度与时间进度之比低于该值亮红灯；留空为0.7"),
    HeaderField("连续缺报几期亮红灯", "missing_red_periods", xlsx.integer(), example="2", help="留空为2期"),
    HeaderField("下级红灯占比达到时上级亮红灯", "rollup_red_share", parse_ratio, example="0.2",
                help="留空为0.2"),
]
HEADER_COLUMNS = [Column("项目", "label", required=True), Column("内容", "value", parse=lambda v: v),
                  Column("说明", "help")]

NODE_COLUMNS = [
    Column("条目编号", "key", required=True, parse=xlsx.code(max_length=32), example="4.1.1",
           help="本文件中每行不同的编号，下级条目用它指明上级。导出文件写大纲编号（4.2.3 即第四项下第二项下"
                "的第三项）；导入到已有方案时，与方案大纲编号相同的行更新该条目，其余行新建"),
    Column("上级条目编号", "parent_key", parse=xlsx.code(max_length=32), default="", example="4.1",
           help="上级条目那一行的条目编号（导入到已有方案时也可以是方案中已有条目的大纲编号）；最上级留空"),
    Column("类型", "kind", required=True, parse=xlsx.choice(NodeKind), example="任务", help="从下拉列表中选择"),
    Column("编号", "number", parse=_TEXT(max_length=16), default="", example="1.",
           help="文件中的编号，如 一、（三）1.；留空按层级自动编号"),
    Column("标题", "title", required=True, parse=_TEXT(max_length=255), example="实施工业企业技术改造提升工程"),
    Column("内容", "text", parse=_TEXT(), default="", example="推动企业设备更新和数字化改造。"),
    Column("牵头单位编码", "lead_unit_code", parse=xlsx.code(max_length=32), default="", example="FS-GXJ",
           help="系统中已有单位的编码；按月报送进展的任务、举措须填写"),
    Column("配合单位编码", "co_unit_codes", parse=parse_codes, default=(), example="FS-FGW、FS-QY",
           help="多个单位用“、”分隔"),
    Column("牵头领导", "lead_official", parse=parse_official, default=None, example="张伟",
           help="姓名，先在牵头单位、再在本方案区划内查找；重名时写“姓名（职务）”或“姓名（职务，单位编码）”"),
    Column("目标", "targets", parse=parse_targets, default=(), example=TARGET_EXAMPLE,
           help="每行一个：指标名称|计量单位|基数|越大越好或越小越好|年内累计或达到水平|年份:目标值;…"),
    Column("节点目标", "milestones", parse=parse_milestones, default=(), example=MILESTONE_EXAMPLE,
           help="每行一个：完成时限|节点内容|完成日期（未完成不写）"),
]

_EXAMPLES = [  # in the order of _EXAMPLE_KEYS
    ("1", "", "篇章", "一、", "基本原则", "", "", "", "", ""),
    ("1.1", "1", "原则", "（一）", "坚持项目为王", "", "", "", "", ""),
    ("1.2", "1", "原则", "（二）", "坚持系统观念", "", "", "", "", ""),
    ("4", "", "篇章", "四、", "重点任务", "", "", "", "", ""),
    ("4.1", "4", "方面", "（一）", "聚焦工业振兴，推动产业结构优化升级", "FS-GXJ", "", "", "", ""),
    ("4.1.1", "4.1", "任务", "1.", "实施工业企业技术改造提升工程", "FS-GXJ", "FS-FGW、FS-QY", "张伟",
     TARGET_EXAMPLE, f"{MILESTONE_EXAMPLE}\n2023-12-31|技改项目全部开工"),
    ("5", "", "篇章", "五、", "保障措施", "", "", "", "", ""),
    ("5.1", "5", "保障措施", "（一）", "加强组织领导", "FS-ZHB", "", "", "", ""),
]
_EXAMPLE_KEYS = [column.key for column in NODE_COLUMNS if column.key != "text"]
EXAMPLE_NODES = [dict(zip(_EXAMPLE_KEYS, row, strict=True), text="") for row in _EXAMPLES]
NOTES = [
    "“方案”表每行填写方案的一项（方案名称、起止日期等），“条目”表每行填写方案的一个条目。",
    "“条目”表中的示例行请改成实际内容；单位编码、领导姓名须是系统中已有的。",
    "条目编号在本文件中每行不同，可以用 1、1.1、4.2.3 这样的大纲编号，也可以用 T01 等任意编号；"
    "上级条目编号填上级那一行的条目编号，行的先后不限，同一上级下的条目按行的先后排序。",
    "导入到已有方案时，请先导出该方案，在导出的文件上修改：条目编号与方案大纲编号相同的行更新该条目，"
    "其余行新建；文件中没有的条目保持不变（删除条目请在方案页面操作）；导入不能改变条目的上级。",
    f"目标：每行一个，如 {TARGET_EXAMPLE}。前两段是指标名称和计量单位，其后各段顺序不限，"
    "可省略：基数、方向（越大越好/越小越好，默认越大越好）、计算方式（年内累计/达到水平，默认年内累计）、"
    "各年目标值（年份:目标值，多个年份用;分隔）。年份须在方案起止年份之内。",
    f"节点目标：每行一个，如 {MILESTONE_EXAMPLE}；完成时限须在方案起止日期之内，未完成的不写完成日期。",
    "日期可写 2023-06-30、2023/6/30 或 2023年6月30日；数字按实际填写，系统不会四舍五入。",
    "只要有一处错误，整个文件都不会导入；系统会列出每处错误的行号、列名和修改方法。",
]


def targets_of(node: PlanNode) -> list[TargetData]:
    return [TargetData(metric=t.metric, unit=t.unit, baseline=t.baseline, direction=t.direction,
                       accumulation=t.accumulation, years={y.year: y.value for y in t.years.all()})
            for t in node.targets.all()]


def milestones_of(node: PlanNode) -> list[MilestoneData]:
    return [MilestoneData(due_on=m.due_on, description=m.description, done_on=m.done_on)
            for m in node.milestones.all()]


def header_rows(value_of: Callable[[HeaderField], str]) -> list[dict]:
    return [{"label": f"{f.label}*" if f.required else f.label, "value": value_of(f), "help": f.help}
            for f in HEADER_FIELDS]


def write_notes(workbook: Workbook) -> None:
    """The template's 填写说明 sheet: every column and field, then the notes."""
    sheet = workbook.create_sheet(xlsx.NOTES_SHEET)
    for letter, width in zip("ABCDE", (24, 10, 60, 30, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    need = {True: "必填", False: "选填"}
    headings = [("“条目”表的列", "是否必填", "填写要求", "可选值", "示例"),
                ("“方案”表的项目", "是否必填", "填写要求", "", "示例"), ("注意事项",)]
    lines = [headings[0], *((c.header, need[c.required], c.help, "、".join(c.allowed), c.example)
                            for c in NODE_COLUMNS),
             (), headings[1], *((f.label, need[f.required], f.help, "", f.example) for f in HEADER_FIELDS),
             (), headings[2], *((f"{i}. {note}",) for i, note in enumerate(NOTES, start=1))]
    for line in lines:
        font = Font(bold=True) if line in headings else None
        sheet.append([xlsx.make_cell(sheet, value, as_text=False, font=font) for value in line])
