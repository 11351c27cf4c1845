"""Post titles that stand before a name, read right to left from the name.

A title is either spelled out whole in posts.tsv (市委副书记, 县扶贫办主任, 市领导) or an
organisation as written followed by a role word from post-roles.tsv (民盟湖北省委主委,
安徽丰源农业发展有限公司董事长, 省农业农村厅副巡视员); the organisation must end with a word from
post-bodies.txt or be a gazetteer place. Titles chain with 、 or a comma (市委常委、政法委书记)
and join with 兼 (执行主任兼秘书长: one post). Words from post-left-stops.txt end the text an
organisation may take (以及…, 迎来…).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kg.resources import gazetteer, lexicon

# Characters that end the text before a title.
_BOUNDARY = frozenset("、，,；;：:。！？!?（）()“”‘’《》「」〔〕[] \t\n\u3000")
_CHAIN = frozenset("、，,")
_MAX_ORG = 24  # characters an organisation before a role may have


@dataclass(frozen=True)
class Title:
    """A post title in the text: [start, end) in the simplified view, with its lexicon row."""

    start: int
    end: int
    row: dict[str, str]  # a posts.tsv row (level, body, role, role_label) or a post-roles.tsv row
    whole: bool  # True: a posts.tsv title (its level says whose body it is); False: organisation + role
    prefix: str = ""  # the organisation or place written before the title word (赫章 in 赫章县委书记)


@cache
def titles() -> dict[str, dict[str, str]]:
    """posts.tsv by title (a group title such as 组长 is a role word here: 督导组组长)."""
    return {r["title"]: r for r in lexicon.rows("posts.tsv") if r["level"] != "group"}


@cache
def roles() -> dict[str, dict[str, str]]:
    """post-roles.tsv by role word."""
    return {r["role"]: r for r in lexicon.rows("post-roles.tsv")}


@cache
def bodies() -> tuple[str, ...]:
    return tuple(lexicon.lines("post-bodies.txt"))


@cache
def _left_stops() -> re.Pattern:
    words = sorted(lexicon.lines("post-left-stops.txt"), key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words))


@cache
def _words() -> tuple[str, ...]:
    """Every title and role word, longest first (for matching at an end position)."""
    return tuple(sorted(set(titles()) | set(roles()), key=len, reverse=True))


@cache
def anchor_pattern() -> re.Pattern:
    """Any title or role word, longest first."""
    return re.compile("|".join(re.escape(w) for w in _words()))


def starts_title(text: str, i: int) -> bool:
    """Whether a title or role word starts at `i` (县长 in 和县长: not a name)."""
    return anchor_pattern().match(text, i) is not None


@cache
def _words_by_last_char() -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for w in _words():
        index.setdefault(w[-1], []).append(w)
    return {c: tuple(ws) for c, ws in index.items()}


def word_ending_at(text: str, end: int, lo: int) -> str | None:
    """The longest title or role word ending at `end` and starting at or after `lo`."""
    if end <= max(lo, 0) or end > len(text):
        return None
    for w in _words_by_last_char().get(text[end - 1], ()):
        if end - len(w) >= lo and text.startswith(w, end - len(w)):
            return w
    return None


def _organisation(text: str, lo: int, start: int) -> tuple[int, str]:
    """The text before a title back to a boundary or a left-stop word: (its start, text)."""
    i = start
    while i > lo and start - i < _MAX_ORG and text[i - 1] not in _BOUNDARY:
        i -= 1
    cut = 0
    for m in _left_stops().finditer(text, i, start):
        cut = m.end() - i
    return i + cut, text[i + cut:start]


def _is_org(prefix: str) -> bool:
    return prefix.endswith(bodies()) or prefix in gazetteer.names()


def _place_before_level(prefix: str, word: str) -> int | None:
    """Where a place name starts in `prefix` when it ends with the title's level character
    (江门市蓬江 + 区委书记: 蓬江区 at 3), or None."""
    if not prefix or word[0] not in "省市县区乡镇村州旗盟":
        return None
    joined = prefix + word[0]
    found = [a for a, b, _ in gazetteer.find_names(joined) if b == len(joined)]
    return found[-1] if found else None


def chain_before(text: str, end: int, lo: int) -> list[Title]:
    """The titles that end exactly at `end` (a name starts there), first title first.

    A title that only continues a chain (副主席 in 自治区党委常委、副主席; a role word with no
    organisation) is kept only after another title."""
    out: list[tuple[Title, bool]] = []
    while True:
        found = _title_ending_at(text, end, lo)
        if found is None:
            break
        out.append(found)
        title = found[0]
        if title.start - 1 < lo or text[title.start - 1] not in _CHAIN:
            break
        end = title.start - 1
    while out and out[-1][1]:
        out.pop()
    return [t for t, _ in reversed(out)]


def _title_ending_at(text: str, end: int, lo: int) -> tuple[Title, bool] | None:
    """The title ending at `end`, and whether it needs a title before it."""
    word = word_ending_at(text, end, lo)
    if word is None:
        return None
    start = end - len(word)
    joined = word_ending_at(text, start - 1, lo) if text[start - 1:start] == "兼" else None
    if joined:  # 执行主任兼秘书长: one post
        start -= len(joined) + 1
    org_start, prefix = _organisation(text, lo, start)
    if not prefix and start - 1 > lo and text[start - 1] == "的":
        of_start, of_prefix = _organisation(text, lo, start - 1)
        if len(of_prefix) >= 3 and of_prefix.endswith(bodies()) and (  # 县财政局的副局长: the post of that body
                of_prefix[0] in "省市县区乡镇州旗盟" or any(a == 0 for a, _, _ in gazetteer.find_names(of_prefix))):
            org_start, prefix = of_start, of_prefix
    row = titles().get(word)
    if row is not None and not joined:
        if prefix and _is_org(prefix):
            return Title(org_start, end, row, True, prefix), False
        place_at = _place_before_level(prefix, word)
        if place_at is not None:  # 江门市蓬江|区委书记 → 蓬江区委书记
            return Title(org_start + place_at, end, row, True, prefix[place_at:]), False
        return Title(start, end, row, True), row["level"].startswith("chain-")
    row = roles().get(word) or _as_role(titles()[word])
    if prefix and _is_org(prefix):
        return Title(org_start, end, row, False, prefix), False
    return Title(start, end, row, False), not (_alone(word) or (joined is not None and _alone(joined)))


def _alone(word: str) -> bool:
    """A title that is a post with no organisation or title before it: a posts.tsv title of a
    level (村党支部书记), or a role word marked alone (董事长)."""
    row = titles().get(word)
    if row is not None:
        return not row["level"].startswith("chain-")
    return roles().get(word, {}).get("alone") == "yes"


def _as_role(row: dict[str, str]) -> dict[str, str]:
    return {"role": row["title"], "slug": row["role"], "role_label": row["role_label"], "alone": "no"}
