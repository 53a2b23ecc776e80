"""/api/v1/briefs: generate, read, edit and issue briefs; leaders' instructions."""

import datetime as dt

from ninja import Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from luoshi.briefs import queries, services

router = Router(tags=["简报"])


class FigureOut(Schema):
    key: str
    label: str
    text: str
    value: str
    unit: str
    exact: str | None = None
    sources: list[dict]


class SectionOut(Schema):
    id: int
    code: str
    heading: str
    body: str
    figures: list[FigureOut]


class InstructionOut(Schema):
    id: int
    section_id: int | None
    author: str
    text: str
    written_on: dt.date

    @staticmethod
    def resolve_author(obj) -> str:
        return str(obj.author)


class BriefOut(Schema):
    id: int
    kind: str
    region_code: str
    period: str
    title: str
    issuing_body: str
    year: int
    number: int
    status: str
    issued_on: dt.date | None

    @staticmethod
    def resolve_region_code(obj) -> str:
        return obj.region_id


class BriefDetailOut(BriefOut):
    sections: list[SectionOut]
    instructions: list[InstructionOut]

    @staticmethod
    def resolve_sections(obj):
        return list(obj.sections.all())

    @staticmethod
    def resolve_instructions(obj):
        return list(obj.instructions.select_related("author"))


class GenerateIn(Schema):
    region_code: str
    period: str
    kind: str = "review"
    title: str = ""
    issuing_body: str = ""


class SectionIn(Schema):
    body: str


class InstructionIn(Schema):
    text: str
    section_id: int | None = None


@router.get("/briefs", response=list[BriefOut], summary="简报列表")
@paginate(PageNumberPagination)
def list_briefs(request, kind: str = "", status: str = ""):
    return queries.brief_list(request.user, kind=kind, status=status)


@router.post("/briefs", response={201: BriefDetailOut}, summary="生成简报草稿")
def generate(request, payload: GenerateIn):
    brief = services.generate_brief(actor=request.user,
                                    request=services.BriefRequest(**payload.dict()))
    return Status(201, brief)


@router.get("/briefs/{brief_id}", response=BriefDetailOut, summary="简报（含段落、数字来源和批示）")
def get_brief(request, brief_id: int):
    return queries.access_brief(request.user, brief_id)


@router.put("/briefs/{brief_id}/sections/{section_id}", response=SectionOut, summary="修改段落文字")
def edit_section(request, brief_id: int, section_id: int, payload: SectionIn):
    section = queries.access_section(request.user, brief_id, section_id)
    return services.update_section(actor=request.user, section=section, body=payload.body)


@router.post("/briefs/{brief_id}/issue", response=BriefOut, summary="签发")
def issue(request, brief_id: int):
    brief = queries.access_brief(request.user, brief_id)
    return services.issue_brief(actor=request.user, brief=brief)


@router.post("/briefs/{brief_id}/instructions", response={201: InstructionOut}, summary="作出批示")
def instruct(request, brief_id: int, payload: InstructionIn):
    brief = queries.access_brief(request.user, brief_id)
    section = None
    if payload.section_id is not None:
        section = queries.access_section(request.user, brief_id, payload.section_id)
    return Status(201, services.write_instruction(actor=request.user, brief=brief,
                                                  section=section, text=payload.text))
