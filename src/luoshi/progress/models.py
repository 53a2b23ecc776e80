from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from luoshi.orgs.models import Unit
from luoshi.plans.models import Plan, PlanNode, Target


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已报送")
    APPROVED = "approved", _("单位已审核")
    ACCEPTED = "accepted", _("指挥部已采纳")
    RETURNED = "returned", _("已退回")


class ProgressReport(models.Model):
    """A unit's monthly report on a node (进展报告). Only accepted reports count."""

    node = models.ForeignKey(PlanNode, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="reports")
    period = models.CharField(_("报告期"), max_length=7)  # month code, e.g. 2023-06
    status = models.CharField(_("状态"), max_length=12, choices=ReportStatus.choices,
                              default=ReportStatus.DRAFT)
    progress = models.TextField(_("进展情况"), blank=True)
    problems = models.TextField(_("存在问题"), blank=True)
    next_steps = models.TextField(_("下步计划"), blank=True)
    deadline = models.DateField(_("报送截止日"))
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    is_late = models.BooleanField(_("逾期报送"), default=False)
    return_reason = models.TextField(_("退回原因"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period", "node_id"]
        verbose_name = _("进展报告")
        verbose_name_plural = _("进展报告")
        constraints = [
            models.UniqueConstraint(fields=["node", "unit", "period"], name="report_unique_per_period"),
        ]
        indexes = [
            models.Index(fields=["unit", "period", "status"]),
            models.Index(fields=["period", "status"]),
            # The approval and review queues: few rows wait among millions, in queue order.
            models.Index(fields=["period", "unit", "node"], condition=Q(status="submitted"),
                         name="report_awaiting_approval"),
            models.Index(fields=["period", "unit", "node"], condition=Q(status="approved"),
                         name="report_awaiting_review"),
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.node}"


class ReportValue(models.Model):
    """The value a report states for one of its node's targets (cumulative for the year or a level)."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="values")
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="reported_values")
    value = models.DecimalField(_("完成值"), max_digits=20, decimal_places=4)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "target"], name="report_value_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.target_id}: {self.value}"


class Evidence(models.Model):
    """A file attached to a report, stored under a random name outside the static tree."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="evidence/%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("大小"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")

    def __str__(self) -> str:
        return self.original_name


class ReportEvent(models.Model):
    """The workflow history of a report, as shown on its page."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                              related_name="+")
    actor_name = models.CharField(max_length=150)
    action = models.CharField(max_length=16)
    from_status = models.CharField(max_length=12)
    to_status = models.CharField(max_length=12)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.action} {self.from_status}→{self.to_status}"


class Light(models.TextChoices):
    GREEN = "green", _("绿灯")
    YELLOW = "yellow", _("黄灯")
    RED = "red", _("红灯")
    NONE = "none", _("未评价")


class NodeStatus(models.Model):
    """The computed light of a node for a month, with the reasons that gave it its colour."""

    node = models.ForeignKey(PlanNode, on_delete=models.CASCADE, related_name="statuses")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="node_statuses")
    period = models.CharField(max_length=7)
    light = models.CharField(max_length=8, choices=Light.choices)
    reasons = models.JSONField(default=list)
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["node", "period"], name="node_status_unique"),
        ]
        indexes = [models.Index(fields=["plan", "period", "light"])]

    def __str__(self) -> str:
        return f"{self.period} {self.node_id} {self.light}"


class PlanStatus(models.Model):
    """The plan's own light for a month and its counts per colour."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="statuses")
    period = models.CharField(max_length=7)
    light = models.CharField(max_length=8, choices=Light.choices)
    reasons = models.JSONField(default=list)
    counts = models.JSONField(default=dict)
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "period"], name="plan_status_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.plan_id} {self.light}"
