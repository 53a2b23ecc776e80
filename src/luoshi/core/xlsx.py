"""Excel (.xlsx) lists in and out: the one layer every app's import, export and template uses.

A list is a sequence of :class:`Column`. :func:`read_table` reads a user's file into dicts and
reports *every* bad cell as a :class:`RowError` naming the row and column as Excel shows them;
:func:`write_table` and :func:`template` write exactly the layout :func:`read_table` reads, so
an exported list imports back unchanged. ``text``, ``code``, ``integer``, ``choice``
and ``flag`` build the cell parsers columns use.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from luoshi.core.errors import DomainError, InvalidInput
from luoshi.core.textnorm import cn_to_number, to_halfwidth

MAX_ROWS = 100_000
MAX_BYTES = 20 * 1024 * 1024
MAX_ERRORS = 1000
HEADER_SCAN_ROWS = 10
NOTES_SHEET = "填写说明"
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # characters an .xlsx cannot hold


# --- cell parsers: a cleaned, non-empty cell in, a value out, or an error saying the fix ---

def _as_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    return str(value)


def text(*, max_length: int | None = None, fullmatch: str = "",
         hint: str = "") -> Callable[[Any], str]:
    """Text (a number typed into Excel comes back as its digits), at most ``max_length``
    long and, when ``fullmatch`` is given, matching it; ``hint`` says what is expected."""
    def parse(value: Any) -> str:
        result = _as_text(value)
        if max_length and len(result) > max_length:
            raise InvalidInput(f"最多{max_length}个字，现有{len(result)}个字，请删减")
        if fullmatch and not re.fullmatch(fullmatch, result):
            raise InvalidInput(f"“{result}”格式不对，{hint}")
        return result
    return parse


def code(*, max_length: int | None = None) -> Callable[[Any], str]:
    """An identifier such as 单位编码: text without spaces inside."""
    return text(max_length=max_length, fullmatch=r"\S+", hint="编码中间不能有空格，请删去空格")


def integer(*, minimum: int | None = None, maximum: int | None = None) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        try:
            number = cn_to_number(_as_text(value))
        except DomainError:
            number = None
        if isinstance(value, bool) or number is None or number != number.to_integral_value():
            raise InvalidInput(f"“{value}”不是整数，请填写整数，如 10")
        if minimum is not None and number < minimum:
            raise InvalidInput(f"{number}太小，请填写不小于{minimum}的整数")
        if maximum is not None and number > maximum:
            raise InvalidInput(f"{number}太大，请填写不大于{maximum}的整数")
        return int(number)
    return parse


def _parser_with_allowed(accepted: Callable[[], dict[str, Any]], allowed: Callable[[], list]):
    def parse(value: Any) -> Any:
        found = accepted().get(_as_text(value).lower(), parse)
        if found is parse:
            raise InvalidInput(f"“{value}”不是可选的值，请填写：{'、'.join(allowed())}")
        return found
    parse.allowed = allowed
    return parse


def choice(choices) -> Callable[[Any], Any]:
    """One of a ``TextChoices``: its Chinese label (政府部门) or its stored value (gov_dept)."""
    @cache
    def accepted() -> dict[str, Any]:
        return {**{str(v).lower(): v for v in choices.values},
                **{label.lower(): v for v, label in zip(choices.values, labels(), strict=True)}}

    def labels() -> list[str]:
        with translation.override("zh-hans"):  # files travel between offices: fixed language
            return [str(label) for label in choices.labels]
    return _parser_with_allowed(accepted, labels)


def label(choices, value: Any) -> str:
    """The Chinese label written for a ``TextChoices`` value (the inverse of ``choice``)."""
    with translation.override("zh-hans"):
        return str(choices(value).label)


def flag(true_label: str, false_label: str) -> Callable[[Any], bool]:
    """A yes/no column written as two words (启用/停用); 是/否 and 1/0 are read too."""
    accepted = {true_label: True, false_label: False, "是": True, "否": False, "1": True,
                "0": False, "true": True, "false": False}
    return _parser_with_allowed(lambda: accepted, lambda: [true_label, false_label])


# --- the list and its errors ---

@dataclass(frozen=True)
class Column:
    """One column: Chinese header, dict key, how to read (``parse``) and write (``export``).

    ``export`` turns a row object into the cell value; by default it reads ``row[key]`` or
    ``row.key``. An empty cell gives ``default``; ``as_text`` keeps 00123 a string in Excel.
    """

    header: str
    key: str
    required: bool = False
    parse: Callable[[Any], Any] = text()
    export: Callable[[Any], Any] | None = None
    example: Any = ""
    help: str = ""
    default: Any = None
    as_text: bool = True

    @property
    def allowed(self) -> list[str]:
        allowed = getattr(self.parse, "allowed", None)
        return allowed() if allowed else []

    def value_of(self, row: Any) -> Any:
        if self.export is not None:
            value = self.export(row)
        else:
            value = row[self.key] if isinstance(row, dict) else getattr(row, self.key)
        return str(value) if isinstance(value, Promise) else value  # lazy translations


@dataclass(frozen=True)
class RowError:
    """One bad cell: ``row`` as Excel numbers it, ``column`` like "上级单位编码（F列）"."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"第{self.row}行 {self.column}：{self.message}" if self.column else \
            f"第{self.row}行：{self.message}"


