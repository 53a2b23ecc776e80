from django import template

register = template.Library()


@register.filter
def get_rule_title(titles: dict, code: str) -> str:
    """The title of a warning rule (``titles`` from ``rule_titles()``), or its code."""
    return titles.get(code, code)


EVENT_LABELS = {"issue": "签发交办", "progress": "反馈进展", "result": "反馈办理结果",
                "close": "销号", "return": "退回重办"}


@register.filter
def order_event_label(action: str) -> str:
    return EVENT_LABELS.get(action, action)
