"""Command line for querying: `kg queries`, `kg query`, `kg push`, `kg serve`.

Thin wrappers: parse options, call kg.store, print. The library is imported inside the
commands (it pulls in rdflib) so that `kg --help` stays fast.
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.cli.app import DEFAULT_GRAPH, BaseOpt
from kg.model.base import DEFAULT_BASE
from kg.model.errors import QueryError

FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table, csv, tsv or json.")]
TimeoutOpt = Annotated[float, typer.Option("--timeout", min=0.001, max=86400.0,
                                            help="Seconds the whole request (or local query) may take.")]
MaxResponseOpt = Annotated[int, typer.Option("--max-response", min=1, help="Largest endpoint answer, in MB.")]
StoreOpt = Annotated[Optional[Path], typer.Option("--store", help="A store folder written by "
                                                  "`kg build --store` (opened as it is, read-only).")]
EndpointHelp = ("SPARQL endpoint URL (e.g. http://127.0.0.1:7878/query); basic auth from "
                "http://USER:PASSWORD@HOST/… (sent to that host only) or KG_ENDPOINT_USER / KG_ENDPOINT_PASSWORD.")


def _params(pairs: list[str] | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs or []:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"bad parameter {pair!r}", fix="write -p NAME=VALUE, e.g. -p place=吉縣")
        out[name.strip()] = value
    return out


def _emit(result, fmt: str) -> None:
    from kg.store.results import FORMATS, render_result  # lazy: see the module docstring

    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}", fix=f"use one of {', '.join(FORMATS)}")
    tty = sys.stdout.isatty()
    width = shutil.get_terminal_size((240, 24)).columns if tty else 240
    sys.stdout.write(render_result(result, fmt, terminal=tty, width=width))
    for note in result.notes:
        typer.echo(f"warning: {note}", err=True)


def queries_cmd(fmt: FormatOpt = "table") -> None:
    """List the saved queries: name, title and parameters."""
    from rdflib import Literal  # lazy: see the module docstring

    from kg.store.results import Result  # lazy: see the module docstring
    from kg.store.saved import list_queries

    rows = [(Literal(q.name), Literal(q.title),
             Literal(" ".join(f"{p.name}={p.example}" for p in q.params)))
            for q in list_queries()]
    _emit(Result(columns=["name", "title", "params"], rows=rows), fmt)


def query_cmd(
    name: Annotated[Optional[str], typer.Argument(help="Saved query name (see `kg queries`) or a .rq file.")] = None,
    expr: Annotated[Optional[str], typer.Option("-e", "--expr", help="Run this SPARQL text instead.")] = None,
    param: Annotated[Optional[list[str]], typer.Option("-p", "--param", help="NAME=VALUE, repeatable.")] = None,
    graph: Annotated[Optional[Path], typer.Option("--graph", "-g", help="Graph file [default: out/graph.ttl].")] = None,
    endpoint: Annotated[Optional[str], typer.Option("--endpoint", help=EndpointHelp)] = None,
    store: StoreOpt = None,
    fmt: FormatOpt = "table",
    infer: Annotated[bool, typer.Option("--infer", help="Add the ontology and its OWL 2 RL closure first.")] = False,
    limit: Annotated[Optional[int], typer.Option("--limit", min=0, max=2 ** 63 - 1,
                                                                 help="At most N rows.")] = None,
    engine: Annotated[str, typer.Option("--engine", help="Local engine: oxigraph or rdflib.")] = "oxigraph",
    timeout: Annotated[Optional[float], typer.Option(
        "--timeout", min=0.001, max=86400.0,
        help="Seconds the whole query may take [default: 30 on an endpoint, 60 locally].")] = None,
    max_response: MaxResponseOpt = 256,
    allow_service: Annotated[bool, typer.Option("--allow-service", help="Let the query use SERVICE (the engine "
                                                "then requests the URLs it names).")] = False,
    base: BaseOpt = DEFAULT_BASE,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="On a --store: run the engine, neither reading "
                                           "materialised rows nor reading or filling the result cache.")] = False,
) -> None:
    """Run a saved query or SPARQL text on a graph file or an endpoint."""
    if name is not None and expr is None and store is not None and graph is None and not endpoint:
        # a per-article query on a store: its materialised rows, with neither rdflib nor Oxigraph loaded
        from kg.store.queryfile import load_query as read_query
        from kg.store.views import served

        result = served(read_query(name), store, params=_params(param), engine=engine, infer=infer,
                        cache=not no_cache, base=base, limit=limit)
        if result is not None:
            _emit(result, fmt)
            return
    from kg.store.saved import adhoc, load_query, run  # lazy: see the module docstring
    from kg.cli.progress import with_progress  # (cheap: rich loads only when a bar is drawn)

    if (name is None) == (expr is None):
        raise QueryError("pass a query NAME (or FILE.rq) or -e 'SELECT …', not both or neither",
                         fix="run `kg queries` to see the saved ones")
    if graph is not None and endpoint:
        raise QueryError("--graph and --endpoint exclude each other", fix="pass one of them")
    if store is not None and (graph is not None or endpoint):
        raise QueryError("--store excludes --graph and --endpoint", fix="pass one of them")
    query = adhoc(expr) if expr is not None else load_query(name)
    if infer:  # the OWL 2 RL closure takes a while: a bar on a terminal
        run = with_progress("adding the ontology and its OWL 2 RL closure, then querying", run)
    result = run(query, _params(param), graph=graph or DEFAULT_GRAPH, endpoint=endpoint, engine=engine,
                 infer=infer, limit=limit, timeout=timeout,
                 max_bytes=max_response * 1024 * 1024, allow_service=allow_service, store=store, base=base,
                 cache=not no_cache)
    _emit(result, fmt)


def push_cmd(
    file: Annotated[Optional[Path], typer.Argument(help="Graph file to load [default: out/graph.ttl].")] = None,
    endpoint: Annotated[str, typer.Option("--endpoint", help=EndpointHelp)] = "http://127.0.0.1:7878/query",
    graph: Annotated[Optional[str], typer.Option("--graph", help="Put everything in this one named graph "
                                                  "(default: one named graph per article).")] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Empty the --graph or --default-graph target first (an article's "
                                                "own graph is always replaced).")] = False,
    store: Annotated[Optional[str], typer.Option("--store", help="Graph Store Protocol URL (default: /store "
                                                  "beside the query URL); or a store folder written by "
                                                  "`kg build --store` to push instead of a file.")] = None,
    update: Annotated[Optional[str], typer.Option("--update", help="Use SPARQL Update at this URL "
                                                   "instead of the Graph Store Protocol.")] = None,
    timeout: TimeoutOpt = 60.0,
    default_graph: Annotated[bool, typer.Option("--default-graph", help="Put every triple in the endpoint's "
                                                "default graph (for servers that do not query the union of "
                                                "their named graphs); with --replace it is emptied first.")] = False,
    base: BaseOpt = DEFAULT_BASE,
) -> None:
    """Load a graph into a SPARQL store, one named graph per article."""
    from kg.store.remote import push, safe_url  # lazy: see the module docstring

    source = None
    if store is not None and not store.lower().startswith(("http://", "https://")):
        from kg.store.disk import open_dataset  # lazy: see the module docstring

        source, store = open_dataset(file, store), None  # a store folder: its named graphs, no file
    done = push(file or DEFAULT_GRAPH, endpoint, source=source, graph_iri=graph, replace=replace, store=store,
                update=update, timeout=timeout, default_graph=default_graph, base=base,
                warn=lambda m: typer.echo(f"warning: {m}", err=True))
    for iri, n in done:
        typer.echo(f"{iri}\t{n}")
    typer.echo(f"pushed {sum(n for _, n in done)} triples in {len(done)} graph(s) to "
               f"{safe_url(update or store or endpoint)}", err=True)


def serve_cmd(
    file: Annotated[Optional[Path], typer.Argument(help="Graph file to load [default: out/graph.ttl, "
                                                   "none with --store].")] = None,
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port on 127.0.0.1 (1-65535).")] = 7878,
    store: Annotated[Optional[Path], typer.Option("--store", help="Keep the database in this folder "
                                                   "(default: a temporary one, deleted on exit).")] = None,
    writable: Annotated[bool, typer.Option("--writable", help="Accept updates and Graph Store writes.")] = False,
    allow_service: Annotated[bool, typer.Option("--allow-service", help="Let queries use SERVICE (the server "
                                                "then requests the URLs they name).")] = False,
) -> None:
    """Serve the graph on 127.0.0.1 until Ctrl-C: the query page at /, SPARQL at /query (Oxigraph)."""
    from kg.store.serve import serve  # lazy: see the module docstring

    # with --store the folder is the data: load a file only when one is named (loading
    # out/graph.ttl into a kept store on every start would count its triples twice after a push)
    path = file if file is not None or store is not None else DEFAULT_GRAPH
    from kg.store.disk import is_store  # lazy: see the module docstring

    if store is not None and is_store(store):  # a `kg build --store` folder is served as it is
        if file is not None:
            raise QueryError("a store built by `kg build --store` is served as it is", where=str(store),
                             fix=f"drop {file}, or add it with `kg build ARTICLES --store {store}`")
        path = None
    if path is None and not writable and not (store.is_dir() and any(store.iterdir())):
        raise QueryError(f"{store}: no database in this folder, and no graph file named, so nothing to serve",
                         fix=f"pass a graph file (kg serve out/graph.ttl --store {store}), or --writable to fill it "
                             "with `kg push`")
    code = serve(path, port=port, store_dir=store, writable=writable,
                 allow_service=allow_service, announce=lambda line: typer.echo(line, err=True))
    typer.echo("server stopped", err=True)
    if code:
        raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    """Add the query commands to the `kg` app."""
    app.command("queries")(queries_cmd)
    app.command("query")(query_cmd)
    app.command("push")(push_cmd)
    app.command("serve")(serve_cmd)
