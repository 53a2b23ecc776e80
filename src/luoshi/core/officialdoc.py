"""Official documents (.docx) laid out as GB/T 9704-2012 asks.

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; body 3号 (16 pt) 仿宋_GB2312 on
a grid of 22 lines of 28 characters; title 2号 (22 pt) 方正小标宋简体; first-level headings
黑体, second-level 楷体_GB2312; the 版头 (masthead in red, number, issuer and date above a red
rule), the 版记 (抄送, 印发 with the date between black rules) and page numbers "— 1 —" in
4号 宋体, odd pages right, even pages left.

The fonts are named in each run and described in the font table with common alternatives
(仿宋, FangSong…), so Word and WPS substitute cleanly where they are not installed, and
LibreOffice falls back to the installed CJK fonts when it renders the file to PDF.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

from luoshi.core.errors import DomainError

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
NUMBER_FONT = "宋体"
ALTERNATIVES = {  # name in the font table → what Word/WPS may use instead
    TITLE_FONT: "小标宋", BODY_FONT: "仿宋", HEADING1_FONT: "SimHei",
    HEADING2_FONT: "楷体", NUMBER_FONT: "SimSun",
}

SIZE_1 = Pt(26)  # 一号: the masthead
SIZE_2 = Pt(22)  # 二号: the title
SIZE_3 = Pt(16)  # 三号: body
SIZE_4 = Pt(14)  # 四号: page numbers, 版记
RED = RGBColor(0xE6, 0x00, 0x12)
LINE_PITCH = Pt(28.95)  # 225 mm of text height / 22 lines
CHAR_SPACING = Pt(-0.2)  # 28 characters of 16 pt across 156 mm


@dataclass
class Masthead:
    name: str  # 全面振兴新突破工作简报
    number: str  # 第12期 / 营督〔2023〕12号
    issuer: str
    date: dt.date


@dataclass
class Block:
    text: str
    level: int = 0  # 0 body paragraph, 1 一、heading (黑体), 2 （一）heading (楷体)


@dataclass
class OfficialDocument:
    masthead: Masthead
    title: str
    blocks: list[Block]
    copy_to: str = ""
    printer: str = ""
    printed_on: dt.date | None = None
    signature: list[str] = field(default_factory=list)  # issuer and date at the end, if any


def date_zh(day: dt.date) -> str:
    """2023年7月25日: Arabic numerals, no leading zeros (GB/T 9704-2012 7.3.5.3)."""
    return f"{day.year}年{day.month}月{day.day}日"


def render_docx(doc: OfficialDocument) -> bytes:
    document = Document()
    _page_setup(document)
    _font_table(document)
    _masthead(document, doc.masthead)
    _paragraph(document, doc.title, TITLE_FONT, SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER,
               before=LINE_PITCH)
    _paragraph(document, "", BODY_FONT, SIZE_3)  # a blank line under the title
    for block in doc.blocks:
        font = {1: HEADING1_FONT, 2: HEADING2_FONT}.get(block.level, BODY_FONT)
        _paragraph(document, block.text, font, SIZE_3, indent=True)
    for line in doc.signature:
        _paragraph(document, line, BODY_FONT, SIZE_3, align=WD_ALIGN_PARAGRAPH.RIGHT,
                   right_indent=SIZE_3 * 4)
    _colophon(document, doc)
    _page_numbers(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _page_setup(document) -> None:
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28) - Mm(7)  # the page number 7 mm below the text block
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(int(LINE_PITCH.pt * 20)))
    normal = document.styles["Normal"]
    normal.font.size = SIZE_3
    _set_fonts(normal.element.get_or_add_rPr(), BODY_FONT)


def _font_table(document) -> None:
    """Describe our fonts in word/fontTable.xml (python-docx keeps it as raw bytes)."""
    part = next((rel.target_part for rel in document.part.rels.values()
                 if rel.reltype == RT.FONT_TABLE), None)
    if part is None:
        return
    table = etree.fromstring(part.blob)
    for name, alternative in ALTERNATIVES.items():
        font = etree.SubElement(table, qn("w:font"))
        font.set(qn("w:name"), name)
        for tag, value in (("w:altName", alternative), ("w:charset", "86"),  # 86: GB2312
                           ("w:family", "modern" if name == HEADING1_FONT else "roman")):
            etree.SubElement(font, qn(tag)).set(qn("w:val"), value)
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def _set_fonts(rpr, name: str) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def _paragraph(document, text: str, font: str, size, *, align=None, indent: bool = False,
               before=None, bold: bool = False, color=None, right_indent=None):
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(max(LINE_PITCH.pt, size.pt * 1.2))
    fmt.space_before, fmt.space_after = before or Pt(0), Pt(0)
    if align is not None:
        paragraph.alignment = align
    else:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if indent:
        fmt.first_line_indent = Pt(size.pt * 2)  # 首行缩进2字
    if right_indent is not None:
        fmt.right_indent = right_indent
    if text:
        run = paragraph.add_run(text)
        run.font.size = size
        run.bold = bold
        if color is not None:
            run.font.color.rgb = color
        _set_fonts(run._element.get_or_add_rPr(), font)
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:val"), str(int(CHAR_SPACING.pt * 20)))
        run._element.get_or_add_rPr().append(spacing)
    return paragraph


def _rule(paragraph, color: str = "E60012", size: int = 12, where: str = "bottom") -> None:
    """A horizontal rule as the paragraph's border (size in eighths of a point)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    line = OxmlElement(f"w:{where}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size))
    line.set(qn("w:space"), "1")
    line.set(qn("w:color"), color)
    borders.append(line)
    ppr.append(borders)


