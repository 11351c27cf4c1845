"""Townships, subdistricts and villages below the counties an article names.

Three sources, in order: the township table (`ontology/gazetteer/townships.tsv`) for the
counties in scope, full names anywhere and short forms (摆榔 for 摆榔彝族布朗族乡) between
boundaries; a suffix grammar (妈姑镇, 寨市苗族侗族乡, 克孜勒陶乡 right after its county,
…苏木, …街道); suffixless lists before a count (甲、乙两个乡). Named villages (…村, …社区,
…嘎查; hamlets …屯/…自然村 also after a village) follow a township, a county, a locative
verb (走进, 来到, 在) or an aid verb (`lexicons/place-village-left.txt`), or open a sentence;
transliterated 嘎查 names after their township may run to seven characters. Generic words
(贫困村, 小城镇) come from `lexicons/place-generic-words.txt`. Each is keyed under its parent
and named as written.
"""
from __future__ import annotations

import re
from functools import cache

from kg.extract.refs import COUNTY_KINDS
from kg.model.records import Document, Place, PlaceMention
from kg.resources import gazetteer, lexicon
from kg.text.script import pinyin_slug

SKIP_BLOCKS = ("footer", "credits")
BOUNDARY_BEFORE = set(",，、。;；:：“”（）() \n在到赴和与及对向从")
_NOT_IN_NAME = set("县市区省乡镇村的了和在到与及对是为从把将各每全该本我其等个")
_TOWNSHIP_LEFT = ("深入", "走进", "来到", "在", "到", "赴", "、", "和", "与", "及", "，", ",", "。", "“", "(", "（")


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
    table: dict[str, list[tuple[Place, str]]] = {}
    stop, generic = _stop_names(), _generic_words()
    elsewhere: set[str] = set()  # short forms that also name a division elsewhere (长丰): only before a product
    for county in counties:
        for full, short in gazetteer.townships(county):
            table.setdefault(full, []).append((county, full))
            if short and short not in stop and short not in generic:
                table.setdefault(short, []).append((county, full))
                if short in gazetteer.names():
                    elsewhere.add(short)
    text = doc.simplified
    taken = [(m.span.start, m.span.end) for m in mentions]
    out: list[PlaceMention] = []
    blocks = [(b.start, b.end) for b in _blocks(doc, ("dateline",))]
    hits = sorted((i, -len(name), name) for name in table for i in _occurrences(text, name, 0, len(text))
                  if any(a <= i and i + len(name) <= z for a, z in blocks))
    for i, minus_len, name in hits:
        end = i - minus_len
        county, full = _nearest(table[name], mentions, i)
        inside = [(a, z) for a, z in taken if i <= a and z <= end and (a, z) != (i, end)]
        if not _free([t for t in taken if t not in inside], i, end) or (inside and name != full):
            continue  # a full name may swallow a shorter match inside it (上海 in 上海庙镇)
        if name != full:
            if name in elsewhere and not (_product_of_townships(text, i, end) or _listed_among(text, i, end, table)):
                continue
            end += 1 if text[end:end + 1] in _TOWNSHIP_SUFFIX else 0
            if not _short_township_ok(text, i, end, name, mentions):
                continue
        out.append(PlaceMention(doc.span(i, end), _local_place(doc, i, end, county, "township", full)))
        taken.append((i, end))
    return out


def _listed_among(text: str, start: int, end: int, table: dict) -> bool:
    """Whether a name stands in a list next to another township of the table (…泼机、林口等乡镇)."""
    before = re.search(r"([\u4e00-\u9fff]{2,5})[、和与及]\Z", text[max(0, start - 6):start])
    after = re.match(r"[、和与及]([\u4e00-\u9fff]{2,5}?)(?=[、和与及等]|$)", text[end:end + 7])
    return bool(before and before.group(1) in table) or bool(after and after.group(1) in table)


def _occurrences(text: str, name: str, start: int, end: int):
    at = text.find(name, start, end)
    while at >= 0:
        yield at
        at = text.find(name, at + 1, end)


