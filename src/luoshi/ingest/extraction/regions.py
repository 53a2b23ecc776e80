"""Liaoning's cities and counties by the names a briefing uses for them.

Read straight from core's regions CSV (no database), so extraction stays pure Python. A
city is found by its full name (抚顺市) or short name (抚顺); a county by its full name, and
by its short name only where that is unambiguous (清原 for 清原满族自治县, 盖州 for 盖州市),
never for districts (区), whose short names are common words (站前, 西市).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import luoshi.core

# core/regions.py names the same file, but importing it needs Django's models.
REGIONS_CSV = Path(luoshi.core.__file__).resolve().parent / "data" / "regions.csv"
PROVINCE_CODE = "210000"
_COUNTY_SUFFIXES = ("满族自治县", "蒙古族自治县", "朝鲜族自治县", "自治县", "县", "市")


@dataclass(frozen=True)
class RegionName:
    code: str
    name: str  # the official full name
    level: str
    parent_code: str

    @property
    def city_code(self) -> str | None:
        if self.level == "city":
            return self.code
        if self.level == "county":
            return self.parent_code
        return None


@cache
def liaoning_regions() -> dict[str, RegionName]:
    """Liaoning's regions by code, from the shipped CSV."""
    with open(REGIONS_CSV, encoding="utf-8", newline="") as f:
        rows = [row for row in csv.DictReader(f) if row["code"].startswith("21")]
    return {
        row["code"]: RegionName(row["code"], row["name"], row["level"], row["parent_code"])
        for row in rows
    }


@cache
def names_to_codes() -> dict[str, str]:
    """Every name a text may use for a Liaoning region → its code."""
    regions = liaoning_regions().values()
    names: dict[str, str] = {}
    city_short = set()
    for region in regions:
        if region.level == "province":
            # 辽宁 alone is almost always a slogan (辽宁全面振兴…); 全省 and 辽宁省 are kept
            # as province-wide mentions by the context module.
            continue
        names[region.name] = region.code
        if region.level == "city":
            short = region.name.removesuffix("市")
            names[short] = region.code
            city_short.add(short)
    for region in regions:
        if region.level != "county" or region.name.endswith("区"):
            continue
        short = _county_short_name(region.name)
        if short and len(short) >= 2 and short not in city_short and short not in names:
            names[short] = region.code
    return names


def _county_short_name(name: str) -> str:
    for suffix in _COUNTY_SUFFIXES:
        if name.endswith(suffix):
            return name.removesuffix(suffix)
    return ""


@cache
def region_name_pattern() -> re.Pattern[str]:
    names = sorted(names_to_codes(), key=len, reverse=True)
    return re.compile("|".join(re.escape(name) for name in names))
