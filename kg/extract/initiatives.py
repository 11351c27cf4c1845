"""Initiatives: named programmes, campaigns, mechanisms and measures.

Rules, all driven by lexicons under ontology/lexicons/:
1. named national measures (initiatives.tsv) and measure compounds (光伏扶贫, 安居扶贫:
   a measures.tsv keyword + 扶贫/帮扶, unless a noun follows: initiative-not-before.txt);
2. pairing programmes: two province abbreviations + 扶贫协作 (沪滇扶贫协作), 援疆扶贫,
   区内协作扶贫 (province-abbreviations.txt, pairings.tsv);
3. quoted names “…” that carry an initiative word (工程, 行动, 扶贫 …) or end with a
   quoted head (“…助学金”, “…贷”), a numeral slogan (五个一批), a formula (“1+8+10”),
   a '+' model (公司+村委会), that a head noun follows (“双组长”负责制), that a trigger
   verb precedes (深化“志智双扶”, 精准识别“回头看”, 围绕“访深贫、促整改、督攻坚”); a chain
   of quotes (“A”“B”等) is named as a whole; a quote followed by a longer name ending in
   工程/队伍/体系/行动/专项治理 gives that name (“三新”带头人培育工程, “两不愁三保障”突出问题清零行动);
4. unquoted names ending with a head noun (initiative-heads.tsv: 工程, 项目, 模式, 体系,
   基金, 奖 …), starting after a trigger verb or a boundary, cut after fragment words
   (initiative-fragments.txt: 这项, 按照, 一系列 …);
5. items of a list of measures (initiative-list-heads.txt: 易地搬迁安置、低保政策兜底);
6. photo captions "<place><measure>…" (永和县光伏照亮康庄路 → 光伏扶贫 in 永和县);
7. 抓…促… slogans;
8. named funds (兴边富民资金, 产业奖补资金: initiative-fund-*.txt), titles of implementing
   rules (《…扶贫实施细则》), quoted goals (“…”的目标), unquoted parallel goals after a goal
   verb (做到脱贫一个、验收一个、销号一个) and the items a numeral set counts (…、…、…三大战略).
A name inside a longer name found at the same place is dropped (健康扶贫 in
健康扶贫行动计划) unless quoted. Each is typed by the measure scheme (measures.tsv) and
placed where it is carried out.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache
from itertools import accumulate

from kg.extract.initiative_lexicon import (
    after_fragment, counters, goal_verbs, heads, measure_of, measures, named_kinds, not_before, products,
    quote_verbs, quoted_heads, stopped, triggers, verbal_terms,
)
from kg.extract.quantities import units
from kg.extract.scope import Scope
from kg.model.records import Document, InitiativeMention, Place, PlaceMention, Span
from kg.resources import lexicon
from kg.text.script import in_script

_WORDS = re.compile(r"扶贫|脱贫|帮扶|工程|行动|计划|活动|模式|机制|制度|措施|举措|菜单|会战|攻势|责任制|负责制")
_NUMERALS = "一二两三四五六七八九十百千万双"
_FOLLOW_HEAD = re.compile(r"(?:等)?(行动计划|活动|方式|模式|负责制|责任制|机制|制度|制|规划|行动)")
_FOLLOW_MEASURE = re.compile(r"扶贫|帮扶|脱贫")  # “输血式”扶贫: the quote names a way of aid
_FOLLOW_NAME = re.compile(r"([\u4e00-\u9fff]{1,12}?(?:工程|队伍|体系|专项行动|行动|专项治理))(?![计方])")
_FORMULA = re.compile(r"[0-9A-Za-z一二三四五六七八九十]+(?:[+＋][0-9A-Za-z一二三四五六七八九十]+)+")
_HANZI = re.compile(r"[\u4e00-\u9fff]")
_FOLLOW_MECHANISM = re.compile(r"[\u4e00-\u9fff]{0,10}?(?:模式|方式|机制|负责制|责任制)")
_FOLLOW_SET = re.compile(r"[一二三四五六七八九十]+大[\u4e00-\u9fff]{2}")
_HARD = frozenset(",，、。;；:：“”‘’（）()《》!！?？ \n")
_SOFT = frozenset("和及与的了在对把将从向")
_CLASSIFIERS = frozenset("场次轮批项个种些")  # after a fragment word (这, 那): 这场, 这些
_CAPTION_HEAD = re.compile(r"^[\u4e00-\u9fff]{2,8}?(?:扶贫|帮扶|搬迁|产业)")
_TOPIC = re.compile(r"(?:^|(?<=[,，;；。]))在(?P<name>[\u4e00-\u9fff]{2,8}?)上[,，]")
_ZHUA_CU = re.compile(r"抓[\u4e00-\u9fff]{1,5}促[\u4e00-\u9fff]{2,6}?(?=[、，,。；;等])")


def kind_of(name: str) -> str:
    bare = name.replace("“", "").replace("”", "")
    if bare in named_kinds():  # a named national measure: the kind its lexicon entry gives
        return named_kinds()[bare]
    for head, kind, _, _ in heads():
        if bare.endswith(head):
            return kind
    if bare.endswith("资金"):  # a named fund, like a 基金
        return "programme"
    if re.search(r"模式|方式|制$|机制|体系", bare):
        return "mechanism"
    return "measure"


def _ranges(text: str, pattern: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


def _lexicon_terms(text: str, start: int, end: int):
    """Named measures and measure compounds: (start, end)."""
    taken: list[tuple[int, int]] = []
    segment = text[start:end]
    for term in named_kinds():
        if term not in segment:  # most terms are absent: skip the regex
            continue
        for m in re.finditer(re.escape(term), segment):
            a, b = start + m.start(), start + m.end()
            if _qualifies_noun(text, term, b):
                continue
            if not any(x <= a < y or x < b <= y for x, y in taken) and not _inside_longer_quote(text, a, b):
                taken.append((a, b))
    for m in re.finditer(r"产业(?!园|链|基地|化|扶贫)", text[start:end]):  # 马铃薯产业, 当归产业: a product's industry
        b = start + m.end()
        product = next((p for p in products() if text.endswith(p, start, start + m.start())), None)
        if product is not None:
            a = start + m.start() - len(product)
            if not any(x <= a < y or x < b <= y for x, y in taken):
                taken.append((a, b))
    for m in re.finditer(r"扶贫|帮扶|脱贫", text[start:end]):  # 教育扶贫, 驻村帮扶, 就业脱贫
        b = start + m.end()
        precise = 2 if text.endswith("精准", start, start + m.start()) else 0  # 产业精准扶贫: 精准 between
        for keyword, _, compound in measures():
            a = start + m.start() - precise - len(keyword)
            if compound and a >= start and text[a:start + m.start() - precise] == keyword:
                if not any(x <= a < y for x, y in taken) and not text.startswith(not_before(), b):
                    taken.append((a, b))
                break
    return taken


def _qualifies_noun(text: str, term: str, b: int) -> bool:
    """A named measure that only qualifies the noun after it: 第三方评估机构, 扶贫协作资金
    (initiative-not-before.txt), or a verb-phrase term before 的 (需要整村搬迁的村庄:
    initiative-verbal-terms.txt)."""
    return text.startswith(not_before(), b) or (term in verbal_terms() and text.startswith("的", b))


def _inside_longer_quote(text: str, a: int, b: int) -> bool:
    """[a, b) is part of a quoted phrase that holds more (一村一品 in “一村一品一主体”): that
    phrase is the name; not in a quoted list."""
    opened = text.rfind("“", max(0, a - 30), a + 1)
    if opened < 0 or "”" in text[opened:a]:
        return False
    closed = text.find("”", b, b + 30)
    return (closed >= 0 and "“" not in text[b:closed] and (opened + 1, closed) != (a, b)
            and not re.search(r"[、,，;；]", text[opened:closed]))  # “购买式造林、购买式管护”: a list of names


def quoted_name(text: str, a: int, b: int, start: int = 0) -> tuple[int, int] | None:
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
    if follows and not _FOLLOW_HEAD.match(text, b) and not re.search(r"[,，、。]", follows.group(1)) \
            and not re.match(r"这|该|等|的|和|与|及|在|为", follows.group(1)):  # “千企帮千村”这一…行动: an apposition
        return a, follows.end()
    if _FORMULA.fullmatch(inner):  # “1+8+10”, “3+X”: a formula names a policy model
        return a + 1, b - 1
    if stopped(inner) or re.search(r"[0-9%％]", re.sub(r"[0-9A-Za-z]+\+|\+[0-9A-Za-z]+", "", inner)):
        return None
    if _frame_head().match(text, after) and len(inner) <= 30 and not re.search(r"[。！？!?]", inner):
        return a + 1, b - 1  # 按照“能人带大户、大户带散户”的思路: a slogan
    if _parallel(inner) and (_verb_before(text, a, start) == a or _FOLLOW_HEAD.match(text, after)):
        return a + 1, b - 1  # 围绕“访深贫、促整改、督攻坚”: a campaign; 确保“搬得出、稳得住、能致富”: goals
    if (_parallel(inner) or _long_parallel(inner)) and text.endswith(goal_verbs(), start, a):
        return a + 1, b - 1  # 确保“帮扶责任压实到人、精准施策落实到户”, 要“扶上马、送一程”: a work standard
    if _numeral_parallel(inner):  # “四年集中攻坚,一年巩固提升”: a plan in numbered stages
        return a + 1, b - 1
    if _patterned(inner) and not text.startswith("“", b):  # “A、B、C”“三色品牌”: the next quote names it
        return a + 1, b - 1
    if re.search(r"[、,，;；。！？!?的]", inner):  # a list, a sentence or a description, not a name
        return None
    numerals = sum(c in _NUMERALS for c in inner)
    numeral_slogan = inner[0] in _NUMERALS and (
        len(inner) <= 4 or numerals >= 2 and len(inner) <= 8 or numerals >= 3 and len(inner) <= 12
        or len(inner) <= 8 and inner[1] in counters())  # 两个有效集中, 十个全覆盖
    if (_WORDS.search(inner) and not re.search(r"会$|会议$|基地$", inner)) or numeral_slogan \
            or "+" in inner or _FOLLOW_HEAD.match(text, after) or _FOLLOW_MECHANISM.match(text, after) \
            or _FOLLOW_MEASURE.match(text, after) \
            or inner.endswith(quoted_heads()) or text.startswith(quoted_heads(), after):
        return a + 1, b - 1
    verb = _verb_before(text, a, start)
    if verb is not None and len(inner) <= 12:  # 深化“志智双扶”; 精准识别“回头看”: the words between belong to it
        return (verb, b) if verb < a else (a + 1, b - 1)
    return None


@cache
def _frames() -> tuple[str, str, str, str]:
    """(head words, verb words, heads of quotes too, heads closing a list) of
    initiative-frames.tsv as regex alternatives, longest first."""
    rows = lexicon.rows("initiative-frames.tsv")

    def words(*roles: str) -> str:
        return "|".join(sorted((re.escape(r["word"]) for r in rows if r["role"] in roles), key=len, reverse=True))
    return words("head"), words("verb"), words("head", "quoted-head"), words("list-head")


@cache
def _head_verbs() -> tuple[str, ...]:
    """Verbs that open a head-noun name but no quoted one (落实 …计划): initiative-frames.tsv."""
    return tuple(r["word"] for r in lexicon.rows("initiative-frames.tsv") if r["role"] == "head-verb")


@cache
def _frame_head() -> re.Pattern:
    """的思路, 的模式, 这一目标 … right after a quote."""
    return re.compile(rf"(?:的|这一|这个)(?:{_frames()[2]})")


@cache
def _frame_pattern() -> re.Pattern:
    """An unquoted slogan between a frame verb and 的 + a frame head: 走宜果则果、宜菌则菌的路子."""
    heads, verbs, _, _ = _frames()
    return re.compile(rf"(?:{verbs})(?P<name>[\u4e00-\u9fff]{{2,10}}(?:、[\u4e00-\u9fff]{{2,5}}){{0,3}})的(?:{heads})")


def _framed(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Unquoted slogans named by their frame (initiative-frames.tsv): four to ten characters
    (a list's later parts two to five each), none of them 的 or a fragment word."""
    out = []
    for m in _frame_pattern().finditer(text, start, end):
        name = m["name"]
        if len(name.replace("、", "")) >= 4 and "的" not in name and after_fragment(text, m.start("name"), m.end("name")) == m.start("name") \
                and not stopped(name):
            out.append((m.start("name"), m.end("name")))
    return out


