"""Place references shared by `places`, `localities` and `scope`: resolving a matched name
to a division, an article's home, and province or region references (我省, 全区 …).

Kept apart so that `places` and `scope` import it and not each other.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.model.records import Place
from kg.resources import gazetteer

PREFECTURE_KINDS = ("city", "municipality", "province")
COUNTY_KINDS = ("county", "county-level-city", "district", "other")
PROVINCE_REF = re.compile(r"我省|全省|本省|该省")
# In an autonomous region's own report: the region (自治区 alone, not the end of 宁夏回族自治区).
REGION_REF = re.compile(r"我区|全区|本区|(?<![族尔藏古])自治区")


@dataclass(frozen=True)
class Home:
    """The places an article is about: its prefecture, and its county for a county report.

    `fallback` is the place a fact belongs to when its sentence names none: the county, else
    the prefecture when the text names it, else the named province around it (a region's
    report: 宁夏 … 红寺堡区 puts 吴忠 in `city` for resolving names, not in `fallback`)."""

    city: Place | None
    county: Place | None
    fallback: Place | None = None


def _within(place: Place, scope: Place | None) -> bool:
    return gazetteer.within(place, scope)


def resolve(name: str, city: Place | None, *, before: Place | None = None,
            seen: dict[str, Place] | None = None, boundary: bool = True) -> Place | None:
    """The division a matched name stands for, given what surrounds it."""
    entries = gazetteer.names().get(name, ())
    home_prov = gazetteer.province_of(city) if city else None

    def ok(place: Place, full: bool) -> bool:
        if len(name) == 2 and full and place.kind in COUNTY_KINDS:
            return boundary or _within(place, home_prov)
        if full or place.kind in PREFECTURE_KINDS:
            return True
        return _within(place, city) or (before is not None and _within(place, before))

    usable = [p for p, full in entries if ok(p, full)]
    if len(usable) <= 1:
        return usable[0] if usable else None
    if seen and name in seen and seen[name] in usable:
        return seen[name]
    for scope in (before, city, home_prov):
        inside = [p for p in usable if _within(p, scope)]
        if len(inside) == 1:
            return inside[0]
    higher = [p for p in usable if p.kind in PREFECTURE_KINDS]
    return higher[0] if len(higher) == 1 else None
