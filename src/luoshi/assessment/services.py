"""Every write of the assessment: schemes, categories, members and criteria (the supervision
office's setup), hand-entered values and adjustments, and the computation of a period.

Only holders of ``supervision.manage`` write, and only schemes of a region in their scope.
Each change is audited; the computation (``compute.py``) rebuilds scores and results.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from luoshi.assessment import compute
from luoshi.assessment.metrics import get_metric
from luoshi.assessment.models import (
    HUNDRED,
    MANUAL,
    Adjustment,
    Category,
    Criterion,
    ManualValue,
    Member,
    Result,
    Scheme,
)
from luoshi.assessment.periods import parse_assessment_period
from luoshi.core import audit
from luoshi.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from luoshi.core.models import Region
from luoshi.core.permissions import access_for
from luoshi.orgs.models import Unit

SCHEME_FIELDS = ("title", "region", "year", "issuing_body")
CRITERION_FIELDS = ("name", "metric", "weight", "full_at", "zero_at", "position")


def require_manage(actor, scheme: Scheme | None = None, region_code: str = "") -> None:
    """The actor holds supervision.manage and the scheme's region is within its scope."""
    access = access_for(actor)
    access.require("supervision.manage")
    region = scheme.region_id if scheme is not None else region_code
    if region and not access.sees_all and not region.startswith(access.region_prefix or "-"):
        raise PermissionDenied("该考核方案的行政区划不在您的数据范围内")


# --- schemes ---------------------------------------------------------------------------

@dataclass
class SchemeData:
    title: str
    region_code: str
    year: int
    issuing_body: str = ""


def _clean_scheme(data: SchemeData) -> Region:
    if not data.title.strip():
        raise InvalidInput("请填写方案名称", field="title")
    if not 2000 <= int(data.year) <= 2100:
        raise InvalidInput(f"考核年度“{data.year}”无效，应为四位年份，如 2023", field="year")
    region = Region.objects.filter(pk=data.region_code).first()
    if region is None:
        raise InvalidInput(f"行政区划代码“{data.region_code}”不存在", field="region_code")
    return region


@transaction.atomic
def create_scheme(*, actor, data: SchemeData) -> Scheme:
    region = _clean_scheme(data)
    require_manage(actor, region_code=region.code)
    scheme = Scheme.objects.create(title=data.title.strip(), region=region, year=int(data.year),
                                   issuing_body=data.issuing_body.strip())
    audit.record_saved(actor=actor, obj=scheme, before=None, fields=SCHEME_FIELDS)
    return scheme


@transaction.atomic
def update_scheme(*, actor, scheme: Scheme, data: SchemeData) -> Scheme:
    require_manage(actor, scheme)
    region = _clean_scheme(data)
    require_manage(actor, region_code=region.code)
    if int(data.year) != scheme.year and scheme.results.exists():
        raise Conflict("方案已有考核结果，不能再改考核年度", code="scheme_has_results")
    before = audit.snapshot(scheme, SCHEME_FIELDS)
    scheme.title, scheme.region, scheme.year = data.title.strip(), region, int(data.year)
    scheme.issuing_body = data.issuing_body.strip()
    scheme.save()
    audit.record_saved(actor=actor, obj=scheme, before=before, fields=SCHEME_FIELDS)
    return scheme


# --- categories and their members ------------------------------------------------------

@transaction.atomic
def create_category(*, actor, scheme: Scheme, name: str) -> Category:
    require_manage(actor, scheme)
    name = name.strip()
    if not name:
        raise InvalidInput("请填写类别名称，如 县区政府、市直部门", field="name")
    if scheme.categories.filter(name=name).exists():
        raise InvalidInput(f"方案中已有类别“{name}”", field="name")
    position = scheme.categories.count()
    category = Category.objects.create(scheme=scheme, name=name, position=position)
    audit.record_saved(actor=actor, obj=category, before=None, fields=("scheme", "name"))
    return category


@transaction.atomic
def delete_category(*, actor, category: Category) -> None:
    require_manage(actor, category.scheme)
    if category.results.exists():
        raise Conflict(f"类别“{category.name}”已有考核结果，不能删除", code="category_has_results")
    audit.record(actor=actor, action="delete", obj=category,
                 before=audit.snapshot(category, ("scheme", "name")))
    category.delete()


