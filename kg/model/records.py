"""Typed, frozen records that flow between the pipeline stages.

Every span carries `start`/`end` character offsets into `Document.text` (the cleaned
text), and the invariant `doc.text[m.start:m.end] == m.text` holds for all of them.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Block:
    """A paragraph-level unit of the article."""

    start: int
    end: int
    text: str
    kind: str  # title | dateline | paragraph | caption | heading | section | credits | footer
    section: str | None = None  # the county/section heading in scope, if any


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    block: int  # index into Document.blocks


@dataclass(frozen=True)
class Document:
    """A cleaned, segmented article."""

    id: str
    text: str  # cleaned text (pinyin annotations removed); all offsets point here
    simplified: str  # same length as `text`, simplified characters
    script: str  # BCP 47: zh-Hant or zh-Hans
    title: str | None
    published: str | None  # ISO 8601 datetime or date
    source: str | None
    blocks: tuple[Block, ...]
    sentences: tuple[Sentence, ...]
    path: str | None = None

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.text[start:end])

    def sentence_index(self, offset: int) -> int:
        """Index of the sentence that contains a character offset, or -1."""
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if offset < s.start:
                hi = mid - 1
            elif offset >= s.end:
                lo = mid + 1
            else:
                return mid
        return -1

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence that contains a character offset."""
        i = self.sentence_index(offset)
        return self.sentences[i] if i >= 0 else None


@dataclass(frozen=True)
class Place:
    """A gazetteer entry (or a zone found by pattern)."""

    key: str  # GB/T 2260 six-digit code, or "<parent code>-<slug>" for zones
    name: str  # full simplified name, e.g. 吉县
    kind: str  # province | municipality | city | county | county-level-city | district | development-zone | township | village
    parent: str | None = None  # key of the parent place
    lat: float | None = None
    long: float | None = None
    name_hant: str = ""  # traditional form of the full name
    short: str = ""  # short form (simplified), e.g. 乡宁 for 乡宁县


@dataclass(frozen=True)
class PlaceMention:
    span: Span
    place: Place


@dataclass(frozen=True)
class OrgMention:
    span: Span
    key: str  # stable key (place key + body slug)
    name: str  # full name in the article's script, e.g. 臨汾市委
    kind: str  # party | government | group | enterprise | cooperative
    place: Place | None = None


@dataclass(frozen=True)
class PersonMention:
    span: Span  # the name
    name: str
    jurisdiction: str  # place key, "cn" for national posts, or the article's city for credits
    posts: tuple["PostMention", ...] = ()
    credits: tuple[str, ...] = ()  # author | reporter | correspondent | intern | editor | photographer | compiler


@dataclass(frozen=True)
class PostMention:
    span: Span  # the title as written, e.g. 市委副書記
    title: str  # as written
    role: str  # role slug from the post lexicon, e.g. party-secretary
    role_label: str  # role label as written (書記, 市長 …)
    org: OrgMention | None = None


@dataclass(frozen=True)
class TimeValue:
    """An ISO 8601 value: a day, month or year, or an interval `start/end` (`..` open)."""

    iso: str
    start: str | None
    end: str | None


@dataclass(frozen=True)
class DateMention:
    span: Span
    value: TimeValue


@dataclass(frozen=True)
class Quantity:
    """A number with its unit as written in the text."""

    span: Span
    value: float
    unit: str  # as written: 元, 萬元 → normalised in `value`; 戶, 人, 畝 …
    approx: bool = False
    minimum: bool = False  # 以上, 超過, 突破
    maximum: bool = False  # 以下, 不到, 近


@dataclass(frozen=True)
class Amount:
    quantity: Quantity  # value in yuan
    sentence: Sentence
    purpose: str
    place: Place | None
    time: TimeValue | None
    per: str | None = None  # 人均, 每人每年 …
    initiative: str | None = None  # name of the initiative the money is for, when the clause names one


@dataclass(frozen=True)
class Statistic:
    quantity: Quantity
    sentence: Sentence
    counts: str  # what is counted
    place: Place | None
    time: TimeValue | None
    share: bool = False  # a percentage


@dataclass(frozen=True)
class InitiativeMention:
    span: Span
    name: str  # canonical name in the article's script
    kind: str  # programme | campaign | mechanism | measure
    measure: str  # concept local name in the measure scheme, e.g. PhotovoltaicMeasure
    place: Place | None


@dataclass(frozen=True)
class DocumentMention:
    span: Span  # the title, without 《》
    title: str
    issuers: tuple[OrgMention, ...] = ()
    time: TimeValue | None = None


@dataclass(frozen=True)
class EventMention:
    span: Span  # the clause that carries the date
    label: str
    time: TimeValue
    date_span: Span
    place: Place | None
    meeting: bool = False
    organizer: OrgMention | None = None


@dataclass(frozen=True)
class Relation:
    """A place-level relation: pairing, designation, exit year, known-for."""

    span: Span
    subject: Place
    predicate: str  # pairedWith | designatedAs | exitYear | knownFor
    object: Place | str


@dataclass(frozen=True)
class Extraction:
    doc: Document
    city: Place | None  # the article's home place (我市)
    places: tuple[PlaceMention, ...] = ()
    orgs: tuple[OrgMention, ...] = ()
    people: tuple[PersonMention, ...] = ()
    amounts: tuple[Amount, ...] = ()
    statistics: tuple[Statistic, ...] = ()
    events: tuple[EventMention, ...] = ()
    initiatives: tuple[InitiativeMention, ...] = ()
    documents: tuple[DocumentMention, ...] = ()
    relations: tuple[Relation, ...] = ()
    warnings: tuple[str, ...] = field(default=())
