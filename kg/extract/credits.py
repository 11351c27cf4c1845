"""Credits: who reported, wrote, edited or photographed an article.

Role words come from `credits.tsv` (with where the names stand: before or after the word),
tokens that follow a role word but are nobody from `credit-nonnames.tsv`.

- Fields of a header or footer line: 作者:戴勤 蒋剑平, 2015-12-08 | 作者:王靖 | 来源:新华社,
  来源:新华社 作者:孙哲、孙少雄 责任编辑:张艺苎, 组稿、摄影:郑晓军 刘静, 【编辑】若水.
- Bylines in parentheses: (记者 张华 通讯员 李梅), (文/王五 赵六), (运城日报记者 李娜 摄),
  the lead of a report: 本报11月4日讯(记者 张三), 新华社南昌12月20日电(记者郭强).
  One that holds a role word counts wherever it stands; a bare one, (李朝文), only where it
  closes a paragraph after its last sentence or stands on a line of its own.
- Bylines without parentheses: after a lead (本报讯 记者张三 通讯员李四报道 …), closing a
  paragraph or photo caption (…竹编。 本报记者 汤文杰 摄), or a line of their own
  (■本报记者 钟雨桐); bare names only on a line after the last paragraph.
A name with no role word before or after it is the author; a name after a role the graph
does not list (审核, 校对, 监制: role "other" in credits.tsv) is nobody's credit. A role word before a name lifts
the need for a surname (编辑: 若水), except a one-character field key (图:新村新貌).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from kg.extract.people import surnames
from kg.model.records import Block, Document, PersonMention, Place
from kg.resources import gazetteer, lexicon

# Tokens of a byline: separators (丨, the bar of WeChat bylines: 作者丨张三), field marks and the
# ornaments some outlets set before a byline.
_TOKEN = re.compile(r"[^\s\u3000。！？!?、，,；;|｜丨/:：()（）【】\[\]■□●○◆◇▲△★☆◎※]+")
_PAREN = re.compile(r"[(（](?P<body>[^()（）\n]{2,60})[)）]")
_SENTENCE_END = re.compile(r"(?:^|[。！？!?；;][”」’\"]?)\s*$")
_PROSE = re.compile(r"[。！？!?]")
# The lead of a report: 本报讯, 新华社北京1月1日电, 人民网长沙3月1日电 (then a byline, maybe).
_LEAD = re.compile(r"^[^\s，,。：:（(]{0,24}?[讯电](?=\s)")
_NAME_CHAR = re.compile(r"[\u4e00-\u9fff]")
_PAD = re.compile(r"[ \u3000]{1,3}")
_NO_ROLE = "-"
_OTHER = "other"  # a role the graph does not list (审核, 校对): its names are nobody's credit


@dataclass(frozen=True)
class _Tok:
    start: int
    end: int
    word: str  # the token without the spaces of a padded name (王 靖 → 王靖)


@dataclass
class _Credit:
    start: int  # offset of the name in the document
    end: int
    name: str  # simplified
    roles: list[str] = field(default_factory=list)

    def add(self, *roles: str) -> None:
        for role in roles:
            if role != _NO_ROLE and role not in self.roles:
                self.roles.append(role)


def _tokens(text: str, pos: int = 0) -> list[_Tok]:
    """The tokens of a byline; a two-character name padded to the width of three (王　靖) is one."""
    single, _ = surnames()
    out: list[_Tok] = []
    for m in _TOKEN.finditer(text, pos):
        prev = out[-1] if out else None
        if (prev and len(prev.word) == 1 and prev.word in single and len(m.group()) == 1
                and m.group() not in roles() and _PAD.fullmatch(text, prev.end, m.start())):
            out[-1] = _Tok(prev.start, m.end(), prev.word + m.group())
        else:
            out.append(_Tok(m.start(), m.end(), m.group()))
    return out


@cache
def roles() -> dict[str, tuple[tuple[str, ...], str]]:
    """Role word → (its credits, position: before | after | both)."""
    return {r["word"]: (tuple(r["role"].split("+")), r["position"]) for r in lexicon.rows("credits.tsv")}


@cache
def _nonnames() -> tuple[frozenset[str], tuple[str, ...], tuple[str, ...]]:
    """Non-name words, endings of places and bodies, endings of outlets and offices."""
    rows = lexicon.rows("credit-nonnames.tsv")
    return (frozenset(r["text"] for r in rows if r["match"] == "word"),
            tuple(r["text"] for r in rows if r["match"] in ("ending", "outlet")),
            tuple(r["text"] for r in rows if r["match"] == "outlet"))


def _outlet(token: str) -> bool:
    """An outlet or office before the names of a byline: 南阳日报, 县融媒体中心."""
    return 2 <= len(token) <= 16 and token.endswith(_nonnames()[2]) and bool(_NAME_CHAR.match(token[0]))


@cache
def _before_words() -> tuple[str, ...]:
    """Words that name the role of the names after them, longest first."""
    return tuple(sorted((w for w, (_, pos) in roles().items() if pos != "after"), key=len, reverse=True))


@cache
def _field_key() -> re.Pattern:
    words = "|".join(re.escape(w) for w in _before_words())
    return re.compile(rf"(?:^|(?<=[\s|｜【\[■●◆▲★◎]))(?P<key>(?:{words})(?:[、/](?:{words}))*)\s*(?:[:：]|[】\]])\s*")


def _is_name(token: str, *, labeled: bool) -> bool:
    """A person's name: two to four Chinese characters (a longer one with ·), not a known
    non-name nor ending like a place or a body; without a role word before it, it must
    start with a surname and not be a place of the gazetteer (张家口)."""
    words, endings, _ = _nonnames()
    plain = token.replace("·", "")
    if token in words or token in roles() or not (2 <= len(plain) <= (12 if "·" in token else 4)):
        return False
    if not all(_NAME_CHAR.match(c) for c in plain) or token.endswith(endings):
        return False
    if labeled:
        return True
    single, double = surnames()
    return (token[0] in single or token[:2] in double) and len(plain) <= 4 and token not in gazetteer.names()


def _glued(token: str) -> tuple[tuple[str, ...], str] | None:
    """(role, name) for a token that carries a role word of two or more characters before
    its name (记者郭强) or an outlet before the role (湖北日报全媒记者, name empty). Right
    after the role word a name needs no surname and may be a place's name too (记者罗江,
    记者格桑边觉); after an outlet and a role (湖北日报全媒记者魏铼) it starts with a surname."""
    for word in _before_words():
        if len(word) < 2:
            continue
        at = token.find(word)
        rest = token[at + len(word):] if at >= 0 else ""
        if 0 <= at <= 12 and (not rest or _is_name(rest, labeled=False) or _glued_name(rest, first=at == 0)):
            return roles()[word][0], rest
    return None


def _glued_name(rest: str, *, first: bool) -> bool:
    """A name glued after a role word: a labelled name; after an outlet, one that starts with a surname."""
    single, double = surnames()
    return _is_name(rest, labeled=True) and (first or rest[0] in single or rest[:2] in double)


def _unglue(tokens: list[_Tok]) -> list[_Tok]:
    """Split a byline written without spaces at each role word inside it (记者谢荣通讯员茆月红 →
    记者谢荣, 通讯员茆月红), where what stands before the role word is a glued credit."""
    out: list[_Tok] = []
    for t in tokens:
        cut = next((i for i in range(2, len(t.word) - 2)
                    for w in _before_words() if len(w) >= 2 and t.word.startswith(w, i)
                    and _glued(t.word[:i]) and _glued(t.word[:i])[1] and _glued(t.word[i:])), None)
        if cut is None:
            out.append(t)
        else:
            out += [_Tok(t.start, t.start + cut, t.word[:cut])] + _unglue([_Tok(t.start + cut, t.end, t.word[cut:])])
    return out


def _parse(text: str, base: int) -> list[_Credit] | None:
    """The credited names of a byline's text (its offsets from `base`), or None when any
    token is neither a role word nor a name."""
    tokens = _unglue(_tokens(text))
    found: list[_Credit] = []
    current: list[str] = []
    labeled = False  # a role word of two characters, or 文/, lifts the need for a surname
    for i, t in enumerate(tokens):
        slash = i > 0 and "/" in text[tokens[i - 1].end:t.start]
        if t.word in roles():
            given, pos = roles()[t.word]
            after_name = bool(found) and found[-1].start == base + tokens[i - 1].start
            if pos == "after" or (pos == "both" and after_name and (slash or i == len(tokens) - 1)):
                for c in (found[-1:] if slash else found):  # 张三/文 for one name, 摄 for all
                    c.add(*given)
            elif i > 0 and roles().get(tokens[i - 1].word, ((), "after"))[1] != "after":
                current = current + list(given)  # 文/图 张三, 组稿 摄影 张三
            else:
                current = list(given)
            labeled = len(t.word) > 1 or text[t.end:t.end + 1] == "/"
            continue
        word, closing = _split_closing(t.word, labeled=labeled)
        head = len(word)  # the token without its closing word
        glued = _glued(word)
        if glued is not None:
            current = list(glued[0])
            word, labeled = glued[1], True
            if not word:
                continue
        elif _outlet(word) and not closing:
            continue
        elif not _is_name(word, labeled=labeled) or text[t.end:t.end + 1] in (":", "："):
            return None  # not a name, or a field's key (来源:南阳日报)
        end = base + t.end - (len(t.word) - head)
        found.append(_credit(end - len(word) if glued else base + t.start, end, word, current))
        found[-1].add(*closing)
    for c in found:
        if not c.roles:
            c.add("author")
    return found or None


def _split_closing(token: str, *, labeled: bool) -> tuple[str, tuple[str, ...]]:
    """A token with a closing word glued after its name (张三摄, 通讯员李四报道): the rest
    and the closing word's credits."""
    for word, (given, pos) in roles().items():
        rest = token[:-len(word)]
        if pos == "after" and token.endswith(word) and rest and (_glued(rest) or _is_name(rest, labeled=labeled)):
            return rest, given
    return token, ()


