"""Demo indicators: Liaoning's 14 cities, monthly figures for 2022–2023, targets for 2023.

Figures are deterministic (no randomness) and agree with seed 002's account of Fushun's
first half of 2023: fixed-asset investment 81.8亿元, +22.3% (comparable basis, ranked in
the province's top 2 for the last 4 months: the streak is derived from the ranks), industrial
projects over 40% of investment, 域外引资到位额 +92.1%, tourism revenue +39.4%.

A few inconsistencies are planted for the "没有水分" checks to find (see ``PLANTED``).
Running the loader twice leaves the database as the first run left it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from luoshi.core.models import Region
from luoshi.core.permissions import SYSTEM
from luoshi.indicators import services
from luoshi.indicators.models import Indicator, IndicatorKind, RankBasis
from luoshi.indicators.services import Entry

SOURCE = "辽宁省统计局月度数据（演示）"
FUSHUN = "210400"
# City codes in the order of GB/T 2260, with a size factor (Shenyang = 1).
CITIES = {
    "210100": Decimal("1.00"), "210200": Decimal("1.10"), "210300": Decimal("0.36"),
    "210400": Decimal("0.20"), "210500": Decimal("0.14"), "210600": Decimal("0.16"),
    "210700": Decimal("0.22"), "210800": Decimal("0.28"), "210900": Decimal("0.13"),
    "211000": Decimal("0.13"), "211100": Decimal("0.25"), "211200": Decimal("0.12"),
    "211300": Decimal("0.15"), "211400": Decimal("0.14"),
}  # fmt: skip
MONTHS = list(range(2, 13))  # a release per month; 2 is the combined 1-2月


@dataclass(frozen=True)
class DemoIndicator:
    code: str
    name: str
    unit: str
    kind: str = IndicatorKind.FLOW
    annual: Decimal = Decimal(0)  # Shenyang's 2022 annual amount (flows) or level
    growth: Decimal = Decimal(6)  # a typical 2023 growth, %
    real_growth: bool = False
    rank_basis: str = RankBasis.YOY
    is_key: bool = False
    target_growth: Decimal | None = None


INDICATORS = [
    DemoIndicator("FAI", "固定资产投资", "亿元", annual=Decimal(800), growth=Decimal(5),
                  is_key=True, target_growth=Decimal(15)),
    DemoIndicator("IND_INVEST_SHARE", "工业项目投资占比", "%", kind=IndicatorKind.RATE,
                  annual=Decimal(30), rank_basis=RankBasis.VALUE, is_key=True),
    DemoIndicator("IVA", "规模以上工业增加值", "%", real_growth=True, growth=Decimal(4),
                  is_key=True, target_growth=Decimal(6)),
    DemoIndicator("RETAIL", "社会消费品零售总额", "亿元", annual=Decimal(4200), growth=Decimal(7),
                  is_key=True, target_growth=Decimal(8)),
    DemoIndicator("TOURISM", "旅游总收入", "亿元", annual=Decimal(900), growth=Decimal(25),
                  is_key=True, target_growth=Decimal(20)),
    DemoIndicator("FDI_ARRIVED", "域外引资到位额", "亿元", annual=Decimal(1100), growth=Decimal(30),
                  is_key=True, target_growth=Decimal(30)),
    DemoIndicator("BUDGET_REV", "一般公共预算收入", "亿元", annual=Decimal(780), growth=Decimal(9),
                  is_key=True, target_growth=Decimal(7)),
    DemoIndicator("TRADE", "进出口总额", "亿元", annual=Decimal(1400), growth=Decimal(3)),
    DemoIndicator("ELECTRICITY", "全社会用电量", "亿千瓦时", annual=Decimal(420), growth=Decimal(5)),
    DemoIndicator("NEW_FIRMS", "新登记市场主体", "户", annual=Decimal(160000), growth=Decimal(12)),
    DemoIndicator("DEPOSITS", "金融机构本外币存款余额", "亿元", kind=IndicatorKind.STOCK,
                  annual=Decimal(25000), growth=Decimal(8)),
    DemoIndicator("IND_REVENUE", "规模以上工业企业营业收入", "亿元", annual=Decimal(5200),
                  growth=Decimal(2)),
]

# Fushun's 2023 growth path (releases 1-2月..12月) where the seed fixes it, and the two cities
# that keep it second in some months: ranks 3+ in 1-2月, then 1, 2, 2, 2 → 连续4个月全省前2位.
GROWTH_PATHS = {
    ("FAI", FUSHUN): [8.0, 18.5, 20.1, 21.4, 22.3, 22.0, 21.5, 20.8, 19.9, 19.0, 18.2],
    ("FAI", "210100"): [12.0, 17.5, 20.6, 21.0, 22.8, 22.4, 21.8, 21.0, 20.4, 19.6, 19.0],
    ("FAI", "210200"): [10.5, 16.8, 19.5, 21.8, 21.9, 21.2, 20.5, 19.9, 19.2, 18.6, 18.0],
    ("TOURISM", FUSHUN): [30.2, 33.0, 35.1, 37.6, 39.4, 39.0, 38.2, 37.5, 36.8, 36.0, 35.1],
    ("FDI_ARRIVED", FUSHUN): [60.5, 70.2, 78.8, 86.0, 92.1, 96.5, 99.5, 101.5, 102.8, 103.5, 104.0],
    ("IVA", FUSHUN): [5.2, 5.8, 6.3, 6.6, 6.8, 6.9, 7.0, 7.0, 7.1, 7.1, 7.2],
}
# Fushun's comparable-basis growth the bureau reported (the computed one differs a little).
REPORTED = {("FAI", FUSHUN, 6): Decimal("22.3"), ("TOURISM", FUSHUN, 6): Decimal("39.4"),
            ("FDI_ARRIVED", FUSHUN, 6): Decimal("92.1")}
COMPUTED_FAI_BASE_GROWTH = Decimal("21.6")  # what the published 2022 base gives
FUSHUN_FAI_H1 = Decimal("81.8")

# The planted inconsistencies: (indicator, region, month of 2023) and what is wrong.
PLANTED = {
    ("RETAIL", "211100", 8): "cumulative_falls",  # 盘锦: 1-8月累计低于1-7月
    ("TOURISM", "210800", 5): "sum_mismatch",  # 营口: 当月值合计与累计不符
    ("BUDGET_REV", "210300", 9): "yoy_mismatch",  # 鞍山: 发布增速与测算相差很大
    ("IND_INVEST_SHARE", "210700", 10): "jump",  # 锦州: 工业项目投资占比跳升
}


def _q(value: Decimal, places: str = "0.01") -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _shares(city_index: int, indicator_index: int) -> dict[int, Decimal]:
    """Each release's share of the year: 1-2月 15%, then ~8.5% a month with a small
    deterministic wiggle (±3%), rescaled to add up to one."""
    raw = {2: Decimal("0.15")}
    for month in range(3, 13):
        wiggle = Decimal((month * 7 + city_index * 3 + indicator_index) % 5 - 2) / 66
        raw[month] = Decimal("0.085") * (1 + wiggle)
    total = sum(raw.values())
    return {m: v / total for m, v in raw.items()}


def _growth_path(spec: DemoIndicator, code: str, city_index: int, indicator_index: int) -> list[Decimal]:
    path = GROWTH_PATHS.get((spec.code, code))
    if path is not None:
        return [Decimal(str(g)) for g in path]
    # A smooth path per city: base in growth−8..growth+8, drifting a little through the year.
    base = spec.growth + Decimal((city_index * 5 + indicator_index * 3) % 17 - 8)
    slope = Decimal((city_index + indicator_index) % 5 - 2) / 10
    if spec.code == "FAI":  # keep others below Fushun's 18.5+ from March (the seed's ranks)
        base = min(base, Decimal(12))
    return [base + slope * (i - 4) for i in range(len(MONTHS))]


def _flow_cumulatives(spec, code, factor, city_index, indicator_index) -> list[tuple[int, Decimal, Decimal, Decimal]]:
    """Per release month: (month, the 2022 cumulative, the 2023 cumulative, 2023's growth path
    value). 2022 from the shares; 2023 = 2022's × (1 + growth path)."""
    shares = _shares(city_index, indicator_index)
    annual = spec.annual * factor
    if (spec.code, code) == ("FAI", FUSHUN):
        # The 2022 base gives a computed 21.6% for the first half; the bureau reports 22.3%.
        h1_share = sum(shares[m] for m in range(2, 7))
        annual = FUSHUN_FAI_H1 / (1 + COMPUTED_FAI_BASE_GROWTH / 100) / h1_share
    growth = _growth_path(spec, code, city_index, indicator_index)
    rows, running = [], Decimal(0)
    for index, month in enumerate(MONTHS):
        running += shares[month]
        base = annual * running
        current = base * (1 + growth[index] / 100)
        if (spec.code, code) == ("FAI", FUSHUN) and month == 6:
            current = FUSHUN_FAI_H1
        rows.append((month, _q(base), _q(current), growth[index]))
    return rows


