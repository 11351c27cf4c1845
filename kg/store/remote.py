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

from rdflib import BNode, Graph, Literal, URIRef

from kg.model.errors import EndpointError
from kg.rdf import named
from kg.rdf.files import load_dataset
from kg.store.results import Result
from kg.store.transport import (MAX_RESPONSE, PASSWORD_ENV, USER_ENV, DeadlineExceeded, Endpoint,
                                HTTPStatusError, Response, TooLarge, _first_line, parse_url, redact, request)

__all__ = ["MAX_RESPONSE", "PASSWORD_ENV", "USER_ENV", "check_iri", "push", "query_url", "remote_query",
           "safe_url", "store_url"]

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
          max_bytes: int = MAX_RESPONSE, retries: int = 0) -> Response:
    """`transport.request` with retries on server errors, all within one deadline."""
    deadline = time.monotonic() + timeout
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
            raise _explain(exc, target.url, timeout) from None
    raise AssertionError("unreachable")  # pragma: no cover


# -- query -----------------------------------------------------------------------

def remote_query(url: str, text: str, *, timeout: float = 30.0, retries: int = len(RETRY_DELAYS),
                 max_bytes: int = MAX_RESPONSE) -> Result:
    """Run a SELECT or ASK on a SPARQL 1.1 endpoint, retrying reads.

    SPARQLWrapper writes the protocol request (POST, URL-encoded, content negotiation for JSON
    results); `kg.store.transport` carries the bytes, so that the deadline, the size cap and the
    redirect and credential rules hold, which SPARQLWrapper's own urllib call cannot promise."""
    ep = parse_url(url)
    target = Endpoint(query_url(ep.url), ep.auth)
    body, headers = _protocol_request(target.url, text)
    resp = _call("POST", target, body=body, headers=headers, timeout=timeout, max_bytes=max_bytes,
                 retries=retries)
    if resp.content_type and resp.content_type not in SPARQL_JSON:
        raise EndpointError(f"the endpoint's answer is not SPARQL JSON results (it is {resp.content_type})",
                            where=safe_url(target.url), fix="check that the URL is a SPARQL query service")
    return parse_json_results(resp.body, where=target.url)


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


def _gsp(store: Endpoint, graph_iri: str) -> Endpoint:
    sep = "&" if "?" in store.url else "?"
    return Endpoint(f"{store.url}{sep}graph=" + urllib.parse.quote(check_iri(graph_iri), safe=""), store.auth)


def _target(url: str | None, option: str, fallback: Endpoint) -> Endpoint:
    """A --store/--update URL: its own userinfo, else the endpoint's credentials on the same origin."""
    if url is None:
        return fallback
    own = parse_url(url, option=option, use_env=False)
    if own.auth is None and own.origin == fallback.origin:
        return Endpoint(own.url, fallback.auth)
    return own if own.auth else parse_url(url, option=option)


def push(path: str | Path, endpoint: str, *, graph_iri: str | None = None, replace: bool = False,
         store: str | None = None, update: str | None = None, timeout: float = 60.0,
         source=None) -> list[tuple[str, int]]:
    """Load a graph file into an endpoint, one named graph per article; returns (graph, triples).

    The graphs are the file's own (a TriG or N-Quads build keeps each article's named graph);
    the default graph's triples go in `kg.rdf.named.SHARED_GRAPH`, merged, never replaced.
    """
    ep = parse_url(endpoint)
    if graph_iri is not None:
        check_iri(graph_iri)
    ds = source.dataset() if source is not None else load_dataset(path)
    if graph_iri:
        everything = Graph()
        for s, p, o, _ in ds.quads():
            everything.add((s, p, o))
        plan = [(graph_iri, everything, True)]
    else:
        default, parts = named.split(ds)
        plan = [(str(iri), part, True) for iri, part in parts.items()]
        if len(default):
            plan.append((str(named.SHARED_GRAPH), default, False))  # other pushes use it too
    for iri, _, _ in plan:
        check_iri(iri, what="graph name in the file")
    if update:
        return _push_update(plan, _target(update, "--update", ep), replace=replace, timeout=timeout)
    target = _target(store, "--store", Endpoint(store_url(ep.url), ep.auth))
    if not replace:
        existing = [iri for iri, _, own in plan if own and _exists(_gsp(target, iri), timeout)]
        if existing:
            raise EndpointError(f"{len(existing)} graph(s) already on the endpoint, e.g. <{existing[0]}>",
                                where=safe_url(target.url), fix="pass --replace to overwrite them")
    done: list[tuple[str, int]] = []
    for iri, part, own in plan:
        body = part.serialize(format="nt", encoding="utf-8")
        method = "PUT" if replace and own else "POST"
        try:
            _write(method, _gsp(target, iri), body, "application/n-triples", timeout)
        except EndpointError as exc:
            if not done:
                raise
            left = [i for i, _, _ in plan[len(done):]]
            raise EndpointError(
                f"{exc.what}; the store now holds {len(done)} of {len(plan)} graph(s) from this push "
                f"({', '.join(f'<{i}>' for i, _ in done)}), not yet {', '.join(f'<{i}>' for i in left)}",
                where=exc.where, fix="rerun the same `kg push --replace` to finish (or use --update URL, "
                                     "which writes every graph in one atomic request)") from None
        done.append((iri, len(part)))
    return done


def update_text(plan, *, replace: bool) -> str:
    """One SPARQL 1.1 Update request: every DROP and INSERT DATA, in order (applied atomically
    by stores that run a request as one transaction, Oxigraph among them)."""
    ops = []
    for iri, part, own in plan:
        name = "<" + check_iri(iri) + ">"
        triples = part.serialize(format="nt", encoding="utf-8").decode()
        if replace and own:
            ops.append(f"DROP SILENT GRAPH {name}")
        ops.append(f"INSERT DATA {{ GRAPH {name} {{\n{triples}}} }}")
    return " ;\n".join(ops)


def _push_update(plan, update: Endpoint, *, replace: bool, timeout: float) -> list[tuple[str, int]]:
    """The same through SPARQL 1.1 Update (for endpoints without the Graph Store Protocol)."""
    data = urllib.parse.urlencode({"update": update_text(plan, replace=replace)}).encode()
    _write("POST", update, data, "application/x-www-form-urlencoded", timeout)
    return [(iri, len(part)) for iri, part, _ in plan]
