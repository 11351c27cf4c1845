"""Places: gazetteer matches (full and short forms, either script), development zones,
the article's home place, then the townships and villages below (`kg.extract.localities`).

Short forms of county-level divisions (乡宁 for 乡宁县) are taken only inside the
article's home prefecture, where they are unambiguous. A name shared by several
divisions is resolved by the place written just before it (广州市白云区), then by the
home prefecture, then the home province. Two-character full names (任县, 吉县) must
lie in the home province or stand after a boundary, since their first character
often ends another word (担任县…). Short forms listed with another place (剑川、鹤庆) may
lie anywhere in the home province. No place is read from inside an outlet's or company's
name (南阳日报, `lexicons/place-org-heads.txt`) or a region's (吕梁山区,
`lexicons/place-region-tails.txt`), nor from the outlet named in the source line (中国某州网).
A title place written after a destination word (采访团走进临夏, `place-title-destinations.txt`)
is home before a visitor or donor named first; the one township or village a title names is
where facts without a place fall back to.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from functools import cache

from kg.extract.localities import BOUNDARY_BEFORE, SKIP_BLOCKS, find_locals
from kg.extract.refs import COUNTY_KINDS, PREFECTURE_KINDS, PROVINCE_REF, REGION_REF, Home, resolve
from kg.model.records import Document, Place, PlaceMention
from kg.resources import gazetteer, lexicon
from kg.text.script import pinyin_slug, to_simplified

# A development zone after a place's name, with at most two characters between (泰州港经济开发区)
# that are no function words (咸阳市在高新区 names no zone).
_ZONE = re.compile(
    r"((?:[^\W\d_在和及与的了对把将从向是为到由等、]{0,2}?)"
    r"(?:经济技术开发区|经济开发区|高新技术产业开发区|高新技术开发区|高新区|工业园区|产业园区|开发区|示范区))"
)


@cache
def _idioms() -> tuple[str, ...]:
    return tuple(lexicon.lines("place-idioms.txt"))


def _find_all(text: str, word: str, start: int, end: int):
    i = text.find(word, start, end)
    while i >= 0:
        yield i
        i = text.find(word, i + 1, end)


def _candidates(doc: Document):
    """(start, end, name) of gazetteer names in the extractable blocks."""
    outlet = to_simplified(doc.source) if doc.source else ""
    for b in doc.blocks:
        if b.kind in SKIP_BLOCKS:
            continue
        at = doc.simplified.find(outlet, b.start, b.end) if outlet and b.kind == "dateline" else -1
        idioms = [(i, i + len(w)) for w in _idioms() for i in _find_all(doc.simplified, w, b.start, b.end)]
        for f in gazetteer.find_names(doc.simplified, b.start, b.end):
            if any(i <= f[0] and f[1] <= j for i, j in idioms):  # 真金白银 names no 白银市
                continue
            if not (0 <= at <= f[0] and f[1] <= at + len(outlet)):  # the outlet's name (中国某州网) names no place
                yield f


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
    region = None
    for start, _, name in _destinations_first(doc.simplified, [f for f in found if f[0] < title_end]):
        every = gazetteer.names()[name]
        entries = [p for p, full in every
                   if full or p.kind in PREFECTURE_KINDS or gazetteer.prefecture_of(p) == top]
        if not entries and len(every) == 1 and _after_destination(doc.simplified, start):
            entries = [every[0][0]]  # 助力泸水脱贫: a unique short form the title goes to
        if len(entries) != 1:
            continue
        place = entries[0]
        if place.kind in COUNTY_KINDS:
            return Home(gazetteer.prefecture_of(place), place)
        if place.kind in ("city", "municipality"):
            return Home(place, None)
        if place.kind == "province" and (top is None or gazetteer.province_of(top) == place):
            if PROVINCE_REF.search(doc.simplified):  # a province's own report (贵州：… 我省…)
                return Home(place, None)
            if region is None and _region_report(doc, place):  # 广西：… 全区…, unless the title goes on to a city
                region = place
    return Home(region or top, None)


def _destinations_first(text: str, titled: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The title's places, a place written right after a destination word (走进临夏, 帮扶某县,
    `lexicons/place-title-destinations.txt`) first: a visitor or donor named before it is not home."""
    return sorted(titled, key=lambda f: (not _after_destination(text, f[0]), f[0]))


