"""People: officials named with their posts, and the article's credits.

- Post chains before a name: 市委副书记、市长刘予强 (posts from posts.tsv).
- A name before a national post: 习近平总书记.
- Shared group posts: 岳普煜和刘予强作为市脱贫攻坚领导组组长.
- Credits (bylines, 作者:/责任编辑: fields) come from credits.py.
Names are a surname from surnames.txt and one or two more characters.
"""
from __future__ import annotations

import re
from functools import cache

from kg.resources import lexicon
from kg.extract import orgs
from kg.extract.scope import Scope
from kg.model.records import Document, OrgMention, PersonMention, Place, PostMention

# A character after which a name cannot go on (function words, verbs that follow names).
_STOP_AFTER = frozenset("和与及在到是作为等同说也就对向的了将要已任兼代主表指亲带率召出参视会陪一、，,。;；:：（()）“”")
_GROUP_POST = re.compile(r"(?:作为|担任|任|兼任)(?P<org>(?:[省市县区])?[\u4e00-\u9fff]{2,12}?(?:领导小组|领导组|指挥部|工作组))"
                         r"(?P<role>副组长|组长|副指挥长|指挥长|成员)")


@cache
def surnames() -> tuple[frozenset[str], frozenset[str]]:
    names = lexicon.lines("surnames.txt")
    return frozenset(n for n in names if len(n) == 1), frozenset(n for n in names if len(n) == 2)


@cache
def _not_names() -> frozenset[str]:
    return frozenset(lexicon.lines("name-stopwords.txt"))


@cache
def _verbs() -> frozenset[str]:
    return frozenset(lexicon.lines("name-followers.txt"))


@cache
def posts() -> dict[str, dict[str, str]]:
    return {r["title"]: r for r in lexicon.rows("posts.tsv")}


def _level(row: dict[str, str]) -> str:
    """The place level of a post; a chain-only title (chain-province: 自治区党委常委、副主席)
    has the level it continues."""
    return row["level"].removeprefix("chain-")


@cache
def _post_pattern() -> re.Pattern:
    ranked = sorted(posts(), key=len, reverse=True)
    first = "|".join(re.escape(t) for t in ranked if posts()[t]["level"] != "group"
                     and not posts()[t]["level"].startswith("chain-"))
    more = "|".join(re.escape(t) for t in ranked if posts()[t]["level"] != "group")
    return re.compile(rf"(?P<chain>(?:{first})(?:[、,，]?(?:{more}))*)")


def name_at(text: str, start: int, *, known: frozenset[str] = frozenset()) -> str | None:
    """The person name starting at `start`: surname + one or two characters."""
    single, double = surnames()
    for cut in (4, 3, 2) if text[start:start + 2] in double else (3, 2):
        cand = text[start:start + cut]
        if len(cand) < cut or not all("\u4e00" <= c <= "\u9fff" for c in cand):
            continue
        surname_len = 2 if text[start:start + 2] in double else 1
        if surname_len == 1 and cand[0] not in single:
            return None
        if cut - surname_len > 2 or cut - surname_len < 1:
            continue
        if cand in known:
            return cand
        if cand in _not_names() or cand[:2] in _not_names():
            return None
        if cut - surname_len == 2 and (cand[-1] in _STOP_AFTER or text[start + cut - 1:start + cut + 1] in _verbs()):
            continue
        return cand
    return None


def _name_before(text: str, end: int) -> tuple[int, str] | None:
    """A name that ends at `end` (习近平 in 习近平总书记)."""
    single, _ = surnames()
    for size in (3, 2):
        start = end - size
        cand = text[start:end]
        if start >= 0 and cand[0] in single and all("\u4e00" <= c <= "\u9fff" for c in cand):
            if size == 3 or text[start - 1:start] in ("", "、", "，", ",", "和", "对", "向", "的", "“"):
                return start, cand
    return None