class ImportRejected(DomainError):
    """The file has bad rows and nothing was written; ``errors`` lists every one found."""

    code = "import_rejected"

    def __init__(self, errors: Sequence[RowError]):
        self.errors = list(errors)
        super().__init__(f"文件中有{len(self.errors)}处错误，没有写入任何数据，请按提示修改后重新上传")


class Table(list):
    """``(row_number, values)`` pairs. A cell that failed to parse is absent from ``values``
    and listed in ``errors``; callers add cross-row errors with :meth:`error`."""

    def __init__(self, columns: Sequence[Column], letters: dict[str, str], header_row: int):
        super().__init__()
        self.header_row = header_row
        self._order = {c.key: i for i, c in enumerate(columns)}
        self._labels = {c.key: f"{c.header}（{letters[c.key]}列）" if c.key in letters
                        else c.header for c in columns}
        self._errors: list[tuple[int, int, RowError]] = []

    def label(self, key: str) -> str:
        return self._labels.get(key, "")

    def error(self, row: int, key: str, message: str) -> None:
        self._errors.append((row, self._order.get(key, -1), RowError(row, self.label(key), message)))
        if len(self._errors) >= MAX_ERRORS:
            self._errors.append((MAX_ROWS + HEADER_SCAN_ROWS + 1, 0, RowError(
                row, "", f"错误已超过{MAX_ERRORS}处，后面的行没有检查；请先改正以上错误")))
            self.raise_errors()

    @property
    def errors(self) -> list[RowError]:
        return [error for *_, error in sorted(self._errors, key=lambda e: e[:2])]

    def raise_errors(self) -> None:
        if self._errors:
            raise ImportRejected(self.errors)


# --- reading ---

def header_key(value: Any) -> str:
    """" 单位编码 *", "单位编码＊", "金额（万元）" → the form in which headers are compared."""
    if not isinstance(value, str):
        return ""
    return re.sub(r"\s+", "", to_halfwidth(value, keep_cjk_punctuation=False)).strip("*")


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return to_halfwidth(value).strip().strip("\u200b\ufeff").strip() or None
    return value


def _file_error(message: str, code: str = "file_invalid") -> InvalidInput:
    return InvalidInput(message, field="file", code=code)


def _file_bytes(file) -> bytes:
    if isinstance(file, str | os.PathLike):
        try:
            with open(file, "rb") as f:
                data = f.read(MAX_BYTES + 1)
        except OSError as exc:
            raise _file_error(f"无法打开文件“{file}”：{exc.strerror}") from exc
    elif isinstance(file, bytes | bytearray):
        data = bytes(file)
    else:
        if hasattr(file, "seek"):
            file.seek(0)
        data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _file_error(f"文件超过{MAX_BYTES >> 20}MB，请分成几个文件导入", "too_large")
    return data


def _not_xlsx(data: bytes) -> InvalidInput:
    if not data:
        return _file_error("文件是空的，请选择填好的 .xlsx 文件", "not_xlsx")
    why = ("这是旧版 Excel（.xls）文件或加了密码的文件" if data.startswith(b"\xd0\xcf\x11\xe0")
           else "文件不是 Excel 工作簿（.xlsx），可能是 CSV、文本或其他格式")
    return _file_error(f"{why}。请在 Excel 或 WPS 中去掉密码并“另存为”Excel 工作簿（.xlsx）"
                       "后重新上传", "not_xlsx")