def _after_destination(text: str, start: int) -> bool:
    return text[max(0, start - 4):start].endswith(_title_destinations())


@cache
def _title_destinations() -> tuple[str, ...]:
    return lexicon.lines("place-title-destinations.txt")


def _region_report(doc: Document, province: Place) -> bool:
    """Whether an autonomous region's text speaks of the region as itself (全区, 自治区党委)."""
    return province.name.endswith("自治区") and REGION_REF.search(doc.simplified) is not None


def _zone(doc: Document, start: int, end: int, place: Place) -> tuple[int, Place] | None:
    """A development zone named after a place, right after the place's name as written (淳化县工业园区)."""
    m = _ZONE.match(doc.simplified, end)
    if not m or place.kind == "province":
        return None
    stem = doc.simplified[start:end]
    key = f"{place.key}-{pinyin_slug(m.group(1))}"
    return m.end(), Place(key=key, name=stem + m.group(1), kind="development-zone", parent=place.key)


def _inside_org_name(text: str, end: int) -> bool:
    """Whether a place name ending at `end` opens an outlet's or company's name (南阳日报,
    湖南某某置业有限公司): a head within fourteen characters, and no verb before it."""
    run = _ORG_RUN.match(text, end).group(0)
    if run.startswith("网") and run[1:2] not in _NET_WORDS:  # 中国江西网, 每日甘肃网: an outlet, not 网络/网点
        return True
    for head in _org_heads():
        at = run.find(head)
        if 0 <= at <= _ORG_GAP and not any(v in run[:at] for v in _org_verbs()):
            return True
    return False


def _given_name(text: str, start: int) -> bool:
    """Whether a name starting at `start` is the given name of a person named after a post
    title (副主任吕宏伟: no 宏伟区): a surname right before it, a title right before that."""
    return start >= 3 and text[start - 1] in _surnames() and text[max(0, start - 13):start - 1].endswith(_titles())


@cache
def _surnames() -> frozenset[str]:
    return frozenset(n for n in lexicon.lines("surnames.txt") if len(n) == 1)


@cache
def _titles() -> tuple[str, ...]:
    """Post titles and role words (posts.tsv, post-roles.tsv) of two characters or more."""
    words = {r["title"] for r in lexicon.rows("posts.tsv")} | {r["role"] for r in lexicon.rows("post-roles.tsv")}
    return tuple(sorted((w for w in words if len(w) >= 2), key=len, reverse=True))


_ORG_RUN = re.compile(r"[^\W\d_的在和及是为对从把将、，。；：]{0,20}")
_ORG_GAP = 14
_NET_WORDS = frozenset("络格点店购民友红上")  # 网络, 网格, 网点, 网店, 网购, 网民, 网友, 网红, 网上: no outlet


@cache
def _org_verbs() -> tuple[str, ...]:
    return lexicon.lines("place-org-verbs.txt")


@cache
def _org_heads() -> tuple[str, ...]:
    return lexicon.lines("place-org-heads.txt")


_SUFFIX_AFTER_SHORT = ("县", "区", "市", "旗", "州", "盟")
_PREFECTURE_ORGANS = ("州委", "州政府", "州人大", "州政协")  # 黔东南州委副书记: the organ of 黔东南