def _credit(start: int, end: int, name: str, current: list[str]) -> _Credit:
    c = _Credit(start, end, name)
    c.add(*current)
    return c


def _has_role(text: str) -> bool:
    return any(t.word in roles() or _glued(t.word) for t in _unglue(_tokens(text)))


def _fields(doc: Document, b: Block) -> list[_Credit]:
    """作者:A B | 责任编辑:C — the names after each role key of a line."""
    text = doc.simplified[b.start:b.end]
    out: list[_Credit] = []
    for m in _field_key().finditer(text):
        keys = [role for k in re.split(r"[、/]", m["key"]) for role in roles()[k][0]]
        labeled = len(m["key"]) > 1  # 图:新村新貌 is a caption, not a photographer
        end = m.end()
        for t in _tokens(text, m.end()):
            if re.search(r"[|｜]", text[end:t.start]) or text[t.end:t.end + 1] in (":", "："):
                break  # the next field
            word, closing = _split_closing(t.word, labeled=labeled)
            if not _is_name(word, labeled=labeled):
                if _outlet(word) and end == m.end():
                    continue  # 文/图:县融媒体中心 张三
                break
            out.append(_credit(b.start + t.start, b.start + t.end - (len(t.word) - len(word)), word, keys))
            out[-1].add(*closing)
            end = t.end
            if closing:
                break  # 张三等, 李四摄: the last name of the field
    return out


