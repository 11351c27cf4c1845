"""Remote SPARQL endpoints: query (SPARQL 1.1 Protocol) and push (Graph Store Protocol).

Query requests are written by SPARQLWrapper; every request goes through `kg.store.transport`
(a total deadline, a size cap, same-origin redirects only, credentials from the URL's userinfo
or from KG_ENDPOINT_USER / KG_ENDPOINT_PASSWORD); server errors and refused connections are retried with backoff
within the deadline. `push` stores one named graph per article (W3C SPARQL 1.1 Graph
Store HTTP Protocol, or one atomic SPARQL Update request when an update URL is given);
`kg.store.serve` runs a local server. Every IRI put into an update or a Graph Store URL
is checked first. Every failure becomes one EndpointError line; credentials are never printed.
"""
from __future__ import annotations

import json
import re
import socket
import time
import urllib.parse
from pathlib import Path

from rdflib import BNode, Literal, URIRef

from kg.model.errors import EndpointError
from kg.model.namespaces import DEFAULT_BASE, SCHEMA
from kg.rdf import named
from kg.rdf.files import load_dataset
from kg.rdf.writer import ntriples_of
from kg.store.results import Result
from kg.store.transport import (MAX_RESPONSE, PASSWORD_ENV, USER_ENV, DeadlineExceeded, Endpoint,
                                HTTPStatusError, Response, TooLarge, _first_line, parse_url, redact, request)

__all__ = ["MAX_RESPONSE", "PASSWORD_ENV", "USER_ENV", "check_iri", "merge_text", "push", "query_url",
           "remote_query", "safe_url", "shared_graph", "store_url"]

RETRY_DELAYS = (0.5, 1.0, 2.0)
_SERVICE_SUFFIXES = ("/query", "/sparql", "/update", "/store", "/data")
SPARQL_JSON = ("application/sparql-results+json", "application/json")
_IRI_BAD = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


# -- URLs and errors -------------------------------------------------------------

def safe_url(url: str) -> str:
    """The URL without any user:password part, for messages."""
    try:
        return parse_url(url, use_env=False).url
    except EndpointError:
        return redact(url)


def check_iri(iri: str, *, what: str = "graph IRI") -> str:
    """An absolute IRI that cannot break out of `<…>` in SPARQL or of a URL parameter."""
    text = str(iri)
    if not _SCHEME.match(text) or _IRI_BAD.search(text):
        shown = text if len(text) <= 80 else text[:77] + "..."
        raise EndpointError(f"invalid {what} {shown!r}: it must be an absolute IRI without spaces or "
                            "any of <>\"{}|^`\\", fix="pass e.g. --graph https://example.org/graph/1")
    return text


def _root(url: str) -> str:
    base = url.rstrip("/")
    for suffix in _SERVICE_SUFFIXES:
        if base.endswith(suffix):
            return base[: -len(suffix)]
    return base


def query_url(url: str) -> str:
    """The query service: the URL as given, or `/query` under a bare server root."""
    ep = parse_url(url)
    path = urllib.parse.urlsplit(ep.url).path.rstrip("/")
    return _root(ep.url) + "/query" if not path else ep.url


def store_url(url: str) -> str:
    """The Graph Store Protocol service under the endpoint's root (Oxigraph: /store)."""
    return _root(parse_url(url).url) + "/store"


def _explain(exc: BaseException, url: str, timeout: float) -> EndpointError:
    """One actionable line for a failed request."""
    if isinstance(exc, EndpointError):
        return exc
    where = safe_url(url)
    code = getattr(exc, "code", None)
    if code is not None:
        detail = _first_line(getattr(exc, "msg", "") or str(exc))
        what, fix = {
            401: ("the endpoint refused the credentials (401)",
                  f"set {USER_ENV} and {PASSWORD_ENV} for this endpoint"),
            403: ("the endpoint forbids this request (403)",
                  "check the account's rights, or whether the endpoint is read-only"),
            404: ("no SPARQL service at this URL (404)",
                  "check the URL (Oxigraph: http://HOST:PORT/query, Fuseki: http://HOST:PORT/DATASET/sparql)"),
            400: (f"the endpoint rejected the request (400): {detail}", "check the query"),
            414: ("the query is too long for a GET request (414)", "use an endpoint that accepts POST"),
        }.get(code, (f"the endpoint failed ({code}): {detail}", "retry later, or check the server log"))
        return EndpointError(what, where=where, fix=fix)
    if isinstance(exc, TooLarge):
        return EndpointError("the answer is larger than the --max-response limit", where=where,
                             fix="add a LIMIT to the query, or raise --max-response")
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return EndpointError(f"no answer within {timeout:g} s", where=where,
                             fix="raise --timeout, or check that the server is not overloaded")
    if isinstance(exc, socket.gaierror):
        return EndpointError("cannot resolve the host name", where=where, fix="check the endpoint URL")
    if isinstance(exc, ConnectionRefusedError):
        return EndpointError("connection refused", where=where,
                             fix="is the server running on that port? (start one with `kg serve`)")
    if isinstance(exc, OSError):
        return EndpointError(f"connection failed: {_first_line(str(exc))}", where=where,
                             fix="check the endpoint URL and the network")
    return EndpointError(f"request failed: {type(exc).__name__}: {_first_line(str(exc))}", where=where)


