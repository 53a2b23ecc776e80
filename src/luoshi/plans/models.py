from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import Region
from luoshi.orgs.models import Official, Unit


class Plan(models.Model):
    """An action plan (行动方案) over a date range for a region, with its light thresholds."""

    title = models.CharField(_("方案名称"), max_length=200)
    short_title = models.CharField(_("简称"), max_length=64, blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="plans",
                               verbose_name=_("行政区划"))
    issuing_body = models.CharField(_("印发机关"), max_length=128, blank=True)
    document_number = models.CharField(_("文号"), max_length=64, blank=True)
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)
    start_date = models.DateField(_("起始日期"))
    end_date = models.DateField(_("截止日期"))
    # Reports for a month are due on this day of the next month (moved to a working day).
    report_deadline_day = models.PositiveSmallIntegerField(_("报告截止日"), default=5)
    # Light thresholds: completion / share of the year elapsed.
    green_ratio = models.DecimalField(_("绿灯阈值"), max_digits=4, decimal_places=2,
                                      default=Decimal("0.90"))
    red_ratio = models.DecimalField(_("红灯阈值"), max_digits=4, decimal_places=2,
                                    default=Decimal("0.70"))
    missing_red_periods = models.PositiveSmallIntegerField(_("连续缺报几期亮红灯"), default=2)
    rollup_red_share = models.DecimalField(_("下级红灯占比达到时上级亮红灯"), max_digits=4,
                                           decimal_places=2, default=Decimal("0.20"))

    class Meta:
        ordering = ["-start_date", "id"]
        verbose_name = _("行动方案")
        verbose_name_plural = _("行动方案")

    def __str__(self) -> str:
        return self.short_title or self.title


class NodeKind(models.TextChoices):
    SECTION = "section", _("篇章")
    PRINCIPLE = "principle", _("原则")
    GOAL = "goal", _("目标")
    AREA = "area", _("方面")
    TASK = "task", _("任务")
    MEASURE = "measure", _("举措")
    SAFEGUARD = "safeguard", _("保障措施")


# Nodes of these kinds are chased month by month: their lead unit reports on them.
REPORTED_KINDS = (NodeKind.TASK, NodeKind.MEASURE, NodeKind.SAFEGUARD)


class PlanNode(models.Model):
    """One item of the plan tree, numbered as the document numbers it (一、（一）1.（1））."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="nodes")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="children")
    kind = models.CharField(_("类型"), max_length=16, choices=NodeKind.choices)
    number = models.CharField(_("编号"), max_length=16, blank=True)
    title = models.CharField(_("标题"), max_length=255)
    text = models.TextField(_("内容"), blank=True)
    position = models.PositiveIntegerField(_("排序"), default=0)
    path = models.CharField(max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    # Document order in one string: each level's position, zero-padded ("0004.0001.0013.").
    outline = models.CharField(max_length=255, default="", db_default="", editable=False)
    # Responsibility (责任分工): the lead unit reports; co-units help; a lead official answers.
    lead_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="led_nodes", verbose_name=_("牵头单位"))
    co_units = models.ManyToManyField(Unit, blank=True, related_name="co_nodes",
                                      verbose_name=_("配合单位"))
    lead_official = models.ForeignKey(Official, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="led_nodes", verbose_name=_("牵头领导"))

    class Meta:
        ordering = ["plan_id", "outline"]
        verbose_name = _("方案条目")
        verbose_name_plural = _("方案条目")
        indexes = [
            models.Index(fields=["plan", "outline"]),
            models.Index(fields=["lead_unit", "plan"]),
        ]

    def __str__(self) -> str:
        return f"{self.number}{self.title}"

    @property
    def is_reported(self) -> bool:
        return self.kind in REPORTED_KINDS and self.lead_unit_id is not None


class Direction(models.TextChoices):
    HIGHER = "higher", _("越大越好")
    LOWER = "lower", _("越小越好")


class Accumulation(models.TextChoices):
    CUMULATIVE = "cumulative", _("年内累计")
    LEVEL = "level", _("达到水平")


class Target(models.Model):
    """A quantitative target of a node with a value for each year of the plan."""

    node = models.ForeignKey(PlanNode, on_delete=models.CASCADE, related_name="targets")
    metric = models.CharField(_("指标"), max_length=128)
    unit = models.CharField(_("计量单位"), max_length=16)
    baseline = models.DecimalField(_("基数"), max_digits=20, decimal_places=4, null=True, blank=True)
    direction = models.CharField(_("方向"), max_length=8, choices=Direction.choices,
                                 default=Direction.HIGHER)
    accumulation = models.CharField(_("计算方式"), max_length=12, choices=Accumulation.choices,
                                    default=Accumulation.CUMULATIVE)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["node_id", "position", "id"]
        verbose_name = _("目标")
        verbose_name_plural = _("目标")

    def __str__(self) -> str:
        return f"{self.metric}（{self.unit}）"


class TargetYear(models.Model):
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("年度"))
    value = models.DecimalField(_("目标值"), max_digits=20, decimal_places=4)

    class Meta:
        ordering = ["target_id", "year"]
        constraints = [models.UniqueConstraint(fields=["target", "year"], name="target_year_unique")]

    def __str__(self) -> str:
        return f"{self.year}: {self.value}"


class Milestone(models.Model):
    """A dated checkpoint: what must be done by when, and when it was done."""

    node = models.ForeignKey(PlanNode, on_delete=models.CASCADE, related_name="milestones")
    due_on = models.DateField(_("完成时限"))
    description = models.CharField(_("节点内容"), max_length=255)
    done_on = models.DateField(_("完成日期"), null=True, blank=True)

    class Meta:
        ordering = ["node_id", "due_on", "id"]
        verbose_name = _("节点目标")
        verbose_name_plural = _("节点目标")

    def __str__(self) -> str:
        return f"{self.due_on:%Y-%m-%d} {self.description}"
