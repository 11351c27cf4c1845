"""Command line for the ontology documentation: `kg docs`."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.cli.app import DEFAULT_GRAPH, err
from kg.model.errors import InputError


def docs_cmd(
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder for index.html and classes.svg.")]
    = Path("out/docs"),
    graph: Annotated[Optional[Path], typer.Option("--graph", "-g", help="Graph whose triples are the examples "
                                                  "[default: out/graph.ttl, else the articles in seeds/].")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace files even when kg did not write them.")] = False,
) -> None:
    """Write HTML documentation of the ontology and the SHACL shapes, with example triples."""
    # lazy: the library pulls in rdflib; `kg --help` should not wait for it
    from kg.rdf.docs import diagram_svg, render, terms_of
    from kg.rdf.files import atomic_write, check_target, load_graph
    from kg.resources.ontology import ontology, shapes

    index, svg_path = output / "index.html", output / "classes.svg"
    for target in (index, svg_path):
        check_target(target, force=force)
    if graph is None and not DEFAULT_GRAPH.is_file() and Path("seeds").is_dir():
        data = _seed_graph()
    else:
        data = load_graph(graph or DEFAULT_GRAPH)
    svg = diagram_svg(ontology(), terms_of(ontology()))
    page = render(ontology(), shapes(), data, svg=svg)
    atomic_write(svg_path, svg, force=force)
    atomic_write(index, page, force=force)
    terms = terms_of(ontology())
    err(f"wrote {index}: {len(terms.classes)} classes, {len(terms.properties)} properties, "
        f"examples from {len(data)} triples")


def _seed_graph():
    """The articles in seeds/, built in memory (when no graph file was given or found)."""
    from kg.pipeline import build  # lazy: see docs_cmd
    from kg.rdf.writer import merged

    result = build([Path("seeds")])
    if not result.articles:
        raise InputError("no article could be built for the examples", where="seeds/",
                         fix="pass --graph FILE written by `kg build`")
    return merged(result)


def register(app: typer.Typer) -> None:
    """Add `kg docs` to the `kg` app."""
    app.command("docs")(docs_cmd)
