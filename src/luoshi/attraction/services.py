"""Leads: every write (create, edit, move along 洽谈 → 签约 → 落位, drop, record funds arrived),
and the figures briefs and the cockpit reuse (counts per stage for a period with new vs
carried over and year-on-year change, funds arrived with YoY, by region and by unit).

Writes check the actor's permission and data scope, run in one transaction and are audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from luoshi.attraction.models import (
    PIPELINE,
    STAGE_DATE_FIELD,
    FundsArrival,
    Lead,
    Origin,
    Stage,
    StageChange,
)
from luoshi.core import audit
from luoshi.core.errors import Conflict, InvalidInput, ParseError, PermissionDenied, UsccError
from luoshi.core.industries import Industry
from luoshi.core.models import Region
from luoshi.core.periods import Period
from luoshi.core.permissions import Access, DataScope, access_for, unit_in_scope
from luoshi.core.textnorm import to_halfwidth
from luoshi.core.uscc import check_uscc
from luoshi.orgs.models import Unit

LEAD_FIELDS = ("title", "investor", "investor_uscc", "origin", "investor_place", "industry",
               "intended_investment", "region", "unit", "stage", "negotiating_on", "signed_on",
               "landed_on", "terminated_on", "note")
MAX_INVESTMENT = Decimal("1000000000")  # 10万亿元 in 万元: more is a typing error
_RANK = {stage: i for i, stage in enumerate(PIPELINE)}


# --- who may do what ---------------------------------------------------------------------

def can_edit_leads(access: Access) -> bool:
    return access.has("leads.manage") or access.has("leads.follow")


def require_lead_access(actor, lead: Lead) -> Access:
    """HQ (leads.manage) within its data scope, or the following unit's reporter (leads.follow)."""
    access = access_for(actor)
    if not can_edit_leads(access):
        access.require("leads.follow")
    if not lead_in_scope(access, lead):
        raise PermissionDenied(f"招商线索“{lead.title}”不在您的数据范围内")
    return access


def lead_in_scope(access: Access, lead: Lead) -> bool:
    if access.scope == DataScope.REGION:
        return lead.region_id.startswith(access.region_prefix)
    return unit_in_scope(access, lead.unit)


# --- create and edit -----------------------------------------------------------------------

@dataclass
class LeadData:
    title: str
    investor: str
    origin: str
    industry: str
    intended_investment: Decimal
    region_code: str
    unit_code: str
    negotiating_on: dt.date
    investor_uscc: str = ""
    investor_place: str = ""
    note: str = ""
    # On create only: a lead entered after the fact, already signed, landed or dropped.
    stage: str = Stage.NEGOTIATING
    signed_on: dt.date | None = None
    landed_on: dt.date | None = None
    terminated_on: dt.date | None = None
    reason: str = ""


def normalise_uscc(code: str) -> str:
    """The 统一社会信用代码 in its standard form; a wrong one raises InvalidInput."""
    code = to_halfwidth(code or "").strip()
    if not code:
        return ""
    try:
        return check_uscc(code).code
    except UsccError as exc:
        raise InvalidInput(exc.message, field="investor_uscc", code=exc.code) from exc


def _check_text(data: LeadData) -> None:
    for name, label, limit in (("title", "项目名称", 200), ("investor", "投资方", 200)):
        value = getattr(data, name).strip()
        if not value:
            raise InvalidInput(f"请填写{label}", field=name)
        if len(value) > limit:
            raise InvalidInput(f"{label}最多{limit}个字", field=name)
        setattr(data, name, value)
    if data.origin not in Origin.values:
        raise InvalidInput("投资方来源应为省内、省外或境外", field="origin")
    if data.industry not in Industry.values:
        raise InvalidInput("请选择国民经济行业门类（GB/T 4754，A—T）", field="industry")
    amount = data.intended_investment
    if not isinstance(amount, Decimal) or not amount.is_finite() or amount <= 0:
        raise InvalidInput("意向投资额应为大于0的金额（万元）", field="intended_investment")
    if amount >= MAX_INVESTMENT or amount.as_tuple().exponent < -4:
        raise InvalidInput("意向投资额过大或小数位过多（最多4位小数，单位万元）",
                           field="intended_investment")
    data.investor_uscc = normalise_uscc(data.investor_uscc)
    data.investor_place = data.investor_place.strip()[:64]


