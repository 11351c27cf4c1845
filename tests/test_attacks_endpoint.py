"""Attacks on the remote side (`kg push`, `kg query --endpoint`): injection, credentials,
redirects, half-written stores, wrong answers, huge and trickling answers.

The real Oxigraph server is the `oxigraph` fixture of test_endpoint; the misbehaving
endpoints are small http.server instances on 127.0.0.1.
"""
from __future__ import annotations

import base64
import http.server
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from helpers import cli, one_line_error

from kg.rdf.files import load_graph
from kg.store.remote import remote_query
from kg.store.serve import free_port

from test_endpoint import oxigraph  # noqa: F401  (the real server fixture)

pytestmark = pytest.mark.integration

MINI = Path(__file__).parent / "fixtures" / "mini.ttl"
JSON_ROWS = b'{"head":{"vars":["n"]},"results":{"bindings":[{"n":{"type":"literal","value":"7"}}]}}'



class Fake:
    """A deliberately misbehaving endpoint: `answer(handler, method, path, body)` writes the reply."""

    def __init__(self, answer):
        self.seen: list[tuple[str, str, str | None, bytes]] = []  # method, path, Authorization, body
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _any(self):
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n) if n else b""
                fake.seen.append((self.command, self.path, self.headers.get("Authorization"), body))
                try:
                    answer(self, self.command, self.path, body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_GET = do_POST = do_PUT = do_HEAD = _any  # noqa: N815 (http.server naming)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_server():
    made: list[Fake] = []

    def make(answer) -> Fake:
        made.append(Fake(answer))
        return made[-1]

    yield make
    for f in made:
        f.close()


def reply(h, status: int, body: bytes = b"", ctype: str = "application/sparql-results+json", **headers):
    h.send_response(status)
    h.send_header("Content-Type", ctype)
    h.send_header("Content-Length", str(len(body)))
    for k, v in headers.items():
        h.send_header(k, v)
    h.end_headers()
    if h.command != "HEAD":
        h.wfile.write(body)


def graph_count(endpoint: str, iri: str) -> int:
    q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"
    return int(remote_query(endpoint, q).rows[0][0])


# -- 1. SPARQL Update injection through --graph ------------------------------------------------

INJECTION = "http://x/g> { } } ; DROP ALL ; INSERT DATA { GRAPH <http://x/g2"


@pytest.mark.parametrize("via_update", [True, False])
def test_graph_iri_injection_is_refused_and_other_graphs_survive(oxigraph, capsys, via_update):  # noqa: F811
    update = oxigraph.replace("/query", "/update")
    assert cli(capsys, "push", str(MINI), "--endpoint", oxigraph, "--update", update, "--replace",
               "--graph", "urn:kg:attack:keep")[0] == 0
    kept = graph_count(oxigraph, "urn:kg:attack:keep")
    assert kept == len(load_graph(MINI))
    args = ["push", str(MINI), "--endpoint", oxigraph, "--replace", "--graph", INJECTION]
    code, out, err = cli(capsys, *(args + (["--update", update] if via_update else [])))
    line = one_line_error(err)
    assert code == 1 and out == ""
    assert line.startswith("error: invalid graph IRI 'http://x/g> { } } ; DROP ALL ;")
    assert line.endswith("— pass e.g. --graph https://example.org/graph/1")
    assert graph_count(oxigraph, "urn:kg:attack:keep") == kept


@pytest.mark.parametrize("bad", ["relative/graph", "http://x/a b", 'http://x/"q', "http://x/{", "urn:x|y",
                                 "http://x/^", "http://x/`", "http://x/\\", "http://x/\n"])
def test_every_unsafe_graph_iri_is_refused_before_any_request(fake_server, capsys, bad):
    fake = fake_server(lambda h, *a: reply(h, 204))
    code, _, err = cli(capsys, "push", str(MINI), "--endpoint", fake.url + "/query", "--graph", bad,
                       "--update", fake.url + "/update")
    assert code == 1 and "invalid graph IRI" in one_line_error(err)
    assert fake.seen == []


# -- 4. passwords in URLs ------------------------------------------------------------------------

def test_push_accepts_user_and_password_in_the_url_and_never_shows_them(fake_server, capsys, monkeypatch):
    monkeypatch.delenv("KG_ENDPOINT_USER", raising=False)
    fake = fake_server(lambda h, m, p, b: reply(h, 404 if m == "HEAD" else 201, b"", "text/plain"))
    url = fake.url.replace("http://", "http://u:S3cr3tURL@") + "/query"
    code, out, err = cli(capsys, "push", str(MINI), "--endpoint", url)
    assert code == 0 and "S3cr3tURL" not in out + err
    assert err == f"pushed {len(load_graph(MINI))} triples in 3 graph(s) to {fake.url}/query\n"
    assert {a for _, _, a, _ in fake.seen} == {"Basic " + base64.b64encode(b"u:S3cr3tURL").decode()}


@pytest.mark.parametrize("port", ["S3cr3tURL", "99999"])
def test_password_in_a_url_with_a_bad_port_is_never_shown(capsys, port):
    code, _, err = cli(capsys, "push", str(MINI), "--endpoint", f"http://u:S3cr3tURL@127.0.0.1:{port}/query")
    line = one_line_error(err)
    assert code == 1 and "S3cr3tURL" not in line.replace(f":{port}/", "")
    assert line.startswith("error: not a valid URL")
    assert line.endswith(f"'http://***@127.0.0.1:{port}/query' — pass e.g. --endpoint http://127.0.0.1:7878/query")


def test_malformed_ipv6_url_with_credentials_is_a_one_line_user_error(capsys):
    code, _, err = cli(capsys, "query", "articles", "--endpoint", "http://a:b@[::1/q")
    assert code == 1
    assert one_line_error(err) == ("error: not a valid URL: 'http://***@[::1/q' — pass e.g. --endpoint "
                                   "http://127.0.0.1:7878/query")


def test_userinfo_is_sent_as_basic_auth_to_that_host_and_never_printed(fake_server, capsys, monkeypatch):
    monkeypatch.delenv("KG_ENDPOINT_USER", raising=False)
    fake = fake_server(lambda h, *a: reply(h, 500, b"down"))
    url = fake.url.replace("http://", "http://bob:hunter%402@") + "/query"
    monkeypatch.setattr("kg.store.remote.time.sleep", lambda s: None)
    code, _, err = cli(capsys, "query", "-e", "SELECT * WHERE { ?s ?p ?o }", "--endpoint", url)
    line = one_line_error(err)
    assert code == 1 and "hunter" not in err and "bob" not in err
    assert line.startswith(f"error: {fake.url}/query: the endpoint failed (500): down")
    assert {a for _, _, a, _ in fake.seen} == {"Basic " + base64.b64encode(b"bob:hunter@2").decode()}


def test_userinfo_wins_over_the_environment(fake_server, monkeypatch):
    monkeypatch.setenv("KG_ENDPOINT_USER", "env-user")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "env-pw")
    fake = fake_server(lambda h, *a: reply(h, 200, JSON_ROWS))
    assert remote_query(fake.url.replace("http://", "http://u:p@") + "/query", "ASK {}").rows[0][0].value == "7"
    assert fake.seen[0][2] == "Basic " + base64.b64encode(b"u:p").decode()


