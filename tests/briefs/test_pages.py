"""Brief pages: generate, preview with linked figures, edit a section (htmx), issue, download,
instructions, templates; query counts pinned."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document

from luoshi.briefs import services
from luoshi.briefs.models import Brief, BriefStatus
from luoshi.progress.status import recompute_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def brief(plan_tree, hq_user):
    recompute_plan(plan_tree["plan"], "2023-06", as_of=dt.date(2023, 7, 10))
    return services.generate_brief(actor=hq_user, request=services.BriefRequest(
        region_code="210400", period="2023-06"))


def test_hq_generates_through_the_form(client, plan_tree, hq_user):
    recompute_plan(plan_tree["plan"], "2023-06", as_of=dt.date(2023, 7, 10))
    client.force_login(hq_user)
    assert client.get(reverse("brief_generate")).status_code == 200
    response = client.post(reverse("brief_generate"), {
        "region_code": "210400", "period": "2023-06", "kind": "review"})
    brief = Brief.objects.get()
    assert response["Location"] == reverse("brief_detail", args=[brief.pk])
    page = client.get(response["Location"]).content.decode()
    assert brief.title in page and 'class="figure"' in page


def test_a_bad_period_is_shown_on_the_form(client, hq_user, plan_tree):
    client.force_login(hq_user)
    response = client.post(reverse("brief_generate"), {
        "region_code": "210400", "period": "2023-13", "kind": "review"})
    assert response.status_code == 200 and "报告期" in response.content.decode()
    assert not Brief.objects.exists()


def test_each_figure_links_to_its_stored_rows(client, brief, hq_user):
    client.force_login(hq_user)
    section = brief.sections.get()
    index = next(i for i, f in enumerate(section.figures) if f["key"] == "delivery.nodes")
    page = client.get(reverse("brief_figure", args=[brief.pk, section.pk, index])).content.decode()
    assert "扩大有效投资" in page and "参与评价的任务" in page
    assert client.get(reverse("brief_figure", args=[brief.pk, section.pk, 99])).status_code == 404


def test_section_edit_in_place(client, brief, hq_user):
    client.force_login(hq_user)
    section = brief.sections.get()
    url = reverse("brief_section_edit", args=[brief.pk, section.pk])
    assert "<textarea" in client.get(url, HTTP_HX_REQUEST="true").content.decode()
    response = client.post(url, {"body": "新的说法。"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "新的说法。" in response.content.decode()
    assert client.post(url, {"body": ""}, HTTP_HX_REQUEST="true").status_code == 400


def test_issue_and_download_word(client, brief, hq_user):
    client.force_login(hq_user)
    client.post(reverse("brief_issue", args=[brief.pk]))
    brief.refresh_from_db()
    assert brief.status == BriefStatus.ISSUED
    response = client.get(reverse("brief_download", args=[brief.pk, "docx"]))
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert brief.title in text and "第1期" in text
    assert client.get(reverse("brief_download", args=[brief.pk, "html"])).status_code == 200


def test_leader_reads_and_instructs(client, brief, hq_user, city_leader):
    services.issue_brief(actor=hq_user, brief=brief)
    client.force_login(city_leader)
    page = client.get(reverse("brief_detail", args=[brief.pk])).content.decode()
    assert "作出批示" in page and "修改文字" not in page
    client.post(reverse("brief_instruct", args=[brief.pk]), {"text": "请逐项落实。", "section": ""})
    assert brief.instructions.get().text == "请逐项落实。"


def test_reporters_do_not_see_briefs(client, brief, reporter):
    client.force_login(reporter)
    assert client.get(reverse("brief_detail", args=[brief.pk])).status_code == 403


def test_template_page_names_the_error_line(client, hq_user):
    client.force_login(hq_user)
    response = client.post(reverse("brief_template_new"), {
        "code": "x", "heading": "补充", "source": "delivery", "position": 1, "is_active": "on",
        "text": "一\n二{% endif %}"})
    assert "第2行" in response.content.decode()


@pytest.mark.parametrize("extra", [0, 12])
def test_brief_list_has_a_fixed_number_of_queries(client, brief, hq_user, extra,
                                                  django_assert_num_queries):
    for _ in range(extra):
        services.generate_brief(actor=hq_user, request=services.BriefRequest(
            region_code="210400", period="2023-06"))
    client.force_login(hq_user)
    # session, user, roles, own unit, session write (3), count, page of briefs
    with django_assert_num_queries(9):
        assert client.get(reverse("briefs")).status_code == 200


def test_the_office_turns_an_instruction_into_an_order_on_the_page(client, brief, hq_user,
                                                                   city_leader, make_user):
    services.issue_brief(actor=hq_user, brief=brief)
    instruction = services.write_instruction(actor=city_leader, brief=brief, text="抓紧推进。")
    client.force_login(make_user("duchashi", "supervision", "hq"))
    assert "转为督办单" in client.get(reverse("brief_detail", args=[brief.pk])).content.decode()
    deadline = (dt.date.today() + dt.timedelta(days=20)).isoformat()
    client.post(reverse("brief_instruction_order", args=[brief.pk, instruction.pk]),
                {"unit_code": "FS-FGW", "deadline": deadline, "requirements": ""})
    instruction.refresh_from_db()
    page = client.get(reverse("brief_detail", args=[brief.pk])).content.decode()
    assert instruction.order_label and instruction.order_label in page


def test_the_document_stays_chinese_for_an_english_reader(client, brief, hq_user):
    client.force_login(hq_user)
    page = client.get(reverse("brief_detail", args=[brief.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Issue" in page.content.decode()  # the page speaks English…
    assert "全面振兴新突破工作" + "综述" in page.content.decode()  # …the document does not
    word = client.get(reverse("brief_download", args=[brief.pk, "docx"]), HTTP_ACCEPT_LANGUAGE="en")
    text = "\n".join(p.text for p in Document(io.BytesIO(word.content)).paragraphs)
    assert "全面振兴新突破工作综述" in text
