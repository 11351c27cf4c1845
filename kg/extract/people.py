"""People: officials named with their posts (credits: kg.extract.credits).

- Post chains before a name or a list of names (kg.extract.posts): 市委副书记、市长刘予强,
  民盟湖北省委主委周某, 副区长王某、李某; names before 等 and a title (王某、李某等市领导)
  or before 担任/任 and a title; dotted and transliterated ethnic names (name_at, names_after).
- A name before a national post: 习近平总书记.
- Shared group posts: 岳普煜和刘予强作为市脱贫攻坚领导组组长.
- Credits (bylines, 作者:/责任编辑: fields) come from credits.py.
Names are a surname from surnames.txt and one or two more characters.
"""
from __future__ import annotations

import re
from functools import cache

from kg.resources import gazetteer, lexicon
from kg.extract import orgs
from kg.extract import posts as posts_
from kg.extract.scope import Scope
from kg.model.records import Document, OrgMention, PersonMention, Place, PostMention

# A character after which a name cannot go on (function words, verbs that follow names).
_STOP_AFTER = frozenset("和与及在到是作为等同说也就对向的了将要已任兼代主表指亲带率召出参视会陪一所、，,。;；:：（()）“”")
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
def _weak_surnames() -> frozenset[str]:
    return frozenset(lexicon.lines("weak-surnames.txt"))


# Function characters that also end given names (永和, 有为, 秀会): a name when a verb follows (严永和介绍).
_NAME_FINAL = frozenset("和为会")
# What may follow a name whose surname is also a common word (来, 和 …), or a name in a list:
# punctuation or these.
_STRONG_AFTER = ("、", "，", ",", "。", "；", ";", "：", ":", "（", "(", "）", ")", "等", "一行", "同志", "以及", "和", "及", "与")
# What may stand right before a name that is read backwards from a title (王明总书记, 对王明总书记).
_BEFORE_NAME = frozenset("、，,。；;：:（(“‘ 和对向的与及在是由")
_PUNCT = frozenset("、，,。；;：:！？!?")
# An ethnic name written with a middle dot: 阿不都热合曼·买买提.
_DOTTED = re.compile(r"[\u4e00-\u9fff]{2,6}[·・•‧．][\u4e00-\u9fff]{2,6}")


def name_at(text: str, start: int, *, known: frozenset[str] = frozenset()) -> str | None:
    """The person name starting at `start`: surname + one or two characters, or a dotted ethnic name."""
    dotted = _dotted_at(text, start)
    if dotted:
        return dotted
    single, double = surnames()
    surname_len = 2 if text[start:start + 2] in double else 1
    if posts_.starts_title(text, start + surname_len):  # 和县长, 李书记: a title, not a given name
        return None
    for cut in (4, 3, 2) if surname_len == 2 else (3, 2):
        cand = text[start:start + cut]
        if len(cand) < cut or not all("\u4e00" <= c <= "\u9fff" for c in cand):
            continue
        if surname_len == 1 and cand[0] not in single:
            return None
        if cut - surname_len > 2 or cut - surname_len < 1:
            continue
        if cand in known:
            return cand
        if cand in _not_names() or cand[:2] in _not_names():
            return None
        if _not_given(cand[surname_len:]):
            continue  # 马上组织, 明确要求: a word, not a given name
        if cut - surname_len == 2 and _third_char_follows(text, start + cut):
            continue  # 王明和/王明主持: the name is 王明; but 严永和介绍: 和 ends the name
        if cand[0] in _weak_surnames() and not _weak_name_ends(text, start + cut, three=cut == 3):
            continue
        return cand
    return None


def _third_char_follows(text: str, end: int) -> bool:
    """The last of three characters ending at `end` belongs after the name, not in it."""
    last, after = text[end - 1], text[end:end + 2]
    if last in _STOP_AFTER and not (last in _NAME_FINAL and after in _verbs()):
        return True
    return text[end - 1:end + 1] in _verbs()


@cache
def _given_stopchars() -> frozenset[str]:
    return frozenset("".join(lexicon.lines("given-name-stopchars.txt")))


def _not_given(given: str) -> bool:
    return bool(_given_stopchars() & set(given))


@cache
def _visit_verbs() -> frozenset[str]:
    return frozenset(lexicon.lines("visit-verbs.txt"))


def _weak_name_ends(text: str, end: int, *, three: bool) -> bool:
    """A name with a weak surname (来, 都 …) ends at `end`: as _strongly_bounded, and for two
    characters a verb that is not one of visiting (都瑞出席, but not 来黔视察)."""
    verb = text[end:end + 2]
    return _strongly_bounded(text, end, three=True) and (three or verb not in _visit_verbs())