def _nearest(entries: list[tuple[Place, str]], mentions: list[PlaceMention], start: int) -> tuple[Place, str]:
    """Of the counties with a township of this name, the one named last before `start`."""
    if len(entries) > 1:
        for m in reversed(mentions):
            if m.span.end <= start:
                hit = next((e for e in entries if e[0].key == m.place.key), None)
                if hit is not None:
                    return hit
    return entries[0]


_TOWNSHIP_SUFFIX = ("乡", "镇")
_LIST_RIGHT = set("、,，和与及等这两三四五六七八九十几个。;；—") | set(_TOWNSHIP_SUFFIX)  # — closes a list in apposition


def _short_township_ok(text: str, start: int, end: int, name: str, mentions: list[PlaceMention]) -> bool:
    """A township's short form counts when it is not part of a longer word."""
    if text[end:end + 1] in ("县", "市", "区", "村", "社", "州", "嘎", "屯"):  # 某某嘎查, 某某屯: a village's name
        return False
    if text[end - 1] in _TOWNSHIP_SUFFIX or len(name) >= 3:
        return True
    left = start == 0 or text[start - 1] in BOUNDARY_BEFORE or any(m.span.end == start for m in mentions)
    if (start == 0 or text[start - 1] in BOUNDARY_BEFORE or text[start - 1] == "了") and _GLUED_VILLAGE.match(text, end):
        return True  # 走访了桑涧青春村: a township written short, glued to its village
    if _product_of_townships(text, start, end):
        return True  # 各乡镇…发展起长丰蜂蜜、南坑鹅肉等产业: townships known by their products
    return left and text[end:end + 1] in _LIST_RIGHT


_GLUED_VILLAGE = re.compile(r"[\u4e00-\u9fff]{2}村(?![民委干])")  # 青春村; longer runs (开其克村) are one name


@cache
def _products() -> tuple[str, ...]:
    return tuple(sorted(lexicon.lines("products.txt"), key=len, reverse=True))


def _product_of_townships(text: str, start: int, end: int) -> bool:
    """A township's short form before a product word (products.txt) in a list, in a sentence
    that speaks of the townships (乡镇) before it."""
    if not text.startswith(_products(), end):
        return False
    product_end = end + next(len(p) for p in _products() if text.startswith(p, end))
    listed = text[start - 1:start] == "、" or text[product_end:product_end + 1] in ("、", "等")
    opened = max(text.rfind(c, 0, start) for c in "。！？!?\n")
    return listed and "乡镇" in text[opened + 1:start]


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
                if not _free(taken, start, end) or text[stem_end - 1] in _NOT_LAST_IN_TOWNSHIP:
                    continue
                before = next((p for p in mentions if p.span.end == start), None)
                if before is not None or start == b.start or text.endswith(_TOWNSHIP_LEFT + _township_left(), b.start, start):
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


_NOT_LAST_IN_TOWNSHIP = set("向给由被让替")  # 纷纷向镇政府申请: 向 + the township's government

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
                boundary = left == b.start or text[left - 1] in BOUNDARY_BEFORE or any(x.span.end == left for x in mentions)
                if boundary and _plain_name(text[left:first + parts[0].end()]):
                    break
            else:
                if len(parts) < 3 or text[first + parts[0].end()] not in "和与及":
                    continue
                parts = parts[1:]  # 13个贫困村和重安、重兴、翁坪3个乡镇: the list starts after 和
                left = first + parts[0].start()
            spans = [(max(left, first + p.start()), first + p.end()) for p in parts]
            named = [(a, z) for a, z in spans if (a, z) in taken and any(  # a name the table found already
                m.span.start == a and m.span.end == z and m.place.kind == "township" for m in mentions)]
            if any(not _plain_name(text[a:z]) or z - a < 2 or not _free(taken, a, z) for a, z in spans
                   if (a, z) not in named) or len(named) == len(spans):
                continue
            parent = _county_of(mentions, spans[0][0], county)
            if parent is None:
                continue
            for a, z in spans:
                if (a, z) in named:
                    continue
                out.append(PlaceMention(doc.span(a, z), _local_place(doc, a, z, parent, "township")))
                taken.append((a, z))
    return out


