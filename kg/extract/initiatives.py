"""Initiatives: named programmes, campaigns, mechanisms and measures.

Rules, all driven by lexicons under ontology/lexicons/:
1. named national measures (initiatives.tsv) and measure compounds (光伏扶贫: a
   measures.tsv keyword + 扶贫/帮扶);
2. quoted names “…” that carry an initiative word (工程, 行动, 扶贫 …), a numeral
   slogan (五个一批, 百企帮百村, 三张牌), or a '+' model (公司+村委会), or that a head
   noun follows (“双组长”负责制, “百商带百户”活动); a quote followed by a longer name
   ending in 工程/队伍 gives that name (“三新”带头人培育工程);
3. unquoted names ending with a head noun (initiative-heads.tsv), starting after a
   trigger verb or a boundary;
4. photo captions "<place><measure>…" (永和县光伏照亮康庄路 → 光伏扶贫 in 永和县);
5. 抓…促… slogans.
Each is typed by the measure scheme (measures.tsv) and placed where it is carried out.
"""
from __future__ import annotations

import re
from functools import cache

from kg.extract.quantities import units
from kg.extract.scope import Scope
from kg.model.records import Document, InitiativeMention, Place, PlaceMention, Span
from kg.resources import lexicon
from kg.text.script import in_script

_WORDS = re.compile(r"扶贫|脱贫|帮扶|工程|行动|计划|活动|模式|机制|制度|措施|举措|菜单|会战|攻势|责任制|负责制")
_NUMERALS = "一二两三四五六七八九十百千万双"
_FOLLOW_HEAD = re.compile(r"(?:等)?(行动计划|活动|方式|模式|负责制|责任制|机制|制度|制|规划|行动)")
_FOLLOW_NAME = re.compile(r"([\u4e00-\u9fff]{1,12}?(?:工程|队伍))")
_FOLLOW_MECHANISM = re.compile(r"[\u4e00-\u9fff]{0,10}?(?:模式|方式|机制|负责制|责任制)")
_FOLLOW_SET = re.compile(r"[一二三四五六七八九十]+大[\u4e00-\u9fff]{2}")
_HARD = frozenset(",，、。;；:：“”‘’（）()《》!！?？ \n")
_SOFT = frozenset("和及与的了在对把将从向")
_CAPTION_HEAD = re.compile(r"^[\u4e00-\u9fff]{2,8}?(?:扶贫|帮扶|搬迁|产业)")
_TOPIC = re.compile(r"(?:^|(?<=[,，;；。]))在(?P<name>[\u4e00-\u9fff]{2,8}?)上[,，]")
_ZHUA_CU = re.compile(r"抓[\u4e00-\u9fff]{1,5}促[\u4e00-\u9fff]{2,6}?(?=[、，,。；;等])")


@cache
def measures() -> tuple[tuple[str, str, bool], ...]:
    rows = lexicon.rows("measures.tsv")
    return tuple(sorted(((r["keyword"], r["measure"], r["compound"] == "yes") for r in rows),
                        key=lambda t: len(t[0]), reverse=True))


@cache
def _stop() -> tuple[frozenset[str], tuple[str, ...]]:
    words = lexicon.lines("initiative-stopwords.txt")
    return frozenset(w for w in words if not w.startswith("~")), tuple(w[1:] for w in words if w.startswith("~"))


@cache
def _heads() -> tuple[tuple[str, str, bool], ...]:
    return tuple((r["head"], r["kind"], r["trigger"] == "verb") for r in lexicon.rows("initiative-heads.tsv"))


@cache
def _triggers() -> tuple[str, ...]:
    return tuple(sorted(lexicon.lines("initiative-triggers.txt"), key=len, reverse=True))


def measure_of(name: str) -> str:
    """The measure concept for a name: the longest keyword it contains."""
    for keyword, measure, _ in measures():
        if keyword in name:
            return measure
    return "GeneralMeasure"


@cache
def _named_kinds() -> dict[str, str]:
    """Named national measures (initiatives.tsv), longest first, with their kind."""
    return {r["term"]: r["kind"] for r in sorted(lexicon.rows("initiatives.tsv"), key=lambda r: -len(r["term"]))}


@cache
def _products() -> tuple[str, ...]:
    return tuple(sorted(lexicon.lines("products.txt"), key=len, reverse=True))


def kind_of(name: str) -> str:
    bare = name.replace("“", "").replace("”", "")
    if bare in _named_kinds():  # a named national measure: the kind its lexicon entry gives
        return _named_kinds()[bare]
    for head, kind, _ in _heads():
        if bare.endswith(head):
            return kind
    if re.search(r"模式|方式|制$|机制|体系", bare):
        return "mechanism"
    return "measure"


