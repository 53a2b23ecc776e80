"""Briefing texts pasted or uploaded by HQ, and what HQ decided about the facts read from
them: accepted into an indicator observation (linked back to the text's span) or rejected.

Facts themselves are not stored: extraction is a pure function of the text, run again
whenever the text is shown, and a decision is keyed by the fact's span in the text.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import Region


class SourceText(models.Model):
    """A press text or briefing as it was given, character for character."""

    title = models.CharField(_("标题"), max_length=255)
    text = models.TextField(_("原文"))
    file_name = models.CharField(_("文件名"), max_length=255, blank=True)
    fact_count = models.PositiveIntegerField(_("提取数据数"), default=0)
    accepted_count = models.PositiveIntegerField(_("已采纳"), default=0)
    rejected_count = models.PositiveIntegerField(_("不采纳"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("提交人"))
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("文本")
        verbose_name_plural = _("文本")

    def __str__(self) -> str:
        return self.title


class DecisionStatus(models.TextChoices):
    ACCEPTED = "accepted", _("已采纳")
    REJECTED = "rejected", _("不采纳")


class FactDecision(models.Model):
    """HQ's decision on one fact of a text, remembered so it is not asked again."""

    source = models.ForeignKey(SourceText, on_delete=models.CASCADE, related_name="decisions",
                               verbose_name=_("文本"))
    start = models.PositiveIntegerField(_("起始位置"))
    end = models.PositiveIntegerField(_("结束位置"))
    value = models.DecimalField(_("数值"), max_digits=24, decimal_places=6)
    unit = models.CharField(_("单位"), max_length=16)
    label = models.CharField(_("指标名称（原文）"), max_length=128, blank=True)
    status = models.CharField(_("处理结果"), max_length=10, choices=DecisionStatus.choices)
    indicator = models.ForeignKey("indicators.Indicator", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+",
                                  verbose_name=_("指标"))
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("行政区划"))
    period = models.CharField(_("期间"), max_length=16, blank=True)
    value_kind = models.CharField(_("数值类型"), max_length=12, blank=True)
    observation = models.ForeignKey("indicators.Observation", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("指标值"))
    reason = models.CharField(_("不采纳原因"), max_length=255, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("处理人"))
    decided_at = models.DateTimeField(_("处理时间"), auto_now=True)

    class Meta:
        ordering = ["source_id", "start"]
        verbose_name = _("数据处理结果")
        verbose_name_plural = _("数据处理结果")
        constraints = [
            models.UniqueConstraint(fields=["source", "start", "end"], name="fact_decision_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.source_id}@{self.start}-{self.end} {self.status}"