def _retryable(exc: BaseException) -> bool:
    code = getattr(exc, "code", None)
    if code is not None:
        return code in (500, 502, 503, 504)
    return isinstance(exc, (ConnectionRefusedError, ConnectionResetError)) and not isinstance(exc, DeadlineExceeded)


def _call(method: str, target: Endpoint, *, body: bytes | None, headers: dict[str, str], timeout: float,
          max_bytes: int = MAX_RESPONSE, retries: int = 0, deadline: float | None = None) -> Response:
    """`transport.request` with retries on server errors, all within one deadline (`timeout`
    seconds from now, or `deadline` on the monotonic clock, shared by several requests)."""
    deadline = time.monotonic() + timeout if deadline is None else deadline
    for attempt in range(retries + 1):
        try:
            return request(method, target, body=body, headers=headers, deadline=deadline, max_bytes=max_bytes)
        except EndpointError:
            raise
        except Exception as exc:  # http.client and sockets raise many types
            delay = RETRY_DELAYS[min(attempt, len(RETRY_DELAYS) - 1)]
            if attempt < retries and _retryable(exc) and time.monotonic() + delay < deadline:
                time.sleep(delay)
                continue
            error = _explain(exc, target.url, timeout)
            error.status = getattr(exc, "code", None)  # type: ignore[attr-defined]
            raise error from None
    raise AssertionError("unreachable")  # pragma: no cover


# -- query -----------------------------------------------------------------------

UNION_PARAM = "union-default-graph"
_NO_UNION: set[str] = set()  # query services that rejected UNION_PARAM (probed once per process)
EMPTY_HINT = ("the query found no rows, but the endpoint's named graphs hold data that its default graph "
              "does not show (a server whose default graph is not the union of its named graphs)")
EMPTY_FIX = ("start the server with its union option (`oxigraph serve --union-default-graph`; Fuseki: "
             "tdb2:unionDefaultGraph true), or push again with `kg push --default-graph`")


def remote_query(url: str, text: str, *, timeout: float = 30.0, retries: int = len(RETRY_DELAYS),
                 max_bytes: int = MAX_RESPONSE, union: bool = True) -> Result:
    """Run a SELECT or ASK on a SPARQL 1.1 endpoint, retrying reads.

    SPARQLWrapper writes the protocol request (POST, URL-encoded, content negotiation for JSON
    results); `kg.store.transport` carries the bytes, so that the deadline, the size cap and the
    redirect and credential rules hold, which SPARQLWrapper's own urllib call cannot promise.

    `kg push` stores one named graph per article, which a stock server's default graph does not
    show. With `union`, the request asks for the union of the graphs where the server has a
    per-request switch (Oxigraph: `union-default-graph`); a server that rejects the parameter
    is asked again without it (and not asked with it again). An empty answer is then checked:
    if the named graphs hold data the default graph lacks, the result carries a note saying so.
    """
    ep = parse_url(url)
    target = Endpoint(query_url(ep.url), ep.auth)
    deadline = time.monotonic() + timeout
    ask = union and target.url not in _NO_UNION
    try:
        result = _query_once(target, text, union=ask, deadline=deadline, max_bytes=max_bytes, retries=retries,
                             timeout=timeout)
    except _Rejected as exc:
        _NO_UNION.add(target.url)
        try:
            result = _query_once(target, text, union=False, deadline=deadline, max_bytes=max_bytes,
                                 retries=retries, timeout=timeout)
        except _Rejected:
            raise exc.error from None
        ask = False
    if union and result.boolean is None and not result.rows and _hidden_named_graphs(target, ask, deadline, timeout):
        result.notes.append(f"{EMPTY_HINT} — {EMPTY_FIX}")
    return result