# -- 3. redirects --------------------------------------------------------------------------------

@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_no_credentials_or_query_follow_a_redirect_to_another_host(fake_server, capsys, monkeypatch, status):
    monkeypatch.setenv("KG_ENDPOINT_USER", "analyst")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "s3cret-pw")
    elsewhere = fake_server(lambda h, *a: reply(h, 200, JSON_ROWS))
    other = elsewhere.url.replace("127.0.0.1", "localhost") + "/steal"
    fake = fake_server(lambda h, *a: reply(h, status, b"", "text/plain", Location=other))
    code, out, err = cli(capsys, "query", "-e", "SELECT ?n WHERE { ?s ?p ?n }", "--endpoint", fake.url + "/query")
    line = one_line_error(err)
    assert code == 1 and out == "" and "s3cret" not in err
    assert line == (f"error: {fake.url}/query: the endpoint redirects to another host ({other}); kg does not "
                    "follow it, so neither the query nor credentials go there — pass the URL it redirects to, "
                    "if you trust it")
    assert elsewhere.seen == []
    code, _, err = cli(capsys, "push", str(MINI), "--endpoint", fake.url + "/query", "--replace")
    assert code == 1 and "redirects to another host" in one_line_error(err)
    assert elsewhere.seen == []


def test_a_same_host_redirect_resends_the_query_with_its_method_body_and_credentials(fake_server, capsys,
                                                                                    monkeypatch):
    monkeypatch.setenv("KG_ENDPOINT_USER", "analyst")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "pw")

    def answer(h, method, path, body):
        if path == "/old":
            reply(h, 301, b"", "text/plain", Location="/query")
        elif method == "POST" and urllib.parse.parse_qs(body.decode()).get("query"):
            reply(h, 200, JSON_ROWS)
        else:
            reply(h, 200, b'{"head":{"vars":["n"]},"results":{"bindings":[]}}')

    fake = fake_server(answer)
    code, out, err = cli(capsys, "query", "-e", "SELECT ?n WHERE { ?s ?p ?n }", "--endpoint", fake.url + "/old",
                         "--format", "csv")
    assert (code, out, err) == (0, "n\n7\n", "")
    assert [(m, p) for m, p, _, _ in fake.seen] == [("POST", "/old"), ("POST", "/query")]
    assert fake.seen[0][3] == fake.seen[1][3] and fake.seen[1][2] is not None


