"""Facts built on the mentions: amounts, statistics, dated events, policy documents
and place relations, each with its sentence, place in scope and time.
"""
from __future__ import annotations

import re
from bisect import bisect_left

from kg.extract import quantities
from kg.extract.scope import Scope, place_of_fact
from kg.model.records import (
    Amount, DateMention, Document, DocumentMention, EventMention, InitiativeMention, OrgMention, PlaceMention,
    Quantity, Relation, Sentence, Statistic, TimeValue,
)
from kg.resources import lexicon

_CLAUSE = re.compile(r"[,，;；:：。!！?？]")
_PER = re.compile(r"(人均|户均|年均|每人每年|每户每年|每村每年|每人|每户|每村|每年|每亩)")
_TAIL = re.compile(r"(?:达到|达|为|共|约|近|超过|突破|累计|合计|总计)$")
_LEAD = re.compile(r"^(?:其中|同时|目前|此外|另外|并|还|共|累计|全[市县区省]|我[市县区省]|该[市县区]|今年以来|去年以来|"
                   r"今年|去年|截至目前|截至|(?:19|20)\d\d年(?:以来|底|末|初)?|\d{1,2}月(?:\d{1,2}日)?(?:底|末|以来)?)+")


def clause_bounds(doc: Document, s: Sentence, offset: int) -> tuple[int, int]:
    """Start and end of the clause (between commas) that holds `offset`."""
    text = doc.simplified
    start = s.start
    for m in _CLAUSE.finditer(text, s.start, offset):
        start = m.end()
    m = _CLAUSE.search(text, offset, s.end)
    return start, (m.start() if m else s.end)


def _time_before(dates: list[DateMention], s: Sentence, offset: int) -> TimeValue | None:
    best = None
    for d in dates:
        if s.start <= d.span.start < offset:
            best = d.value
    return best


def _dates_by_sentence(doc: Document, dates: tuple[DateMention, ...]) -> dict[int, list[DateMention]]:
    """The dates that start in each sentence, in their order: `_time_before` looks at one
    sentence's dates only (a pass over all dates per fact grew with the square of the article)."""
    out: dict[int, list[DateMention]] = {}
    for d in dates:
        out.setdefault(doc.sentence_index(d.span.start), []).append(d)
    return out


def _within(ordered: list[PlaceMention], starts: list[int], a: int, b: int) -> list[PlaceMention]:
    """The mentions (sorted by start, `starts` their starts) that start in [a, b)."""
    return ordered[bisect_left(starts, a):bisect_left(starts, b)]


_AFTER = re.compile(r"[\u4e00-\u9fff]{2,12}?(?=[,，、;；。:：（(的和及对在将已为向从被把等]|$)")
_NOT_A_NOUN = re.compile(r"^(?:左右|以上|以下|以内|之间|正|已|将|可|并|全部|都|共|也|还|又|的)")
_PREVIOUS = re.compile(r".*[0-9][0-9.]*(?![0-9.年月日号])(?:余|多)?(?:万|亿)?(?:余|多)?[A-Za-z]*[人户个家座所支件起项亩名吨元]?次?[、，,]?")
# A change between two years (从2014年的2300元增加到2018年的9800元): the years and the verb
# are not what is counted.
_DIGIT = re.compile(r"(?<![0-9.])[0-9]+(?:\.[0-9]+)?(?![0-9.]|年|月|日|号)")  # a number, not a date
_CHANGE = re.compile(r"(?:(?:19|20)\d\d年(?:底|末)?的?|(?:增加|减少|下降|提高|增长|上升|降低|降|增)(?:到|至)|从|由)+$")


def _describe(doc: Document, s: Sentence, q: Quantity) -> str:
    """What a quantity measures: the noun after it (6个督查组), else the words before it
    back to the previous number (养殖项目57个、种植项目46个), else the clause's noun."""
    text = doc.simplified
    after = _AFTER.match(text, q.span.end, s.end)
    if after and not _NOT_A_NOUN.match(after.group(0)):
        return doc.text[after.start():after.end()]
    start, _ = clause_bounds(doc, s, q.span.start)
    lead = _LEAD.match(text[start:q.span.start])
    start += lead.end() if lead else 0
    previous = _PREVIOUS.match(text, start, q.span.start)
    segment = previous.end() if previous else start
    end = q.span.start
    if end - segment < 2:  # 贫困人口8956户、39820人: the noun before the first number
        segment, end = start, _first_number(text, start, end) or end
    tail = _TAIL.search(text, segment, end)
    end = tail.start() if tail and tail.start() > segment else end
    change = _CHANGE.search(text, segment, end)
    if change:
        end = change.start()
        if end - segment < 2:  # only the change was left: what the clause's first number counts
            segment, end = start, _first_number(text, start, q.span.start) or start
            change = _CHANGE.search(text, start, end)
            end = change.start() if change else end
    return doc.text[segment:end].strip(" “”、") or doc.text[start:q.span.end]