class _Rejected(Exception):
    """A 400 answer to a request carrying UNION_PARAM: maybe the parameter, maybe the query."""

    def __init__(self, error: EndpointError):
        super().__init__(str(error))
        self.error = error


def _query_once(target: Endpoint, text: str, *, union: bool, deadline: float, max_bytes: int,
                retries: int, timeout: float) -> Result:
    body, headers = _protocol_request(target.url, text)
    if union:
        body += b"&" + urllib.parse.urlencode({UNION_PARAM: "true"}).encode()
    try:
        resp = _call("POST", target, body=body, headers=headers, timeout=timeout, max_bytes=max_bytes,
                     retries=retries, deadline=deadline)
    except EndpointError as exc:
        if union and getattr(exc, "status", None) == 400:
            raise _Rejected(exc) from None
        raise
    if resp.content_type and resp.content_type not in SPARQL_JSON:
        raise EndpointError(f"the endpoint's answer is not SPARQL JSON results (it is {resp.content_type})",
                            where=safe_url(target.url), fix="check that the URL is a SPARQL query service")
    return parse_json_results(resp.body, where=target.url)


def _hidden_named_graphs(target: Endpoint, union: bool, deadline: float, timeout: float) -> bool:
    """Whether the endpoint's named graphs hold data while the default graph (as queried) is empty."""
    try:
        seen = _query_once(target, "ASK { ?s ?p ?o }", union=union, deadline=deadline, max_bytes=4096, retries=0,
                           timeout=timeout)
        if seen.boolean:
            return False
        named = _query_once(target, "ASK { GRAPH ?g { ?s ?p ?o } }", union=union, deadline=deadline,
                            max_bytes=4096, retries=0, timeout=timeout)
    except (EndpointError, _Rejected):
        return False  # a diagnosis only: the query itself has answered
    return bool(named.boolean)


def _protocol_request(url: str, text: str) -> tuple[bytes, dict[str, str]]:
    """The body and headers of a SPARQL 1.1 Protocol query request, as SPARQLWrapper writes it."""
    from SPARQLWrapper import JSON, POST, URLENCODED, SPARQLWrapper  # lazy: only remote queries need it

    sw = SPARQLWrapper(url, returnFormat=JSON)
    sw.setMethod(POST)
    sw.setRequestMethod(URLENCODED)
    sw.setOnlyConneg(True)  # content negotiation only: no format=json parameters some servers reject
    sw.setQuery(text)
    req = sw._createRequest()  # the request object SPARQLWrapper would send itself
    headers = {k.title(): v for k, v in req.header_items()}
    headers.pop("User-Agent", None)
    headers["Accept"] = "application/sparql-results+json"
    return bytes(req.data or b""), headers


def parse_json_results(body: bytes, *, where: str = "") -> Result:
    """SPARQL 1.1 Query Results JSON → Result with rdflib terms."""
    try:
        data = json.loads(body)
        if "boolean" in data:
            return Result(boolean=bool(data["boolean"]))
        cols = list(data["head"]["vars"])
        bindings = data["results"]["bindings"]
    except (ValueError, KeyError, TypeError):
        raise EndpointError("the endpoint's answer is not SPARQL JSON results", where=safe_url(where),
                            fix="check that the URL is a SPARQL query service") from None

    def term(b):
        if b is None:
            return None
        kind, value = b.get("type"), b.get("value", "")
        if kind == "uri":
            return URIRef(value)
        if kind == "bnode":
            return BNode(value)
        if b.get("xml:lang"):
            return Literal(value, lang=b["xml:lang"])
        return Literal(value, datatype=URIRef(b["datatype"]) if b.get("datatype") else None)

    return Result(columns=cols, rows=[tuple(term(row.get(c)) for c in cols) for row in bindings])


# -- push ------------------------------------------------------------------------

def _write(method: str, target: Endpoint, body: bytes | None, content_type: str | None, timeout: float) -> int:
    """A write (or HEAD); its answer must be a store's answer, not an HTML page."""
    resp = _call(method, target, body=body, headers={"Content-Type": content_type} if content_type else {},
                 timeout=timeout, max_bytes=16 * 1024 * 1024)
    head = resp.body[:200].lstrip().lower()
    if resp.content_type in ("text/html", "application/xhtml+xml") or head.startswith((b"<!doctype html", b"<html")):
        raise EndpointError(f"the endpoint answered {resp.status} with an HTML page, not a SPARQL store's answer; "
                            "nothing shows the data was stored", where=safe_url(target.url),
                            fix="check the --endpoint/--store/--update URL (Oxigraph: http://HOST:PORT/store)")
    return resp.status


