from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import Region


class BriefKind(models.TextChoices):
    BULLETIN = "bulletin", _("简报")
    NOTICE = "notice", _("通报")
    REVIEW = "review", _("综述")


class BriefStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    ISSUED = "issued", _("已签发")


class SectionTemplate(models.Model):
    """One section of a generated brief: the data it draws on (``source``, a name in
    :data:`luoshi.briefs.sections.SOURCES`) and the text HQ staff write around the figures."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    heading = models.CharField(_("标题"), max_length=100)
    source = models.CharField(_("数据来源"), max_length=40)
    kinds = models.JSONField(_("适用的简报类型"), default=list, blank=True)  # empty: all
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    text = models.TextField(_("模板"))
    is_active = models.BooleanField(_("启用"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("简报段落模板")
        verbose_name_plural = _("简报段落模板")

    def __str__(self) -> str:
        return self.heading

    def applies_to(self, kind: str) -> bool:
        return not self.kinds or kind in self.kinds


class Brief(models.Model):
    kind = models.CharField(_("类型"), max_length=10, choices=BriefKind.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("行政区划"))
    period = models.CharField(_("报告期"), max_length=7)  # the month the figures run to
    title = models.CharField(_("标题"), max_length=200)
    issuing_body = models.CharField(_("发文机关"), max_length=100)
    year = models.PositiveSmallIntegerField(_("年度"))
    number = models.PositiveIntegerField(_("期号"))
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)
    copy_to = models.CharField(_("抄送"), max_length=300, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=BriefStatus.choices,
                              default=BriefStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+", null=True, blank=True)

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = _("简报")
        verbose_name_plural = _("简报")
        constraints = [models.UniqueConstraint(fields=["issuing_body", "kind", "year", "number"],
                                               name="brief_number_unique")]
        indexes = [models.Index(fields=["region", "period"])]

    def __str__(self) -> str:
        return self.title

    @property
    def number_label(self) -> str:
        return f"第{self.number}期"

    @property
    def masthead_name(self) -> str:
        """The document's name in its masthead. A brief is an official document in Chinese,
        whatever the language of the reader's pages."""
        with translation.override(settings.LANGUAGE_CODE):
            return f"全面振兴新突破工作{self.get_kind_display()}"

    @property
    def is_issued(self) -> bool:
        return self.status == BriefStatus.ISSUED


class BriefSection(models.Model):
    """A section's text and the figures in it. ``figures`` keeps, for each figure, its text,
    exact value and the rows it came from as they were when generated: an issued brief shows
    its provenance even after the data change."""

    brief = models.ForeignKey(Brief, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(default=0)
    code = models.CharField(max_length=40)
    heading = models.CharField(_("标题"), max_length=100)
    body = models.TextField(_("正文"), blank=True)
    figures = models.JSONField(default=list)
    edited = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.heading


class Instruction(models.Model):
    """A leader's 批示 on an issued brief or one of its sections."""

    brief = models.ForeignKey(Brief, on_delete=models.CASCADE, related_name="instructions")
    section = models.ForeignKey(BriefSection, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="instructions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("批示内容"))
    written_on = models.DateField(_("批示日期"))
    created_at = models.DateTimeField(auto_now_add=True)
    order_id = models.PositiveIntegerField(null=True, blank=True)  # the supervision order it became
    order_label = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["written_on", "id"]

    def __str__(self) -> str:
        return self.text[:30]