def unit_allowed(access: Access, unit: Unit) -> bool:
    """Whether ``access`` may give a lead to ``unit``: its own (and below), or for HQ any
    unit of its region."""
    return unit_in_scope(access, unit) or (
        access.scope == DataScope.REGION and unit.region_id.startswith(access.region_prefix))


def _resolve(access: Access, data: LeadData) -> tuple[Region, Unit]:
    region = Region.objects.filter(pk=data.region_code).first()
    if region is None:
        raise InvalidInput(f"区划代码“{data.region_code}”不存在", field="region")
    unit = Unit.objects.select_related("region").filter(code=data.unit_code).first()
    if unit is None:
        raise InvalidInput(f"单位编码“{data.unit_code}”不存在", field="unit")
    if not unit_allowed(access, unit):
        raise PermissionDenied(f"跟进单位“{unit.name}”不在您的数据范围内")
    if access.scope == DataScope.REGION and not region.code.startswith(access.region_prefix):
        raise InvalidInput(f"区划“{region.name}”不在您的数据范围内", field="region")
    return region, unit


def _stage_dates(data: LeadData) -> dict[str, dt.date | None]:
    """The stage dates a new lead starts with, checked against its stage and each other."""
    if data.stage not in Stage.values:
        raise InvalidInput("阶段应为洽谈、签约、落位或终止", field="stage")
    today = timezone.localdate()
    dates = {"negotiating_on": data.negotiating_on, "signed_on": data.signed_on,
             "landed_on": data.landed_on, "terminated_on": data.terminated_on}
    if dates["negotiating_on"] is None:
        raise InvalidInput("请填写洽谈日期", field="negotiating_on")
    stage = Stage(data.stage)
    reached = {Stage.NEGOTIATING: 0, Stage.SIGNED: 1, Stage.LANDED: 2}.get(stage)
    for rank, name in ((1, "signed_on"), (2, "landed_on")):
        label = Stage(PIPELINE[rank]).label
        if reached is not None and rank <= reached and dates[name] is None:
            raise InvalidInput(f"阶段为“{stage.label}”，请填写{label}日期", field=name)
        if reached is not None and rank > reached and dates[name] is not None:
            raise InvalidInput(f"阶段为“{stage.label}”，不应填写{label}日期", field=name)
    if stage == Stage.TERMINATED:
        if dates["terminated_on"] is None:
            raise InvalidInput("阶段为“终止”，请填写终止日期", field="terminated_on")
        if not data.reason.strip():
            raise InvalidInput("终止须写明原因", field="reason")
        if dates["landed_on"] and not dates["signed_on"]:
            raise InvalidInput("有落位日期时须有签约日期", field="signed_on")
    elif dates["terminated_on"] is not None:
        raise InvalidInput("未终止的线索不应填写终止日期", field="terminated_on")
    previous = ("洽谈", dates["negotiating_on"])
    for name, label in (("signed_on", "签约"), ("landed_on", "落位"), ("terminated_on", "终止")):
        value = dates[name]
        if value is None:
            continue
        if value < previous[1]:
            raise InvalidInput(f"{label}日期不能早于{previous[0]}日期", field=name)
        previous = (label, value)
    for name, value in dates.items():
        if value is not None and value > today:
            raise InvalidInput("日期不能晚于今天", field=name)
    return dates


def check_new_lead(data: LeadData) -> None:
    """The checks of :func:`create_lead` that need no database (importers run them on every
    row first, to report all problems at once)."""
    _check_text(data)
    _stage_dates(data)


def _change(lead: Lead, actor, old: str, new: str, on: dt.date, reason: str = "") -> None:
    StageChange.objects.create(lead=lead, from_stage=old, to_stage=new, on=on, reason=reason,
                               actor=actor if getattr(actor, "pk", None) else None,
                               actor_name=getattr(actor, "username", "system"))


def _require_writer(actor) -> Access:
    access = access_for(actor)
    if not can_edit_leads(access):
        access.require("leads.follow")
    return access


