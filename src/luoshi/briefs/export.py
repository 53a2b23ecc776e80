"""A brief as an official document: .docx (GB/T 9704-2012), PDF through LibreOffice, HTML."""

from __future__ import annotations

from django.template.loader import render_to_string

from luoshi.briefs.models import Brief
from luoshi.core.officialdoc import (
    Block,
    Masthead,
    OfficialDocument,
    docx_to_pdf,
    render_docx,
)
from luoshi.core.textnorm import number_to_cn


def official_document(brief: Brief) -> OfficialDocument:
    blocks = []
    sections = list(brief.sections.all())
    for number, section in enumerate(sections, start=1):
        if len(sections) > 1:
            blocks.append(Block(f"{number_to_cn(number)}、{section.heading}", level=1))
        blocks.extend(Block(paragraph) for paragraph in section.body.splitlines() if paragraph)
    day = brief.issued_on or brief.created_at.date()
    return OfficialDocument(
        masthead=Masthead(name=brief.masthead_name,
                          number=brief.number_label, issuer=brief.issuing_body, date=day),
        title=brief.title, blocks=blocks, copy_to=brief.copy_to, printer=brief.issuing_body,
        printed_on=day)


def brief_docx(brief: Brief) -> bytes:
    return render_docx(official_document(brief))


def brief_pdf(brief: Brief) -> bytes:
    return docx_to_pdf(brief_docx(brief))


def brief_html(brief: Brief) -> str:
    return render_to_string("briefs/brief_document.html", {
        "brief": brief, "document": official_document(brief)})
