"""Filters of brief section templates. Each writes a figure the way officials do and records
it for the brief's provenance (see luoshi.briefs.figures). Plain numbers work too."""

from decimal import Decimal

from django import template

from luoshi.briefs import prose
from luoshi.briefs.figures import Figure, natural, write

register = template.Library()


def _apply(value, how):
    if isinstance(value, Figure):
        return str(write(value, how(value.value)))
    if value in (None, ""):
        return ""
    return str(how(value if isinstance(value, Decimal) else Decimal(str(value))))


@register.filter
def money(value):
    """万元 → 81.8亿元 / 3560万元"""
    return _apply(value, prose.money)


@register.filter
def percent(value):
    """22.3 → 22.3%"""
    return _apply(value, prose.percent)


@register.filter
def growth(value):
    """22.3 → 增长22.3%；-3.1 → 下降3.1%"""
    return _apply(value, prose.growth)


@register.filter
def points(value):
    """1.2 → 提高1.2个百分点"""
    return _apply(value, prose.points)


@register.filter
def rank(value, scope="全省"):
    """3 → 全省第三位"""
    return _apply(value, lambda n: prose.rank(int(n), scope))


@register.filter
def count(value, measure=""):
    """20 → 20个 (the figure's own measure word unless given)"""
    if isinstance(value, Figure):
        return str(write(value, prose.count(value.value, measure or value.unit)))
    return _apply(value, lambda n: prose.count(n, measure or "个"))


@register.filter
def figure(value):
    """The figure written by its unit."""
    return str(write(value, natural(value))) if isinstance(value, Figure) else value
