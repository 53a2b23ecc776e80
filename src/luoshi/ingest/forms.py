from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.core.errors import ParseError
from luoshi.ingest.extraction.source import MAX_BYTES, decode_text

VALUE_KINDS = [("value", _("当月值")), ("cumulative", _("累计值")), ("yoy", _("同比（%）"))]


class SourceForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=255, required=False,
                            help_text=_("留空则取文本第一行"))
    text = forms.CharField(label=_("粘贴文本"), required=False,
                           widget=forms.Textarea(attrs={"rows": 10}))
    file = forms.FileField(label=_("或上传文本文件（.txt，UTF-8）"), required=False)

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            if upload.size > MAX_BYTES:
                raise forms.ValidationError(_("文件过大，文本文件不能超过 5 MB"))
            try:
                data["text"] = decode_text(upload.read())
            except ParseError as exc:
                self.add_error("file", exc.message)
                return data
            data["file_name"] = upload.name
        if not (data.get("text") or "").strip():
            raise forms.ValidationError(_("请粘贴文本或上传文本文件"))
        return data


class AcceptForm(forms.Form):
    indicator = forms.IntegerField(label=_("指标"))
    region = forms.CharField(label=_("地区"), max_length=6)
    period = forms.CharField(label=_("期间"), max_length=32)
    value_kind = forms.ChoiceField(label=_("数值类型"), choices=VALUE_KINDS)


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=255, required=False)
