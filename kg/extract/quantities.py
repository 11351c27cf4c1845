"""Quantities: money amounts, counts and measures, and percentages.

A quantity is a number (Arabic, Chinese or mixed, with 万/亿 multipliers), an
optional approximation (余, 多, 左右, 以上, 近, 超过, 突破 …) and a unit from
ontology/lexicons/units.tsv. Money is normalised to yuan. A range (6000至7000元,
3至5万人) is read at its lower bound, marked as a minimum. Numbers inside “…”
slogans, after ordinals (第, 前, 该 …), before structural nouns (方面, 问题 … in
quantity-stopwords.tsv), in idioms (两头发力) and in place names (五元村) are not
statistics; units marked stat=no in units.tsv are read but not returned, and units marked
numerals=arabic (头, 眼 …) take no Chinese numeral (两头发力, 两眼 are idioms).
A bare 万/亿 number without a unit (仍有贫困人口80多万, 已有171.2万实现脱贫, 投资3000万左右)
is a count of the noun it follows (counted-nouns.tsv) or of the sentence's
previous count, or money when a money word (money-cues.txt) is in its clause.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace
from functools import cache
from itertools import accumulate

from kg.resources import lexicon
from kg.text.numerals import parse_number
from kg.model.records import Document, Quantity

_CN = "零〇一二两三四五六七八九十百千"
_PRE = r"(?P<pre>将近|接近|超过|不到|不足|大约|近|约|超|逾|突破|达到|达)?"
_NUM = rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?(?:\s*[×xX*]\s*\d+(?:\.\d+)?)?|[{_CN}]+)"
_APPROX_WORDS = {"余", "多", "左右", "以上", "以下", "上下", "近", "约", "大约", "超过", "超", "逾", "突破",
                 "将近", "接近", "不到", "不足"}
_MINIMUM = {"以上", "超过", "超", "逾", "突破"}
_MAXIMUM = {"以下", "不到", "不足", "近", "将近", "接近"}
_DENY_BEFORE = set("第前此该每各单统唯之逐某哪几数其")  # not 这/那: 这22个县 counts counties
_RANGE = rf"(?:(?P<lo_mult>万|亿|千)?(?P<sep>至|到|~|～|-|－|—)(?P<hi>\d+(?:\.\d+)?|[{_CN}]+))?"
_RANGE_SEP = re.compile(r"至|到|~|～|-|－|—")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_SPEECH = re.compile(r"[,，。!！?？;；]")
_MULTIPLIERS = {"千万": 1e7, "百万": 1e6, "万亿": 1e12, "万": 1e4, "亿": 1e8, "千": 1e3}
# (?<!\d): a number starts where its digits start, so a run of n digits with no % is tried once
# (O(n)), not again from each of its digits (O(n²): 40,000 digits took 34 s).
_PERCENT = re.compile(r"(?P<pre>近|约|超过|超|逾)?(?<!\d)(?P<num>\d+(?:\.\d+)?)\s*[%％](?P<post>以上|左右|以下)?"
                      rf"|百分之(?P<cn>[{_CN}点]+)")


@cache
def units() -> dict[str, str]:
    """unit → kind, from units.tsv."""
    return {r["unit"]: r["kind"] for r in lexicon.rows("units.tsv")}


@cache
def _unit_rules() -> tuple[frozenset[str], frozenset[str]]:
    """Units not recorded (stat=no), and units that take Arabic numerals only."""
    rows = lexicon.rows("units.tsv")
    return (frozenset(r["unit"] for r in rows if r["stat"] == "no"),
            frozenset(r["unit"] for r in rows if r["numerals"] == "arabic"))


@cache
def _stop() -> tuple[frozenset[str], tuple[str, ...], tuple[str, ...]]:
    rows = lexicon.rows("quantity-stopwords.tsv")
    nouns = frozenset(r["word"] for r in rows if r["kind"] in ("noun", "slogan"))
    phrases = tuple(r["word"] for r in rows if r["kind"] == "phrase")
    return nouns, phrases, tuple(r["word"] for r in rows if r["kind"] == "place")


@cache
def pattern() -> re.Pattern:
    alternation = "|".join(re.escape(u) for u in sorted(units(), key=len, reverse=True))
    return re.compile(
        rf"{_PRE}{_NUM}{_RANGE}(?P<a1>余|多)?(?P<mult>千万|百万|万亿|万|亿|千)?(?P<a2>余|多)?"
        rf"(?P<unit>{alternation})(?P<post>左右|以上|以下|上下|多)?"
    )


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Spans inside “…” (or 「…」) slogans; a quoted sentence (with a comma or a full stop:
    “我家去年收入超过10万元,脱贫了!”) is speech, and its numbers count."""
    return [(m.start(), m.end()) for m in re.finditer(r"“[^“”]{0,40}”|「[^「」]{0,40}」", text)
            if not _SPEECH.search(m.group())]


def _inside(ranges: list[tuple[int, int]], pos: int) -> bool:
    """Whether `pos` is in one of `ranges` (sorted and apart, as `quoted_ranges` finds them)."""
    k = bisect_right(ranges, (pos, _END)) - 1
    return k >= 0 and ranges[k][0] <= pos < ranges[k][1]


