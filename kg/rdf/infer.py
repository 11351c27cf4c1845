"""`--infer`: the OWL 2 RL entailments the saved queries rely on, as SPARQL rules in Oxigraph.

The ontology's own OWL 2 RL closure (owlrl, W3C OWL 2 Profiles §4.3) is computed once and
cached under the user cache folder, keyed by a hash of ontology/fupin.ttl. `materialise(store)`
adds it to a pyoxigraph Store and then runs rules over the data to a fixpoint: each rule is a
CONSTRUCT over the union of the store's graphs that returns only triples not yet there, and its
results are written into one graph (the default graph unless told otherwise). The rules are the
OWL 2 RL rules that fire on data written by `kg build`: cax-sco (subclasses), prp-spo1, prp-trp
(any owl:TransitiveProperty, fupin:partOf), prp-inv1/2, prp-symp, prp-dom and prp-rng, so the
saved queries answer as over owlrl's full closure (tests/test_infer.py checks every saved query
against owlrl). Two entailments that hold of every node and say nothing are left out of the
data: `x a owl:Thing` and `x owl:sameAs x` (eq-ref). They were a quarter of the store's triples
on a large corpus and half the time of the rules. Schema triples in the data (a subclass axiom
inside an article) are outside these rules: the schema is the ontology's.
"""
from __future__ import annotations

import hashlib
import re

from kg.resources.ontology import cache_dir, ontology, ontology_path, write_cache  # noqa: F401  (cache_dir: the API)

OWL = "http://www.w3.org/2002/07/owl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
TYPE = "BIND(rdf:type AS ?v)"
PREFIXES = f"PREFIX owl: <{OWL}>\nPREFIX rdf: <{RDF}>\nPREFIX rdfs: <{RDFS}>\n"

# Bumped when the closure's recipe changes, so that old cache files are not read.
CLOSURE_VERSION = "1"

# name → (head, body, predicates read, predicates written). A body's `<<s p o>>` is a triple
# pattern over every graph of the store (the default graph and the named ones). Each query
# after "reads"/"writes" lists those predicates as ?v bindings, from the schema in the store.
RULES: dict[str, tuple[str, str, str, str]] = {
    "prp-trp": ("?x ?p ?z", "<<?p a owl:TransitiveProperty>> <<?x ?p ?y>> <<?y ?p ?z>>",
                "<<?v a owl:TransitiveProperty>>", "<<?v a owl:TransitiveProperty>>"),
    "prp-inv1": ("?y ?q ?x", "<<?p owl:inverseOf ?q>> <<?x ?p ?y>> FILTER(!isLiteral(?y))",
                 "<<?v owl:inverseOf ?q>>", "<<?p owl:inverseOf ?v>>"),
    "prp-inv2": ("?y ?p ?x", "<<?p owl:inverseOf ?q>> <<?x ?q ?y>> FILTER(!isLiteral(?y))",
                 "<<?p owl:inverseOf ?v>>", "<<?v owl:inverseOf ?q>>"),
    "prp-symp": ("?y ?p ?x", "<<?p a owl:SymmetricProperty>> <<?x ?p ?y>> FILTER(!isLiteral(?y))",
                 "<<?v a owl:SymmetricProperty>>", "<<?v a owl:SymmetricProperty>>"),
    "prp-spo1": ("?x ?q ?y", "<<?p rdfs:subPropertyOf ?q>> FILTER(?p != ?q) <<?x ?p ?y>>",
                 "<<?v rdfs:subPropertyOf ?q>> FILTER(?v != ?q)", "<<?p rdfs:subPropertyOf ?v>> FILTER(?v != ?p)"),
    "prp-dom": ("?x a ?c", "<<?p rdfs:domain ?c>> <<?x ?p ?y>>", "<<?v rdfs:domain ?c>>", TYPE),
    "prp-rng": ("?y a ?c", "<<?p rdfs:range ?c>> <<?x ?p ?y>> FILTER(!isLiteral(?y))",
                "<<?v rdfs:range ?c>>", TYPE),
    "cax-sco": ("?x a ?d", "<<?c rdfs:subClassOf ?d>> FILTER(?c != ?d && ?d != owl:Thing) <<?x a ?c>>", TYPE, TYPE),
}
# Rules whose schema relation the ontology's closure already makes transitive (scm-spo,
# scm-sco): one application adds everything their own output could lead them to.
CLOSED = {"prp-spo1", "cax-sco"}


