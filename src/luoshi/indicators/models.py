"""Economic indicators (指标), their observations per region and month (指标值), annual
targets, and the flags the "没有水分" checks raise.

An observation's period is the month it ends: ``year`` and ``month``. For a series whose
January and February are released together (``Indicator.combined_jan_feb``), month 2 holds
the combined 1-2月 figure and month 1 never exists; :attr:`Observation.period` gives the
``core.periods.Period`` (``2023-01~02`` for that combined release).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import Region
from luoshi.core.periods import Period, release_period


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("月度")
    QUARTERLY = "quarterly", _("季度")
    YEARLY = "yearly", _("年度")


class IndicatorKind(models.TextChoices):
    FLOW = "flow", _("流量（年内累计）")
    STOCK = "stock", _("存量（期末值）")
    RATE = "rate", _("比率")


class RankBasis(models.TextChoices):
    YOY = "yoy", _("按同比增速")
    CUMULATIVE = "cumulative", _("按累计值")
    VALUE = "value", _("按当月值")


# Money and big figures need room: 4 decimals keep 万元 to the yuan and growth to 0.0001 %.
_NUMBER = {"max_digits": 20, "decimal_places": 4}
_PERCENT = {"max_digits": 12, "decimal_places": 4}


class Indicator(models.Model):
    """A statistical series followed per region (固定资产投资, 旅游总收入…)."""

    code = models.CharField(_("指标代码"), max_length=32, unique=True)
    name = models.CharField(_("指标名称"), max_length=128)
    unit = models.CharField(_("计量单位"), max_length=16, blank=True)
    frequency = models.CharField(_("频度"), max_length=12, choices=Frequency.choices,
                                 default=Frequency.MONTHLY)
    kind = models.CharField(_("类型"), max_length=8, choices=IndicatorKind.choices,
                            default=IndicatorKind.FLOW)
    source = models.CharField(_("数据来源"), max_length=64, blank=True)
    higher_is_better = models.BooleanField(_("越高越好"), default=True)
    # The bureau releases 1-2月 as one figure for most monthly series.
    combined_jan_feb = models.BooleanField(_("1-2月合并发布"), default=True)
    # Growth at constant prices (规上工业增加值): never computed from nominal values.
    real_growth = models.BooleanField(_("按可比价计算增速"), default=False)
    rank_basis = models.CharField(_("排名依据"), max_length=12, choices=RankBasis.choices,
                                  default=RankBasis.YOY)
    # "没有水分" thresholds: reported vs computed YoY, in percentage points; a month's change
    # beyond this multiple of the series' usual change is a jump.
    yoy_tolerance = models.DecimalField(_("同比差异容忍度（百分点）"), max_digits=6,
                                        decimal_places=2, default=Decimal("2.00"))
    jump_multiple = models.DecimalField(_("异常波动倍数"), max_digits=6, decimal_places=2,
                                        default=Decimal("3.00"))
    is_key = models.BooleanField(_("重点指标"), default=False)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    description = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("经济指标")
        verbose_name_plural = _("经济指标")

    def __str__(self) -> str:
        return self.name


class Observation(models.Model):
    """An indicator's figures for a region and the month the period ends.

    ``value`` is 当月值 (for a flow, the month's own amount; the combined 1-2月 amount in
    month 2), ``cumulative`` is 累计值 (year to date). Either may be derived from the other
    and is then marked so. ``yoy_reported`` is the bureau's 同比 % (on a comparable basis
    when ``yoy_comparable``); ``yoy_computed`` is what last year's published values give.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE,
                                  related_name="observations", verbose_name=_("指标"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="observations",
                               verbose_name=_("行政区划"))
    year = models.PositiveSmallIntegerField(_("年份"))
    month = models.PositiveSmallIntegerField(_("月份"))  # the month the period ends
    value = models.DecimalField(_("当月值"), null=True, blank=True, **_NUMBER)
    value_derived = models.BooleanField(_("当月值由累计值推算"), default=False)
    cumulative = models.DecimalField(_("累计值"), null=True, blank=True, **_NUMBER)
    cumulative_derived = models.BooleanField(_("累计值由当月值推算"), default=False)
    yoy_reported = models.DecimalField(_("同比（发布）%"), null=True, blank=True, **_PERCENT)
    yoy_comparable = models.BooleanField(_("可比口径"), default=False)
    yoy_computed = models.DecimalField(_("同比（测算）%"), null=True, blank=True, **_PERCENT)
    # Where the figure came from: a file (and sheet/page), or a span of a briefing text.
    source_name = models.CharField(_("来源"), max_length=255, blank=True)
    source_text = models.TextField(_("来源原文"), blank=True)
    source_start = models.PositiveIntegerField(_("原文起始位置"), null=True, blank=True)
    source_end = models.PositiveIntegerField(_("原文结束位置"), null=True, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("录入人"))
    flag_count = models.PositiveSmallIntegerField(_("疑点数"), default=0)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["-year", "-month", "indicator_id", "region_id"]
        verbose_name = _("指标值")
        verbose_name_plural = _("指标值")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "region", "year", "month"],
                                    name="observation_unique_per_month"),
            models.CheckConstraint(condition=models.Q(month__gte=1, month__lte=12),
                                   name="observation_month_valid"),
        ]
        indexes = [
            # A ranking: one indicator, one month, the cities of a province.
            models.Index(fields=["indicator", "year", "month", "region"],
                         name="obs_ranking"),
            # The observation list, newest first (the index's order is the list's order).
            models.Index(fields=["-year", "-month", "indicator", "region"], name="obs_period"),
            # The observations HQ must look at: few among many.
            models.Index(fields=["-year", "-month", "indicator", "region"], name="obs_flagged",
                         condition=models.Q(flag_count__gt=0)),
            models.Index(fields=["region", "year", "month"], name="obs_region_period"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.region_id} {self.year}-{self.month:02d}"

    @property
    def period(self) -> Period:
        """The release period: ``2023-06``, or ``2023-01~02`` for a combined release."""
        combined = self.indicator.combined_jan_feb if self.month <= 2 else True
        return release_period(self.year, self.month, combined)

    @property
    def yoy(self) -> Decimal | None:
        """The growth that counts: the reported figure wins over the computed one."""
        return self.yoy_reported if self.yoy_reported is not None else self.yoy_computed


class IndicatorTarget(models.Model):
    """A region's target for an indicator in a year: the annual amount and/or the growth."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets",
                                  verbose_name=_("指标"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("行政区划"))
    year = models.PositiveSmallIntegerField(_("年份"))
    value = models.DecimalField(_("年度目标值"), null=True, blank=True, **_NUMBER)
    growth = models.DecimalField(_("目标增速%"), null=True, blank=True, **_PERCENT)
    note = models.CharField(_("备注"), max_length=255, blank=True)

    class Meta:
        ordering = ["-year", "indicator_id", "region_id"]
        verbose_name = _("指标目标")
        verbose_name_plural = _("指标目标")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "region", "year"],
                                    name="indicator_target_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.region_id} {self.year}"


class CheckRule(models.TextChoices):
    CUMULATIVE_FALLS = "cumulative_falls", _("累计值回落")
    SUM_MISMATCH = "sum_mismatch", _("当月值合计与累计值不符")
    YOY_MISMATCH = "yoy_mismatch", _("发布增速与测算增速差异过大")
    JUMP = "jump", _("异常波动")


class FlagStatus(models.TextChoices):
    OPEN = "open", _("待核实")
    CONFIRMED = "confirmed", _("已核实无误")
    CORRECTED = "corrected", _("已更正")


class CheckFlag(models.Model):
    """A doubt a "没有水分" check raised about an observation, listed for HQ to verify."""

    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="flags",
                                    verbose_name=_("指标值"))
    # Copied from the observation so HQ's list filters without joining 1.4M rows.
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年份"))
    month = models.PositiveSmallIntegerField(_("月份"))
    rule = models.CharField(_("规则"), max_length=20, choices=CheckRule.choices)
    message = models.CharField(_("说明"), max_length=255)
    expected = models.DecimalField(_("应为"), null=True, blank=True, **_NUMBER)
    actual = models.DecimalField(_("实为"), null=True, blank=True, **_NUMBER)
    status = models.CharField(_("状态"), max_length=12, choices=FlagStatus.choices,
                              default=FlagStatus.OPEN)
    found_at = models.DateTimeField(_("发现时间"), auto_now_add=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("核实人"))
    review_note = models.CharField(_("核实说明"), max_length=255, blank=True)

    class Meta:
        ordering = ["-year", "-month", "indicator_id", "region_id", "rule"]
        verbose_name = _("数据疑点")
        verbose_name_plural = _("数据疑点")
        constraints = [
            models.UniqueConstraint(fields=["observation", "rule"], name="check_flag_unique"),
        ]
        indexes = [models.Index(fields=["status", "year", "month"], name="flag_status_period")]

    def __str__(self) -> str:
        return f"{self.observation_id} {self.rule}"