def _strongly_bounded(text: str, end: int, *, three: bool) -> bool:
    """A name ends at `end`: punctuation, 等, 一行 or 同志 follows, or (for three characters) a verb."""
    return end >= len(text) or text.startswith(_STRONG_AFTER, end) or (three and text[end:end + 2] in _verbs())


def _dotted_at(text: str, start: int) -> str | None:
    """阿不都热合曼·买买提 in 阿不都热合曼·买买提表示: the part after the dot ends before a function word or verb."""
    m = _DOTTED.match(text, start)
    if not m or posts_.starts_title(text, start):
        return None
    dot = next(i for i in range(start, m.end()) if text[i] in "·・•‧．")
    end = dot + 1
    while end < m.end() and text[end] not in _STOP_AFTER and text[end:end + 2] not in _verbs():
        end += 1
    return text[start:end] if end - dot > 2 else None


@cache
def _transliteration_chars() -> frozenset[str]:
    return frozenset("".join(lexicon.lines("transliteration-chars.txt")))


def _transliterated_at(text: str, start: int) -> str | None:
    """次仁卓嘎 in 副主席次仁卓嘎表示: up to six name characters, then a clear boundary or a verb
    (two characters only before punctuation: 副县长达瓦、…)."""
    chars = _transliteration_chars()
    end = start
    while end < len(text) and end - start < 6 and text[end] in chars:
        end += 1
    for stop in range(end, start + 1, -1):
        cand = text[start:stop]
        bounded = _strongly_bounded(text, stop, three=True) if len(cand) > 2 else text[stop:stop + 1] in _PUNCT
        if (bounded and cand not in gazetteer.names()
                and cand[:2] not in _not_names() and not posts_.starts_title(text, start)):
            return cand
    return None


def _first_name_at(text: str, start: int) -> str | None:
    """The name right after a title: a Han name, or a transliterated one where that ends more clearly."""
    name = name_at(text, start)
    if name is not None and _strongly_bounded(text, start + len(name), three=True):
        return name
    return _transliterated_at(text, start) or name