def find_places(doc: Document) -> tuple[tuple[PlaceMention, ...], Home]:
    """Explicit place mentions and the article's home."""
    text = doc.simplified
    found = [f for f in _candidates(doc) if not _inside_org_name(text, f[1]) and not _given_name(text, f[0])]
    where = home(doc, found)
    city = where.city
    mentions: list[PlaceMention] = []
    seen: dict[str, Place] = {}
    home_prov = gazetteer.province_of(city) if city else None
    own_city = _unnamed_own_city(text, found, city)
    topic = _topic_county(doc, found)
    renamed: dict[str, set[Place]] = {}  # a division the text names under a former suffix
    for k, (start, end, name) in enumerate(found):
        if _region_name(text, end, name):
            continue
        prev = mentions[-1] if mentions and mentions[-1].span.end == start else None
        boundary = start == 0 or text[start - 1] in BOUNDARY_BEFORE or prev is not None
        place = _province_in_list(found, k) if _listed(text, found, k) else None  # 吉林、湖北、贵州: provinces
        if place is None:
            place = resolve(name, city, before=prev.place if prev else None, seen=seen, boundary=boundary)
        if place is None and home_prov is not None and _listed(text, found, k):
            place = resolve(name, home_prov, seen=seen)  # 漾濞、永平、南涧: short forms listed in the home province
        if place is None and _listed(text, found, k) and _before_county_word(text, found, k):
            place = _unique_county(name)  # 西吉、海原、原州等县区: a list the text calls counties
        if place is None:
            place = _suffixed_short(text, end, name)
        if place is None and own_city is not None:
            place = resolve(name, own_city, seen=seen)  # 我市…北仑、海曙: the districts of an unnamed city
        if place is None and topic is not None and name == topic.short:
            place = topic  # 祁阳 in the title and again and again: the county the report is about
        if place is None:
            continue
        seen.setdefault(name, place)
        if (name == place.short and text.startswith(_SUFFIX_AFTER_SHORT, end)
                and not (place.name.endswith("自治州") and text.startswith(_PREFECTURE_ORGANS, end))):
            end += 1  # 石柱县 for 石柱土家族自治县, 大理州: the suffix belongs to the mention
            written = _as_written(place, text[start:end])
            if written is not place:
                renamed.setdefault(place.key, set()).add(written)
            place = written
        zone = _zone(doc, start, end, place)
        if zone is not None:
            if text[end - 1] in _SUFFIX_AFTER_SHORT:  # 淳化县工业园区 names 淳化县 too; 泰州港经济开发区 not 泰州
                mentions.append(PlaceMention(doc.span(start, end), place))
            end, place = zone
        mentions.append(PlaceMention(doc.span(start, end), place))
    county = where.county
    local = find_locals(doc, mentions, county)
    mentions = [m for m in mentions if not any(x.span.start <= m.span.start and m.span.end <= x.span.end
                                               and x.span != m.span for x in local)] + local
    title_end = doc.blocks[0].end if doc.blocks and doc.blocks[0].kind == "title" else 0
    fallback = _titled_local(mentions, title_end, county) or county or _fallback(where.city, mentions, title_end)
    where = Home(where.city, county, fallback)
    mentions, where = _former_names(mentions, where, renamed)
    return _as_written_labels(doc, mentions, where)


def _former_names(mentions: list[PlaceMention], where: Home, renamed: dict[str, set[Place]]):
    """A text that names a division by its former name (腾冲县, now 腾冲市) means that one by its
    short form too: every mention and the home go to the division as the text names it."""
    former = {key: next(iter(places)) for key, places in renamed.items() if len(places) == 1}
    if not former:
        return mentions, where

    def named(p: Place | None) -> Place | None:
        return former.get(p.key, p) if p is not None else None

    return ([PlaceMention(m.span, named(m.place)) for m in mentions],
            Home(named(where.city), named(where.county), named(where.fallback)))


_OWN_CITY = re.compile(r"[我本]市")


def _unnamed_own_city(text: str, found: list[tuple[int, int, str]], city: Place | None) -> Place | None:
    """The prefecture a text calls 我市/本市 without naming it, known by its districts and counties
    written short (海曙、江北、北仑、宁海): three or more different short forms of divisions of
    one prefecture that is not the home already."""
    if not _OWN_CITY.search(text):
        return None
    shorts: dict[str, set[str]] = {}
    for _, _, name in found:
        entries = gazetteer.names().get(name, ())
        if len(name) < 2 or any(full for _, full in entries):
            continue
        for place, _ in entries:
            pref = gazetteer.prefecture_of(place) if place.kind in COUNTY_KINDS else None
            if pref is not None and pref.kind in ("city", "municipality"):
                shorts.setdefault(pref.key, set()).add(name)
    best = max(shorts.items(), key=lambda kv: (len(kv[1]), kv[0]), default=None)
    if best is None or len(best[1]) < 3 or (city is not None and best[0] == city.key):
        return None
    return gazetteer.get(best[0])