def _exists(target: Endpoint, timeout: float) -> bool:
    """Whether the Graph Store has the graph (HEAD: 404 means no)."""
    try:
        request("HEAD", target, timeout=timeout)
    except HTTPStatusError as exc:
        if exc.code == 404:
            return False
        raise _explain(exc, target.url, timeout) from None
    except EndpointError:
        raise
    except Exception as exc:  # http.client and sockets raise many types
        raise _explain(exc, target.url, timeout) from None
    return True


def _gsp(store: Endpoint, graph_iri: str | None) -> Endpoint:
    sep = "&" if "?" in store.url else "?"
    if graph_iri is None:
        return Endpoint(f"{store.url}{sep}default", store.auth)
    return Endpoint(f"{store.url}{sep}graph=" + urllib.parse.quote(check_iri(graph_iri), safe=""), store.auth)


def _target(url: str | None, option: str, fallback: Endpoint) -> Endpoint:
    """A --store/--update URL: its own userinfo, else the endpoint's credentials on the same origin."""
    if url is None:
        return fallback
    own = parse_url(url, option=option, use_env=False)
    if own.auth is None and own.origin == fallback.origin:
        return Endpoint(own.url, fallback.auth)
    return own if own.auth else parse_url(url, option=option)


def shared_graph(base: str = DEFAULT_BASE) -> str:
    """The named graph that holds, on an endpoint, the triples several articles state."""
    return str(named.SHARED_GRAPH) if base == DEFAULT_BASE else check_iri(base + "graph/shared", what="--base")


def merge_text(shared: str) -> str:
    """SPARQL Update moving every triple that two kg graphs hold (two article graphs, or an
    article graph and the shared graph) into the shared graph: the named-graph rule of
    `kg.rdf.named` applied across pushes, so a union default graph holds each triple once
    whichever files and formats the articles arrived in. Graphs that are no article's are left alone."""
    name = "<" + check_iri(shared) + ">"
    article = f"<{SCHEMA.NewsArticle}>"
    return (f"DELETE {{ GRAPH ?g {{ ?s ?p ?o }} }} INSERT {{ GRAPH {name} {{ ?s ?p ?o }} }}\n"
            f"WHERE {{ GRAPH ?g {{ ?g a {article} . ?s ?p ?o }} GRAPH ?h {{ ?s ?p ?o }}\n"
            f"  FILTER(?g != ?h && (?h = {name} || EXISTS {{ GRAPH ?h {{ ?h a {article} }} }})) }}")


def _plan(ds, *, graph_iri: str | None, default_graph: bool, base: str) -> list[tuple[str | None, list, bool]]:
    """(graph IRI or None for the default graph, its triples, whether the push owns the graph)."""
    if graph_iri or default_graph:
        return [(graph_iri, list(dict.fromkeys((s, p, o) for s, p, o, _ in ds.quads())), True)]
    default, parts = named.split_triples(ds)
    plan: list[tuple[str | None, list, bool]] = [(str(iri), part, True) for iri, part in parts.items()]
    if len(default):
        plan.append((shared_graph(base), default, False))  # other pushes use it too
    return plan


def push(path: str | Path, endpoint: str, *, graph_iri: str | None = None, replace: bool = False,
         store: str | None = None, update: str | None = None, timeout: float = 60.0,
         source=None, default_graph: bool = False, base: str = DEFAULT_BASE, warn=None) -> list[tuple[str, int]]:
    """Load a graph file into an endpoint, one named graph per article; returns (graph, triples).

    The graphs are the file's own (a TriG or N-Quads build keeps each article's named graph);
    the default graph's triples go in the shared graph (`shared_graph(base)`), merged, never
    replaced; then triples held by two graphs are moved into the shared graph (`merge_text`).
    `default_graph` puts every triple in the endpoint's default graph instead (for servers
    whose default graph is not the union of the named graphs; `replace` then empties it first).
    """
    ep = parse_url(endpoint)
    if graph_iri is not None:
        check_iri(graph_iri)
    if graph_iri and default_graph:
        raise EndpointError("--graph and --default-graph exclude each other", fix="pass one of them")
    ds = source.dataset() if source is not None else load_dataset(path)
    plan = _plan(ds, graph_iri=graph_iri, default_graph=default_graph, base=base)
    for iri, _, _ in plan:
        if iri is not None:
            check_iri(iri, what="graph name in the file")
    merge = None if graph_iri or default_graph else merge_text(shared_graph(base))
    if update:
        return _push_update(plan, _target(update, "--update", ep), replace=replace, timeout=timeout, merge=merge)
    target = _target(store, "--store", Endpoint(store_url(ep.url), ep.auth))
    beside = Endpoint(_root(target.url) + "/update", target.auth)
    if replace and len(plan) > 1 and _accepts_updates(beside, timeout):
        return _push_update(plan, beside, replace=replace, timeout=timeout, merge=merge)  # all or nothing
    done = _push_gsp(plan, target, replace=replace, timeout=timeout)
    if merge:
        _merge_after_gsp(merge, beside, timeout, warn)
    return done


