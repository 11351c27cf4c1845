"""kg.corpus: parallel builds give the same bytes as serial ones; the writers are lossless.

The small corpus is written by benchmarks/corpus.py (deterministic, synthetic); the
writer tests use hand-written N-Triples.
"""
from __future__ import annotations

import importlib.util
import warnings
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from kg.cli import main
from kg.rdf.writer import CorpusBuild, serialize_corpus
from kg.pipeline import build
from kg.rdf.writer import merged

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "linfen-2017-10-17.txt"
BASE = "https://w3id.org/fupin-kg/id/"


def _generator():
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "benchmarks" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _dataset(data: bytes, fmt: str) -> Dataset:
    """rdflib's Dataset parser (its internals raise DeprecationWarnings in rdflib 7)."""
    ds = Dataset()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        ds.parse(data=data, format=fmt)
    return ds


def _graph(data: bytes, fmt: str) -> Graph:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return Graph().parse(data=data, format=fmt)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    _generator().write_corpus(4, folder, seed=6)
    (folder / "empty.txt").write_text("", encoding="utf-8")  # one failure, reported in order
    return folder


@pytest.mark.parametrize("suffix", [".trig", ".ttl", ".nq", ".nt"])
def test_jobs_do_not_change_the_output(corpus, tmp_path, capsys, suffix):
    outs, errs = [], []
    for jobs in ("1", "2"):
        out = tmp_path / f"j{jobs}{suffix}"
        assert main(["build", str(corpus), "-o", str(out), "--jobs", jobs]) == 1  # empty.txt fails
        outs.append(out.read_bytes())
        errs.append(capsys.readouterr().err.replace(f"j{jobs}{suffix}", "OUT"))
    assert outs[0] == outs[1]
    assert errs[0] == errs[1]
    lines = errs[0].splitlines()
    assert lines[0] == f"error: {corpus / 'empty.txt'}: empty file — pass an article with text"
    assert lines[1].startswith(f"built {tmp_path / 'OUT'}: 4 article(s), ") and lines[1].endswith(" triples")
    assert lines[2] == "1 input(s) failed; the others were built."
    assert len(lines) == 3  # no progress bar when stderr is not a terminal


def test_trig_has_one_named_graph_per_article(corpus, tmp_path, capsys):
    """Each article's own triples in its graph, shared ones once in the default graph."""
    out = tmp_path / "c.trig"
    main(["build", str(corpus), "-o", str(out), "--jobs", "2"])
    built = next(line for line in capsys.readouterr().err.splitlines() if line.startswith("built "))
    ds = _dataset(out.read_bytes(), "trig")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        graphs = {str(g.identifier): set(g) for g in ds.graphs() if len(g)}
    default = graphs.pop(str(ds.default_graph.identifier), set())
    assert set(graphs) == {f"{BASE}article/art-0000{i}" for i in range(4)}
    assert default, "the articles share places, so some triples are shared"
    assert built.endswith(f", {len(default) + sum(map(len, graphs.values()))} triples")
    library = build([corpus])
    for name, g in library.graphs:
        own = graphs[str(name)]
        assert own <= set(g) and set(g) <= own | default
        assert not own & default
        for other, triples in graphs.items():
            assert other == str(name) or not own & triples  # every triple in one graph only
    everything = Graph()
    for t in default.union(*graphs.values()):
        everything.add(t)
    assert isomorphic(everything, merged(library))


def test_seed_turtle_is_deterministic_and_lossless(tmp_path, capsys):
    a, b = tmp_path / "a.ttl", tmp_path / "b.ttl"
    assert main(["build", str(SEED), "-o", str(a)]) == 0
    assert main(["build", str(SEED), "-o", str(b)]) == 0
    assert a.read_bytes() == b.read_bytes()
    text = a.read_text(encoding="utf-8")
    assert '"@zh-Hant' in text  # the language tag's case is kept
    assert isomorphic(_graph(a.read_bytes(), "turtle"), merged(build([SEED])))


NT = (
    '<http://ex.org/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://schema.org/NewsArticle> .\n'
    '<http://ex.org/a> <https://schema.org/name> "quote \\" and ^^<x> and\\nnewline"@zh-Hant .\n'
    '<http://ex.org/a> <https://schema.org/name> "two"@zh-Hans .\n'
    '<http://ex.org/a> <https://schema.org/value> "12.5"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n'
    '<http://ex.org/a> <https://w3id.org/fupin-kg/ontology#x> <https://schema.org/a/b> .\n'
    '<http://ex.org/b> <https://schema.org/name> "b" .\n'
)


@pytest.mark.parametrize("fmt", ["turtle", "trig", "nt", "nquads", "json-ld", "xml"])
def test_writers_round_trip(fmt):
    lines = "".join(sorted(NT.splitlines(keepends=True))).encode()
    result = CorpusBuild(chunks=[("http://ex.org/g1", lines), ("http://ex.org/g2", lines)], articles=2)
    data = serialize_corpus(result, fmt, base=BASE)
    expected = Graph().parse(data=NT, format="nt")
    if fmt in ("trig", "nquads"):  # both articles state everything: all shared, no named graph
        ds = _dataset(data, fmt)
        for name in ("http://ex.org/g1", "http://ex.org/g2"):
            assert len(ds.graph(URIRef(name))) == 0
        assert isomorphic(Graph(store=ds.default_graph.store, identifier=ds.default_graph.identifier), expected)
    else:
        assert isomorphic(_graph(data, fmt), expected)
    if fmt == "turtle":
        text = data.decode()
        assert "schema:NewsArticle" in text and "<https://schema.org/a/b>" in text
        assert '"12.5"^^xsd:decimal' in text and text.count("<http://ex.org/a>") == 1
