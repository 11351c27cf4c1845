"""The word lists initiatives are found with (ontology/lexicons/initiative-*.txt|tsv,
measures.tsv, initiatives.tsv, products.txt), loaded once, and the small lookups on them."""
from __future__ import annotations

from functools import cache

from kg.extract.quantities import units
from kg.resources import lexicon


@cache
def measures() -> tuple[tuple[str, str, bool], ...]:
    rows = lexicon.rows("measures.tsv")
    return tuple(sorted(((r["keyword"], r["measure"], r["compound"] == "yes") for r in rows),
                        key=lambda t: len(t[0]), reverse=True))


@cache
def stop_words() -> tuple[frozenset[str], tuple[str, ...]]:
    words = lexicon.lines("initiative-stopwords.txt")
    return frozenset(w for w in words if not w.startswith("~")), tuple(w[1:] for w in words if w.startswith("~"))


@cache
def heads() -> tuple[tuple[str, str, str, str], ...]:
    """(head, kind, trigger, unless) from initiative-heads.tsv, longest head first."""
    rows = lexicon.rows("initiative-heads.tsv")
    return tuple(sorted(((r["head"], r["kind"], r["trigger"], r["unless"]) for r in rows),
                        key=lambda t: len(t[0]), reverse=True))


@cache
def quoted_heads() -> tuple[str, ...]:
    return tuple(r["head"] for r in lexicon.rows("initiative-heads.tsv") if r["quoted"] == "yes")


@cache
def fragments() -> tuple[str, ...]:
    return tuple(sorted(lexicon.lines("initiative-fragments.txt"), key=len, reverse=True))


@cache
def not_before() -> tuple[str, ...]:
    return lexicon.lines("initiative-not-before.txt")


@cache
def verbal_terms() -> frozenset[str]:
    """Named measures that are verb phrases (整村搬迁): initiative-verbal-terms.txt."""
    return frozenset(lexicon.lines("initiative-verbal-terms.txt"))


@cache
def triggers() -> tuple[str, ...]:
    return tuple(sorted(lexicon.lines("initiative-triggers.txt"), key=len, reverse=True))


def measure_of(name: str) -> str:
    """The measure concept for a name: the longest keyword it contains."""
    for keyword, measure, _ in measures():
        if keyword in name:
            return measure
    return "GeneralMeasure"


@cache
def named_kinds() -> dict[str, str]:
    """Named national measures (initiatives.tsv), longest first, with their kind."""
    return {r["term"]: r["kind"] for r in sorted(lexicon.rows("initiatives.tsv"), key=lambda r: -len(r["term"]))}


@cache
def products() -> tuple[str, ...]:
    return tuple(sorted(lexicon.lines("products.txt"), key=len, reverse=True))


def stopped(name: str) -> bool:
    words, suffixes = stop_words()
    bare = name.replace("“", "").replace("”", "")
    return bare in words or bare.endswith(suffixes) or len(bare) < 2


@cache
def counters() -> frozenset[str]:
    """One-character measure words (个, 项, 类 …) and 大 (八大工程): 两个有效集中 is a slogan."""
    return frozenset(u for u, k in units().items() if k == "count" and len(u) == 1) | {"大"}


@cache
def goal_verbs() -> tuple[str, ...]:
    return tuple(sorted(lexicon.lines("initiative-goal-verbs.txt"), key=len, reverse=True))


@cache
def quote_verbs() -> tuple[str, ...]:
    words = set(triggers()) | set(lexicon.lines("initiative-quote-verbs.txt"))
    return tuple(sorted(words, key=len, reverse=True))


def after_fragment(text: str, a: int, b: int) -> int:
    """Start of a name after the last fragment word (这项, 按照, 一系列 …) in text[a:b]."""
    cut = a
    for word in fragments():
        at = text.rfind(word, a, b)
        if at >= 0:
            cut = max(cut, at + len(word))
    return cut
