from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import Region
from luoshi.core.permissions import DataScope


class UnitKind(models.TextChoices):
    LEADING_GROUP = "leading_group", _("领导小组")
    HQ = "hq", _("指挥部")
    SUPERVISION = "supervision", _("督查室")
    PARTY_DEPT = "party_dept", _("党委部门")
    GOV_DEPT = "gov_dept", _("政府部门")
    COUNTY_GOV = "county_gov", _("县区政府")
    DEVELOPMENT_ZONE = "zone", _("开发区")
    ENTERPRISE = "enterprise", _("企业")
    OTHER = "other", _("其他")


class Unit(models.Model):
    """A department, county government, HQ or enterprise; units form a tree under regions.

    ``path`` is the chain of ancestor ids ("/12/40/97/") so "a unit and everything under it"
    is one indexed prefix query, whatever the depth.
    """

    code = models.CharField(_("单位编码"), max_length=32, unique=True)
    name = models.CharField(_("单位名称"), max_length=128)
    short_name = models.CharField(_("简称"), max_length=64, blank=True)
    kind = models.CharField(_("类型"), max_length=32, choices=UnitKind.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="units", verbose_name=_("所属区划"),
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        verbose_name=_("上级单位"),
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    sort_order = models.IntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["region_id", "depth", "sort_order", "code"]
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        indexes = [models.Index(fields=["region", "depth", "sort_order", "code"])]

    def __str__(self) -> str:
        return self.name


class Official(models.Model):
    """A named person with a post: lead official of tasks, helper of projects."""

    name = models.CharField(_("姓名"), max_length=64)
    post = models.CharField(_("职务"), max_length=128)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="officials", verbose_name=_("所在单位"),
    )
    phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    sort_order = models.IntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("在职"), default=True)

    class Meta:
        ordering = ["unit_id", "sort_order", "id"]
        verbose_name = _("领导干部")
        verbose_name_plural = _("领导干部")
        constraints = [
            models.UniqueConstraint(fields=["unit", "name", "post"], name="official_unique_in_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.post}）"


class AdminDuty(models.TextChoices):
    """三员分立: the three administrators are kept apart."""

    NONE = "", _("非管理员")
    SYSTEM = "system", _("系统管理员")
    SECURITY = "security", _("安全管理员")
    AUDIT = "audit", _("审计管理员")


class Role(models.Model):
    code = models.CharField(_("角色编码"), max_length=32, unique=True)
    name = models.CharField(_("角色名称"), max_length=64)
    description = models.CharField(_("说明"), max_length=255, blank=True)
    data_scope = models.CharField(
        _("数据范围"), max_length=16, choices=DataScope.choices, default=DataScope.OWN_UNIT,
    )
    permissions = models.JSONField(_("权限"), default=list, blank=True)
    admin_duty = models.CharField(
        _("三员职责"), max_length=16, choices=AdminDuty.choices, default="", blank=True,
    )
    is_builtin = models.BooleanField(_("内置"), default=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("角色")
        verbose_name_plural = _("角色")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    full_name = models.CharField(_("姓名"), max_length=64, blank=True)
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="users",
        verbose_name=_("所在单位"),
    )
    official = models.ForeignKey(
        Official, null=True, blank=True, on_delete=models.SET_NULL, related_name="users",
        verbose_name=_("对应领导干部"),
    )
    roles = models.ManyToManyField(Role, blank=True, related_name="users", verbose_name=_("角色"))
    must_change_password = models.BooleanField(_("须修改密码"), default=True)
    failed_logins = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    password_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["username"]
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.full_name or self.username


class ApiToken(models.Model):
    """A bearer token for /api/v1/. Only its SHA-256 is stored; the key is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("名称"), max_length=64)
    prefix = models.CharField(max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"


class LoginOutcome(models.TextChoices):
    SUCCESS = "success", _("登录成功")
    BAD_PASSWORD = "bad_password", _("密码错误")
    UNKNOWN_USER = "unknown_user", _("用户不存在")
    LOCKED = "locked", _("账号锁定")
    INACTIVE = "inactive", _("账号停用")
    LOGOUT = "logout", _("退出")
    TIMEOUT = "timeout", _("超时退出")


class LoginLog(models.Model):
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    username = models.CharField(_("用户名"), max_length=150)
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL)
    source = models.CharField(_("来源地址"), max_length=64, blank=True)
    user_agent = models.CharField(max_length=255, blank=True)
    outcome = models.CharField(_("结果"), max_length=16, choices=LoginOutcome.choices)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("登录日志")
        verbose_name_plural = _("登录日志")

    def __str__(self) -> str:
        return f"{self.username} {self.outcome}"