def _open_rows(data: bytes, sheet: str | None):
    """Yield the sheet's rows as tuples; any failure of the file itself is one clear error."""
    try:  # openpyxl raises many kinds of exception for a damaged or foreign file
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise _not_xlsx(data) from exc
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            raise _file_error(f"文件中没有名为“{sheet}”的工作表（现有：{'、'.join(workbook.sheetnames)}）")
        worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
        worksheet.reset_dimensions()  # some programs record wrong dimensions
        rows = worksheet.iter_rows(values_only=True)
        while True:
            try:
                cells = next(rows)
            except StopIteration:
                return
            except Exception as exc:
                raise _not_xlsx(data) from exc
            yield cells
    finally:
        workbook.close()


def _find_header(rows: list, columns: Sequence[Column]) -> tuple[int, dict[str, int]]:
    """The row among ``rows`` (the first few) naming most columns, and their positions."""
    wanted = {header_key(c.header): c for c in columns}
    best_row, best, twice = 0, {}, []
    for number, cells in enumerate(rows, start=1):
        found, repeated = {}, []
        for index, cell in enumerate(cells):
            column = wanted.get(header_key(cell))
            if column is not None and column.key in found:
                repeated.append((column, index))
            elif column is not None:
                found[column.key] = index
        if len(found) > len(best):
            best_row, best, twice = number, found, repeated
    if not best:
        names = "、".join(c.header for c in columns[:3])
        raise _file_error(f"前{HEADER_SCAN_ROWS}行中没有找到表头（如“{names}”），请使用下载的模板",
                          "no_header")
    if twice:
        column, index = twice[0]
        raise _file_error(f"第{best_row}行表头“{column.header}”出现了两次（"
                          f"{get_column_letter(best[column.key] + 1)}列和"
                          f"{get_column_letter(index + 1)}列），请删去一列")
    return best_row, best


def read_table(file, columns: Sequence[Column], *, sheet: str | None = None,
               defer_errors: bool = False) -> Table:
    """Read ``file`` (a path, bytes or uploaded file) into ``(row_number, dict)`` pairs.

    Raises ``ImportRejected`` listing every bad cell, or ``InvalidInput`` (``field="file"``)
    when the file as a whole cannot be used. With ``defer_errors`` cell errors stay in
    ``table.errors`` so the caller can add its own checks before ``table.raise_errors()``.
    """
    rows = _open_rows(_file_bytes(file), sheet)
    try:
        return _read(rows, columns, defer_errors)
    finally:
        rows.close()  # closes the workbook too


def _read(rows, columns: Sequence[Column], defer_errors: bool) -> Table:
    head = list(itertools.islice(rows, HEADER_SCAN_ROWS))
    header_row, positions = _find_header(head, columns)
    table = Table(columns, {k: get_column_letter(i + 1) for k, i in positions.items()}, header_row)
    for column in columns:
        if column.required and column.key not in positions:
            table.error(header_row, column.key, f"缺少必填列，请在表头加上“{column.header}”")
    table.raise_errors()
    for number, cells in enumerate(itertools.chain(head[header_row:], rows), start=header_row + 1):
        raw = {key: _clean(cells[i]) if i < len(cells) else None for key, i in positions.items()}
        if any(value is not None for value in raw.values()):
            if len(table) >= MAX_ROWS:
                raise _file_error(f"文件超过{MAX_ROWS}行的上限，请分成几个文件导入", "too_large")
            table.append((number, _parse_row(table, number, columns, raw)))
    if not table:
        raise _file_error(f"表头下面没有数据，请从第{header_row + 1}行起每行填写一条", "no_rows")
    if not defer_errors:
        table.raise_errors()
    return table


def _parse_row(table: Table, number: int, columns: Sequence[Column], raw: dict) -> dict:
    values, problems = {}, []
    for column in columns:
        cell = raw.get(column.key)
        if cell is None and column.required:
            problems.append((column.key, "必填项为空，请填写"))
            continue
        try:
            values[column.key] = column.default if cell is None else column.parse(cell)
        except DomainError as exc:
            problems.append((column.key, exc.message))
    for key, message in problems:  # outside the try: error() may raise ImportRejected
        table.error(number, key, message)
    return values


