"""``luoshi warnings run``: evaluate the rules and make the open warnings match their causes.

Per rule, in one transaction: the rule yields its causes; the open warnings within the
rule's scope are read in one query; warnings are opened for new causes (bulk insert),
updated where the reason or severity changed (bulk update) and closed where the cause is
gone (one UPDATE per chunk of ids). Stopped midway, each rule has either its old warnings or
its new ones. Running it again with the same data changes nothing: the partial unique
constraint ``warning_open_unique`` makes a duplicate open warning impossible even when two
runs overlap. One audit entry per rule and run records the counts.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from luoshi.core import audit
from luoshi.core.errors import DomainError
from luoshi.core.periods import Period
from luoshi.core.permissions import SYSTEM
from luoshi.progress.services import parse_month
from luoshi.supervision.models import Warning, WarningRun, WarningStatus
from luoshi.supervision.rules import Cause, Rule, all_rules, context_for, get_rule

logger = logging.getLogger(__name__)

BATCH_SIZE = 2000
JUDGEMENT_DAY = 10  # HQ reviews a month on the 10th of the next: deadlines have passed by then


def judgement_day(month: Period, today: dt.date | None = None) -> dt.date:
    """The day a month is judged on: the 10th of the following month, or today if sooner."""
    today = today or timezone.localdate()
    following = month.next_month()
    return min(today, dt.date(following.year, following.first_month, JUDGEMENT_DAY))


def default_period(today: dt.date | None = None) -> str:
    today = today or timezone.localdate()
    return Period.of_month(today.year, today.month).previous_month().code


@dataclass(frozen=True)
class RuleOutcome:
    rule: str
    causes: int
    opened: int
    updated: int
    closed: int
    seconds: float
    error: str = ""  # the rule failed: its warnings were left as they were


def _new_warning(cause: Cause, period: str, as_of: dt.date) -> Warning:
    return Warning(rule="", item_app=cause.item_app, item_model=cause.item_model,
                   item_id=cause.item_id, cause_key=cause.key, item_title=cause.title,
                   item_url=cause.url, unit_id=cause.unit_id, region_id=cause.region_id,
                   city=cause.region_id[:4], period=period, severity=cause.severity, reason=cause.reason,
                   opened_on=as_of, status=WarningStatus.OPEN)


_COMPARED = ("item_title", "item_url", "unit_id", "region_id", "severity", "reason")


def run_rule(rule: Rule, period: str, *, as_of: dt.date | None = None,
             overrides: dict | None = None) -> RuleOutcome:
    month = parse_month(period)
    as_of = as_of or judgement_day(month)
    context = context_for(rule, month, as_of, overrides)
    started = time.perf_counter()
    with transaction.atomic():
        causes: dict[tuple, Cause] = {}
        for cause in rule.evaluate(context):
            causes.setdefault(cause.identity, cause)
        open_rows = (Warning.objects.filter(rule=rule.code, status=WarningStatus.OPEN)
                     .filter(rule.scope_q(context))
                     .values_list("id", "item_app", "item_model", "item_id", "cause_key", *_COMPARED))
        existing: dict[tuple, int] = {}
        changed: list[Warning] = []
        gone: list[int] = []
        for pk, app, model, item_id, key, *values in open_rows.iterator(chunk_size=5000):
            identity = (app, model, item_id, key)
            cause = causes.get(identity)
            if cause is None:
                gone.append(pk)
                continue
            existing[identity] = pk
            fresh = (cause.title, cause.url, cause.unit_id, cause.region_id, cause.severity,
                     cause.reason)
            if tuple(values) != fresh:
                changed.append(Warning(pk=pk, item_title=cause.title, item_url=cause.url,
                                       unit_id=cause.unit_id, region_id=cause.region_id,
                                       city=cause.region_id[:4], severity=cause.severity,
                                       reason=cause.reason))
        new = []
        for identity, cause in causes.items():
            if identity not in existing:
                warning = _new_warning(cause, month.code, as_of)
                warning.rule = rule.code
                new.append(warning)
        # ignore_conflicts: a run overlapping this one may have opened the same warning.
        Warning.objects.bulk_create(new, batch_size=BATCH_SIZE, ignore_conflicts=True)
        Warning.objects.bulk_update(changed, ["item_title", "item_url", "unit_id", "region_id",
                                              "city", "severity", "reason"], batch_size=BATCH_SIZE)
        for start in range(0, len(gone), BATCH_SIZE):
            Warning.objects.filter(pk__in=gone[start:start + BATCH_SIZE]).update(
                status=WarningStatus.CLOSED, closed_on=as_of)
        seconds = time.perf_counter() - started
        outcome = RuleOutcome(rule.code, len(causes), len(new), len(changed), len(gone),
                              round(seconds, 2))
        WarningRun.objects.create(rule=rule.code, period=month.code, as_of=as_of,
                                  finished_at=timezone.now(), causes=outcome.causes,
                                  opened=outcome.opened, closed=outcome.closed,
                                  updated=outcome.updated, seconds=outcome.seconds)
        if new or changed or gone:
            audit.record(actor=SYSTEM, action="warnings_run", object_type="supervision.warning",
                         object_id=rule.code, object_repr=f"{rule.title} {month.code}",
                         after={"period": month.code, "as_of": as_of, "opened": len(new),
                                "updated": len(changed), "closed": len(gone)})
    return outcome


def run_warnings(period: str | None = None, *, as_of: dt.date | None = None,
                 rules: Iterable[str] | None = None,
                 progress: Callable[[RuleOutcome], None] | None = None) -> list[RuleOutcome]:
    """Evaluate every registered rule (or those named in ``rules``) for the month ``period``
    (default last month), one transaction per rule. A rule that fails (a bug, or another
    app's tables not migrated yet) keeps its warnings as they were and does not stop the
    others; its outcome carries the error, and the caller decides what to make of it."""
    period = period or default_period()
    parse_month(period)  # a bad period is the caller's mistake, not one rule's failure
    selected = [get_rule(code) for code in rules] if rules else all_rules()
    outcomes = []
    for rule in selected:
        try:
            outcome = run_rule(rule, period, as_of=as_of)
        except DomainError:
            raise
        except Exception as exc:  # noqa: BLE001 - one rule's failure must not stop the rest
            logger.exception("warning rule %s failed", rule.code)
            outcome = RuleOutcome(rule.code, 0, 0, 0, 0, 0.0, error=f"{type(exc).__name__}: {exc}")
        if progress is not None:
            progress(outcome)
        outcomes.append(outcome)
    return outcomes
