"""Reads of schemes, rankings and breakdowns for the pages and the API.

The supervision office (``supervision.manage``) sees every unit of the schemes of its region;
any other reader sees the schemes its units are assessed in and only the results of units in
its data scope (a unit's reporter: its own unit).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from luoshi.assessment.metrics import get_metric
from luoshi.assessment.models import (
    Adjustment,
    Category,
    Criterion,
    ManualValue,
    Member,
    Result,
    Scheme,
    Score,
)
from luoshi.assessment.periods import parse_assessment_period, periods_of_year
from luoshi.core.errors import NotFound
from luoshi.core.permissions import Access, access_for, unit_scope_q
from luoshi.orgs.models import Unit


def manages(access: Access, scheme: Scheme) -> bool:
    return access.has("supervision.manage") and (
        access.sees_all or bool(access.region_prefix) and scheme.region_id.startswith(access.region_prefix))


def visible_schemes(user) -> QuerySet[Scheme]:
    access = access_for(user)
    schemes = Scheme.objects.select_related("region")
    if access.sees_all:
        return schemes
    managed = Q(region__code__startswith=access.region_prefix) if (
        access.has("supervision.manage") and access.region_prefix) else Q(pk__in=[])
    own = Q(pk__in=Member.objects.filter(unit__in=Unit.objects.filter(unit_scope_q(access)))
            .values("scheme_id"))
    return schemes.filter(managed | own)


def access_scheme(user, scheme_id) -> Scheme:
    """The scheme, if the reader manages it or one of its units in scope is assessed in it.
    (One indexed read, then a short EXISTS only for readers who do not manage it.)"""
    access = access_for(user)
    scheme = Scheme.objects.select_related("region").filter(pk=scheme_id).first()
    if scheme is None or not (access.sees_all or manages(access, scheme) or Member.objects.filter(
            scheme=scheme, unit__in=Unit.objects.filter(unit_scope_q(access))).exists()):
        raise NotFound("考核方案不存在或不在您的数据范围内")
    return scheme


def manageable_scheme(user, scheme_id) -> Scheme:
    from luoshi.assessment.services import require_manage

    scheme = access_scheme(user, scheme_id)
    require_manage(user, scheme)
    return scheme


def access_category(user, category_id) -> Category:
    category = Category.objects.select_related("scheme__region").filter(pk=category_id).first()
    if category is None:
        raise NotFound("考核类别不存在")
    manageable_scheme(user, category.scheme_id)
    return category


def visible_results(user, scheme: Scheme) -> QuerySet[Result]:
    access = access_for(user)
    results = Result.objects.filter(scheme=scheme)
    return results if manages(access, scheme) else results.filter(unit_scope_q(access, "unit"))


# --- the scheme page -------------------------------------------------------------------

@dataclass
class CategoryView:
    category: Category
    criteria: list[Criterion]
    members: int
    weight_total: Decimal

    @property
    def weights_ok(self) -> bool:
        return self.weight_total == 100


def scheme_categories(scheme: Scheme) -> list[CategoryView]:
    categories = list(scheme.categories.prefetch_related("criteria")
                      .annotate(member_count=Count("members")))
    return [CategoryView(c, list(c.criteria.all()), c.member_count,
                         sum((x.weight for x in c.criteria.all()), Decimal(0))) for c in categories]


def period_choices(scheme: Scheme) -> list[tuple[str, str]]:
    return [(p.code, p.label_zh()) for p in periods_of_year(scheme.year)]


def computed_periods(user, scheme: Scheme) -> list[str]:
    return sorted(set(visible_results(user, scheme).values_list("period", flat=True).order_by()),
                  reverse=True)


def default_period(user, scheme: Scheme) -> str:
    periods = computed_periods(user, scheme)
    return periods[0] if periods else f"{scheme.year}-Q1"


# --- the ranking -----------------------------------------------------------------------

@dataclass
class RankingRow:
    result: Result
    points: list[Decimal | None] = field(default_factory=list)  # per criterion, in order
    adjusted: bool = False

    @property
    def cells(self) -> list[str]:
        """The points as the page shows them ("—" for none): formatted once here, since
        50 rows × every criterion through the template's localisation is measurable."""
        return ["—" if p is None else str(p) for p in self.points]


def ranking_results(user, scheme: Scheme, period: str, category: Category) -> QuerySet[Result]:
    code = parse_assessment_period(period, scheme.year).code
    return (visible_results(user, scheme).filter(period=code, category=category)
            .select_related("unit").order_by("position"))