def _union(body: str) -> str:
    """Expand each `<<s p o>>` into a pattern over the default graph and every named graph."""
    n = iter(range(1 << 20))
    return re.sub(r"<<(.+?)>>", lambda m: f"{{ {{ {m[1]} }} UNION {{ GRAPH ?g{next(n)} {{ {m[1]} }} }} }}", body)


def ontology_closure() -> bytes:
    """N-Triples of the ontology's OWL 2 RL closure (owlrl), from the cache when it is there."""
    source = ontology_path().read_bytes()
    key = hashlib.sha256(source + CLOSURE_VERSION.encode()).hexdigest()[:20]
    cached = cache_dir() / f"ontology-closure-{key}.nt"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    data = _compute_closure()
    write_cache(cached, data)
    return data


def _compute_closure() -> bytes:
    import owlrl  # lazy: only a cold cache needs the reasoner
    from rdflib import Graph, Literal  # lazy, with owlrl

    g = Graph()
    for t in ontology():
        g.add(t)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(g)
    lines = sorted(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in g if not isinstance(s, Literal))
    return "".join(lines).encode("utf-8")


def materialise(store, *, graph=None, max_rounds: int = 100) -> dict[str, int]:
    """Add the ontology's closure and the rules' entailments to a pyoxigraph Store, to a fixpoint.

    Works on any Store (in memory or opened from a folder). Triples are read from every graph
    of the store and written into `graph` (a pyoxigraph graph name; default: the default
    graph). Returns how many triples each rule added.
    """
    import pyoxigraph as ox  # lazy: the native store loads only when asked

    target = graph if graph is not None else ox.DefaultGraph()
    # the ontology's triples that no graph holds yet (articles may state a concept's notation)
    store.extend([ox.Quad(t.subject, t.predicate, t.object, target)
                  for t in ox.parse(ontology_closure(), format=ox.RdfFormat.N_TRIPLES)
                  if next(store.quads_for_pattern(t.subject, t.predicate, t.object), None) is None])
    into = "{ %s }" if isinstance(target, ox.DefaultGraph) else f"{{ GRAPH {target} {{ %s }} }}"
    reads = {name: _predicates(store, rule[2]) for name, rule in RULES.items()}
    writes = {name: _predicates(store, rule[3]) for name, rule in RULES.items()}
    counts = dict.fromkeys(RULES, 0)
    changed: dict[str, int] = {}  # predicate → step at which triples were last added with it
    last_run: dict[str, int] = {}
    step = 0
    for _ in range(max_rounds):
        ran = False
        for name, (head, body, _, _) in RULES.items():
            if name in last_run and not _stale(name, reads[name], changed, last_run[name]):
                continue
            step += 1
            before = _counts(store, target, writes[name])
            store.update(f"{PREFIXES}INSERT {into % head} WHERE "
                         f"{{ {_union(body)} FILTER NOT EXISTS {_union(f'<<{head}>>')} }}")
            grown = {p: n - before.get(p, 0) for p, n in _counts(store, target, writes[name]).items()
                     if n > before.get(p, 0)}
            last_run[name], ran = step, True
            counts[name] += sum(grown.values())
            changed.update(dict.fromkeys(grown, step))
        if not ran:
            break
    else:  # pragma: no cover - the rules are monotone over a finite vocabulary
        raise RuntimeError(f"inference did not reach a fixpoint in {max_rounds} rounds")
    return counts


def _stale(name: str, reads: set[str], changed: dict[str, int], last: int) -> bool:
    """Whether a rule read a predicate that gained triples after its last run (its own
    additions count only for a rule not in CLOSED)."""
    return any(changed.get(p, 0) > last or (changed.get(p) == last and name not in CLOSED) for p in reads)


def _predicates(store, pattern: str) -> set[str]:
    """The predicates (as N-Triples IRIs) that `pattern` binds to ?v."""
    rows = store.query(f"{PREFIXES}SELECT DISTINCT ?v WHERE {{ {_union(pattern)} FILTER(isIRI(?v)) }}")
    return {str(row[0]) for row in rows}


def _counts(store, target, predicates: set[str]) -> dict[str, int]:
    """How many triples of the target graph have each of these predicates (N-Triples IRIs)."""
    if not predicates:
        return {}
    import pyoxigraph as ox  # lazy: as in materialise

    values = " ".join(sorted(predicates))
    pattern = "?s ?p ?o" if isinstance(target, ox.DefaultGraph) else f"GRAPH {target} {{ ?s ?p ?o }}"
    rows = store.query(f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ VALUES ?p {{ {values} }} {pattern} }} GROUP BY ?p")
    return {str(row[0]): int(row[1].value) for row in rows}
