"""Briefs: generate one for a region and month from the section templates, edit its text,
issue it, and record leaders' instructions (批示) on it. Every change is audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from luoshi.briefs import engine
from luoshi.briefs.models import (
    Brief,
    BriefKind,
    BriefSection,
    BriefStatus,
    Instruction,
    SectionTemplate,
)
from luoshi.briefs.prose import period_phrase, year_to_date
from luoshi.briefs.sources import SOURCES, source_context
from luoshi.core.audit import record, record_saved, snapshot
from luoshi.core.errors import Conflict, InvalidInput, ParseError, PermissionDenied
from luoshi.core.models import Region
from luoshi.core.periods import Period, PeriodKind
from luoshi.core.permissions import access_for

BRIEF_FIELDS = ["kind", "region", "period", "title", "issuing_body", "year", "number",
                "issued_on", "copy_to", "status"]


def require_region(actor, region: Region, permission: str) -> None:
    """The actor holds ``permission`` and ``region`` is within its data scope."""
    access = access_for(actor)
    access.require(permission)
    if access.sees_all or (access.region_prefix and region.code.startswith(access.region_prefix)):
        return
    raise PermissionDenied(f"“{region.name}”不在您的数据范围内")


def parse_region(code: str) -> Region:
    region = Region.objects.filter(pk=(code or "").strip()).first()
    if region is None:
        raise InvalidInput(f"行政区划代码“{code}”不存在，应为6位代码，如 210400", field="region")
    return region


def parse_period(text: str) -> Period:
    try:
        period = Period.parse(text or "")
    except ParseError:
        period = None
    if period is None or period.kind is not PeriodKind.MONTH:
        raise InvalidInput(f"报告期“{text}”无效，应为月份，如 2023-06", field="period")
    return period


@dataclass
class BriefRequest:
    region_code: str
    period: str
    kind: str = BriefKind.REVIEW
    title: str = ""
    issuing_body: str = ""


def default_title(kind: str, region: Region, month: Period) -> str:
    phrase = period_phrase(year_to_date(month.code))
    return {
        BriefKind.REVIEW: f"{region.name}{month.year}年{phrase}经济运行和全面振兴新突破工作综述",
        BriefKind.NOTICE: f"关于{region.name}{month.year}年{phrase}重点工作推进情况的通报",
    }.get(kind, f"{region.name}全面振兴新突破工作简报")


def default_issuing_body(region: Region) -> str:
    return f"{region.name}全面振兴新突破行动指挥部办公室"


@transaction.atomic
def generate_brief(*, actor, request: BriefRequest) -> Brief:
    """A draft brief: each active section template of the kind, rendered with its source's
    figures for the region and month. Sections whose source has no data, or whose template
    writes nothing from it, are left out."""
    if request.kind not in BriefKind.values:
        raise InvalidInput(f"简报类型“{request.kind}”无效，应为 简报、通报 或 综述", field="kind")
    region = parse_region(request.region_code)
    month = parse_period(request.period)
    require_region(actor, region, "briefs.manage")
    issuing_body = request.issuing_body.strip() or default_issuing_body(region)
    brief = Brief.objects.create(
        kind=request.kind, region=region, period=month.code,
        title=request.title.strip() or default_title(request.kind, region, month),
        issuing_body=issuing_body, year=month.year,
        number=_next_number(issuing_body, request.kind, month.year),
        created_by=actor if getattr(actor, "pk", None) else None)
    position = 0
    for template in SectionTemplate.objects.filter(is_active=True):
        if not template.applies_to(request.kind) or template.source not in SOURCES:
            continue
        context = source_context(template.source, region, month)
        if context is None:
            continue
        body, figures = engine.render(template.text, context)
        if not body:  # the template found nothing worth a sentence in the data
            continue
        position += 1
        BriefSection.objects.create(brief=brief, position=position, code=template.code,
                                    heading=template.heading, body=body, figures=figures)
    record(actor=actor, action="create", obj=brief, after=snapshot(brief, BRIEF_FIELDS))
    return brief


def _next_number(issuing_body: str, kind: str, year: int) -> int:
    # Numbers run per issuing body, kind and year; the unique constraint settles a race.
    latest = (Brief.objects.select_for_update()
              .filter(issuing_body=issuing_body, kind=kind, year=year)
              .aggregate(n=Max("number"))["n"])
    return (latest or 0) + 1


def _require_draft(brief: Brief) -> None:
    if brief.status != BriefStatus.DRAFT:
        raise Conflict("简报已签发，不能再修改", code="brief_issued")


@transaction.atomic
def update_section(*, actor, section: BriefSection, body: str) -> BriefSection:
    require_region(actor, section.brief.region, "briefs.manage")
    _require_draft(section.brief)
    text = engine.tidy(body or "")
    if not text:
        raise InvalidInput("正文不能为空", field="body")
    before = snapshot(section, ["body"])
    section.body, section.edited = text, True
    section.save(update_fields=["body", "edited"])
    record_saved(actor=actor, obj=section, before=before, fields=["body"])
    return section


@dataclass
class BriefHeader:
    title: str
    issuing_body: str
    copy_to: str = ""


@transaction.atomic
def update_header(*, actor, brief: Brief, header: BriefHeader) -> Brief:
    require_region(actor, brief.region, "briefs.manage")
    _require_draft(brief)
    if not header.title.strip():
        raise InvalidInput("标题不能为空", field="title")
    if not header.issuing_body.strip():
        raise InvalidInput("发文机关不能为空", field="issuing_body")
    before = snapshot(brief, BRIEF_FIELDS)
    brief.title, brief.copy_to = header.title.strip(), header.copy_to.strip()
    if header.issuing_body.strip() != brief.issuing_body:
        brief.issuing_body = header.issuing_body.strip()
        brief.number = _next_number(brief.issuing_body, brief.kind, brief.year)
    brief.save()
    record_saved(actor=actor, obj=brief, before=before, fields=BRIEF_FIELDS)
    return brief


@transaction.atomic
def issue_brief(*, actor, brief: Brief, issued_on: dt.date | None = None) -> Brief:
    """Issue the draft: from now on its text and figures (with their sources) stay as they are."""
    require_region(actor, brief.region, "briefs.manage")
    _require_draft(brief)
    if not brief.sections.exists():
        raise Conflict("简报没有任何段落，不能签发", code="brief_empty")
    before = snapshot(brief, BRIEF_FIELDS)
    brief.status = BriefStatus.ISSUED
    brief.issued_on = issued_on or timezone.localdate()
    brief.issued_by = actor if getattr(actor, "pk", None) else None
    brief.save()
    record_saved(actor=actor, obj=brief, before=before, fields=BRIEF_FIELDS)
    return brief


@transaction.atomic
def write_instruction(*, actor, brief: Brief, text: str, section: BriefSection | None = None,
                      written_on: dt.date | None = None) -> Instruction:
    """A leader's 批示 on an issued brief or one of its sections."""
    require_region(actor, brief.region, "instructions.write")
    if brief.status != BriefStatus.ISSUED:
        raise Conflict("只能对已签发的简报作出批示", code="brief_not_issued")
    if section is not None and section.brief_id != brief.pk:
        raise InvalidInput("批示的段落不属于这份简报", field="section")
    if not (text or "").strip():
        raise InvalidInput("批示内容不能为空", field="text")
    instruction = Instruction.objects.create(
        brief=brief, section=section, author=actor, text=text.strip(),
        written_on=written_on or timezone.localdate())
    record(actor=actor, action="create", obj=instruction,
           after=snapshot(instruction, ["brief", "section", "text", "written_on"]))
    return instruction


