"""Command line for building and checking graphs: `kg build`, `kg validate`, `kg stats`."""
from __future__ import annotations

import gc
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
    store: StoreOpt = None,
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="Extract on the Dask cluster of this "
                                                     "scheduler (tcp://HOST:PORT; needs --store and "
                                                     "fupin-kg[cluster]).")] = None,
) -> None:
    """Build the knowledge graph of one or more articles (into a file, or a store with --store)."""
    if store is not None or scheduler is not None:
        return _build_store(paths, store, jobs=jobs, base=base, scheduler=scheduler)
    # lazy, here and below: the library pulls in rdflib; `kg --help` should not wait for it
    from kg.pipeline import build as run_build
    from kg.pipeline import default_jobs, max_jobs
    from kg.rdf.files import check_target, rdf_format
    from kg.rdf.writer import write

    gc.freeze()  # what the imports loaded lives until exit: collections during the build need not scan it
    if jobs and jobs > (most := max_jobs()):
        err(f"note: --jobs {jobs} is more than this machine can hold; using {most}")
        jobs = most
    rdf_format(output)  # fail before the work on a bad extension or a file kg must not replace
    check_target(output, force=force, inputs=paths or ())
    jobs = jobs or default_jobs()
    result = run_build(list(paths or [Path("seeds")]), base=base, jobs=jobs, ntriples=True, progress=None)
    for line in result.failures:
        err(f"error: {line}")
    if result.articles:
        triples = write(result, output, base=base, force=force, inputs=paths or (), jobs=jobs)
        err(f"built {output}: {result.articles} article(s), {triples} triples")
    if result.failures:
        err(f"{len(result.failures)} input(s) failed; "
            + ("the others were built." if result.articles else "nothing was written."))
        raise typer.Exit(EXIT_USER)


StoreOpt = Annotated[Optional[Path], typer.Option("--store", help="A store folder (`kg build --store`): "
                                                  "build into it incrementally, or read it as it is.")]


def _build_store(paths: list[Path] | None, store: Path | None, *, jobs: int | None, base: str,
                 scheduler: str | None) -> None:
    """`kg build --store DIR`: add new articles, replace changed ones, skip the rest."""
    from kg.pipeline import default_jobs, max_jobs  # lazy: see build
    from kg.store.update import build_store

    if store is None:
        err("error: --scheduler needs --store DIR — results are written into a store as they arrive")
        raise typer.Exit(EXIT_USER)
    jobs = min(jobs or default_jobs(), max_jobs())
    summary = build_store(list(paths or [Path("seeds")]), store, base=base, jobs=jobs, scheduler=scheduler,
                          progress=None)
    for line in summary.failures:
        err(f"error: {line}")
    err(summary.line(store))
    if summary.failures:
        err(f"{len(summary.failures)} input(s) failed; the others were built.")
        raise typer.Exit(EXIT_USER)


def remove(
    articles: Annotated[list[str], typer.Argument(help="Article ids (linfen-2017-10-17), id:article/… or IRIs.")],
    store: Annotated[Path, typer.Option("--store", help="The store folder (`kg build --store`).")],
) -> None:
    """Remove articles' graphs from a store (shared triples stay right)."""
    from kg.store.update import remove_articles  # lazy: see build

    err(remove_articles(articles, store).line(store))


def validate(
    graph: Annotated[Optional[Path], typer.Argument(help="Graph file to check [default: out/graph.ttl].")] = None,
    store: StoreOpt = None,
    jobs: Annotated[Optional[int], typer.Option("-j", "--jobs", min=1, help="Worker processes "
                                                "(default: all cores).")] = None,
) -> None:
    """Check a graph against the SHACL shapes (exit 1 when it does not conform)."""
    from kg.rdf.validate import validate_file, validate_quads  # lazy: see build
    from kg.store.disk import open_dataset  # lazy: see build

    data = open_dataset(graph, store, default=DEFAULT_GRAPH)
    graph = Path(data.name)
    if store is None:
        conforms, report = validate_file(graph, jobs=jobs)
    else:  # the same parts, from the store's quads
        conforms, report = validate_quads(_nonempty_quads(data), jobs=jobs, where=str(graph))
    if conforms:
        typer.echo(f"{graph}: conforms")
        return
    typer.echo(report)
    err(f"{graph}: does not conform to ontology/shapes.ttl")
    raise typer.Exit(EXIT_USER)


def stats(
    graph: Annotated[Optional[Path], typer.Argument(help="Graph file [default: out/graph.ttl].")] = None,
    store: StoreOpt = None,
) -> None:
    """Counts per class, connected components and the most central entities."""
    from kg.store.disk import open_dataset  # lazy: see build
    from kg.viz.stats import render_stats  # lazy: see build

    data = open_dataset(graph, store, default=DEFAULT_GRAPH)
    typer.echo(render_stats(data.graph_file) if store is None else _store_stats(data))


def _nonempty_quads(data) -> list:
    from kg.model.errors import InputError  # lazy: see build

    quads = data.ox_quads()
    if not quads:
        raise InputError("the store holds no triples", where=data.name, fix="build into it with `kg build --store`")
    return quads


def _nonempty(data):
    from kg.model.errors import InputError  # lazy: see build

    g = data.graph()
    if not len(g):
        raise InputError("the store holds no triples", where=data.name, fix="build into it with `kg build --store`")
    return g


def _store_stats(data) -> str:
    """`kg stats` of a store: the same report as for a file (kg.viz.stats), from the store's triples."""
    from kg.rdf.files import check_well_typed  # lazy: see build
    from kg.viz.stats import stats_report  # lazy: see build

    return stats_report(check_well_typed(_nonempty(data), where=data.name), data.name)


def register(app: typer.Typer) -> None:
    """Add the build commands to the `kg` app."""
    app.command("build")(build)
    app.command("remove")(remove)
    app.command("validate")(validate)
    app.command("stats")(stats)
