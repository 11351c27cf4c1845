"""The HTTP front of `kg serve`: our query page at `/`, and the SPARQL 1.1 Protocol
(https://www.w3.org/TR/sparql11-protocol/) and Graph Store Protocol forwarded to Oxigraph.

A threaded `http.server` on 127.0.0.1:PORT. `/query`, `/update` (only when writable) and
`/store` go to the Oxigraph child on an internal loopback port: bodies are streamed, the
status and content type kept, request bodies capped. SPARQL with a `SERVICE` clause is
refused (403) unless the server was started with `--allow-service`: SERVICE makes the engine
send requests to any URL a query names. `/` is a page of our own (kg/store/static/: no CDN,
no request leaves the host); `/api/queries` lists the saved queries and the prefixes, and
`/api/run` runs a saved query with bound parameters, or SPARQL text with the project's
prefixes added, as SPARQL JSON results, CSV or JSON rows (`kg query --format csv|json`).
"""
from __future__ import annotations

import contextlib
import http.client
import http.server
import json
import threading
import urllib.parse
from pathlib import Path

from kg.model.errors import KgError
from kg.model.namespaces import DEFAULT_BASE, PREFIXES
from kg.store.remote import parse_json_results
from kg.store.results import render_result
from kg.store.saved import adhoc, list_queries, load_query, prepare, uses_service

STATIC = Path(__file__).resolve().parent / "static"
PAGES = {"/": ("index.html", "text/html; charset=utf-8"), "/app.js": ("app.js", "text/javascript; charset=utf-8"),
         "/app.css": ("app.css", "text/css; charset=utf-8")}
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
MAX_SPARQL = 8 << 20  # a query or update request body
MAX_UPLOAD = 1 << 30  # a Graph Store upload
MAX_ANSWER = 256 << 20  # what /api/run reads from Oxigraph to make CSV or JSON rows
CHUNK = 1 << 16
HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
       "transfer-encoding", "upgrade", "host", "content-length"}


class Refused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def query_list() -> dict:
    """The saved queries and the prefixes, for the page."""
    return {
        "queries": [{"name": q.name, "title": q.title, "description": q.description, "columns": list(q.columns),
                     "params": [{"name": p.name, "type": p.type, "example": p.example} for p in q.params]}
                    for q in list_queries()],
        "prefixes": {**{p: str(ns) for p, ns in PREFIXES.items()}, "id": DEFAULT_BASE},
    }


FORM = "application/x-www-form-urlencoded"


def sparql_texts(method: str, query: str, content_type: str, body: bytes, key: str) -> list[str]:
    """The SPARQL texts of a protocol request (`key`: "query" or "update"): the URL's parameters
    and the body, read as the SPARQL 1.1 Protocol says (a form, or the text itself under
    application/sparql-query or -update). Any other body is refused, so that no reading of the
    request that differs from the server's can hide a SERVICE clause."""
    texts = urllib.parse.parse_qs(query).get(key, [])
    if method == "GET":
        return texts
    kind = content_type.split(";")[0].strip().lower()
    text = body.decode("utf-8", "replace")
    if kind == FORM:
        return texts + urllib.parse.parse_qs(text).get(key, [])
    if kind == f"application/sparql-{key}":
        return texts + [text]
    raise Refused(415, f"send the {key} as {FORM} or application/sparql-{key}")


def _utf8(path: str) -> str:
    """http.server decodes the request line as Latin-1; raw UTF-8 in it (curl sends 吉縣 so) is read back."""
    try:
        return path.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return path


class Front(http.server.ThreadingHTTPServer):
    """The front server; `upstream` is Oxigraph's host:port on loopback."""

    daemon_threads = True
    request_queue_size = 256  # 50 clients connecting at once must not overflow the backlog

    def __init__(self, port: int, upstream: tuple[str, int], *, writable: bool = False,
                 allow_service: bool = False):
        self.upstream = upstream
        self.writable = writable
        self.allow_service = allow_service
        self.queries = json.dumps(query_list(), ensure_ascii=False).encode("utf-8")
        super().__init__(("127.0.0.1", port), Handler)

    def handle_error(self, request, client_address) -> None:
        pass  # a client that went away is no news; handler errors answer 500 themselves

    def start(self) -> threading.Thread:
        self.thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
        self.thread.start()
        return self.thread

    def stop(self) -> None:
        """Stop serving and close the port (shutdown() would wait forever for a loop never started)."""
        if getattr(self, "thread", None) is not None:
            self.shutdown()
        self.server_close()