def names_after(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """The name at `start` and the names listed after it with 、 or 以及 (副区长王某、李某以及张某)."""
    out: list[tuple[int, str]] = []
    i = start + 1 if text[start:start + 1] in (" ", "\u3000") else start  # 市委书记 王某
    note = _title_note().match(text, i)
    if note:  # 副主任（主持工作）王某: a note on the post before the name
        i = note.end()
    while i < end:
        name = _first_name_at(text, i) if not out else _listed_name(text, i)
        if name is None:
            break
        out.append((i, name))
        i += len(name)
        sep = next((len(w) for w in ("、", "以及") if text.startswith(w, i)), 0)
        if not sep or posts_.starts_title(text, i + sep):
            break
        i += sep
    return out


def names_before(text: str, end: int, lo: int) -> list[tuple[int, str]]:
    """Names listed before `end` (王某、李某以及张某等市领导): separated by 、, 和, 及, 以及."""
    out: list[tuple[int, str]] = []
    while end > lo:
        found = None
        for size in (3, 2, 4, 5, 6, 7, 8, 9):
            a = end - size
            if a < lo:
                break
            cand = text[a:end]
            sep = _list_separator(text, a, lo)
            if sep is not None and _listed_name(text, a) == cand:
                found = (a, cand, sep)
                break
        if found is None:
            last = _name_before(text, end)
            if last is None and 2 <= end - lo <= 3:  # the list opens the sentence: 王某、李某等市领导
                last = (lo, text[lo:end])
            if last and last[0] >= lo and name_at(text, last[0]) == last[1]:
                out.append(last)
            break
        a, cand, sep = found
        out.append((a, cand))
        if sep == 0:
            break
        end = a - sep
    return out[::-1]


def _listed_name(text: str, start: int) -> str | None:
    """A name inside a list (after 、, before 、/等/punctuation): a known surname is not needed
    (仝某某), but the name must be two or three characters and not a word, place or title."""
    name = name_at(text, start)
    if name is not None:
        return name if _strongly_bounded(text, start + len(name), three=True) else None
    for size in (3, 2):
        cand = text[start:start + size]
        if (len(cand) == size and all("\u4e00" <= c <= "\u9fff" for c in cand)
                and _strongly_bounded(text, start + size, three=size == 3) and not posts_.starts_title(text, start)
                and cand not in gazetteer.names() and cand[:2] not in _not_names()
                and not any(cand.endswith(b) for b in posts_.bodies()) and not _STOP_AFTER & set(cand)
                and not _not_given(cand[1:])):
            return cand
    return None


def _list_separator(text: str, a: int, lo: int) -> int | None:
    """Length of the list separator before `a` (、 1, 以及 2), 0 at a boundary, None otherwise."""
    if a == lo or text[a - 1] in "，,；;：:。（(“":
        return 0
    if text[a - 2:a] == "以及":
        return 2
    if text[a - 1] in "、和及与":
        return 1
    return None


def _name_before(text: str, end: int) -> tuple[int, str] | None:
    """A name that ends at `end` (习近平 in 习近平总书记)."""
    single, _ = surnames()
    for size in (3, 2):
        start = end - size
        cand = text[start:end]
        if start >= 0 and cand[0] in single and all("\u4e00" <= c <= "\u9fff" for c in cand):
            if size == 3 or start == 0 or text[start - 1] in _BEFORE_NAME:
                return start, cand
    return None


def _post(doc: Document, title: posts_.Title, scope: Scope, index: int) -> PostMention:
    """A PostMention for a title; its organisation is a place's body when the title says which."""
    row = title.row
    span = doc.span(title.start, title.end)
    label = span.text
    joined = len(title.prefix)
    if title.prefix and label[joined:joined + 1] == "的":  # 县财政局的副局长 → 县财政局副局长
        label = label[:joined] + label[joined + 1:]
    if not title.whole:
        return PostMention(span, label, row["slug"], row["role_label"], _level_body(doc, title, scope, index))
    place = _place_named(title.prefix, row["title"]) if title.prefix else None
    if title.prefix and place is None:  # 自治区政府副主席
        return PostMention(span, label, row["role"], row["role_label"], _level_body(doc, title, scope, index))
    org: OrgMention | None = None
    if row["body"] != "none" and (place is not None or not title.prefix):
        level = {"province": "省", "city": "市", "county": "县"}.get(_level(row))
        place = place or (orgs.place_for_level(level, scope, index) if level else None)
        if place is not None:
            kind = row["body"] if row["body"] in orgs.BODY_NAMES else "government"
            org = orgs.body(place, kind, span)
    return PostMention(span, label, row["role"], row["role_label"], org)


_LEVEL_BODY = re.compile(r"^(?P<lvl>自治区|[省市县区州盟旗])(?P<body>人民政府|政府|人大常委会|政协|纪委|扶贫办|委)$")
_LEVEL_OF = {"自治区": "省", "州": "市", "盟": "市", "旗": "县"}
_BODY_KIND = {"人民政府": "government", "政府": "government", "人大常委会": "congress", "政协": "cppcc",
              "纪委": "discipline", "扶贫办": "poverty-office", "委": "party"}


def _level_body(doc: Document, title: posts_.Title, scope: Scope, index: int) -> OrgMention | None:
    """市政协 in 市政协副秘书长: the city's CPPCC; 民盟湖北省委 in 民盟湖北省委主委: an organisation
    of its own (orgs.named); none for a bare role."""
    prefix = title.prefix
    m = _LEVEL_BODY.match(prefix)
    if not m:
        return orgs.named(prefix, doc.span(title.start, title.start + len(prefix))) if prefix else None
    place = orgs.place_for_level(_LEVEL_OF.get(m["lvl"], m["lvl"]), scope, index)
    return orgs.body(place, _BODY_KIND[m["body"]], doc.span(title.start, title.end)) if place else None


def _place_named(prefix: str, word: str) -> Place | None:
    """The place a title's prefix names: 赫章 (县委书记), 蓬江 + 区 (区委书记)."""
    found = gazetteer.names().get(prefix) or gazetteer.names().get(prefix + word[:1])
    return found[0][0] if found else None


def _level(row: dict[str, str]) -> str:
    """The place level of a post; a chain-only title (chain-province: 自治区党委常委、副主席)
    has the level it continues."""
    return row["level"].removeprefix("chain-")


def _jurisdiction(posts_: list[PostMention], home: Place | None, *, national: bool = False) -> str:
    """Whose official: the place of the first post's organisation, else the article's own place."""
    if national:
        return "cn"
    for p in posts_:
        if p.org is not None and p.org.place is not None:
            return p.org.place.key
    return home.key if home else "cn"


def _person(doc: Document, start: int, name: str, posts: list[PostMention], scope: Scope, index: int,
            national: bool) -> PersonMention:
    """A person named at `start`; with no place from a post, the county in scope or the city."""
    county = scope.county_in_section[index] if index < len(scope.county_in_section) else None
    return PersonMention(doc.span(start, start + len(name)), doc.text[start:start + len(name)],
                         _jurisdiction(posts, county or scope.city, national=national), tuple(posts))


def _official_chains(doc: Document, scope: Scope) -> list[PersonMention]:
    text = doc.simplified
    out: list[PersonMention] = []
    for index, s in enumerate(doc.sentences):
        named_at: dict[int, list[posts_.Title]] = {}  # where a titled name ends → its titles
        for m in posts_.anchor_pattern().finditer(text, s.start, s.end):
            chain = posts_.chain_before(text, m.end(), s.start)
            if not chain:
                chain = _same_body(text, m, named_at)
            opener = next((o for o in _LIST_OPENERS if text.startswith(o, m.end())), "")
            listed = bool(chain) and bool(opener) and _collective(chain)  # 县领导包括王某: 包括 is no name
            people = names_after(text, m.end(), s.end) if chain and not listed else []
            if listed:
                people = [(a, n) for a, n in names_after(text, m.end() + len(opener), s.end)  # 县领导有王某、李某
                          if _strongly_bounded(text, a + len(n), three=True)]
            if chain and not people:  # 王某担任驻村第一书记; 王某（县委书记）
                people = (_name_before_appointment(text, chain[0].start, s.start)
                          or _name_before_bracket(text, chain[0].start, m.end(), s.start)
                          or _name_before_copula(text, chain[0].start, m.end(), s.start))
            if people:
                mentions = [_post(doc, t, scope, index) for t in chain]
                national = any(t.whole and t.row["level"] == "national" for t in chain)
                out += [_person(doc, a, name, mentions, scope, index, national) for a, name in people]
                named_at.update((a + len(name), chain) for a, name in people)
            counted = _COUNTED_TITLE.search(text, max(s.start, m.start() - 4), m.start())
            before = counted.start() if counted else m.start() - 1
            if (counted or text[m.start() - 1:m.start()] == "等") and m.group(0) in posts_.titles():
                title = posts_.Title(m.start(), m.end(), posts_.titles()[m.group(0)], True)
                post = _post(doc, title, scope, index)  # 王某、李某等市领导; 张某、李某两位副县长
                probe = text[:before] + "等" + text[before + 1:]  # 两位 bounds the last name as 等 does
                out += [_person(doc, a, name, [post], scope, index, False)
                        for a, name in names_before(probe, before, s.start)]
        out += _names_before_national(doc, s, index, scope)
        out += _names_before_titles(doc, s, index, scope)
    return out




def _same_body(text: str, m: re.Match, named_at: dict[int, list[posts_.Title]]) -> list[posts_.Title]:
    """A role word with no organisation right after a titled name and 、 (青基会秘书长李某、副秘书长张某):
    a post in the same organisation."""
    before = named_at.get(m.start() - 1)
    role = posts_.roles().get(m.group(0))
    if before is None or role is None or text[m.start() - 1] != "、" or not before[-1].prefix or before[-1].whole:
        return []
    return [posts_.Title(m.start(), m.end(), role, False, before[-1].prefix)]


@cache
def _title_note() -> re.Pattern:
    """A note in parentheses between a title and a name (post-notes.txt)."""
    words = "|".join(re.escape(w) for w in sorted(lexicon.lines("post-notes.txt"), key=len, reverse=True))
    return re.compile(rf"[(（](?:{words})[)）]")


_APPOINTED = ("担任", "兼任", "出任", "任")
_COUNTED_TITLE = re.compile(r"(?:等)?[两二三四五六七八九十]位$")  # 张某、李某两位副县长
_LIST_OPENERS = ("还有", "包括", "分别是", "有", "：", ":")  # longest first


def _collective(chain: list[posts_.Title]) -> bool:
    """A collective title with no organisation (市领导, 县领导), which may open a list of names."""
    return len(chain) == 1 and chain[0].whole and chain[0].row.get("body") == "none"


def _name_before_appointment(text: str, start: int, lo: int) -> list[tuple[int, str]]:
    """The name before 担任/任 and a title (王某担任驻村第一书记): [(start, name)] or []."""
    verb = next((v for v in _APPOINTED if text.startswith(v, start - len(v))), None)
    if verb is None:
        return []
    end = start - len(verb)
    end -= len(next((w for w in _ADDRESS_WORDS if text.startswith(w, end - len(w))), ""))  # 王某同志任
    found = _name_before(text, end)
    if found and found[0] >= lo and name_at(text, found[0]) == found[1]:
        return [found]
    return []


_ADDRESS_WORDS = ("同志",)
_CLAUSE_END = frozenset("，,。；;！!")


def _name_before_copula(text: str, start: int, end: int, lo: int) -> list[tuple[int, str]]:
    """A name before 是 or a comma and a title that ends its clause: 王某是石门村党支部书记，…;
    王某，石门村党支部书记，… (the name opens its clause)."""
    if text[end:end + 1] not in _CLAUSE_END:
        return []
    i = start
    while i > lo and start - i < 10 and text[i - 1] not in "是，,、；;。：:（()）的":
        i -= 1  # back over a place the gazetteer does not know (石门村|党支部书记)
    link = text[i - 1:i]
    if link not in ("是", "，", ","):
        return []
    found = _name_before(text, i - 1)
    if not found or found[0] < lo or name_at(text[:i - 1], found[0]) != found[1]:
        return []
    a = found[0]
    if link != "是" and not (a == lo or text[a - 1] in "，,。；;：:"):
        return []
    return [found]


@cache
def _leaders() -> frozenset[str]:
    return frozenset(lexicon.lines("national-leaders.txt"))


def _leader_bounded(text: str, start: int, name: str, *, lo: int) -> bool:
    """习近平 in 学习习近平总书记 (a listed leader), or any name with a boundary before it."""
    return name in _leaders() or start == lo or text[start - 1] in _BEFORE_NAME


def _name_before_bracket(text: str, start: int, end: int, lo: int) -> list[tuple[int, str]]:
    """The name before a title in brackets (王某（县委书记）、李某（县长）): [(start, name)] or []."""
    if text[start - 1:start] not in ("（", "(") or text[end:end + 1] not in ("）", ")"):
        return []
    found = _name_before(text, start - 1)
    if found and found[0] >= lo and name_at(text, found[0]) == found[1]:
        return [found]
    return []


def _names_before_national(doc: Document, s, index: int, scope: Scope) -> list[PersonMention]:
    """习近平总书记: a name before a national title (not 国务院 before 副总理: part of a longer title)."""
    text = doc.simplified
    out: list[PersonMention] = []
    for title in (t for t, row in posts_.titles().items() if row["level"] == "national"):
        for m in re.finditer(title, text[s.start:s.end]):
            end = s.start + m.start()
            if len(posts_.word_ending_at(text, end + len(title), s.start) or "") > len(title):
                continue
            found = _name_before(text, end)
            if found and found[0] >= s.start and _leader_bounded(text, *found, lo=s.start):
                a, name = found
                post = _post(doc, posts_.Title(end, end + len(title), posts_.titles()[title], True), scope, index)
                out.append(PersonMention(doc.span(a, end), doc.text[a:end], "cn", (post,)))
    return out


@cache
def _titles_after_name() -> re.Pattern:
    words = sorted(lexicon.lines("name-titles-after.txt"), key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words))


