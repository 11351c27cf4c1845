"""Remote SPARQL endpoints: query (SPARQL 1.1 Protocol) and push (Graph Store Protocol).

Queries go through SPARQLWrapper with a timeout, basic auth from KG_ENDPOINT_USER /
KG_ENDPOINT_PASSWORD and retries with backoff. `push` stores one named graph per
article (W3C SPARQL 1.1 Graph Store HTTP Protocol, or SPARQL Update when an update URL
is given); `kg.store.serve` runs a local server.
Every failure becomes one EndpointError line; credentials are never printed.
"""
from __future__ import annotations

import base64
import json
import os
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef

from kg.model.errors import EndpointError
from kg.rdf import named
from kg.rdf.files import load_dataset
from kg.store.results import Result

USER_ENV, PASSWORD_ENV = "KG_ENDPOINT_USER", "KG_ENDPOINT_PASSWORD"
RETRY_DELAYS = (0.5, 1.0, 2.0)
_SERVICE_SUFFIXES = ("/query", "/sparql", "/update", "/store", "/data")


# -- URLs and errors -------------------------------------------------------------

def safe_url(url: str) -> str:
    """The URL without any user:password part, for messages."""
    parts = urllib.parse.urlsplit(url)
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))


def _root(url: str) -> str:
    if not url.startswith(("http://", "https://")):
        raise EndpointError(f"not an http(s) URL: {safe_url(url)!r}",
                            fix="pass e.g. --endpoint http://127.0.0.1:7878/query")
    base = url.rstrip("/")
    for suffix in _SERVICE_SUFFIXES:
        if base.endswith(suffix):
            return base[: -len(suffix)]
    return base


def query_url(url: str) -> str:
    """The query service: the URL as given, or `/query` under a bare server root."""
    path = urllib.parse.urlsplit(url).path.rstrip("/")
    return _root(url) + "/query" if not path else url


def store_url(url: str) -> str:
    """The Graph Store Protocol service under the endpoint's root (Oxigraph: /store)."""
    return _root(url) + "/store"


def _auth_header() -> dict[str, str]:
    user, password = os.environ.get(USER_ENV), os.environ.get(PASSWORD_ENV)
    if not user:
        return {}
    token = base64.b64encode(f"{user}:{password or ''}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def _explain(exc: BaseException, url: str, timeout: float) -> EndpointError:
    """One actionable line for a failed request."""
    where = safe_url(url)
    code = getattr(exc, "code", None)
    if code is None and exc.__class__.__name__ in ("Unauthorized", "EndPointNotFound", "QueryBadFormed",
                                                   "EndPointInternalError", "URITooLong"):
        code = {"Unauthorized": 401, "EndPointNotFound": 404, "QueryBadFormed": 400,
                "EndPointInternalError": 500, "URITooLong": 414}[exc.__class__.__name__]
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
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, (TimeoutError, socket.timeout)) or isinstance(exc, (TimeoutError, socket.timeout)):
        return EndpointError(f"no answer within {timeout:g} s", where=where,
                             fix="raise --timeout, or check that the server is not overloaded")
    if isinstance(reason, socket.gaierror):
        return EndpointError("cannot resolve the host name", where=where, fix="check the endpoint URL")
    if isinstance(reason, ConnectionRefusedError):
        return EndpointError("connection refused", where=where,
                             fix="is the server running on that port? (start one with `kg serve`)")
    if isinstance(reason, (ConnectionError, OSError)):
        return EndpointError(f"connection failed: {_first_line(str(reason))}", where=where,
                             fix="check the endpoint URL and the network")
    return EndpointError(f"request failed: {type(exc).__name__}: {_first_line(str(exc))}", where=where)


def _first_line(text) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return (lines[0] if lines else "")[:200]


def _retryable(exc: BaseException) -> bool:
    code = getattr(exc, "code", None)
    if exc.__class__.__name__ == "EndPointInternalError":
        return True
    if code is not None:
        return code in (500, 502, 503, 504)
    reason = getattr(exc, "reason", exc)
    return isinstance(reason, (TimeoutError, socket.timeout, ConnectionRefusedError, ConnectionResetError)) \
        or isinstance(exc, (TimeoutError, socket.timeout))


# -- query -----------------------------------------------------------------------

