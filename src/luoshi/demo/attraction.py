"""Demo investment-attraction leads for Fushun, Yingkou and Panjin, 2022 and 2023 H1.

The seeds say how cities count attraction (洽谈、签约、落位 projects since the start of the
year, year-on-year growth, how many are new) and give one figure: Fushun's 域外引资到位额
grew 92.1 % in 2023 H1 (seed 002). The counts below are invented but plausible; each city's
funds arrived add up, month by month, to the demo indicators' 域外引资到位额
(``luoshi.demo.indicators.flow_cumulatives``), so a brief's attraction and indicator sections
agree: Fushun 107.52亿元 in 2022 H1 and 206.54亿元 in 2023 H1, +92.1 %.
Seed 002's 江苏三木集团65万吨苯酚丙酮产业链项目 (86.8亿元, foundation stone 2023-06-28 in
抚顺高新区) is one of Fushun's leads, landed on that day.

Leads are simulated month by month from mid-2021: each month brings new talks, the oldest
open talks sign, the oldest signed leads land, and now and then one is dropped. Each lead is
then written once through ``attraction.services`` with its whole history, and each month a
few 域外 leads signed before it send that month's money. Deterministic (a seeded random
generator); loading again changes nothing (a city with leads is left alone).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from luoshi.attraction import services
from luoshi.attraction.models import Lead, Origin, Stage
from luoshi.core.permissions import SYSTEM
from luoshi.demo.indicators import flow_cumulatives
from luoshi.orgs.models import Unit

# Per city and half year: (new talks, signings, landings). 2021 H2 only starts the pipeline.
PLAN = {
    "210400": {"2021H2": (14, 5, 0), "2022H1": (38, 17, 9), "2022H2": (30, 14, 8), "2023H1": (56, 28, 15)},
    "210800": {"2021H2": (16, 6, 0), "2022H1": (45, 21, 12), "2022H2": (40, 18, 10), "2023H1": (62, 33, 18)},
    "211100": {"2021H2": (12, 4, 0), "2022H1": (30, 14, 8), "2022H2": (26, 12, 7), "2023H1": (41, 22, 12)},
}
# 域外 money arrived (万元) per half year; Fushun's 2023 H1 is 2022 H1 × 1.921 (seed 002).
PAYERS_PER_MONTH = 6  # outside leads that send money in a month, at most
DROPPED_EVERY = 4  # one open lead is dropped every fourth month
SANMU = {"title": "江苏三木集团65万吨苯酚丙酮产业链项目", "investor": "江苏三木集团有限公司",
         "place": "江苏省宜兴市", "industry": "C", "amount": Decimal("868000"), "unit": "210400-GXQ",
         "talks": dt.date(2022, 11, 8), "signed": dt.date(2023, 3, 16), "landed": dt.date(2023, 6, 28)}

PLACES = {
    Origin.OUT_OF_PROVINCE: ["江苏省苏州市", "浙江省宁波市", "广东省深圳市", "上海市", "北京市", "山东省青岛市",
                             "广东省广州市", "浙江省杭州市", "福建省厦门市", "天津市"],
    Origin.ABROAD: ["香港", "新加坡", "韩国首尔", "日本大阪", "德国慕尼黑"],
    Origin.IN_PROVINCE: ["沈阳市", "大连市", "鞍山市", "锦州市"],
}
FIRMS = ["华瑞", "恒信", "中联", "博远", "泰和", "鼎新", "宏达", "汇川", "瑞丰", "正泰", "远景", "星源",
         "金桥", "嘉禾", "永盛", "天成", "润通", "海纳", "佳华", "国泰"]
# (GB/T 4754 section, what the project makes or runs)
PROJECTS = [("C", "精细化工新材料"), ("C", "高端装备制造"), ("C", "新能源电池材料"), ("C", "石化深加工"),
            ("C", "汽车零部件"), ("D", "光伏发电"), ("D", "风电"), ("I", "数据中心"), ("G", "智慧物流园"),
            ("R", "文旅综合体"), ("A", "现代农业产业园"), ("F", "商贸物流"), ("M", "研发中心"),
            ("C", "医药中间体"), ("C", "绿色建材")]
DROP_REASONS = ["投资方战略调整，暂缓投资", "用地条件未能满足，项目转往他处", "投资方资金链紧张，终止洽谈"]


@dataclass
class _Lead:
    city: str
    talks: dt.date
    signed: dt.date | None = None
    landed: dt.date | None = None
    dropped: dt.date | None = None
    reason: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def is_open(self) -> bool:
        return self.landed is None and self.dropped is None


def _half(year: int, month: int) -> str:
    return f"{year}H{1 if month <= 6 else 2}"


def _months() -> list[tuple[int, int]]:
    return [(y, m) for y in (2021, 2022, 2023) for m in range(1, 13)
            if (2021, 7) <= (y, m) <= (2023, 6)]


def _split(total: int, parts: int) -> list[int]:
    """``total`` spread over ``parts`` months, the remainder to the first ones."""
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def _oldest_and_newest(leads: list[_Lead]) -> list[_Lead]:
    """Alternately the oldest and the newest: some carried-over leads move on, some new ones."""
    order = []
    while leads:
        order.append(leads[0])
        leads = leads[1:]
        if leads:
            order.append(leads[-1])
            leads = leads[:-1]
    return order


def _simulate(city: str) -> list[_Lead]:
    """The city's leads, month by month: talks start, the oldest talks sign, the oldest
    signed land, and now and then the oldest open talk is dropped."""
    quotas: dict[tuple[int, int], tuple[int, int, int]] = {}
    for half, (talks, signs, lands) in PLAN[city].items():
        months = [ym for ym in _months() if _half(*ym) == half]
        for ym, t, s, la in zip(months, _split(talks, 6), _split(signs, 6)[::-1],
                                _split(lands, 6)[::-1], strict=True):
            quotas[ym] = (t, s, la)
    leads: list[_Lead] = []
    for index, ((year, month), (talks, signs, lands)) in enumerate(sorted(quotas.items())):
        leads += [_Lead(city, dt.date(year, month, 3 + 2 * i)) for i in range(talks)]
        day = dt.date(year, month, 26)
        waiting = [lead for lead in leads if lead.is_open and lead.signed is None and lead.talks < day]
        for lead in _oldest_and_newest(waiting)[:signs]:
            lead.signed = day
        signed = [lead for lead in leads if lead.is_open and lead.signed and lead.signed < dt.date(year, month, 1)]
        if len(waiting) < signs or len(signed) < lands:
            raise RuntimeError(f"demo plan of {city} has too few leads in {year}-{month:02d}")
        for lead in _oldest_and_newest(signed)[:lands]:
            lead.landed = dt.date(year, month, 28)
        if index % DROPPED_EVERY == DROPPED_EVERY - 1:
            rest = [lead for lead in leads if lead.is_open and lead.signed is None and lead.talks < day]
            if rest:
                rest[0].dropped, rest[0].reason = day, DROP_REASONS[index % len(DROP_REASONS)]
    return leads


def _followers(city: str) -> list[Unit]:
    codes = [f"{city}-SWJ", f"{city}-HZB", f"{city}-FGW"]
    units = list(Unit.objects.filter(code__in=codes).order_by("code"))
    units += list(Unit.objects.filter(region__parent_id=city, kind="county_gov").order_by("code"))
    units += list(Unit.objects.filter(region_id=city, kind="development_zone").order_by("code"))
    return units


def _describe(rng: random.Random, number: int) -> dict:
    origin = rng.choices([Origin.OUT_OF_PROVINCE, Origin.ABROAD, Origin.IN_PROVINCE], [6, 1, 3])[0]
    place = rng.choice(PLACES[origin])
    firm = rng.choice(FIRMS)
    industry, product = rng.choice(PROJECTS)
    kind = "有限公司" if origin != Origin.ABROAD else "投资有限公司"
    city = place.split("省")[-1].replace("市", "")
    return {"title": f"{firm}{product}项目", "investor": f"{city}{firm}{product[:2]}{kind}",
            "origin": origin, "investor_place": place, "industry": industry,
            "intended_investment": Decimal(rng.randrange(3, 300) * 1000)}


def _write(lead: _Lead, unit: Unit, described: dict) -> Lead:
    stage = (Stage.TERMINATED if lead.dropped else Stage.LANDED if lead.landed
             else Stage.SIGNED if lead.signed else Stage.NEGOTIATING)
    return services.create_lead(actor=SYSTEM, data=services.LeadData(
        **described, region_code=unit.region_id, unit_code=unit.code, negotiating_on=lead.talks,
        stage=stage, signed_on=lead.signed, landed_on=lead.landed, terminated_on=lead.dropped,
        reason=lead.reason))


def _spread(total: Decimal, slots: list, rng: random.Random) -> list[tuple]:
    """``total`` (whole 万元) over ``slots``, unevenly but adding up exactly."""
    weights = [rng.randint(1, 9) for _ in slots]
    amounts = [total * w // sum(weights) for w in weights]
    amounts[-1] += total - sum(amounts)
    return list(zip(slots, amounts, strict=True))


def monthly_funds(city: str) -> dict[str, Decimal]:
    """The city's 域外引资到位额 per month in 万元, 2022–2023: the demo indicators' monthly
    increments (their 1-2月 release split over January and February)."""
    cumulative = flow_cumulatives("FDI_ARRIVED", city)
    funds = {}
    for (year, month), total in sorted(cumulative.items()):
        amount = (total - cumulative.get((year, month - 1), Decimal(0))) * 10_000  # 亿元 → 万元
        if month == 2:
            funds[f"{year}-01"] = (amount / 2).quantize(Decimal(1))
            amount -= funds[f"{year}-01"]
        funds[f"{year}-{month:02d}"] = amount
    return funds


def _send_funds(city: str, written: list[tuple[_Lead, Lead]], rng: random.Random) -> None:
    """Each month's 域外 money, from a few of the outside leads signed before the month."""
    for month, total in monthly_funds(city).items():
        first = dt.date.fromisoformat(f"{month}-01")
        payers = [lead for plan, lead in written
                  if lead.is_outside and plan.signed is not None and plan.signed < first
                  and (plan.dropped is None or plan.dropped >= first)]
        if not payers:  # the indicators' money needs somebody to send it
            raise RuntimeError(f"{city} {month}: no outside lead signed before the month to send its funds")
        payers = rng.sample(payers, min(PAYERS_PER_MONTH, len(payers)))
        for lead, amount in _spread(total, payers, rng):
            services.record_funds(actor=SYSTEM, lead=lead, month=month, amount=amount)


def load_demo_city(city: str) -> int:
    """The city's leads and funds; nothing when it already has leads. Returns leads added."""
    if Lead.objects.filter(region__code__startswith=city[:4]).exists():
        return 0
    rng = random.Random(f"luoshi-attraction-{city}")
    units = _followers(city)
    written = []
    for number, plan in enumerate(_simulate(city)):
        described = _describe(rng, number)
        unit = units[number % len(units)]
        written.append((plan, _write(plan, unit, described)))
    if city == SANMU["unit"][:6]:
        plan = _Lead(city, SANMU["talks"], SANMU["signed"], SANMU["landed"])
        sanmu = _write(plan, Unit.objects.get(code=SANMU["unit"]), {
            "title": SANMU["title"], "investor": SANMU["investor"], "origin": Origin.OUT_OF_PROVINCE,
            "investor_place": SANMU["place"], "industry": SANMU["industry"],
            "intended_investment": SANMU["amount"]})
        written.append((plan, sanmu))
    _send_funds(city, written, rng)
    return len(written)


def load_demo_attraction() -> int:
    """Leads of Fushun, Yingkou and Panjin (needs ``load_demo_orgs`` first)."""
    return sum(load_demo_city(city) for city in PLAN)