@cache
def _closed_list_pattern() -> re.Pattern:
    """A list of two to six items of two to eight characters closed by 等 + a list head (等活动)."""
    item = r"[\u4e00-\u9fff]{2,8}"
    return re.compile(rf"(?P<items>{item}(?:、{item}){{1,5}})等(?:{_frames()[3]})")


def _closed_lists(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """开展送书进村、义诊下乡、技能培训等活动: each item, when a trigger verb opens the list
    (the first item starts right after it) and every item has four characters or more."""
    out: list[tuple[int, int]] = []
    for m in _closed_list_pattern().finditer(text, start, end):
        x = m.start("items")
        sep = text.find("、", x)
        ends = [text.rfind(v, x, sep) + len(v) for v in quote_verbs() if text.rfind(v, x, sep) >= 0]
        if not ends:
            continue
        first = max(ends)  # 组织开展|送书进村: after the last verb
        items = text[first:m.end("items")].split("、")
        if len(items) < 2 or any(len(i) < 4 for i in items):
            continue
        pos = first
        for it in items:
            out.append((pos, pos + len(it)))
            pos += len(it) + 1
    return out


@cache
def _level_pattern() -> re.Pattern:
    """五级联动, 三级联创: a numeral, 级 and a level-tail of initiative-frames.tsv."""
    tails = sorted((r["word"] for r in lexicon.rows("initiative-frames.tsv") if r["role"] == "level-tail"),
                   key=len, reverse=True)
    return re.compile(rf"(?<![第0-9{_NUMERALS}])[{_NUMERALS}]级(?:{'|'.join(map(re.escape, tails))})")


@cache
def _list_openers() -> tuple[str, ...]:
    return tuple(r["word"] for r in lexicon.rows("initiative-frames.tsv") if r["role"] == "list-opener")


def _opened_list(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """即：光伏扶贫，教育扶贫，…，村级道路提档升级，以及…: the items of a list an opener
    (initiative-frames.tsv) starts, when at least three and half of them are measures."""
    for opener in _list_openers():
        at = text.find(opener, start, end)
        if at < 0:
            continue
        items: list[tuple[int, int]] = []
        pos = at + len(opener)
        for part in re.finditer(r"[^,，、;；。]+", text[pos:end]):
            a, b = pos + part.start(), pos + part.end()
            if text.startswith("以及", a):
                a += 2
            joined = _CONNECTOR.search(text, a, b)
            if joined and _is_measure(text[a:joined.start()]) and _is_measure(text[joined.end():b]):
                items += [(a, joined.start()), (joined.end(), b)]  # 消费扶贫和电商扶贫: two items
            else:
                items.append((a, b))
        if len(items) >= 3 and 2 * sum(_is_measure(text[a:b]) for a, b in items) >= len(items):
            return [(a, b) for a, b in items if 4 <= b - a <= 12 and "的" not in text[a:b]
                    and all(_HANZI.match(c) for c in text[a:b])]
    return []


def _numeral_parallel(inner: str) -> bool:
    """Two to four parts of three to eight characters, each opening with a numeral."""
    parts = re.split(r"[,，、;；]", inner)
    return 2 <= len(parts) <= 4 and all(re.fullmatch(r"[\u4e00-\u9fff]{3,8}", p) and p[0] in _NUMERALS
                                        for p in parts)


def _patterned(inner: str) -> bool:
    """Three to six phrases of one length (three to eight characters) that repeat a character
    at the same place after the first, and differ after it (人往农村去、钱往农业投、心往农民想):
    a slogan, wherever it stands."""
    parts = re.split(r"[、,，]", inner)
    if not (3 <= len(parts) <= 6 and len({len(p) for p in parts}) == 1 and 3 <= len(parts[0]) <= 8
            and all(re.fullmatch(r"[\u4e00-\u9fff]+", p) for p in parts)):
        return False
    return any(len({p[i] for p in parts}) == 1 and len({p[i + 1:] for p in parts}) == len(parts)
               for i in range(1, len(parts[0]) - 1))  # not a shared tail: 红苹果、青苹果、黄苹果 are things


def _parallel(inner: str) -> bool:
    """Two to six phrases of two or three characters joined by 、 (访深贫、促整改、督攻坚);
    longer parts (购买式造林、购买式管护) are names of their own or a description."""
    parts = inner.split("、")
    return 2 <= len(parts) <= 6 and len({len(p) for p in parts}) == 1 and 2 <= len(parts[0]) <= 3 \
        and all(re.fullmatch(r"[\u4e00-\u9fff]+", p) for p in parts)


def _long_parallel(inner: str) -> bool:
    """Two to six phrases of one length, four to eight characters each, joined by 、 or ，
    (摸清底数、弄明情况、找准问题)."""
    parts = re.split(r"[、,，]", inner)
    return 2 <= len(parts) <= 6 and len({len(p) for p in parts}) == 1 and 4 <= len(parts[0]) <= 8 \
        and all(re.fullmatch(r"[\u4e00-\u9fff]+", p) and "是" not in p for p in parts)  # 搬迁是手段: a maxim


def _verb_before(text: str, a: int, start: int) -> int | None:
    """Where a name holding the quote at `a` starts when a trigger verb comes right before
    it, or at most six characters before it (精准识别“回头看”); None without a verb."""
    for k in range(0, 7):
        pos = a - k
        if pos < start or k and not _HANZI.match(text, pos):
            return None
        if any(text.endswith(v, start, pos) for v in quote_verbs()):
            return pos if after_fragment(text, pos, a) == pos else None
    return None


def _head_names(text: str, start: int, end: int, blocked: list[tuple[int, int]]):
    """Unquoted names ending with a head noun (initiative-heads.tsv)."""
    claimed: list[tuple[int, int]] = []  # heads inside a longer head (行动 in 行动计划) are skipped
    segment = text[start:end]
    for head, _, trigger, unless in heads():
        if trigger == "quoted" or head not in segment:  # “林下经济”: a head that names only inside quotes
            continue
        for m in re.finditer(re.escape(head), segment):
            b = start + m.end()
            if any(x <= b - 1 < y for x, y in blocked) or any(x <= b - len(head) and b <= y for x, y in claimed):
                continue
            claimed.append((b - len(head), b))
            chars, _, words = unless.partition("|")  # 室场|中心: characters, then whole words
            if text[b:b + 1] and text[b] in chars or words and text.startswith(tuple(words.split(",")), b) \
                    or _counted_after(text, b):
                continue  # 贷款, 站长; 养殖项目57个 counts projects, it names none
            found = _name_before(text, start, b, head, trigger)
            if found is not None and "等" in text[found:b]:
                yield from _items_before_deng(text, found, text.index("等", found))
            elif found is not None:
                yield found, b


def _items_before_deng(text: str, a: int, deng: int):
    """推进危房改造、饮水安全等多个扶贫项目: the items before 等 are the names, when each ends with
    a list head (initiative-list-heads.txt: 改造, 建设) or is a measure; the head names none."""
    heads = tuple(lexicon.lines("initiative-list-heads.txt"))
    pos = a
    for item in text[a:deng].split("、"):
        if len(item) >= 4 and (item.endswith(heads) or _is_measure(item)):
            yield pos, pos + len(item)
        pos += len(item) + 1


def _counted_after(text: str, b: int) -> bool:
    """A count right after `b` (57个, 3项): the words before it name what is counted."""
    m = re.match(r"[0-9]+(?:\.[0-9]+)?(?:万|多|余)?", text[b:b + 12])
    return bool(m and m.end()) and any(text.startswith(u, b + m.end()) for u, k in units().items() if k == "count")


def _name_before(text: str, start: int, b: int, head: str, trigger: str) -> int | None:
    """Where a name ending at `b` with `head` starts: after a trigger verb, a soft word
    (和, 的) or a hard boundary; None when the head's trigger rule is not met."""
    a, verb, soft_at = b - len(head), False, None
    while a > start and b - a < 22 and text[a - 1] not in _HARD and not text[a - 1].isdigit():
        if any(text.endswith(t, start, a) for t in triggers()) or any(text.endswith(t, start, a) for t in _head_verbs()):
            verb = True
            break
        if text[a - 1] in _SOFT and soft_at is None:
            soft_at = a
        a -= 1
    if soft_at is not None and not (verb and text[soft_at - 1] == "与" and soft_at - a >= 3):
        a = soft_at  # after a verb, 与 joins the words of one name (实施…保护与建设规划)
    if a > start and text[a - 1] == "”" or b - a > 18:
        return None
    counted = list(re.finditer(r"[0-9一二两三四五六七八九十百千]+[个项家座]", text[a:b]))
    if a > start and text[a - 1].isdigit() and text[a:a + 1] in ("个", "项"):
        counted = list(re.finditer(r"[个项]", text[a:a + 1]))  # 18|个…方案: the count's digits end the walk
    if counted and b - (a + counted[-1].end()) > len(head) + 1:
        return None  # 制订了18个行业部门帮扶工作方案: a kind of which there are 18, no name
    if counted:  # 电商扶贫四个专项行动 → 专项行动
        a += counted[-1].end()
    cut = after_fragment(text, a, b - len(head))
    if cut > a and text[cut] in _CLASSIFIERS:  # 这场|脱贫攻坚战: the demonstrative's measure word starts no name
        cut += 1
    a = cut
    if a > start and text[a - 1].isdigit() and text.startswith("年", a):
        a += 2 if text.startswith("年度", a) else 1  # 2021年|平川县…工作方案: the year is no part of the name
    counted_before = a > start and (text[a - 1].isdigit() or text[a - 1] in _NUMERALS)
    name = _strip_unit(text[a:b]) if counted_before else text[a:b]  # 18|个…方案, but 片长工作制 keeps 片
    a = b - len(name)
    if len(name) - len(head) < 2 or name[0] == "一" or re.search(rf"[{_NUMERALS}]大", name):
        return None
    if trigger == "verb" and not verb and not text.startswith(_after_verbs(), b):
        return None  # 投入保障体系已经建立健全: set up, as after a trigger verb
    return a


@cache
def _after_verbs() -> tuple[str, ...]:
    return tuple(lexicon.lines("initiative-after-verbs.txt"))


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
        if kind in ("paragraph", "caption", "heading"):
            spans = [(a, b) for a, b in _sentence_names(text, s.start, s.end, titles)
                     if not any(x <= a < y for x, y in titles)]
            found.extend((a, b, None, place) for a, b in spans)
            found.extend((a, b, None, place) for a, b in _rule_titles(text, s.start, s.end, titles))
    found = _canonical_combined(text, _longest_at_start(text, found))
    return tuple(_mention(doc, a, b, name, place) for a, b, name, place in sorted(found, key=lambda f: f[:2])
                 if not stopped(name or text[a:b]) and not _negated(text, a))


def _rule_titles(text: str, start: int, end: int, titles: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """《洪湖市产业扶贫实施细则》: a title of implementing rules for a measure (…细则 naming
    扶贫, 脱贫, 帮扶 or 攻坚, no 关于/通知 of a covering letter) names the policy. Plans and
    measures (…方案, …办法) stay documents only."""
    return [(x + 1, y - 1) for x, y in titles if start <= x < end and text[x + 1:y - 1].endswith("细则")
            and re.search(r"扶贫|脱贫|帮扶|攻坚", text[x + 1:y - 1]) and not re.search(r"关于|通知", text[x + 1:y - 1])]


def _negated(text: str, a: int) -> bool:
    """A negator (杜绝, 防止 …: initiative-negators.txt) at most eight characters before a
    name, with no clause break between: a practice to avoid (杜绝“数字脱贫”“被脱贫”)."""
    window = text[max(0, a - 8):a]
    window = window[max(window.rfind(c) for c in ",，;；。:：!！?？") + 1:]
    return any(w in window for w in lexicon.lines("initiative-negators.txt"))


def _sentence_names(text: str, start: int, end: int, titles: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) of every initiative name in one sentence, by each rule in turn."""
    quotes = [(start + q.start(), start + q.end()) for q in re.finditer(r"“[^“”]{1,60}”", text[start:end])]
    spans = _quoted_names(text, start, quotes)
    spans += _lexicon_terms(text, start, end)
    spans += _pairings(text, start, end)
    spans += list(_head_names(text, start, end, titles + quotes))
    spans += [(m.start("name"), m.end("name")) for m in _TOPIC.finditer(text, start, end)
              if measure_of(m["name"]) != "GeneralMeasure"]
    spans += [(m.start(), m.end()) for m in _ZHUA_CU.finditer(text, start, end)]
    spans += [(m.start("name"), m.end("name")) for m in _SENT_CADRES.finditer(text, start, end)]
    spans += _framed(text, start, end)
    closed = [(m.start("items"), m.end()) for m in _closed_list_pattern().finditer(text, start, end)]
    # 技能培训等活动, 座谈等活动: a list's last item with 等 and its head names nothing
    spans = [(a, b) for a, b in spans if not any(x <= a and b == y for x, y in closed)]
    spans += _closed_lists(text, start, end)
    spans += _opened_list(text, start, end)
    spans += [(m.start(), m.end()) for m in _level_pattern().finditer(text, start, end)]
    spans += [(m.start(), m.end()) for m in _slogan_pattern().finditer(text, start, end)]
    spans += _enumerated(text, start, end, spans)
    spans += _funds(text, start, end)
    spans += _unquoted_goals(text, start, end)
    spans += _counted_sets(text, start, end)
    return spans


_COUNTED_SET = re.compile(r"(?P<items>[\u4e00-\u9fff]{2,12}(?:、[\u4e00-\u9fff]{2,8}){1,8})(?P<n>[两二三四五六七八九十])大[\u4e00-\u9fff]{2}")


def _counted_sets(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """实施精准扶贫、基础扶贫、产业扶贫三大战略: the items of an unquoted list that a numeral
    set (三大战略, 四大工程) counts, when the count is right and the first item, after the verb
    that opens the list, is as long as the others at most."""
    out: list[tuple[int, int]] = []
    for m in _COUNTED_SET.finditer(text, start, end):
        x = m.start("items")
        items = m["items"].split("、")
        if len(items) != "_一二三四五六七八九十".index(m["n"].replace("两", "二")):
            continue
        first = items[0]
        cut = max([0] + [first.rfind(v) + len(v) for v in quote_verbs() if first.rfind(v) >= 0])
        first = first[cut:]
        if len(first) < 2 or len(first) > max(len(i) for i in items[1:]):
            continue
        pos = x + cut
        for it in [first] + items[1:]:
            out.append((pos, pos + len(it)))
            pos += len(it) + 1
    return out


@cache
def _unquoted_goal_pattern() -> re.Pattern:
    """A goal verb of two characters or more (做到, 确保) and three to six phrases joined by 、
    up to a clause break."""
    verbs = "|".join(re.escape(v) for v in goal_verbs() if len(v) >= 2)
    return re.compile(rf"(?:{verbs})(?P<name>[\u4e00-\u9fff]{{3,6}}(?:、[\u4e00-\u9fff]{{3,6}}){{2,5}})(?=[，,；;。！!]|$)")


def _unquoted_goals(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """做到脱贫一个、验收一个、销号一个: an unquoted slogan after a goal verb, when its phrases
    have one length and share a head or a tail of two characters or more, the rest differing."""
    out = []
    for m in _unquoted_goal_pattern().finditer(text[:end], start):
        parts = m["name"].split("、")
        n = len(parts[0])
        if any(len(p) != n for p in parts):
            continue
        for k in range(2, n - 1):
            heads, tails = {p[:k] for p in parts}, {p[-k:] for p in parts}
            if len(heads) == 1 and len({p[k:] for p in parts}) == len(parts) \
                    or len(tails) == 1 and len({p[:-k] for p in parts}) == len(parts):
                out.append((m.start("name"), m.end("name")))
                break
    return out


@cache
def _fund_generic() -> tuple[str, ...]:
    return tuple(sorted(lexicon.lines("initiative-fund-generic.txt"), key=len, reverse=True))


@cache
def _fund_after() -> tuple[str, ...]:
    return lexicon.lines("initiative-fund-after.txt")


@cache
def _fund_verbs() -> tuple[str, ...]:
    return lexicon.lines("initiative-fund-verbs.txt")


def _funds(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Named funds: a name ending with 资金 (兴边富民资金, 边民补助资金, 产业奖补资金) that
    holds two characters or more besides the words any fund has (initiative-fund-generic.txt:
    财政, 专项, 补助 …) and no 扶贫/帮扶/脱贫 (专项扶贫资金 is all aid money, no name)."""
    out = []
    for m in re.finditer("资金", text[start:end]):
        b = start + m.end()
        if text.startswith(_fund_after(), b):
            continue  # 资金使用, 资金管理: 资金 qualifies what follows
        a = _name_before(text, start, b, "资金", "any")
        if a is None or text[a - 1].isdigit() and not text.startswith("年", a - 1):
            continue  # 1.29亿元|援助资金: an amount, no name; 2016年|护边员补贴资金 is one
        a = max([a] + [text.rfind(v, a, b - 2) + len(v) for v in _fund_verbs() if text.rfind(v, a, b - 2) >= 0])
        if re.search(r"扶贫|帮扶|脱贫|[0-9]", text[a:b]):
            continue
        rest = text[a:b - 2]
        for word in _fund_generic():
            rest = rest.replace(word, "")
        if len(rest) >= 2:
            out.append((a, b))
    return out


# 选派1791名干部到贫困村担任第一书记, 选派的第一书记: the scheme of sending first secretaries.
_SENT_CADRES = re.compile(r"(?:选派|派驻)[^。，,；;：:“”]{0,20}?(?P<name>第一书记)(?!”)")


def _quoted_names(text: str, start: int, quotes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Names given in quotes; in a chain of quotes (“A”“B”“C”等载体) one name makes all names."""
    out: list[tuple[int, int]] = []
    chain: list[tuple[int, int]] = []
    chain_named = False
    for i, (a, b) in enumerate(quotes):
        named = quoted_name(text, a, b, start)
        if named:
            out.append(named)
            if named[0] == a and named[1] > b and _own_name(text[a + 1:b - 1]):
                out.append((a + 1, b - 1))  # “千企帮千村”精准扶贫行动: the quote is the campaign's own name
            elif named[0] < a and named[1] == b and _own_name(text[a + 1:b - 1], shortest=3):
                out.append((a + 1, b - 1))  # 脱贫攻坚“回头看”: the quote names the review by itself
        chain.append((a, b))
        chain_named = chain_named or bool(named)
        if i + 1 < len(quotes) and text[b:quotes[i + 1][0]] in ("", "、"):
            continue
        if chain_named and len(chain) > 1:
            out += [(x + 1, y - 1) for x, y in chain if not any(p <= x < q for p, q in out)
                    and not re.search(r"[、,，;；。！？!?]", text[x:y])]
        chain, chain_named = [], False
    return out


def _own_name(inner: str, shortest: int = 4) -> bool:
    """A quote that names a campaign by itself beside generic words: four characters or more
    (three after the words), one phrase (no list, no sentence), not a stopword."""
    return len(inner) >= shortest and not re.search(r"[、,，;；。！？!?的0-9]", inner) and not stopped(inner)


def _longest_at_start(text: str, found: list) -> list:
    """Names inside a longer name (健康扶贫 in 健康扶贫行动计划, 就业扶贫 in 培训就业扶贫工程)
    are dropped, unless quoted (“五个一批”林业生态建设扶贫工程 names 五个一批 too)."""
    spans = sorted((a, b) for a, b, name, _ in found if name is None)
    found = list({f[:3]: f for f in found}.values())  # one rule's find repeated by another (区内协作扶贫)
    starts = [x for x, _ in spans]
    reach = list(accumulate((y for _, y in spans), max))  # the furthest end of the spans so far
    longest: dict[int, int] = {}  # the furthest end of the spans at each start
    for x, y in spans:
        longest[x] = max(y, longest.get(x, y))

    def inside_another(a: int, b: int) -> bool:  # a span (x, y) != (a, b) with x <= a and b <= y
        k = bisect_left(starts, a)
        return (k > 0 and reach[k - 1] >= b) or longest.get(a, -1) > b

    return [f for f in found if f[2] is not None or text[f[0] - 1:f[0]] == "“" or not inside_another(f[0], f[1])]


@cache
def _slogan_pattern() -> re.Pattern:
    """五个一批, 两个有效集中 without quotes: a numeral, 个 and a slogan word (quantity-stopwords.tsv)."""
    words = "|".join(r["word"] for r in lexicon.rows("quantity-stopwords.tsv") if r["kind"] == "slogan")
    return re.compile(rf"(?<![第0-9])[{_NUMERALS}]个(?:{words})")


@cache
def _pairing_pattern() -> re.Pattern:
    """沪滇扶贫协作, 援疆扶贫, 区内协作扶贫: pairing programmes (pairings.tsv)."""
    rows = lexicon.rows("pairings.tsv")
    abbr = "[" + "".join(lexicon.lines("province-abbreviations.txt")) + "]"

    def words(form: str) -> str:
        return "|".join(sorted((r["word"] for r in rows if r["form"] == form), key=len, reverse=True))
    return re.compile(rf"{abbr}{{2}}(?:{words('tail')})|(?:{words('aid')}){abbr}(?:扶贫|帮扶)"
                      rf"|(?:{words('scope')})(?:{words('tail')})")


def _pairings(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _pairing_pattern().finditer(text, start, end)]


@cache
def _list_pattern() -> re.Pattern:
    heads = "|".join(sorted(lexicon.lines("initiative-list-heads.txt"), key=len, reverse=True))
    item = rf"[\u4e00-\u9fff]{{1,6}}(?:{heads})"
    return re.compile(rf"{item}(?:(?:、|以及|和|及|与){item})+")


_CONNECTOR = re.compile(r"以及|和|及|与")


def _enumerated(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Items of a list of measures (易地搬迁安置、低保政策兜底、生态保护脱贫): a list one of
    whose items is a measure, or which follows a name found already, names one per item."""
    out: list[tuple[int, int]] = []
    for m in _list_pattern().finditer(text, start, end):
        items = _list_items(text, m.start(), m.end())
        after_name = any(b <= items[0][0] <= b + 6 and _CONNECTOR.search(text, b, items[0][0]) for _, b in spans)
        if len(items) >= 2 and (after_name or any(_is_measure(text[a:b]) for a, b in items)):
            # 回村帮扶、常态帮扶: manners, not measures; 易地安置 holds a measure keyword (易地)
            out += [(a, b) for a, b in items if b - a >= 5 or b - a == 4 and measure_of(text[a:b]) != "GeneralMeasure"]
    return out


def _list_items(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """The items of a list match. The first starts after a connector or a verb in it
    (统筹运用教育扶贫脱贫); without one it counts only when no longer than the others
    (形成回村帮扶 and 我市坚持专项扶贫 begin mid-clause)."""
    items = []
    for part in re.finditer(r"[^、]+", text[a:b]):
        x, y = a + part.start(), a + part.end()
        joined = list(_CONNECTOR.finditer(text, x, y))
        if joined and items:  # 农牧民培训以及产业化扶贫: the last two items
            items += [(x, joined[0].start()), (joined[0].end(), y)]
        else:
            items.append((x, y))
    x, y = items[0]
    cut = max([x] + [c.end() for c in _CONNECTOR.finditer(text, x, y)]
              + [text.rfind(v, x, y) + len(v) for v in quote_verbs() if text.rfind(v, x, y) >= 0])
    cut = after_fragment(text, cut, y)
    if cut == x and y - x > max(q - p for p, q in items[1:]):
        return items[1:]
    return [(cut, y)] + items[1:]


def _is_measure(name: str) -> bool:
    return bool(re.search(r"扶贫|脱贫|帮扶", name)) or measure_of(name) != "GeneralMeasure"


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
