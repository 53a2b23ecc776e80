"""The rows of an .xlsx file's first sheet, read straight from its XML.

The statistics bureau's long files run to 100,000 rows; openpyxl builds Python objects for
every cell and string (about half a millisecond a row), which alone would exceed the
import's 30-second budget. This reader streams the sheet with the standard library's
``iterparse`` and yields plain tuples, as ``openpyxl``'s ``iter_rows(values_only=True)``
does, so ``core.xlsx``'s header search, cell parsers and error messages apply unchanged.

Numbers come back as ``Decimal`` (exactly as written in the file, never through a float),
text as ``str``, booleans as ``bool``. Dates are not decoded: a date-formatted cell gives its
serial number, which the period column turns back into a month.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import iterparse

from luoshi.core import xlsx

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL_REF = re.compile(r"([A-Z]+)(\d+)")


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _text_of(element) -> str:
    """The text of an <si> or <is>: its <t> runs, phonetic runs (<rPh>) left out."""
    parts = []
    for child in element:
        if child.tag == f"{_NS}t":
            parts.append(child.text or "")
        elif child.tag == f"{_NS}r":
            parts.extend(t.text or "" for t in child.iter(f"{_NS}t"))
    return "".join(parts)


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    try:
        stream = archive.open("xl/sharedStrings.xml")
    except KeyError:
        return []
    strings = []
    with stream:
        for _event, element in iterparse(stream):
            if element.tag == f"{_NS}si":
                strings.append(_text_of(element))
                element.clear()
    return strings


def _first_sheet(archive: zipfile.ZipFile) -> str:
    """The path of the workbook's first sheet, as workbook.xml orders them."""
    from xml.etree.ElementTree import fromstring

    workbook = fromstring(archive.read("xl/workbook.xml"))
    first = workbook.find(f"{_NS}sheets/{_NS}sheet")
    rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = next(r.get("Target") for r in rels.iter(f"{_PKG_REL}Relationship")
                  if r.get("Id") == first.get(f"{_REL_NS}id"))
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(
        posixpath.join("xl", target))


def _value(cell, kind: str | None, shared: list[str]):
    if kind == "inlineStr":
        inline = cell.find(f"{_NS}is")
        return _text_of(inline) if inline is not None else None
    raw = cell.findtext(f"{_NS}v")
    if raw is None:
        return None
    if kind == "s":
        return shared[int(raw)]
    if kind in ("str", "e"):
        return raw
    if kind == "b":
        return raw == "1"
    try:
        number = Decimal(raw)
    except InvalidOperation:
        return raw
    # Excel keeps 15 significant digits; more are binary noise (8.7799999999999994 is 8.78).
    if len(number.as_tuple().digits) > 15:
        number = Decimal(format(float(raw), ".15g"))
    return number


def sheet_rows(data: bytes) -> Iterator[tuple]:
    """Yield the first sheet's rows as tuples; a damaged file raises ``xlsx``'s own error."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        shared = _shared_strings(archive)
        stream = archive.open(_first_sheet(archive))
    except Exception as exc:  # a zip, XML or missing-part error all mean "not a workbook"
        raise xlsx._not_xlsx(data) from exc
    expected_row = 1
    with archive, stream:
        cells: dict[int, object] = {}
        try:
            for _event, element in iterparse(stream):
                tag = element.tag
                if tag == f"{_NS}c":
                    match = _CELL_REF.fullmatch(element.get("r") or "")
                    index = _column_index(match[1]) if match else len(cells)
                    cells[index] = _value(element, element.get("t"), shared)
                elif tag == f"{_NS}row":
                    number = int(element.get("r") or expected_row)
                    while expected_row < number:  # rows Excel leaves out are empty
                        yield ()
                        expected_row += 1
                    width = max(cells) + 1 if cells else 0
                    yield tuple(cells.get(i) for i in range(width))
                    expected_row += 1
                    cells = {}
                    element.clear()
        except Exception as exc:
            raise xlsx._not_xlsx(data) from exc
