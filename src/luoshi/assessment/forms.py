from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.assessment.metrics import metric_choices
from luoshi.assessment.models import MANUAL


class SchemeForm(forms.Form):
    title = forms.CharField(label=_("方案名称"), max_length=200)
    region_code = forms.RegexField(label=_("区划代码"), regex=r"^\d{6}$", max_length=6,
                                   help_text=_("如 抚顺市 210400"))
    year = forms.IntegerField(label=_("考核年度"), min_value=2000, max_value=2100)
    issuing_body = forms.CharField(label=_("印发机关"), max_length=128, required=False)


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("类别名称"), max_length=64, help_text=_("如 县区政府、市直部门"))


class ComputeForm(forms.Form):
    period = forms.ChoiceField(label=_("考核期"))

    def __init__(self, *args, periods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = periods


def source_choices():
    return [(MANUAL, _("手工录入")), *metric_choices()]


class CriterionForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("指标名称"), max_length=64, required=False)
    metric = forms.ChoiceField(label=_("数据来源"), choices=source_choices)
    weight = forms.DecimalField(label=_("权重（分）"), max_digits=5, decimal_places=2, required=False,
                                min_value=Decimal("0.01"), max_value=Decimal(100))
    full_at = forms.DecimalField(label=_("满分值"), max_digits=12, decimal_places=2,
                                 initial=Decimal(100))
    zero_at = forms.DecimalField(label=_("零分值"), max_digits=12, decimal_places=2,
                                 initial=Decimal(0))


CriterionFormSet = forms.formset_factory(CriterionForm, extra=2)


class AdjustForm(forms.Form):
    criterion = forms.TypedChoiceField(label=_("考核指标"), coerce=int)
    points = forms.DecimalField(label=_("调整分值"), max_digits=6, decimal_places=2,
                                help_text=_("加分填正数，减分填负数，如 -2"))
    reason = forms.CharField(label=_("调整理由"), max_length=255,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].choices = [(c.pk, f"{c.name}（{c.weight.normalize():f}分）")
                                            for c in criteria]


class ValueForm(forms.Form):
    criterion = forms.TypedChoiceField(label=_("考核指标"), coerce=int)
    value = forms.DecimalField(label=_("得分值（0–100）"), max_digits=12, decimal_places=2,
                               required=False, help_text=_("留空即清除"))
    note = forms.CharField(label=_("说明"), max_length=255, required=False)

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].choices = [(c.pk, c.name) for c in criteria if c.is_manual]
