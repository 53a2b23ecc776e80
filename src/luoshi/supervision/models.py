from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import Region
from luoshi.orgs.models import Official, Unit


class Severity(models.TextChoices):
    HIGH = "high", _("严重")
    MEDIUM = "medium", _("较重")
    LOW = "low", _("一般")


class WarningStatus(models.TextChoices):
    OPEN = "open", _("未消除")
    CLOSED = "closed", _("已消除")


class Warning(models.Model):
    """A warning (预警) raised by a rule about one item, open while its cause lasts.

    The item is referenced generically (app label, model name, id) so rules of any app can
    raise warnings; its title and URL are copied in, so the list needs no join per app.
    ``cause_key`` tells two causes about one item apart (the report missing for 2023-05 and
    for 2023-06). ``region`` is the responsible unit's region, so region filters and the
    data scope of a region agree without a join.
    """

    rule = models.CharField(_("预警规则"), max_length=32)
    item_app = models.CharField(max_length=32)
    item_model = models.CharField(max_length=32)
    item_id = models.BigIntegerField()
    cause_key = models.CharField(max_length=32, blank=True, default="")
    item_title = models.CharField(_("预警对象"), max_length=255)
    item_url = models.CharField(max_length=255, blank=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="warnings",
                             verbose_name=_("责任单位"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("行政区划"))
    # The first four digits of the region code (its city): a city office's list is then one
    # equality, which an index walks in list order, however many warnings the city has.
    city = models.CharField(max_length=4, editable=False)
    period = models.CharField(_("预警期"), max_length=7)
    severity = models.CharField(_("严重程度"), max_length=8, choices=Severity.choices)
    reason = models.TextField(_("预警原因"))
    opened_on = models.DateField(_("预警日期"))
    closed_on = models.DateField(_("消除日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=8, choices=WarningStatus.choices,
                              default=WarningStatus.OPEN)

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("预警")
        verbose_name_plural = _("预警")
        constraints = [
            # One open warning per cause: the job and a second job running at once cannot
            # duplicate it; once closed, the same cause coming back opens a new warning.
            models.UniqueConstraint(
                fields=["rule", "item_app", "item_model", "item_id", "cause_key"],
                condition=Q(status="open"), name="warning_open_unique"),
        ]
        # Each list the pages show, filtered by scope and status, in list order.
        indexes = [
            models.Index(fields=["city", "status", "-opened_on", "-id"], name="warning_city_status"),
            models.Index(fields=["city", "-opened_on", "-id"], name="warning_city"),
            models.Index(fields=["city", "period", "-opened_on", "-id"], name="warning_city_period"),
            models.Index(fields=["region", "status", "-opened_on", "-id"], name="warning_region_status"),
            models.Index(fields=["unit", "status", "-opened_on", "-id"], name="warning_unit_status"),
            models.Index(fields=["status", "-opened_on", "-id"], name="warning_status"),
            models.Index(fields=["rule", "status"], name="warning_rule_status"),
            models.Index(fields=["-opened_on", "-id"], name="warning_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.rule} {self.item_title}"


class WarningRun(models.Model):
    """One evaluation of one rule by ``luoshi warnings run``: what it opened and closed."""

    rule = models.CharField(max_length=32)
    period = models.CharField(max_length=7)
    as_of = models.DateField()
    finished_at = models.DateTimeField()
    causes = models.PositiveIntegerField(default=0)
    opened = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.rule} {self.period} +{self.opened} -{self.closed}"


class OrderStatus(models.TextChoices):
    ISSUED = "issued", _("已交办")
    IN_PROGRESS = "in_progress", _("办理中")
    RESPONDED = "responded", _("已反馈待销号")
    RETURNED = "returned", _("已退回")
    CLOSED = "closed", _("已销号")


OPEN_ORDER_STATUSES = (OrderStatus.ISSUED, OrderStatus.IN_PROGRESS, OrderStatus.RETURNED)


class OrderSource(models.TextChoices):
    WARNING = "warning", _("预警转办")
    MANUAL = "manual", _("直接交办")
    INSTRUCTION = "instruction", _("领导批示")


class SupervisionOrder(models.Model):
    """A supervision order (督办单) from a supervision office to a unit."""

    office = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="issued_orders",
                               verbose_name=_("督办机关"))
    year = models.PositiveSmallIntegerField(_("年度"))
    serial = models.PositiveIntegerField(_("序号"))
    number = models.CharField(_("督办单编号"), max_length=32, unique=True)
    title = models.CharField(_("督办事项"), max_length=200)
    content = models.TextField(_("督办内容"))
    requirements = models.TextField(_("反馈要求"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="orders",
                             verbose_name=_("承办单位"))
    deadline = models.DateField(_("办理时限"))
    source = models.CharField(_("来源"), max_length=12, choices=OrderSource.choices,
                              default=OrderSource.MANUAL)
    instruction = models.TextField(_("领导批示"), blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=OrderStatus.choices,
                              default=OrderStatus.ISSUED)
    warnings = models.ManyToManyField(Warning, blank=True, related_name="orders",
                                      verbose_name=_("关联预警"))
    issued_on = models.DateField(_("交办日期"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    responded_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    closed_on = models.DateField(_("销号日期"), null=True, blank=True)
    return_reason = models.TextField(_("退回原因"), blank=True)
    escalated_on = models.DateField(_("逾期报告领导日期"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "-serial", "-id"]
        verbose_name = _("督办单")
        verbose_name_plural = _("督办单")
        constraints = [
            models.UniqueConstraint(fields=["office", "year", "serial"], name="order_serial_unique"),
        ]
        indexes = [
            models.Index(fields=["unit", "status"], name="order_unit_status"),
            models.Index(fields=["status", "deadline"], name="order_status_deadline"),
        ]

    def __str__(self) -> str:
        return self.number


class OrderSequence(models.Model):
    """The last serial an office gave in a year; incremented under a row lock."""

    office = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["office", "year"], name="order_sequence_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.office_id} {self.year}: {self.last}"


class ResponseKind(models.TextChoices):
    PROGRESS = "progress", _("进展情况")
    RESULT = "result", _("办理结果")


class OrderResponse(models.Model):
    """What the unit reported back: progress on the way, or the result asking for closure."""

    order = models.ForeignKey(SupervisionOrder, on_delete=models.CASCADE, related_name="responses")
    kind = models.CharField(_("反馈类型"), max_length=8, choices=ResponseKind.choices)
    text = models.TextField(_("反馈内容"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.order_id} {self.kind}"


class OrderEvidence(models.Model):
    """A file attached to a response, stored under a random name outside the static tree."""

    response = models.ForeignKey(OrderResponse, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="supervision/%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("大小"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class OrderEvent(models.Model):
    """The history of an order, as shown on its page."""

    order = models.ForeignKey(SupervisionOrder, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                              related_name="+")
    actor_name = models.CharField(max_length=150)
    action = models.CharField(max_length=16)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.action} {self.from_status}→{self.to_status}"


class NotificationKind(models.TextChoices):
    NEW_ORDER = "new_order", _("新督办单")
    REMINDER = "reminder", _("到期提醒")
    OVERDUE = "overdue", _("逾期")
    ESCALATION = "escalation", _("逾期报告单位领导")
    RETURNED = "returned", _("退回重办")
    CLOSED = "closed", _("已销号")


class Notification(models.Model):
    """A notice to a unit (and, for escalations, to its leader) about one of its orders.

    ``key`` makes the reminder job idempotent: one reminder per order and deadline, one
    escalation per order."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="notifications")
    order = models.ForeignKey(SupervisionOrder, on_delete=models.CASCADE,
                              related_name="notifications")
    kind = models.CharField(_("类型"), max_length=12, choices=NotificationKind.choices)
    key = models.CharField(max_length=32)
    leader = models.ForeignKey(Official, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", verbose_name=_("呈报领导"))
    text = models.CharField(_("内容"), max_length=500)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["order", "kind", "key"], name="notification_once"),
        ]
        indexes = [models.Index(fields=["unit", "-id"], name="notification_unit")]

    def __str__(self) -> str:
        return self.text[:40]