_LIST_LEFT = frozenset("了的在到对为给向把将从")  # a particle or preposition that ends the words before a list
_LIST_OF_VILLAGES = re.compile(r"(?P<names>[\u4e00-\u9fff]{2,3}(?:、(?:(?![等这])[\u4e00-\u9fff]){2,3})+)"
                               r"(?:这|等)?(?:[两三四五六七八九十\d]+个?|等)(?:行政村|村)(?![委民级务干组])")


_CLAUSE_VILLAGE = re.compile(r"(?<=[，,；;])([\u4e00-\u9fff]{2})村(?![委民级务干组子庄里集内外容貌风寨头口落镇部田垦兵])")


def _parallel_villages(doc: Document, mentions: list[PlaceMention], county: Place | None,
                       taken: list[tuple[int, int]]) -> list[PlaceMention]:
    """Villages that open parallel clauses of one sentence (…，上卡村种了藜麦，臧盖村种了大葱):
    two or more two-character names before 村, each right after a comma, in a report that names
    the county or township they belong to."""
    text = doc.simplified
    generic = _generic_words()
    out: list[PlaceMention] = []
    for b in _blocks(doc):
        for sentence in re.finditer(r"[^。！？!?]+", text[b.start:b.end]):
            lo, hi = b.start + sentence.start(), b.start + sentence.end()
            found = [m for m in _CLAUSE_VILLAGE.finditer(text, lo, hi)
                     if _plain_name(m.group(1)) and not _generic(m.group(1) + "村", generic)
                     and _free(taken, m.start(), m.end())]
            if len(found) < 2:
                continue
            for m in found:
                parent = next((p.place for p in reversed(mentions) if p.span.end <= m.start()
                               and p.place.kind == "township"), None) or _county_of(mentions, m.start(), county)
                if parent is None:
                    continue
                out.append(PlaceMention(doc.span(m.start(), m.end()),
                                        _local_place(doc, m.start(), m.end(), parent, "village")))
                taken.append((m.start(), m.end()))
    return out


def _listed_villages(doc: Document, found: list[PlaceMention], taken: list[tuple[int, int]]) -> list[PlaceMention]:
    """Villages listed without their suffix before a count (朱庙、杨岗两村), when one of them is a
    village already named: the others are its neighbours, under the same parent."""
    text = doc.simplified
    villages = {m.place.name[:-1]: m.place for m in found if m.place.kind == "village" and m.place.name.endswith("村")}
    out: list[PlaceMention] = []
    for b in _blocks(doc):
        for m in _LIST_OF_VILLAGES.finditer(text, b.start, b.end):
            first = m.start("names")
            parts = [(first + p.start(), first + p.end()) for p in re.finditer(r"[^、]+", m["names"])]
            if text[first] in _LIST_LEFT and parts[0][1] - parts[0][0] == 3:  # 吸纳了新政、三江…: 了 is no name's
                first += 1
                parts[0] = (first, parts[0][1])
            elif not (first == b.start or text[first - 1] in BOUNDARY_BEFORE or text[first - 1] in "，,、"):
                continue
            known = next((villages[text[a:z]] for a, z in parts if text[a:z] in villages), None)
            if known is None or known.parent is None:
                continue
            for a, z in parts:
                if text[a:z] in villages or not _plain_name(text[a:z]) or not _free(taken, a, z):
                    continue
                name, hant = text[a:z], doc.text[a:z] if doc.script == "zh-Hant" else ""
                place = Place(f"{known.parent}-{pinyin_slug(name + '村')}", name, "village", known.parent, name_hant=hant)
                out.append(PlaceMention(doc.span(a, z), place))
                taken.append((a, z))
    return out


