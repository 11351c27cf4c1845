"""`--infer` (kg/rdf/infer.py): the rules give owlrl's answers to every saved query."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal

from kg.pipeline import build
from kg.rdf.files import load_graph
from kg.rdf.infer import RULES, cache_dir, materialise, ontology_closure
from kg.rdf.writer import write
from kg.resources.ontology import ontology
from kg.store.local import ox_store, run_oxigraph
from kg.store.saved import list_queries, prepare

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
QUERIES = list_queries()


@pytest.fixture(scope="module")
def graphs(tmp_path_factory) -> dict[str, Path]:
    """The seed (TriG: named graphs) and the fixture articles (Turtle), built once."""
    out = tmp_path_factory.mktemp("infer")
    seed, fixtures = out / "seed.trig", out / "fixtures.ttl"
    write(build([ROOT / "seeds"]), seed)
    write(build(sorted(FIXTURES.glob("*-*.txt"))), fixtures)
    return {"seed": seed, "fixtures": fixtures, "mini": FIXTURES / "mini.ttl"}


def owlrl_store(path: Path):
    """The reference: data + ontology with owlrl's full OWL 2 RL closure, in one graph."""
    import owlrl

    g = Graph()
    for t in load_graph(path):
        g.add(t)
    for t in ontology():
        g.add(t)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(g)
    for t in [t for t in g if isinstance(t[0], Literal)]:
        g.remove(t)
    store = ox.Store()
    store.load(g.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def answers(store, query) -> Counter:
    params = {p.name: p.example for p in query.params}
    result = run_oxigraph(prepare(query, params), store)
    if result.boolean is not None:
        return Counter([result.boolean])
    return Counter(tuple(str(c) for c in row) for row in result.rows)


@pytest.mark.parametrize("name", ["seed", "fixtures", "mini"])
def test_every_saved_query_with_infer_answers_as_owlrl(graphs, name):
    reference, ours = owlrl_store(graphs[name]), ox_store(graphs[name], infer=True)
    differ = [q.name for q in QUERIES if answers(reference, q) != answers(ours, q)]
    assert differ == []
    assert sum(len(answers(ours, q)) for q in QUERIES) > 0


def triples(store) -> set[str]:
    return {f"{q.subject} {q.predicate} {q.object}" for q in store}


OWL = "http://www.w3.org/2002/07/owl#"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def test_the_rules_derive_owlrls_triples_but_the_trivial_ones(graphs):
    reference, ours = owlrl_store(graphs["seed"]), ox_store(graphs["seed"], infer=True)
    missing = triples(reference) - triples(ours)
    kinds = Counter()
    for t in missing:
        s, p, o = t.split(" ", 2)
        # owlrl adds owl:disjointWith between the XSD datatypes the literals use (dt-* axioms), and
        # `x a owl:Thing`, `x owl:sameAs x` of every node: no query learns anything from them
        kind = ("disjoint" if p == f"<{OWL}disjointWith>" else "thing" if (p, o) == (TYPE, f"<{OWL}Thing>")
                else "same" if p == f"<{OWL}sameAs>" and s == o else t)
        kinds[kind] += 1
    assert set(kinds) == {"disjoint", "thing", "same"}, sorted(kinds)[:5]
    assert kinds["same"] >= kinds["thing"] > 500  # every node of the seed, left out
    assert triples(ours) - triples(reference) == set()


def test_inferences_never_repeat_a_triple_another_graph_holds(graphs):
    store = ox_store(graphs["seed"], infer=True)
    counts = Counter((q.subject, q.predicate, q.object) for q in store)
    assert [t for t, n in counts.items() if n > 1] == []


def test_materialise_writes_into_the_graph_it_is_given_and_reaches_a_fixpoint(graphs):
    store = ox.Store()
    store.load(path=str(graphs["mini"]), format=ox.RdfFormat.TURTLE)
    before = len(store)
    target = ox.NamedNode("https://w3id.org/fupin-kg/id/graph/inferred")
    counts = materialise(store, graph=target)
    assert counts["cax-sco"] > 0 and counts["prp-trp"] > 0
    assert len(store) - before == len(list(store.quads_for_pattern(None, None, None, target)))
    again = materialise(store, graph=target)
    assert set(again.values()) == {0}
    assert set(RULES) <= set(counts)


def test_the_ontology_closure_is_cached_by_the_ontologys_hash(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = ontology_closure()
    (cached,) = cache_dir().glob("ontology-closure-*.nt")
    assert cached.read_bytes() == first
    cached.write_bytes(first + b"<urn:x> <urn:y> <urn:z> .\n")  # the cache is what is read
    assert ontology_closure().endswith(b"<urn:z> .\n")
    assert b"<https://w3id.org/fupin-kg/ontology#partOf>" in first


def test_an_unwritable_cache_folder_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert b"owl#TransitiveProperty" in ontology_closure()


def test_infer_on_a_store_answers_as_owlrl_on_the_file_it_was_built_from(tmp_path, capsys):
    """`kg query --infer --store`: every saved query through the CLI, against owlrl's closure of the
    TriG file built from the same articles; the store folder is left as it was."""
    from helpers import cli
    from kg.store.cache import files_stamp
    from kg.store.disk import inferred_copy

    articles = [str(ROOT / "seeds"), *map(str, sorted(FIXTURES.glob("*-*.txt")))]
    db, trig = tmp_path / "db", tmp_path / "all.trig"
    assert cli(capsys, "build", *articles, "--store", str(db))[0] == 0
    assert cli(capsys, "build", *articles, "-o", str(trig))[0] == 0
    stamp = files_stamp(db)
    reference, copy = owlrl_store(trig), inferred_copy(db)
    assert [q.name for q in QUERIES if answers(reference, q) != answers(copy, q)] == []
    for q in ("places-within", "officials"):
        params = [a for p in next(x for x in QUERIES if x.name == q).params for a in ("-p", f"{p.name}={p.example}")]
        code, out, err = cli(capsys, "query", q, *params, "--infer", "--store", str(db), "-f", "csv")
        assert code == 0, err
        assert out == cli(capsys, "query", q, *params, "--infer", "--graph", str(trig), "-f", "csv")[1]
        assert out.count("\n") > 1
    assert files_stamp(db) == stamp
