"""Pipeline (kg.pipeline): build → serialize → parse round trips in every output format,
byte-identical rebuilds (also across processes with different hash seeds), one named
graph per article in quad formats, and how inputs are found and named.
"""
from __future__ import annotations

import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.model.errors import InputError
from kg.model.namespaces import DEFAULT_BASE
from kg.pipeline import article_id, build, expand
from kg.rdf.files import load_graph
from kg.rdf.terms import bcp47_case
from kg.rdf.writer import merged, serialize, write

from helpers import assert_isomorphic

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "linfen-2017-10-17.txt"

ARTICLE = """隰縣:電商扶貧開拓致富路

2018-05-20 09:15:00 來源:臨汾新聞網

  隰縣建成電商服務站80個,帶動貧困戶2300戶增收。縣財政拿出500萬元扶持玉露香梨產業。
"""


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("articles")
    (folder / "linfen-2017-10-17.txt").write_bytes(SEED.read_bytes())
    (folder / "xixian-ecommerce.txt").write_text(ARTICLE, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def result(inputs):
    r = build([inputs])
    assert r.failures == [] and r.articles == 2
    return r


@pytest.fixture(scope="module")
def turtle(result) -> bytes:
    return serialize(result, "turtle")


# --------------------------------------------------------------------------- round trips


def test_turtle_parse_serialise_parse_is_isomorphic(turtle):
    first = Graph().parse(data=turtle, format="turtle")
    assert len(first) > 1000
    again = Graph().parse(data=first.serialize(format="turtle"), format="turtle")
    assert_isomorphic(first, again)


def test_turtle_file_holds_the_built_graph(result, turtle):
    assert_isomorphic(merged(result), Graph().parse(data=turtle, format="turtle"))


@pytest.mark.parametrize("ext", [".ttl", ".nt", ".jsonld", ".trig", ".nq", ".rdf"])
def test_every_output_format_parses_back_isomorphic(result, tmp_path, ext):
    out = tmp_path / f"graph{ext}"
    triples = write(result, out)
    assert_isomorphic(merged(result), load_graph(out))
    # the count reported is of what the file holds: every triple once (kg.rdf.named), in any format
    assert triples == len(merged(result))


def test_turtle_and_ntriples_outputs_merge_without_duplicates(result, tmp_path):
    """The same build written as .ttl and .nt must hold the same terms (literals included)."""
    write(result, tmp_path / "g.ttl")
    write(result, tmp_path / "g.nt")
    both = load_graph(tmp_path / "g.ttl") + load_graph(tmp_path / "g.nt")
    assert len(both) == len(merged(result))


@pytest.mark.parametrize(("ext", "fmt"), [(".trig", "trig"), (".nq", "nquads")])
def test_quad_formats_have_one_named_graph_per_article(result, tmp_path, ext, fmt):
    out = tmp_path / f"graph{ext}"
    write(result, out)
    ds = Dataset()
    with warnings.catch_warnings():  # rdflib's TriG/N-Quads parser calls its own deprecated API
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"rdflib(\.|$)")
        ds.parse(out, format=fmt)
    names = {g.identifier for g in ds.graphs() if len(g) and g.identifier != DATASET_DEFAULT_GRAPH_ID}
    expected = {URIRef(DEFAULT_BASE + "article/linfen-2017-10-17"),
                URIRef(DEFAULT_BASE + "article/xixian-ecommerce")}
    assert names == expected
    # kg.rdf.named: each article's own triples in its graph, the triples both state in the default graph
    (_, first), (_, second) = result.graphs
    shared = set(first) & set(second)
    assert shared and set(ds.graph(DATASET_DEFAULT_GRAPH_ID)) == shared
    for name, part in result.graphs:
        assert set(ds.graph(name)) == set(part) - shared


def test_graphs_are_named_after_their_articles(result):
    assert [name for name, _ in result.graphs] == [URIRef(DEFAULT_BASE + "article/linfen-2017-10-17"),
                                                   URIRef(DEFAULT_BASE + "article/xixian-ecommerce")]


# --------------------------------------------------------------------------- determinism


@pytest.fixture(scope="module")
def rebuilt(inputs):
    return build([inputs])