# -- 2. a push that fails midway -------------------------------------------------------------------

def test_gsp_push_failing_midway_says_exactly_what_was_written(fake_server, capsys, tmp_path):
    corpus = tmp_path / "three.trig"
    corpus.write_text("".join(f"<urn:kg:g{i}> {{ <urn:s> <urn:p> {i} . }}\n" for i in (1, 2, 3)), encoding="utf-8")
    puts: list[str] = []

    def answer(h, method, path, body):
        if method == "PUT":
            puts.append(path)
            reply(h, 201 if len(puts) == 1 else 500, b"" if len(puts) == 1 else b"disk full", "text/plain")
        else:
            reply(h, 404)

    fake = fake_server(answer)
    code, out, err = cli(capsys, "push", str(corpus), "--endpoint", fake.url + "/query", "--replace")
    assert code == 1 and out == ""
    assert one_line_error(err) == (
        f"error: {fake.url}/store?graph=urn%3Akg%3Ag2: the endpoint failed (500): disk full; the store now holds "
        "1 of 3 graph(s) from this push (<urn:kg:g1>), not yet <urn:kg:g2>, <urn:kg:g3> — rerun the same "
        "`kg push --replace` to finish (or use --update URL, which writes every graph in one atomic request)")
    assert len(puts) == 2  # stops at the first failure


def test_update_push_is_one_request_holding_every_drop_and_insert(fake_server, capsys, tmp_path):
    corpus = tmp_path / "three.trig"
    corpus.write_text("".join(f"<urn:kg:g{i}> {{ <urn:s> <urn:p> {i} . }}\n" for i in (1, 2, 3)), encoding="utf-8")
    fake = fake_server(lambda h, *a: reply(h, 500, b"boom", "text/plain"))
    code, _, err = cli(capsys, "push", str(corpus), "--endpoint", fake.url + "/query", "--update",
                       fake.url + "/update", "--replace")
    assert code == 1 and "the endpoint failed (500): boom" in one_line_error(err)
    assert len(fake.seen) == 1
    update = urllib.parse.parse_qs(fake.seen[0][3].decode())["update"][0]
    assert update.count("DROP SILENT GRAPH") == 3 and update.count("INSERT DATA") == 3


