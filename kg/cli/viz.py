"""`kg viz`: write the interactive, offline HTML view of a graph."""
from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.cli.app import DEFAULT_GRAPH
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
    force: Annotated[bool, typer.Option("--force", help="Replace the output even when kg did not "
                                        "write it.")] = False,
    store: Annotated[Optional[Path], typer.Option("--store", help="A store folder written by `kg build "
                                                  "--store` (read as it is) instead of a graph file.")] = None,
) -> None:
    """Write an interactive HTML view of the graph (one file, works offline)."""
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
    g = check_well_typed(data.graph(), where=str(graph))
    options = ViewOptions(focus=focus, depth=depth, place=place, lang=lang, plumbing=plumbing,
                          types=tuple(t.strip() for t in (types or "").split(",") if t.strip()),
                          max_nodes=max_nodes or DEFAULT_MAX_NODES)
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


def register(app: typer.Typer) -> None:
    """Add `kg viz` to the CLI."""
    app.command("viz")(viz)