def flow_cumulatives(indicator_code: str, city: str) -> dict[tuple[int, int], Decimal]:
    """The cumulative figures the demo publishes for a flow indicator of a city, by (year,
    release month; 2 is 1-2月), before any planted error: other demo loaders that must agree
    with the indicators (the attraction funds) read them here."""
    indicator_index, spec = next((i, s) for i, s in enumerate(INDICATORS) if s.code == indicator_code)
    city_index = list(CITIES).index(city)
    rows = _flow_cumulatives(spec, city, CITIES[city], city_index, indicator_index)
    return {**{(2022, month): base for month, base, _, _ in rows},
            **{(2023, month): current for month, _, current, _ in rows}}


def _flow_entries(spec, code, factor, city_index, indicator_index) -> list[Entry]:
    indicator = _indicator(spec.code)
    entries = []
    for month, base, current, growth in _flow_cumulatives(spec, code, factor, city_index, indicator_index):
        if not spec.real_growth:  # constant-price growth only: no values are published
            entries.append(Entry(indicator, code, 2022, month, {"cumulative": base},
                                 source_name=SOURCE))
        figures = {"cumulative": current}
        if spec.real_growth:
            figures = {"yoy_reported": _q(growth, "0.1")}
        else:
            reported = REPORTED.get((spec.code, code, month))
            figures["yoy_reported"] = reported or _q(growth, "0.1")
            figures["yoy_comparable"] = reported is not None
        entries.append(Entry(indicator, code, 2023, month, figures, source_name=SOURCE))
    return entries