@pytest.mark.parametrize("fmt", ["turtle", "nt", "trig", "nquads", "json-ld", "xml"])
def test_two_builds_are_byte_identical(result, rebuilt, fmt):
    first, second = serialize(result, fmt), serialize(rebuilt, fmt)
    assert first == second
    assert first == serialize(result, fmt)


def _cli_build(seed_dir: Path, out: Path, hashseed: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": hashseed}
    env.pop("KG_BASE", None)
    proc = subprocess.run([sys.executable, "-m", "kg", "build", str(seed_dir), "-o", str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return out.read_bytes()


def test_builds_in_separate_processes_are_byte_identical(tmp_path):
    """Set and dict order must not leak into the output (different PYTHONHASHSEEDs)."""
    a = _cli_build(ROOT / "seeds", tmp_path / "a.ttl", "1")
    b = _cli_build(ROOT / "seeds", tmp_path / "b.ttl", "4242")
    assert a == b
    assert a.startswith(b"# generated by fupin-kg\n@prefix")


# --------------------------------------------------------------------------- inputs


def test_article_ids_are_readable_and_stable():
    assert article_id("seeds/linfen-2017-10-17.txt") == "linfen-2017-10-17"
    assert article_id("/x/Some Article.HTML") == "some-article"
    assert article_id("臨汾脫貧.txt") == article_id("other/臨汾脫貧.txt")
    assert article_id("臨汾脫貧.txt").startswith("lin-fen-")


def test_expand_finds_article_files_sorted_and_skips_hidden(tmp_path):
    (tmp_path / "b.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a.html").write_text("x", encoding="utf-8")
    (tmp_path / "notes.csv").write_text("x", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "c.txt").write_text("x", encoding="utf-8")
    assert [p.name for p in expand([tmp_path])] == ["a.html", "b.txt"]


def test_a_bad_input_is_reported_and_the_others_are_built(tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    r = build([tmp_path])
    assert r.articles == 1
    assert len(r.failures) == 1 and "empty.txt" in r.failures[0]


def test_no_inputs_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no article files found"):
        build([tmp_path])


def test_load_graph_reports_unparsable_files(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(InputError, match="not valid turtle"):
        load_graph(bad)


def test_load_graph_keeps_terms_exactly_as_rdflib_parses_them(tmp_path):
    ttl = tmp_path / "terms.ttl"
    ttl.write_text('@prefix ex: <http://example.org/> .\n'
                   'ex:a ex:p "吉縣"@zh-Hant , "jí xiàn"@zh-Latn-pinyin , "x"@en-US , "plain" , '
                   '"1.50"^^<http://www.w3.org/2001/XMLSchema#decimal> , _:b ; ex:q <rel> .\n', encoding="utf-8")
    ours = load_graph(ttl)
    assert_isomorphic(ours, Graph().parse(ttl, format="turtle"))
    tags = {o.language for o in ours.objects() if getattr(o, "language", None)}
    assert tags == {"zh-Hant", "zh-Latn-pinyin", "en-US"}  # as written, though Oxigraph lower-cases tags
    assert URIRef(ttl.resolve().as_uri()[: -len("terms.ttl")] + "rel") in set(ours.objects())  # relative IRIs resolve


def test_load_graph_merges_the_named_graphs_of_a_trig_file(tmp_path):
    trig = tmp_path / "two.trig"
    trig.write_text("<http://e/g1> { <http://e/a> <http://e/p> <http://e/b> . }\n"
                    "<http://e/g2> { <http://e/a> <http://e/p> <http://e/b> . <http://e/a> <http://e/p> <http://e/c> . }\n",
                    encoding="utf-8")
    assert len(load_graph(trig)) == 2


@pytest.mark.parametrize("tag, canonical", [("zh-hant", "zh-Hant"), ("zh-latn-pinyin", "zh-Latn-pinyin"),
                                            ("en-us", "en-US"), ("zh-hans-cn", "zh-Hans-CN"), ("x-abcd", "x-abcd"),
                                            ("sgn-be-fr", "sgn-BE-FR"), ("de-ch-x-phonebk", "de-CH-x-phonebk")])
def test_language_tags_get_bcp47_case(tag, canonical):
    assert bcp47_case(tag) == canonical
