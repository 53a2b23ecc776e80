from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.indicators.models import FlagStatus


class FlagReviewForm(forms.Form):
    status = forms.ChoiceField(label=_("核实结果"), choices=[
        (FlagStatus.CONFIRMED, _("已核实无误")), (FlagStatus.CORRECTED, _("已更正"))])
    note = forms.CharField(label=_("核实说明"), max_length=255, required=False)
