"""Investment-attraction leads (招商线索): 洽谈 → 签约 → 落位, and the money that arrives."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.core.industries import Industry
from luoshi.core.models import Region
from luoshi.orgs.models import Unit


class Origin(models.TextChoices):
    IN_PROVINCE = "in_province", _("省内")
    OUT_OF_PROVINCE = "out_of_province", _("省外")
    ABROAD = "abroad", _("境外")


# Money from these origins is 域外 money: its arrival is counted month by month.
OUTSIDE_ORIGINS = (Origin.OUT_OF_PROVINCE, Origin.ABROAD)


class Stage(models.TextChoices):
    NEGOTIATING = "negotiating", _("洽谈")
    SIGNED = "signed", _("签约")
    LANDED = "landed", _("落位")
    TERMINATED = "terminated", _("终止")


# The pipeline's stages in order; 终止 is outside it.
PIPELINE = (Stage.NEGOTIATING, Stage.SIGNED, Stage.LANDED)
# The date field recording when a lead entered each stage.
STAGE_DATE_FIELD = {
    Stage.NEGOTIATING: "negotiating_on",
    Stage.SIGNED: "signed_on",
    Stage.LANDED: "landed_on",
    Stage.TERMINATED: "terminated_on",
}


class Lead(models.Model):
    """One investor's intended project, followed by a unit until it lands or is dropped."""

    title = models.CharField(_("项目名称"), max_length=200)
    investor = models.CharField(_("投资方"), max_length=200)
    investor_uscc = models.CharField(_("投资方统一社会信用代码"), max_length=18, blank=True)
    origin = models.CharField(_("投资方来源"), max_length=16, choices=Origin.choices)
    investor_place = models.CharField(_("投资方所在地"), max_length=64, blank=True)
    industry = models.CharField(_("行业门类"), max_length=1, choices=Industry.choices)
    intended_investment = models.DecimalField(_("意向投资额（万元）"), max_digits=16, decimal_places=4)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("落地区划"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="leads",
                             verbose_name=_("跟进单位"))
    stage = models.CharField(_("阶段"), max_length=12, choices=Stage.choices,
                             default=Stage.NEGOTIATING)
    negotiating_on = models.DateField(_("洽谈日期"))
    signed_on = models.DateField(_("签约日期"), null=True, blank=True)
    landed_on = models.DateField(_("落位日期"), null=True, blank=True)
    terminated_on = models.DateField(_("终止日期"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-negotiating_on", "-id"]
        verbose_name = _("招商线索")
        verbose_name_plural = _("招商线索")
        indexes = [
            # HQ's list pages in this order; a unit's list by its unit, in the same order.
            # (Region-scoped counts go through the region's own index: a range on the code.)
            models.Index(fields=["-negotiating_on", "-id"], name="lead_list_order"),
            models.Index(fields=["unit", "-negotiating_on"], name="lead_unit_list"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_outside(self) -> bool:
        return self.origin in OUTSIDE_ORIGINS


class StageChange(models.Model):
    """A step of a lead through its stages, as its timeline shows it."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=12, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=12, choices=Stage.choices)
    on = models.DateField(_("日期"))
    reason = models.TextField(_("原因"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                              related_name="+")
    actor_name = models.CharField(max_length=150)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.from_stage}→{self.to_stage} {self.on}"


class FundsArrival(models.Model):
    """域外 money arrived for a lead in one month (到位额, 万元)."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="funds")
    month = models.CharField(_("月份"), max_length=7)  # 2023-06
    amount = models.DecimalField(_("到位额（万元）"), max_digits=16, decimal_places=4)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["month", "lead_id"]
        verbose_name = _("到位资金")
        verbose_name_plural = _("到位资金")
        constraints = [
            models.UniqueConstraint(fields=["lead", "month"], name="funds_unique_per_month"),
        ]
        # No index leading with month: the sums go lead first (the unique index serves
        # them), and SQLite, offered one, scans a whole year of funds instead (300 ms vs 18).

    def __str__(self) -> str:
        return f"{self.month} {self.lead_id}: {self.amount}"
