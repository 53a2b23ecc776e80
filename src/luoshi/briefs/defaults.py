"""The section templates a new installation starts with; HQ staff edit them on the
templates page. Sources that are not installed are skipped when a brief is generated."""

DEFAULT_TEMPLATES = [
    {
        "code": "indicators", "heading": "主要经济指标", "source": "indicators",
        "position": 10, "kinds": [],
        "text": """{{ period }}，{{ region }}{% for i in indicators %}{{ i.name }}{% if i.growth %}{{ i.growth|growth }}{% elif i.amount %}{{ i.amount }}{% endif %}{% if i.rank %}（{{ i.rank|rank:i.scope }}）{% endif %}{% if not forloop.last %}，{% endif %}{% endfor %}。
{% for i in indicators %}{% if i.streak and i.growth %}

{{ i.name }}{% if i.amount %}完成{{ i.amount }}，{% endif %}增速排名保持{{ i.streak }}。{% endif %}{% endfor %}""",
    },
    {
        "code": "projects", "heading": "重大项目建设", "source": "projects",
        "position": 20, "kinds": [],
        "text": """{% if investment %}{{ period }}，{{ region }}重大项目完成投资{{ investment }}{% if investment_growth %}，同比{{ investment_growth|growth }}{% endif %}。{% endif %}{% if province_list_count %}

全市{{ province_list_count|count }}项目列入{{ province_list }}清单（全省共{{ province_list_size|count }}），项目数居{{ province_list_rank|rank }}{% if ahead %}，仅次于{% for c in ahead %}{% if not forloop.first %}{% if forloop.last %}和{% else %}、{% endif %}{% endif %}{{ c }}{% endfor %}{% endif %}。{% endif %}{% if started %}

年初以来新开工项目{{ started|count }}{% if biggest_started %}，{% for p in biggest_started %}{{ p.name }}（总投资{{ p.total|money }}）{% if not forloop.last %}、{% endif %}{% endfor %}等项目相继开工{% endif %}。{% endif %}""",
    },
    {
        "code": "attraction", "heading": "招商引资", "source": "attraction",
        "position": 30, "kinds": [],
        "text": """{{ period }}，{{ region }}在谈招商项目{{ talks|count }}（其中新增{{ talks_new|count }}），签约项目{{ signed|count }}{% if signed_growth %}、同比{{ signed_growth|growth }}{% endif %}，落位项目{{ landed|count }}{% if landed_growth %}、同比{{ landed_growth|growth }}{% endif %}。{% if funds.value %}域外引资到位额{{ funds|money }}{% if funds_growth %}，同比{{ funds_growth|growth }}{% endif %}。{% endif %}""",
    },
    {
        "code": "delivery", "heading": "全面振兴新突破三年行动推进情况", "source": "delivery",
        "position": 40, "kinds": [],
        "text": """{{ period }}，{{ region }}{{ plans|count }}在期行动方案的{{ nodes|count }}任务举措参与红黄绿灯评价，其中绿灯{{ green|count }}、黄灯{{ yellow|count }}、红灯{{ red|count }}。
{% if red_by_unit %}

亮红灯的任务涉及{% for u in red_by_unit|slice:":10" %}{{ u.unit }}{{ u.count|count }}{% if not forloop.last %}、{% endif %}{% endfor %}{% if red_units.value > 10 %}等{{ red_units|count }}单位{% endif %}，请相关单位对照问题加快推进，确保按时完成。{% endif %}{% if late.value %}

本期有{{ late|count }}报告逾期报送。{% endif %}""",
    },
    {
        "code": "supervision", "heading": "督查督办", "source": "supervision",
        "position": 50, "kinds": [],
        "text": """{% if issued.value %}{{ period }}，{{ region }}共交办督办事项{{ issued|count }}，已办结销号{{ closed|count }}{% if on_time_rate %}，到期事项按期办结率{{ on_time_rate|percent }}{% endif %}。{% elif on_time_rate %}{{ period }}到期的督办事项{{ due|count }}，按期办结率{{ on_time_rate|percent }}。{% endif %}{% if open.value %}截至月末，尚有{{ open|count }}在办{% if awaiting.value %}，其中{{ awaiting|count }}已报送办理结果待销号{% endif %}{% if overdue.value %}；{{ overdue|count }}超过办理时限仍未办结，涉及{% for u in overdue_by_unit|slice:":10" %}{{ u.unit }}{{ u.count|count }}{% if not forloop.last %}、{% endif %}{% endfor %}{% if overdue_units.value > 10 %}等{{ overdue_units|count }}单位{% endif %}{% endif %}。{% endif %}{% if warnings.value %}

本月平台产生各类预警{{ warnings|count }}，已提示相关责任单位。{% endif %}""",
    },
    {
        "code": "recognition", "heading": "表扬和通报批评", "source": "recognition",
        "position": 60, "kinds": ["notice", "review"],
        "text": """{% if commended %}{{ assessment }}中，{% for c in leaders|slice:":10" %}{{ c.unit }}位列{{ c.category }}第一（{{ c.total }}）{% if not forloop.last %}，{% endif %}{% endfor %}{% if leaders_count.value > 10 %}等{{ leaders_count|count }}单位位列各类别第一{% endif %}{% if leaders and climbers %}；{% endif %}{% for c in climbers|slice:":10" %}{{ c.unit }}{% if climbers_count.value <= 10 %}（前进{{ c.climb|count }}）{% endif %}{% if not forloop.last %}、{% endif %}{% endfor %}{% if climbers_count.value > 10 %}等{{ climbers_count|count }}单位{% endif %}{% if climbers %}名次较上期明显前进{% endif %}，予以通报表扬。{% endif %}{% if criticised %}

{% for u in criticised|slice:":10" %}{{ u.unit }}{% if u.overdue %}有{{ u.overdue|count }}督办事项（{{ u.orders|join:"、" }}）逾期未办结{% endif %}{% if u.overdue and u.missing %}，{% endif %}{% if u.missing %}{{ u.missing|count }}任务未按期报送进展情况{% endif %}{% if not forloop.last %}；{% endif %}{% endfor %}{% if criticised_units.value > 10 %}等{{ criticised_units|count }}单位存在上述问题{% endif %}，予以通报批评，请相关单位立即整改，按时报送整改情况。{% endif %}""",
    },
]


def install_default_templates(model) -> None:
    """Add the default templates that are missing (by code); never overwrite edited ones."""
    for spec in DEFAULT_TEMPLATES:
        model.objects.get_or_create(code=spec["code"], defaults={
            k: v for k, v in spec.items() if k != "code"})