@transaction.atomic
def set_members(*, actor, category: Category, unit_ids: Iterable[int]) -> list[Member]:
    """Make exactly ``unit_ids`` the members of ``category``. A unit must lie in the scheme's
    region and may sit in only one category of the scheme."""
    scheme = category.scheme
    require_manage(actor, scheme)
    wanted = set(int(u) for u in unit_ids)
    units = {u.pk: u for u in Unit.objects.filter(pk__in=wanted).select_related("region")}
    if missing := wanted - set(units):
        raise InvalidInput(f"单位（ID {sorted(missing)[0]}）不存在", field="units")
    prefix = scheme.region.code_prefix
    outside = [u.name for u in units.values() if not u.region_id.startswith(prefix)]
    if outside:
        raise InvalidInput(f"“{outside[0]}”不在{scheme.region.name}范围内", field="units")
    elsewhere = (Member.objects.filter(scheme=scheme, unit_id__in=wanted).exclude(category=category)
                 .select_related("unit", "category").first())
    if elsewhere is not None:
        raise InvalidInput(f"“{elsewhere.unit.name}”已在类别“{elsewhere.category.name}”中，"
                           "一个单位只能属于一个类别", field="units")
    before = sorted(category.members.values_list("unit_id", flat=True))
    category.members.exclude(unit_id__in=wanted).delete()
    Member.objects.bulk_create([Member(scheme=scheme, category=category, unit_id=u)
                                for u in sorted(wanted - set(before))])
    if sorted(wanted) != before:
        audit.record(actor=actor, action="set_members", obj=category,
                     before={"units": before}, after={"units": sorted(wanted)})
    return list(category.members.all())


# --- criteria --------------------------------------------------------------------------

@dataclass
class CriterionData:
    name: str
    weight: Decimal
    metric: str = MANUAL
    full_at: Decimal = HUNDRED
    zero_at: Decimal = Decimal(0)
    id: int | None = None


def _check_criteria(criteria: list[CriterionData]) -> None:
    names = set()
    for index, item in enumerate(criteria, start=1):
        where = f"第{index}项指标"
        if not item.name.strip():
            raise InvalidInput(f"{where}：请填写指标名称", field="criteria")
        if item.name.strip() in names:
            raise InvalidInput(f"{where}：指标名称“{item.name}”重复", field="criteria")
        names.add(item.name.strip())
        if item.metric != MANUAL and get_metric(item.metric) is None:
            raise InvalidInput(f"{where}：数据来源“{item.metric}”不存在", field="criteria")
        if not Decimal("0.01") <= item.weight <= HUNDRED:
            raise InvalidInput(f"{where}：权重应在0.01到100分之间", field="criteria")
        if item.full_at == item.zero_at:
            raise InvalidInput(f"{where}：满分值与零分值不能相同", field="criteria")
    total = sum((c.weight for c in criteria), Decimal(0))
    if criteria and total != HUNDRED:
        raise InvalidInput(f"各项指标权重合计应为100分，现为{total.normalize():f}分", field="criteria",
                           code="weights_not_100")


@transaction.atomic
def set_criteria(*, actor, category: Category, criteria: list[CriterionData]) -> list[Criterion]:
    """Replace the category's criteria by ``criteria`` (those with an ``id`` are updated,
    the others created, the ones left out deleted with their values and adjustments).
    The weights must add up to 100."""
    require_manage(actor, category.scheme)
    _check_criteria(criteria)
    existing = {c.pk: c for c in category.criteria.all()}
    if unknown := {c.id for c in criteria if c.id is not None} - set(existing):
        raise InvalidInput(f"指标（ID {sorted(unknown)[0]}）不属于该类别", field="criteria")
    kept = {c.id for c in criteria if c.id is not None}
    for gone in (c for pk, c in existing.items() if pk not in kept):
        audit.record(actor=actor, action="delete", obj=gone, before=audit.snapshot(gone, CRITERION_FIELDS))
        gone.delete()
    saved = []
    for position, item in enumerate(criteria):
        criterion = existing.get(item.id) or Criterion(category=category)
        before = audit.snapshot(criterion, CRITERION_FIELDS) if criterion.pk else None
        criterion.name, criterion.metric, criterion.weight = item.name.strip(), item.metric, item.weight
        criterion.full_at, criterion.zero_at, criterion.position = item.full_at, item.zero_at, position
        criterion.save()
        audit.record_saved(actor=actor, obj=criterion, before=before, fields=CRITERION_FIELDS)
        saved.append(criterion)
    return saved


# --- hand-entered values and adjustments -----------------------------------------------

def _member_check(criterion: Criterion, unit: Unit) -> None:
    if not Member.objects.filter(category_id=criterion.category_id, unit=unit).exists():
        raise InvalidInput(f"“{unit.name}”不是类别“{criterion.category.name}”的考核对象", field="unit")


def _period_of(scheme: Scheme, period: str) -> str:
    return parse_assessment_period(period, scheme.year).code


@dataclass
class ValueRow:
    criterion: Criterion
    unit: Unit
    value: Decimal | None  # None clears the value
    note: str = ""