def _first_number(text: str, start: int, end: int) -> int | None:
    """Offset of the first digit after `start` (None when there is none, or it is at `start`)."""
    m = _DIGIT.search(text, start, end)
    return m.start() if m and m.start() > start else None


_RATE = re.compile(r"(?:[^\W\d_和与及的由在是为、]{1,4})(?:发生率|覆盖率|参合率|入学率|率|比例|比重|占比)")


def _rate_subject(doc: Document, s: Sentence, q: Quantity) -> str | None:
    """What a percentage is a rate of: the last ...率/比例/比重/占比 before it in its sentence
    (贫困发生率由2014年的29.8%下降到12.1%)."""
    found = None
    for m in _RATE.finditer(doc.simplified, s.start, q.span.start):
        found = m
    return doc.text[found.start():found.end()] if found else None


def _initiative_in(initiatives: tuple[InitiativeMention, ...], start: int, end: int) -> str | None:
    """The last initiative named in a clause: what an amount in that clause is for."""
    inside = [i for i in initiatives if start <= i.span.start and i.span.end <= end]
    return inside[-1].name if inside else None


def build_quantities(doc: Document, scope: Scope, mentions: tuple[PlaceMention, ...],
                     dates: tuple[DateMention, ...], initiatives: tuple[InitiativeMention, ...] = ()
                     ) -> tuple[tuple[Amount, ...], tuple[Statistic, ...]]:
    ordered = sorted(mentions, key=lambda m: m.span.start)
    by_sentence = _dates_by_sentence(doc, dates)
    amounts: list[Amount] = []
    stats: list[Statistic] = []
    for q, kind in quantities.find_quantities(doc, places=mentions):
        i = doc.sentence_index(q.span.start)
        if i < 0:
            continue
        s = doc.sentences[i]
        place = place_of_fact(doc, scope, i, ordered, q.span.start, money=kind == "money")
        when = _time_before(by_sentence.get(i, []), s, q.span.start)
        if kind == "money":
            start, clause_end = clause_bounds(doc, s, q.span.start)
            per = _PER.search(doc.simplified, max(start, q.span.start - 12), q.span.start)
            amounts.append(Amount(q, s, _describe(doc, s, q), place, when,
                                  doc.text[per.start():per.end()] if per else None,
                                  _initiative_in(initiatives, start, clause_end)))
        else:
            counted = quantities.counted_noun(doc, q) if kind == "noun" else _describe(doc, s, q)
            stats.append(Statistic(q, s, counted, place, when))
    for q in quantities.find_percentages(doc):
        i = doc.sentence_index(q.span.start)
        if i >= 0:
            s = doc.sentences[i]
            stats.append(Statistic(q, s, _rate_subject(doc, s, q) or _describe(doc, s, q),
                                   place_of_fact(doc, scope, i, ordered, q.span.start),
                                   _time_before(by_sentence.get(i, []), s, q.span.start), share=True))
    return tuple(amounts), tuple(stats)


_AGENCY_LEAD = re.compile(r"[\u4e00-\u9fff]{0,10}讯\s*(?:[(（][^)）]{0,20}[)）])?\s*")
_MEETING = re.compile(r"(?:召开|举办|举行)(?:了)?(?P<name>[^,，;；。]{2,60}?(?:会议|会))"
                      r"|(?<![^,，;；。\s])(?P<name2>[^,，;；。在]{2,40}?(?:会议|会))在[^,，;；。]{1,15}?(?:召开|举行|举办)")


def build_events(doc: Document, scope: Scope, mentions: tuple[PlaceMention, ...],
                 dates: tuple[DateMention, ...], orgs: tuple[OrgMention, ...]) -> tuple[EventMention, ...]:
    """One event per date expression: the clause it anchors; one per place for a list."""
    text = doc.simplified
    out: list[EventMention] = []
    order = sorted(range(len(mentions)), key=lambda k: mentions[k].span.start)
    starts = [mentions[k].span.start for k in order]
    for d in dates:
        i = doc.sentence_index(d.span.start)
        if i < 0:
            continue
        s = doc.sentences[i]
        a, b = clause_bounds(doc, s, d.span.start)
        lead = _AGENCY_LEAD.match(text, a, b)  # 临汾新闻网讯 / 本报讯（记者 …）: not part of the statement
        a_label = lead.end() if lead and lead.end() <= d.span.start else a
        if b - a_label - len(d.span.text) < 4:  # "8月31日上午," — the statement is the next clause
            _, b = clause_bounds(doc, s, min(b + 1, s.end - 1))
        meeting = _MEETING.search(text, a, s.end)
        if meeting and meeting.start() - b > 0:
            meeting = None
        group = ("name" if meeting["name"] else "name2") if meeting else None
        label = doc.text[meeting.start(group):meeting.end(group)] if meeting else doc.text[a_label:b]
        listed = [mentions[k] for k in sorted(order[bisect_left(starts, a):bisect_left(starts, b)])]
        each = _enumerated(text, listed) and re.match(r"[0-9一二两三四五六七八九十]+个", text[listed[-1].span.end:])
        places = [m.place for m in listed] if each else [scope.places[i]]
        organizer = _organizer(orgs, s) if meeting else None
        for place in dict.fromkeys(places):
            out.append(EventMention(doc.span(a, b), label, d.value, d.span, place, bool(meeting), organizer))
    return tuple(out)


