"""Generating, editing, issuing briefs and leaders' instructions (luoshi.briefs.services)."""

import datetime as dt
from decimal import Decimal as D

import pytest

from luoshi.briefs import engine, services
from luoshi.briefs.figures import Figure
from luoshi.briefs.models import Brief, BriefStatus, SectionTemplate
from luoshi.core.errors import Conflict, InvalidInput, PermissionDenied
from luoshi.core.models import AuditEntry
from luoshi.progress.models import NodeStatus
from luoshi.progress.status import recompute_plan

pytestmark = pytest.mark.django_db

JUNE = services.BriefRequest(region_code="210400", period="2023-06")


@pytest.fixture
def lights(plan_tree):
    recompute_plan(plan_tree["plan"], "2023-06", as_of=dt.date(2023, 7, 10))
    return plan_tree


def test_generate_writes_the_delivery_section_with_its_figures(lights, hq_user):
    brief = services.generate_brief(actor=hq_user, request=JUNE)
    assert brief.status == BriefStatus.DRAFT and brief.number == 1
    assert brief.title == "抚顺市2023年上半年经济运行和全面振兴新突破工作综述"
    section = brief.sections.get(code="delivery")
    assert section.body.startswith("上半年，抚顺市1个在期行动方案的2项任务举措参与红黄绿灯评价")
    red = next(f for f in section.figures if f["key"] == "delivery.red")
    reds = NodeStatus.objects.filter(period="2023-06", light="red", node__kind="task")
    assert red["text"] == f"{reds.count()}项"
    assert sorted(red["sources"][0]["ids"]) == sorted(reds.values_list("node_id", flat=True))
    assert AuditEntry.objects.filter(object_type="briefs.brief", action="create").exists()


def test_numbers_run_per_issuing_body_kind_and_year(lights, hq_user):
    first = services.generate_brief(actor=hq_user, request=JUNE)
    second = services.generate_brief(actor=hq_user, request=JUNE)
    notice = services.generate_brief(actor=hq_user, request=services.BriefRequest(
        region_code="210400", period="2023-06", kind="notice"))
    assert (first.number, second.number, notice.number) == (1, 2, 1)


def test_a_region_without_data_gives_a_brief_without_sections(lights, hq_user):
    brief = services.generate_brief(actor=hq_user, request=services.BriefRequest(
        region_code="210400", period="2022-06"))
    assert not brief.sections.exists()
    with pytest.raises(Conflict):
        services.issue_brief(actor=hq_user, brief=brief)


@pytest.mark.parametrize(("request_", "field"), [
    (services.BriefRequest(region_code="999999", period="2023-06"), "region"),
    (services.BriefRequest(region_code="210400", period="2023-13"), "period"),
    (services.BriefRequest(region_code="210400", period="上半年"), "period"),
    (services.BriefRequest(region_code="210400", period="2023-06", kind="memo"), "kind"),
])
def test_bad_requests_name_the_field(lights, hq_user, request_, field):
    with pytest.raises(InvalidInput) as exc:
        services.generate_brief(actor=hq_user, request=request_)
    assert exc.value.field == field
    assert not Brief.objects.exists()


def test_only_hq_of_the_region_generates(lights, reporter, make_user):
    with pytest.raises(PermissionDenied):
        services.generate_brief(actor=reporter, request=JUNE)
    yingkou_hq = make_user("yk_hq", "hq_staff", "yk_fgw")
    with pytest.raises(PermissionDenied):
        services.generate_brief(actor=yingkou_hq, request=JUNE)


def test_edit_then_issue_then_no_more_edits(lights, hq_user):
    brief = services.generate_brief(actor=hq_user, request=JUNE)
    section = brief.sections.get()
    services.update_section(actor=hq_user, section=section, body="改写的第一段。\n\n第二段。")
    section.refresh_from_db()
    assert section.body == "改写的第一段。\n第二段。" and section.edited
    services.issue_brief(actor=hq_user, brief=brief, issued_on=dt.date(2023, 7, 25))
    with pytest.raises(Conflict):
        services.update_section(actor=hq_user, section=section, body="再改")
    entry = AuditEntry.objects.filter(object_type="briefs.briefsection").get()
    assert entry.after == {"body": "改写的第一段。\n第二段。"}