def _masthead(document, masthead: Masthead) -> None:
    _paragraph(document, masthead.name, TITLE_FONT, SIZE_1, align=WD_ALIGN_PARAGRAPH.CENTER,
               color=RED)
    _paragraph(document, masthead.number, BODY_FONT, SIZE_3, align=WD_ALIGN_PARAGRAPH.CENTER,
               before=Pt(12))
    # issuer on the left, date on the right, above the red rule: one line, a right tab
    line = _paragraph(document, "", BODY_FONT, SIZE_3)
    tabs = line.paragraph_format.tab_stops
    tabs.add_tab_stop(Mm(156), alignment=2)  # WD_TAB_ALIGNMENT.RIGHT
    run = line.add_run(f"{masthead.issuer}\t{date_zh(masthead.date)}")
    run.font.size = SIZE_3
    _set_fonts(run._element.get_or_add_rPr(), BODY_FONT)
    _rule(line, size=18)


def _colophon(document, doc: OfficialDocument) -> None:
    """版记: 抄送 and 印发 between rules, at the end of the text."""
    if not (doc.copy_to or doc.printer):
        return
    _paragraph(document, "", BODY_FONT, SIZE_4)
    first = None
    if doc.copy_to:
        first = _paragraph(document, f"抄送：{doc.copy_to}。", BODY_FONT, SIZE_4)
        first.paragraph_format.left_indent = SIZE_4
        first.paragraph_format.right_indent = SIZE_4
    if doc.printer:
        printed = _paragraph(document, "", BODY_FONT, SIZE_4)
        printed.paragraph_format.tab_stops.add_tab_stop(Mm(150), alignment=2)
        printed.paragraph_format.left_indent = SIZE_4
        run = printed.add_run(f"{doc.printer}\t{date_zh(doc.printed_on or dt.date.today())}印发")
        run.font.size = SIZE_4
        _set_fonts(run._element.get_or_add_rPr(), BODY_FONT)
        _rule(printed, color="000000", size=8)
        if first is None:
            first = printed
    _rule(first, color="000000", size=8, where="top")


def _page_numbers(document) -> None:
    settings = document.settings.element
    even = OxmlElement("w:evenAndOddHeaders")
    settings.append(even)
    section = document.sections[0]
    _page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)


def _page_number(footer, align) -> None:
    paragraph = footer.paragraphs[0]
    paragraph.alignment = align
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        paragraph.paragraph_format.right_indent = SIZE_4
    else:
        paragraph.paragraph_format.left_indent = SIZE_4

    def text(value: str) -> None:
        run = paragraph.add_run(value)
        run.font.size = SIZE_4
        _set_fonts(run._element.get_or_add_rPr(), NUMBER_FONT)

    def field_char(kind: str) -> None:
        run = paragraph.add_run()
        run.font.size = SIZE_4
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._element.append(element)

    text("— ")
    field_char("begin")
    instruction = paragraph.add_run()
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = " PAGE "
    instruction._element.append(code)
    field_char("separate")
    text("1")
    field_char("end")
    text(" —")


class ConverterMissing(DomainError):
    status = 503


def docx_to_pdf(content: bytes, *, timeout: int = 120) -> bytes:
    """The PDF LibreOffice makes of a .docx (``soffice`` from Debian's libreoffice-writer)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ConverterMissing("本机没有安装 LibreOffice，不能生成 PDF；请下载 Word 文件",
                               code="no_converter")
    with tempfile.TemporaryDirectory(prefix="luoshi-pdf-") as folder:
        source = Path(folder) / "document.docx"
        source.write_bytes(content)
        # A private profile: two conversions at once must not share LibreOffice's user dir.
        profile = Path(folder) / "profile"
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", "pdf", "--outdir", folder, str(source)],
            check=True, capture_output=True, timeout=timeout)
        return (Path(folder) / "document.pdf").read_bytes()