def _enumerated(text: str, listed: list[PlaceMention]) -> bool:
    """Two or more place names joined by 、 (吉县、乡宁、安泽)."""
    if len(listed) < 2:
        return False
    return all(text[x.span.end:y.span.start] in ("、", "和", "及") for x, y in zip(listed, listed[1:]))


def _organizer(orgs: tuple[OrgMention, ...], s: Sentence) -> OrgMention | None:
    inside = [o for o in orgs if s.start <= o.span.start < s.end]
    return inside[0] if inside else None


_ISSUE = re.compile(r"(出台|印发|制定|下发|发布|出台了|印发了|制定了)")


def build_documents(doc: Document, orgs: tuple[OrgMention, ...], dates: tuple[DateMention, ...]) -> tuple[DocumentMention, ...]:
    out: list[DocumentMention] = []
    by_sentence = _dates_by_sentence(doc, dates)
    for m in re.finditer(r"《([^《》]{2,80})》", doc.simplified):
        i = doc.sentence_index(m.start())
        if i < 0 or doc.blocks[doc.sentences[i].block].kind in ("footer", "credits"):
            continue
        s = doc.sentences[i]
        issue = None
        for v in _ISSUE.finditer(doc.simplified, s.start, m.start()):
            issue = v
        issuers: tuple[OrgMention, ...] = ()
        if issue is not None:
            clause_start, _ = clause_bounds(doc, s, issue.start())
            issuers = tuple({o.key: o for o in orgs if clause_start <= o.span.start < issue.start()
                             and o.kind in ("party", "government", "group")}.values())
        out.append(DocumentMention(doc.span(m.start(1), m.end(1)), doc.text[m.start(1):m.end(1)], issuers,
                                   _time_before(by_sentence.get(i, []), s, m.start())))
    return tuple(out)


_PAIR = re.compile(r"与(?P<rest>[^,，;；。]{2,40}?)结对")
_DESIGNATED = re.compile(r"(?:被)?(?:确定为|列为|评为|认定为|为)(?P<what>[\u4e00-\u9fff]{2,14}?(?:贫困县|重点县|贫困村|贫困区))")
_EXIT = re.compile(r"今年(?:将要|将|要|计划|预计)?(?:实现)?(?:脱贫)?摘帽")


def build_relations(doc: Document, mentions: tuple[PlaceMention, ...]) -> tuple[Relation, ...]:
    text = doc.simplified
    ordered = sorted(mentions, key=lambda m: m.span.start)
    starts = [m.span.start for m in ordered]
    out: list[Relation] = []
    products = lexicon.lines("products.txt")
    for s in doc.sentences:
        inside = _within(ordered, starts, s.start, s.end)
        for m in _PAIR.finditer(text, s.start, s.end):
            subject = next((p for p in reversed(inside) if p.span.end == m.start()), None)
            partners = [p for p in inside if m.start("rest") <= p.span.start < m.end("rest")]
            for p in partners if subject else ():
                out.append(Relation(doc.span(subject.span.start, m.end()), subject.place, "pairedWith", p.place))
        for m in _DESIGNATED.finditer(text, s.start, s.end):
            subjects = [p for p in inside if p.span.end <= m.start() and m.start() - p.span.end <= 12
                        and p.place.kind not in ("city", "province", "municipality")]
            for p in subjects:
                out.append(Relation(doc.span(p.span.start, m.end()), p.place, "designatedAs",
                                    doc.text[m.start("what"):m.end("what")]))
        for m in _EXIT.finditer(text, s.start, s.end):
            year = doc.published[:4] if doc.published else None
            listed = [p for p in inside if p.span.end <= m.start() and p.place.kind not in ("city", "province")]
            if year and _enumerated(text, listed):
                for p in listed:
                    out.append(Relation(doc.span(p.span.start, m.end()), p.place, "exitYear", year))
        for p in inside:
            for product in products:
                if text.startswith(product, p.span.end):
                    end = p.span.end + len(product)
                    if text[end:end + 1] in ("、", "等", "产") or text[end:end + 2] == "产业":
                        out.append(Relation(doc.span(p.span.start, end), p.place, "knownFor",
                                            doc.text[p.span.end:end]))
                    break
    return tuple(out)
