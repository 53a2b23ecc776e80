from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.plans.models import NodeKind


class PlanForm(forms.Form):
    title = forms.CharField(label=_("方案名称"), max_length=200)
    short_title = forms.CharField(label=_("简称"), max_length=64, required=False)
    region_code = forms.RegexField(label=_("区划代码"), regex=r"^\d{6}$", max_length=6)
    issuing_body = forms.CharField(label=_("印发机关"), max_length=128, required=False)
    document_number = forms.CharField(label=_("文号"), max_length=64, required=False)
    issued_on = forms.DateField(label=_("印发日期"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    start_date = forms.DateField(label=_("起始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("截止日期"), widget=forms.DateInput(attrs={"type": "date"}))
    report_deadline_day = forms.IntegerField(label=_("报告截止日"), min_value=1, max_value=28,
                                             help_text=_("每月报告在次月这一天截止，遇节假日顺延"))
    green_ratio = forms.DecimalField(label=_("绿灯阈值"), max_digits=4, decimal_places=2,
                                     help_text=_("进度比不低于它为绿灯"))
    red_ratio = forms.DecimalField(label=_("红灯阈值"), max_digits=4, decimal_places=2,
                                   help_text=_("进度比低于它为红灯"))
    missing_red_periods = forms.IntegerField(label=_("连续缺报几期亮红灯"), min_value=1)
    rollup_red_share = forms.DecimalField(label=_("下级红灯占比达到时上级亮红灯"), max_digits=4,
                                          decimal_places=2)


class NodeForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=NodeKind.choices)
    number = forms.CharField(label=_("编号"), max_length=16, required=False,
                             help_text=_("留空按层级自动编号：一、（一）1.（1）"))
    title = forms.CharField(label=_("标题"), max_length=255)
    text = forms.CharField(label=_("内容"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    lead_unit_code = forms.CharField(label=_("牵头单位编码"), max_length=32, required=False)
    co_unit_codes = forms.CharField(label=_("配合单位编码"), required=False,
                                    help_text=_("多个用顿号或逗号分隔"))
