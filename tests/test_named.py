"""kg.rdf.named: the one rule for which triples go in which named graph."""
from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef

from kg.model.namespaces import DEFAULT_BASE
from kg.rdf.files import load_dataset
from kg.rdf.named import build_dataset, by_article, default_graph, named_graphs, partition, shared, split

FIXTURES = Path(__file__).parent / "fixtures"
A, B = DEFAULT_BASE + "article/a", DEFAULT_BASE + "article/b"
PLACE = URIRef(DEFAULT_BASE + "place/141028")
LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")


def t(s: str, o: str) -> tuple:
    return URIRef(s), LABEL, Literal(o)


def test_a_triple_two_articles_state_is_shared_once():
    own_a, own_b, common = t(A, "a"), t(B, "b"), (PLACE, LABEL, Literal("吉縣"))
    default, graphs = partition([(A, [own_a, common]), (B, [own_b, common, common])])
    assert default == [common]
    assert graphs == {A: [own_a], B: [own_b]}
    assert shared([[1, 2], [2, 3], [3]]) == {2, 3}


def test_one_article_keeps_everything_in_its_graph():
    ds = build_dataset([(A, [t(A, "a"), (PLACE, LABEL, Literal("吉縣"))])])
    assert len(default_graph(ds)) == 0
    assert {k: len(g) for k, g in named_graphs(ds).items()} == {A: 2}


def test_a_file_without_named_graphs_is_split_by_subject():
    g = Graph().parse(FIXTURES / "mini.ttl")
    rest, parts = by_article(g)
    assert set(parts) == {DEFAULT_BASE + "article/linfen", DEFAULT_BASE + "article/zhuolu"}
    assert sum(len(p) for p in parts.values()) + len(rest) == len(g)
    assert not [s for s in rest.subjects() if str(s).startswith(DEFAULT_BASE + "article/")]
    default, loaded = split(load_dataset(FIXTURES / "mini.ttl"))
    assert {k: len(v) for k, v in loaded.items()} == {k: len(v) for k, v in parts.items()}
    assert len(default) == len(rest)
