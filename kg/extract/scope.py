"""Context: which place each sentence is about.

A county section (a heading line that names a county) puts its county in scope;
elsewhere the article's home city is in scope. Inside a block, a sentence whose
subject is a place (汾西县…, 我市…, 全县…, 该县…) moves the scope to that place until
the next such sentence. Implicit references (我市, 该县, 全县 …) resolve to the city
or the county in scope. A reporting frame (记者…获悉) or a span of years before the subject
carries none; a leading clause that ends with a place makes it the subject; a whole quotation
is about the place of the speaker its attribution names.

The place of an amount (`place_of_fact`): a place written right before it; the k-th place of a
list before 分别; the place opening its clause; a place after 为/给/向 in its clause; one place
or one chain named after it (not into a 其中 breakdown); else the sentence's scope. Pairing
money goes to the place after a recipient marker (向某县, 对口帮扶某县), else to the home.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from kg.extract.refs import PROVINCE_REF, Home, resolve
from kg.model.records import Document, Place, PlaceMention
from kg.resources import gazetteer, lexicon
from kg.text.script import to_simplified

CITY_REF = re.compile(r"我市|全市|本市|该市|市委|市政府|市里")
COUNTY_REF = re.compile(r"我县|全县|本县|该县|县委|县政府|县里|我区|全区|本区|该区|区委|区政府")
_ANY_REF = re.compile(r"我市|全市|本市|我县|全县|本县|该县|我区|全区|该区")
# 该村/全村 and 该镇/全乡 …: the village or township the text named last.
LOCAL_REF = {"village": re.compile(r"该村|全村|本村|村里|该嘎查|全嘎查|该屯|全屯|屯里"), "township": re.compile(r"该乡|全乡|本乡|该镇|全镇|本镇")}
# Leading clauses that carry no subject: the adverbials listed in place-scope-adverbials.txt,
# dates (2017年, 自2016年以来, 6月5日上午) and enumerators (一是).
_DATE_ADVERBIAL = (r"\d{4}年?(?:至|到|—|-|～|~)\d{4}年(?:间|以来)?|(?:自|从)?\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:以来|[上下]?午?)|(?:自|从)?\d{1,2}月\d{1,2}日(?:以来|[上下]?午?)"
                   r"|\d{1,2}月[底初中]?旬?|截至\S{0,8}|[一二三四五六七八九十]+是")


@cache
def _adverbial() -> re.Pattern[str]:
    words = sorted(lexicon.lines("place-scope-adverbials.txt"), key=len, reverse=True)
    return re.compile("^(?:" + "|".join(map(re.escape, words)) + "|" + _DATE_ADVERBIAL + ")$")


@cache
def _report_verbs() -> tuple[str, ...]:
    return lexicon.lines("place-scope-report-verbs.txt")


def _reporting_frame(clause: str) -> bool:
    """A leading 记者…获悉 clause (`lexicons/place-scope-report-verbs.txt`): no subject of its own."""
    return len(clause) <= 16 and clause.endswith(_report_verbs())


@cache
def _topic_markers() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(opener, closers) of topic clauses (拿…来说, 以…为例, 在…), longest opener first."""
    rows = lexicon.rows("place-topic-markers.tsv")
    out = [(r["opener"], tuple(c for c in r["closers"].split("|") if c)) for r in rows]
    return tuple(sorted(out, key=lambda oc: len(oc[0]), reverse=True))


_CLAUSE = re.compile(r"[,，;；:：]")


@dataclass(frozen=True)
class Scope:
    """Place in scope for each sentence (parallel to Document.sentences)."""

    city: Place | None
    places: tuple[Place | None, ...]
    county_in_section: tuple[Place | None, ...]
    home: Place | None = None  # where facts fall back to: a named place (city, or the region for a region's report)
    own: bool = True  # the home is the article's own place (`_own`): only it receives the aid partners give


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


def _innermost_at(mentions: list[PlaceMention], start: int) -> Place | None:
    """The last of a run of place names written together from `start` (吉县东城乡桑峨村 → 桑峨村)."""
    place, end = None, start
    for m in mentions:
        if m.span.start == end and (place is None or _holds(place, m.place)):
            place, end = m.place, m.span.end
        elif m.span.start > end:
            break
    return place


def implicit(ref: str, city: Place | None, county: Place | None) -> Place | None:
    """The place an implicit reference stands for (全区 in an autonomous region's report: the region)."""
    if CITY_REF.fullmatch(ref):
        return city
    if COUNTY_REF.fullmatch(ref):
        if "区" in ref and (county is None or county.kind != "district") and city is not None \
                and city.kind == "province" and city.name.endswith("自治区"):
            return city
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
        if not _adverbial().match(clause) and not _reporting_frame(clause):
            break
        pos = clause_end + 1
    while pos < end and simplified[pos].isspace():
        pos += 1
    place = _innermost_at(mentions, pos)
    if place is not None:
        return place
    topic = _topic(simplified, pos, end, mentions)
    if topic is not None:
        return topic
    for pattern in (CITY_REF, COUNTY_REF, PROVINCE_REF):
        m = pattern.match(simplified, pos, end)
        if m:
            return implicit(m.group(0), city, county)
    return _local_ref(simplified, pos, end, mentions, anywhere=False) or _clause_topic(simplified, pos, end, mentions)


