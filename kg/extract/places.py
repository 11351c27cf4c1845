"""Places: gazetteer matches (full and short forms, either script), development zones,
townships and villages, and the article's home place.

Short forms of county-level divisions (乡宁 for 乡宁县) are taken only inside the
article's home prefecture, where they are unambiguous. A name shared by several
divisions is resolved by the place written just before it (广州市白云区), then by the
home prefecture, then the home province. Two-character full names (任县, 吉县) must
lie in the home province or stand after a boundary, since their first character
often ends another word (担任县…).
"""
from __future__ import annotations

import re
from collections import Counter

from kg.extract.refs import COUNTY_KINDS, PREFECTURE_KINDS, PROVINCE_REF, Home, resolve
from kg.model.records import Document, Place, PlaceMention
from kg.resources import gazetteer
from kg.text.script import pinyin_slug, to_simplified

SKIP_BLOCKS = ("footer", "credits")
_ZONE = re.compile(
    r"(经济技术开发区|经济开发区|高新技术产业开发区|高新技术开发区|高新区|工业园区|产业园区|开发区|示范区)"
)
_BOUNDARY_BEFORE = set(",，、。;；:：“”（）() \n在到赴和与及对向从")
# A village: two or three characters and 村, right after a township.
_VILLAGE = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,3}?村)(?![委民级])")
_NOT_IN_NAME = set("县市区省乡镇村的了和在到与及对是为从把将各每全该本我其等个")
_TOWNSHIP_LEFT = ("深入", "走进", "来到", "在", "到", "赴", "、", "和", "与", "及", "，", ",", "。", "“", "(", "（")


def _candidates(doc: Document):
    """(start, end, name) of gazetteer names in the extractable blocks."""
    for b in doc.blocks:
        if b.kind in SKIP_BLOCKS:
            continue
        yield from gazetteer.find_names(doc.simplified, b.start, b.end)


def home(doc: Document, found: list[tuple[int, int, str]]) -> Home:
    """The article's home: the place its title names, else the most mentioned prefecture."""
    votes: Counter[str] = Counter()
    for _, _, name in found:
        for place, full in gazetteer.names()[name]:
            pref = gazetteer.prefecture_of(place) if full or place.kind in PREFECTURE_KINDS else None
            if pref is not None and pref.kind != "province":
                votes[pref.key] += 1
    if doc.source:
        for _, _, name in gazetteer.find_names(to_simplified(doc.source)):
            for place, _ in gazetteer.names()[name]:
                if place.kind in ("city", "municipality"):
                    votes[place.key] += 3
    top = gazetteer.get(max(votes.items(), key=lambda kv: (kv[1], kv[0]))[0]) if votes else None
    title_end = doc.blocks[0].end if doc.blocks and doc.blocks[0].kind == "title" else 0
    for start, _, name in found:
        if start >= title_end:
            break
        entries = [p for p, full in gazetteer.names()[name]
                   if full or p.kind in PREFECTURE_KINDS or gazetteer.prefecture_of(p) == top]
        if len(entries) != 1:
            continue
        place = entries[0]
        if place.kind in COUNTY_KINDS:
            return Home(gazetteer.prefecture_of(place), place)
        if place.kind in ("city", "municipality"):
            return Home(place, None)
        if place.kind == "province" and (top is None or gazetteer.province_of(top) == place) \
                and PROVINCE_REF.search(doc.simplified):  # a province's own report (贵州：… 我省…)
            return Home(place, None)
    return Home(top, None)


def _zone(doc: Document, end: int, place: Place) -> tuple[int, Place] | None:
    """A development zone named after a place, right after the place's name."""
    m = _ZONE.match(doc.simplified, end)
    if not m or place.kind == "province":
        return None
    stem = doc.simplified[end - len(place.short or place.name):end]
    key = f"{place.key}-{pinyin_slug(m.group(1))}"
    return m.end(), Place(key=key, name=stem + m.group(1), kind="development-zone", parent=place.key)


def _locals(doc: Document, mentions: list[PlaceMention], county: Place | None) -> list[PlaceMention]:
    """Townships (妈姑镇) after a boundary or a county's name, and villages after a township."""
    text = doc.simplified
    out: list[PlaceMention] = []
    taken = [(m.span.start, m.span.end) for m in mentions]
    for b in doc.blocks:
        if b.kind in SKIP_BLOCKS or b.kind in ("title", "dateline"):
            continue
        for m in re.finditer(r"[镇乡](?![镇乡村])|街道(?![办])", text[b.start:b.end]):
            end = b.start + m.end()
            found = None
            for size in (len(m.group(0)) + 3, len(m.group(0)) + 2):  # two or three characters, then 镇/乡/街道
                start = end - size
                name = text[start:end]
                if start < b.start or any(c in _NOT_IN_NAME or not "\u4e00" <= c <= "\u9fff"
                                          for c in name[:-len(m.group(0))]):
                    continue
                if any(a <= start < z or a < end <= z for a, z in taken):
                    continue
                before = next((p for p in mentions if p.span.end == start), None)
                if before is not None or start == b.start or text.endswith(_TOWNSHIP_LEFT, b.start, start):
                    found = (start, name, before)
                    break
            if found is None:
                continue
            start, name, before = found
            parent = before.place if before and before.place.kind != "province" else county
            if parent is None:
                continue
            township = Place(f"{parent.key}-{pinyin_slug(name)}", name, "township", parent.key)
            out.append(PlaceMention(doc.span(start, end), township))
            v = _VILLAGE.match(text, end)
            if v and not any(c in _NOT_IN_NAME for c in v["name"][:-1]):
                village = Place(f"{township.key}-{pinyin_slug(v['name'])}", v["name"], "village", township.key)
                out.append(PlaceMention(doc.span(v.start(), v.end()), village))
    return out + _again(doc, out, taken)


def _again(doc: Document, found: list[PlaceMention], taken: list[tuple[int, int]]) -> list[PlaceMention]:
    """Later bare mentions of a village the article has placed once (安定区青岚山乡大坪村 … 大坪村)."""
    text = doc.simplified
    spans = taken + [(m.span.start, m.span.end) for m in found]
    villages = {m.place.name: m.place for m in found if m.place.kind == "village"}
    out: list[PlaceMention] = []
    for b in doc.blocks:
        if b.kind in SKIP_BLOCKS or b.kind == "dateline":
            continue
        for name, village in villages.items():
            for m in re.finditer(re.escape(name), text[b.start:b.end]):
                a, z = b.start + m.start(), b.start + m.end()
                if not any(x < z and a < y for x, y in spans):
                    out.append(PlaceMention(doc.span(a, z), village))
                    spans.append((a, z))
    return out


def find_places(doc: Document) -> tuple[tuple[PlaceMention, ...], Home]:
    """Explicit place mentions and the article's home."""
    found = list(_candidates(doc))
    where = home(doc, found)
    city = where.city
    mentions: list[PlaceMention] = []
    seen: dict[str, Place] = {}
    for start, end, name in found:
        prev = mentions[-1] if mentions and mentions[-1].span.end == start else None
        boundary = start == 0 or doc.simplified[start - 1] in _BOUNDARY_BEFORE or prev is not None
        place = resolve(name, city, before=prev.place if prev else None, seen=seen, boundary=boundary)
        if place is None:
            continue
        seen.setdefault(name, place)
        zone = _zone(doc, end, place)
        if zone is not None:
            end, place = zone
        mentions.append(PlaceMention(doc.span(start, end), place))
    county = where.county
    mentions += _locals(doc, mentions, county)
    return tuple(sorted(mentions, key=lambda m: m.span.start)), where
