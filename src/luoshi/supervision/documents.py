"""A supervision order as a Word document in the layout of GB/T 9704-2012 (党政机关公文格式).

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; body 3号 仿宋_GB2312 on a
fixed 28.95 pt line (22 lines of 28 characters); title 2号 方正小标宋简体; level-one
headings 3号 黑体; 版头 with the issuing office (红色 小标宋) and the number over a red line;
版记 between two lines at the end; page numbers 4号 宋体 “— 1 —” at the bottom outside.
Fonts are named as offices have them installed; Word and WPS substitute where missing.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from luoshi.supervision.models import SupervisionOrder

FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"
SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
SIZE_4 = Pt(14)  # 四号
RED = RGBColor(0xE6, 0x00, 0x12)
LINE = Pt(28.95)  # 22 lines in the 225 mm text block


def _font(run, name: str, size, *, bold: bool = False, color: RGBColor | None = None) -> None:
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def _paragraph(document, text: str = "", *, font: str = FANGSONG, size=SIZE_3, bold: bool = False,
               align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent_chars: int = 0, color=None,
               line=LINE, right_chars: int = 0):
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.space_before = fmt.space_after = Pt(0)
    if line is not None:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = line
    if indent_chars:
        fmt.first_line_indent = Pt(size.pt * indent_chars)
    if right_chars:
        fmt.right_indent = Pt(size.pt * right_chars)
    if text:
        _font(paragraph.add_run(text), font, size, bold=bold, color=color)
    return paragraph


_AFTER_PBDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
               "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
               "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
               "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
               "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
               "w:sectPr", "w:pPrChange")


def _border(paragraph, edge: str, *, size_eighths: int, color: str = "000000") -> None:
    """A rule line above or below a paragraph (版头's red line, 版记's lines)."""
    properties = paragraph._p.get_or_add_pPr()
    borders = properties.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        # The schema orders pPr's children: pBdr comes before shd, tabs, spacing, ind, jc…
        properties.insert_element_before(borders, *_AFTER_PBDR)
    line = OxmlElement(f"w:{edge}")
    for key, value in (("w:val", "single"), ("w:sz", str(size_eighths)), ("w:space", "1"),
                       ("w:color", color)):
        line.set(qn(key), value)
    borders.append(line)


def _page_number_footer(section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(paragraph.add_run("— "), SONGTI, SIZE_4)
    run = paragraph.add_run()
    _font(run, SONGTI, SIZE_4)
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._element.append(field)
        else:
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._element.append(instruction)
    _font(paragraph.add_run(" —"), SONGTI, SIZE_4)


def _setup_page(document) -> None:
    section = document.sections[0]
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28) - Mm(7)  # the number sits 7 mm under the text block
    _page_number_footer(section)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FANGSONG, SIZE_3
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FANGSONG)


def _date_zh(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _heading(document, text: str) -> None:
    _paragraph(document, text, font=HEITI, indent_chars=2)


def _body(document, text: str) -> None:
    for line in [line.strip() for line in text.splitlines()] or [""]:
        if line:
            _paragraph(document, line, indent_chars=2)


def order_docx(order: SupervisionOrder) -> bytes:
    """The order as .docx bytes, ready to print and seal."""
    document = Document()
    _setup_page(document)
    # 版头: the office's name as 发文机关标志, the number, the red line.
    masthead = f"{order.office.name}督办单"
    # The 发文机关标志 stays on one line within the 156 mm text block: long names get smaller.
    size = Pt(min(26, int(Mm(150).pt / len(masthead))))
    office = _paragraph(document, masthead, font=XIAOBIAOSONG, size=size,
                        align=WD_ALIGN_PARAGRAPH.CENTER, color=RED, line=Pt(40))
    office.paragraph_format.space_before = Pt(28)
    _paragraph(document, line=LINE)
    number = _paragraph(document, order.number, align=WD_ALIGN_PARAGRAPH.CENTER)
    _border(number, "bottom", size_eighths=18, color="E60012")
    _paragraph(document)
    _paragraph(document, order.title, font=XIAOBIAOSONG, size=SIZE_2,
               align=WD_ALIGN_PARAGRAPH.CENTER, line=Pt(36))
    _paragraph(document)
    _paragraph(document, f"{order.unit.name}：")
    if order.instruction:
        _heading(document, "一、领导批示")
        _body(document, order.instruction)
    sections = ["督办事项", "办理时限", "反馈要求"]
    start = 2 if order.instruction else 1
    numerals = "一二三四五"
    _heading(document, f"{numerals[start - 1]}、{sections[0]}")
    _body(document, order.content)
    _heading(document, f"{numerals[start]}、{sections[1]}")
    _body(document, f"请于{_date_zh(order.deadline)}前办结并反馈。")
    _heading(document, f"{numerals[start + 1]}、{sections[2]}")
    _body(document, order.requirements)
    _paragraph(document)
    _paragraph(document)
    _paragraph(document, order.office.name, align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=4)
    _paragraph(document, _date_zh(order.issued_on), align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=4)
    _paragraph(document)
    # 版记: 印发机关和印发日期 between a top and a bottom line, 4号 仿宋.
    imprint = _paragraph(document, "", size=SIZE_4)
    imprint.paragraph_format.left_indent = Pt(SIZE_4.pt)
    imprint.paragraph_format.right_indent = Pt(SIZE_4.pt)
    _font(imprint.add_run(order.office.name), FANGSONG, SIZE_4)
    _font(imprint.add_run("\t" + _date_zh(order.issued_on) + "印发"), FANGSONG, SIZE_4)
    imprint.paragraph_format.tab_stops.add_tab_stop(Mm(145), alignment=WD_TAB_ALIGNMENT.RIGHT)
    _border(imprint, "top", size_eighths=8)
    _border(imprint, "bottom", size_eighths=8)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