def _clause_topic(simplified: str, pos: int, end: int, mentions: list[PlaceMention]) -> Place | None:
    """A leading clause that ends with a place (某局帮扶的某旗某镇某嘎查，…): the place it ends with."""
    m = _CLAUSE.search(simplified, pos, end)
    if m is None:  # a short sentence that ends with its place (第二个样本在宁蒗县。): the paragraph's topic
        stop = len(simplified[pos:end].rstrip("。.!！ \n")) + pos
        if stop - pos > _SHORT_TOPIC:
            return None
        last = next((x for x in mentions if x.span.end == stop and x.span.start >= pos), None)
        return _innermost_at(mentions, last.span.start) or last.place if last is not None else None
    last = next((x for x in mentions if x.span.end == m.start() and x.span.start >= pos), None)
    return last.place if last is not None else None


_SHORT_TOPIC = 16


def _local_ref(simplified: str, pos: int, end: int, mentions: list[PlaceMention], *, anywhere: bool) -> Place | None:
    """The village or township an implicit 该村/全镇 at `pos` (or anywhere before `end`) stands for."""
    for kind, pattern in LOCAL_REF.items():
        m = pattern.search(simplified, pos, end) if anywhere else pattern.match(simplified, pos, end)
        if m:
            named = [x.place for x in mentions if x.span.end <= m.start() and x.place.kind == kind]
            return named[-1] if named else None
    return None


def _topic(simplified: str, pos: int, end: int, mentions: list[PlaceMention]) -> Place | None:
    """The innermost place of a leading topic clause (在六盘水市钟山区…, 拿红寺堡区来说, 像某县这样)."""
    for opener, closers in _topic_markers():
        if not simplified.startswith(opener, pos) or _mention_at(mentions, pos + len(opener)) is None:
            continue
        m = _CLAUSE.search(simplified, pos, end)
        clause_end = m.start() if m else end
        inside = [x for x in mentions if pos < x.span.start < clause_end]
        last = max(inside, key=lambda x: x.span.end)
        rest = simplified[last.span.end:clause_end]
        if (closers and rest.startswith(closers)) or len(rest) <= 4:
            return last.place
        return None
    return None


def _wider(mentions: list[PlaceMention], start: int, end: int, scope: Place | None) -> Place | None:
    """A county-level place the sentence names that holds the (township or village) scope."""
    if scope is None or scope.kind not in ("township", "village"):
        return None
    if any(start <= m.span.start < end and (m.place.key == scope.key or _holds(scope, m.place)) for m in mentions):
        return None  # the sentence names the narrower place too (某旗某镇某嘎查): no widening
    for m in mentions:
        if start <= m.span.start < end and m.place.kind in ("county", "county-level-city", "district") \
                and _holds(m.place, scope):
            return m.place
    return None


def _holds(outer: Place, inner: Place) -> bool:
    """Whether `inner` lies inside `outer` (township and village keys start with their parent's)."""
    return inner.key.startswith(outer.key + "-") or gazetteer.within(inner, outer)


def sentence_scopes(doc: Document, mentions: tuple[PlaceMention, ...], home: "Home") -> Scope:
    city = home.city
    base = home.fallback if home.fallback is not None or home.county is not None else city
    ordered = sorted(mentions, key=lambda m: m.span.start)
    places: list[Place | None] = []
    counties: list[Place | None] = []
    local = base is not None and base.kind in LOCAL_REF  # the title's one township or village
    home_county = home.county or (_county_around(base, ordered) if local else None)
    current_block, scope, county = -1, base if local else home_county or base, home_county
    for s in doc.sentences:
        block = doc.blocks[s.block]
        if s.block != current_block:
            current_block = s.block
            section = _section_place(doc, block.section, city)
            county = section or home_county
            scope = base if local and section is None else county or base
        found = subject(doc, s.start, s.end, ordered, base, county)
        if found is None:  # no subject up front: an implicit 全县/全市 later in the sentence
            ref = _ANY_REF.search(doc.simplified, s.start, s.end)
            found = implicit(ref.group(0), base, county) if ref else None
            if found is None and (scope is None or scope.kind not in LOCAL_REF):
                found = _local_ref(doc.simplified, s.start, s.end, ordered, anywhere=True)
        if found is None:  # a sentence naming the county around the narrower place in scope widens it
            found = _wider(ordered, s.start, s.end, scope)
        if found is not None:
            scope = found
            if found.kind not in ("city", "municipality", "province", "township", "village") and (
                    city is None or gazetteer.within(found, city) or gazetteer.get(found.parent) is None):
                county = found  # a partner district of another city (广州市白云区) is not 全县
        places.append(scope)
        counties.append(county)
    _quotes_to_speakers(doc, places)
    return Scope(city, tuple(places), tuple(counties), base, _own(doc, ordered, base or city))


