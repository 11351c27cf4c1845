"""Places: gazetteer matches (full and short forms, either script), development zones,
and the article's home city.

Short forms of county-level divisions (乡宁 for 乡宁县) are taken only inside the
article's home prefecture, where they are unambiguous; names shared by several
divisions are resolved by the home prefecture, then the home province.
"""
from __future__ import annotations

import re
from collections import Counter

from kg import gazetteer
from kg.records import Document, Place, PlaceMention
from kg.script import pinyin_slug

SKIP_BLOCKS = ("footer", "credits")
PREFECTURE_KINDS = ("city", "municipality", "province")
_ZONE = re.compile(
    r"(经济技术开发区|经济开发区|高新技术产业开发区|高新技术开发区|高新区|工业园区|产业园区|开发区|示范区)"
)


def _candidates(doc: Document):
    """(start, end, name) of gazetteer names in the extractable blocks."""
    for b in doc.blocks:
        if b.kind in SKIP_BLOCKS:
            continue
        yield from gazetteer.find_names(doc.simplified, b.start, b.end)


def home_city(doc: Document, found: list[tuple[int, int, str]]) -> Place | None:
    """The prefecture the article is about: votes from title, source and mentions."""
    votes: Counter[str] = Counter()
    lead_end = doc.blocks[min(2, len(doc.blocks) - 1)].end if doc.blocks else 0
    for start, _, name in found:
        for place, full in gazetteer.names()[name]:
            pref = gazetteer.prefecture_of(place) if full or place.kind in PREFECTURE_KINDS else None
            if pref is None or pref.kind == "province":
                continue
            votes[pref.key] += 3 if start < lead_end and place.kind in ("city", "municipality") else 1
    if doc.source:
        for _, _, name in gazetteer.find_names(_simplified(doc.source)):
            for place, _ in gazetteer.names()[name]:
                if place.kind in ("city", "municipality"):
                    votes[place.key] += 3
    if not votes:
        return None
    key, _ = max(votes.items(), key=lambda kv: (kv[1], kv[0]))
    return gazetteer.get(key)


def _simplified(text: str) -> str:
    from kg.script import to_simplified

    return to_simplified(text)


def resolve(name: str, city: Place | None) -> Place | None:
    """The division a matched name stands for, given the home prefecture."""
    entries = gazetteer.names().get(name, ())
    home_prov = gazetteer.province_of(city) if city else None

    def ok(place: Place, full: bool) -> bool:
        if full or place.kind in PREFECTURE_KINDS:
            return True
        return city is not None and gazetteer.prefecture_of(place) == city

    usable = [p for p, full in entries if ok(p, full)]
    if len(usable) <= 1:
        return usable[0] if usable else None
    for scope in (city, home_prov):
        if scope is None:
            continue
        inside = [p for p in usable if p == scope or scope in gazetteer.ancestors(p)]
        if len(inside) == 1:
            return inside[0]
    higher = [p for p in usable if p.kind in PREFECTURE_KINDS]
    return higher[0] if len(higher) == 1 else None


def _zone(doc: Document, end: int, place: Place) -> tuple[int, Place] | None:
    """A development zone named after a place, right after the place's name."""
    m = _ZONE.match(doc.simplified, end)
    if not m:
        return None
    parent = place if place.kind != "province" else None
    if parent is None:
        return None
    stem = doc.simplified[end - len(place.short or place.name):end]
    name = stem + m.group(1)
    key = f"{parent.key}-{pinyin_slug(m.group(1))}"
    return m.end(), Place(key=key, name=name, kind="development-zone", parent=parent.key)


def find_places(doc: Document) -> tuple[tuple[PlaceMention, ...], Place | None]:
    """Explicit place mentions and the home city."""
    found = list(_candidates(doc))
    city = home_city(doc, found)
    mentions: list[PlaceMention] = []
    for start, end, name in found:
        place = resolve(name, city)
        if place is None:
            continue
        zone = _zone(doc, end, place)
        if zone is not None:
            end, place = zone
        mentions.append(PlaceMention(doc.span(start, end), place))
    return tuple(mentions), city