@transaction.atomic
def create_lead(*, actor, data: LeadData) -> Lead:
    access = _require_writer(actor)
    _check_text(data)
    region, unit = _resolve(access, data)
    dates = _stage_dates(data)
    lead = Lead.objects.create(
        title=data.title, investor=data.investor, investor_uscc=data.investor_uscc,
        origin=data.origin, investor_place=data.investor_place, industry=data.industry,
        intended_investment=data.intended_investment, region=region, unit=unit,
        stage=data.stage, note=data.note.strip(), **dates)
    _change(lead, actor, "", Stage.NEGOTIATING, lead.negotiating_on)
    steps = [(s, dates[STAGE_DATE_FIELD[s]]) for s in (Stage.SIGNED, Stage.LANDED, Stage.TERMINATED)]
    old = Stage.NEGOTIATING
    for stage, on in steps:
        if on is not None:
            _change(lead, actor, old, stage, on, data.reason.strip() if stage == Stage.TERMINATED else "")
            old = stage
    audit.record_saved(actor=actor, obj=lead, before=None, fields=LEAD_FIELDS)
    return lead


@transaction.atomic
def update_lead(*, actor, lead: Lead, data: LeadData) -> Lead:
    """Edit what describes the lead and the date it was first negotiated; the stage and its
    later dates move only through :func:`move_lead`."""
    access = require_lead_access(actor, lead)
    _check_text(data)
    region, unit = _resolve(access, data)
    later = [d for d in (lead.signed_on, lead.landed_on, lead.terminated_on) if d is not None]
    if data.negotiating_on is None:
        raise InvalidInput("请填写洽谈日期", field="negotiating_on")
    if later and data.negotiating_on > min(later):
        raise InvalidInput("洽谈日期不能晚于签约、落位或终止日期", field="negotiating_on")
    if data.negotiating_on > timezone.localdate():
        raise InvalidInput("日期不能晚于今天", field="negotiating_on")
    before = audit.snapshot(lead, LEAD_FIELDS)
    for name in ("title", "investor", "investor_uscc", "origin", "investor_place", "industry",
                 "intended_investment", "negotiating_on"):
        setattr(lead, name, getattr(data, name))
    lead.note = data.note.strip()
    lead.region, lead.unit = region, unit
    if not lead.is_outside and lead.funds.exists():
        raise InvalidInput("该线索已有域外资金到位记录，来源不能改为省内", field="origin")
    lead.save()
    if before["negotiating_on"] != lead.negotiating_on.isoformat():
        lead.stage_changes.filter(from_stage="", to_stage=Stage.NEGOTIATING).update(on=lead.negotiating_on)
    audit.record_saved(actor=actor, obj=lead, before=before, fields=LEAD_FIELDS)
    return lead


# --- moving along the stages -------------------------------------------------------------

def _resume_stage(lead: Lead) -> Stage:
    """The pipeline stage a dropped lead had reached."""
    if lead.landed_on:
        return Stage.LANDED
    return Stage.SIGNED if lead.signed_on else Stage.NEGOTIATING


def needs_reason(lead: Lead, to_stage: str) -> bool:
    """Going backwards, dropping, or taking a dropped lead up again needs a reason."""
    if to_stage == Stage.TERMINATED or lead.stage == Stage.TERMINATED:
        return True
    return _RANK[Stage(to_stage)] < _RANK[Stage(lead.stage)]


@transaction.atomic
def move_lead(*, actor, lead: Lead, to_stage: str, on: dt.date, reason: str = "") -> Lead:
    """Move ``lead`` to ``to_stage`` on ``on``: one step forward (洽谈→签约→落位) freely;
    backwards, to 终止, or back from 终止 only with a reason. Going back clears the dates of
    the stages undone, so the lead no longer counts as signed or landed."""
    require_lead_access(actor, lead)
    if to_stage not in Stage.values:
        raise InvalidInput("阶段应为洽谈、签约、落位或终止", field="to_stage")
    to_stage, old = Stage(to_stage), Stage(lead.stage)
    reason = reason.strip()
    if to_stage == old:
        raise Conflict(f"线索已处于“{old.label}”阶段", code="same_stage")
    if on is None:
        raise InvalidInput("请填写日期", field="on")
    if on > timezone.localdate():
        raise InvalidInput("日期不能晚于今天", field="on")
    if needs_reason(lead, to_stage) and not reason:
        what = "终止" if to_stage == Stage.TERMINATED else "退回或恢复"
        raise InvalidInput(f"{what}线索须写明原因", field="reason")
    latest = max(d for d in (lead.negotiating_on, lead.signed_on, lead.landed_on,
                             lead.terminated_on) if d is not None)
    if on < latest:
        raise InvalidInput(f"日期不能早于上一阶段的日期（{latest:%Y-%m-%d}）", field="on")
    before = audit.snapshot(lead, LEAD_FIELDS)
    if to_stage == Stage.TERMINATED:
        lead.terminated_on = on
    else:
        start = _resume_stage(lead) if old == Stage.TERMINATED else old
        if _RANK[to_stage] > _RANK[start] + 1:
            skipped = Stage(PIPELINE[_RANK[start] + 1]).label
            raise InvalidInput(f"请先办理“{skipped}”，再进入“{to_stage.label}”", field="to_stage")
        if _RANK[to_stage] == _RANK[start] + 1:
            setattr(lead, STAGE_DATE_FIELD[to_stage], on)
        for undone in PIPELINE[_RANK[to_stage] + 1:]:
            setattr(lead, STAGE_DATE_FIELD[undone], None)
        lead.terminated_on = None
        if lead.signed_on is None and lead.funds.exists():
            raise Conflict("该线索已有资金到位记录，不能退回到签约之前；请先删除到位记录",
                           code="has_funds")
    lead.stage = to_stage
    lead.save()
    _change(lead, actor, old, to_stage, on, reason)
    after = audit.snapshot(lead, LEAD_FIELDS)
    audit.record(actor=actor, action="move", obj=lead, before=before,
                 after={**after, "reason": reason})
    return lead


