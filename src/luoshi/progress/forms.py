from django import forms
from django.utils.translation import gettext_lazy as _


class ReportForm(forms.Form):
    progress = forms.CharField(label=_("进展情况"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    problems = forms.CharField(label=_("存在问题"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    next_steps = forms.CharField(label=_("下步计划"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = list(targets)
        for target in self.targets:
            self.fields[f"target_{target.pk}"] = forms.DecimalField(
                label=f"{target.metric}（{target.unit}）", required=False, max_digits=20,
                decimal_places=4,
                help_text=_("年内累计完成值") if target.accumulation == "cumulative" else _("当前达到的水平"))

    def target_values(self) -> dict:
        return {t.pk: self.cleaned_data.get(f"target_{t.pk}") for t in self.targets}


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("退回原因"), widget=forms.Textarea(attrs={"rows": 2}))


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("佐证材料"), help_text=_("PDF、图片、Word、Excel 或 OFD，单个不超过 20 MB"))
