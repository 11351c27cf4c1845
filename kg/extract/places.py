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
from dataclasses import dataclass
from functools import cache

from kg import gazetteer, lexicon
from kg.extract.scope import PROVINCE_REF, REGION_REF
from kg.records import Document, Place, PlaceMention
from kg.script import pinyin_slug, to_simplified

SKIP_BLOCKS = ("footer", "credits")
PREFECTURE_KINDS = ("city", "municipality", "province")
COUNTY_KINDS = ("county", "county-level-city", "district", "other")
_ZONE = re.compile(
    r"(经济技术开发区|经济开发区|高新技术产业开发区|高新技术开发区|高新区|工业园区|产业园区|开发区|示范区)"
)
_BOUNDARY_BEFORE = set(",，、。;；:：“”（）() \n在到赴和与及对向从")
# A village: two or three characters and 村, right after a township.
_VILLAGE = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,3}?村)(?![委民级])")
_NOT_IN_NAME = set("县市区省乡镇村的了和在到与及对是为从把将各每全该本我其等个")
_TOWNSHIP_LEFT = ("深入", "走进", "来到", "在", "到", "赴", "、", "和", "与", "及", "，", ",", "。", "“", "(", "（")


@dataclass(frozen=True)
class Home:
    """The places an article is about: its prefecture, and its county for a county report.

    `fallback` is the place a fact belongs to when its sentence names none: the county, else
    the prefecture when the text names it, else the named province around it (a region's
    report: 宁夏 … 红寺堡区 puts 吴忠 in `city` for resolving names, not in `fallback`)."""

    city: Place | None
    county: Place | None
    fallback: Place | None = None


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
                and _own_report(doc, place):  # a province's own report (贵州：… 我省…; 广西：… 全区…)
            return Home(place, None)
    return Home(top, None)


def _own_report(doc: Document, province: Place) -> bool:
    """Whether the text speaks of the province as itself (我省, or 全区 in an autonomous region)."""
    if PROVINCE_REF.search(doc.simplified):
        return True
    return province.name.endswith("自治区") and REGION_REF.search(doc.simplified) is not None


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


def _zone(doc: Document, end: int, place: Place) -> tuple[int, Place] | None:
    """A development zone named after a place, right after the place's name."""
    m = _ZONE.match(doc.simplified, end)
    if not m or place.kind == "province":
        return None
    stem = doc.simplified[end - len(place.short or place.name):end]
    key = f"{place.key}-{pinyin_slug(m.group(1))}"
    return m.end(), Place(key=key, name=stem + m.group(1), kind="development-zone", parent=place.key)


def _county_of(mentions: list[PlaceMention], start: int, county: Place | None) -> Place | None:
    """The county-level place last named before `start`, else the home county."""
    for m in reversed(mentions):
        if m.span.end <= start and m.place.kind in COUNTY_KINDS:
            return m.place
    return county


def _local_place(doc: Document, start: int, end: int, parent: Place, kind: str, full: str = "") -> Place:
    """A township or village as written, keyed under its parent."""
    name = doc.simplified[start:end]
    hant = doc.text[start:end] if doc.script == "zh-Hant" else ""
    return Place(f"{parent.key}-{pinyin_slug(full or name)}", name, kind, parent.key, name_hant=hant)


