"""`kg viz`: write the interactive, offline HTML view of a graph."""
from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.cli.app import DEFAULT_GRAPH
from kg.cli.progress import progress
from kg.model.errors import KgError


class ViewOptionError(KgError):
    """A --focus, --place, --types or --lang value the graph cannot satisfy."""


def viz(
    graph: Annotated[Optional[Path], typer.Argument(help="Graph file [default: out/graph.ttl].")] = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write.")] = Path("out/graph.html"),
    focus: Annotated[Optional[str], typer.Option("--focus", help="Show the neighbourhood of this entity "
                                                 "(IRI, id:… or label).")] = None,
    depth: Annotated[int, typer.Option("--depth", min=0, help="Steps around --focus.")] = 2,
    types: Annotated[Optional[str], typer.Option("--types", help="Only these classes, comma-separated "
                                                 "(Person,County,Meeting …).")] = None,
    place: Annotated[Optional[str], typer.Option("--place", help="Only a place, the places in it and "
                                                 "what is linked to them (label or IRI).")] = None,
    max_nodes: Annotated[Optional[int], typer.Option("--max-nodes", min=1, help="Node cap (default 250); the most "
                                                     "central entities are kept.")] = None,
    lang: Annotated[str, typer.Option("--lang", help="zh (the articles' script) or en: edge labels, "
                                      "legend and tooltips.")] = "zh",
    plumbing: Annotated[bool, typer.Option("--plumbing", help="Also show provenance, time and role "
                                           "nodes.")] = False,
    facts: Annotated[bool, typer.Option("--facts", help="Draw funding amounts, statistics and dates as nodes "
                                        "(the detailed view; the default for one article).")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace the output even when kg did not "
                                        "write it.")] = False,
    store: Annotated[Optional[Path], typer.Option("--store", help="A store folder written by `kg build "
                                                  "--store` (read as it is) instead of a graph file.")] = None,
) -> None:
    """Write an interactive HTML view of the graph (one file, works offline): every fact for one
    article; for a corpus the entity view (people, organisations, places, initiatives, documents)."""
    # lazy: the view pulls in rdflib and networkx; `kg --help` should not wait for them
    from kg.rdf.files import atomic_write, check_target, check_well_typed
    from kg.store.disk import open_dataset
    from kg.viz.entities import DEFAULT_MAX_NODES, ViewError, ViewOptions
    from kg.viz.page import render_html
    from kg.viz.selection import build_view

    if lang not in ("zh", "en"):
        raise ViewOptionError(f"unknown --lang {lang!r}", fix="use --lang zh or --lang en")
    t0 = time.perf_counter()
    data = open_dataset(graph, store, default=DEFAULT_GRAPH)
    graph = Path(data.name)
    check_target(output, force=force, inputs=(graph,))  # before the work: g.ttl -o g.ttl is refused
    with progress(f"reading {graph.name}") as bar:  # a bar on a terminal only
        g = check_well_typed(data.graph(), where=str(graph))
        corpus = not (facts or plumbing or focus or types) and article_count(g) > 1
        if corpus:
            bar.describe("folding facts into entities")
            page, note = corpus_page(g, output=output, title=f"fupin-kg · {graph.name}", lang=lang,
                                     place=place, max_nodes=max_nodes)
            atomic_write(output, page.encode("utf-8"), force=force, inputs=(graph,))
    if corpus:
        typer.echo(f"wrote {output}: {note} ({time.perf_counter() - t0:.1f} s)", err=True)
        return
    options = ViewOptions(focus=focus, depth=depth, place=place, lang=lang, plumbing=plumbing,
                          types=tuple(t.strip() for t in (types or "").split(",") if t.strip()),
                          max_nodes=max_nodes or DEFAULT_MAX_NODES)
    with progress("laying out the view"):
        try:
            view = build_view(g, options)
        except ViewError as exc:
            what, _, fix = str(exc).partition(" — ")
            raise ViewOptionError(what, where=str(graph), fix=fix or None) from None
        page = render_html(view, title=f"fupin-kg · {graph.name}")
        atomic_write(output, page.encode("utf-8"), force=force, inputs=(graph,))
    typer.echo(f"wrote {output}: {view.graph.number_of_nodes()} nodes, {view.graph.number_of_edges()} edges "
               f"of {view.total_entities} entities ({time.perf_counter() - t0:.1f} s)", err=True)
    for note in view.notes:
        typer.echo(f"note: {note}", err=True)


