"""Labels of a lead's choices for long lists: ``get_FOO_display`` rebuilds its lookup on
every call (a few hundred per list page), these keep one dict per language."""

from django import template
from django.utils import translation

from luoshi.attraction.models import Origin, Stage
from luoshi.core.industries import Industry

register = template.Library()
_LABELS: dict[tuple[type, str], dict[str, str]] = {}


def _label(choices, value) -> str:
    key = (choices, translation.get_language() or "")
    labels = _LABELS.get(key)
    if labels is None:
        labels = _LABELS[key] = {v: str(label) for v, label in choices.choices}
    return labels.get(value, value)


@register.filter
def origin_label(value) -> str:
    return _label(Origin, value)


@register.filter
def stage_label(value) -> str:
    return _label(Stage, value)


@register.filter
def industry_label(value) -> str:
    return _label(Industry, value)
