"""Long articles, segment by segment: the build cost stays linear in the article's length.

The extractors look at a sentence's neighbourhood, but some of their steps scan the whole
article per mention, so their cost grows faster than the text. A text longer than
`SEGMENT_CHARS` is cut into segments at paragraph boundaries (else sentence, else hard
boundaries); each segment is extracted as an article of its own made of the header (title,
dateline) and the segment, with the article's home found once from the first segment, and
every offset is shifted back to the full text, so `doc.text[span.start:span.end] == span.text`
holds as for a short article. The records are then joined: entities merge by the same IRIs
as within one article. Texts up to `SEGMENT_CHARS` take `extract` unchanged.
"""
from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager

from kg.extract import extract, places
from kg.model.records import Block, Document, Extraction, Place, Sentence, Span, TimeValue

SEGMENT_CHARS = 100_000
_HEADER_KINDS = ("title", "dateline")
_SEPARATOR = "\n\n"
_HEADER_LINE = 1_000  # a longer first line (a text with no line breaks) is body, not header
_PARTS = ("places", "orgs", "people", "amounts", "statistics", "events", "initiatives", "documents", "relations")


def extract_article(doc: Document, *, segment: int = SEGMENT_CHARS) -> Extraction:
    """`extract(doc)`, segment by segment when the text is longer than `segment` characters."""
    if len(doc.text) <= segment:
        return extract(doc)
    parts = list(extractions(doc, segment=segment))
    warnings = tuple(dict.fromkeys(w for part in parts for w in part.warnings))
    return dataclasses.replace(parts[0], warnings=warnings, **{
        name: tuple(record for part in parts for record in getattr(part, name)) for name in _PARTS})


def extractions(doc: Document, *, segment: int = SEGMENT_CHARS) -> Iterator[Extraction]:
    """The extraction of each segment of a long article, its offsets in the full text (`doc`);
    the records of the header (title, dateline) come with the first segment only."""
    if len(doc.text) <= segment:
        yield extract(doc)
        return
    header = _header_blocks(doc)
    head_end = doc.blocks[header - 1].end if header else 0
    home = None
    for k, (lo, hi) in enumerate(_segments(doc, header, head_end, segment)):
        sub, to_full = _subdocument(doc, header, head_end, lo, hi, whole_head=k == 0)
        if k == 0:
            with _recording_home() as seen:
                part = extract(sub)
            home = seen[0] if seen else None
        else:
            with _fixed_home(home):
                part = extract(sub)
        shift = _Shift(to_full, doc, skip_header=head_end if k else -1)
        moved = {name: tuple(r for r in map(shift.record, getattr(part, name)) if r is not None) for name in _PARTS}
        yield dataclasses.replace(part, doc=doc, **moved)


def _header_blocks(doc: Document) -> int:
    """How many blocks open the article as its header (title, dateline)."""
    n = 0
    while (n < min(4, len(doc.blocks)) and doc.blocks[n].kind in _HEADER_KINDS
           and doc.blocks[n].end - doc.blocks[n].start <= _HEADER_LINE):
        n += 1
    return n