_END = 1 << 62


def _value(m: re.Match) -> float | None:
    """The number in yuan or units; for a range, its lower bound (None if it is no range)."""
    value = _single(m)
    if value is None or not m["sep"]:
        return value
    low = parse_number(m["num"])
    high = parse_number(m["hi"])
    if low is None or high is None:
        return None
    mult = _MULTIPLIERS.get(m["mult"] or "", 1)
    low, high = low * _MULTIPLIERS.get(m["lo_mult"] or "", mult), high * mult
    return round(low, 6) if low < high else None


def _single(m: re.Match) -> float | None:
    num = m["hi"] if m["sep"] else m["num"]
    product = re.split(r"\s*[×xX*]\s*", num)
    if len(product) == 2:
        a, b = (parse_number(p) for p in product)
        value = a * b if a is not None and b is not None else None
    else:
        if num == "一" and not m["mult"]:  # 一个, 一家: an article ("a"), not a count; 一亿元 is money
            return None
        value = parse_number(num)
    if value is None:
        return None
    return round(value * _MULTIPLIERS.get(m["mult"] or "", 1), 6)


def _vague(text: str, m: re.Match) -> bool:
    """数十亿元, 几百万元: a round amount given by its order of magnitude (valued at its lower bound)."""
    start = m.start("num")
    return (start > 0 and text[start - 1] in "数几" and m["num"] in ("十", "百", "千")
            and m["mult"] is not None and units()[m["unit"]] == "money")


def _excluded(doc: Document, m: re.Match, quotes) -> bool:
    text = doc.simplified
    start = m.start("num")
    if _inside(quotes, start):
        return True
    if start and text[start - 1] in _DENY_BEFORE and not m["pre"] and not _vague(text, m):
        return True
    if start and (text[start - 1].isdigit() or text[start - 1] in ".-/"):
        return True
    nouns, phrases, place_suffixes = _stop()
    after = text[m.end("unit"):m.end("unit") + 4]
    if any(after.startswith(n) for n in nouns):
        return True
    if units()[m["unit"]] == "money" and after.startswith(place_suffixes):
        return True  # 五元村: a place name
    if m["unit"] in _unit_rules()[1] and not m["num"][0].isdigit():
        return True  # 两头发力: an idiom
    if (units()[m["unit"]] == "money" and not m["num"][0].isdigit() and not m["mult"]
            and "、" in (text[start - 1:start] + after[:1])):
        return True  # 到富顺、三元、石安: a name in a list of places, not three yuan
    phrase_at = text[start:start + 6]
    return any(phrase_at.startswith(p) for p in phrases)


def find_quantities(doc: Document, blocks: tuple[str, ...] = ("paragraph", "caption", "heading"), *,
                    places: tuple = ()):
    """(Quantity, kind) for every money amount, count or measure in the body; none inside
    a place name (`places`: place mentions, 四棵树乡)."""
    with_units = _with_units(doc, blocks)
    spans = sorted((p.span.start, p.span.end) for p in places)
    starts = [a for a, _ in spans]
    reach = list(accumulate((b for _, b in spans), max))  # the furthest end of the places so far
    found = [f for f in with_units + _bare(doc, blocks, with_units)
             if not _overlaps(starts, reach, f[0].span.start, f[0].span.end)]
    return sorted(found, key=lambda f: f[0].span.start)


def _overlaps(starts: list[int], reach: list[int], start: int, end: int) -> bool:
    """Whether a place (starts sorted, `reach` the running maximum of their ends) overlaps [start, end)."""
    k = bisect_left(starts, end)  # the places that start before `end`
    return k > 0 and reach[k - 1] > start


def _with_units(doc: Document, blocks: tuple[str, ...]) -> list[tuple[Quantity, str]]:
    quotes = quoted_ranges(doc.simplified)
    out: list[tuple[Quantity, str]] = []
    for b in doc.blocks:
        if b.kind not in blocks:
            continue
        previous_end = -1
        for m in pattern().finditer(doc.simplified, b.start, b.end):
            if out and _RANGE_SEP.fullmatch(doc.simplified, previous_end, m.start("num")) and not m["pre"] \
                    and units()[m["unit"]] == out[-1][1] and (_value(m) or 0) > out[-1][0].value:
                out[-1] = (replace(out[-1][0], minimum=True), out[-1][1])  # 6000元至7000元: the upper bound
                continue
            if _excluded(doc, m, quotes):
                continue
            value = _value(m)
            if value is None or m["unit"] in _unit_rules()[0]:
                continue
            kind = units()[m["unit"]]
            words = {m["pre"], m["a1"], m["a2"], m["post"]} - {None}
            start = m.start("num") if m["pre"] in (None, "达", "达到") else m.start()
            vague = _vague(doc.simplified, m)
            span = doc.span(start - 1 if vague else start, m.end())
            unit = _counted_units().get(m["unit"]) if kind == "noun" else None
            q = Quantity(span, value, unit or doc.text[m.start("unit"):m.end("unit")],
                         approx=vague or bool(words & _APPROX_WORDS),
                         minimum=bool(words & _MINIMUM) or bool(m["sep"]), maximum=bool(words & _MAXIMUM))
            out.append((q, kind))
            previous_end = m.end()
    return out


