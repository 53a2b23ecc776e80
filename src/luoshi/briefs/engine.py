"""Rendering section templates: Django's template language with the brief filters built in,
no file or database access, and errors that name the line."""

from __future__ import annotations

import re

from django.template import Context, Engine, TemplateDoesNotExist, TemplateSyntaxError

from luoshi.briefs.figures import collecting
from luoshi.core.errors import InvalidInput

_ENGINE = Engine(
    debug=True,  # keeps the line of a syntax error
    autoescape=False,  # the output is plain text; pages escape it when they show it
    libraries={},
    builtins=["luoshi.briefs.templatetags.brief_figures"],
    string_if_invalid="〔未知变量%s〕",
)
_BLANK_LINES = re.compile(r"\n\s*\n\s*")


def check(text: str) -> None:
    """Raise InvalidInput naming the line of the first error in ``text``."""
    _compile(text)


def _compile(text: str):
    try:
        return _ENGINE.from_string(text)
    except TemplateSyntaxError as exc:
        debug = getattr(exc, "template_debug", None) or {}
        line = debug.get("line")
        where = f"第{line}行：" if line else ""
        raise InvalidInput(f"模板{where}{exc}", field="text") from None


def render(text: str, context: dict) -> tuple[str, list[dict]]:
    """The section's text and the figures written in it."""
    template = _compile(text)
    with collecting() as used:
        try:
            output = template.render(Context(context))
        except (TemplateDoesNotExist, TemplateSyntaxError) as exc:
            raise InvalidInput(f"模板无法使用：{exc}", field="text") from None
    return tidy(output), list(used)


def tidy(text: str) -> str:
    """One paragraph per line: a blank line in the template ends a paragraph; the line breaks
    and indentation inside a paragraph go (Chinese text has no spaces between lines)."""
    paragraphs = (("".join(line.strip() for line in block.splitlines()))
                  for block in _BLANK_LINES.split(text.strip()))
    return "\n".join(p for p in paragraphs if p)
