"""Place references shared by `places` and `scope`: resolving a matched name to a division,
an article's home, and province references (我省, 全省 …).

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


@dataclass(frozen=True)
class Home:
    """The places an article is about: its prefecture, and its county for a county report."""

    city: Place | None
    county: Place | None


def _within(place: Place, scope: Place | None) -> bool:
    return scope is not None and (place == scope or scope in gazetteer.ancestors(place))


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