@dataclass
class TemplateData:
    code: str
    heading: str
    source: str
    text: str
    kinds: list
    position: int = 0
    is_active: bool = True


@transaction.atomic
def save_template(*, actor, data: TemplateData, template: SectionTemplate | None = None,
                  ) -> SectionTemplate:
    """Create or change a section template; a template that does not compile is refused with
    the line of its error."""
    access_for(actor).require("briefs.manage")
    if data.source not in SOURCES:
        raise InvalidInput(f"数据来源“{data.source}”不存在，可选：{'、'.join(SOURCES)}",
                           field="source")
    unknown = [k for k in data.kinds if k not in BriefKind.values]
    if unknown:
        raise InvalidInput(f"简报类型“{unknown[0]}”无效", field="kinds")
    if not data.heading.strip():
        raise InvalidInput("标题不能为空", field="heading")
    engine.check(data.text)
    if template is None and SectionTemplate.objects.filter(code=data.code).exists():
        raise InvalidInput(f"代码“{data.code}”已被使用", field="code")
    fields = ["code", "heading", "source", "text", "kinds", "position", "is_active"]
    before = snapshot(template, fields) if template is not None else None
    template = template or SectionTemplate()
    for name in fields:
        setattr(template, name, getattr(data, name))
    template.save()
    record_saved(actor=actor, obj=template, before=before, fields=fields)
    return template


@dataclass
class OrderRequest:
    unit_code: str
    deadline: dt.date
    requirements: str


@transaction.atomic
def instruction_to_order(*, actor, instruction: Instruction, request: OrderRequest) -> Instruction:
    """The supervision office turns a leader's 批示 into a 督办单 addressed to a unit; the
    instruction keeps the order's number."""
    from luoshi.orgs.models import Unit
    from luoshi.supervision.services import order_from_instruction

    if instruction.order_id:
        raise Conflict(f"这条批示已转为督办单 {instruction.order_label}", code="already_ordered")
    unit = Unit.objects.filter(code=(request.unit_code or "").strip()).first()
    if unit is None:
        raise InvalidInput(f"单位编码“{request.unit_code}”不存在", field="unit_code")
    brief = instruction.brief
    about = f"“{instruction.section.heading}”部分" if instruction.section_id else "全文"
    order = order_from_instruction(
        actor=actor, unit=unit, instruction=instruction.text,
        leader=str(instruction.author), deadline=request.deadline,
        requirements=request.requirements.strip() or "按期报送落实情况",
        title=f"落实领导对《{brief.title}》{about}的批示")
    before = snapshot(instruction, ["order_id", "order_label"])
    instruction.order_id, instruction.order_label = order.pk, order.number
    instruction.save(update_fields=["order_id", "order_label"])
    record_saved(actor=actor, obj=instruction, before=before, fields=["order_id", "order_label"])
    return instruction
