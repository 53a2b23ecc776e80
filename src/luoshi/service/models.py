"""Service to enterprises (千名干部进千企): enterprises, the cadres assigned to them (包保)
with their visits, and the appeals (诉求) enterprises raise, assigned to units to resolve."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.core.industries import Industry
from luoshi.core.models import Region
from luoshi.orgs.models import Official, Unit


class EnterpriseSize(models.TextChoices):
    LARGE = "large", _("大型")
    MEDIUM = "medium", _("中型")
    SMALL = "small", _("小型")
    MICRO = "micro", _("微型")


class Enterprise(models.Model):
    """A company served by the platform, keyed by its 统一社会信用代码 (GB 32100)."""

    name = models.CharField(_("企业名称"), max_length=128)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="enterprises",
                               verbose_name=_("所在区划"))
    industry = models.CharField(_("行业门类"), max_length=1, choices=Industry.choices, blank=True)
    size = models.CharField(_("企业规模"), max_length=8, choices=EnterpriseSize.choices)
    address = models.CharField(_("地址"), max_length=255, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=64, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    is_active = models.BooleanField(_("在服务名单中"), default=True)

    class Meta:
        ordering = ["region_id", "name", "id"]
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        indexes = [models.Index(fields=["region", "name"])]

    def __str__(self) -> str:
        return self.name


class EnterpriseAccount(models.Model):
    """A sign-in of an enterprise: the user sees and raises that enterprise's appeals only."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="enterprise_account")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="accounts")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("企业账号")
        verbose_name_plural = _("企业账号")

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.user}"


class Assignment(models.Model):
    """A cadre assigned to help an enterprise (包保) over a period; ``unit`` is the unit the
    official belonged to when assigned, and carries the data scope."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="assignments")
    official = models.ForeignKey(Official, on_delete=models.PROTECT, related_name="assignments",
                                 verbose_name=_("包保干部"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assignments",
                             verbose_name=_("所在单位"))
    start_date = models.DateField(_("包保起始日期"))
    end_date = models.DateField(_("包保结束日期"), null=True, blank=True)

    class Meta:
        ordering = ["enterprise_id", "-start_date", "id"]
        verbose_name = _("包保关系")
        verbose_name_plural = _("包保关系")
        constraints = [models.UniqueConstraint(fields=["enterprise", "official", "start_date"],
                                               name="assignment_unique_start")]
        indexes = [models.Index(fields=["unit", "enterprise"])]

    def __str__(self) -> str:
        return f"{self.official.name} 包保 {self.enterprise}"


class Visit(models.Model):
    """A cadre's visit to the enterprise: 察实情 (what was found), 送服务 (services given)."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField(_("走访日期"))
    findings = models.TextField(_("了解的情况"))
    services = models.TextField(_("提供的服务"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = _("走访记录")
        verbose_name_plural = _("走访记录")

    def __str__(self) -> str:
        return f"{self.visited_on:%Y-%m-%d} {self.assignment}"


class AppealCategory(models.TextChoices):
    FACTORS = "factors", _("要素保障")
    FINANCING = "financing", _("融资")
    LAND = "land", _("用地")
    APPROVAL = "approval", _("审批")
    POLICY = "policy", _("政策兑现")
    LABOUR = "labour", _("人才用工")
    OTHER = "other", _("其他")


class AppealStatus(models.TextChoices):
    RECEIVED = "received", _("已受理")
    ASSIGNED = "assigned", _("已交办")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已办结")


OPEN_STATUSES = (AppealStatus.RECEIVED, AppealStatus.ASSIGNED)


class RaisedVia(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业提出")
    VISIT = "visit", _("干部走访收集")
    OFFICE = "office", _("指挥部登记")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class Appeal(models.Model):
    """An enterprise's appeal (诉求), assigned to a unit, answered by a deadline, closed (办结)
    and rated by the enterprise. ``region`` (and ``city``) are the enterprise's, kept here so
    the lists and statistics of a region need no join."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="appeals")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    # The first four digits of the region: a city HQ's whole scope as one equality, so its
    # list is read newest first straight from an index.
    city = models.CharField(max_length=4, editable=False)
    category = models.CharField(_("诉求类别"), max_length=12, choices=AppealCategory.choices)
    title = models.CharField(_("诉求事项"), max_length=200)
    content = models.TextField(_("诉求内容"))
    received_on = models.DateField(_("受理日期"))
    raised_via = models.CharField(_("来源"), max_length=12, choices=RaisedVia.choices)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+",
                                  verbose_name=_("提出人"))
    visit = models.ForeignKey(Visit, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="appeals", verbose_name=_("走访记录"))
    status = models.CharField(_("状态"), max_length=10, choices=AppealStatus.choices,
                              default=AppealStatus.RECEIVED)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="appeals", verbose_name=_("承办单位"))
    assigned_on = models.DateField(_("交办日期"), null=True, blank=True)
    deadline = models.DateField(_("办理时限"))
    response = models.TextField(_("答复意见"), blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    closure_note = models.TextField(_("办结说明"), blank=True)
    satisfaction = models.CharField(_("企业评价"), max_length=12, choices=Satisfaction.choices,
                                    blank=True)
    satisfaction_note = models.CharField(_("评价意见"), max_length=500, blank=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("企业诉求")
        verbose_name_plural = _("企业诉求")
        indexes = [
            # A city's list newest first, and its statistics and filtered counts read from
            # the index alone (no row lookups): every column they touch is in it.
            models.Index(fields=["city", "received_on", "id", "status", "deadline", "answered_on",
                                 "category", "unit", "region", "satisfaction"],
                         name="appeal_city_covering"),
            models.Index(fields=["region", "received_on", "id"]),
            models.Index(fields=["unit", "received_on", "id"]),
            models.Index(fields=["unit", "status", "deadline"]),
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["enterprise", "received_on"]),
            models.Index(fields=["received_on", "id"]),
        ]

    def __str__(self) -> str:
        return f"诉求{self.pk}：{self.title}"

    @property
    def number(self) -> str:
        return f"SQ{self.received_on:%Y}-{self.pk:06d}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def answered_late(self) -> bool:
        return self.answered_on is not None and self.answered_on > self.deadline


class AppealEvent(models.Model):
    """One step of an appeal's history: raised, assigned (to which unit), reassigned (from
    which, why), returned by the unit, answered, rated, closed."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField(_("操作人"), max_length=150)
    action = models.CharField(_("操作"), max_length=16)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    from_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    to_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["appeal_id", "at", "id"]
        verbose_name = _("诉求办理记录")
        verbose_name_plural = _("诉求办理记录")

    def __str__(self) -> str:
        return f"{self.appeal_id} {self.action}"
