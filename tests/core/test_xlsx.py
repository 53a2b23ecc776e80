"""The generic Excel layer: reading tolerant headers, reporting every bad cell, writing tidy
workbooks that read back unchanged."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.db import models
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from luoshi.core import xlsx
from luoshi.core.errors import InvalidInput
from luoshi.core.textnorm import to_halfwidth
from luoshi.core.xlsx import Column, ImportRejected, RowError


class Colour(models.TextChoices):
    RED = "red", "红色"
    GREEN = "green", "绿色"


COLUMNS = [
    Column("编码", "code", required=True, parse=xlsx.code(max_length=10), example="00123"),
    Column("名称（简称）", "name", required=True, parse=xlsx.text(max_length=8), example="发改委"),
    Column("颜色", "colour", parse=xlsx.choice(Colour), default=Colour.RED, example="红色",
           export=lambda row: xlsx.label(Colour, row["colour"])),
    Column("排序", "sort", parse=xlsx.integer(minimum=0, maximum=99), default=0, as_text=False),
    Column("状态", "active", parse=xlsx.flag("启用", "停用"), default=True,
           export=lambda row: "启用" if row["active"] else "停用"),
]


def workbook_bytes(*rows) -> bytes:
    """A file as a user's spreadsheet program would write it: plain cells, no styling."""
    workbook = Workbook()
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rejected(data: bytes, columns=COLUMNS) -> list[RowError]:
    with pytest.raises(ImportRejected) as caught:
        xlsx.read_table(data, columns)
    return caught.value.errors


def test_headers_are_found_despite_spaces_fullwidth_brackets_stars_and_a_title_row():
    data = workbook_bytes(
        ["2023年单位名录"],
        ["备注", " 名称(简称) ", "编码＊", "排序", "颜色", "状态"],
        ["随便写", "  发改委 ", "ＦＳ－０１２", "１２", "绿色", "停用"],
        [None, None, None, None, None, None],
        ["", "  ", None],
        [None, "工信局", 210800, 3.0, "green", None],
    )

    table = xlsx.read_table(data, COLUMNS)

    assert table.header_row == 2
    assert list(table) == [
        (3, {"code": "FS-012", "name": "发改委", "colour": "green", "sort": 12, "active": False}),
        (6, {"code": "210800", "name": "工信局", "colour": "green", "sort": 3, "active": True}),
    ]


def test_every_bad_cell_is_reported_with_row_column_letter_and_fix():
    data = workbook_bytes(
        ["编码", "名称（简称）", "颜色", "排序"],
        ["A 1", "一个很长很长很长的名字", "紫色", "三点五"],
        ["A2", None, "红色", "100"],
        [None, "好名字", None, "-1"],
    )

    errors = rejected(data)

    assert [(e.row, e.column) for e in errors] == [
        (2, "编码（A列）"), (2, "名称（简称）（B列）"), (2, "颜色（C列）"), (2, "排序（D列）"),
        (3, "名称（简称）（B列）"), (3, "排序（D列）"),
        (4, "编码（A列）"), (4, "排序（D列）"),
    ]
    messages = {(e.row, e.column): e.message for e in errors}
    assert "空格" in messages[(2, "编码（A列）")]
    assert "红色、绿色" in messages[(2, "颜色（C列）")]
    assert "整数" in messages[(2, "排序（D列）")]
    assert messages[(3, "名称（简称）（B列）")] == "必填项为空，请填写"
    assert "不大于99" in messages[(3, "排序（D列）")]
    assert "不小于0" in messages[(4, "排序（D列）")]
    assert str(errors[0]) == f"第2行 编码（A列）：{errors[0].message}"


def test_summary_message_counts_errors():
    with pytest.raises(ImportRejected) as caught:
        xlsx.read_table(workbook_bytes(["编码", "名称（简称）"], ["A", None], [None, "B"]), COLUMNS)
    assert caught.value.message.startswith("文件中有2处错误，没有写入任何数据")


def test_missing_required_column_is_reported_at_the_header():
    errors = rejected(workbook_bytes(["编码", "颜色"], ["A1", "红色"]))
    assert errors == [RowError(1, "名称（简称）", "缺少必填列，请在表头加上“名称（简称）”")]


def test_a_column_given_twice_is_refused():
    with pytest.raises(InvalidInput, match="出现了两次（A列和C列）"):
        xlsx.read_table(workbook_bytes(["编码", "名称（简称）", "编码*"], ["A", "B", "C"]), COLUMNS)


def test_no_header_and_no_rows_are_one_clear_error_each():
    with pytest.raises(InvalidInput, match="没有找到表头"):
        xlsx.read_table(workbook_bytes(["甲", "乙"], ["1", "2"]), COLUMNS)
    with pytest.raises(InvalidInput, match="没有数据") as caught:
        xlsx.read_table(workbook_bytes(["编码*", "名称（简称）*"], [None, "  "]), COLUMNS)
    assert caught.value.code == "no_rows"


def _zip_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    return buffer.getvalue()


@pytest.mark.parametrize(("data", "says"), [
    ("编码,名称\nA1,发改委\n".encode(), "可能是 CSV"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "旧版 Excel（.xls）"),
    (b"", "文件是空的"),
    (_zip_without_workbook(), "不是 Excel 工作簿"),
    (workbook_bytes(["编码"])[:300], "不是 Excel 工作簿"),
])
def test_a_file_that_is_not_xlsx_is_one_clear_error(data, says):
    with pytest.raises(InvalidInput) as caught:
        xlsx.read_table(data, COLUMNS)
    assert says in caught.value.message
    assert caught.value.field == "file"


