from decimal import Decimal

from django import template

from luoshi.assessment.exports import movement_text

register = template.Library()


@register.filter
def movement(value: int | None) -> str:
    return movement_text(value)


@register.filter
def signed(value: Decimal | None) -> str:
    return "" if value is None else f"{value:+}"


@register.filter
def metric_label(key: str) -> str:
    from luoshi.assessment.metrics import get_metric

    metric = get_metric(key)
    return metric.label if metric else "手工录入"