def _segments(doc: Document, header: int, head_end: int, size: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each segment of the body: whole paragraphs up to `size` characters, a longer
    paragraph cut between sentences, a longer sentence cut every `size` characters."""
    units: list[tuple[int, int]] = []  # paragraphs, or the pieces of one too long
    by_block: dict[int, list[Sentence]] = {}
    for s in doc.sentences:
        if s.block >= header:
            by_block.setdefault(s.block, []).append(s)
    for i in range(header, len(doc.blocks)):
        b = doc.blocks[i]
        if b.end - b.start <= size:
            units.append((b.start, b.end))
            continue
        for s in by_block.get(i, ()) or (b,):  # a block without sentences: cut by itself
            for start in range(s.start, s.end, size):
                units.append((start, min(s.end, start + size)))
    lo = hi = -1
    for start, end in units:
        if lo >= 0 and end - lo > size:
            yield lo, hi
            lo = -1
        if lo < 0:
            lo = start
        hi = end
    if lo >= 0:
        yield lo, hi
    elif not units:  # no body: the header alone
        yield head_end, head_end


def _subdocument(doc: Document, header: int, head_end: int, lo: int, hi: int, *, whole_head: bool):
    """The header and the text from `lo` to `hi` as an article, and the map of its offsets to the full text."""
    if whole_head:  # the first segment: the article's opening as it is
        prefix, delta = hi, 0
        text, simplified = doc.text[:hi], doc.simplified[:hi]
    else:
        prefix = head_end + len(_SEPARATOR)
        delta = lo - prefix
        text = doc.text[:head_end] + _SEPARATOR + doc.text[lo:hi]
        simplified = doc.simplified[:head_end] + _SEPARATOR + doc.simplified[lo:hi]
    lo_cut = 0 if whole_head else lo
    blocks: list[Block] = []
    block_map: list[int] = []  # sub-document block -> full-document block
    index: dict[int, int] = {}
    first_block = max(header, bisect.bisect_right(doc.blocks, lo_cut, key=lambda b: b.end))
    for i in [*range(header), *range(first_block, len(doc.blocks))]:
        b = doc.blocks[i]
        if i < header or (b.end > lo_cut and b.start < hi):
            if i >= header or not whole_head:
                start, end = (b.start, b.end) if i < header else (max(b.start, lo_cut), min(b.end, hi))
            else:
                start, end = b.start, b.end
            at = start if i < header else start - delta
            index[i] = len(blocks)
            blocks.append(dataclasses.replace(b, start=at, end=at + end - start, text=doc.text[start:end]))
            block_map.append(i)
        elif b.start >= hi:
            break
    sentences: list[Sentence] = []
    head_sentences = bisect.bisect_left(doc.sentences, header, key=lambda s: s.block)
    first_sentence = max(head_sentences, bisect.bisect_right(doc.sentences, lo_cut, key=lambda s: s.end))
    for j in [*range(head_sentences), *range(first_sentence, len(doc.sentences))]:
        s = doc.sentences[j]
        if s.start >= hi:
            break
        in_head = s.block < header
        if not in_head and (s.end <= lo_cut or s.block not in index):
            continue
        start, end = (s.start, s.end) if in_head else (max(s.start, lo_cut), min(s.end, hi))
        at = start if in_head else start - delta
        sentences.append(Sentence(at, at + end - start, doc.text[start:end], index[s.block]))
    sub = dataclasses.replace(doc, text=text, simplified=simplified, blocks=tuple(blocks),
                              sentences=tuple(sentences))
    return sub, (prefix if not whole_head else len(text), delta, block_map)


class _Shift:
    """Moves a record's offsets from a segment's article to the full text."""

    def __init__(self, to_full: tuple[int, int, list[int]], doc: Document, *, skip_header: int) -> None:
        self.prefix, self.delta, self.blocks = to_full
        self.head_end = skip_header  # records starting in the header: kept from the first segment only
        self.doc = doc
        self.memo: dict[int, tuple[object, object]] = {}

    def at(self, offset: int) -> int:
        return offset + self.delta if offset >= self.prefix else offset

    def record(self, record):
        first = _first_span(record)
        if self.head_end >= 0 and first is not None and first.start < self.head_end:
            return None
        return self.value(record)

    def value(self, v):
        key = id(v)
        if key in self.memo:
            return self.memo[key][1]
        if isinstance(v, Span):
            out = Span(self.at(v.start), self.at(v.end), v.text) if v.end > self.prefix else v
        elif isinstance(v, Sentence):
            out = v
            if v.end > self.prefix:
                out = Sentence(self.at(v.start), self.at(v.end), v.text, self.blocks[v.block])
            elif self.blocks[v.block] != v.block:
                out = dataclasses.replace(v, block=self.blocks[v.block])
        elif isinstance(v, tuple) and v:
            out = tuple(self.value(x) for x in v)
        elif dataclasses.is_dataclass(v) and not isinstance(v, type) and _has_offsets(type(v)):
            changes = {f.name: self.value(getattr(v, f.name)) for f in dataclasses.fields(v)}
            out = dataclasses.replace(v, **changes)
        else:
            out = v
        self.memo[key] = (v, out)  # the record kept alive, so its id is not reused
        return out


def _first_span(record) -> Span | None:
    for f in dataclasses.fields(record):
        v = getattr(record, f.name)
        if isinstance(v, Span):
            return v
        if dataclasses.is_dataclass(v) and not isinstance(v, type):
            inner = getattr(v, "span", None)
            if isinstance(inner, Span):
                return inner
    return None


_NO_OFFSETS: dict[type, bool] = {}


def _has_offsets(cls: type) -> bool:
    """Whether records of this class may hold a span or a sentence (places and times hold none)."""
    if cls not in _NO_OFFSETS:
        _NO_OFFSETS[cls] = cls not in (Place, TimeValue)
    return _NO_OFFSETS[cls]


@contextmanager
def _recording_home():
    """Note the home `places.find_places` settles on (the first segment's)."""
    seen: list = []
    original = places.home

    def noted(doc, found):
        where = original(doc, found)
        seen.append(where)
        return where

    places.home = noted
    try:
        yield seen
    finally:
        places.home = original


@contextmanager
def _fixed_home(where):
    """Every later segment has the first segment's home."""
    original = places.home
    if where is not None:
        places.home = lambda doc, found: where
    try:
        yield
    finally:
        places.home = original