def stopped(name: str) -> bool:
    words, suffixes = _stop()
    bare = name.replace("“", "").replace("”", "")
    return bare in words or bare.endswith(suffixes) or len(bare) < 2


def _ranges(text: str, pattern: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


def _lexicon_terms(text: str, start: int, end: int):
    """Named measures and measure compounds: (start, end)."""
    taken: list[tuple[int, int]] = []
    for term in _named_kinds():
        for m in re.finditer(re.escape(term), text[start:end]):
            a, b = start + m.start(), start + m.end()
            if not any(x <= a < y or x < b <= y for x, y in taken):
                taken.append((a, b))
    for m in re.finditer(r"产业(?!园|链|基地|化|扶贫)", text[start:end]):  # 马铃薯产业, 当归产业: a product's industry
        b = start + m.end()
        product = next((p for p in _products() if text.endswith(p, start, start + m.start())), None)
        if product is not None:
            a = start + m.start() - len(product)
            if not any(x <= a < y or x < b <= y for x, y in taken):
                taken.append((a, b))
    for m in re.finditer(r"(扶贫|帮扶)", text[start:end]):
        b = start + m.end()
        for keyword, _, compound in measures():
            a = start + m.start() - len(keyword)
            if compound and a >= start and text[a:start + m.start()] == keyword:
                if not any(x <= a < y for x, y in taken):
                    taken.append((a, b))
                break
    return taken


def quoted_name(text: str, a: int, b: int) -> tuple[int, int] | None:
    """The initiative a quote at [a, b) (quote marks included) names, if any."""
    inner = text[a + 1:b - 1]
    after = b
    while text.startswith("“", after):  # “博爱一日捐”“百企帮百村”等活动: the chain shares a head
        close = text.find("”", after)
        if close < 0:
            break
        after = close + 1
    named_set = _FOLLOW_SET.match(text, after)
    if named_set:  # “大谋划、…、大宣传”八大举措: the quote lists the set's items
        return named_set.start(), named_set.end()
    follows = _FOLLOW_NAME.match(text, b)
    if follows and not _FOLLOW_HEAD.match(text, b) and not re.search(r"[,，、。]", follows.group(1)):
        return a, follows.end()
    if stopped(inner) or re.search(r"[0-9%％]", re.sub(r"[0-9A-Za-z]+\+|\+[0-9A-Za-z]+", "", inner)):
        return None
    if re.search(r"[、,，;；。！？!?的]", inner):  # a list, a sentence or a description, not a name
        return None
    numerals = sum(c in _NUMERALS for c in inner)
    numeral_slogan = inner[0] in _NUMERALS and (
        len(inner) <= 4 or numerals >= 2 and len(inner) <= 8 or numerals >= 3 and len(inner) <= 12)
    if (_WORDS.search(inner) and not re.search(r"会$|会议$|基地$", inner)) or numeral_slogan \
            or "+" in inner or _FOLLOW_HEAD.match(text, after) or _FOLLOW_MECHANISM.match(text, after):
        return a + 1, b - 1
    return None


def _head_names(text: str, start: int, end: int, blocked: list[tuple[int, int]]):
    """Unquoted names ending with a head noun."""
    triggers = _triggers()
    for head, _, needs_verb in _heads():
        for m in re.finditer(re.escape(head), text[start:end]):
            b = start + m.end()
            if any(x <= b - 1 < y for x, y in blocked):
                continue
            a, verb, soft_at = b - len(head), False, None
            while a > start and b - a < 22 and text[a - 1] not in _HARD and not text[a - 1].isdigit():
                if any(text.endswith(t, start, a) for t in triggers):
                    verb = True
                    break
                if text[a - 1] in _SOFT and soft_at is None:
                    soft_at = a
                a -= 1
            if soft_at is not None and (not verb or not needs_verb):
                a = soft_at
            if needs_verb and not verb or a > start and text[a - 1] == "”" or b - a > 18:
                continue
            counted = list(re.finditer(r"[0-9一二两三四五六七八九十百千]+[个项家座]", text[a:b]))
            if counted:  # 电商扶贫四个专项行动 → 专项行动
                a += counted[-1].end()
            name = _strip_unit(text[a:b])
            a = b - len(name)
            if len(name) - len(head) < 2 or name[0] == "一" or re.search(rf"[{_NUMERALS}]大", name):
                continue
            yield a, b


def _strip_unit(name: str) -> str:
    for unit in sorted(units(), key=len, reverse=True):
        if name.startswith(unit):
            return name[len(unit):]
    return name


def _caption(doc: Document, block_start: int, block_end: int, mentions: list[PlaceMention]):
    """Captions that open with a place: the measure that follows it."""
    place = next((m for m in mentions if m.span.start == block_start), None)
    if place is None:
        return None
    text = doc.simplified
    rest_start = place.span.end
    for m in mentions:  # 赫章县野马川镇…: the nearest place is the last of a run
        if m.span.start == rest_start:
            place, rest_start = m, m.span.end
    quote = re.match(r"“[^”]{1,20}”", text[rest_start:block_end])
    if quote:
        rest_start += quote.end()
    rest = text[rest_start:block_end]
    for term in sorted((r["term"] for r in lexicon.rows("initiatives.tsv")), key=len, reverse=True):
        if rest.startswith(term):
            return place.place, (rest_start, rest_start + len(term)), None
    m = _CAPTION_HEAD.match(rest)
    if m:
        return place.place, (rest_start, rest_start + m.end()), None
    for keyword, _, compound in measures():
        if compound and rest.startswith(keyword):
            return place.place, (rest_start, rest_start + len(keyword)), keyword + "扶贫"
    return None


def find_initiatives(doc: Document, scope: Scope, mentions: tuple[PlaceMention, ...]) -> tuple[InitiativeMention, ...]:
    text = doc.simplified
    ordered = sorted(mentions, key=lambda m: m.span.start)
    titles = _ranges(text, r"《[^《》]{1,80}》")
    found: list[tuple[int, int, str | None, Place | None]] = []  # start, end, name override, place
    for index, s in enumerate(doc.sentences):
        kind = doc.blocks[s.block].kind
        place = scope.places[index]
        if kind in ("caption", "heading"):
            cap = _caption(doc, s.start, s.end, ordered)
            if cap:
                cap_place, (a, b), name = cap
                found.append((a, b, name, cap_place))
        if kind not in ("paragraph", "caption", "heading"):
            continue
        quotes = [(q.start(), q.end()) for q in re.finditer(r"“[^“”]{1,60}”", text[s.start:s.end])]
        quotes = [(s.start + a, s.start + b) for a, b in quotes]
        for a, b in quotes:
            named = quoted_name(text, a, b)
            if named and not any(x <= a < y for x, y in titles):
                found.append((*named, None, place))
        blocked = titles + quotes
        for a, b in _lexicon_terms(text, s.start, s.end):
            if not any(x <= a < y for x, y in titles):
                found.append((a, b, None, place))
        for a, b in _head_names(text, s.start, s.end, blocked):
            found.append((a, b, None, place))
        for m in _TOPIC.finditer(text, s.start, s.end):
            if measure_of(m["name"]) != "GeneralMeasure":
                found.append((m.start("name"), m.end("name"), None, place))
        for m in _ZHUA_CU.finditer(text, s.start, s.end):
            found.append((m.start(), m.end(), None, place))
    found = _canonical_combined(text, found)
    return tuple(_mention(doc, a, b, name, place) for a, b, name, place in sorted(found, key=lambda f: f[:2])
                 if not stopped(name or text[a:b]))


def _canonical_combined(text: str, found: list) -> list:
    """A quote seen as part of a longer name (“3+X”帮扶队伍) takes the shortest such name
    everywhere it stands alone, unless it is a name by itself (五个一批)."""
    combined: dict[str, str] = {}
    for a, b, name, _ in found:
        if name is None and text[a] == "“" and "”" in text[a:b] and not text[a:b].endswith("”"):
            inner = text[a + 1:text.index("”", a)]
            full = text[a:b].replace("“", "").replace("”", "")
            if inner not in combined or len(full) < len(combined[inner]):
                combined[inner] = full
    out = []
    for a, b, name, place in found:
        inner = text[a:b]
        if name is None and text[a] == "“" and "”" in inner:
            inner = inner[1:inner.index("”")]
            name = combined.get(inner)
        elif name is None and inner in combined and not (_WORDS.search(inner) or inner[0] in _NUMERALS):
            name = combined[inner]
        out.append((a, b, name, place))
    return out


def _mention(doc: Document, a: int, b: int, name: str | None, place: Place | None) -> InitiativeMention:
    label = in_script(name, doc.script) if name else doc.text[a:b]
    simplified = name or doc.simplified[a:b]
    return InitiativeMention(Span(a, b, doc.text[a:b]), label, kind_of(simplified), measure_of(simplified), place)