# --- funds arrived -----------------------------------------------------------------------

def parse_month(text: str) -> Period:
    try:
        month = Period.parse(str(text))
    except ParseError as exc:
        raise InvalidInput(exc.message, field="month") from exc
    if month.kind != "month":
        raise InvalidInput(f"月份“{text}”应为某一个月，如 2023-06", field="month")
    return month


@transaction.atomic
def record_funds(*, actor, lead: Lead, month: str, amount: Decimal | None) -> FundsArrival | None:
    """Set the 域外 money arrived for ``lead`` in ``month`` (万元); ``None`` removes the entry."""
    require_lead_access(actor, lead)
    period = parse_month(month)
    if not lead.is_outside:
        raise InvalidInput("只有省外、境外投资方的线索登记域外资金到位额", field="lead")
    if amount is not None:
        if not isinstance(amount, Decimal) or not amount.is_finite() or amount < 0:
            raise InvalidInput("到位额应为不小于0的金额（万元）", field="amount")
        if amount >= MAX_INVESTMENT or amount.as_tuple().exponent < -4:
            raise InvalidInput("到位额过大或小数位过多（最多4位小数，单位万元）", field="amount")
    if lead.signed_on is None:
        raise InvalidInput("线索签约后才有资金到位", field="lead")
    if period.code < f"{lead.signed_on:%Y-%m}":
        raise InvalidInput(f"到位月份不能早于签约月份（{lead.signed_on:%Y-%m}）", field="month")
    if period.start_date() > timezone.localdate():
        raise InvalidInput(f"{period.code}尚未开始", field="month")
    row = FundsArrival.objects.filter(lead=lead, month=period.code).first()
    before = {"month": period.code, "amount": row.amount} if row else None
    if amount is None:
        if row is not None:
            row.delete()
            audit.record(actor=actor, action="delete", obj=lead, object_type="attraction.fundsarrival",
                         object_id=f"{lead.pk}:{period.code}", before=before, after=None)
        return None
    if row is None:
        row = FundsArrival.objects.create(lead=lead, month=period.code, amount=amount)
    elif row.amount != amount:
        row.amount = amount
        row.save(update_fields=["amount", "updated_at"])
    else:
        return row
    audit.record(actor=actor, action="update" if before else "create", obj=lead,
                 object_type="attraction.fundsarrival", object_id=f"{lead.pk}:{period.code}",
                 before=before, after={"month": period.code, "amount": amount})
    return row


def lead_data(lead: Lead) -> LeadData:
    """The editable fields of ``lead`` (with ``region`` and ``unit`` loaded)."""
    names = {f.name for f in fields(LeadData)}
    values = {n: getattr(lead, n) for n in names if n not in ("region_code", "unit_code", "reason")}
    return LeadData(**values, region_code=lead.region_id, unit_code=lead.unit.code)


# The figures (counts, funds, YoY) live in their own module; they are part of this service.
from luoshi.attraction.figures import (  # noqa: E402,F401
    FundsFigures,
    GroupFigures,
    LeadFigures,
    Pipeline,
    StageCount,
    figures_by_region,
    figures_by_unit,
    funds_figures,
    growth_pct,
    lead_figures,
    pipeline,
    year_to_date,
)
