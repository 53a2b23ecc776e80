from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.service.models import AppealCategory, EnterpriseSize, Industry, Satisfaction

_DATE = {"type": "date"}


class EnterpriseForm(forms.Form):
    name = forms.CharField(label=_("企业名称"), max_length=128)
    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=40,
                           help_text=_("18位，系统会核对校验码"))
    region_code = forms.CharField(label=_("所在区划代码"), max_length=6,
                                  help_text=_("6位行政区划代码，如 210411"))
    industry = forms.ChoiceField(label=_("行业门类"), required=False,
                                 choices=[("", "—"), *((v, f"{v} {label}") for v, label in Industry.choices)])
    size = forms.ChoiceField(label=_("企业规模"), choices=EnterpriseSize.choices)
    address = forms.CharField(label=_("地址"), max_length=255, required=False)
    contact_name = forms.CharField(label=_("联系人"), max_length=64, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=32, required=False)
    is_active = forms.BooleanField(label=_("在服务名单中"), required=False, initial=True)


class AccountForm(forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150)
    full_name = forms.CharField(label=_("联系人姓名"), max_length=64, required=False)
    password = forms.CharField(label=_("初始密码"), widget=forms.PasswordInput,
                               help_text=_("企业首次登录时须修改密码"))


class AssignmentForm(forms.Form):
    official = forms.TypedChoiceField(label=_("包保干部"), coerce=int, choices=())
    start_date = forms.DateField(label=_("包保起始日期"), widget=forms.DateInput(attrs=_DATE))
    end_date = forms.DateField(label=_("包保结束日期"), required=False,
                               widget=forms.DateInput(attrs=_DATE))

    def __init__(self, *args, officials=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["official"].choices = [(o.pk, f"{o.name}（{o.unit.name}·{o.post}）") for o in officials]


class EndAssignmentForm(forms.Form):
    end_date = forms.DateField(label=_("包保结束日期"), widget=forms.DateInput(attrs=_DATE))


class VisitForm(forms.Form):
    visited_on = forms.DateField(label=_("走访日期"), widget=forms.DateInput(attrs=_DATE))
    findings = forms.CharField(label=_("了解的情况"), widget=forms.Textarea(attrs={"rows": 3}))
    services = forms.CharField(label=_("提供的服务"), required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))


class AppealForm(forms.Form):
    category = forms.ChoiceField(label=_("诉求类别"), choices=AppealCategory.choices)
    title = forms.CharField(label=_("诉求事项"), max_length=200,
                            help_text=_("一句话写明需要解决的问题"))
    content = forms.CharField(label=_("诉求内容"), widget=forms.Textarea(attrs={"rows": 5}))


class OfficeAppealForm(AppealForm):
    """HQ registers an appeal received by phone, letter or on a visit, with its date."""

    received_on = forms.DateField(label=_("受理日期"), required=False,
                                  widget=forms.DateInput(attrs=_DATE), help_text=_("留空为今天"))
    visit = forms.TypedChoiceField(label=_("来自走访"), required=False, coerce=int, empty_value=None,
                                   choices=())

    def __init__(self, *args, visits=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visit"].choices = [("", _("否")), *((v.pk, f"{v.visited_on:%Y-%m-%d} "
                                                         f"{v.assignment.official.name}") for v in visits)]


class AssignForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("承办单位"), coerce=int, choices=())
    deadline = forms.DateField(label=_("办理时限"), required=False, widget=forms.DateInput(attrs=_DATE),
                               help_text=_("留空按受理日起的工作日计算"))
    reason = forms.CharField(label=_("交办说明或改派原因"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]


class AnswerForm(forms.Form):
    response = forms.CharField(label=_("答复意见"), widget=forms.Textarea(attrs={"rows": 4}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("退回原因"), widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(forms.Form):
    note = forms.CharField(label=_("办结说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RateForm(forms.Form):
    satisfaction = forms.ChoiceField(label=_("您对答复的评价"), choices=Satisfaction.choices,
                                     widget=forms.RadioSelect)
    note = forms.CharField(label=_("评价意见"), required=False, max_length=500,
                           widget=forms.Textarea(attrs={"rows": 2}))
