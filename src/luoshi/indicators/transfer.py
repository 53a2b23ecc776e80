"""Observations to and from Excel, in the two layouts offices use.

- Long layout (“指标值”): one row per indicator, region and period, with 当月值, 累计值,
  同比% and 可比口径. Written and read through ``core.xlsx`` like every other list.
- Wide layout, the statistics bureau's table: one row per region; for each indicator a group
  of columns 本月 / 累计 / 同比 under the indicator's name (often a merged cell); the period
  in the sheet name, in a title row ("2023年1-6月全省各市主要经济指标") or in a cell
  ("期间：2023年6月"). Regions by code or name (抚顺 / 抚顺市).

Import checks the whole file first and reports every bad cell with its row, column and fix;
only then are all rows written through ``services.apply_entries`` in one transaction.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import itertools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from luoshi.core import xlsx
from luoshi.core.errors import DomainError, InvalidInput
from luoshi.core.models import Region
from luoshi.core.periods import Period
from luoshi.core.textnorm import to_halfwidth
from luoshi.core.xlsx import Column, ImportRejected, RowError
from luoshi.indicators import services, sheetrows
from luoshi.indicators.models import Indicator, Observation

LONG_TITLE = "指标值"
EXCEL_EPOCH = dt.date(1899, 12, 30)
WIDE_HEADS = {"本月": "value", "当月": "value", "当月值": "value", "本月值": "value",
              "累计": "cumulative", "累计值": "cumulative", "1-本月": "cumulative",
              "同比": "yoy_reported", "同比%": "yoy_reported", "同比(%)": "yoy_reported",
              "同比增长": "yoy_reported", "同比增长(%)": "yoy_reported", "增速(%)": "yoy_reported",
              "增速": "yoy_reported"}
FIGURE_LABELS = {"value": "本月", "cumulative": "累计", "yoy_reported": "同比(%)"}
REGION_HEADS = {"地区", "地区名称", "区划", "区划名称", "区划代码", "城市", "市", "单位"}
_PERIOD_IN_TEXT = re.compile(
    r"(\d{4}|[〇零一二三四五六七八九]{4})年(?:1-2月|1[-—–~至到]\d{1,2}月|\d{1,2}月|上半年|前三季度|"
    r"[一二三四]季度|全年)?")


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise InvalidInput("应为数字")
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = to_halfwidth(str(value)).strip().replace(",", "").rstrip("%").strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise InvalidInput(f"“{value}”不是数字，请填写阿拉伯数字，如 22.3") from None
    if not number.is_finite():
        raise InvalidInput(f"“{value}”不是数字")
    if abs(number) >= services.MAX_FIGURE:
        raise InvalidInput(f"“{value}”超出范围，请核对单位和小数点")
    return number


def _number(value: Any) -> Decimal:
    return _decimal(value)


@functools.lru_cache(maxsize=4096)  # a file repeats a few periods on every row
def _period_text(value: Any) -> str:
    """A period cell; one Excel turned into a date (2023-06 typed → 2023/6/1) is its month."""
    if isinstance(value, dt.datetime | dt.date):
        return f"{value.year}-{value.month:02d}"
    if isinstance(value, Decimal | int | float) and 20_000 < value < 80_000:  # a date serial
        day = EXCEL_EPOCH + dt.timedelta(days=int(value))
        return f"{day.year}-{day.month:02d}"
    text = xlsx._as_text(value)
    try:
        Period.parse(text)
    except DomainError as exc:
        raise InvalidInput(exc.message) from None
    return text


LONG_COLUMNS = [
    Column("指标代码", "indicator", required=True, parse=xlsx.code(max_length=32),
           export=lambda o: o.indicator.code, example="FAI", help="系统中已有的指标代码"),
    Column("指标名称", "indicator_name", export=lambda o: o.indicator.name,
           example="固定资产投资", help="仅供阅读，导入时以指标代码为准"),
    Column("区划代码", "region", required=True, parse=xlsx.code(max_length=6),
           export=lambda o: o.region_id, example="210400", help="六位行政区划代码（GB/T 2260）"),
    Column("区划名称", "region_name", export=lambda o: o.region.name, example="抚顺市",
           help="仅供阅读，导入时以区划代码为准"),
    Column("期间", "period", required=True, parse=_period_text,
           export=lambda o: o.period.code, example="2023-06",
           help="月份写 2023-06 或 2023年6月；1-2月合并发布的写 2023-01~02 或 2023年1-2月；"
                "1-6月等累计期表示该月的累计值"),
    Column("当月值", "value", parse=_number, as_text=False, example="12.5",
           export=lambda o: None if o.value_derived else o.value,
           help="本月发生额（流量指标）或期末值；由累计值推算的不导出"),
    Column("累计值", "cumulative", parse=_number, as_text=False, example="81.8",
           export=lambda o: None if o.cumulative_derived else o.cumulative, help="1月至本月累计"),
    Column("同比%", "yoy_reported", parse=_number, as_text=False, example="22.3",
           export=lambda o: o.yoy_reported, help="统计部门发布的同比增速，单位%，如 22.3 或 -3.1"),
    Column("可比口径", "yoy_comparable", parse=xlsx.flag("是", "否"), default=None,
           export=lambda o: "是" if o.yoy_comparable else "否", example="是",
           help="发布的同比是否按可比口径计算"),
]


@dataclass
class ImportResult:
    layout: str  # long / wide
    rows: int
    created: int
    updated: int
    flags: int
    period: str = ""


# --- import ------------------------------------------------------------------------------

def import_observations(*, actor, file, source_name: str = "") -> ImportResult:
    """Read ``file`` (path, bytes or upload) in either layout and write it all or nothing."""
    services.require_manage(actor)
    data = xlsx._file_bytes(file)
    name = source_name or getattr(file, "name", "") or str(file if isinstance(file, str) else "")
    if _is_long(data):
        entries = _read_long(data, name)
        layout, period = "long", ""
    else:
        entries, period = _read_wide(data, name)
        layout = "wide"
    result = services.apply_entries(entries, actor=actor, audit_action="import",
                                    audit_note=f"导入{name}")
    return ImportResult(layout, len(entries), result.created, result.updated, result.flags, period)


def _is_long(data: bytes) -> bool:
    rows = sheetrows.sheet_rows(data)
    try:
        for cells in itertools.islice(rows, xlsx.HEADER_SCAN_ROWS):
            keys = {xlsx.header_key(c) for c in cells}
            if "指标代码" in keys and "期间" in keys:
                return True
    finally:
        rows.close()
    return False


def _lookups() -> tuple[dict[str, Indicator], dict[str, Indicator], set[str], dict[str, str]]:
    indicators = list(Indicator.objects.all())
    by_code = {i.code: i for i in indicators}
    by_name = {i.name: i for i in indicators}
    regions = dict(Region.objects.values_list("code", "name"))
    return by_code, by_name, set(regions), regions


def _read_long(data: bytes, name: str) -> list[services.Entry]:
    # core.xlsx reads the rows, found by the fast sheet reader (see sheetrows).
    table = xlsx._read(sheetrows.sheet_rows(data), LONG_COLUMNS, True)
    by_code, _, region_codes, _ = _lookups()
    entries, seen = [], {}
    for number, row in table:
        indicator = by_code.get(row.get("indicator"))
        if "indicator" in row and indicator is None:
            table.error(number, "indicator", f"指标代码“{row['indicator']}”不存在，请先在指标列表中添加")
        if "region" in row and row["region"] not in region_codes:
            table.error(number, "region", f"区划代码“{row['region']}”不存在，请填写六位行政区划代码")
        if indicator is None or row.get("region") not in region_codes or "period" not in row:
            continue
        try:
            year, month = _release_month(row["period"])
            problem = services.release_problem(indicator, month)
            if problem:
                raise InvalidInput(problem, field="period")
        except InvalidInput as exc:
            table.error(number, "period", exc.message)
            continue
        figures = {k: row[k] for k in ("value", "cumulative", "yoy_reported")
                   if row.get(k) is not None}
        if not figures:
            table.error(number, "value", "当月值、累计值、同比%至少填写一项")
            continue
        if row.get("yoy_comparable") is not None:
            figures["yoy_comparable"] = row["yoy_comparable"]
        key = (indicator.pk, row["region"], year, month)
        if key in seen:
            table.error(number, "period", f"与第{seen[key]}行重复（同一指标、区划和期间），请删去一行")
            continue
        seen[key] = number
        entries.append(services.Entry(indicator, row["region"], year, month, figures,
                                      source_name=name))
    table.raise_errors()
    return entries


@functools.lru_cache(maxsize=4096)
def _release_month(period: str) -> tuple[int, int]:
    return services.release_month(period)


def _cell(row: int, column: int) -> str:
    return f"{get_column_letter(column + 1)}列"


def _read_wide(data: bytes, name: str) -> tuple[list[services.Entry], str]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise xlsx._not_xlsx(data) from exc
    try:
        sheet = workbook.worksheets[0]
        sheet_title = sheet.title
        rows = [tuple(xlsx._clean(c) for c in cells) for cells in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    if len(rows) > xlsx.MAX_ROWS:
        raise InvalidInput(f"文件超过{xlsx.MAX_ROWS}行的上限，请分成几个文件导入", field="file")
    head_row = _wide_header_row(rows)
    period = _wide_period(sheet_title, rows[:head_row])
    by_code, by_name, region_codes, region_names = _lookups()
    errors: list[RowError] = []
    groups = _wide_groups(rows, head_row, by_code, by_name, errors)
    region_col = _region_column(rows[head_row - 1], rows[head_row])
    names = _region_names(region_names)
    entries = []
    for index in range(head_row + 1, len(rows)):
        cells = rows[index]
        number = index + 1
        if not any(c is not None for c in cells):
            continue
        label = cells[region_col] if region_col < len(cells) else None
        code = _region_of(label, region_codes, names)
        if code is None:
            errors.append(RowError(number, f"地区（{_cell(number, region_col)}）",
                                   f"“{label or ''}”不是已知的行政区划，请填写区划名称（如抚顺市）或六位代码"))
            continue
        for indicator, columns in groups:
            figures = {}
            for key, column in columns.items():
                value = cells[column] if column < len(cells) else None
                if value is None or value in ("-", "—", "/"):
                    continue
                try:
                    figures[key] = _decimal(value)
                except InvalidInput as exc:
                    errors.append(RowError(number, f"{indicator.name}{FIGURE_LABELS[key]}"
                                                   f"（{_cell(number, column)}）", exc.message))
            if figures and period is not None:
                year, month = services.release_month(period)
                problem = services.release_problem(indicator, month)
                if problem:
                    errors.append(RowError(number, indicator.name, problem))
                    continue
                entries.append(services.Entry(indicator, code, year, month, figures,
                                              source_name=name))
    if period is None:
        errors.insert(0, RowError(1, "期间", "没有找到期间：请把期间写在工作表名称、标题行或"
                                            "单元格中，如“2023年1-6月”或“期间：2023年6月”"))
    if errors:
        raise ImportRejected(errors[: xlsx.MAX_ERRORS])
    if not entries:
        raise InvalidInput("表中没有数据", field="file")
    return entries, period.label_zh()


def _wide_header_row(rows: list[tuple]) -> int:
    """The index of the row of 本月/累计/同比 sub-headers."""
    for index, cells in enumerate(rows[: xlsx.HEADER_SCAN_ROWS + 2]):
        heads = [WIDE_HEADS.get(xlsx.header_key(c)) for c in cells]
        if sum(1 for h in heads if h) >= 1 and index > 0:
            return index
    raise InvalidInput("没有找到“本月、累计、同比”表头：宽表应为每行一个地区，每个指标下分本月、累计、"
                       "同比三列；或使用长表模板（指标代码、区划代码、期间…）", field="file")


def _wide_period(sheet_title: str, top_rows: list[tuple]) -> Period | None:
    texts = [str(c) for cells in top_rows for c in cells if isinstance(c, str)] + [sheet_title]
    for text in texts:
        for match in _PERIOD_IN_TEXT.finditer(to_halfwidth(text)):
            try:
                period = Period.parse(match.group())
            except DomainError:
                continue
            if period.kind != "year" or match.group().endswith("全年"):
                return period
    return None


def _wide_groups(rows, head_row, by_code, by_name, errors) -> list[tuple[Indicator, dict]]:
    """Each indicator with its columns: names in the row above the sub-headers (a merged
    cell's value sits in its first column only, so names carry to the right)."""
    names_row, heads = rows[head_row - 1], rows[head_row]
    groups: dict[int, tuple[Indicator, dict]] = {}
    current = None
    for column, head in enumerate(heads):
        above = names_row[column] if column < len(names_row) else None
        if above is not None:
            current = _indicator_named(str(above), by_code, by_name)
            if current is None and WIDE_HEADS.get(xlsx.header_key(head)):
                errors.append(RowError(head_row, f"{get_column_letter(column + 1)}列",
                                       f"指标“{above}”不存在，请使用系统中的指标名称或代码"))
        key = WIDE_HEADS.get(xlsx.header_key(head))
        if key and current is not None:
            groups.setdefault(current.pk, (current, {}))[1][key] = column
    if not groups and not errors:
        raise InvalidInput("表头中没有找到任何已知指标", field="file")
    return list(groups.values())


def _indicator_named(text: str, by_code, by_name) -> Indicator | None:
    text = re.sub(r"[（(][^）)]*[）)]$", "", xlsx.header_key(text))  # 固定资产投资（亿元）
    return by_name.get(text) or by_code.get(text)


def _region_column(names_row: tuple, heads: tuple) -> int:
    for cells in (heads, names_row):
        for column, cell in enumerate(cells):
            if xlsx.header_key(cell) in REGION_HEADS:
                return column
    return 0


def _region_names(region_names: dict[str, str]) -> dict[str, str]:
    """Name → code for names that are unique; also without the 市 suffix (抚顺 → 210400)."""
    names: dict[str, list[str]] = {}
    for code, name in region_names.items():
        for variant in {name, name.removesuffix("市"), name.removesuffix("省")}:
            names.setdefault(variant, []).append(code)
    return {name: codes[0] for name, codes in names.items() if len(codes) == 1}


def _region_of(label: Any, codes: set[str], names: dict[str, str]) -> str | None:
    if label is None:
        return None
    text = re.sub(r"\s+", "", xlsx._as_text(label))
    if text in codes:
        return text
    return names.get(text)


# --- export and templates ----------------------------------------------------------------

def export_long(observations) -> bytes:
    return xlsx.write_table(LONG_COLUMNS, observations, title=LONG_TITLE, sheet_name=LONG_TITLE)


def long_template() -> bytes:
    return xlsx.template(LONG_COLUMNS, title=LONG_TITLE, notes=[
        "一行填写一个指标、一个地区、一个期间；1-2月合并发布的指标没有单独的1月数据。",
        "只填累计值时系统推算当月值（并标明为推算），同比同时给出测算值供比对。"])


def export_wide(indicators: list[Indicator], regions: list[Region], year: int, month: int) -> bytes:
    """The bureau's table: regions as rows, 本月/累计/同比 under each indicator."""
    observations = {(o.indicator_id, o.region_id): o for o in Observation.objects.filter(
        indicator__in=indicators, region__in=regions, year=year, month=month)}
    label = (f"{year}年1-2月" if month == 2 and all(i.combined_jan_feb for i in indicators)
             else f"{year}年{month}月")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = label
    sheet.append([f"{label}主要经济指标"])
    sheet.append(["地区", "区划代码", *[i.name + (f"（{i.unit}）" if i.unit else "")
                                      for i in indicators for _ in range(3)]])
    sheet.append([None, None, *[FIGURE_LABELS[k] for _ in indicators for k in FIGURE_LABELS]])
    bold = Font(bold=True)
    for index in range(len(indicators)):
        first = 3 + index * 3
        sheet.merge_cells(start_row=2, start_column=first, end_row=2, end_column=first + 2)
    for cell in (*sheet[2], *sheet[3]):
        cell.font, cell.alignment = bold, Alignment(horizontal="center")
    for region in regions:
        row: list[Any] = [region.name, region.code]
        for indicator in indicators:
            obs = observations.get((indicator.pk, region.code))
            row += [getattr(obs, "value", None), getattr(obs, "cumulative", None),
                    getattr(obs, "yoy_reported", None) if obs else None]
        sheet.append(row)
    sheet.freeze_panes = "C4"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
