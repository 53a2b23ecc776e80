"""The registry of warning rules (预警规则).

A rule is a plain function that, given a :class:`RuleContext` (the month judged, the day of
judgement and the rule's settings), yields the :class:`Cause` of every warning that should
be open now. ``luoshi warnings run`` compares the causes with the open warnings and opens,
updates and closes warnings to match (see :mod:`luoshi.supervision.evaluation`).

Rules register themselves with :func:`register` in a module listed in ``RULE_MODULES``; a
module whose app is not installed or whose models are missing simply registers nothing.
Settings: each rule declares its defaults (documented in its ``settings_help``); a
deployment overrides them with ``LUOSHI_WARNING_RULES = {"rule_code": {"name": value}}``
in its Django settings, and callers may pass overrides to :func:`context_for`.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from luoshi.core.errors import InvalidInput
from luoshi.core.periods import Period

# Modules that register rules, in the order the job runs them.
RULE_MODULES = [
    "luoshi.supervision.rules_plans",
    "luoshi.supervision.rules_projects",
    "luoshi.supervision.rules_indicators",
    "luoshi.supervision.rules_service",
]


@dataclass(frozen=True)
class Cause:
    """Why a warning should be open: the item, who answers for it, how bad, and why."""

    item_app: str
    item_model: str
    item_id: int
    title: str
    url: str
    unit_id: int
    region_id: str
    severity: str
    reason: str
    key: str = ""

    @property
    def identity(self) -> tuple[str, str, int, str]:
        return (self.item_app, self.item_model, self.item_id, self.key)


@dataclass(frozen=True)
class RuleContext:
    period: Period
    as_of: dt.date
    settings: dict[str, Any]


@dataclass(frozen=True)
class Rule:
    code: str
    title: str
    evaluate: Callable[[RuleContext], Iterable[Cause]]
    defaults: dict[str, Any] = field(default_factory=dict)
    settings_help: dict[str, str] = field(default_factory=dict)
    # Which open warnings of the rule one evaluation answers for (all of them by default):
    # a warning outside it is left alone even when the evaluation does not find its cause.
    scope: Callable[[RuleContext], Q] | None = None

    def scope_q(self, context: RuleContext) -> Q:
        return self.scope(context) if self.scope else Q()


_REGISTRY: dict[str, Rule] = {}
_loaded = False


def register(rule: Rule) -> Rule:
    _REGISTRY[rule.code] = rule
    return rule


def all_rules() -> list[Rule]:
    global _loaded
    if not _loaded:
        for module in RULE_MODULES:
            importlib.import_module(module)
        _loaded = True
    return list(_REGISTRY.values())


def rule_titles() -> dict[str, str]:
    return {rule.code: rule.title for rule in all_rules()}


def get_rule(code: str) -> Rule:
    rules = {rule.code: rule for rule in all_rules()}
    if code not in rules:
        raise InvalidInput(f"没有预警规则“{code}”，可选：{'、'.join(rules)}", field="rule")
    return rules[code]


def context_for(rule: Rule, period: Period, as_of: dt.date,
                overrides: dict[str, Any] | None = None) -> RuleContext:
    configured = getattr(settings, "LUOSHI_WARNING_RULES", {}).get(rule.code, {})
    values = {**rule.defaults, **configured, **(overrides or {})}
    unknown = set(values) - set(rule.defaults)
    if unknown:
        raise InvalidInput(f"预警规则“{rule.title}”没有设置项：{'、'.join(sorted(unknown))}",
                           field="settings")
    return RuleContext(period=period, as_of=as_of, settings=values)


def url_pattern(name: str) -> str:
    """The URL of ``name`` with its one integer argument as ``{}``, reversed once per run."""
    return reverse(name, args=[987654321]).replace("987654321", "{}")
