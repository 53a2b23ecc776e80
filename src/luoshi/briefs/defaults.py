"""The section templates a new installation starts with; HQ staff edit them on the
templates page. Sources that are not installed are skipped when a brief is generated."""

DEFAULT_TEMPLATES = [
    {
        "code": "delivery", "heading": "全面振兴新突破三年行动推进情况", "source": "delivery",
        "position": 20, "kinds": [],
        "text": """{{ period }}，{{ region }}{{ plans|count }}在期行动方案的{{ nodes|count }}任务举措参与红黄绿灯评价，其中绿灯{{ green|count }}、黄灯{{ yellow|count }}、红灯{{ red|count }}。
{% if red_by_unit %}

亮红灯的任务涉及{% for u in red_by_unit %}{{ u.unit }}{{ u.count|count }}{% if not forloop.last %}、{% endif %}{% endfor %}，请相关单位对照问题加快推进，确保按时完成。{% endif %}{% if late.value %}

本期有{{ late|count }}报告逾期报送。{% endif %}""",
    },
]


def install_default_templates(model) -> None:
    """Add the default templates that are missing (by code); never overwrite edited ones."""
    for spec in DEFAULT_TEMPLATES:
        model.objects.get_or_create(code=spec["code"], defaults={
            k: v for k, v in spec.items() if k != "code"})
