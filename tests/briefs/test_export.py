"""The brief as a GB/T 9704-2012 document: page setup in the .docx, and LibreOffice's PDF of
it (rendered to PNG as a reader would see it) with the title and first figure on page 1."""

import datetime as dt
import io
import subprocess

import pytest
from docx import Document

from luoshi.briefs import export, services
from luoshi.core.officialdoc import BODY_FONT, TITLE_FONT
from luoshi.progress.status import recompute_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def brief(plan_tree, hq_user):
    recompute_plan(plan_tree["plan"], "2023-06", as_of=dt.date(2023, 7, 10))
    brief = services.generate_brief(actor=hq_user, request=services.BriefRequest(
        region_code="210400", period="2023-06"))
    brief.copy_to = "市委办公室，市政府办公室"
    brief.save()
    return services.issue_brief(actor=hq_user, brief=brief, issued_on=dt.date(2023, 7, 25))


def test_docx_page_setup_and_fonts(brief):
    document = Document(io.BytesIO(export.brief_docx(brief)))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                   section.right_margin)] == [37, 35, 28, 26]
    xml = document.element.xml
    assert TITLE_FONT in xml and BODY_FONT in xml and 'w:linePitch="579"' in xml
    texts = [p.text for p in document.paragraphs]
    assert "第1期" in texts and brief.title in texts
    assert any(t.startswith("抄送：市委办公室") for t in texts)
    assert any(t.endswith("2023年7月25日印发") for t in texts)


def test_pdf_is_a4_with_the_title_and_first_figure_on_page_one(brief, tmp_path):
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(export.brief_pdf(brief))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "595.3" in info and "841.89" in info  # A4 in points
    page_one = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
    flat = "".join(page_one.split())
    first_figure = brief.sections.first().figures[0]["text"]
    assert "".join(brief.title.split()) in flat and first_figure in flat
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf),
                    str(tmp_path / "page")], check=True)
    assert (tmp_path / "page-1.png").stat().st_size > 5000