def test_paths_and_uploaded_files_are_read(tmp_path):
    data = workbook_bytes(["编码", "名称（简称）"], ["A1", "甲"])
    path = tmp_path / "list.xlsx"
    path.write_bytes(data)
    upload = io.BytesIO(data)
    upload.read()  # already read once, as Django's upload handling may leave it

    assert xlsx.read_table(path, COLUMNS) == xlsx.read_table(upload, COLUMNS)
    with pytest.raises(InvalidInput, match="无法打开文件"):
        xlsx.read_table(tmp_path / "missing.xlsx", COLUMNS)


def test_row_and_size_limits(monkeypatch):
    data = workbook_bytes(["编码", "名称（简称）"], *[[f"A{i}", "甲"] for i in range(4)])
    monkeypatch.setattr(xlsx, "MAX_ROWS", 3)
    with pytest.raises(InvalidInput, match="超过3行的上限"):
        xlsx.read_table(data, COLUMNS)
    monkeypatch.setattr(xlsx, "MAX_BYTES", 1024 * 1024 // 2)
    with pytest.raises(InvalidInput, match="MB"):
        xlsx.read_table(data + bytes(1024 * 1024), COLUMNS)


def test_deferred_errors_let_the_caller_add_its_own():
    table = xlsx.read_table(workbook_bytes(["编码", "名称（简称）"], ["A1", None], ["A1", "乙"]),
                            COLUMNS, defer_errors=True)
    assert [values.get("code") for _, values in table] == ["A1", "A1"]
    assert "name" not in table[0][1]

    table.error(3, "code", "重复")

    with pytest.raises(ImportRejected) as caught:
        table.raise_errors()
    assert [str(e) for e in caught.value.errors] == [
        "第2行 名称（简称）（B列）：必填项为空，请填写", "第3行 编码（A列）：重复"]


ROWS = [
    {"code": "00123", "name": "发改委", "colour": "green", "sort": 5, "active": False},
    {"code": "=1+1", "name": "很长的单位名称", "colour": "red", "sort": 0, "active": True},
]


def test_write_table_is_tidy_and_keeps_codes_as_text():
    data = xlsx.write_table(COLUMNS, ROWS, title="单位名录", sheet_name="单位")

    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook["单位"]
    assert [c.value for c in sheet[1]] == ["编码*", "名称（简称）*", "颜色", "排序", "状态"]
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[2]] == ["00123", "发改委", "绿色", 5, "停用"]
    assert sheet["A2"].data_type == "s" and sheet["A2"].number_format == "@"
    assert sheet["A3"].value == "=1+1" and sheet["A3"].data_type == "s"  # not a formula
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width
    assert workbook.properties.title == "单位名录"
    assert list(xlsx.read_table(data, COLUMNS)) == [(2, ROWS[0]), (3, ROWS[1])]


def test_template_has_header_example_and_instructions():
    workbook = load_workbook(io.BytesIO(xlsx.template(COLUMNS, title="单位导入模板",
                                                      notes=["本表的特别说明"])))

    assert workbook.sheetnames == ["单位导入模板", xlsx.NOTES_SHEET]
    sheet = workbook["单位导入模板"]
    assert [c.value for c in sheet[1]] == ["编码*", "名称（简称）*", "颜色", "排序", "状态"]
    assert [c.value for c in sheet[2]][:3] == ["00123", "发改委", "红色"]
    guide = [row for row in workbook[xlsx.NOTES_SHEET].iter_rows(values_only=True)]
    assert guide[0][:4] == ("列名", "是否必填", "填写要求", "可选值")
    assert guide[1][:2] == ("编码", "必填")
    assert guide[3][:4] == ("颜色", "选填", None, "红色、绿色")
    assert guide[5][3] == "启用、停用"
    assert any("本表的特别说明" in (row[0] or "") for row in guide)


def test_parsers_accept_what_people_type():
    assert xlsx.integer()("十二") == 12
    assert xlsx.integer()(7.0) == 7
    assert xlsx.choice(Colour)("GREEN") == "green"
    assert xlsx.flag("在职", "离任")("否") is False
    assert xlsx.text()(1234567.0) == "1234567"
    with pytest.raises(InvalidInput, match="6位"):
        xlsx.text(fullmatch=r"\d{6}", hint="请填写6位代码")("21040")


CODE_CHARS = "0123456789０１２３４５６７８９ABCxyzＡＢ-_.／区县甲"
SPACES = st.text(alphabet=" \u3000", max_size=3)


@settings(max_examples=60, deadline=None)
@given(core=st.text(alphabet=CODE_CHARS, min_size=1, max_size=12), before=SPACES, after=SPACES)
def test_text_in_a_code_column_round_trips(core, before, after):
    column = Column("编码", "code", required=True, parse=xlsx.code())
    typed = before + core + after

    data = xlsx.write_table([column], [{"code": typed}], title="t", sheet_name="t")

    assert list(xlsx.read_table(data, [column])) == [(2, {"code": to_halfwidth(core)})]
