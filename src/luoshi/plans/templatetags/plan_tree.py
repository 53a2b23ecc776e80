"""The rows of the plan tree, written in Python: a plan has ~800 nodes and the template
engine spends ~0.15 ms a row on includes and url tags, which is most of the page's time."""

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

_ROW = ('<tr class="depth-{depth}{context}" data-light="{light}"><td><span class="light light-{light}">'
        '</span></td><td class="title" style="padding-left:{indent}em"><a href="{url}{pk}/?period={period}">'
        '{number}{title}</a>{reasons}</td><td>{lead}</td><td>{co}</td><td>{official}</td></tr>')


def _reasons(row) -> str:
    if row.light in ("green", "none") or not row.reasons:
        return ""
    items = "".join(f"<li>{escape(r.get('text', ''))}</li>" for r in row.reasons[:3])
    return f'<ul class="reasons">{items}</ul>'


@register.simple_tag
def tree_rows(rows, period: str):
    url = reverse("node_detail", args=[0])[: -len("0/")]
    out = []
    for row in rows:
        node = row.node
        out.append(_ROW.format(
            depth=row.depth, context="" if row.matches else " context", light=escape(row.light),
            indent=row.depth + 1, url=url, pk=node.pk, period=escape(period),
            number=escape(node.number), title=escape(node.title), reasons=_reasons(row),
            lead=escape(node.lead), co=escape("、".join(row.co_units)),
            official=escape(node.lead_official_name)))
    return mark_safe("".join(out))  # noqa: S308 — every value above is escaped
