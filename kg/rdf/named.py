"""Which triples go in which named graph: the one rule for the writer, the loader and push.

Each article states its triples. A triple that one article states goes in that article's
named graph (named by the article's IRI); a triple that two or more articles state
(shared places, dates, posts …) goes once in the default graph. So the union of the graphs
holds every triple once, and a query over it (a union default graph) neither repeats rows
nor inflates SUM and COUNT. TriG and N-Quads files (https://www.w3.org/TR/trig/) keep the
split; `push` stores it on an endpoint, where the default graph's triples go in
`SHARED_GRAPH`.
"""
from __future__ import annotations

import logging
import warnings
from collections.abc import Hashable, Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF

from kg.model.namespaces import DEFAULT_BASE, SCHEMA, bind_prefixes

T = TypeVar("T", bound=Hashable)

# On an endpoint, the build's default graph is stored in this named graph: endpoints differ on
# whether their default graph is writable, and a union default graph reads it either way.
SHARED_GRAPH = URIRef(DEFAULT_BASE + "graph/shared")


def shared(statements: Iterable[Iterable[T]]) -> set[T]:
    """The triples that two or more articles state (each item: one article's triples)."""
    seen: set[T] = set()
    twice: set[T] = set()
    for triples in statements:
        for t in set(triples):
            (twice if t in seen else seen).add(t)
    return twice


def partition(statements: Iterable[tuple[str, Iterable[T]]]) -> tuple[list[T], dict[str, list[T]]]:
    """(default graph, {article IRI: its named graph}) for each article's statements."""
    items = [(name, list(triples)) for name, triples in statements]
    common = shared(triples for _, triples in items)
    own: dict[str, list[T]] = {}
    for name, triples in items:
        own.setdefault(name, []).extend(t for t in dict.fromkeys(triples) if t not in common)
    return sorted(common, key=str), own


@contextmanager
def quiet_rdflib() -> Iterator[None]:
    """rdflib 7.6 warns about its own deprecated Dataset internals when reading and writing quads,
    and logs a traceback for every ill-typed literal ("lots"^^xsd:decimal); kg reports those
    itself (`kg.rdf.files.ill_typed`)."""
    term_log = logging.getLogger("rdflib.term")
    level = term_log.level
    term_log.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"rdflib(\.|$)")
            yield
    finally:
        term_log.setLevel(level)


def dataset(quads: Iterable[tuple]) -> Dataset:
    """An rdflib Dataset of (s, p, o, graph) quads; graph None is the default graph."""
    with quiet_rdflib():
        return _dataset(quads)


def _dataset(quads: Iterable[tuple]) -> Dataset:
    ds = bind_prefixes(Dataset())
    default = default_graph(ds)
    graphs: dict[URIRef, Graph] = {}
    for s, p, o, g in quads:
        if g is None:
            default.add((s, p, o))
        else:
            if g not in graphs:
                graphs[g] = ds.graph(g)
            graphs[g].add((s, p, o))
    return ds


def default_graph(ds: Dataset) -> Graph:
    """The default graph of a dataset (`default_graph` since rdflib 7.6, `default_context` before)."""
    return ds.default_graph if hasattr(type(ds), "default_graph") else ds.default_context


def named_graphs(ds: Dataset) -> dict[str, Graph]:
    """The dataset's non-empty named graphs by IRI, sorted."""
    default = default_graph(ds).identifier
    return dict(sorted((str(g.identifier), g) for g in ds.graphs() if g.identifier != default and len(g)))


def build_dataset(statements: Iterable[tuple[str, Iterable[tuple]]]) -> Dataset:
    """The Dataset of a build (each article's IRI and triples), split by the rule above."""
    common, own = partition(statements)
    quads = [(*t, None) for t in common]
    for name, triples in own.items():
        quads.extend((*t, URIRef(name)) for t in triples)
    return dataset(quads)


def by_article(graph: Graph) -> tuple[Graph, dict[str, Graph]]:
    """(shared triples, {article IRI: its triples}) recovered from a merged graph.

    A file without named graphs no longer says which article stated what; an article is
    taken to state the triples about itself and its parts (its IRI, or IRIs under it: text
    spans, facts), and everything else (places, people, posts …) is shared.
    """
    rest, triples = article_triples(graph)
    return _graph(rest), {a: _graph(ts) for a, ts in triples.items()}


def article_triples(graph: Graph) -> tuple[list, dict[str, list]]:
    """`by_article` as lists of triples: one pass, each subject's owner looked up once."""
    articles = {str(a) for a in graph.subjects(RDF.type, SCHEMA.NewsArticle)}
    triples: dict[str, list] = {a: [] for a in sorted(articles)}
    rest: list = []
    owners: dict[object, str | None] = {}
    for t in graph:
        owner = owners.get(t[0], "")
        if owner == "":
            owner = owners[t[0]] = _owner(str(t[0]), articles)
        (triples[owner] if owner else rest).append(t)
    return rest, triples


def _owner(subject: str, articles: set[str]) -> str | None:
    """The longest article IRI that is the subject or a path prefix of it (one pass over the
    subject's `/` positions, so the split is linear in the triples, whatever the article count)."""
    end = len(subject)
    while end > 0:
        if subject[:end] in articles:
            return subject[:end]
        end = subject.rfind("/", 0, end)
    return None


def _graph(triples: list) -> Graph:
    g = Graph()
    g.addN((s, p, o, g) for s, p, o in triples)
    return g


def split_triples(ds: Dataset) -> tuple[list, dict[str, list]]:
    """`split` as lists of triples (no rdflib graphs built: `kg push` only serialises them)."""
    graphs = named_graphs(ds)
    if graphs:
        return list(default_graph(ds)), {iri: list(g) for iri, g in graphs.items()}
    return article_triples(default_graph(ds))


def split(ds: Dataset) -> tuple[Graph, dict[str, Graph]]:
    """(default graph, {graph IRI: graph}) of a loaded dataset; a file without named graphs
    is split with `by_article`."""
    graphs = named_graphs(ds)
    if graphs:
        return default_graph(ds), graphs
    return by_article(default_graph(ds))