class Handler(http.server.BaseHTTPRequestHandler):
    server: Front
    protocol_version = "HTTP/1.1"  # keep-alive; bodies have a length or are chunked
    server_version = "fupin-kg"
    sys_version = ""

    def log_message(self, format, *args) -> None:  # noqa: A002 - http.server's signature
        pass  # quiet: a query page is no access log

    # -- routing ---------------------------------------------------------------

    def do_GET(self) -> None:  # noqa: N802 - http.server naming
        self._route("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._route("POST")

    def do_PUT(self) -> None:  # noqa: N802
        self._route("PUT")

    def do_DELETE(self) -> None:  # noqa: N802
        self._route("DELETE")

    def do_HEAD(self) -> None:  # noqa: N802
        self._route("HEAD")

    def _route(self, method: str) -> None:
        url = urllib.parse.urlsplit(_utf8(self.path))
        try:
            if url.path in PAGES and method in ("GET", "HEAD"):
                self._static(*PAGES[url.path])
            elif url.path == "/api/queries" and method == "GET":
                self._send(200, "application/json; charset=utf-8", self.server.queries)
            elif url.path == "/api/run" and method in ("GET", "POST"):
                self._run(method, url.query)
            elif url.path == "/query" and method in ("GET", "POST"):
                self._sparql(method, url.query, "query")
            elif url.path == "/update" and method == "POST":
                if not self.server.writable:
                    raise Refused(403, "read-only server: start kg serve with --writable to accept updates")
                self._sparql(method, url.query, "update")
            elif url.path == "/store":
                if method not in ("GET", "HEAD") and not self.server.writable:
                    raise Refused(403, "read-only server: start kg serve with --writable to accept writes")
                self._forward(method, self._stream_body(MAX_UPLOAD))
            else:
                raise Refused(404, f"no such page: {url.path}")
        except Refused as exc:
            self.close_connection = True  # an unread request body must not be taken for the next request
            self._send(exc.status, "text/plain; charset=utf-8", (str(exc) + "\n").encode("utf-8"),
                       {"Connection": "close"})
        except (BrokenPipeError, ConnectionResetError):
            pass
        except Exception as exc:  # noqa: BLE001 - a bug answers 500 in one line; no traceback on kg's stderr
            self.close_connection = True
            with contextlib.suppress(OSError):
                self._send(500, "text/plain; charset=utf-8",
                           f"internal error: {type(exc).__name__}: {exc}\n".encode(), {"Connection": "close"})

    # -- helpers ---------------------------------------------------------------

    def _send(self, status: int, content_type: str, body: bytes, extra: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _static(self, name: str, content_type: str) -> None:
        body = (STATIC / name).read_bytes()
        self._send(200, content_type, body, {"Content-Security-Policy": CSP, "Cache-Control": "no-cache"})

    def _length(self, cap: int) -> int:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            raise Refused(411, "send the body with a Content-Length")
        try:
            n = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise Refused(400, "bad Content-Length") from None
        if n < 0 or n > cap:
            raise Refused(413, f"request body over {cap >> 20} MB")
        return n

    def _body(self, cap: int) -> bytes:
        return self.rfile.read(self._length(cap)) if self.command in ("POST", "PUT") else b""

    def _stream_body(self, cap: int):
        """The request body as (length, chunks), read as it is sent on."""
        if self.command not in ("POST", "PUT"):
            return None
        n = self._length(cap)

        def chunks():
            left = n
            while left:
                data = self.rfile.read(min(CHUNK, left))
                if not data:
                    return
                left -= len(data)
                yield data
        return n, chunks()

    def _sparql(self, method: str, query: str, key: str) -> None:
        body = self._body(MAX_SPARQL)
        texts = sparql_texts(method, query, self.headers.get("Content-Type", ""), body, key)
        if not self.server.allow_service and any(uses_service(t) for t in texts):
            raise Refused(403, "SERVICE is refused here: it makes the SPARQL engine send requests to the servers "
                               "it names (start kg serve with --allow-service to allow it)")
        self._forward(method, (len(body), iter([body])) if method != "GET" else None)

    def _upstream(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(*self.server.upstream, timeout=3600)

    def _forward(self, method: str, body, path: str | None = None, headers: dict | None = None) -> None:
        """Send the request on to Oxigraph and stream its answer back."""
        conn = self._upstream()
        try:
            # the request line as received, bytes outside ASCII percent-encoded (raw UTF-8 from curl)
            target = path or urllib.parse.quote(self.path.encode("latin-1"), safe="!#$%&'()*+,/:;=?@[]~")
            conn.putrequest(method, target, skip_accept_encoding=True)
            sent = headers if headers is not None else {k: v for k, v in self.headers.items() if k.lower() not in HOP}
            for k, v in sent.items():
                conn.putheader(k, v)
            if body is not None:
                conn.putheader("Content-Length", str(body[0]))
            conn.endheaders()
            if body is not None:
                for chunk in body[1]:
                    conn.send(chunk)
            resp = conn.getresponse()
            self.send_response(resp.status)
            for k, v in resp.getheaders():
                if k.lower() not in HOP and k.lower() not in ("server", "date"):
                    self.send_header(k, v)
            length = resp.getheader("Content-Length")
            chunked = length is None and method != "HEAD" and resp.status not in (204, 304)
            self.send_header("Transfer-Encoding", "chunked") if chunked else \
                self.send_header("Content-Length", length or "0")
            self.end_headers()
            if method != "HEAD":
                while data := resp.read(CHUNK):
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data) if chunked else data)
                if chunked:
                    self.wfile.write(b"0\r\n\r\n")
        except (ConnectionRefusedError, http.client.HTTPException, TimeoutError) as exc:
            raise Refused(502, f"the SPARQL server did not answer ({type(exc).__name__})") from None
        finally:
            conn.close()

    def _run(self, method: str, query: str) -> None:
        """A saved query (`name`, `param.NAME`) or SPARQL text (`query`), prefixes added; `format`:
        results (SPARQL JSON, default), csv or json."""
        if method == "POST":
            query = self._body(MAX_SPARQL).decode("utf-8", "replace")
        form = {k: v[-1] for k, v in urllib.parse.parse_qs(query, keep_blank_values=True).items()}
        fmt = form.get("format", "results")
        if fmt not in ("results", "csv", "json"):
            raise Refused(400, "format must be results, csv or json")
        try:
            if form.get("name"):
                saved = load_query(form["name"])
                params = {k[6:]: v for k, v in form.items() if k.startswith("param.")}
                text = prepare(saved, params)
            else:
                saved = adhoc(form.get("query", ""))
                text = prepare(saved)
        except KgError as exc:
            raise Refused(400, f"error: {exc}") from None
        if not self.server.allow_service and uses_service(text):
            raise Refused(403, "SERVICE is refused here (start kg serve with --allow-service to allow it)")
        body = urllib.parse.urlencode({"query": text}).encode("utf-8")
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"}
        if fmt == "results":
            self._forward("POST", (len(body), iter([body])), "/query", headers)
            return
        status, answer = self._fetch(body, headers)
        if status != 200:
            self._send(status, "text/plain; charset=utf-8", answer)
            return
        try:
            result = parse_json_results(answer)
        except KgError as exc:
            raise Refused(502, str(exc)) from None
        name = saved.name if saved.name != "-e" else "query"
        out = render_result(result, fmt).encode("utf-8")
        self._send(200, "text/csv; charset=utf-8" if fmt == "csv" else "application/json; charset=utf-8", out,
                   {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})

    def _fetch(self, body: bytes, headers: dict) -> tuple[int, bytes]:
        conn = self._upstream()
        try:
            conn.request("POST", "/query", body=body, headers=headers)
            resp = conn.getresponse()
            data = resp.read(MAX_ANSWER + 1)
            if len(data) > MAX_ANSWER:
                raise Refused(413, f"the answer is over {MAX_ANSWER >> 20} MB: add a LIMIT")
            return resp.status, data
        except (ConnectionRefusedError, http.client.HTTPException, TimeoutError) as exc:
            raise Refused(502, f"the SPARQL server did not answer ({type(exc).__name__})") from None
        finally:
            conn.close()