def _accepts_updates(update: Endpoint, timeout: float) -> bool:
    """Whether a SPARQL Update service answers beside the Graph Store (probed with an update
    that changes nothing), so that a replace can be one atomic request instead of one per graph."""
    data = urllib.parse.urlencode({"update": "INSERT DATA { }"}).encode()
    try:
        _write("POST", update, data, "application/x-www-form-urlencoded", min(timeout / 4, 5.0))
    except EndpointError:
        return False
    return True


def _push_gsp(plan, target: Endpoint, *, replace: bool, timeout: float) -> list[tuple[str, int]]:
    if not replace:
        existing = [iri for iri, _, own in plan if own and iri is not None and _exists(_gsp(target, iri), timeout)]
        if existing:
            raise EndpointError(f"{len(existing)} graph(s) already on the endpoint, e.g. <{existing[0]}>",
                                where=safe_url(target.url), fix="pass --replace to overwrite them")
    done: list[tuple[str, int]] = []
    for iri, part, own in plan:
        body = ntriples_of(part)
        method = "PUT" if replace and own else "POST"
        try:
            _write(method, _gsp(target, iri), body, "application/n-triples", timeout)
        except EndpointError as exc:
            if not done:
                raise
            left = ["the default graph" if i is None else f"<{i}>" for i, _, _ in plan[len(done):]]
            raise EndpointError(
                f"{exc.what}; the store now holds {len(done)} of {len(plan)} graph(s) from this push "
                f"({', '.join(f'<{i}>' for i, _ in done)}), not yet {', '.join(left)}",
                where=exc.where, fix="rerun the same `kg push --replace` to finish (or use --update URL, "
                                     "which writes every graph in one atomic request)") from None
        done.append((_shown(iri), len(part)))
    return done


def _shown(iri: str | None) -> str:
    return "default graph" if iri is None else iri


def _merge_after_gsp(text: str, update: Endpoint, timeout: float, warn) -> None:
    """Send `merge_text` to the update service beside the Graph Store; warn if there is none."""
    data = urllib.parse.urlencode({"update": text}).encode()
    try:
        _write("POST", update, data, "application/x-www-form-urlencoded", timeout)
    except EndpointError as exc:
        if warn:
            warn(f"could not merge triples that two graphs hold ({exc.what} at {safe_url(update.url)}); if the "
                 "store held other pushes of the same articles, sums may count shared triples twice — "
                 "pass --update URL (the store's SPARQL Update service)")


def update_text(plan, *, replace: bool, merge: str | None = None) -> str:
    """One SPARQL 1.1 Update request: every DROP and INSERT DATA, in order, then `merge` (applied
    atomically by stores that run a request as one transaction, Oxigraph among them)."""
    ops = []
    for iri, part, own in plan:
        triples = ntriples_of(part).decode("utf-8")
        if iri is None:
            if replace:
                ops.append("DROP SILENT DEFAULT")
            ops.append(f"INSERT DATA {{\n{triples}}}")
            continue
        name = "<" + check_iri(iri) + ">"
        if replace and own:
            ops.append(f"DROP SILENT GRAPH {name}")
        ops.append(f"INSERT DATA {{ GRAPH {name} {{\n{triples}}} }}")
    if merge:
        ops.append(merge)
    return " ;\n".join(ops)


def _push_update(plan, update: Endpoint, *, replace: bool, timeout: float,
                 merge: str | None = None) -> list[tuple[str, int]]:
    """The same through SPARQL 1.1 Update (for endpoints without the Graph Store Protocol)."""
    data = urllib.parse.urlencode({"update": update_text(plan, replace=replace, merge=merge)}).encode()
    _write("POST", update, data, "application/x-www-form-urlencoded", timeout)
    return [(_shown(iri), len(part)) for iri, part, _ in plan]