def article_count(g) -> int:
    """How many articles the graph holds."""
    # lazy: as in viz
    from rdflib.namespace import RDF
    from kg.model.namespaces import SCHEMA

    return sum(1 for _ in g.subjects(RDF.type, SCHEMA.NewsArticle))


def corpus_page(g, *, output: Path, title: str, lang: str, place: str | None, max_nodes: int | None):
    """The entity view of a corpus as HTML, and a one-line summary."""
    # lazy: as in viz
    from kg.viz.corpus import corpus_data, narrow
    from kg.viz.entities import ViewError
    from kg.viz.corpus_page import DEFAULT_CORPUS_NODES, render_corpus_html

    corpus = corpus_data(g, lang=lang)
    notes = []
    if place:
        try:
            notes.append(narrow(corpus, place))
        except ViewError as exc:
            what, _, fix = str(exc).partition(" — ")
            raise ViewOptionError(what, fix=fix or None) from None
    map_href = "map.html" if (output.parent / "map.html").is_file() and output.name != "map.html" else None
    cap = max_nodes or DEFAULT_CORPUS_NODES
    page = render_corpus_html(corpus, title=title, max_nodes=cap, map_href=map_href, notes=notes)
    return page, (f"entity view of {len(corpus.articles)} articles: {len(corpus.nodes)} entities, "
                  f"{len(corpus.edges)} links, {min(cap, len(corpus.nodes))} drawn at first; --facts draws fact nodes")


def map_(
    graph: Annotated[Optional[Path], typer.Argument(help="Graph file [default: out/graph.ttl].")] = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write.")] = Path("out/map.html"),
    lang: Annotated[str, typer.Option("--lang", help="zh (the articles' script) or en.")] = "zh",
    force: Annotated[bool, typer.Option("--force", help="Replace the output even when kg did not "
                                        "write it.")] = False,
    store: Annotated[Optional[Path], typer.Option("--store", help="A store folder written by `kg build "
                                                  "--store` (read as it is) instead of a graph file.")] = None,
) -> None:
    """Write an offline map of the graph's places (one file: province outlines, a marker per place)."""
    # lazy: as in viz
    from kg.rdf.files import atomic_write, check_target, check_well_typed
    from kg.store.disk import open_dataset
    from kg.viz.geo import map_page

    if lang not in ("zh", "en"):
        raise ViewOptionError(f"unknown --lang {lang!r}", fix="use --lang zh or --lang en")
    t0 = time.perf_counter()
    data = open_dataset(graph, store, default=DEFAULT_GRAPH)
    graph = Path(data.name)
    check_target(output, force=force, inputs=(graph,))
    with progress(f"reading {graph.name}") as bar:  # a bar on a terminal only
        g = check_well_typed(data.graph(), where=str(graph))
        bar.describe("placing the places")
        view = output.parent / "graph.html"
        page, placed = map_page(g, title=f"fupin-kg · {graph.name}", lang=lang,
                                view_href=view.name if view.is_file() and view != output else None)
        atomic_write(output, page.encode("utf-8"), force=force, inputs=(graph,))
    typer.echo(f"wrote {output}: {len(placed['places'])} places on the map, {placed['missing']} without coordinates "
               f"({time.perf_counter() - t0:.1f} s)", err=True)


def register(app: typer.Typer) -> None:
    """Add `kg viz` and `kg map` to the CLI."""
    app.command("viz")(viz)
    app.command("map")(map_)