def _free(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return not any(a < end and start < z for a, z in taken)


def _blocks(doc: Document, skip: tuple[str, ...] = ("title", "dateline")):
    for b in doc.blocks:
        if b.kind not in SKIP_BLOCKS and b.kind not in skip:
            yield b


def _table_townships(doc: Document, mentions: list[PlaceMention], counties: list[Place]) -> list[PlaceMention]:
    """Townships of the counties in scope, from the township table: full names anywhere, short
    forms (摆榔 for 摆榔彝族布朗族乡) of two characters only between boundaries."""
    table: dict[str, tuple[Place, str]] = {}
    stop, generic = _stop_names(), _generic_words()
    for county in counties:
        for full, short in gazetteer.townships(county):
            table.setdefault(full, (county, full))
            if short and short not in stop and short not in generic and short not in gazetteer.names():
                table.setdefault(short, (county, full))
    index: dict[str, list[str]] = {}
    for name in sorted(table, key=len, reverse=True):
        index.setdefault(name[0], []).append(name)
    text = doc.simplified
    taken = [(m.span.start, m.span.end) for m in mentions]
    out: list[PlaceMention] = []
    for b in _blocks(doc, ("dateline",)):
        i = b.start
        while i < b.end:
            for name in index.get(text[i], ()):
                end = i + len(name)
                county, full = table[name]
                if end > b.end or not text.startswith(name, i) or not _free(taken, i, end):
                    continue
                if name != full:
                    end += 1 if text[end:end + 1] in _TOWNSHIP_SUFFIX else 0
                    if not _short_township_ok(text, i, end, name, mentions):
                        continue
                out.append(PlaceMention(doc.span(i, end), _local_place(doc, i, end, county, "township", full)))
                taken.append((i, end))
                i = end - 1
                break
            i += 1
    return out


_TOWNSHIP_SUFFIX = ("乡", "镇")
_LIST_RIGHT = set("、,，和与及等这两三四五六七八九十几个。;；") | set(_TOWNSHIP_SUFFIX)


def _short_township_ok(text: str, start: int, end: int, name: str, mentions: list[PlaceMention]) -> bool:
    """A township's short form counts when it is not part of a longer word."""
    if text[end:end + 1] in ("县", "市", "区", "村", "社", "州"):
        return False
    if text[end - 1] in _TOWNSHIP_SUFFIX or len(name) >= 3:
        return True
    left = start == 0 or text[start - 1] in _BOUNDARY_BEFORE or any(m.span.end == start for m in mentions)
    return left and text[end:end + 1] in _LIST_RIGHT


def _generic(name: str, generic: frozenset[str]) -> bool:
    """A generic word (贫困村), or one after a word of two or more characters (干部驻村, 送医下乡);
    a single character before it may be a name (岭下乡, 王家乡)."""
    return name in generic or any(name.endswith(g) and len(name) >= len(g) + 2 for g in generic)


@cache
def _generic_words() -> frozenset[str]:
    return frozenset(lexicon.lines("place-generic-words.txt"))


@cache
def _stop_names() -> frozenset[str]:
    return frozenset(lexicon.lines("place-stopwords.txt"))


@cache
def _ethnic_groups() -> tuple[str, ...]:
    return tuple(sorted(lexicon.lines("place-ethnic-groups.txt"), key=len, reverse=True))


def _strip_ethnic(text: str, start: int, end: int) -> int:
    """Where a name's ethnic part (苗族侗族 in 寨市苗族侗族乡) begins, or `end`."""
    moved = True
    while moved:
        moved = False
        for g in _ethnic_groups():
            if end - len(g) > start and text.startswith(g, end - len(g)):
                end, moved = end - len(g), True
                break
    return end


_NOT_IN_ANCHORED_NAME = set("县市区省乡镇村的了和在到与及对是为从把将")


def _plain_name(name: str, *, anchored: bool = False) -> bool:
    """CJK characters only, none that marks a word boundary (fewer right after a place's name)."""
    bad = _NOT_IN_ANCHORED_NAME if anchored else _NOT_IN_NAME
    return bool(name) and not any(c in bad or not "\u4e00" <= c <= "\u9fff" for c in name)


def _grammar_townships(doc: Document, mentions: list[PlaceMention], county: Place | None,
                       taken: list[tuple[int, int]]) -> list[PlaceMention]:
    """Townships by suffix (妈姑镇, 寨市苗族侗族乡, …苏木) after a boundary or a county's name;
    right after a county's name the name may be up to five characters (克孜勒陶乡)."""
    text = doc.simplified
    generic = _generic_words()
    out: list[PlaceMention] = []
    for b in _blocks(doc):
        for m in re.finditer(r"[镇乡](?![镇乡村])|街道(?![办])|苏木", text[b.start:b.end]):
            end, stem_end = b.start + m.end(), b.start + m.start()
            stem_end = _strip_ethnic(text, max(b.start, stem_end - 12), stem_end)
            found = None
            anchor = next((p for p in mentions if p.span.end <= stem_end - 2 and p.span.end >= stem_end - 5
                           and p.place.kind in COUNTY_KINDS and _plain_name(text[p.span.end:stem_end], anchored=True)), None)
            starts = [anchor.span.end] if anchor else []
            starts += [stem_end - 3, stem_end - 2]
            for start in starts:
                name = text[start:end]
                if start < b.start or _generic(name, generic) or not _plain_name(
                        text[start:stem_end], anchored=anchor is not None and start == anchor.span.end):
                    continue
                if not _free(taken, start, end):
                    continue
                before = next((p for p in mentions if p.span.end == start), None)
                if before is not None or start == b.start or text.endswith(_TOWNSHIP_LEFT, b.start, start):
                    found = (start, before)
                    break
            if found is None:
                continue
            start, before = found
            parent = before.place if before and before.place.kind != "province" else _county_of(mentions, start, county)
            if parent is None:
                continue
            out.append(PlaceMention(doc.span(start, end), _local_place(doc, start, end, parent, "township")))
            taken.append((start, end))
    return out


_LIST_OF_TOWNSHIPS = re.compile(r"(?P<names>[\u4e00-\u9fff]{2,4}(?:(?:、|和|与|及)[\u4e00-\u9fff]{2,4})+)"
                                r"(?:这|等)?[两三四五六七八九十\d]+个(?:乡镇|乡|镇)")


def _listed_townships(doc: Document, mentions: list[PlaceMention], county: Place | None,
                      taken: list[tuple[int, int]]) -> list[PlaceMention]:
    """Townships listed without their suffix before a count (甲、乙两个乡)."""
    text = doc.simplified
    out: list[PlaceMention] = []
    for b in _blocks(doc):
        for m in _LIST_OF_TOWNSHIPS.finditer(text, b.start, b.end):
            parts = list(re.finditer(r"[^、和与及]+", m["names"]))
            first = m.start("names")
            # the first name runs back at most four characters: trim it to a boundary
            for left in range(max(b.start, first + parts[0].end() - 4), first + parts[0].end() - 1):
                if left == b.start or text[left - 1] in _BOUNDARY_BEFORE or any(x.span.end == left for x in mentions):
                    break
            else:
                continue
            spans = [(max(left, first + p.start()), first + p.end()) for p in parts]
            if any(not _plain_name(text[a:z]) or z - a < 2 or not _free(taken, a, z) for a, z in spans):
                continue
            parent = _county_of(mentions, spans[0][0], county)
            if parent is None:
                continue
            for a, z in spans:
                out.append(PlaceMention(doc.span(a, z), _local_place(doc, a, z, parent, "township")))
                taken.append((a, z))
    return out


_VILLAGE_LEFT = ("深入", "走进", "来到", "前往", "位于", "在", "到", "赴")
_VILLAGE_PARENTS = COUNTY_KINDS + ("township",)
_VILLAGE_AFTER_VILLAGE = ("村、", "村和", "村与", "村及", "区、", "查、")


def _villages(doc: Document, mentions: list[PlaceMention], county: Place | None,
              taken: list[tuple[int, int]]) -> list[PlaceMention]:
    """Named villages (大岭村, …社区, …嘎查): after a township (and 的), or after a boundary."""
    text = doc.simplified
    generic = _generic_words()
    out: list[PlaceMention] = []
    for b in _blocks(doc, ("dateline",)):
        for m in re.finditer(r"(?:村|社区|嘎查)(?![委民级务干组子庄里集内外])", text[b.start:b.end]):
            end, stem_end = b.start + m.end(), b.start + m.start()
            township = next((p for p in mentions + out if p.place.kind == "township"
                             and stem_end - 7 <= p.span.end <= stem_end - 2), None)
            starts = []
            if township is not None:
                gap = township.span.end + (1 if text[township.span.end] == "的" else 0)
                starts.append(gap)
            starts += [stem_end - 3, stem_end - 2]
            for start in starts:
                name = text[start:end]
                anchored = township is not None and start == starts[0]
                if start < b.start or not _plain_name(text[start:stem_end], anchored=anchored) or stem_end - start > 5:
                    continue
                if _generic(name, generic) or not _free(taken, start, end):
                    continue
                if text[start - 1:start] in ("(", "（") and any(p.span.end == start - 1 for p in mentions + out):
                    break  # 甲村(乙村): another name of the place just named
                if anchored or text.endswith(_VILLAGE_LEFT, b.start, start) \
                        or text.endswith(_VILLAGE_AFTER_VILLAGE, b.start, start) \
                        or any(p.span.end == start and p.place.kind in _VILLAGE_PARENTS for p in mentions + out):
                    parent = township.place if anchored else (
                        next((p.place for p in mentions if p.span.end == start), None)
                        or _county_of(mentions, start, county))
                    if parent is not None:
                        out.append(PlaceMention(doc.span(start, end), _local_place(doc, start, end, parent, "village")))
                        taken.append((start, end))
                    break
    return out


def _locals(doc: Document, mentions: list[PlaceMention], county: Place | None) -> list[PlaceMention]:
    """Townships (table, suffix grammar, suffixless lists) and villages, then later bare mentions."""
    counties = list(dict.fromkeys([m.place for m in mentions if m.place.kind in COUNTY_KINDS]
                                  + ([county] if county else [])))
    out = _table_townships(doc, mentions, counties)
    taken = [(m.span.start, m.span.end) for m in mentions + out]
    ordered = sorted(mentions + out, key=lambda m: m.span.start)
    out += _grammar_townships(doc, ordered, county, taken)
    ordered = sorted(mentions + out, key=lambda m: m.span.start)
    out += _listed_townships(doc, ordered, county, taken)
    ordered = sorted(mentions + out, key=lambda m: m.span.start)
    out += _villages(doc, ordered, county, taken)
    first: dict[str, Place] = {}
    out = [PlaceMention(m.span, first.setdefault(m.place.name, m.place)) for m in sorted(out, key=lambda m: m.span.start)]
    return out + _again(doc, out, taken)


def _again(doc: Document, found: list[PlaceMention], taken: list[tuple[int, int]]) -> list[PlaceMention]:
    """Later bare mentions of a village the article has placed once (安定区青岚山乡大坪村 … 大坪村)."""
    text = doc.simplified
    spans = taken + [(m.span.start, m.span.end) for m in found]
    villages = {m.place.name: m.place for m in found
                if m.place.kind == "village" or (m.place.kind == "township" and len(m.place.name) >= 3)}
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


def _inside_org_name(text: str, end: int) -> bool:
    """Whether a place name ending at `end` opens an outlet's or company's name (南阳日报)."""
    m = _ORG_RUN.match(text, end)
    return bool(m) and any(m.group(0)[:i].endswith(h) for h in _org_heads() for i in range(len(h), len(m.group(0)) + 1))


_ORG_RUN = re.compile(r"[^\W\d_的在和与及是为对从向把将、，。；：]{0,14}")


@cache
def _org_heads() -> tuple[str, ...]:
    return lexicon.lines("place-org-heads.txt")


_SUFFIX_AFTER_SHORT = ("县", "区", "市", "旗", "州", "盟")


def find_places(doc: Document) -> tuple[tuple[PlaceMention, ...], Home]:
    """Explicit place mentions and the article's home."""
    text = doc.simplified
    found = [f for f in _candidates(doc) if not _inside_org_name(text, f[1])]
    where = home(doc, found)
    city = where.city
    mentions: list[PlaceMention] = []
    seen: dict[str, Place] = {}
    home_prov = gazetteer.province_of(city) if city else None
    for k, (start, end, name) in enumerate(found):
        if _region_name(text, end, name):
            continue
        prev = mentions[-1] if mentions and mentions[-1].span.end == start else None
        boundary = start == 0 or text[start - 1] in _BOUNDARY_BEFORE or prev is not None
        place = resolve(name, city, before=prev.place if prev else None, seen=seen, boundary=boundary)
        if place is None and home_prov is not None and _listed(text, found, k):
            place = resolve(name, home_prov, seen=seen)  # 漾濞、永平、南涧: short forms listed in the home province
        if place is None:
            continue
        seen.setdefault(name, place)
        if name == place.short and text.startswith(_SUFFIX_AFTER_SHORT, end):
            end += 1  # 石柱县 for 石柱土家族自治县, 大理州: the suffix belongs to the mention
            place = _as_written(place, text[start:end])
        zone = _zone(doc, end, place)
        if zone is not None:
            end, place = zone
        mentions.append(PlaceMention(doc.span(start, end), place))
    county = where.county
    mentions += _locals(doc, mentions, county)
    title_end = doc.blocks[0].end if doc.blocks and doc.blocks[0].kind == "title" else 0
    where = Home(where.city, county, county or _fallback(where.city, mentions, title_end))
    return tuple(sorted(mentions, key=lambda m: m.span.start)), where


_KIND_OF_SUFFIX = {"县": "county", "旗": "county", "区": "district", "市": "county-level-city"}


def _as_written(place: Place, written: str) -> Place:
    """A county-level division under another suffix than its own (宣化县 for 宣化区, a county
    that has since become a district): the place as the text names it, beside the current one."""
    suffix = written[-1]
    if place.kind not in COUNTY_KINDS or suffix == place.name[-1] or suffix not in _KIND_OF_SUFFIX:
        return place
    return Place(f"{place.key}-{pinyin_slug(written)}", written, _KIND_OF_SUFFIX[suffix], place.parent,
                 place.lat, place.long)


def _listed(text: str, found: list[tuple[int, int, str]], k: int) -> bool:
    """Whether the k-th candidate stands in an enumeration with a neighbouring candidate."""
    start, end, _ = found[k]
    before = k > 0 and found[k - 1][1] == start - 1 and text[start - 1] in _JOINERS
    after = k + 1 < len(found) and found[k + 1][0] == end + 1 and text[end] in _JOINERS
    return before or after


_JOINERS = "、和及与"


@cache
def _region_tails() -> tuple[str, ...]:
    return lexicon.lines("place-region-tails.txt")


def _region_name(text: str, end: int, name: str) -> bool:
    """A short form that names a region or mountain here (吕梁山区), not the division."""
    short_only = not any(full for _, full in gazetteer.names().get(name, ()))
    return short_only and text.startswith(_region_tails(), end)


def _fallback(city: Place | None, mentions: list[PlaceMention], title_end: int = 0) -> Place | None:
    """The home prefecture when named; else the first place the title names; else the most
    named province or county-level place of the home province (the higher level on a tie)."""
    named = Counter(m.place for m in mentions)
    if city is not None and named[city]:
        return city
    titled = [m.place for m in mentions if m.span.end <= title_end
              and m.place.kind in ("province", "municipality", "city") + COUNTY_KINDS]
    if titled:
        return titled[0]
    home_prov = gazetteer.province_of(city) if city else None
    rank = {"province": 2, "municipality": 2}
    ranked = [(n, rank.get(p.kind, 1), p.key, p) for p, n in named.items()
              if (p.kind in rank or p.kind in COUNTY_KINDS) and (home_prov is None or _within(p, home_prov))]
    return max(ranked)[3] if ranked else None