_LOCAL_SUFFIXES = frozenset("村乡镇社组屯街苏嘎")


def _topic_county(doc: Document, found: list[tuple[int, int, str]]) -> Place | None:
    """The county a report names only by its short form, with no prefecture or province to place
    it (祁阳扶贫开发获评全省先进 … 祁阳紧扣 … 祁阳…): a short form of one county-level division
    nationwide, in the title and at least three times in all."""
    title = doc.blocks[0] if doc.blocks and doc.blocks[0].kind == "title" else None
    if title is None:
        return None
    text = doc.simplified
    bare = [(start, name) for start, end, name in found  # not the head of a longer name (白玉村)
            if text[end:end + 1] not in _LOCAL_SUFFIXES and (start == 0 or text[start - 1] in BOUNDARY_BEFORE)]
    counts: dict[str, int] = {}
    for _, name in bare:
        counts[name] = counts.get(name, 0) + 1
    for start, name in bare:
        if title.start <= start < title.end and counts[name] >= 3:
            county = _unique_county(name)
            if county is not None:
                return county
    return None


def _as_written_labels(doc: Document, mentions: list[PlaceMention], where: Home):
    """Name a division as the text writes it (大理州, 石柱县, 科右中旗) when its full name is never
    written; a bare short form (乡宁) keeps the full name, except that of a prefecture named 地区
    (那曲), a name most of them no longer bear."""
    text = doc.simplified
    full = {m.place.key for m in mentions if text[m.span.start:m.span.end] == m.place.name}
    label: dict[str, Place] = {}
    for m in mentions:
        surface = text[m.span.start:m.span.end]
        p = m.place
        bare_prefecture = surface == p.short and (p.name.endswith("地区")  # 那曲 for 那曲地区: as written
                                                  or p.name.endswith("自治州"))  # 黔东南, 湘西: the usual name
        if p.key in full or p.key in label or not p.key.isdigit() or (surface in (p.name, p.short)
                                                                      and not bare_prefecture):
            continue
        hant = doc.text[m.span.start:m.span.end] if doc.script == "zh-Hant" else ""
        label[p.key] = replace(p, name=surface, name_hant=hant)

    def relabel(p: Place | None) -> Place | None:
        return label.get(p.key, p) if p is not None else None

    out = [PlaceMention(m.span, relabel(m.place)) for m in mentions]
    home = Home(relabel(where.city), relabel(where.county), relabel(where.fallback))
    return tuple(sorted(out, key=lambda m: m.span.start)), home


_KIND_OF_SUFFIX = {"县": "county", "旗": "county", "区": "district", "市": "county-level-city"}


def _as_written(place: Place, written: str) -> Place:
    """A county-level division under another suffix than its own (宣化县 for 宣化区, a county
    that has since become a district): the place as the text names it, beside the current one."""
    suffix = written[-1]
    if place.kind not in COUNTY_KINDS or suffix == place.name[-1] or suffix not in _KIND_OF_SUFFIX:
        return place
    return Place(f"{place.key}-{pinyin_slug(written)}", written, _KIND_OF_SUFFIX[suffix], place.parent,
                 place.lat, place.long)


def _suffixed_short(text: str, end: int, name: str) -> Place | None:
    """The short form of an autonomous county written with its suffix (罗城县 for 罗城仫佬族自治县)
    outside the home prefecture: taken when the short form names one division only."""
    entries = gazetteer.names().get(name, ())
    if len(entries) != 1 or entries[0][1] or len(name) < 2:
        return None
    place = entries[0][0]
    named = text.startswith(place.name[-1], end) or _ZONE.match(text, end) is not None  # 泰兴经济开发区
    return place if place.kind in COUNTY_KINDS and named else None


