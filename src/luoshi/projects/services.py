"""Every write to projects: the project itself, its lifecycle, monthly investment, lists,
包保 helpers and their visits, blockers. Pages, API, command line and importers call these.

Who may do what:
- ``projects.manage`` (HQ) over projects in its data scope: everything;
- ``projects.report`` (a unit's reporter): investment and stage of projects its unit leads,
  and resolving the blockers assigned to its unit;
- a 包保 helper (a user whose official helps the project): visits and blockers of it.

The computations that pages, briefs and warnings read live in ``luoshi.projects.stats``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from luoshi.core import audit
from luoshi.core.errors import Conflict, DomainError, InvalidInput, NotFound, PermissionDenied
from luoshi.core.models import Region
from luoshi.core.permissions import Access, DataScope, access_for, unit_in_scope, unit_scope_q
from luoshi.core.uscc import check_uscc
from luoshi.orgs.models import Official, Unit
from luoshi.projects import derivation
from luoshi.projects.models import (
    STAGE_ORDER,
    Blocker,
    BlockerStatus,
    Helper,
    Industry,
    ListLevel,
    ListMembership,
    MonthlyInvestment,
    Project,
    ProjectKind,
    ProjectList,
    Stage,
    StageChange,
    Visit,
    YearPlan,
)

PROJECT_FIELDS = ("code", "name", "region", "lead_unit", "investor_name", "investor_uscc",
                  "industry", "kind", "total_investment", "planned_start_year", "location",
                  "description")
MAX_MONEY = Decimal("1e15")


# --- data scope ------------------------------------------------------------------------

def project_scope_q(access: Access, prefix: str = "") -> Q:
    """Projects within the access's data scope: HQ sees its region's projects (by the
    project's own region), a unit the projects it (or a unit under it) leads."""
    if access.scope == DataScope.ALL:
        return Q()
    if access.scope == DataScope.REGION:
        if not access.region_prefix:
            return Q(pk__in=[])
        return Q(**{f"{prefix}region__code__startswith": access.region_prefix})
    return unit_scope_q(access, f"{prefix}lead_unit")


def project_in_scope(access: Access, project: Project) -> bool:
    if access.scope == DataScope.ALL:
        return True
    if access.scope == DataScope.REGION:
        return bool(access.region_prefix) and project.region_id.startswith(access.region_prefix)
    return unit_in_scope(access, project.lead_unit)


def is_helper(actor, project: Project) -> bool:
    official_id = getattr(actor, "official_id", None)
    return bool(official_id) and Helper.objects.filter(project=project, official_id=official_id).exists()


def can_manage(actor, project: Project) -> bool:
    access = access_for(actor)
    return access.has("projects.manage") and project_in_scope(access, project)


def can_report(actor, project: Project) -> bool:
    """Manage it, or report for its lead unit."""
    access = access_for(actor)
    return can_manage(actor, project) or (
        access.has("projects.report") and unit_in_scope(access, project.lead_unit))


def can_resolve(actor, blocker: Blocker) -> bool:
    access = access_for(actor)
    return can_manage(actor, blocker.project) or (
        access.has("projects.report") and unit_in_scope(access, blocker.unit))


def require_manager(actor, project: Project | None = None, region: Region | None = None) -> None:
    access = access_for(actor)
    access.require("projects.manage")
    if project is not None and not project_in_scope(access, project):
        raise PermissionDenied(f"项目“{project.name}”不在您的数据范围内")
    if region is not None and not (access.sees_all or region.code.startswith(access.region_prefix or "-")):
        raise PermissionDenied(f"区划“{region.name}”不在您的数据范围内", code="out_of_scope")


def _require_reporter(actor, project: Project) -> None:
    if not can_report(actor, project):
        raise PermissionDenied("只有项目牵头单位的填报员或指挥部可以填报该项目")


def _actor_name(actor) -> str:
    return getattr(actor, "username", "") or "system"


def _actor_id(actor):
    return getattr(actor, "pk", None)


# --- the project -----------------------------------------------------------------------

@dataclass
class ProjectData:
    code: str
    name: str
    region_code: str
    lead_unit_code: str
    industry: str
    kind: str
    total_investment: Decimal
    investor_name: str = ""
    investor_uscc: str = ""
    planned_start_year: int | None = None
    location: str = ""
    description: str = ""
    stage: str = Stage.PLANNING  # only read when creating; later moves go through change_stage
    stage_since: dt.date | None = None


def _money(value, field_name: str, label: str) -> Decimal:
    if value is None:
        raise InvalidInput(f"请填写{label}", field=field_name)
    if not isinstance(value, Decimal):
        try:
            value = Decimal(str(value))
        except ArithmeticError:
            raise InvalidInput(f"{label}“{value}”不是数字", field=field_name) from None
    if not value.is_finite() or abs(value) >= MAX_MONEY:
        raise InvalidInput(f"{label}“{value}”无效", field=field_name)
    if value.as_tuple().exponent < -4:
        raise InvalidInput(f"{label}最多保留4位小数（万元）", field=field_name)
    return value


def _clean(data: ProjectData) -> tuple[Region, Unit, dict]:
    values = {
        "code": data.code.strip(), "name": data.name.strip(),
        "investor_name": data.investor_name.strip(), "location": data.location.strip(),
        "description": data.description.strip(), "planned_start_year": data.planned_start_year,
    }
    if not values["code"]:
        raise InvalidInput("请填写项目编号", field="code")
    if len(values["code"]) > 32 or any(ch.isspace() for ch in values["code"]):
        raise InvalidInput("项目编号最多32个字符，中间不能有空格", field="code")
    if not values["name"]:
        raise InvalidInput("请填写项目名称", field="name")
    if len(values["name"]) > 200:
        raise InvalidInput("项目名称最多200个字", field="name")
    region = Region.objects.filter(pk=data.region_code).first()
    if region is None:
        raise InvalidInput(f"区划代码“{data.region_code}”不存在", field="region")
    unit = Unit.objects.select_related("region").filter(code=data.lead_unit_code).first()
    if unit is None:
        raise InvalidInput(f"单位编码“{data.lead_unit_code}”不存在", field="lead_unit")
    if data.industry not in Industry.values:
        raise InvalidInput(f"行业门类“{data.industry}”应为GB/T 4754的门类字母A—T", field="industry")
    if data.kind not in ProjectKind.values:
        raise InvalidInput(f"项目类型“{data.kind}”无效", field="kind")
    values["industry"], values["kind"] = data.industry, data.kind
    total = _money(data.total_investment, "total_investment", "总投资")
    if total <= 0:
        raise InvalidInput("总投资应大于0（万元）", field="total_investment")
    values["total_investment"] = total
    uscc = data.investor_uscc.strip()
    if uscc:
        try:
            uscc = check_uscc(uscc).code
        except DomainError as exc:
            raise InvalidInput(exc.message, field="investor_uscc") from exc
    values["investor_uscc"] = uscc
    year = data.planned_start_year
    if year is not None and not 1990 <= year <= 2100:
        raise InvalidInput(f"计划开工年份“{year}”无效，请填写四位年份", field="planned_start_year")
    return region, unit, values


@transaction.atomic
def create_project(*, actor, data: ProjectData) -> Project:
    region, unit, values = _clean(data)
    require_manager(actor, region=region)
    if Project.objects.filter(code=values["code"]).exists():
        raise Conflict(f"项目编号“{values['code']}”已被使用", code="duplicate_code")
    if data.stage not in Stage.values:
        raise InvalidInput(f"项目阶段“{data.stage}”无效", field="stage")
    since = data.stage_since or timezone.localdate()
    project = Project.objects.create(region=region, lead_unit=unit, stage=data.stage,
                                     stage_since=since, **values)
    StageChange.objects.create(project=project, from_stage="", to_stage=data.stage, on=since,
                               actor_id=_actor_id(actor), actor_name=_actor_name(actor))
    audit.record_saved(actor=actor, obj=project, before=None, fields=(*PROJECT_FIELDS, "stage"))
    return project


@transaction.atomic
def update_project(*, actor, project: Project, data: ProjectData) -> Project:
    require_manager(actor, project)
    region, unit, values = _clean(data)
    require_manager(actor, region=region)
    if Project.objects.filter(code=values["code"]).exclude(pk=project.pk).exists():
        raise Conflict(f"项目编号“{values['code']}”已被使用", code="duplicate_code")
    before = audit.snapshot(project, PROJECT_FIELDS)
    for name, value in values.items():
        setattr(project, name, value)
    project.region, project.lead_unit = region, unit
    project.save()
    audit.record_saved(actor=actor, obj=project, before=before, fields=PROJECT_FIELDS)
    return project


@transaction.atomic
def change_stage(*, actor, project: Project, stage: str, on: dt.date, reason: str = "") -> StageChange:
    """Move the project to ``stage`` on ``on``. Forward moves may skip stages; a move
    backwards needs a reason. The date may not precede the last move nor lie in the future."""
    _require_reporter(actor, project)
    if stage not in Stage.values:
        raise InvalidInput(f"项目阶段“{stage}”无效", field="stage")
    if stage == project.stage:
        raise Conflict(f"项目已处于“{project.get_stage_display()}”阶段", code="same_stage")
    reason = reason.strip()
    backwards = STAGE_ORDER[stage] < STAGE_ORDER[project.stage]
    if backwards and not reason:
        raise InvalidInput(f"从“{project.get_stage_display()}”退回到“{Stage(stage).label}”须写明原因",
                           field="reason")
    if on > timezone.localdate():
        raise InvalidInput("日期不能晚于今天", field="on")
    if on < project.stage_since:
        raise InvalidInput(f"日期不能早于进入当前阶段的日期{project.stage_since:%Y-%m-%d}", field="on")
    old = project.stage
    project.stage, project.stage_since = stage, on
    project.save(update_fields=["stage", "stage_since", "updated_at"])
    change = StageChange.objects.create(project=project, from_stage=old, to_stage=stage, on=on,
                                        reason=reason, actor_id=_actor_id(actor),
                                        actor_name=_actor_name(actor))
    audit.record(actor=actor, action="stage_back" if backwards else "stage", obj=project,
                 before={"stage": old}, after={"stage": stage, "on": on, "reason": reason})
    return change


@transaction.atomic
def set_year_plans(*, actor, project: Project, plans: dict[int, Decimal]) -> None:
    """Replace the project's planned investment per year with ``plans``."""
    require_manager(actor, project)
    cleaned = {}
    for year, amount in plans.items():
        if not 1990 <= int(year) <= 2100:
            raise InvalidInput(f"年度“{year}”无效", field="year_plans")
        cleaned[int(year)] = _money(amount, "year_plans", f"{year}年计划投资")
        if cleaned[int(year)] < 0:
            raise InvalidInput(f"{year}年计划投资不能为负数", field="year_plans")
    before = {y.year: y.amount for y in project.year_plans.all()}
    if before == cleaned:
        return
    project.year_plans.exclude(year__in=list(cleaned)).delete()
    for year, amount in cleaned.items():
        YearPlan.objects.update_or_create(project=project, year=year, defaults={"amount": amount})
    audit.record(actor=actor, action="year_plans", obj=project, before={"year_plans": before},
                 after={"year_plans": cleaned})


# --- monthly investment ----------------------------------------------------------------

@dataclass
class InvestmentEntry:
    """What a reporter states for a month: the month's amount, the year's cumulative, or
    both (they must then agree). ``note`` explains a cumulative that falls."""

    year: int
    month: int
    completed: Decimal | None = None
    cumulative: Decimal | None = None
    note: str = ""


def _derive(entry: InvestmentEntry, previous: Decimal) -> tuple[Decimal, Decimal]:
    completed, cumulative = entry.completed, entry.cumulative
    if completed is None and cumulative is None:
        raise InvalidInput("请填写当月完成投资或年内累计完成投资", field="completed")
    if completed is not None:
        completed = _money(completed, "completed", "当月完成投资")
    if cumulative is not None:
        cumulative = _money(cumulative, "cumulative", "年内累计完成投资")
        if cumulative < 0:
            raise InvalidInput("年内累计完成投资不能为负数", field="cumulative")
    if completed is None:
        completed = cumulative - previous
    elif cumulative is None:
        cumulative = previous + completed
    elif previous + completed != cumulative:
        raise InvalidInput(f"当月{completed}万元加上月累计{previous}万元应为{previous + completed}万元，"
                           f"与所填累计{cumulative}万元不符，请核对", field="cumulative")
    return completed, cumulative


@transaction.atomic
def record_investment(*, actor, project: Project, entry: InvestmentEntry) -> MonthlyInvestment:
    """Record a month's investment. The cumulative of every later month of the year follows
    (months are the source; cumulatives are recomputed from them). A month that would make
    the cumulative fall is refused unless ``note`` explains it; it is then kept flagged."""
    _require_reporter(actor, project)
    if not 1 <= entry.month <= 12 or not 1990 <= entry.year <= 2100:
        raise InvalidInput(f"月份“{entry.year}-{entry.month}”无效", field="month")
    today = timezone.localdate()
    if (entry.year, entry.month) > (today.year, today.month):
        raise InvalidInput(f"{entry.year}年{entry.month}月尚未到来，不能填报", field="month")
    rows = {r.month: r for r in MonthlyInvestment.objects.select_for_update()
            .filter(project=project, year=entry.year)}
    cumulative = {m: r.cumulative for m, r in rows.items()}
    previous = derivation.previous_cumulative(cumulative, entry.month)
    completed, total = _derive(entry, previous)
    note = entry.note.strip()[:255]
    if completed < 0 and not note:
        raise InvalidInput(f"年内累计{total}万元低于上月累计{previous}万元（当月为{completed}万元）："
                           "如确属统计调整，请在“说明”中写明原因", field="cumulative", code="cumulative_falls")
    current = rows.get(entry.month)
    before = ({"completed": current.completed, "cumulative": current.cumulative, "note": current.note}
              if current else None)
    monthly = {m: r.completed for m, r in rows.items()}
    monthly[entry.month] = completed
    for month, amount in derivation.cumulate(monthly).items():
        row = rows.get(month)
        if month == entry.month:
            row = row or MonthlyInvestment(project=project, year=entry.year, month=month)
            row.completed, row.note = completed, note
        if row.cumulative != amount or month == entry.month:
            row.cumulative, row.fell = amount, row.completed < 0
            row.save()
        rows[month] = row
    row = rows[entry.month]
    refresh_last_invested(project)
    after = {"completed": row.completed, "cumulative": row.cumulative, "note": row.note}
    if after != before:
        audit.record(actor=actor, action="investment" if before else "create", obj=project,
                     object_type="projects.monthlyinvestment", object_id=str(row.pk),
                     object_repr=f"{project.name} {row.period}", before=before, after=after)
    return row


def refresh_last_invested(project: Project) -> None:
    """Recompute the project's latest month with investment from its monthly rows."""
    latest = (MonthlyInvestment.objects.filter(project=project, completed__gt=0)
              .order_by("-year", "-month").values_list("year", "month").first())
    value = latest[0] * 100 + latest[1] if latest else None
    if value != project.last_invested:
        project.last_invested = value
        project.save(update_fields=["last_invested"])


# --- lists -----------------------------------------------------------------------------

def _list_level(name: str) -> str:
    return ListLevel.PROVINCE if name.startswith("省") else (
        ListLevel.CITY if name.startswith("市") else ListLevel.COUNTY)


@transaction.atomic
def ensure_list(*, actor, name: str, year: int, level: str = "") -> ProjectList:
    """The list ``name`` of ``year``, created when missing (level from the name: 省…/市…)."""
    access_for(actor).require("projects.manage")
    name = name.strip()
    if not name or len(name) > 100:
        raise InvalidInput("清单名称应为1—100个字", field="lists")
    found = ProjectList.objects.filter(name=name, year=year).first()
    if found:
        return found
    created = ProjectList.objects.create(name=name, year=year, level=level or _list_level(name))
    audit.record_saved(actor=actor, obj=created, before=None, fields=("name", "year", "level"))
    return created


@transaction.atomic
def set_lists(*, actor, project: Project, lists: list[ProjectList]) -> None:
    """Make ``lists`` exactly the lists the project belongs to."""
    require_manager(actor, project)
    before = sorted(str(x) for x in project.lists.all())
    wanted = {x.pk for x in lists}
    ListMembership.objects.filter(project=project).exclude(project_list_id__in=wanted).delete()
    have = set(ListMembership.objects.filter(project=project).values_list("project_list_id", flat=True))
    ListMembership.objects.bulk_create(ListMembership(project=project, project_list_id=pk)
                                       for pk in wanted - have)
    after = sorted(str(x) for x in lists)
    if before != after:
        audit.record(actor=actor, action="lists", obj=project, before={"lists": before},
                     after={"lists": after})


# --- 包保 helpers and visits -------------------------------------------------------------

@transaction.atomic
def assign_helper(*, actor, project: Project, official: Official, on: dt.date | None = None) -> Helper:
    require_manager(actor, project)
    access = access_for(actor)
    if not (access.sees_all or official.unit.region_id.startswith(access.region_prefix or "-")):
        raise PermissionDenied(f"{official}不在您的数据范围内")
    if not official.is_active:
        raise InvalidInput(f"{official}已离任，不能包保项目", field="official")
    if Helper.objects.filter(project=project, official=official).exists():
        raise Conflict(f"{official}已是该项目的包保领导", code="duplicate_helper")
    helper = Helper.objects.create(project=project, official=official,
                                   assigned_on=on or timezone.localdate())
    audit.record(actor=actor, action="helper_add", obj=project, after={"official": str(official)})
    return helper


@transaction.atomic
def remove_helper(*, actor, helper: Helper) -> None:
    require_manager(actor, helper.project)
    audit.record(actor=actor, action="helper_remove", obj=helper.project,
                 before={"official": str(helper.official)})
    helper.delete()


@transaction.atomic
def record_visit(*, actor, project: Project, visited_on: dt.date, notes: str,
                 official: Official | None = None) -> Visit:
    """A helper records its own visit; HQ may record one for any helper of the project."""
    own = getattr(actor, "official_id", None)
    official = official or (Official.objects.filter(pk=own).first() if own else None)
    if official is None:
        raise InvalidInput("请选择走访的包保领导", field="official")
    if not Helper.objects.filter(project=project, official=official).exists():
        raise InvalidInput(f"{official}不是该项目的包保领导", field="official")
    if official.pk != own and not can_manage(actor, project):
        raise PermissionDenied("只有包保领导本人或指挥部可以登记走访")
    if not notes.strip():
        raise InvalidInput("请填写走访情况", field="notes")
    if visited_on > timezone.localdate():
        raise InvalidInput("走访日期不能晚于今天", field="visited_on")
    visit = Visit.objects.create(project=project, official=official, visited_on=visited_on,
                                 notes=notes.strip(), recorded_by_id=_actor_id(actor))
    audit.record_saved(actor=actor, obj=visit, before=None,
                       fields=("project", "official", "visited_on", "notes"))
    return visit


# --- blockers --------------------------------------------------------------------------

@dataclass
class BlockerData:
    title: str
    unit_code: str
    deadline: dt.date
    found_on: dt.date
    description: str = ""


BLOCKER_FIELDS = ("project", "title", "description", "found_on", "unit", "deadline", "status",
                  "resolution", "resolved_on")


@transaction.atomic
def raise_blocker(*, actor, project: Project, data: BlockerData) -> Blocker:
    """Record a problem found on site and assign it to a unit with a deadline. HQ, the
    project's helpers and its lead unit's reporter may do so."""
    if not (can_report(actor, project) or is_helper(actor, project)):
        raise PermissionDenied("只有包保领导、项目牵头单位或指挥部可以登记项目难题")
    title = data.title.strip()
    if not title:
        raise InvalidInput("请填写问题", field="title")
    if len(title) > 200:
        raise InvalidInput("问题最多200个字，详情请写在“具体情况”中", field="title")
    unit = Unit.objects.filter(code=data.unit_code).first()
    if unit is None:
        raise InvalidInput(f"单位编码“{data.unit_code}”不存在", field="unit")
    if data.found_on > timezone.localdate():
        raise InvalidInput("发现日期不能晚于今天", field="found_on")
    if data.deadline < data.found_on:
        raise InvalidInput("解决时限不能早于发现日期", field="deadline")
    blocker = Blocker.objects.create(project=project, title=title, description=data.description.strip(),
                                     found_on=data.found_on, unit=unit, deadline=data.deadline,
                                     raised_by_id=_actor_id(actor))
    audit.record_saved(actor=actor, obj=blocker, before=None, fields=BLOCKER_FIELDS)
    return blocker


@transaction.atomic
def resolve_blocker(*, actor, blocker: Blocker, resolution: str, resolved_on: dt.date | None = None) -> Blocker:
    """The responsible unit (or HQ) closes the blocker with how it was resolved."""
    if not can_resolve(actor, blocker):
        raise PermissionDenied(f"只有责任单位“{blocker.unit.name}”或指挥部可以办结该难题")
    if blocker.status == BlockerStatus.RESOLVED:
        raise Conflict("该难题已解决", code="already_resolved")
    if not resolution.strip():
        raise InvalidInput("请填写解决情况", field="resolution")
    resolved_on = resolved_on or timezone.localdate()
    if resolved_on > timezone.localdate() or resolved_on < blocker.found_on:
        raise InvalidInput("解决日期应在发现日期和今天之间", field="resolved_on")
    before = audit.snapshot(blocker, BLOCKER_FIELDS)
    blocker.status, blocker.resolution = BlockerStatus.RESOLVED, resolution.strip()
    blocker.resolved_on, blocker.resolved_by_id = resolved_on, _actor_id(actor)
    blocker.save()
    audit.record(actor=actor, action="resolve", obj=blocker, before=before,
                 after=audit.snapshot(blocker, BLOCKER_FIELDS))
    return blocker


def get_project(code: str) -> Project:
    project = Project.objects.select_related("region", "lead_unit__region").filter(code=code).first()
    if project is None:
        raise NotFound(f"项目编号“{code}”不存在")
    return project