def _county_around(place: Place | None, mentions: list[PlaceMention]) -> Place | None:
    """The county-level place (as the text names it) that holds a township or village."""
    if place is None:
        return None
    return next((m.place for m in mentions if m.place.kind in _COUNTY_LEVEL and _holds(m.place, place)), None)


_COUNTY_LEVEL = ("county", "county-level-city", "district")


def _quotes_to_speakers(doc: Document, places: list[Place | None]) -> None:
    """A sentence that is a whole quotation, followed in its paragraph by its attribution
    (…某村的贫困户某某高兴地说, `lexicons/place-speech-verbs.txt`), is about the speaker's place."""
    sents = doc.sentences
    for i in range(len(sents) - 1):
        quote = doc.simplified[sents[i].start:sents[i].end].strip()
        said = doc.simplified[sents[i + 1].start:sents[i + 1].end].strip()
        if sents[i + 1].block == sents[i].block and quote[:1] in "“「" and quote[-1:] in "”」" \
                and said.rstrip("。.！!").endswith(_speech_verbs()) and places[i + 1] is not None:
            places[i] = places[i + 1]


@cache
def _speech_verbs() -> tuple[str, ...]:
    return lexicon.lines("place-speech-verbs.txt")


# --- the place of one fact -----------------------------------------------------------


def place_of_fact(doc: Document, scope: Scope, i: int, mentions: list[PlaceMention], offset: int,
                  *, money: bool = False) -> Place | None:
    """The place a quantity at `offset` (in sentence i) belongs to: a place written right before
    it; else the one place inside the scope that the rest of the sentence names (a fact is not
    its parent's); else the scope. Aid from a partner outside the home goes to the recipient."""
    s = doc.sentences[i]
    place = next((m.place for m in mentions if m.span.end == offset), None)
    if place is None:
        place = _respectively(doc.simplified, mentions, s.start, offset)
    if place is None:
        place = _clause_subject(doc, scope, i, mentions, offset)
    if place is None and money:  # 县财政为某镇安排资金…: the place money is given to, before it
        place = _marked_recipient(doc.simplified, mentions, _clause_start(doc, i, offset), offset)
    if place is None:
        place = _named_later(doc.simplified, mentions, offset, s.end, scope.places[i]) or scope.places[i]
        place = _holder_of_list(doc.simplified, mentions, s.start, offset) or place
    home = scope.home or scope.city
    if money and scope.own and _aid_in(doc.simplified, s.start, s.end):
        marked = _marked_recipient(doc.simplified, mentions, s.start, s.end)
        if marked is not None and place is not None:  # the recipient, or a place inside it
            return place if place.key == marked.key or _holds(marked, place) else marked
        if _outside(place, home):
            place = _recipient(mentions, s.start, s.end, home) or scope.county_in_section[i] or home
    return place


def _holder_of_list(text: str, mentions: list[PlaceMention], start: int, offset: int) -> Place | None:
    """Money for places listed before it in the sentence (昭通市镇雄县、彝良县的项目…投入资金6亿元;
    某州甲县的乙乡、丙乡和丁县戊乡共投入…) is the innermost place written there that holds them all."""
    before = [m for m in mentions if start <= m.span.start and m.span.end <= offset]
    items: list[Place] = []
    for k, m in enumerate(before):
        nxt = before[k + 1] if k + 1 < len(before) else None
        joined = nxt is not None and nxt.span.start == m.span.end + 1 and text[m.span.end] in _JOINER
        prev = before[k - 1] if k else None
        listed = joined or (prev is not None and m.span.start == prev.span.end + 1 and text[prev.span.end] in _JOINER)
        if listed:
            items.append(_innermost_at(mentions, m.span.start) or m.place)
    distinct = list({p.key: p for p in items}.values())
    if len(distinct) < 2:
        return None
    holders = [m.place for m in before if all(_holds(m.place, p) for p in distinct)]
    return max(holders, key=lambda p: sum(_holds(q, p) for q in holders), default=None)