_COUNTY_WORD = re.compile(r"(?:等|这)?(?:[0-9一二两三四五六七八九十]+个)?(?:贫困)?(?:县|县区|县市|县\(市|县（市|旗县)")


def _before_county_word(text: str, found: list[tuple[int, int, str]], k: int) -> bool:
    """Whether the enumeration holding the k-th candidate ends before a word for counties
    (…等县区, …等4个贫困县, …县(市、区))."""
    while k + 1 < len(found) and found[k + 1][0] == found[k][1] + 1 and text[found[k][1]] in _JOINERS:
        k += 1
    return _COUNTY_WORD.match(text, found[k][1]) is not None


def _unique_county(name: str) -> Place | None:
    """The one county-level division nationwide whose short form is `name`."""
    entries = [p for p, full in gazetteer.names().get(name, ()) if not full]
    return entries[0] if len(entries) == 1 and entries[0].kind in COUNTY_KINDS and len(name) >= 2 else None


def _listed(text: str, found: list[tuple[int, int, str]], k: int) -> bool:
    """Whether the k-th candidate stands in an enumeration with a neighbouring candidate."""
    start, end, _ = found[k]
    before = k > 0 and found[k - 1][1] == start - 1 and text[start - 1] in _JOINERS
    after = k + 1 < len(found) and found[k + 1][0] == end + 1 and text[end] in _JOINERS
    return before or after


_JOINERS = "、和及与"


def _province_in_list(found: list[tuple[int, int, str]], k: int) -> Place | None:
    """A name that is a province and also a city (吉林) listed next to a name that is only a
    province: the province."""
    def provinces(name: str) -> list[Place]:
        return [p for p, _ in gazetteer.names().get(name, ()) if p.kind == "province"]

    own = provinces(found[k][2])
    if len(own) != 1:
        return None
    start, end, _ = found[k]
    for j in (k - 1, k + 1):
        if not 0 <= j < len(found) or not (0 <= found[j][0] - end <= 1 or 0 <= start - found[j][1] <= 1):
            continue
        entries = gazetteer.names().get(found[j][2], ())
        if entries and all(p.kind == "province" for p, _ in entries):
            return own[0]
    return None


@cache
def _region_tails() -> tuple[str, ...]:
    return lexicon.lines("place-region-tails.txt")


def _region_name(text: str, end: int, name: str) -> bool:
    """A short form that names a region or mountain here (吕梁山区), not the division."""
    short_only = not any(full for _, full in gazetteer.names().get(name, ()))
    return short_only and text.startswith(_region_tails(), end)


def _titled_local(mentions: list[PlaceMention], title_end: int, county: Place | None) -> Place | None:
    """The one township or village the title names (某局帮扶某村, 某村的脱贫路), inside the home
    county if there is one: the article is about it, and facts without a place are its."""
    titled = {m.place.key: m.place for m in mentions
              if m.span.end <= title_end and m.place.kind in ("township", "village")}
    if len(titled) != 1:
        return None
    place = next(iter(titled.values()))
    return place if county is None or place.key.startswith(county.key + "-") else None


def _fallback(city: Place | None, mentions: list[PlaceMention], title_end: int = 0) -> Place | None:
    """The home prefecture when named; else the first place the title names; else the most
    named province or county-level place of the home province (the higher level on a tie)."""
    named = Counter(m.place for m in mentions)
    if city is not None and any(p.key == city.key for p in named):
        return next(p for p in named if p.key == city.key)
    titled = [m.place for m in mentions if m.span.end <= title_end
              and m.place.kind in ("province", "municipality", "city") + COUNTY_KINDS]
    if titled:
        return titled[0]
    home_prov = gazetteer.province_of(city) if city else None
    rank = {"province": 2, "municipality": 2}
    ranked = [(n, rank.get(p.kind, 1), p.key, p) for p, n in named.items()
              if (p.kind in rank or p.kind in COUNTY_KINDS) and (home_prov is None or gazetteer.within(p, home_prov))]
    return max(ranked)[3] if ranked else None