# --- writing ---

def _width(value: Any) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(value or ""))


def make_cell(sheet, value: Any, *, as_text: bool, font: Font | None = None) -> WriteOnlyCell:
    value = (_ILLEGAL.sub("", value) or None) if isinstance(value, str) else value
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # "=1+1" typed by a user is data, never a formula
    if as_text:
        cell.number_format = "@"
    if font is not None:
        cell.font = font
    return cell


def write_sheet(workbook: Workbook, columns: Sequence[Column], matrix: list[list[Any]],
                 name: str, title: str) -> None:
    sheet = workbook.create_sheet(re.sub(r"[\[\]:*?/\\]", "", name)[:31] or "Sheet1")
    headers = [f"{c.header}*" if c.required else c.header for c in columns]
    last_row = max(len(matrix) + 1, 500)
    for index, column in enumerate(columns):
        letter = get_column_letter(index + 1)
        widest = max(_width(value) for value in [headers[index], *(r[index] for r in matrix[:500])])
        sheet.column_dimensions[letter].width = min(max(widest + 4, 10), 60)
        if column.as_text:  # rows the user adds later are text too
            sheet.column_dimensions[letter].number_format = "@"
        if column.allowed and len(",".join(column.allowed)) < 250:  # a drop-down list
            rule = DataValidation(type="list", formula1=f'"{",".join(column.allowed)}"',
                                  allow_blank=True, showErrorMessage=False)
            rule.add(f"{letter}2:{letter}{last_row}")
            sheet.data_validations.append(rule)
    sheet.freeze_panes, sheet.print_title_rows = "A2", "1:1"
    sheet.oddHeader.center.text = title
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(matrix) + 1}"
    header_cells = [make_cell(sheet, h, as_text=True, font=Font(bold=True)) for h in headers]
    for cell in header_cells:
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center")
    sheet.append(header_cells)
    for row in matrix:
        sheet.append([make_cell(sheet, v, as_text=c.as_text) for c, v in zip(columns, row, strict=True)])


def save_workbook(workbook: Workbook, title: str) -> bytes:
    workbook.properties.title = title
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_table(columns: Sequence[Column], rows: Iterable[Any], *, title: str,
                sheet_name: str) -> bytes:
    """An .xlsx of ``rows`` (objects or dicts) in exactly the layout :func:`read_table` reads."""
    workbook = Workbook(write_only=True)
    write_sheet(workbook, columns, [[c.value_of(row) for c in columns] for row in rows],
                 sheet_name, title)
    return save_workbook(workbook, title)


def template(columns: Sequence[Column], *, title: str, notes: Sequence[str] = ()) -> bytes:
    """A list to fill in: header and one example row, then a sheet explaining each column."""
    workbook = Workbook(write_only=True)
    write_sheet(workbook, columns, [[c.example for c in columns]], title, title)
    notes = ["第一行是表头，请勿修改；列的顺序可以调整，多出的列会被忽略。",
             "从第二行起每行填写一条；第二行是示例，导入前请改成实际数据或删除。",
             "标“*”的列必须填写；编码、代码类的列按文本填写，开头的0不会丢失。", *notes,
             "只要有一行有错，整个文件都不会导入；系统会列出每处错误的行号、列名和修改方法。"]
    lines = [["列名", "是否必填", "填写要求", "可选值", "示例"],
             *([c.header, "必填" if c.required else "选填", c.help, "、".join(c.allowed),
                _as_text(c.example)] for c in columns),
             [], ["注意事项"], *([f"{i}. {note}"] for i, note in enumerate(notes, start=1))]
    sheet = workbook.create_sheet(NOTES_SHEET)
    for letter, width in zip("ABCDE", (18, 10, 50, 40, 20), strict=True):
        sheet.column_dimensions[letter].width = width
    for line in lines:
        bold = Font(bold=True) if line and line[0] in ("列名", "注意事项") else None
        sheet.append([make_cell(sheet, value, as_text=False, font=bold) for value in line])
    return save_workbook(workbook, title)