def _parentheses(doc: Document, b: Block) -> list[_Credit]:
    text = doc.simplified[b.start:b.end]
    out: list[_Credit] = []
    for m in _PAREN.finditer(text):
        found = _parse(m["body"], b.start + m.start("body"))
        if not found:
            continue
        closes = not text[m.end():].strip() and _SENTENCE_END.search(text[:m.start()])
        if closes or _has_role(m["body"]):
            out += found
    return out


def _lines(doc: Document, b: Block, *, last: bool) -> list[_Credit]:
    """A line that is only a byline; bare names only after the last paragraph."""
    text = doc.simplified[b.start:b.end]
    if _PROSE.search(text) or len(text) > 40 or _PAREN.search(text):
        return []
    found = _parse(text, b.start)
    return found if found and (last or _has_role(text)) else []


def _tail(doc: Document, b: Block) -> list[_Credit]:
    """A byline closing a paragraph or a photo caption: …采摘苹果。 本报记者 张三 摄."""
    text = doc.simplified[b.start:b.end]
    tokens = _tokens(text)
    if not tokens or not _closing(tokens[-1].word, credited=True) or text[tokens[-1].end:].strip(")）】] "):
        return []
    k = len(tokens) - 1
    while (k > 0 and len(tokens) - k < 8 and text[tokens[k - 1].end:tokens[k - 1].end + 1] in (" ", "\u3000")
           and _byline_token(tokens[k - 1].word)):
        k -= 1  # back over the names and role words before it, each followed by a space
    return _parse(text[tokens[k].start:], b.start + tokens[k].start) or []


