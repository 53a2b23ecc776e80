"""Money in 万元 written with its unit (亿元 from 1亿 up), never rounded."""

from decimal import Decimal

from django import template

from luoshi.core.money import format_money

register = template.Library()


@register.filter
def money(value, unit: str = "auto") -> str:
    if value is None or value == "":
        return "—"
    return format_money(Decimal(value), unit or "auto")