def remote_query(url: str, text: str, *, timeout: float = 30.0, retries: int = len(RETRY_DELAYS)) -> Result:
    """Run a SELECT or ASK on a SPARQL 1.1 endpoint (POST, JSON results), retrying reads."""
    from SPARQLWrapper import JSON, POST, SPARQLWrapper  # lazy: only remote queries need it

    endpoint = query_url(url)
    sw = SPARQLWrapper(endpoint, agent="fupin-kg")
    sw.setQuery(text)
    sw.setMethod(POST)
    sw.setReturnFormat(JSON)
    sw.setTimeout(max(1, int(round(timeout))))
    for key, value in _auth_header().items():
        sw.addCustomHttpHeader(key, value)
    for attempt in range(retries + 1):
        try:
            response = sw.query().response
            try:
                body = response.read()
            finally:
                response.close()
            break
        except Exception as exc:  # urllib and SPARQLWrapper raise many types
            for e in (exc, exc.__context__):  # HTTPError holds the open response
                if hasattr(e, "close"):
                    e.close()
            if attempt < retries and _retryable(exc):
                time.sleep(RETRY_DELAYS[min(attempt, len(RETRY_DELAYS) - 1)])
                continue
            raise _explain(exc, endpoint, timeout) from None
    return parse_json_results(body, where=endpoint)


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

def _request(method: str, url: str, *, data: bytes | None = None, content_type: str | None = None,
             timeout: float = 30.0) -> int:
    headers = dict(_auth_header())
    if content_type:
        headers["Content-Type"] = content_type
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            resp.read()
            return resp.status
    except urllib.error.HTTPError as exc:
        if method == "HEAD" and exc.code == 404:
            return 404
        raise _explain(exc, url, timeout) from None
    except (urllib.error.URLError, OSError) as exc:
        raise _explain(exc, url, timeout) from None


def _gsp(store: str, graph_iri: str) -> str:
    return f"{store}?graph=" + urllib.parse.quote(graph_iri, safe="")


def push(path: str | Path, endpoint: str, *, graph_iri: str | None = None, replace: bool = False,
         store: str | None = None, update: str | None = None, timeout: float = 60.0) -> list[tuple[str, int]]:
    """Load a graph file into an endpoint, one named graph per article; returns (graph, triples).

    The graphs are the file's own (a TriG or N-Quads build keeps each article's named graph);
    the default graph's triples go in `kg.rdf.named.SHARED_GRAPH`, merged, never replaced.
    """
    ds = load_dataset(path)
    if graph_iri:
        everything = Graph()
        for s, p, o, _ in ds.quads():
            everything.add((s, p, o))
        plan = [(graph_iri, everything, True)]
    else:
        default, parts = named.split(ds)
        plan = [(iri, part, True) for iri, part in parts.items()]
        if len(default):
            plan.append((str(named.SHARED_GRAPH), default, False))  # other pushes use it too
    if update:
        return _push_update(plan, update, replace=replace, timeout=timeout)
    target = store or store_url(endpoint)
    if not replace:
        existing = [iri for iri, _, own in plan if own and _request("HEAD", _gsp(target, iri), timeout=timeout) != 404]
        if existing:
            raise EndpointError(f"{len(existing)} graph(s) already on the endpoint, e.g. <{existing[0]}>",
                                where=safe_url(target), fix="pass --replace to overwrite them")
    done = []
    for iri, part, own in plan:
        body = part.serialize(format="nt", encoding="utf-8")
        method = "PUT" if replace and own else "POST"
        _request(method, _gsp(target, iri), data=body, content_type="application/n-triples", timeout=timeout)
        done.append((iri, len(part)))
    return done


def _push_update(plan, update: str, *, replace: bool, timeout: float) -> list[tuple[str, int]]:
    """The same through SPARQL 1.1 Update (for endpoints without the Graph Store Protocol)."""
    done = []
    for iri, part, own in plan:
        triples = part.serialize(format="nt", encoding="utf-8").decode()
        drop = f"DROP SILENT GRAPH <{iri}> ;\n" if replace and own else ""
        text = f"{drop}INSERT DATA {{ GRAPH <{iri}> {{\n{triples}}} }}"
        data = urllib.parse.urlencode({"update": text}).encode()
        _request("POST", update, data=data, content_type="application/x-www-form-urlencoded", timeout=timeout)
        done.append((iri, len(part)))
    return done