def _lead(doc: Document, b: Block) -> list[_Credit]:
    """A byline opening a report, without parentheses: 本报讯 记者张三 通讯员李四报道 …, or
    本报记者 张三 通讯员 李四 … at the start of the paragraph."""
    text = doc.simplified[b.start:b.end]
    m = _LEAD.match(text)
    first = _TOKEN.match(text, len(text) - len(text.lstrip()))
    if not m and not (first and (first.group() in roles() or _glued(first.group()))):
        return []  # neither 本报讯 … nor a role word (本报记者 张三 …) opens the paragraph
    tokens = []
    for t in _tokens(text, m.end() if m else 0):
        spaced = text[t.end:t.end + 1] in (" ", "\u3000")  # 郁青 近日，: a byline's names stand apart
        if len(tokens) == 8 or not (_closing(t.word) or spaced and _byline_token(t.word)):
            break
        tokens.append(t)
    if not tokens or not any(_has_role(t.word) or _closing(t.word) for t in tokens):
        return []
    return _parse(text[tokens[0].start:tokens[-1].end], b.start + tokens[0].start) or []


def _closing(token: str, *, credited: bool = False) -> bool:
    """A token that ends a byline: 摄, 报道, or a name with 摄 glued to it; with `credited`,
    only a word that gives a credit (摄, not 报道)."""
    return any(pos == "after" and token.endswith(w) and not (credited and given == (_NO_ROLE,))
               for w, (given, pos) in roles().items())


def _byline_token(token: str) -> bool:
    return token in roles() or _glued(token) is not None or _is_name(token, labeled=False)


def find_credits(doc: Document, city: Place | None) -> list[PersonMention]:
    """Every credited person of the article, one mention per name as written."""
    last_paragraph = max((i for i, b in enumerate(doc.blocks) if b.kind == "paragraph"), default=-1)
    merged: dict[int, _Credit] = {}
    for i, b in enumerate(doc.blocks):
        if b.kind == "title":
            continue
        found = _parentheses(doc, b) or _tail(doc, b) or _lead(doc, b)
        if not _PROSE.search(b.text):
            found += _fields(doc, b) or _lines(doc, b, last=i > last_paragraph)
        for c in found:
            kept = merged.setdefault(c.start, _Credit(c.start, c.end, c.name))
            kept.add(*c.roles)
    jurisdiction = city.key if city else "cn"
    listed = [(c, tuple(r for r in c.roles if r != _OTHER)) for c in sorted(merged.values(), key=lambda c: c.start)]
    return [PersonMention(doc.span(c.start, c.end), _PAD.sub("", doc.text[c.start:c.end]), jurisdiction,
                          credits=given)
            for c, given in listed if given]
