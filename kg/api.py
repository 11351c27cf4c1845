"""The Python API behind `kg.build`, `kg.extract`, `kg.query`, `kg.view` and `kg.validate`.

Each function wraps the stage the matching `kg` command calls, and takes graphs, paths
or text directly. Errors are `kg.KgError`s with the same one-line messages as the CLI.
"""
from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Dataset, Graph

from kg.extract.segments import extract_article as run_extractors  # a long text segment by segment
from kg.model.errors import InputError, KgError
from kg.model.namespaces import DEFAULT_BASE, IRIs
from kg.model.records import Extraction
from kg.pipeline import build as build_files
from kg.pipeline import default_jobs, load_document
from kg.rdf import named
from kg.rdf.files import atomic_write, load_dataset
from kg.rdf.graph import ntriples_lines, to_ntriples
from kg.rdf.validate import validate_graph
from kg.rdf.writer import CorpusBuild, as_corpus, dataset
from kg.store import results
from kg.store.local import run_oxigraph
from kg.store.saved import SavedQuery, adhoc, load_query, prepare, run
from kg.text.clean import clean
from kg.text.script import has_han
from kg.viz.entities import ViewOptions
from kg.viz.page import render_html
from kg.viz.selection import build_view

if TYPE_CHECKING:
    import pandas

Source = str | Path
GraphLike = Graph | Dataset


# -- build and extract -------------------------------------------------------------

def build(*sources: Source, jobs: int | None = None, base: str = DEFAULT_BASE) -> Dataset:
    """Build the knowledge graph of articles: each source is a file, a folder or article text.

    Returns an rdflib Dataset: each article's own triples in its named graph, triples that
    several articles state in the default graph (as `kg build -o x.trig` writes them).
    `jobs`: worker processes for files (default: all cores). Raises `kg.KgError` naming
    every input that could not be built.
    """
    if not sources:
        raise InputError("nothing to build", fix="pass files, folders or article text")
    paths = [s for s in sources if not _is_text(s)]
    texts = [str(s) for s in sources if _is_text(s)]
    result = as_corpus(build_files(paths, base=base, jobs=jobs or default_jobs(), ntriples=True)) \
        if paths else CorpusBuild()
    if result.failures:
        raise InputError("; ".join(result.failures), fix="fix or leave out these inputs")
    iris = IRIs(base)
    for text in texts:
        ex = extract(text)
        result.chunks.append((str(iris.article(ex.doc.id)), ntriples_lines(to_ntriples(ex, base=base))))
        result.articles += 1
    return dataset(result)


def extract(text: str | Path) -> Extraction:
    """The typed records (places, people, amounts, …) of one article's text (or file)."""
    if isinstance(text, Path):
        return run_extractors(load_document(text))
    if not has_han(text):
        raise InputError("no Chinese text found; not an article", fix="pass a Chinese news article")
    return run_extractors(clean(text, article_id=_text_id(text)))


def _is_text(source: Source) -> bool:
    """Article text rather than a path: it holds a line break or Chinese and names no file."""
    if isinstance(source, Path):
        return False
    if "\n" in source:
        return True
    try:
        return has_han(source) and not Path(source).exists()
    except OSError:  # too long for a file name
        return True


def _text_id(text: str) -> str:
    return "text-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


# -- query -------------------------------------------------------------------------

@dataclass
class Result:
    """Rows of a query: `columns`, and `rows` as dicts of plain Python values (str, int,
    float, bool, None); `terms` keeps the RDF terms of each row."""

    columns: list[str]
    rows: list[dict[str, Any]]
    terms: list[tuple] = field(default_factory=list, repr=False)
    boolean: bool | None = None  # the answer of an ASK query

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.rows)

    def to_csv(self) -> str:
        """The rows as CSV text with a header line (IRIs in full)."""
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows(results.plain_rows(results.Result(columns=self.columns, rows=self.terms)))
        return buf.getvalue()

    def to_dataframe(self) -> pandas.DataFrame:
        """The rows as a pandas DataFrame (needs pandas)."""
        try:
            import pandas as pd  # optional: only this method needs pandas
        except ImportError:
            raise ImportError("Result.to_dataframe() needs pandas: pip install pandas "
                              "(or use .rows, a list of dicts, or .to_csv())") from None
        return pd.DataFrame(self.rows, columns=self.columns)


def query(graph: GraphLike | Source, name_or_sparql: str, /, **params: object) -> Result:
    """Run a saved query (by name, see `kg queries`) or SPARQL text on a graph.

    `graph` is an rdflib Graph or Dataset, a graph file, or a SPARQL endpoint URL;
    `params` are the saved query's parameters (`place="吉縣"`), bound as RDF terms.
    """
    q = _query(name_or_sparql)
    values = {k: str(v) for k, v in params.items()}
    if isinstance(graph, Graph):  # Dataset is a Graph too
        raw = run_oxigraph(prepare(q, values), _ox_store(graph))
    elif isinstance(graph, str) and graph.startswith(("http://", "https://")):
        raw = run(q, values, endpoint=graph)
    else:
        raw = run(q, values, graph=graph)
    rows = [dict(zip(raw.columns, map(results.python_value, row))) for row in raw.rows]
    return Result(columns=list(raw.columns), rows=rows, terms=list(raw.rows), boolean=raw.boolean)


def _query(name_or_sparql: str) -> SavedQuery:
    text = name_or_sparql.strip()
    if any(word in text.upper() for word in ("SELECT", "ASK")) and ("{" in text):
        return adhoc(text)
    return load_query(text)


def _ox_store(graph: GraphLike):
    import pyoxigraph as ox  # lazy: the native store loads only when a query runs

    store = ox.Store()
    with named.quiet_rdflib():
        if isinstance(graph, Dataset):
            store.load(graph.serialize(format="nquads", encoding="utf-8"), format=ox.RdfFormat.N_QUADS)
        else:
            store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


# -- view and validate -------------------------------------------------------------

def view(graph: GraphLike | Source, path: Source, **options: Any) -> Path:
    """Write the interactive HTML view of a graph to `path`; returns the path.

    `options` are those of `kg viz`: focus, depth, types (a tuple of class names), place,
    max_nodes, lang ("zh" or "en"), plumbing.
    """
    g = _graph(graph)
    try:
        opts = ViewOptions(**options)
    except TypeError as exc:
        raise KgError(f"unknown view option: {exc}", fix=f"use {', '.join(ViewOptions.__annotations__)}") from None
    page = render_html(build_view(g, opts), title=f"fupin-kg · {Path(path).name}")
    atomic_write(path, page)
    return Path(path)


@dataclass(frozen=True)
class Report:
    """The outcome of SHACL validation: `conforms`, and pySHACL's report `text`."""

    conforms: bool
    text: str

    def __bool__(self) -> bool:
        return self.conforms


def validate(graph: GraphLike | Source) -> Report:
    """Check a graph (or a graph file) against the SHACL shapes in ontology/shapes.ttl."""
    conforms, text = validate_graph(_graph(graph))
    return Report(conforms, text)


def _graph(graph: GraphLike | Source) -> Graph:
    """One merged rdflib Graph of a graph, a dataset or a graph file."""
    if isinstance(graph, (str, Path)):
        graph = load_dataset(graph)
    if isinstance(graph, Dataset):
        merged = Graph()
        for prefix, ns in graph.namespaces():
            merged.bind(prefix, ns)
        for s, p, o, _ in graph.quads():
            merged.add((s, p, o))
        return merged
    return graph
