"""Context: which place each sentence is about.

A county section (a heading line that names a county) puts its county in scope;
elsewhere the article's home city is in scope. Inside a block, a sentence whose
subject is a place (汾西县…, 我市…, 全县…, 该县…) moves the scope to that place until
the next such sentence. Implicit references (我市, 该县, 全县 …) resolve to the city
or the county in scope.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.refs import PROVINCE_REF, Home, resolve
from kg.model.records import Document, Place, PlaceMention
from kg.resources import gazetteer
from kg.text.script import to_simplified

CITY_REF = re.compile(r"我市|全市|本市|该市|市委|市政府|市里")
COUNTY_REF = re.compile(r"我县|全县|本县|该县|县委|县政府|县里|我区|全区|本区|该区|区委|区政府")
_ANY_REF = re.compile(r"我市|全市|本市|我县|全县|本县|该县|我区|全区|该区")
# Leading clauses that carry no subject: time and linking adverbials.
_ADVERBIAL = re.compile(
    r"^(?:同时|目前|此外|另外|近年来|近几年|几年来|几年间|多年来|这几年|过去几年|近期|最近|截至目前|特别是|其中|"
    r"今年以来|今年|去年|明年|"
    r"去年以来|\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?[上下]?午?|\d{1,2}月\d{1,2}日[上下]?午?|\d{1,2}月[底初中]?旬?|"
    r"截至\S{0,8}|[一二三四五六七八九十]+是)$"
)
_CLAUSE = re.compile(r"[,，;；:：]")


@dataclass(frozen=True)
class Scope:
    """Place in scope for each sentence (parallel to Document.sentences)."""

    city: Place | None
    places: tuple[Place | None, ...]
    county_in_section: tuple[Place | None, ...]


def _section_place(doc: Document, text: str | None, city: Place | None) -> Place | None:
    if not text:
        return None
    s = to_simplified(text)
    return resolve(s, city) if s in gazetteer.names() else None


def _mention_at(mentions: list[PlaceMention], start: int) -> Place | None:
    for m in mentions:
        if m.span.start == start:
            return m.place
        if m.span.start > start:
            break
    return None


def implicit(ref: str, city: Place | None, county: Place | None) -> Place | None:
    """The place an implicit reference stands for."""
    if CITY_REF.fullmatch(ref):
        return city
    if COUNTY_REF.fullmatch(ref):
        return county
    if PROVINCE_REF.fullmatch(ref) and city is not None:
        return gazetteer.province_of(city)
    return None


def subject(doc: Document, start: int, end: int, mentions: list[PlaceMention],
            city: Place | None, county: Place | None) -> Place | None:
    """The place a sentence (or clause run) opens with, after adverbial clauses."""
    pos = start
    simplified = doc.simplified
    while pos < end:
        m = _CLAUSE.search(simplified, pos, end)
        clause_end = m.start() if m else end
        clause = simplified[pos:clause_end].strip()
        if not _ADVERBIAL.match(clause):
            break
        pos = clause_end + 1
    while pos < end and simplified[pos].isspace():
        pos += 1
    place = _mention_at(mentions, pos)
    if place is not None:
        return place
    if simplified.startswith("在", pos):  # 在财神镇, … / 在野马川镇安置点, …: a locative topic
        m = _CLAUSE.search(simplified, pos, end)
        clause_end = m.start() if m else end
        inside = [x for x in mentions if pos < x.span.start < clause_end]
        last = max((x.span.end for x in inside), default=pos)
        if _mention_at(mentions, pos + 1) is not None and clause_end - last <= 4:
            return max(inside, key=lambda x: x.span.end).place  # 在六盘水市钟山区…: the innermost
    for pattern in (CITY_REF, COUNTY_REF, PROVINCE_REF):
        m = pattern.match(simplified, pos, end)
        if m:
            return implicit(m.group(0), city, county)
    return None


def sentence_scopes(doc: Document, mentions: tuple[PlaceMention, ...], home: "Home") -> Scope:
    city = home.city
    ordered = sorted(mentions, key=lambda m: m.span.start)
    places: list[Place | None] = []
    counties: list[Place | None] = []
    current_block, scope, county = -1, home.county or city, home.county
    for s in doc.sentences:
        block = doc.blocks[s.block]
        if s.block != current_block:
            current_block = s.block
            county = _section_place(doc, block.section, city) or home.county
            scope = county or city
        found = subject(doc, s.start, s.end, ordered, city, county)
        if found is None:  # no subject up front: an implicit 全县/全市 later in the sentence
            ref = _ANY_REF.search(doc.simplified, s.start, s.end)
            found = implicit(ref.group(0), city, county) if ref else None
        if found is not None:
            scope = found
            if found.kind not in ("city", "municipality", "province") and (
                    city is None or city in gazetteer.ancestors(found) or gazetteer.get(found.parent) is None):
                county = found  # a partner district of another city (广州市白云区) is not 全县
        places.append(scope)
        counties.append(county)
    return Scope(city, tuple(places), tuple(counties))
