"""Command line for building and checking graphs: `kg build`, `kg validate`, `kg stats`."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.cli.app import DEFAULT_GRAPH, BaseOpt, err
from kg.model.errors import EXIT_USER
from kg.model.base import DEFAULT_BASE  # not kg.model.namespaces: `kg --help` needs no rdflib


def build(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Article files or folders (default: seeds/).")] = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="Output file; format from the extension "
                                         "(.ttl .nt .jsonld .trig .nq .rdf); .trig and .nq hold one "
                                         "named graph per article, shared triples in the default "
                                         "graph.")] = DEFAULT_GRAPH,
    jobs: Annotated[Optional[int], typer.Option("-j", "--jobs", min=1, help="Worker processes "
                                                "(default: all cores).")] = None,
    base: BaseOpt = DEFAULT_BASE,
    force: Annotated[bool, typer.Option("--force", help="Replace the output even when kg did not "
                                        "write it.")] = False,
) -> None:
    """Build the knowledge graph of one or more articles."""
    # lazy, here and below: the library pulls in rdflib; `kg --help` should not wait for it
    from kg.pipeline import build as run_build
    from kg.pipeline import default_jobs, max_jobs
    from kg.rdf.files import check_target, rdf_format
    from kg.rdf.writer import write

    if jobs and jobs > (most := max_jobs()):
        err(f"note: --jobs {jobs} is more than this machine can hold; using {most}")
        jobs = most
    rdf_format(output)  # fail before the work on a bad extension or a file kg must not replace
    check_target(output, force=force, inputs=paths or ())
    result = run_build(list(paths or [Path("seeds")]), base=base, jobs=jobs or default_jobs(),
                       ntriples=True, progress=None)
    for line in result.failures:
        err(f"error: {line}")
    if result.articles:
        triples = write(result, output, base=base, force=force, inputs=paths or ())
        err(f"built {output}: {result.articles} article(s), {triples} triples")
    if result.failures:
        err(f"{len(result.failures)} input(s) failed; "
            + ("the others were built." if result.articles else "nothing was written."))
        raise typer.Exit(EXIT_USER)


def validate(
    graph: Annotated[Path, typer.Argument(help="Graph file to check.")] = DEFAULT_GRAPH,
    jobs: Annotated[Optional[int], typer.Option("-j", "--jobs", min=1, help="Worker processes "
                                                "(default: all cores).")] = None,
) -> None:
    """Check a graph against the SHACL shapes (exit 1 when it does not conform)."""
    from kg.rdf.validate import validate_file  # lazy: see build

    conforms, report = validate_file(graph, jobs=jobs)
    if conforms:
        typer.echo(f"{graph}: conforms")
        return
    typer.echo(report)
    err(f"{graph}: does not conform to ontology/shapes.ttl")
    raise typer.Exit(EXIT_USER)


def stats(
    graph: Annotated[Path, typer.Argument(help="Graph file.")] = DEFAULT_GRAPH,
) -> None:
    """Counts per class, connected components and the most central entities."""
    from kg.viz.stats import render_stats  # lazy: see build

    typer.echo(render_stats(graph))


def register(app: typer.Typer) -> None:
    """Add the build commands to the `kg` app."""
    app.command("build")(build)
    app.command("validate")(validate)
    app.command("stats")(stats)