def _post(doc: Document, title: str, start: int, scope: Scope, index: int) -> PostMention:
    row = posts()[title]
    level = {"province": "省", "city": "市", "county": "县", "township": None, "village": None}.get(_level(row))
    org: OrgMention | None = None
    if level:
        place = orgs.place_for_level(level, scope, index)
        if place is not None:
            org = orgs.body(place, row["body"] if row["body"] in orgs.BODY_NAMES else "government",
                            doc.span(start, start + len(title)))
    text = doc.text[start:start + len(title)]
    return PostMention(doc.span(start, start + len(title)), text, row["role"], row["role_label"], org)


def _jurisdiction(posts_: list[PostMention], city: Place | None) -> str:
    for p in posts_:
        if p.org is not None and p.org.place is not None:
            return p.org.place.key
    return "cn" if posts_ else (city.key if city else "cn")


def _official_chains(doc: Document, scope: Scope) -> list[PersonMention]:
    text = doc.simplified
    out: list[PersonMention] = []
    for index, s in enumerate(doc.sentences):
        for m in _post_pattern().finditer(text, s.start, s.end):
            name = name_at(text, m.end())
            titles = _split_chain(text, m.start(), m.end())
            if name is None:
                continue
            posts_ = [_post(doc, t, a, scope, index) for a, t in titles]
            start = m.end()
            out.append(PersonMention(doc.span(start, start + len(name)), doc.text[start:start + len(name)],
                                     _jurisdiction(posts_, scope.city), tuple(posts_)))
        for title in (t for t, row in posts().items() if row["level"] == "national"):
            for m in re.finditer(title, text[s.start:s.end]):
                end = s.start + m.start()
                found = _name_before(text, end)
                if found and found[0] >= s.start:
                    a, name = found
                    post = _post(doc, title, end, scope, index)
                    out.append(PersonMention(doc.span(a, end), doc.text[a:end], "cn", (post,)))
    return out


def _split_chain(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """The titles in a chain such as 市委副书记、市长, longest title first at each place."""
    titles = sorted(posts(), key=len, reverse=True)
    out: list[tuple[int, str]] = []
    i = start
    while i < end:
        for t in titles:
            level = posts()[t]["level"]
            if level.startswith("chain-") and not (out and _level(posts()[out[-1][1]]) == _level(posts()[t])):
                continue  # a chain-only title continues a title of its level
            if text.startswith(t, i) and level != "group":
                out.append((i, t))
                i += len(t)
                break
        else:
            i += 1
    return out


def _group_posts(doc: Document, people: list[PersonMention], scope: Scope) -> list[PersonMention]:
    """Give a shared group post (…作为X领导组组长) to the people listed before it."""
    text = doc.simplified
    out = list(people)
    for index, s in enumerate(doc.sentences):
        for m in _GROUP_POST.finditer(text, s.start, s.end):
            before = [i for i, p in enumerate(out) if s.start <= p.span.start < m.start()
                      and re.fullmatch(r"[^,，;；。]*", text[p.span.end:m.start()])]
            if not before:
                continue
            org_name = m["org"]
            level = org_name[0] if org_name[0] in "省市县区" else "市"
            org = orgs.group(orgs.place_for_level(level, scope, index), org_name,
                             doc.span(m.start("org"), m.end("org")))
            role = m["role"]
            post = PostMention(doc.span(m.start("org"), m.end("role")), doc.text[m.start("org"):m.end("role")],
                               "group-leader" if role == "组长" else "group-member", doc.text[m.start("role"):m.end("role")], org)
            for i in before:
                p = out[i]
                out[i] = PersonMention(p.span, p.name, p.jurisdiction, p.posts + (post,), p.credits)
    return out


def find_people(doc: Document, scope: Scope) -> tuple[PersonMention, ...]:
    """Officials named in running text with their posts (credits: `kg.extract.credits`)."""
    return tuple(_group_posts(doc, _official_chains(doc, scope), scope))