# What follows a title that follows a name (王明副县长指出, 李华书记在会上): punctuation,
# a verb, or one of these.
_AFTER_ADDRESS = ("在", "对", "向", "就", "为", "的", "一行", "等", "同志", "和", "与", "也", "还", "要", "亲自", "带领", "率")
_PLACE_END = frozenset("省市县区乡镇村州旗盟社")


def _names_before_titles(doc: Document, s, index: int, scope: Scope) -> list[PersonMention]:
    """王明副县长指出, 县扶贫办的李华主任介绍: a name before a title of address
    (name-titles-after.txt), with a boundary before the name and a verb or punctuation after
    the title."""
    text = doc.simplified
    out: list[PersonMention] = []
    for m in _titles_after_name().finditer(text, s.start, s.end):
        end, after = m.start(), m.end()
        if len(posts_.word_ending_at(text, after, s.start) or "") > len(m.group()):
            continue  # 村党支部书记: a longer title
        follows = text[after:after + 2]
        if not (after >= s.end or text[after] in _PUNCT or follows in _verbs()
                or text.startswith(_AFTER_ADDRESS, after)):
            continue
        found = _name_before(text, end)
        if not found or found[0] < s.start:
            continue
        a, name = found
        after_verb = text[a - 1:a] == "了" and text[max(s.start, a - 3):a - 1] in _verbs()  # 传达了李华书记的讲话
        if (name_at(text[:end], a) != name or not (a == s.start or text[a - 1] in _BEFORE_NAME or after_verb)
                or name in gazetteer.names() or name[-1] in _PLACE_END
                or any(name.endswith(b) for b in posts_.bodies()) or posts_.word_ending_at(text, a, s.start)):
            continue
        word = m.group()
        row = posts_.titles().get(word)
        title = posts_.Title(end, after, row, True) if row else posts_.Title(end, after, posts_.roles()[word], False)
        out.append(_person(doc, a, name, [_post(doc, title, scope, index)], scope, index, False))
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