_VILLAGE_LEFT = ("深入", "走进", "来到", "前往", "位于", "在", "到", "赴")
_VILLAGE_PARENTS = COUNTY_KINDS + ("township",)
# Village-level names: …村, …社区, …嘎查, and the hamlets below a village (…屯, …自然村, …自然屯).
_VILLAGE_SUFFIX = re.compile(r"(?:自然村|自然屯|村|社区|嘎查|屯)(?![委民级务干组子庄里集内外容貌风寨头口落镇部田垦兵])")
_BELOW_VILLAGE = ("屯", "自然村", "自然屯")
_LONG_NAME = 7


@cache
def _township_left() -> tuple[str, ...]:
    return lexicon.lines("place-township-left.txt")


@cache
def _village_left() -> tuple[str, ...]:
    return lexicon.lines("place-village-left.txt")


@cache
def _village_predicates() -> tuple[str, ...]:
    return tuple(sorted(lexicon.lines("place-village-predicates.txt"), key=len, reverse=True))


def _opens_sentence(text: str, block_start: int, start: int) -> bool:
    """Whether `start` opens a sentence (红旗村位于…): a village named as the subject (a two-character
    stem only: 移民新村, 美丽新村 open sentences too)."""
    return start == block_start or text[start - 1] in "。！？!?；;"
_TOWNSHIP_REFS = ("该镇", "该乡", "该街道", "全镇", "全乡")
_VILLAGE_AFTER_VILLAGE = ("村、", "村和", "村与", "村及", "区、", "查、")


def _villages(doc: Document, mentions: list[PlaceMention], county: Place | None,
              taken: list[tuple[int, int]]) -> list[PlaceMention]:
    """Named villages (大岭村, …社区, …嘎查): after a township (and 的), or after a boundary."""
    text = doc.simplified
    generic = _generic_words()
    out: list[PlaceMention] = []
    for b in _blocks(doc, ("dateline",)):
        for m in _VILLAGE_SUFFIX.finditer(text, b.start, b.end):
            end, stem_end = m.end(), m.start()
            small = m.group(0) in _BELOW_VILLAGE  # 屯, 自然村: may follow a village (某村某屯)
            longest = _LONG_NAME if m.group(0) == "嘎查" else 5  # transliterated 嘎查 names run longer
            township = next((p for p in reversed(mentions + out)
                             if (p.place.kind == "township" or (small and p.place.kind == "village"))
                             and stem_end - longest - 2 <= p.span.end <= stem_end - 2), None)
            starts = []
            if township is not None:
                gap = township.span.end + (1 if text[township.span.end] == "的" else 0)
                starts.append(gap)
            located = [stem_end - n for n in range(longest, 3, -1) if text.endswith(_VILLAGE_LEFT, b.start, stem_end - n)]
            county_before = next((p.span.end for p in reversed(mentions + out) if p.place.kind in COUNTY_KINDS
                                  and stem_end - longest <= p.span.end <= stem_end - 4), None)
            if county_before is not None:  # 墨玉县乌尊艾日克村: a longer name right after its county
                located = [county_before] + located
            starts += located[:1] + [stem_end - 3, stem_end - 2]  # 走进某某某某嘎查: a longer name after a locative verb
            subject = text.startswith(_village_predicates(), end) and m.group(0) in ("村", "社区", "嘎查")
            if subject and _opens_sentence(text, b.start, stem_end - 4):
                starts.insert(0, stem_end - 4)  # 王家大湾村位于…: a longer subject before a village predicate
            for start in starts:
                name = text[start:end]
                anchored = township is not None and start == starts[0]
                if start < b.start or not _plain_name(text[start:stem_end], anchored=anchored) \
                        or stem_end - start > (longest if anchored or start in located else 5):
                    continue
                as_village = name if len(m.group(0)) < 3 else text[start:stem_end] + "村"  # 某某自然村 is no 驻村
                if _generic(as_village, generic) or not _free(taken, start, end):
                    continue
                if text[start - 1:start] in ("(", "（") and any(p.span.end == start - 1 for p in mentions + out):
                    break  # 甲村(乙村): another name of the place just named
                # 东刘村张腰庄村: a hamlet written right after a village already found
                village_before = next((p.place for p in out if p.place.kind == "village"
                                       and text.endswith(p.place.name, b.start, start)), None)
                if anchored or text.endswith(_VILLAGE_LEFT + _village_left(), b.start, start) \
                        or (_opens_sentence(text, b.start, start) and (stem_end - start == 2 or subject)) \
                        or text.endswith(_VILLAGE_AFTER_VILLAGE, b.start, start) \
                        or any(p.span.end == start and p.place.kind in _VILLAGE_PARENTS for p in mentions + out) \
                        or village_before is not None:
                    referred = next((p.place for p in reversed(mentions) if p.span.end <= start
                                     and p.place.kind == "township"), None) \
                        if text.endswith(_TOWNSHIP_REFS, b.start, start) else None  # 该镇桃花村: the township last named
                    parent = township.place if anchored else (
                        next((p.place for p in mentions if p.span.end == start), None) or village_before
                        or referred or _county_of(mentions, start, county))
                    if parent is not None:
                        out.append(PlaceMention(doc.span(start, end), _local_place(doc, start, end, parent, "village")))
                        taken.append((start, end))
                    break
    return out


