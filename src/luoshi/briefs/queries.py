"""Reads of briefs for pages and the API, limited to the reader's region."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from luoshi.briefs.models import Brief, BriefSection
from luoshi.core.errors import NotFound
from luoshi.core.models import Region
from luoshi.core.permissions import access_for

READ_PERMISSIONS = ("briefs.manage", "instructions.write", "cockpit.view")


def visible_briefs(user) -> QuerySet[Brief]:
    access = access_for(user)
    if not any(access.has(p) for p in READ_PERMISSIONS):
        access.require("briefs.manage")
    briefs = Brief.objects.select_related("region")
    if access.sees_all:
        return briefs
    if not access.region_prefix:
        return briefs.none()
    return briefs.filter(region__code__startswith=access.region_prefix)


def brief_list(user, *, kind: str = "", status: str = "") -> QuerySet[Brief]:
    briefs = visible_briefs(user).annotate(
        instruction_count=Count("instructions", distinct=True))
    if kind:
        briefs = briefs.filter(kind=kind)
    if status:
        briefs = briefs.filter(status=status)
    return briefs.order_by("-year", "-created_at", "-number")


def access_brief(user, brief_id) -> Brief:
    brief = visible_briefs(user).filter(pk=brief_id).first()
    if brief is None:
        raise NotFound("简报不存在或不在您的数据范围内")
    return brief


def access_section(user, brief_id, section_id) -> BriefSection:
    brief = access_brief(user, brief_id)
    section = brief.sections.filter(pk=section_id).first()
    if section is None:
        raise NotFound("段落不存在")
    section.brief = brief
    return section


def regions_for(user) -> list[Region]:
    """The regions the reader may write briefs for: its own and those below it."""
    access = access_for(user)
    regions = Region.objects.order_by("code")
    if access.sees_all:
        return list(regions.filter(Q(level="province") | Q(level="city")))
    if not access.region_prefix:
        return []
    return list(regions.filter(code__startswith=access.region_prefix))


def brief_detail(brief: Brief) -> dict:
    sections = list(brief.sections.all())
    instructions = list(brief.instructions.select_related("author", "section"))
    return {"brief": brief, "sections": sections, "instructions": instructions}


def linked_body(section: BriefSection, figure_url: str) -> SafeString:
    """The section's text as HTML paragraphs in which each recorded figure links to its
    provenance. Figures are found in the order they were written; one the editor removed
    from the text simply has no link."""
    body = section.body
    pieces, cursor = [], 0
    for index, figure in enumerate(section.figures):
        text = figure.get("text", "")
        found = body.find(text, cursor) if text else -1
        if found < 0:
            continue
        title = figure["label"] + (f"（精确值 {figure['exact']}）" if figure.get("exact") else "")
        pieces.append(escape(body[cursor:found]))
        pieces.append(f'<a class="figure" href="{figure_url}{index}/" title="{escape(title)}">'
                      f"{escape(text)}</a>")
        cursor = found + len(text)
    pieces.append(escape(body[cursor:]))
    html = "".join(pieces)
    return mark_safe("".join(f"<p>{line}</p>" for line in html.split("\n") if line))  # noqa: S308
