"""The streamed corpus merge (kg.rdf.spool): files written piece by piece from a build spooled
to disk are byte-identical to the same build rendered in memory, for the seed and the fixtures,
in every streamed format; the shared lines are exactly the rule of kg.rdf.named."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from kg.model.namespaces import DEFAULT_BASE
from kg.pipeline import build
from kg.rdf import named
from kg.rdf.spool import Spool, merged_lines, shared_lines
from kg.rdf.writer import STREAMED, CorpusBuild, render_rdf

ROOT = Path(__file__).resolve().parents[1]
INPUTS = {"seed": [ROOT / "seeds"],
          "fixtures": sorted((ROOT / "tests" / "fixtures").glob("*-*-*.txt")) + [ROOT / "seeds"]}


@pytest.fixture(scope="module", params=INPUTS, ids=INPUTS)
def corpus(request) -> CorpusBuild:
    result = build(INPUTS[request.param], ntriples=True, jobs=1)
    assert isinstance(result.chunks, Spool) and result.articles == len(result.chunks) >= 1
    return result


@pytest.mark.parametrize("fmt", STREAMED)
def test_streamed_output_is_byte_identical_to_the_in_memory_one(corpus, fmt):
    in_memory = CorpusBuild(chunks=list(corpus.chunks), articles=corpus.articles)
    expected, count = render_rdf(in_memory, fmt, base=DEFAULT_BASE)
    out = io.BytesIO()
    empty, streamed_count = render_rdf(corpus, fmt, base=DEFAULT_BASE, out=out)
    assert empty == b"" and streamed_count == count > 1000
    assert out.getvalue() == expected


def test_shared_lines_follow_the_named_graph_rule(corpus):
    chunks = list(corpus.chunks)
    expected = sorted(named.shared(data.decode().split("\n")[:-1] for _, data in chunks))
    assert shared_lines(corpus.chunks) == expected
    assert len(chunks) == 1 or expected, "the seed and a fixture share places"


def test_the_merge_streams_sorted_distinct_lines():
    a = b"<http://x/a> <http://x/p> \"1\" .\n<http://x/b> <http://x/p> \"2\" .\n"
    b = b"<http://x/a> <http://x/p> \"1\" .\n<http://x/c> <http://x/p> \"3\" .\n"
    spool = Spool([("http://x/g1", a), ("http://x/g2", b)])
    assert list(merged_lines(spool)) == sorted({*a.decode().splitlines(), *b.decode().splitlines()})
    assert shared_lines(spool) == ['<http://x/a> <http://x/p> "1" .']
    assert [name for name, _ in spool] == ["http://x/g1", "http://x/g2"] and list(spool)[1][1] == b
    spool.close()


def test_others_skip_exactly_the_lines_an_article_owns():
    """`others` finds an article's own lines by their prefixes in the sorted block without reading
    the rest; IRIs that merely begin like the article's (a-2, a2, a0) are not its own."""
    import random

    from kg.rdf.spool import _prefixes_of, others

    subjects = ["<http://x/a>", "<http://x/a#t>", "<http://x/a/1>", "<http://x/a/2/3>", "<http://x/a-2/1>",
                "<http://x/a0>", "<http://x/a2>", "<http://x/a!>", "<http://x/b>", "<http://x/>", "<http://w/a>"]
    rng = random.Random(3)
    mine = _prefixes_of("http://x/a")
    for _ in range(300):
        lines = sorted({f'{rng.choice(subjects)} <http://x/p> "{rng.randrange(4)}" .'
                        for _ in range(rng.randrange(0, 12))})
        data = "".join(line + "\n" for line in lines).encode()
        expected = [line.encode() for line in lines if not line.encode().startswith(mine)]
        assert others(data, mine) == expected
        assert others(data.rstrip(b"\n"), mine) == expected  # a last line without its newline


def test_named_graphs_rendered_in_processes_are_the_same_bytes(corpus, monkeypatch):
    """A large build's named graphs are rendered by forked workers; the file is the same."""
    from kg.rdf import writer

    monkeypatch.setattr(writer, "PARALLEL_GRAPHS", 1)
    for fmt in ("trig", "nquads"):
        one, many = io.BytesIO(), io.BytesIO()
        assert render_rdf(corpus, fmt, base=DEFAULT_BASE, out=one, jobs=1)[1] == \
            render_rdf(corpus, fmt, base=DEFAULT_BASE, out=many, jobs=2)[1]
        assert one.getvalue() == many.getvalue() and one.getvalue().count(b"\n") > 1000