def ranking_rows(results, criteria: list[Criterion]) -> list[RankingRow]:
    """The page's results with each criterion's points (one query for the page's units)."""
    results = list(results)
    if not results:
        return []
    finals: dict[tuple[int, int], Decimal] = {}
    adjusted: set[int] = set()
    rows = (Score.objects.filter(criterion__in=[c.pk for c in criteria], period=results[0].period,
                                 unit_id__in=[r.unit_id for r in results])
            .values_list("unit_id", "criterion_id", "final", "adjustment"))
    for unit, criterion, final, adjustment in rows:
        finals[(unit, criterion)] = final
        if adjustment:
            adjusted.add(unit)
    return [RankingRow(r, [finals.get((r.unit_id, c.pk)) for c in criteria], r.unit_id in adjusted)
            for r in results]


# --- one unit's breakdown ---------------------------------------------------------------

@dataclass
class Line:
    criterion: Criterion
    score: Score | None
    metric_label: str
    rule: str
    adjustments: list[Adjustment]
    manual: ManualValue | None


@dataclass
class Breakdown:
    scheme: Scheme
    unit: Unit
    period: str
    result: Result | None
    category: Category | None
    members: int
    lines: list[Line]

    @property
    def points_total(self) -> Decimal:
        return sum((line.score.points for line in self.lines if line.score), Decimal(0))

    @property
    def adjustment_total(self) -> Decimal:
        return sum((line.score.adjustment for line in self.lines if line.score), Decimal(0))


def breakdown(user, scheme: Scheme, unit_id, period: str) -> Breakdown:
    code = parse_assessment_period(period, scheme.year).code
    access = access_for(user)
    member = (Member.objects.filter(scheme=scheme, unit_id=unit_id)
              .select_related("unit", "category").first())
    if member is None or not (manages(access, scheme) or _unit_visible(access, member.unit)):
        raise NotFound("该单位不是本方案的考核对象或不在您的数据范围内")
    criteria = list(member.category.criteria.all())
    scores = {s.criterion_id: s for s in Score.objects.filter(scheme=scheme, unit_id=unit_id, period=code)}
    adjustments: dict[int, list[Adjustment]] = defaultdict(list)
    for item in Adjustment.objects.filter(criterion__in=criteria, unit_id=unit_id, period=code):
        adjustments[item.criterion_id].append(item)
    manual = {m.criterion_id: m for m in ManualValue.objects.filter(criterion__in=criteria,
                                                                    unit_id=unit_id, period=code)}
    lines = []
    for criterion in criteria:
        metric = None if criterion.is_manual else get_metric(criterion.metric)
        lines.append(Line(criterion, scores.get(criterion.pk),
                          metric.label if metric else "手工录入",
                          metric.rule if metric else "由督查室按考核细则评定后录入（0–100）。",
                          adjustments.get(criterion.pk, []), manual.get(criterion.pk)))
    result = Result.objects.filter(scheme=scheme, unit_id=unit_id, period=code).first()
    members = Member.objects.filter(category_id=member.category_id).count()
    return Breakdown(scheme, member.unit, code, result, member.category, members, lines)


def _unit_visible(access: Access, unit: Unit) -> bool:
    from luoshi.core.permissions import unit_in_scope

    return unit_in_scope(access, unit)


# --- entry by hand -------------------------------------------------------------------------

@dataclass
class EntryRow:
    unit: Unit
    value: Decimal | None
    note: str


def entry_rows(criterion: Criterion, period: str) -> list[EntryRow]:
    """Every member of the criterion's category with its hand-entered value for ``period``."""
    values = {m.unit_id: m for m in ManualValue.objects.filter(criterion=criterion, period=period)}
    members = (Member.objects.filter(category_id=criterion.category_id).select_related("unit")
               .order_by("unit__sort_order", "unit__code"))
    return [EntryRow(m.unit, values[m.unit_id].value if m.unit_id in values else None,
                     values[m.unit_id].note if m.unit_id in values else "") for m in members]


def candidate_units(scheme: Scheme) -> QuerySet[Unit]:
    """Units a category may take: active units of the scheme's region, but not enterprises."""
    return (Unit.objects.filter(region__code__startswith=scheme.region.code_prefix, is_active=True)
            .exclude(kind="enterprise").order_by("region_id", "depth", "sort_order", "code"))


def adjustment_total(scheme: Scheme, period: str) -> Decimal:
    return (Adjustment.objects.filter(criterion__category__scheme=scheme, period=period)
            .aggregate(total=Sum("points"))["total"] or Decimal(0))