def test_update_push_on_oxigraph_is_atomic(oxigraph, capsys, tmp_path):  # noqa: F811
    update = oxigraph.replace("/query", "/update")
    good = tmp_path / "good.trig"
    good.write_text("".join(f"<urn:kg:atomic{i}> {{ <urn:s> <urn:p> {i} . }}\n" for i in (1, 2)), encoding="utf-8")
    assert cli(capsys, "push", str(good), "--endpoint", oxigraph, "--update", update, "--replace")[0] == 0
    from rdflib import Graph, Literal, URIRef

    from kg.store.remote import update_text

    g1, g2 = Graph(), Graph()
    g1.add((URIRef("urn:s"), URIRef("urn:p"), Literal("9")))
    g2.add((URIRef("urn:s"), URIRef("urn:p"), URIRef("urn:o")))
    text = update_text([("urn:kg:atomic1", g1, True), ("urn:kg:atomic2", g2, True)], replace=True)
    text += " ;\nLOAD <http://127.0.0.1:1/nothing> INTO GRAPH <urn:kg:atomic3>"  # fails after both writes
    req = urllib.request.Request(update, data=urllib.parse.urlencode({"update": text}).encode(), method="POST",
                                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(req, timeout=10)
    rows = remote_query(oxigraph, "SELECT ?o WHERE { GRAPH <urn:kg:atomic1> { ?s ?p ?o } }").rows
    assert [str(r[0]) for r in rows] == ["1"]  # nothing of the failed request was applied


# -- 6. answers that are not what was asked for ------------------------------------------------------

@pytest.mark.parametrize("update", [False, True])
def test_an_html_200_answer_to_a_push_is_an_error(fake_server, capsys, update):
    page = b"<!DOCTYPE html><html><body>Welcome to nginx</body></html>"
    fake = fake_server(lambda h, m, p, b: reply(h, 404 if m == "HEAD" else 200, page, "text/html"))
    extra = ["--update", fake.url + "/update"] if update else []
    code, out, err = cli(capsys, "push", str(MINI), "--endpoint", fake.url + "/query", "--replace", *extra)
    line = one_line_error(err)
    assert code == 1 and out == "" and "pushed" not in err
    assert "the endpoint answered 200 with an HTML page, not a SPARQL store's answer" in line


@pytest.mark.parametrize("ctype, body, what", [
    ("text/html", b"<html><body>login</body></html>", "not SPARQL JSON results (it is text/html)"),
    ("application/sparql-results+json", b"\x00\xff garbage", "not SPARQL JSON results"),
    ("application/sparql-results+json", b'{"head": 3}', "not SPARQL JSON results"),
])
def test_a_query_answer_that_is_not_sparql_results_is_an_error(fake_server, capsys, ctype, body, what):
    fake = fake_server(lambda h, *a: reply(h, 200, body, ctype))
    code, out, err = cli(capsys, "query", "-e", "SELECT * WHERE { ?s ?p ?o }", "--endpoint", fake.url + "/query")
    assert code == 1 and out == "" and what in one_line_error(err)


# -- 7. huge answers -----------------------------------------------------------------------------------

def _endless(h, *args):
    h.send_response(200)
    h.send_header("Content-Type", "application/sparql-results+json")
    h.end_headers()
    h.wfile.write(b'{"head":{"vars":["x"]},"results":{"bindings":[')
    chunk = b'{"x":{"type":"literal","value":"' + b"a" * 8000 + b'"}},'
    try:
        while True:
            h.wfile.write(chunk)
    except OSError:
        pass


def test_an_endless_answer_stops_at_the_size_cap(fake_server, capsys):
    fake = fake_server(_endless)
    start = time.monotonic()
    code, out, err = cli(capsys, "query", "-e", "SELECT * WHERE { ?s ?p ?o }", "--endpoint", fake.url + "/query",
                         "--max-response", "2", "--timeout", "20")
    assert code == 1 and out == ""
    assert one_line_error(err) == (f"error: {fake.url}/query: the answer is larger than the --max-response limit "
                                   "— add a LIMIT to the query, or raise --max-response")
    assert time.monotonic() - start < 10


def test_a_declared_length_over_the_cap_is_refused_before_reading(fake_server):
    from kg.model.errors import EndpointError

    def answer(h, *args):
        h.send_response(200)
        h.send_header("Content-Type", "application/sparql-results+json")
        h.send_header("Content-Length", str(10 ** 12))
        h.end_headers()

    fake = fake_server(answer)
    with pytest.raises(EndpointError, match="larger than the --max-response limit"):
        remote_query(fake.url + "/query", "ASK {}", max_bytes=1024)


# -- 8. --timeout is a deadline for the whole request ------------------------------------------------------

def _trickle(h, *args):
    h.send_response(200)
    h.send_header("Content-Type", "application/sparql-results+json")
    h.end_headers()
    try:
        for byte in JSON_ROWS * 100:
            h.wfile.write(bytes([byte]))
            h.wfile.flush()
            time.sleep(0.2)
    except OSError:
        pass


def test_a_trickling_server_cannot_outlast_the_timeout(fake_server, capsys):
    fake = fake_server(_trickle)
    start = time.monotonic()
    code, out, err = cli(capsys, "query", "-e", "ASK {}", "--endpoint", fake.url + "/query", "--timeout", "2")
    took = time.monotonic() - start
    assert code == 1 and out == ""
    assert one_line_error(err) == (f"error: {fake.url}/query: no answer within 2 s — raise --timeout, or check "
                                   "that the server is not overloaded")
    assert 1.9 < took < 5


def test_trickled_headers_are_cut_at_the_deadline_too(capsys):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]

        def serve():
            conn, _ = s.accept()
            try:
                for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 1000:
                    conn.sendall(bytes([byte]))
                    time.sleep(0.1)
            except OSError:
                pass
            finally:
                conn.close()

        threading.Thread(target=serve, daemon=True).start()
        start = time.monotonic()
        code, _, err = cli(capsys, "push", str(MINI), "--endpoint", f"http://127.0.0.1:{port}/query",
                           "--replace", "--timeout", "2")
        assert code == 1 and "no answer within 2 s" in one_line_error(err)
        assert time.monotonic() - start < 5


