"""Default section templates whose wording changed: a stored template still reading as an
earlier default (never edited by HQ) takes the current default; an edited one is left alone.
The earlier texts are frozen here."""

from django.db import migrations

PREVIOUS_DEFAULTS = {
    'attraction': [
        '{{ period }}，{{ region }}在谈招商项目{{ talks|count }}（其中新增{{ talks_new|count }}），签约项目{{ signed|count }}{% if signed_growth %}、同比{{ signed_growth|growth }}{% endif %}，落位项目{{ landed|count }}{% if landed_growth %}、同比{{ landed_growth|growth }}{% endif %}。',
    ],
    'delivery': [
        '{{ period }}，{{ region }}{{ plans|count }}在期行动方案的{{ nodes|count }}任务举措参与红黄绿灯评价，其中绿灯{{ green|count }}、黄灯{{ yellow|count }}、红灯{{ red|count }}。\n{% if red_by_unit %}\n\n亮红灯的任务涉及{% for u in red_by_unit %}{{ u.unit }}{{ u.count|count }}{% if not forloop.last %}、{% endif %}{% endfor %}，请相关单位对照问题加快推进，确保按时完成。{% endif %}{% if late.value %}\n\n本期有{{ late|count }}报告逾期报送。{% endif %}',
    ],
    'supervision': [
        '{% if issued.value %}{{ period }}，{{ region }}共交办督办事项{{ issued|count }}，已办结销号{{ closed|count }}{% if on_time_rate %}，到期事项按期办结率{{ on_time_rate|percent }}{% endif %}。{% endif %}{% if open.value %}截至月末，尚有{{ open|count }}在办{% if awaiting.value %}，其中{{ awaiting|count }}已报送办理结果待销号{% endif %}{% if overdue.value %}；{{ overdue|count }}超过办理时限仍未办结，涉及{% for u in overdue_by_unit %}{{ u.unit }}{{ u.count|count }}{% if not forloop.last %}、{% endif %}{% endfor %}{% endif %}。{% endif %}{% if warnings.value %}\n\n本月各类预警{{ warnings|count }}，已纳入督查督办台账跟踪推动。{% endif %}',
        '{% if issued.value %}{{ period }}，{{ region }}共交办督办事项{{ issued|count }}，已办结销号{{ closed|count }}{% if on_time_rate %}，到期事项按期办结率{{ on_time_rate|percent }}{% endif %}。{% endif %}{% if open.value %}截至月末，尚有{{ open|count }}在办{% if awaiting.value %}，其中{{ awaiting|count }}已报送办理结果待销号{% endif %}{% if overdue.value %}；{{ overdue|count }}超过办理时限仍未办结，涉及{% for u in overdue_by_unit|slice:":10" %}{{ u.unit }}{{ u.count|count }}{% if not forloop.last %}、{% endif %}{% endfor %}{% if overdue_units.value > 10 %}等{{ overdue_units|count }}单位{% endif %}{% endif %}。{% endif %}{% if warnings.value %}\n\n本月各类预警{{ warnings|count }}，已纳入督查督办台账跟踪推动。{% endif %}',
    ],
    'recognition': [
        '{% if commended %}{{ assessment }}中，{% for c in commended %}{{ c.unit }}{% if c.first %}位列{{ c.category }}第一（{{ c.total }}）{% else %}较上期前进{{ c.climb|count }}{% endif %}{% if not forloop.last %}，{% endif %}{% endfor %}，予以通报表扬。{% endif %}{% if criticised %}\n\n{% for u in criticised %}{{ u.unit }}{% if u.overdue %}有{{ u.overdue|count }}督办事项（{{ u.orders|join:"、" }}）逾期未办结{% endif %}{% if u.overdue and u.missing %}，{% endif %}{% if u.missing %}{{ u.missing|count }}任务未按期报送进展情况{% endif %}{% if not forloop.last %}；{% endif %}{% endfor %}，予以通报批评，请相关单位立即整改，按时报送整改情况。{% endif %}',
        '{% if commended %}{{ assessment }}中，{% for c in leaders %}{{ c.unit }}位列{{ c.category }}第一（{{ c.total }}）{% if not forloop.last %}，{% endif %}{% endfor %}{% if leaders and climbers %}；{% endif %}{% for c in climbers|slice:":10" %}{{ c.unit }}{% if climbers_count.value <= 10 %}（前进{{ c.climb|count }}）{% endif %}{% if not forloop.last %}、{% endif %}{% endfor %}{% if climbers_count.value > 10 %}等{{ climbers_count|count }}单位{% endif %}{% if climbers %}名次较上期明显前进{% endif %}，予以通报表扬。{% endif %}{% if criticised %}\n\n{% for u in criticised|slice:":10" %}{{ u.unit }}{% if u.overdue %}有{{ u.overdue|count }}督办事项（{{ u.orders|join:"、" }}）逾期未办结{% endif %}{% if u.overdue and u.missing %}，{% endif %}{% if u.missing %}{{ u.missing|count }}任务未按期报送进展情况{% endif %}{% if not forloop.last %}；{% endif %}{% endfor %}{% if criticised_units.value > 10 %}等{{ criticised_units|count }}单位存在上述问题{% endif %}，予以通报批评，请相关单位立即整改，按时报送整改情况。{% endif %}',
    ],
}


def update(apps, schema_editor):
    from luoshi.briefs.defaults import DEFAULT_TEMPLATES

    template = apps.get_model("briefs", "SectionTemplate")
    current = {spec["code"]: spec["text"] for spec in DEFAULT_TEMPLATES}
    for code, texts in PREVIOUS_DEFAULTS.items():
        template.objects.filter(code=code, text__in=texts).update(text=current[code])


class Migration(migrations.Migration):
    dependencies = [("briefs", "0004_supervision_and_recognition_templates")]
    operations = [migrations.RunPython(update, migrations.RunPython.noop)]