def _enter(actor, row: ValueRow, code: str) -> ManualValue | None:
    criterion, unit, value = row.criterion, row.unit, row.value
    if not criterion.is_manual:
        raise InvalidInput(f"指标“{criterion.name}”由平台数据计算，不能手工录入，可作分值调整",
                           field="criterion")
    _member_check(criterion, unit)
    if value is not None and not Decimal(-10**9) < value < Decimal(10**9):
        raise InvalidInput("录入值超出范围", field="value")
    current = ManualValue.objects.filter(criterion=criterion, unit=unit, period=code).first()
    before = {"value": current.value, "note": current.note} if current else None
    if value is None:
        if current is not None:
            audit.record(actor=actor, action="delete", obj=current, before=before)
            current.delete()
        return None
    item, _ = ManualValue.objects.update_or_create(
        criterion=criterion, unit=unit, period=code,
        defaults={"value": value, "note": row.note.strip()[:255],
                  "entered_by": actor if getattr(actor, "pk", None) else None})
    after = {"value": item.value, "note": item.note}
    if after != before:
        audit.record(actor=actor, action="update" if current else "create", obj=item,
                     before=before, after=after)
    return item


@transaction.atomic
def enter_values(*, actor, scheme: Scheme, period: str, rows: list[ValueRow]) -> int:
    """Set (or with ``None`` clear) hand-entered values of manual criteria, all or nothing;
    the period's ranking follows once at the end. Returns the number of rows written."""
    require_manage(actor, scheme)
    code = _period_of(scheme, period)
    for row in rows:
        if row.criterion.category.scheme_id != scheme.pk:
            raise InvalidInput(f"指标“{row.criterion.name}”不属于本方案", field="criterion")
        _enter(actor, row, code)
    compute.rescore_if_computed(scheme, code, units={row.unit.pk for row in rows})
    return len(rows)


def enter_value(*, actor, criterion: Criterion, unit: Unit, period: str, value: Decimal | None,
                note: str = "") -> None:
    """One hand-entered value (see ``enter_values``)."""
    enter_values(actor=actor, scheme=criterion.category.scheme, period=period,
                 rows=[ValueRow(criterion, unit, value, note)])


@transaction.atomic
def adjust_score(*, actor, criterion: Criterion, unit: Unit, period: str, points: Decimal,
                 reason: str) -> Adjustment:
    """Add (or with a negative ``points`` take away) points on one unit's criterion, for a
    stated reason. The ranking of the period follows at once if it has been computed (the
    unit's category is re-ranked, not the whole scheme)."""
    scheme = criterion.category.scheme
    require_manage(actor, scheme)
    _member_check(criterion, unit)
    code = _period_of(scheme, period)
    if not reason.strip():
        raise InvalidInput("分值调整须写明理由", field="reason")
    if points == 0:
        raise InvalidInput("调整分值不能为0", field="points")
    if abs(points) > criterion.weight:
        raise InvalidInput(f"调整分值不能超过该项权重{criterion.weight.normalize():f}分", field="points")
    adjustment = Adjustment.objects.create(
        criterion=criterion, unit=unit, period=code, points=points, reason=reason.strip()[:255],
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=getattr(actor, "username", "system"))
    audit.record(actor=actor, action="adjust", obj=adjustment, after={
        "criterion": criterion.name, "unit": unit.code, "period": code, "points": points,
        "reason": adjustment.reason})
    compute.rescore_if_computed(scheme, code, units={unit.pk})
    return adjustment


# --- computation -----------------------------------------------------------------------

@transaction.atomic
def compute_period(*, actor, scheme: Scheme, period: str) -> compute.Summary:
    """Compute every member's scores, totals and ranks for ``period`` from scratch; running it
    again gives the same result. All or nothing: one transaction."""
    require_manage(actor, scheme)
    code = _period_of(scheme, period)
    check_ready(scheme)
    summary = compute.compute(scheme, code)
    audit.record(actor=actor, action="compute", obj=scheme, after={
        "period": code, "units": summary.units, "scores": summary.scores})
    return summary


def check_ready(scheme: Scheme) -> None:
    """Every category has members and criteria weighing 100 in all."""
    categories = list(scheme.categories.prefetch_related("criteria"))
    if not categories:
        raise InvalidInput("方案还没有考核类别，请先设置类别、考核对象和指标", field="scheme")
    member_counts = set(Member.objects.filter(scheme=scheme).values_list("category_id", flat=True))
    for category in categories:
        total = sum((c.weight for c in category.criteria.all()), Decimal(0))
        if total != HUNDRED:
            raise InvalidInput(f"类别“{category.name}”的指标权重合计为{total.normalize():f}分，应为100分",
                               field="criteria", code="weights_not_100")
        if category.pk not in member_counts:
            raise InvalidInput(f"类别“{category.name}”还没有考核对象", field="units")


def criterion_for(scheme: Scheme, criterion_id) -> Criterion:
    criterion = (Criterion.objects.select_related("category__scheme__region")
                 .filter(pk=criterion_id, category__scheme=scheme).first())
    if criterion is None:
        raise NotFound("考核指标不存在")
    return criterion


def computed_periods(scheme: Scheme) -> list[str]:
    return sorted(set(Result.objects.filter(scheme=scheme).values_list("period", flat=True)
                      .order_by()), reverse=True)


def members_q(scheme: Scheme) -> Q:
    return Q(assessment_memberships__scheme=scheme)
