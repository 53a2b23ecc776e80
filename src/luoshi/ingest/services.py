"""Every write of the ingest app: keeping a text, accepting a fact of it into an indicator
observation, rejecting a fact. HQ staff only (``indicators.manage``)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from luoshi.core import audit
from luoshi.core.errors import InvalidInput, NotFound
from luoshi.core.money import MONEY_UNITS
from luoshi.core.permissions import access_for
from luoshi.core.textnorm import tidy_decimal
from luoshi.indicators import services as indicator_services
from luoshi.ingest.extraction import Fact, extract_facts
from luoshi.ingest.models import DecisionStatus, FactDecision, SourceText

PERMISSION = "indicators.manage"
MAX_TEXT = 200_000  # characters: a long work report is ~30,000
QUOTE_AROUND = 40  # characters of context kept with an accepted figure


def require_manage(actor) -> None:
    access_for(actor).require(PERMISSION)


@transaction.atomic
def create_source(*, actor, text: str, title: str = "", file_name: str = "") -> SourceText:
    """Keep a text exactly as given and count its facts."""
    require_manage(actor)
    if not text or not text.strip():
        raise InvalidInput("请粘贴文本或上传文本文件", field="text")
    if len(text) > MAX_TEXT:
        raise InvalidInput(f"文本过长（{len(text)}字），不能超过{MAX_TEXT}字", field="text")
    title = (title or "").strip() or _first_line(text)
    source = SourceText.objects.create(
        title=title[:255], text=text, file_name=file_name[:255],
        fact_count=len(extract_facts(text)),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit.record(actor=actor, action="create", obj=source,
                 after={"title": source.title, "file_name": source.file_name,
                        "characters": len(text), "facts": source.fact_count})
    return source


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")[:80]


def fact_at(source: SourceText, start: int, end: int) -> Fact:
    """The fact of ``source`` at exactly ``[start, end)``; NotFound when there is none."""
    for fact in extract_facts(source.text):
        if (fact.start, fact.end) == (start, end):
            return fact
    raise NotFound(f"文本中位置{start}-{end}处没有提取到数据")


@transaction.atomic
def accept_fact(*, actor, source: SourceText, start: int, end: int, indicator, region,
                period: str, value_kind: str = "") -> FactDecision:
    """Enter the fact at ``[start, end)`` as an observation of ``indicator`` for ``region``
    and ``period``; the observation keeps the text's title, the quoted words and the span.

    The value is converted to the indicator's unit when both are money (亿元 → 万元);
    a growth (同比) must be a percentage. Accepting a fact again updates its observation.
    """
    require_manage(actor)
    fact = fact_at(source, start, end)
    kind = value_kind or ("yoy" if fact.unit == "%" else "")
    value = _in_indicator_unit(fact, indicator, kind)
    observation = indicator_services.accept_fact(
        actor=actor, indicator=indicator, region=region, period=period, value=value,
        value_kind=kind, source_name=f"文本#{source.pk} {source.title}"[:255],
        source_text=_quote(source.text, fact), span=(fact.start, fact.end),
    )
    return _decide(actor, source, fact, status=DecisionStatus.ACCEPTED, indicator=indicator,
                   region=region, period=str(period), value_kind=kind, observation=observation)


@transaction.atomic
def reject_fact(*, actor, source: SourceText, start: int, end: int, reason: str = "") -> FactDecision:
    """Remember that the fact at ``[start, end)`` is not to be entered."""
    require_manage(actor)
    fact = fact_at(source, start, end)
    return _decide(actor, source, fact, status=DecisionStatus.REJECTED, indicator=None,
                   region=None, period="", value_kind="", observation=None,
                   reason=(reason or "").strip()[:255])


def _in_indicator_unit(fact: Fact, indicator, kind: str) -> Decimal:
    if kind == "yoy":
        if fact.unit != "%":
            raise InvalidInput(f"同比应为百分数，这个数据的单位是“{fact.unit}”", field="value_kind")
        return fact.value
    target = indicator.unit or fact.unit
    if fact.unit == target:
        return fact.value
    if fact.unit in MONEY_UNITS and target in MONEY_UNITS:
        return tidy_decimal(fact.value.scaleb(MONEY_UNITS[fact.unit] - MONEY_UNITS[target]))
    raise InvalidInput(
        f"数据的单位“{fact.unit}”与指标“{indicator.name}”的单位“{indicator.unit}”不符，无法换算",
        field="indicator",
    )


def _quote(text: str, fact: Fact) -> str:
    """The figure with the words around it, so the observation shows where it came from."""
    return text[max(0, fact.start - QUOTE_AROUND) : fact.end + QUOTE_AROUND // 4]


_AUDITED = ("status", "indicator", "region", "period", "value_kind", "observation", "reason")


def _decide(actor, source: SourceText, fact: Fact, *, status, **choice) -> FactDecision:
    decision = FactDecision.objects.filter(source=source, start=fact.start, end=fact.end).first()
    before = audit.snapshot(decision, _AUDITED) if decision else None
    if decision is None:
        decision = FactDecision(source=source, start=fact.start, end=fact.end)
    decision.value, decision.unit, decision.label = fact.value, fact.unit, fact.label[:128]
    decision.status = status
    decision.reason = choice.pop("reason", "")
    for name, value in choice.items():
        setattr(decision, name, value)
    decision.decided_by = actor if getattr(actor, "pk", None) else None
    decision.save()
    audit.record_saved(actor=actor, obj=decision, before=before, fields=_AUDITED)
    _recount(source)
    return decision


def _recount(source: SourceText) -> None:
    decisions = FactDecision.objects.filter(source=source)
    source.accepted_count = decisions.filter(status=DecisionStatus.ACCEPTED).count()
    source.rejected_count = decisions.filter(status=DecisionStatus.REJECTED).count()
    source.save(update_fields=["accepted_count", "rejected_count"])