def test_an_issued_brief_keeps_its_provenance_when_the_data_change(lights, hq_user):
    brief = services.generate_brief(actor=hq_user, request=JUNE)
    services.issue_brief(actor=hq_user, brief=brief)
    figures = brief.sections.get().figures
    NodeStatus.objects.all().delete()
    assert brief.sections.get().figures == figures


def test_leaders_instruct_on_issued_briefs(lights, hq_user, city_leader, reporter):
    brief = services.generate_brief(actor=hq_user, request=JUNE)
    with pytest.raises(Conflict):
        services.write_instruction(actor=city_leader, brief=brief, text="请抓紧落实")
    services.issue_brief(actor=hq_user, brief=brief)
    section = brief.sections.get()
    instruction = services.write_instruction(actor=city_leader, brief=brief, section=section,
                                             text="红灯任务要逐项销号。")
    assert instruction.author == city_leader and instruction.written_on
    with pytest.raises(PermissionDenied):
        services.write_instruction(actor=reporter, brief=brief, text="同意")
    with pytest.raises(InvalidInput):
        services.write_instruction(actor=city_leader, brief=brief, text="  ")


def test_template_errors_are_refused_with_their_line(hq_user):
    data = services.TemplateData(code="extra", heading="补充", source="delivery",
                                 text="第一行\n{% for x in y %}", kinds=[])
    with pytest.raises(InvalidInput) as exc:
        services.save_template(actor=hq_user, data=data)
    assert "第2行" in exc.value.message
    data.text = "{{ region }}{{ period }}共{{ plans|count }}方案。"
    template = services.save_template(actor=hq_user, data=data)
    assert SectionTemplate.objects.get(code="extra") == template


def test_a_template_changes_what_the_next_brief_says(lights, hq_user):
    template = SectionTemplate.objects.get(code="delivery")
    services.save_template(actor=hq_user, template=template, data=services.TemplateData(
        code="delivery", heading="方案落实", source="delivery", kinds=[],
        text="{{ period }}红灯{{ red|count }}。"))
    brief = services.generate_brief(actor=hq_user, request=JUNE)
    assert brief.sections.get().body.startswith("上半年红灯")
    assert brief.sections.get().heading == "方案落实"


def test_money_figures_round_once_and_say_so():
    _, figures = engine.render("{{ x|money }}", {"x": Figure("x", "投资", D("818123"), "万元")})
    assert figures[0]["text"] == "81.8亿元" and figures[0]["exact"] == "81.8123"


def test_the_supervision_office_turns_an_instruction_into_an_order(lights, hq_user, city_leader,
                                                                  make_user):
    from luoshi.supervision.models import SupervisionOrder

    office = make_user("duchashi", "supervision", "hq")
    brief = services.generate_brief(actor=hq_user, request=JUNE)
    services.issue_brief(actor=hq_user, brief=brief)
    instruction = services.write_instruction(actor=city_leader, brief=brief,
                                             text="红灯任务要逐项销号。")
    deadline = dt.date.today() + dt.timedelta(days=30)
    request = services.OrderRequest(unit_code="FS-FGW", deadline=deadline,
                                    requirements="8月底前报送销号情况")
    with pytest.raises(InvalidInput):
        services.instruction_to_order(actor=office, instruction=instruction,
                                      request=services.OrderRequest("NOPE", deadline, ""))
    services.instruction_to_order(actor=office, instruction=instruction, request=request)
    order = SupervisionOrder.objects.get(pk=instruction.order_id)
    assert instruction.order_label == order.number and order.unit.code == "FS-FGW"
    assert "红灯任务要逐项销号" in order.instruction
    with pytest.raises(Conflict):
        services.instruction_to_order(actor=office, instruction=instruction, request=request)
    with pytest.raises(PermissionDenied):
        services.instruction_to_order(actor=hq_user, instruction=brief.instructions.create(
            author=city_leader, text="再批", written_on=dt.date(2023, 7, 27)), request=request)
