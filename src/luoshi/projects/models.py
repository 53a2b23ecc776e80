"""Major projects (项目为王): lifecycle, investment, lists, 包保 helpers and blockers.

Money is held in 万元 as Decimal. A project's stage moves through ``Stage`` (谋划/储备 →
前期 → 签约 → 开工 → 在建 → 竣工 → 投产); every move is kept in ``StageChange`` with its
date. Monthly investment is one row per project and month holding the month's completed
amount and the year's cumulative, which ``services`` keeps consistent.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.core.industries import Industry
from luoshi.core.models import Region
from luoshi.orgs.models import Official, Unit

MONEY = {"max_digits": 20, "decimal_places": 4}


class Stage(models.TextChoices):
    PLANNING = "planning", _("谋划储备")
    PRELIMINARY = "preliminary", _("前期")
    SIGNED = "signed", _("签约")
    STARTED = "started", _("开工")
    BUILDING = "building", _("在建")
    COMPLETED = "completed", _("竣工")
    OPERATING = "operating", _("投产")


STAGE_ORDER = {stage: index for index, stage in enumerate(Stage.values)}
# Stages in which investment is expected every month: a project there without any is stalled.
CONSTRUCTION_STAGES = (Stage.STARTED, Stage.BUILDING)


class ProjectKind(models.TextChoices):
    INDUSTRIAL = "industrial", _("工业项目")
    INFRASTRUCTURE = "infrastructure", _("基础设施")
    SOCIAL = "social", _("社会民生")
    SERVICE = "service", _("服务业")
    AGRICULTURE = "agriculture", _("农业农村")
    REAL_ESTATE = "real_estate", _("房地产")
    OTHER = "other", _("其他")


class Project(models.Model):
    code = models.CharField(_("项目编号"), max_length=32, unique=True)
    name = models.CharField(_("项目名称"), max_length=200)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="projects",
                               verbose_name=_("所在区划"))
    lead_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="projects",
                                  verbose_name=_("牵头单位"))
    investor_name = models.CharField(_("投资主体"), max_length=200, blank=True)
    investor_uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    industry = models.CharField(_("行业门类"), max_length=1, choices=Industry.choices)
    kind = models.CharField(_("项目类型"), max_length=16, choices=ProjectKind.choices)
    total_investment = models.DecimalField(_("总投资（万元）"), **MONEY)
    stage = models.CharField(_("项目阶段"), max_length=12, choices=Stage.choices,
                             default=Stage.PLANNING)
    stage_since = models.DateField(_("进入本阶段日期"))
    planned_start_year = models.PositiveSmallIntegerField(_("计划开工年份"), null=True, blank=True)
    # The latest month (202306) with investment completed, recomputed from the monthly rows
    # by ``services.record_investment``: the stalled filter reads it from the project row.
    last_invested = models.PositiveIntegerField(_("最近完成投资月份"), null=True, blank=True, editable=False)
    location = models.CharField(_("建设地点"), max_length=200, blank=True)
    description = models.TextField(_("建设内容"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("项目")
        verbose_name_plural = _("项目")
        indexes = [
            models.Index(fields=["region", "code"]),
            models.Index(fields=["lead_unit", "code"]),
            models.Index(fields=["stage", "planned_start_year"]),
            models.Index(fields=["stage", "last_invested"]),
        ]

    def __str__(self) -> str:
        return self.name


class YearPlan(models.Model):
    """The investment planned for a project in one year (年度计划投资)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="year_plans")
    year = models.PositiveSmallIntegerField(_("年度"))
    amount = models.DecimalField(_("计划投资（万元）"), **MONEY)

    class Meta:
        ordering = ["project_id", "year"]
        constraints = [models.UniqueConstraint(fields=["project", "year"], name="year_plan_unique")]

    def __str__(self) -> str:
        return f"{self.project_id} {self.year}: {self.amount}"


