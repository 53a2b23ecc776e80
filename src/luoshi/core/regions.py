"""Administrative regions (GB/T 2260 codes) shipped with luoshi.

The data lives in ``data/regions.csv`` beside this module; ``data/regions.SOURCE.md``
says where it came from and how to refresh it.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from django.db import transaction
from django.db.models import Q

from luoshi.core.models import Region, RegionLevel

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "regions.csv"

HEADER = ["code", "name", "level", "parent_code"]

# Parents come first: every level's parent is of the level before it.
LEVEL_ORDER = [RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY]
PARENT_LEVEL = {RegionLevel.CITY: RegionLevel.PROVINCE, RegionLevel.COUNTY: RegionLevel.CITY}

_CODE = re.compile(r"\d{6}")


def _read(path: Path) -> list[dict[str, str]]:
    """Read and check the CSV; raise ``ValueError`` naming the line of the first problem."""
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != HEADER:
            raise ValueError(f"{path}: header must be {','.join(HEADER)}, got {reader.fieldnames}")
        rows = []
        seen: dict[str, str] = {}
        for line, raw in enumerate(reader, start=2):
            row = {key: (raw[key] or "").strip() for key in HEADER}
            code, name, level, parent = row["code"], row["name"], row["level"], row["parent_code"]
            where = f"{path}:{line}"
            if not _CODE.fullmatch(code):
                raise ValueError(f"{where}: code {code!r} is not six digits")
            if code in seen:
                raise ValueError(f"{where}: code {code} appears twice")
            if not name:
                raise ValueError(f"{where}: code {code} has no name")
            if level not in RegionLevel.values:
                raise ValueError(f"{where}: unknown level {level!r}")
            if level == RegionLevel.PROVINCE:
                if parent or not code.endswith("0000"):
                    raise ValueError(f"{where}: a province is NN0000 and has no parent")
            else:
                if not _CODE.fullmatch(parent):
                    raise ValueError(f"{where}: {level} {code} needs a six-digit parent_code")
                prefix = parent[:2] if level == RegionLevel.CITY else parent[:4]
                if not code.startswith(prefix) or code == parent:
                    raise ValueError(f"{where}: {code} does not lie inside its parent {parent}")
                if (level == RegionLevel.CITY) != code.endswith("00"):
                    raise ValueError(f"{where}: only a city code ends in 00, got {level} {code}")
            seen[code] = level
            rows.append(row)
    return rows


def load_regions(path: str | Path | None = None, *, model=Region) -> int:
    """Upsert the regions CSV (``data/regions.csv`` by default) into ``Region``.

    Idempotent: rows are matched by code, and a second run leaves the table as the first
    left it. Regions already in the database but absent from the file are kept (they may be
    referenced elsewhere). Everything happens in one transaction, parents before children.
    Returns the number of rows in the file. ``model`` is the historical model in migrations.
    """
    path = Path(path) if path is not None else DEFAULT_PATH
    rows = _read(path)
    levels = {row["code"]: row["level"] for row in rows}

    with transaction.atomic():
        # A parent may also be a region loaded earlier from another file.
        missing = {row["parent_code"] for row in rows if row["parent_code"]} - levels.keys()
        if missing:
            levels.update(model.objects.filter(code__in=missing).values_list("code", "level"))
        for row in rows:
            parent = row["parent_code"]
            if not parent:
                continue
            if parent not in levels:
                raise ValueError(f"{path}: parent {parent} of {row['code']} does not exist")
            if levels[parent] != PARENT_LEVEL[row["level"]]:
                raise ValueError(
                    f"{path}: {row['code']} is a {row['level']} but its parent {parent} "
                    f"is a {levels[parent]}"
                )

        for level in LEVEL_ORDER:
            objs = [
                model(
                    code=row["code"],
                    name=row["name"],
                    level=row["level"],
                    parent_id=row["parent_code"] or None,
                )
                for row in rows
                if row["level"] == level
            ]
            if objs:
                model.objects.bulk_create(
                    objs,
                    batch_size=500,
                    update_conflicts=True,
                    unique_fields=["code"],
                    update_fields=["name", "level", "parent"],
                )
    return len(rows)


def in_region(prefix: str, field: str = "region") -> Q:
    """Rows whose region code (``field``) starts with ``prefix``, as a range on the code
    itself: no join, and an index serves it on every database (a LIKE prefix does not, on
    SQLite)."""
    return Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix + ":"})  # ":" follows "9"
