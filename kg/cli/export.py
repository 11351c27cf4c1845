"""Command line for spreadsheets: `kg export` (every saved query at once, .xlsx or CSV files)."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.cli.app import DEFAULT_GRAPH, err
from kg.cli.query import _params
from kg.model.errors import QueryError


def export_cmd(
    graph: Annotated[Optional[Path], typer.Argument(help="Graph file [default: out/graph.ttl].")] = None,
    xlsx: Annotated[Optional[Path], typer.Option("--xlsx", help="Write a workbook: one sheet per saved "
                                                 "query and an About sheet.")] = None,
    csv_dir: Annotated[Optional[Path], typer.Option("--csv", help="Write NAME.csv per saved query and "
                                                    "README.txt into this folder.")] = None,
    timeout: Annotated[float, typer.Option("--timeout", min=0.001, max=86400.0,
                                           help="Seconds each query may take.")] = 60.0,
    param: Annotated[Optional[list[str]], typer.Option("-p", "--param", help="NAME=VALUE for the queries that "
                                                       "declare NAME (default: their examples), repeatable.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace files even when kg did not write them.")] = False,
    store: Annotated[Optional[Path], typer.Option("--store", help="A store folder written by `kg build "
                                                  "--store` (read as it is) instead of a graph file.")] = None,
) -> None:
    """Run every saved query and write the tables as a spreadsheet (--xlsx) or CSV files (--csv)."""
    # lazy: the library pulls in rdflib and pyoxigraph; `kg --help` should not wait for them
    from kg.store.disk import open_dataset
    from kg.store.local import bounded, run_oxigraph
    from kg.store.saved import list_queries, refuse_service
    from kg.store.tables import check_csv_targets, check_xlsx_target, collect, write_csv, write_xlsx

    data = open_dataset(graph, store, default=DEFAULT_GRAPH)
    graph = Path(data.name)
    if xlsx is None and csv_dir is None:
        raise QueryError("nothing to write", fix="pass --xlsx out/tables.xlsx and/or --csv out/tables/")
    if xlsx is not None:  # refuse a bad target before any work
        check_xlsx_target(xlsx, force=force, inputs=[graph])
    if csv_dir is not None:
        check_csv_targets(csv_dir, [q.name for q in list_queries()], force=force, inputs=[graph])
    ox = data.oxigraph()  # a store folder opened read-only, or the file loaded into memory

    def run_text(text: str):
        refuse_service(text)
        return bounded(run_oxigraph, text, ox, timeout=timeout)

    export = collect(run_text, values=_params(param))
    if xlsx is not None:
        write_xlsx(export, xlsx, source=str(graph), force=force, inputs=[graph])
        err(f"wrote {xlsx}: {len(export.tables)} tables, {len(export.articles.rows)} article(s)")
    if csv_dir is not None:
        files = write_csv(export, csv_dir, source=str(graph), force=force, inputs=[graph])
        err(f"wrote {len(files) - 1} CSV files and README.txt to {csv_dir}")


def register(app: typer.Typer) -> None:
    """Add `kg export` to the `kg` app."""
    app.command("export")(export_cmd)
