"""The cockpit's panels: each one a title, a query and a template, loaded on its own.

A panel is registered with :func:`register`. The page lists the panels that are available
(every model a panel names exists: its app is installed and has its tables) and each one
loads separately through htmx, so a slow panel never holds the page up. A panel whose query
answers ``None`` (its app has no data for the region and month) renders nothing at all.

Panels of other apps read through those apps' own query and service functions; the panel
modules below import them inside their queries, so the cockpit imports cleanly whatever the
state of the other apps.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps

from luoshi.cockpit.queries import CockpitView

PanelQuery = Callable[[CockpitView], Any]


@dataclass(frozen=True)
class Panel:
    """``models`` ("app_label.Model") must all exist for the panel to be offered.
    ``wide`` panels take a full row of the grid on wide screens."""

    key: str
    title: str
    template: str
    query: PanelQuery
    order: int = 100
    models: tuple[str, ...] = ()
    wide: bool = False

    def is_available(self) -> bool:
        for name in self.models:
            try:
                apps.get_model(name)
            except (LookupError, ValueError):
                return False
        return True


_PANELS: dict[str, Panel] = {}

# The panel modules shipped with the cockpit; each registers its panels when imported.
BUILTIN_MODULES = (
    "luoshi.cockpit.panels.indicators",
    "luoshi.cockpit.panels.subregions",
    "luoshi.cockpit.panels.plans",
    "luoshi.cockpit.panels.projects",
    "luoshi.cockpit.panels.attraction",
    "luoshi.cockpit.panels.warnings",
)


def register(panel: Panel) -> Panel:
    _PANELS[panel.key] = panel
    return panel


def unregister(key: str) -> None:
    _PANELS.pop(key, None)


def load_builtin_panels() -> None:
    for module in BUILTIN_MODULES:
        importlib.import_module(module)


def available_panels() -> list[Panel]:
    return sorted((p for p in _PANELS.values() if p.is_available()), key=lambda p: (p.order, p.key))


def panel(key: str) -> Panel | None:
    found = _PANELS.get(key)
    return found if found is not None and found.is_available() else None