@cache
def _bare_pattern() -> re.Pattern:
    nouns = "|".join(sorted((r["noun"] for r in lexicon.rows("counted-nouns.tsv")), key=len, reverse=True))
    return re.compile(rf"(?:(?P<noun>{nouns})(?P<link>仍有|还有|已有|共有|有|为|达到|达|约|共|近|超过)?"
                      rf"|(?P<verb>有|为|达|共|约))?"
                      rf"(?P<num>\d+(?:\.\d+)?|[{_CN}]+)(?P<a1>余|多)?(?P<mult>万|亿)(?P<a2>余|多)?(?P<post>左右|以上)?")


_CLAUSE_START = re.compile(r"[,，;；:：。!！?？]")


@cache
def _counted_units() -> dict[str, str]:
    """Counted noun → its unit (贫困人口 → 人), from counted-nouns.tsv."""
    return {r["noun"]: r["unit"] for r in lexicon.rows("counted-nouns.tsv")}


def counted_noun(doc: Document, q: Quantity) -> str | None:
    """The noun a quantity counts when it is written after the number (8.79万贫困人口 → 贫困人口)."""
    text = doc.simplified[q.span.start:q.span.end]
    for noun in sorted((u for u, k in units().items() if k == "noun"), key=len, reverse=True):
        at = text.rfind(noun)
        if at >= 0:
            return doc.text[q.span.start + at:q.span.start + at + len(noun)]
    return None


def _bare(doc: Document, blocks: tuple[str, ...], with_units: list[tuple[Quantity, str]]) -> list[tuple[Quantity, str]]:
    """万/亿 numbers with no unit: a count of the noun before them or of the sentence's
    previous count, or money after a money word (money-cues.txt) in the clause."""
    text = doc.simplified
    counted = _counted_units()
    taken = [q for q, _ in with_units]
    quotes = quoted_ranges(text)
    out: list[tuple[Quantity, str]] = []
    for b in (b for b in doc.blocks if b.kind in blocks):
        for m in _bare_pattern().finditer(text, b.start, b.end):
            start = m.start("num")
            if any(t.span.start <= start < t.span.end for t in taken) or _inside(quotes, start) \
                    or start and (text[start - 1].isdigit() or text[start - 1] in ".-/第"):
                continue
            unit, kind = _bare_unit(doc, m, counted, taken)
            value = parse_number(m["num"]) if unit else None
            if value is None:
                continue
            words = {m["a1"], m["a2"], m["post"], m["link"]} - {None}
            q = Quantity(doc.span(start, m.end()), round(value * _MULTIPLIERS[m["mult"]], 6), unit,
                         approx=bool(words & _APPROX_WORDS), minimum=bool(words & _MINIMUM),
                         maximum=bool(words & _MAXIMUM))
            out.append((q, kind))
    return out


def _bare_unit(doc: Document, m: re.Match, counted: dict[str, str], taken) -> tuple[str | None, str]:
    """(unit, kind) of a bare number, or (None, "") when nothing says what it counts."""
    text = doc.simplified
    if m["noun"]:
        return counted[m["noun"]], "count"
    end = m.end()
    standalone = end >= len(text) or not _HAN.match(text, end) or m["post"] or m["verb"]
    if not standalone:
        return None, ""  # 5万贫困家庭: a modifier of a noun not in the lexicon
    clause = max([0] + [c.end() for c in _CLAUSE_START.finditer(text, max(0, m.start() - 80), m.start())])
    after = _CLAUSE_START.search(text, end)
    if any(w in text[clause:after.start() if after else len(text)] for w in lexicon.lines("money-cues.txt")):
        return "元", "money"  # 投资3000万左右, 争取3000万左右的资金
    i = doc.sentence_index(m.start())
    s = doc.sentences[i] if i >= 0 else None
    previous = [t for t in taken if s is not None and s.start <= t.span.start < m.start()]
    if previous and previous[-1].unit in counted.values():  # 185.1万贫困人口中,已有171.2万…
        return previous[-1].unit, "count"
    return None, ""


def find_percentages(doc: Document) -> list[Quantity]:
    quotes = quoted_ranges(doc.simplified)
    out: list[Quantity] = []
    for b in doc.blocks:
        if b.kind != "paragraph":
            continue
        for m in _PERCENT.finditer(doc.simplified, b.start, b.end):
            if _inside(quotes, m.start()):
                continue
            value = parse_number(m["num"] or m["cn"].replace("点", "."))
            if value is None:
                continue
            words = {m["pre"], m["post"]} - {None}
            out.append(Quantity(doc.span(m.start(), m.end()), value, "%", approx=bool(words),
                                minimum=bool(words & _MINIMUM), maximum=bool(words & _MAXIMUM)))
    return out

