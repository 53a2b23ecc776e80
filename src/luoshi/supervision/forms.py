from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.supervision.models import ResponseKind


class OrderForm(forms.Form):
    title = forms.CharField(label=_("督办事项"), max_length=200)
    unit = forms.TypedChoiceField(label=_("承办单位"), coerce=int)
    deadline = forms.DateField(label=_("办理时限"), widget=forms.DateInput(attrs={"type": "date"}))
    content = forms.CharField(label=_("督办内容"), widget=forms.Textarea(attrs={"rows": 6}))
    requirements = forms.CharField(label=_("反馈要求"), widget=forms.Textarea(attrs={"rows": 3}),
                                   initial=_("请于办理时限前报送办理结果及佐证材料；未能按期办结的，说明原因和下步措施。"))

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "—")] + [(u.pk, u.name) for u in units]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class ResponseForm(forms.Form):
    kind = forms.ChoiceField(label=_("反馈类型"), choices=ResponseKind.choices,
                             widget=forms.RadioSelect, initial=ResponseKind.RESULT)
    text = forms.CharField(label=_("反馈内容"), widget=forms.Textarea(attrs={"rows": 5}))
    files = MultipleFileField(label=_("佐证材料"), required=False,
                              help_text=_("PDF、图片、Word、Excel 或 OFD，单个不超过 20 MB，可多选"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("退回原因"), widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(forms.Form):
    note = forms.CharField(label=_("销号意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