def _level_entries(spec, code, factor, city_index, indicator_index) -> list[Entry]:
    """Stocks (a month-end level growing through the year) and rates (a share in %)."""
    indicator = _indicator(spec.code)
    entries = []
    for year in (2022, 2023):
        for month in MONTHS:
            if spec.kind == IndicatorKind.RATE:
                base = spec.annual + Decimal((city_index * 7 + month) % 5) * Decimal("0.4")
                if code == FUSHUN and year == 2023:
                    base = Decimal("40.2") + Decimal(month) / 2  # June 43.2%, as the projects give
                value = _q(base, "0.1")
            else:
                level = spec.annual * factor * (1 + Decimal(month) / 200)
                growth = spec.growth + Decimal(city_index % 5 - 2)
                value = _q(level * (1 + growth / 100) if year == 2023 else level)
            entries.append(Entry(indicator, code, year, month, {"value": value},
                                 source_name=SOURCE))
    return entries


def _plant(entries: list[Entry]) -> None:
    """Spoil a few figures the way careless or inflated reporting does (see ``PLANTED``)."""
    by_key = {(e.indicator.code, e.region_id, e.year, e.month): e for e in entries}
    # 盘锦 revised its retail sales down by 100亿元 from August without revising July: the
    # cumulative falls (its reported growth follows the revised figures).
    for month in range(8, 13):
        entry = by_key[("RETAIL", "211100", 2023, month)]
        base = by_key[("RETAIL", "211100", 2022, month)].figures["cumulative"]
        entry.figures["cumulative"] -= 100
        entry.figures["yoy_reported"] = _q((entry.figures["cumulative"] / base - 1) * 100, "0.1")
    # 营口 reports tourism 当月值 beside the cumulatives; May's and June's are off by 6.
    running = Decimal(0)
    for month in MONTHS:
        entry = by_key[("TOURISM", "210800", 2023, month)]
        value = entry.figures["cumulative"] - running
        running = entry.figures["cumulative"]
        entry.figures["value"] = value + {5: Decimal(6), 6: Decimal(-6)}.get(month, Decimal(0))
    # 鞍山 reports budget revenue growth the published figures do not give.
    by_key[("BUDGET_REV", "210300", 2023, 9)].figures["yoy_reported"] = Decimal("18.6")
    # 锦州's share of industrial projects in investment leaps in October.
    by_key[("IND_INVEST_SHARE", "210700", 2023, 10)].figures["value"] = Decimal("55.0")


_INDICATORS: dict[str, Indicator] = {}


def _indicator(code: str) -> Indicator:
    return _INDICATORS[code]


def _ensure_indicators() -> None:
    for order, spec in enumerate(INDICATORS, start=1):
        existing = Indicator.objects.filter(code=spec.code).first()
        _INDICATORS[spec.code] = services.save_indicator(
            actor=SYSTEM, indicator=existing, code=spec.code, name=spec.name, unit=spec.unit,
            kind=spec.kind, source="辽宁省统计局", real_growth=spec.real_growth,
            rank_basis=spec.rank_basis, is_key=spec.is_key, sort_order=order * 10)


def _targets(entries: list[Entry]) -> None:
    """2023 targets: the 2022 total grown by the target growth (Fushun's investment +15%)."""
    totals = {(e.indicator.code, e.region_id): e.figures["cumulative"] for e in entries
              if e.year == 2022 and e.month == 12 and "cumulative" in e.figures}
    regions = {r.code: r for r in Region.objects.filter(code__in=list(CITIES))}
    for spec in INDICATORS:
        if spec.target_growth is None:
            continue
        for code in CITIES:
            total = totals.get((spec.code, code))
            value = _q(total * (1 + spec.target_growth / 100), "0.1") if total else None
            services.set_target(actor=SYSTEM, indicator=_indicator(spec.code),
                                region=regions[code], year=2023, value=value,
                                growth=spec.target_growth)


def demo_entries() -> list[Entry]:
    entries: list[Entry] = []
    for indicator_index, spec in enumerate(INDICATORS):
        for city_index, (code, factor) in enumerate(CITIES.items()):
            build = _flow_entries if spec.kind == IndicatorKind.FLOW else _level_entries
            entries += build(spec, code, factor, city_index, indicator_index)
    _plant(entries)
    return entries


def load_demo_indicators() -> None:
    """Indicators, 2022–2023 monthly observations of the 14 cities, 2023 targets."""
    _ensure_indicators()
    entries = demo_entries()
    services.apply_entries(entries, actor=SYSTEM, audit_action="demo", audit_note=SOURCE)
    _targets(entries)
