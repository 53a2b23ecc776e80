"""The fast sheet reader: shared and inline strings, numbers exactly, rows Excel leaves out."""

import io
import zipfile
from decimal import Decimal

import pytest

from luoshi.core.errors import InvalidInput
from luoshi.indicators.sheetrows import sheet_rows

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def _workbook(sheet_data: str, strings: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
                         '<sheet name="2023年6月" sheetId="1" r:id="rId1"/></sheets></workbook>')
        archive.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{PKG}">'
                         '<Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>')
        items = "".join(f"<si><t>{s}</t></si>" for s in strings)
        archive.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">{items}</sst>')
        archive.writestr("xl/worksheets/sheet1.xml",
                         f'<worksheet xmlns="{MAIN}"><sheetData>{sheet_data}</sheetData></worksheet>')
    return buffer.getvalue()


def test_rows_as_excel_saves_them():
    data = _workbook(
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>'
        '<row r="3"><c r="A3" t="inlineStr"><is><t>抚顺</t></is></c>'
        '<c r="B3"><v>8.7799999999999994</v></c><c r="C3"><v>81.8</v></c>'
        '<c r="D3" t="b"><v>1</v></c></row>', ["指标代码", "累计值"])
    assert list(sheet_rows(data)) == [
        ("指标代码", None, "累计值"), (), ("抚顺", Decimal("8.78"), Decimal("81.8"), True)]


def test_a_file_that_is_not_a_workbook_is_one_clear_error():
    with pytest.raises(InvalidInput, match="不是 Excel 工作簿"):
        list(sheet_rows(b"indicator,region\nFAI,210400\n"))
