from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("省级")
    CITY = "city", _("地级")
    COUNTY = "county", _("县级")


class Region(models.Model):
    """An administrative division keyed by its GB/T 2260 six-digit code."""

    code = models.CharField(_("区划代码"), max_length=6, primary_key=True)
    name = models.CharField(_("名称"), max_length=64)
    level = models.CharField(_("级别"), max_length=16, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        verbose_name=_("上级区划"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")

    def __str__(self) -> str:
        return self.name

    @property
    def code_prefix(self) -> str:
        """The leading digits every region inside this one shares (2104 for 抚顺 210400)."""
        if self.level == RegionLevel.PROVINCE:
            return self.code[:2]
        if self.level == RegionLevel.CITY:
            return self.code[:4]
        return self.code


class AuditEntry(models.Model):
    """One audited change. Entries are hash-chained so an edit or deletion in the
    database is detected by ``luoshi audit verify``."""

    at = models.DateTimeField(_("时间"), db_index=True)
    actor = models.ForeignKey(
        # DO_NOTHING: the actor's id is part of the entry's hash, so deleting a user must
        # not rewrite its entries; the name is kept beside it.
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.DO_NOTHING,
        related_name="+", db_constraint=False, verbose_name=_("操作人"),
    )
    actor_name = models.CharField(_("操作人"), max_length=150, blank=True)
    source = models.CharField(_("来源地址"), max_length=64, blank=True)
    action = models.CharField(_("操作"), max_length=32, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=64, db_index=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("对象"), max_length=255, blank=True)
    before = models.JSONField(_("修改前"), null=True, blank=True)
    after = models.JSONField(_("修改后"), null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")

    def __str__(self) -> str:
        return f"#{self.pk} {self.actor_name} {self.action} {self.object_repr}"


class AuditChainHead(models.Model):
    """The last entry of the chain, one row. Locking it serialises audit writes, and it
    lets verification notice when the newest entries were deleted."""

    last_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)
    count = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"audit chain head #{self.last_id}"
