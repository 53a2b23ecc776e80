"""Performance assessment (实绩考核): a scheme ranks the units of each category by weighted
criteria, computed from the platform's data (a named metric) or entered by hand.

Scores and results are derived: ``services.compute_period`` rebuilds them from the metrics,
the hand-entered values and the adjustments, so they can be recomputed at any time with the
same result. Hand-entered values and adjustments are the only inputs people keep here.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import Region
from luoshi.orgs.models import Unit

HUNDRED = Decimal(100)


class Scheme(models.Model):
    """An assessment scheme (考核方案) for a region and year."""

    title = models.CharField(_("方案名称"), max_length=200)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="assessment_schemes",
                               verbose_name=_("行政区划"))
    year = models.PositiveSmallIntegerField(_("考核年度"))
    issuing_body = models.CharField(_("印发机关"), max_length=128, blank=True)

    class Meta:
        ordering = ["-year", "region_id", "id"]
        verbose_name = _("考核方案")
        verbose_name_plural = _("考核方案")

    def __str__(self) -> str:
        return self.title


class Category(models.Model):
    """A group of units ranked against each other (县区政府, 市直部门…)."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("类别名称"), max_length=64)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["scheme_id", "position", "id"]
        verbose_name = _("考核类别")
        verbose_name_plural = _("考核类别")
        constraints = [models.UniqueConstraint(fields=["scheme", "name"], name="category_name_unique")]

    def __str__(self) -> str:
        return self.name


class Member(models.Model):
    """A unit assessed in a category; a unit sits in at most one category of a scheme."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="members")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="members")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assessment_memberships")

    class Meta:
        ordering = ["category_id", "unit__sort_order", "unit__code"]
        constraints = [models.UniqueConstraint(fields=["scheme", "unit"], name="member_unique_in_scheme")]

    def __str__(self) -> str:
        return f"{self.category_id}: {self.unit_id}"


MANUAL = "manual"  # Criterion.metric for values entered by hand


class Criterion(models.Model):
    """A weighted criterion of a category. Its value (0–100, or a raw figure) comes from the
    metric named in ``metric`` or, when that is ``manual``, from hand-entered values; points =
    weight × the share of the way from ``zero_at`` to ``full_at`` the value has gone."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("指标名称"), max_length=64)
    metric = models.CharField(_("数据来源"), max_length=32, default=MANUAL)
    weight = models.DecimalField(_("权重（分）"), max_digits=5, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0.01")),
                                             MaxValueValidator(HUNDRED)])
    full_at = models.DecimalField(_("满分值"), max_digits=12, decimal_places=2, default=HUNDRED)
    zero_at = models.DecimalField(_("零分值"), max_digits=12, decimal_places=2, default=Decimal(0))
    position = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["category_id", "position", "id"]
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")

    def __str__(self) -> str:
        return self.name

    @property
    def is_manual(self) -> bool:
        return self.metric == MANUAL


class ManualValue(models.Model):
    """A value entered by hand for a manual criterion, unit and period (e.g. 群众满意度 92)."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="manual_values")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("考核期"), max_length=8)
    value = models.DecimalField(_("得分值"), max_digits=12, decimal_places=2)
    note = models.CharField(_("说明"), max_length=255, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["criterion", "unit", "period"],
                                               name="manual_value_unique")]

    def __str__(self) -> str:
        return f"{self.period} {self.unit_id} {self.criterion_id}: {self.value}"


class Adjustment(models.Model):
    """Points added to (or taken from) one unit's score on a criterion, with the reason."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="adjustments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("考核期"), max_length=8)
    points = models.DecimalField(_("调整分值"), max_digits=6, decimal_places=2)
    reason = models.CharField(_("调整理由"), max_length=255)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                              related_name="+")
    actor_name = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("分值调整")
        verbose_name_plural = _("分值调整")
        indexes = [models.Index(fields=["criterion", "period", "unit"])]

    def __str__(self) -> str:
        return f"{self.period} {self.unit_id} {self.criterion_id}: {self.points:+}"


class Score(models.Model):
    """A unit's score on a criterion for a period, as the last computation made it."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(max_length=8)
    value = models.DecimalField(max_digits=12, decimal_places=2, null=True)  # None: 无数据
    basis = models.CharField(max_length=255, blank=True)  # how the value was made: "绿灯 12 / 15"
    points = models.DecimalField(max_digits=7, decimal_places=2)
    adjustment = models.DecimalField(max_digits=7, decimal_places=2, default=Decimal(0))
    final = models.DecimalField(max_digits=7, decimal_places=2)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["criterion", "unit", "period"],
                                               name="score_unique")]
        indexes = [models.Index(fields=["scheme", "period", "unit"])]

    def __str__(self) -> str:
        return f"{self.period} {self.unit_id} {self.criterion_id}: {self.final}"


class Result(models.Model):
    """A unit's total for a period and its rank in its category, with the movement since the
    previous period of the same scheme (positive: moved up)."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="results")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="results")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assessment_results")
    period = models.CharField(max_length=8)
    total = models.DecimalField(max_digits=7, decimal_places=2)
    rank = models.PositiveIntegerField()
    position = models.PositiveIntegerField()  # order on the ranking page: rank, then the unit's order
    previous_rank = models.PositiveIntegerField(null=True)
    movement = models.IntegerField(null=True)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["category_id", "position"]
        constraints = [models.UniqueConstraint(fields=["scheme", "unit", "period"],
                                               name="result_unique")]
        indexes = [models.Index(fields=["scheme", "period", "category", "position"])]

    def __str__(self) -> str:
        return f"{self.period} {self.unit_id}: {self.total} #{self.rank}"
