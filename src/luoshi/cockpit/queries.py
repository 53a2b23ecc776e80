"""What the cockpit page is looking at: a region within the reader's scope and a month.

The reader's data scope decides the top of the drill-down: a city leader's cockpit starts at
the city (region scope: the city and its counties), a province-wide reader's at the province.
Regions outside the scope answer "not found", like every other item outside a scope.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from luoshi.core.errors import InvalidInput, NotFound, ParseError
from luoshi.core.models import Region, RegionLevel
from luoshi.core.periods import Period, PeriodKind, release_period
from luoshi.core.permissions import Access, access_for

PERMISSION = "cockpit.view"
DEFAULT_PROVINCE = "210000"  # 辽宁省: the province luoshi's demo and bench data cover


def region_chain_codes(code: str) -> list[str]:
    """The codes from the province down to ``code``: 210423 → 210000, 210400, 210423."""
    return list(dict.fromkeys([code[:2] + "0000", code[:4] + "00", code]))


def in_scope(access: Access, code: str) -> bool:
    return access.sees_all or (bool(access.region_prefix) and code.startswith(access.region_prefix))


def root_code(access: Access, unit_region: str | None) -> str:
    """The region the reader's cockpit opens on: its unit's region (the top of its scope), or
    the province of its unit when it sees everything."""
    if access.sees_all:
        return (unit_region[:2] + "0000") if unit_region else DEFAULT_PROVINCE
    if not access.region_prefix or not unit_region:
        raise NotFound("您的账号没有所属区划，无法查看驾驶舱")
    return unit_region


def access_region(user, code: str | None) -> tuple[Access, Region, list[Region]]:
    """The region ``code`` (default: the top of the reader's scope) with the breadcrumbs from
    the top of the scope down to it, in one query; ``NotFound`` outside the scope."""
    access = access_for(user)
    access.require(PERMISSION)
    unit = getattr(user, "unit", None) if user.unit_id else None
    top = root_code(access, unit.region_id if unit else None)
    code = (code or top).strip()
    if not (code.isdigit() and len(code) == 6) or not in_scope(access, code):
        raise NotFound(f"区划“{code}”不存在或不在您的数据范围内")
    chain_codes = [c for c in region_chain_codes(code) if in_scope(access, c)]
    regions = {r.code: r for r in Region.objects.filter(code__in=chain_codes)}
    if code not in regions:
        raise NotFound(f"区划“{code}”不存在或不在您的数据范围内")
    chain = [regions[c] for c in chain_codes if c in regions]
    return access, regions[code], chain


def child_regions(region: Region) -> list[Region]:
    """The cities of a province, the counties of a city; nothing below a county."""
    if region.level == RegionLevel.COUNTY:
        return []
    return list(Region.objects.filter(parent_id=region.code).order_by("code"))


# --- periods -------------------------------------------------------------------------------

PERIOD_HINT = "请选择月份，如 2023-06、2023年6月 或 2023年1-2月"


def parse_period(text: str) -> Period:
    """A monthly release: a month, with January and February combined as 1-2月."""
    try:
        period = Period.parse(text)
    except ParseError as exc:
        raise InvalidInput(f"{exc.message}（驾驶舱按月查看，{PERIOD_HINT}）", field="period",
                           code="period_invalid") from exc
    if period.kind is PeriodKind.MONTH:
        return release_period(period.year, period.number)
    if period.kind is PeriodKind.JAN_FEB:
        return period
    raise InvalidInput(f"驾驶舱按月查看，「{text}」不是月份：{PERIOD_HINT}", field="period",
                       code="period_invalid")


def last_month() -> Period:
    today = timezone.localdate()
    return release_period(today.year, today.month).previous_month()


def release_periods(year: int) -> list[Period]:
    """The year's monthly releases: 1-2月, 3月 … 12月."""
    return [release_period(year, month) for month in range(2, 13)]


@dataclass(frozen=True)
class PeriodChoice:
    code: str
    label: str


def period_choices(years: range | list[int]) -> list[tuple[int, list[PeriodChoice]]]:
    """For the selector: each year (newest first) with its releases (newest first)."""
    return [(year, [PeriodChoice(p.code, p.label_zh(with_year=False))
                    for p in reversed(release_periods(year))])
            for year in sorted(years, reverse=True)]


# --- the view every panel receives ---------------------------------------------------------


@dataclass
class CockpitView:
    """One reader looking at one region and month; panels query from it."""

    user: object
    access: Access
    region: Region
    period: Period
    chain: list[Region] = field(default_factory=list)

    @property
    def month_code(self) -> str:
        """The calendar month the period ends in, as progress codes it (2023-02 for 1-2月)."""
        return f"{self.period.year}-{self.period.last_month:02d}"

    @property
    def year(self) -> int:
        return self.period.year

    @property
    def last_month(self) -> int:
        return self.period.last_month

    def url(self, region: str | None = None, period: Period | str | None = None) -> str:
        """The cockpit of another region or month, keeping the rest."""
        chosen = period if period is not None else self.period
        query = {"region": region or self.region.code, "period": str(chosen)}
        return f"{reverse('cockpit')}?{urlencode(query)}"

    def previous_period(self) -> Period:
        return release_period(*_ym(self.period.previous_month()))

    def next_period(self) -> Period:
        return release_period(*_ym(self.period.next_month()))


def _ym(month: Period) -> tuple[int, int]:
    return month.year, month.number
