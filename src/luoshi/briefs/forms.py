from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.briefs.models import BriefKind
from luoshi.briefs.sources import SOURCES


class GenerateForm(forms.Form):
    region_code = forms.ChoiceField(label=_("行政区划"))
    period = forms.CharField(label=_("报告期"), widget=forms.DateInput(attrs={"type": "month"}),
                             help_text=_("数据截至的月份，如 2023-06（上半年）"))
    kind = forms.ChoiceField(label=_("类型"), choices=BriefKind.choices, initial=BriefKind.REVIEW)
    title = forms.CharField(label=_("标题"), max_length=200, required=False,
                            help_text=_("留空按类型、区划和报告期自动拟定"))
    issuing_body = forms.CharField(label=_("发文机关"), max_length=100, required=False,
                                   help_text=_("留空为“某市全面振兴新突破行动指挥部办公室”"))

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region_code"].choices = [(r.code, r.name) for r in regions]


class HeaderForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    issuing_body = forms.CharField(label=_("发文机关"), max_length=100)
    copy_to = forms.CharField(label=_("抄送"), max_length=300, required=False)


class SectionForm(forms.Form):
    body = forms.CharField(label=_("正文"), widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=_("一行一段"))


class InstructionForm(forms.Form):
    text = forms.CharField(label=_("批示内容"), widget=forms.Textarea(attrs={"rows": 3}))
    section = forms.TypedChoiceField(label=_("针对"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", _("整份简报"))] + [
            (s.pk, s.heading) for s in sections]


class TemplateForm(forms.Form):
    code = forms.SlugField(label=_("代码"), max_length=40)
    heading = forms.CharField(label=_("标题"), max_length=100)
    source = forms.ChoiceField(label=_("数据来源"))
    kinds = forms.MultipleChoiceField(label=_("适用的简报类型"), choices=BriefKind.choices,
                                      required=False, widget=forms.CheckboxSelectMultiple,
                                      help_text=_("不选则适用于全部类型"))
    position = forms.IntegerField(label=_("顺序"), min_value=0, initial=0)
    is_active = forms.BooleanField(label=_("启用"), required=False, initial=True)
    text = forms.CharField(label=_("模板"), widget=forms.Textarea(attrs={"rows": 14, "class": "code"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [(s.name, s.label) for s in SOURCES.values()]


class OrderForm(forms.Form):
    unit_code = forms.CharField(label=_("督办单位编码"), max_length=32)
    deadline = forms.DateField(label=_("办理时限"), widget=forms.DateInput(attrs={"type": "date"}))
    requirements = forms.CharField(label=_("反馈要求"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}))