def _own(doc: Document, mentions: Sequence[PlaceMention], home: Place | None) -> bool:
    """Whether the home is the article's own place — named in its title or its outlet, or the only
    prefecture it names — and not just the most named of several (a province's report on three
    prefectures' projects): only an own home receives the aid that partners give."""
    if home is None:
        return True
    title = doc.blocks[0] if doc.blocks and doc.blocks[0].kind == "title" else None
    if title is not None and any(title.start <= m.span.start < title.end and (
            m.place.key == home.key or _holds(home, m.place) or _holds(m.place, home)) for m in mentions):
        return True
    if doc.source and home.short and home.short in to_simplified(doc.source):
        return True
    prefectures = {gazetteer.prefecture_of(m.place).key for m in mentions
                   if m.place.kind not in ("province",) and gazetteer.prefecture_of(m.place) is not None}
    return len(prefectures) <= 2


def _marked_recipient(text: str, mentions: list[PlaceMention], start: int, end: int) -> Place | None:
    """The innermost place of the chain written right after a recipient marker (向某县, 对口帮扶
    某市某县; `lexicons/place-recipient-markers.txt`) in the sentence, when there is one such chain."""
    found: list[Place] = []
    for m in mentions:
        if start <= m.span.start < end and text.endswith(_recipient_markers(), start, m.span.start):
            found.append(_innermost_at(mentions, m.span.start) or m.place)
    return found[0] if len({p.key for p in found}) == 1 else None


@cache
def _recipient_markers() -> tuple[str, ...]:
    return lexicon.lines("place-recipient-markers.txt")


_RESPECTIVELY = "分别"
_JOINER = "、和与及"
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _respectively(text: str, mentions: list[PlaceMention], start: int, offset: int) -> Place | None:
    """甲镇、乙镇分别投入资金200万元和150万元: the k-th number after 分别 is the k-th place listed
    right before it (each item the innermost of its chain)."""
    at = text.rfind(_RESPECTIVELY, start, offset)
    if at < 0:
        return None
    items: list[Place] = []
    end = at
    for m in reversed([m for m in mentions if start <= m.span.start and m.span.end <= at]):
        if m.span.end == end:  # the same item's outer place (甲县乙镇): keep the inner one
            if not items:
                items.append(m.place)
        elif m.span.end == end - 1 and text[end - 1] in _JOINER and items:
            items.append(m.place)
        else:
            break
        end = m.span.start
    items.reverse()
    k = len(_NUMBER.findall(text, at, offset))
    return items[k] if len(items) >= 2 and k < len(items) else None


def _breakdown_at(text: str, start: int, end: int) -> int:
    """Where the breakdown of a total begins (其中…; `lexicons/place-breakdown-words.txt`), or `end`."""
    hits = [at for w in lexicon.lines("place-breakdown-words.txt") if (at := text.find(w, start, end)) >= 0]
    return min(hits, default=end)


def _clause_start(doc: Document, i: int, offset: int) -> int:
    """Where the clause holding `offset` starts (after the last ，or ；before it in the sentence)."""
    s = doc.sentences[i]
    return max([doc.simplified.rfind(c, s.start, offset) + 1 for c in "，,；;"] + [s.start])


def _clause_subject(doc: Document, scope: Scope, i: int, mentions: list[PlaceMention], offset: int) -> Place | None:
    """The place that opens a later clause of the sentence, up to the fact (…，乙乡投入资金150万元):
    each clause of an enumeration by place is its own place's."""
    cut = _clause_start(doc, i, offset) - 1
    if cut <= doc.sentences[i].start:
        return None
    return subject(doc, cut + 1, offset, mentions, scope.home or scope.city, scope.county_in_section[i])


def _named_later(text: str, mentions: list[PlaceMention], offset: int, end: int, scope: Place | None) -> Place | None:
    if scope is None:
        return None
    end = min(end, _breakdown_at(text, offset, end))
    later = [m.place for m in mentions if offset < m.span.start < end and m.place.key != scope.key
             and _holds(scope, m.place)]
    inside = list({p.key: p for p in later}.values())
    if not inside:
        return None
    inner = max(inside, key=lambda p: sum(_holds(q, p) for q in inside))
    # one place, or one chain (某镇某村: each holds the next): its innermost
    return inner if all(q.key == inner.key or _holds(q, inner) for q in inside) else None


def _recipient(mentions: list[PlaceMention], start: int, end: int, home: Place | None) -> Place | None:
    """The last place in the sentence that is the home or lies inside it."""
    inside = [m.place for m in mentions if start <= m.span.start < end and home is not None
              and (m.place.key == home.key or _holds(home, m.place))]
    return inside[-1] if inside else None


def _aid_in(text: str, start: int, end: int) -> bool:
    """Whether a sentence speaks of aid from a partner (place-aid-words.txt)."""
    return any(w in text[start:end] for w in lexicon.lines("place-aid-words.txt"))


def _outside(place: Place | None, home: Place | None) -> bool:
    return place is not None and home is not None and place.key != home.key and not _holds(home, place)
