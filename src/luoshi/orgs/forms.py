from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import Region, RegionLevel
from luoshi.core.permissions import PERMISSIONS, DataScope
from luoshi.orgs.models import AdminDuty, UnitKind


def _region_choices():
    return [(r.code, f"{'　' * ['province', 'city', 'county'].index(r.level)}{r.name}（{r.code}）")
            for r in Region.objects.order_by("code")]


class UnitForm(forms.Form):
    code = forms.CharField(label=_("单位编码"), max_length=32)
    name = forms.CharField(label=_("单位名称"), max_length=128)
    short_name = forms.CharField(label=_("简称"), max_length=64, required=False)
    kind = forms.ChoiceField(label=_("类型"), choices=UnitKind.choices)
    region_code = forms.ChoiceField(label=_("所属区划"), choices=())
    parent_code = forms.CharField(label=_("上级单位编码"), max_length=32, required=False,
                                  help_text=_("填写上级单位的单位编码；留空为顶级单位"))
    sort_order = forms.IntegerField(label=_("排序"), initial=0)
    is_active = forms.BooleanField(label=_("启用"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region_code"].choices = _region_choices()


class RegionForm(forms.Form):
    code = forms.RegexField(label=_("区划代码"), regex=r"^\d{6}$", max_length=6,
                            help_text=_("6位数字，GB/T 2260"))
    name = forms.CharField(label=_("名称"), max_length=64)
    level = forms.ChoiceField(label=_("级别"), choices=RegionLevel.choices)
    parent_code = forms.CharField(label=_("上级区划代码"), max_length=6, required=False)


class OfficialForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=64)
    post = forms.CharField(label=_("职务"), max_length=128)
    unit_code = forms.CharField(label=_("所在单位编码"), max_length=32)
    phone = forms.CharField(label=_("联系电话"), max_length=32, required=False)
    sort_order = forms.IntegerField(label=_("排序"), initial=0)
    is_active = forms.BooleanField(label=_("在职"), required=False, initial=True)


class UserForm(forms.Form):
    username = forms.RegexField(label=_("用户名"), max_length=150, regex=r"^[\w.@+-]+$")
    full_name = forms.CharField(label=_("姓名"), max_length=64)
    unit_code = forms.CharField(label=_("所在单位编码"), max_length=32, required=False)
    official_name = forms.CharField(label=_("对应领导干部"), max_length=64, required=False,
                                    help_text=_("所在单位中领导干部的姓名；不是领导干部的留空"))
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    is_active = forms.BooleanField(label=_("启用"), required=False, initial=True)


class NewUserForm(UserForm):
    password = forms.CharField(label=_("初始密码"), widget=forms.PasswordInput(render_value=False),
                               help_text=_("用户首次登录时须修改"))


class PasswordResetForm(forms.Form):
    password = forms.CharField(label=_("新的临时密码"), widget=forms.PasswordInput)


class UserRolesForm(forms.Form):
    roles = forms.MultipleChoiceField(label=_("角色"), required=False,
                                      widget=forms.CheckboxSelectMultiple, choices=())

    def __init__(self, *args, role_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"].choices = role_choices


class RoleForm(forms.Form):
    code = forms.RegexField(label=_("角色编码"), max_length=32, regex=r"^[a-z][a-z0-9_]*$")
    name = forms.CharField(label=_("角色名称"), max_length=64)
    description = forms.CharField(label=_("说明"), max_length=255, required=False)
    data_scope = forms.ChoiceField(label=_("数据范围"), choices=DataScope.choices)
    admin_duty = forms.ChoiceField(label=_("三员职责"), choices=AdminDuty.choices, required=False)
    permissions = forms.MultipleChoiceField(label=_("权限"), required=False,
                                            widget=forms.CheckboxSelectMultiple,
                                            choices=list(PERMISSIONS.items()))


class LoginForm(forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150)
    password = forms.CharField(label=_("密码"), widget=forms.PasswordInput)


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label=_("原密码"), widget=forms.PasswordInput)
    new_password = forms.CharField(label=_("新密码"), widget=forms.PasswordInput)
    new_password2 = forms.CharField(label=_("再次输入新密码"), widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("new_password") != data.get("new_password2"):
            self.add_error("new_password2", _("两次输入的新密码不一致"))
        return data


class TokenForm(forms.Form):
    name = forms.CharField(label=_("令牌名称"), max_length=64)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Excel 文件（.xlsx）"))
