"""Long articles are extracted segment by segment (kg.extract.segments): offsets stay exact in
the full text, facts far into the article are found as near its start, and an article up to a
segment's length takes the one-pass path unchanged."""
from __future__ import annotations

import dataclasses
from pathlib import Path

from conftest import make_article

from kg.extract import extract
from kg.extract.segments import SEGMENT_CHARS, extract_article, extractions
from kg.model.records import Sentence, Span
from kg.pipeline import load_document, run_task, Task

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "linfen-2017-10-17.txt"
LATE = "乡宁县今年投入资金4321万元用于建设光伏扶贫电站。"


def _body(chars: int) -> str:
    paragraphs = [p for p in SEED.read_text(encoding="utf-8").split("\n\n")[2:] if p.strip()]
    out, size, i = [], 0, 0
    while size < chars:
        out.append(paragraphs[i % len(paragraphs)])
        size += len(out[-1]) + 2
        i += 1
    return "\n\n".join(out)


def _spans(value, seen=None):
    """Every Span and Sentence inside a record, however deep."""
    if isinstance(value, (Span, Sentence)):
        yield value
    elif isinstance(value, tuple):
        for v in value:
            yield from _spans(v)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.name != "doc":
                yield from _spans(getattr(value, f.name))


def test_a_long_article_keeps_every_offset_exact_and_finds_a_late_fact():
    doc = make_article(_body(110_000) + "\n\n" + LATE)
    ex = extract_article(doc, segment=20_000)
    assert len(list(extractions(doc, segment=20_000))) >= 3
    assert ex.doc is doc
    spans = list(_spans(ex))
    assert len(spans) > 1000
    for s in spans:  # every provenance offset points at its text in the full article
        assert doc.text[s.start:s.end] == s.text
    for s in _spans(ex):
        if isinstance(s, Sentence):
            assert doc.blocks[s.block].start <= s.start < doc.blocks[s.block].end
    late = [a for a in ex.amounts if a.quantity.value == 43_210_000]
    assert len(late) == 1
    q = late[0].quantity.span
    assert q.start > 2 * 20_000 and doc.text[q.start:q.end] == q.text == "4321万元"
    assert late[0].place is not None and late[0].place.name.startswith("乡宁")
    # the title and dateline are read once, with the first segment
    assert sum(1 for p in ex.places if p.span.start < doc.blocks[1].end) == \
        sum(1 for p in extract(make_article(_body(100))).places if p.span.start < doc.blocks[1].end)


def test_a_long_article_finds_what_each_part_finds_alone():
    """The same paragraph far into the article yields the same amounts as it does near the start."""
    doc = make_article(_body(80_000))
    ex = extract_article(doc, segment=20_000)
    first = extract(make_article(_body(5_000)))
    values = {a.quantity.value for a in first.amounts}
    assert values and values <= {a.quantity.value for a in ex.amounts}


def test_a_short_article_takes_the_one_pass_path_unchanged():
    doc = load_document(SEED)
    assert len(doc.text) <= SEGMENT_CHARS
    assert extract_article(doc) == extract(doc)
    assert [*extractions(doc)] == [extract(doc)]


def test_a_long_article_as_n_triples_has_exact_offsets(tmp_path):
    """Through the build's N-Triples path: a mention far into a 250,000-character article (cleaned)."""
    path = tmp_path / "long.txt"
    header = "临汾:脱贫攻坚捷报频传\n\n2017-10-17 09:07:20 来源:临汾新闻网\n\n"
    path.write_text(header + _body(450_000) + "\n\n  " + LATE + "\n", encoding="utf-8")
    doc = load_document(path, article="long")
    assert len(doc.text) > 2 * SEGMENT_CHARS
    data, failure, count = run_task(Task(str(path), "long", "https://example.org/id/", True))
    assert failure is None and count > 50_000
    lines = data.decode("utf-8").split("\n")
    anchors = {line.split(" ", 1)[0]: line.split("#anchorOf> ", 1)[1] for line in lines if "#anchorOf> " in line}
    at = doc.text.index("4321万元")
    late = [s for s in anchors if s.endswith(f"#char={at},{at + 6}>")]
    assert late and anchors[late[0]] == '"4321万元" .'
    assert sum(1 for line in lines if "#isString>" in line) == 1  # the article's text once


def test_the_python_api_extracts_a_long_text_segment_by_segment():
    import kg

    text = SEED.read_text(encoding="utf-8").split("\n\n", 2)
    long_text = "\n\n".join(text[:2]) + "\n\n" + _body(250_000) + "\n\n" + LATE
    ex = kg.extract(long_text)
    assert len(ex.doc.text) > 100_000  # longer than one segment once the pinyin is stripped
    late = [a for a in ex.amounts if a.quantity.value == 43_210_000]
    assert len(late) == 1
    q = late[0].quantity.span
    assert q.start > len(ex.doc.text) - 100 and ex.doc.text[q.start:q.end] == "4321万元"