def test_connection_refused_retries_stay_within_the_deadline(capsys, monkeypatch):
    slept: list[float] = []
    monkeypatch.setattr("kg.store.remote.time.sleep", slept.append)
    code, _, err = cli(capsys, "query", "-e", "ASK {}", "--endpoint", f"http://127.0.0.1:{free_port()}/query",
                       "--timeout", "1")
    assert code == 1 and "connection refused" in one_line_error(err)
    assert sum(slept) < 1


def test_gsp_replace_with_an_update_service_beside_it_is_one_atomic_request(fake_server, capsys, tmp_path):
    """#17.4: where the store also answers SPARQL Update, `--replace` is one request (all or
    nothing) instead of one PUT per graph that can fail halfway."""
    corpus = tmp_path / "three.trig"
    corpus.write_text("".join(f"<urn:kg:g{i}> {{ <urn:s> <urn:p> {i} . }}\n" for i in (1, 2, 3)), encoding="utf-8")

    def answer(h, method, path, body):
        if method == "POST" and path == "/update":
            reply(h, 204, b"", "text/plain")
        else:
            reply(h, 500, b"a PUT was sent", "text/plain")

    fake = fake_server(answer)
    code, out, err = cli(capsys, "push", str(corpus), "--endpoint", fake.url + "/query", "--replace")
    assert code == 0, err
    assert [(m, p) for m, p, _, _ in fake.seen] == [("POST", "/update"), ("POST", "/update")]  # probe, then all
    update = urllib.parse.parse_qs(fake.seen[1][3].decode())["update"][0]
    assert update.count("DROP SILENT GRAPH") == 3 and update.count("INSERT DATA") == 3
    assert out.splitlines() == ["urn:kg:g1\t1", "urn:kg:g2\t1", "urn:kg:g3\t1"]