class StageChange(models.Model):
    """One move of a project's lifecycle, dated; a move backwards carries its reason."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=12, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=12, choices=Stage.choices)
    on = models.DateField(_("日期"))
    reason = models.TextField(_("原因"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                              related_name="+")
    actor_name = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project_id", "on", "id"]

    def __str__(self) -> str:
        return f"{self.from_stage}→{self.to_stage} {self.on}"

    @property
    def is_backwards(self) -> bool:
        return bool(self.from_stage) and STAGE_ORDER[self.to_stage] < STAGE_ORDER[self.from_stage]


class MonthlyInvestment(models.Model):
    """Investment completed in a month (当月) and in the year up to it (年内累计), 万元.

    ``fell`` marks a cumulative lower than the month before's — a negative month, kept only
    with its ``note`` saying why (a statistics correction), never silently.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="investments")
    year = models.PositiveSmallIntegerField(_("年份"))
    month = models.PositiveSmallIntegerField(_("月份"))
    completed = models.DecimalField(_("当月完成投资（万元）"), **MONEY)
    cumulative = models.DecimalField(_("年内累计完成投资（万元）"), **MONEY)
    fell = models.BooleanField(_("累计值下降"), default=False)
    note = models.CharField(_("说明"), max_length=255, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["project_id", "year", "month"]
        verbose_name = _("月度投资")
        verbose_name_plural = _("月度投资")
        constraints = [
            models.UniqueConstraint(fields=["project", "year", "month"], name="investment_unique_month"),
            models.CheckConstraint(condition=models.Q(month__gte=1, month__lte=12),
                                   name="investment_month_1_12"),
        ]
        # A month's rows of every project: the statistics by region and month read it.
        indexes = [models.Index(fields=["year", "month", "project"], name="investment_month_idx")]

    def __str__(self) -> str:
        return f"{self.project_id} {self.period}"

    @property
    def period(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


class ListLevel(models.TextChoices):
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")


class ProjectList(models.Model):
    """A list of projects for a year: 省重大项目 (the province's 300), 市重点项目…"""

    name = models.CharField(_("清单名称"), max_length=100)
    year = models.PositiveSmallIntegerField(_("年度"))
    level = models.CharField(_("级别"), max_length=12, choices=ListLevel.choices)
    projects = models.ManyToManyField(Project, through="ListMembership", related_name="lists")

    class Meta:
        ordering = ["-year", "level", "name"]
        verbose_name = _("项目清单")
        verbose_name_plural = _("项目清单")
        constraints = [models.UniqueConstraint(fields=["name", "year"], name="project_list_unique")]

    def __str__(self) -> str:
        return f"{self.year}年{self.name}"


class ListMembership(models.Model):
    project_list = models.ForeignKey(ProjectList, on_delete=models.CASCADE, related_name="memberships")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project_list", "project"],
                                               name="list_membership_unique")]
        indexes = [models.Index(fields=["project", "project_list"])]

    def __str__(self) -> str:
        return f"{self.project_list_id}:{self.project_id}"


class Helper(models.Model):
    """An official assigned to help a project (包保领导/干部)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="helpers")
    official = models.ForeignKey(Official, on_delete=models.PROTECT, related_name="helped_projects")
    assigned_on = models.DateField(_("包保日期"))

    class Meta:
        ordering = ["project_id", "id"]
        constraints = [models.UniqueConstraint(fields=["project", "official"], name="helper_unique")]

    def __str__(self) -> str:
        return f"{self.official} → {self.project_id}"


class Visit(models.Model):
    """A helper's visit to the project site (走访/调度) with what was seen and done."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="visits")
    official = models.ForeignKey(Official, on_delete=models.PROTECT, related_name="project_visits")
    visited_on = models.DateField(_("走访日期"))
    notes = models.TextField(_("走访情况"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["project", "visited_on"])]

    def __str__(self) -> str:
        return f"{self.official_id} {self.visited_on}"


class BlockerStatus(models.TextChoices):
    OPEN = "open", _("待解决")
    RESOLVED = "resolved", _("已解决")


class Blocker(models.Model):
    """A problem holding a project back (问题/难题), assigned to a unit to resolve by a deadline."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="blockers")
    title = models.CharField(_("问题"), max_length=200)
    description = models.TextField(_("具体情况"), blank=True)
    found_on = models.DateField(_("发现日期"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="project_blockers",
                             verbose_name=_("责任单位"))
    deadline = models.DateField(_("解决时限"))
    status = models.CharField(_("状态"), max_length=10, choices=BlockerStatus.choices,
                              default=BlockerStatus.OPEN)
    resolution = models.TextField(_("解决情况"), blank=True)
    resolved_on = models.DateField(_("解决日期"), null=True, blank=True)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                  related_name="+")
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("项目难题")
        verbose_name_plural = _("项目难题")
        indexes = [
            models.Index(fields=["unit", "status", "deadline"]),
            models.Index(fields=["project", "status"]),
        ]

    def __str__(self) -> str:
        return self.title
