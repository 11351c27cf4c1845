"""Local SPARQL engines: Oxigraph (default) and rdflib over a graph file, with optional OWL 2 RL.

Default graph = the union of the file's graphs, as on `kg serve`. A query runs in a forked
child process (the graph is loaded before the fork and shared copy-on-write), so that a
runaway query can be stopped: the child is killed at the timeout or on Ctrl-C. Threads
cannot be stopped, and neither engine has a timeout of its own.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable
from pathlib import Path

from rdflib import Graph

from kg.model.errors import InputError, KgError, QueryError
from kg.rdf.files import ox_format, refuse_entities
from kg.rdf.infer import materialise
from kg.rdf.terms import rdflib_quads
from kg.store.results import Result


def ox_store(path: str | Path, *, infer: bool = False):
    """A pyoxigraph Store holding the graph file (with the entailments of `kg.rdf.infer` when `infer`)."""
    import pyoxigraph as ox  # lazy: the native store loads only when a query runs

    p = Path(path)
    store = ox.Store()
    if not p.is_file():
        raise InputError("no such graph file", where=str(p), fix="run `kg build` first, or pass --graph FILE")
    fmt = ox_format(p)
    if p.suffix.lower() in (".rdf", ".owl"):
        refuse_entities(p)
    try:
        store.load(path=str(p), format=fmt)
    except (SyntaxError, ValueError) as exc:
        raise InputError(f"not valid {fmt.name}: {str(exc).splitlines()[0][:200]}", where=str(p),
                         fix="pass a graph written by `kg build`") from None
    if infer:
        materialise(store)
    return store


def inferred_graph(path: str | Path) -> Graph:
    """Data + ontology with the entailments of `kg.rdf.infer`, as one rdflib graph."""
    return union_graph(ox_store(path, infer=True))


def union_graph(store) -> Graph:
    """Every graph of a pyoxigraph Store merged into one rdflib Graph."""
    g = Graph()
    g.addN((s, p, o, g) for s, p, o, _ in rdflib_quads(store))
    return g


def run_oxigraph(text: str, store) -> Result:
    """Run on pyoxigraph (default graph = union of the file's graphs).

    Cells stay pyoxigraph terms (`kg.results` reads both kinds): converting every cell to
    rdflib would cost more than the query itself on a large graph.
    """
    import pyoxigraph as ox  # lazy: see ox_store

    try:
        res = store.query(text, use_default_graph_as_union=True)
        if isinstance(res, ox.QueryBoolean):
            return Result(boolean=bool(res))
        if isinstance(res, ox.QuerySolutions):
            return Result(columns=[v.value for v in res.variables], rows=[tuple(s) for s in res])
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {str(exc).splitlines()[0]}", fix="check the query text") from None
    except OSError as exc:
        raise QueryError(f"query failed: {exc}") from None
    raise QueryError("only SELECT and ASK queries are supported", fix="rewrite CONSTRUCT as SELECT ?s ?p ?o")


def run_rdflib(text: str, graph) -> Result:
    """Run on rdflib's own SPARQL engine (for comparison; slow on big graphs)."""
    try:
        res = graph.query(text)
    except Exception as exc:  # pyparsing and evaluation errors come in many types
        raise QueryError(f"SPARQL error (rdflib): {str(exc).splitlines()[0][:200]}") from None
    if res.type == "ASK":
        return Result(boolean=bool(res.askAnswer))
    if res.type != "SELECT":
        raise QueryError("only SELECT and ASK queries are supported")
    cols = [str(v) for v in res.vars]
    return Result(columns=cols, rows=[tuple(row[c] if c in row.labels else None for c in cols) for row in res])


LOCAL_TIMEOUT = 60.0


def bounded(fn: Callable[..., Result], *args, timeout: float | None = LOCAL_TIMEOUT) -> Result:
    """`fn(*args)` in a forked child, killed after `timeout` seconds or on Ctrl-C."""
    if timeout is None or not hasattr(os, "fork") or sys.platform == "darwin":
        return fn(*args)  # pragma: no cover - no fork: the query runs unbounded
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(send, fn, args), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(timeout):
            raise QueryError(f"the query ran longer than {timeout:g} s and was stopped",
                             fix="raise --timeout, or narrow the query (a LIMIT, fewer unbound patterns)")
        kind, payload = receive.recv()
    except EOFError:
        raise QueryError(f"the query engine died (exit code {_reap(child)})",
                         fix="the query may need more memory than there is; narrow it") from None
    finally:
        _reap(child)
        receive.close()
    if kind == "error":
        what, where, fix = payload
        raise QueryError(what, where=where, fix=fix)
    return payload


def _reap(child) -> int | None:
    if child.is_alive():
        child.kill()
    child.join()
    return child.exitcode


def _child(send, fn, args) -> None:  # pragma: no cover - runs in the forked child
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides; it kills us on Ctrl-C
    try:
        try:
            message = ("ok", fn(*args))
        except KgError as exc:
            message = ("error", (exc.what, exc.where, exc.fix))
        except Exception as exc:  # noqa: BLE001 - an engine's failure becomes one line
            message = ("error", (f"query failed: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}",
                                 None, None))
        send.send(message)
    finally:
        send.close()
        os._exit(0)  # no atexit handlers or pytest teardown in the child
