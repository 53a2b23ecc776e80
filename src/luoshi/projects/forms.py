from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.projects.models import Stage

DATE = {"type": "date"}


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("新阶段"), choices=Stage.choices)
    on = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs=DATE))
    reason = forms.CharField(label=_("原因"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("退回到前面的阶段时必须填写"))


class InvestmentForm(forms.Form):
    period = forms.CharField(label=_("月份"), max_length=20, help_text=_("如 2023-06 或 2023年6月"))
    completed = forms.DecimalField(label=_("当月完成投资（万元）"), required=False, max_digits=20,
                                   decimal_places=4)
    cumulative = forms.DecimalField(label=_("年内累计完成投资（万元）"), required=False, max_digits=20,
                                    decimal_places=4, help_text=_("两项填一项即可，另一项自动推算"))
    note = forms.CharField(label=_("说明"), required=False, max_length=255,
                           help_text=_("累计值低于上月时必须说明原因"))


class BlockerForm(forms.Form):
    title = forms.CharField(label=_("问题"), max_length=200)
    description = forms.CharField(label=_("具体情况"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    unit = forms.ChoiceField(label=_("责任单位"))
    found_on = forms.DateField(label=_("发现日期"), widget=forms.DateInput(attrs=DATE))
    deadline = forms.DateField(label=_("解决时限"), widget=forms.DateInput(attrs=DATE))

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "—"), *((u.code, u.name) for u in units)]


class ResolveForm(forms.Form):
    resolution = forms.CharField(label=_("解决情况"), widget=forms.Textarea(attrs={"rows": 2}))
    resolved_on = forms.DateField(label=_("解决日期"), required=False, widget=forms.DateInput(attrs=DATE))


class VisitForm(forms.Form):
    official = forms.TypedChoiceField(label=_("包保领导"), coerce=int)
    visited_on = forms.DateField(label=_("走访日期"), widget=forms.DateInput(attrs=DATE))
    notes = forms.CharField(label=_("走访情况"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, helpers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["official"].choices = [(h.official_id, str(h.official)) for h in helpers]


class HelperForm(forms.Form):
    official = forms.TypedChoiceField(label=_("包保领导"), coerce=int)

    def __init__(self, *args, officials=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["official"].choices = [(o.pk, f"{o.name}（{o.unit.short_name or o.unit.name}·{o.post}）")
                                           for o in officials]
