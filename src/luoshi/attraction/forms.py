from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from luoshi.attraction.models import Origin, Stage
from luoshi.core.industries import Industry

DATE = {"type": "date"}
ISO = "%Y-%m-%d"  # what a date input reads and writes, whatever the language


class LeadForm(forms.Form):
    title = forms.CharField(label=_("项目名称"), max_length=200)
    investor = forms.CharField(label=_("投资方"), max_length=200)
    investor_uscc = forms.CharField(label=_("投资方统一社会信用代码"), max_length=40, required=False,
                                    help_text=_("18位，境外投资方可不填"))
    origin = forms.ChoiceField(label=_("投资方来源"), choices=Origin.choices,
                               help_text=_("省外、境外为域外资金，按月登记到位额"))
    investor_place = forms.CharField(label=_("投资方所在地"), max_length=64, required=False,
                                     help_text=_("如 江苏省南京市、香港"))
    industry = forms.ChoiceField(label=_("行业门类（GB/T 4754）"),
                                 choices=[(v, f"{v} {label}") for v, label in Industry.choices])
    intended_investment = forms.DecimalField(label=_("意向投资额（万元）"), max_digits=16,
                                             decimal_places=4, min_value=0)
    region_code = forms.ChoiceField(label=_("落地区划"), choices=())
    unit_code = forms.ChoiceField(label=_("跟进单位"), choices=())
    negotiating_on = forms.DateField(label=_("洽谈日期"), widget=forms.DateInput(attrs=DATE, format=ISO))
    note = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, regions=(), units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region_code"].choices = list(regions)
        self.fields["unit_code"].choices = [(u.code, u.name) for u in units]
        self.fields["negotiating_on"].initial = timezone.localdate()


class MoveForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("转入阶段"), choices=Stage.choices)
    on = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs=DATE, format=ISO))
    reason = forms.CharField(label=_("原因"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("退回、终止或恢复线索时必填"))

    def __init__(self, *args, current: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].choices = [(v, label) for v, label in Stage.choices if v != current]
        self.fields["on"].initial = timezone.localdate()


class FundsForm(forms.Form):
    month = forms.CharField(label=_("月份"), max_length=16, help_text=_("如 2023-06 或 2023年6月"))
    amount = forms.DecimalField(label=_("到位额（万元）"), max_digits=16, decimal_places=4,
                                required=False, help_text=_("留空则删除该月的记录"))