def find_locals(doc: Document, mentions: list[PlaceMention], county: Place | None) -> list[PlaceMention]:
    """Townships (table, suffix grammar, suffixless lists) and villages, then later bare mentions."""
    counties = list(dict.fromkeys([m.place for m in mentions if m.place.kind in COUNTY_KINDS]
                                  + ([county] if county else [])))
    if not counties:  # a report that names no county: the county of a township it names (砖集镇)
        county = _county_by_township(doc, mentions)
        counties = [county] if county else []
    if county is None:  # else its townships and villages hang under the prefecture it names
        county = next((m.place for m in mentions if m.place.kind in ("city", "municipality")), None)
    out = _table_townships(doc, mentions, counties)
    taken = [(m.span.start, m.span.end) for m in mentions + out]
    ordered = sorted(mentions + out, key=lambda m: m.span.start)
    out += _grammar_townships(doc, ordered, county, taken)
    ordered = sorted(mentions + out, key=lambda m: m.span.start)
    out += _listed_townships(doc, ordered, county, taken)
    ordered = sorted(mentions + out, key=lambda m: m.span.start)
    out += _villages(doc, ordered, county, taken)
    out += _listed_villages(doc, out, taken)
    out += _parallel_villages(doc, sorted(mentions + out, key=lambda m: m.span.start), county, taken)
    first: dict[tuple[str, str], Place] = {}  # one place per name within a county (大坪村 … 大坪村)
    out = [PlaceMention(m.span, first.setdefault((m.place.key[:6], m.place.name), m.place))
           for m in sorted(out, key=lambda m: m.span.start)]
    return out + _again(doc, out, taken)


_SUFFIXED_TOWNSHIP = re.compile(r"(?=([\u4e00-\u9fff]{2,5}?(?:镇|乡|街道|苏木)))")


def _county_by_township(doc: Document, mentions: list[PlaceMention]) -> Place | None:
    """The county of the first suffixed township name (title and lead) that the township table
    places in one county nationwide, or in one county of a province the article names."""
    text = doc.simplified
    provinces = {p for p in (gazetteer.province_of(m.place) for m in mentions) if p is not None}
    lead = [b for b in doc.blocks if b.kind not in SKIP_BLOCKS][:4]
    for b in lead:
        for m in _SUFFIXED_TOWNSHIP.finditer(text, b.start, b.end):
            name = m.group(1)
            stem = re.sub(r"(?:镇|乡|街道|苏木)$", "", name)
            if not _plain_name(stem) or _generic(name, _generic_words()):
                continue
            found = gazetteer.counties_with_township(name)
            if len(found) > 1 and provinces:
                found = tuple(c for c in found if gazetteer.province_of(c) in provinces)
            if len(found) == 1:
                return found[0]
    return None


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
