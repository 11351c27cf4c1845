"""Quantities: money amounts, counts and measures, and percentages.

A quantity is a number (Arabic, Chinese or mixed, with 万/亿 multipliers), an
optional approximation (余, 多, 左右, 以上, 近, 超过, 突破 …) and a unit from
ontology/lexicons/units.tsv. Money is normalised to yuan. Numbers inside “…”
slogans, after ordinals and demonstratives (第, 前, 这, 该 …), and before structural
nouns (方面, 问题 … in quantity-stopwords.tsv) are not statistics.
"""
from __future__ import annotations

import re
from functools import cache

from kg.resources import lexicon
from kg.text.numerals import parse_number
from kg.model.records import Document, Quantity

_CN = "零〇一二两三四五六七八九十百千"
_PRE = r"(?P<pre>将近|接近|超过|不到|不足|大约|近|约|超|逾|突破|达到|达)?"
_NUM = rf"(?P<num>\d+(?:\.\d+)?(?:\s*[×xX*]\s*\d+(?:\.\d+)?)?|[{_CN}]+)"
_APPROX_WORDS = {"余", "多", "左右", "以上", "以下", "上下", "近", "约", "大约", "超过", "超", "逾", "突破",
                 "将近", "接近", "不到", "不足"}
_MINIMUM = {"以上", "超过", "超", "逾", "突破"}
_MAXIMUM = {"以下", "不到", "不足", "近", "将近", "接近"}
_DENY_BEFORE = set("第前这那此该每各单统唯之逐某哪几数其")
_PERCENT = re.compile(r"(?P<pre>近|约|超过|超|逾)?(?P<num>\d+(?:\.\d+)?)\s*[%％](?P<post>以上|左右|以下)?"
                      rf"|百分之(?P<cn>[{_CN}点]+)")


@cache
def units() -> dict[str, str]:
    """unit → kind, from units.tsv."""
    return {r["unit"]: r["kind"] for r in lexicon.rows("units.tsv")}


@cache
def _stop() -> tuple[frozenset[str], tuple[str, ...]]:
    rows = lexicon.rows("quantity-stopwords.tsv")
    nouns = frozenset(r["word"] for r in rows if r["kind"] == "noun")
    phrases = tuple(r["word"] for r in rows if r["kind"] == "phrase")
    return nouns, phrases


@cache
def pattern() -> re.Pattern:
    alternation = "|".join(re.escape(u) for u in sorted(units(), key=len, reverse=True))
    return re.compile(
        rf"{_PRE}{_NUM}(?P<a1>余|多)?(?P<mult>千万|百万|万亿|万|亿|千)?(?P<a2>余|多)?"
        rf"(?P<unit>{alternation})(?P<post>左右|以上|以下|上下|多)?"
    )


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Spans inside “…” (or 「…」) quotes."""
    return [(m.start(), m.end()) for m in re.finditer(r"“[^“”]{0,40}”|「[^「」]{0,40}」", text)]


def _inside(ranges: list[tuple[int, int]], pos: int) -> bool:
    return any(a <= pos < b for a, b in ranges)


def _value(m: re.Match) -> float | None:
    num = m["num"]
    product = re.split(r"\s*[×xX*]\s*", num)
    if len(product) == 2:
        a, b = (parse_number(p) for p in product)
        value = a * b if a is not None and b is not None else None
    else:
        if num == "一":  # 一个, 一家: an article ("a"), not a count
            return None
        value = parse_number(num)
    if value is None:
        return None
    mult = {"千万": 1e7, "百万": 1e6, "万亿": 1e12, "万": 1e4, "亿": 1e8, "千": 1e3}.get(m["mult"] or "", 1)
    return round(value * mult, 6)


def _excluded(doc: Document, m: re.Match, quotes) -> bool:
    text = doc.simplified
    start = m.start("num")
    if _inside(quotes, start):
        return True
    if start and text[start - 1] in _DENY_BEFORE and not m["pre"]:
        return True
    if start and (text[start - 1].isdigit() or text[start - 1] in ".-/"):
        return True
    nouns, phrases = _stop()
    after = text[m.end("unit"):m.end("unit") + 4]
    if any(after.startswith(n) for n in nouns):
        return True
    phrase_at = text[start:start + 6]
    return any(phrase_at.startswith(p) for p in phrases)


def find_quantities(doc: Document, blocks: tuple[str, ...] = ("paragraph", "caption", "heading")):
    """(Quantity, kind) for every money amount, count or measure in the body."""
    quotes = quoted_ranges(doc.simplified)
    out: list[tuple[Quantity, str]] = []
    for b in doc.blocks:
        if b.kind not in blocks:
            continue
        for m in pattern().finditer(doc.simplified, b.start, b.end):
            if _excluded(doc, m, quotes):
                continue
            value = _value(m)
            if value is None:
                continue
            kind = units()[m["unit"]]
            words = {m["pre"], m["a1"], m["a2"], m["post"]} - {None}
            start = m.start("num") if m["pre"] in (None, "达", "达到") else m.start()
            span = doc.span(start, m.end())
            q = Quantity(span, value, doc.text[m.start("unit"):m.end("unit")], approx=bool(words & _APPROX_WORDS),
                         minimum=bool(words & _MINIMUM), maximum=bool(words & _MAXIMUM))
            out.append((q, kind))
    return out


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

