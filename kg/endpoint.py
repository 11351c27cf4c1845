"""Remote SPARQL endpoints: query (SPARQL 1.1 Protocol), push (Graph Store Protocol), serve.

Queries go through SPARQLWrapper with a timeout, basic auth from KG_ENDPOINT_USER /
KG_ENDPOINT_PASSWORD and retries with backoff. `push` stores one named graph per
article (W3C SPARQL 1.1 Graph Store HTTP Protocol, or SPARQL Update when an update URL
is given). `serve` runs the Oxigraph server shipped in the venv on 127.0.0.1.
Every failure becomes one EndpointError line; credentials are never printed.
"""
from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from kg.errors import EndpointError
from kg.query import Result

USER_ENV, PASSWORD_ENV = "KG_ENDPOINT_USER", "KG_ENDPOINT_PASSWORD"
RETRY_DELAYS = (0.5, 1.0, 2.0)
SHARED_GRAPH = "https://w3id.org/fupin-kg/id/graph/shared"
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
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

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
    from rdflib import BNode, Literal, URIRef

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

def split_by_article(graph) -> tuple[dict[str, object], object]:
    """Each article's own triples (the article, its text spans and facts) and the shared rest.

    Every triple goes to exactly one graph, so a union default graph holds no duplicates:
    entities that several articles mention (places, people, posts …) go to the shared graph.
    """
    from rdflib import Graph
    from rdflib.namespace import RDF

    from kg.namespaces import SCHEMA

    articles = sorted((str(a) for a in graph.subjects(RDF.type, SCHEMA.NewsArticle)), key=len, reverse=True)
    parts: dict[str, Graph] = {a: Graph() for a in sorted(articles)}
    shared = Graph()
    for t in graph:
        s = str(t[0])
        owner = next((a for a in articles if s == a or s.startswith(a + "/")), None)
        (parts[owner] if owner else shared).add(t)
    return parts, shared


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
    """Load a graph file into an endpoint, one named graph per article; returns (graph, triples)."""
    from kg.pipeline import load_graph

    g = load_graph(path)
    if graph_iri:
        plan = [(graph_iri, g, True)]
    else:
        parts, shared = split_by_article(g)
        plan = [(iri, part, True) for iri, part in parts.items()]
        if len(shared):
            plan.append((SHARED_GRAPH, shared, False))  # merged, never replaced: other pushes use it too
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


# -- serve -----------------------------------------------------------------------

def oxigraph_binary() -> str:
    """The `oxigraph` server binary of this venv (PyPI package `oxigraph`)."""
    here = Path(sys.executable).parent / "oxigraph"
    found = str(here) if here.is_file() else shutil.which("oxigraph")
    if not found:
        raise EndpointError("the oxigraph server binary is not installed",
                            fix="pip install oxigraph (it ships the `oxigraph` command)")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen | None = None, *, timeout: float = 20.0) -> None:
    """Poll the query service until it answers ASK {}."""
    deadline = time.monotonic() + timeout
    probe = query_url(url) + "?query=" + urllib.parse.quote("ASK {}")
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise EndpointError(f"the oxigraph server exited with code {proc.returncode}",
                                fix="see its message above; is the port or the store folder in use?")
        try:
            with urllib.request.urlopen(probe, timeout=2) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    raise EndpointError(f"the server did not answer within {timeout:g} s", where=safe_url(url))


def serve(path: str | Path | None = None, *, port: int = 7878, store_dir: str | Path | None = None,
          writable: bool = False, announce=print) -> int:
    """Run Oxigraph on 127.0.0.1:PORT with the graph loaded until Ctrl-C; returns its exit code."""
    binary = oxigraph_binary()
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            raise EndpointError(f"port {port} on 127.0.0.1 is in use", fix="pass another --port") from None
    tmp = Path(tempfile.mkdtemp(prefix="kg-serve-"))  # the server log, and the store unless --store
    location = str(store_dir or tmp / "store")
    proc = None
    try:
        if path is not None:
            if not Path(path).is_file():
                raise EndpointError("no such graph file", where=str(path), fix="run `kg build` first")
            load = subprocess.run([binary, "load", "--location", location, "--file", str(path)],
                                  capture_output=True, text=True)
            if load.returncode:
                raise EndpointError(f"oxigraph could not load the file: {_first_line(load.stderr)}",
                                    where=str(path))
        mode = "serve" if writable else "serve-read-only"
        log = tmp / "oxigraph.log"
        with open(log, "wb") as log_file:
            proc = subprocess.Popen([binary, mode, "--location", location, "--bind", f"127.0.0.1:{port}",
                                     "--union-default-graph"], stdout=log_file, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(url, proc)
        except EndpointError as exc:
            text = log.read_text(errors="replace") if log.is_file() else ""
            raise EndpointError(f"{exc.what}: {_first_line(text.splitlines()[-1] if text.strip() else '')}",
                                fix="is the port or the store folder in use?") from None
        announce(f"{url}/  ({'read-write' if writable else 'read-only'}; SPARQL at {url}/query"
                 f"{', updates at ' + url + '/update' if writable else ''}; Ctrl-C stops)")
        try:
            return proc.wait()
        except KeyboardInterrupt:
            return 0
    finally:
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)
