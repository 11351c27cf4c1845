"""Remote endpoints against a real Oxigraph server (kg.endpoint, `kg push`, `kg query --endpoint`, `kg serve`)."""
from __future__ import annotations

import base64
import contextlib
import http.server
import shutil
import signal
import socket
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest

from kg.cli import main
from kg.rdf.files import load_dataset
from kg.rdf.named import SHARED_GRAPH, by_article, default_graph, named_graphs
from kg.store.remote import remote_query
from kg.store.serve import free_port, oxigraph_binary, wait_until_up
from kg.model.errors import EndpointError
from kg.rdf.files import load_graph
from kg.store.saved import list_queries, plain_rows, run

pytestmark = pytest.mark.integration

MINI = Path(__file__).parent / "fixtures" / "mini.ttl"
ID = "https://w3id.org/fupin-kg/id/"
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@contextlib.contextmanager
def oxigraph_server(location: Path, *flags: str):
    """`oxigraph serve` on a free loopback port with these flags (none: a stock server); yields
    the query URL and stops the server afterwards."""
    port = free_port()
    proc = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(location),
                             "--bind", f"127.0.0.1:{port}", *flags],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, proc)
        yield url + "/query"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    """A real Oxigraph server on a free loopback port; stopped after the module."""
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph"), "--union-default-graph") as url:
        yield url


@pytest.fixture
def stock_oxigraph(tmp_path):
    """A fresh `oxigraph serve` with no flags: its default graph is not the union of its named graphs."""
    with oxigraph_server(tmp_path / "store") as url:
        yield url


def count(endpoint: str, text: str = COUNT_ALL) -> int:
    return int(remote_query(endpoint, text).rows[0][0])


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_push_then_every_saved_query_gives_the_local_rows(oxigraph, capsys):
    code, out, err = cli(capsys, "push", str(MINI), "--endpoint", oxigraph, "--replace")
    assert code == 0, err
    graphs = dict(line.split("\t") for line in out.splitlines())
    assert {f"{ID}article/linfen", f"{ID}article/zhuolu"} <= set(graphs)
    for q in list_queries():
        params = {p.name: p.example for p in q.params}
        local, remote = run(q, params, graph=MINI), run(q, params, endpoint=oxigraph)
        assert remote.columns == local.columns, q.name
        assert sorted(plain_rows(remote)) == sorted(plain_rows(local)), q.name


def test_every_triple_lands_in_an_article_graph_or_the_default_graph():
    g = load_graph(MINI)
    rest, parts = by_article(g)
    union = rest
    for part in parts.values():
        union = union + part
    assert set(union) == set(g)
    assert not [t for t in rest if str(t[0]).startswith(f"{ID}article/")]  # facts stay with their article


def test_push_refuses_to_overwrite_without_replace_and_replace_leaves_one_copy(oxigraph, capsys, tmp_path):
    cli(capsys, "push", str(MINI), "--endpoint", oxigraph, "--replace")
    before = count(oxigraph)
    code, _, err = cli(capsys, "push", str(MINI), "--endpoint", oxigraph)
    assert code == 1 and "already on the endpoint" in err and "--replace" in err
    changed = tmp_path / "changed.ttl"
    changed.write_text(MINI.read_text(encoding="utf-8").replace("schema:value 270000.0", "schema:value 280000.0"),
                       encoding="utf-8")
    assert cli(capsys, "push", str(changed), "--endpoint", oxigraph, "--replace")[0] == 0
    assert count(oxigraph) == before
    values = {r[0] for r in plain_rows(remote_query(
        oxigraph, f"SELECT ?v WHERE {{ <{ID}article/linfen/amount/110-115> <https://schema.org/value> ?v }}"))}
    assert values == {"280000"}
    cli(capsys, "push", str(MINI), "--endpoint", oxigraph, "--replace")


def test_injection_through_a_parameter_changes_nothing(oxigraph, capsys):
    cli(capsys, "push", str(MINI), "--endpoint", oxigraph, "--replace")
    before = count(oxigraph)
    code, out, _ = cli(capsys, "query", "county-profile", "-p", 'place=吉縣" } ; DROP ALL ; #',
                       "--endpoint", oxigraph, "--format", "csv")
    assert (code, out) == (0, "area,facet,value\n")
    assert count(oxigraph) == before


def test_push_through_sparql_update(oxigraph, capsys):
    update = oxigraph.replace("/query", "/update")
    code, _, err = cli(capsys, "push", str(MINI), "--endpoint", oxigraph, "--update", update, "--replace",
                       "--graph", "urn:kg:test:all")
    assert code == 0, err
    n = count(oxigraph, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:kg:test:all> { ?s ?p ?o } }")
    assert n == len(load_graph(MINI))


# -- failures, against small fake servers ---------------------------------------------

class _Fake(http.server.BaseHTTPRequestHandler):
    status, body, seen = 200, b"", []

    def do_POST(self):  # noqa: N802 (http.server naming)
        type(self).seen.append(self.headers.get("Authorization"))
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(self.status)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake():
    handler = type("Handler", (_Fake,), {"seen": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield handler, f"http://127.0.0.1:{server.server_address[1]}/query"
    server.shutdown()
    server.server_close()


@pytest.fixture
def no_sleep(monkeypatch):
    monkeypatch.setattr("kg.store.remote.time.sleep", lambda s: None)


@pytest.mark.parametrize("status, body, message", [
    (401, b"", "the endpoint refused the credentials (401) — set KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD"),
    (403, b"", "the endpoint forbids this request (403)"),
    (404, b"", "no SPARQL service at this URL (404)"),
    (500, b"boom", "the endpoint failed (500)"),
    (200, b"<html>hello</html>", "the endpoint's answer is not SPARQL JSON results"),
])
def test_http_failures_are_one_line(fake, no_sleep, status, body, message, monkeypatch):
    handler, url = fake
    handler.status, handler.body = status, body
    monkeypatch.setenv("KG_ENDPOINT_USER", "analyst")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "s3cret-pw")
    with pytest.raises(EndpointError) as info:
        remote_query(url, "SELECT * WHERE { ?s ?p ?o }")
    text = str(info.value)
    assert message in text and "\n" not in text and "s3cret-pw" not in text
    assert handler.seen[0] == "Basic " + base64.b64encode(b"analyst:s3cret-pw").decode()
    assert len(handler.seen) == (4 if status == 500 else 1)  # reads are retried on server errors only


def test_connection_refused(no_sleep):
    with pytest.raises(EndpointError, match="connection refused — is the server running"):
        remote_query(f"http://127.0.0.1:{free_port()}/query", "ASK {}")


def test_unknown_host():
    with pytest.raises(EndpointError, match="cannot resolve the host name"):
        remote_query("http://no-such-host.invalid/query", "ASK {}", retries=0)


def test_timeout(no_sleep):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        url = f"http://127.0.0.1:{s.getsockname()[1]}/query"
        with pytest.raises(EndpointError, match="no answer within 1 s — raise --timeout"):
            remote_query(url, "ASK {}", timeout=1, retries=0)


def test_credentials_in_the_url_are_never_printed(capsys, no_sleep):
    code, _, err = cli(capsys, "query", "articles", "--endpoint", f"http://bob:hunter2@127.0.0.1:{free_port()}/query")
    assert code == 1 and err.startswith("error: http://") and "hunter2" not in err


# -- kg serve ---------------------------------------------------------------------

def test_serve_loads_the_graph_read_only_and_stops_on_ctrl_c():
    port = free_port()
    kg = shutil.which("kg", path=str(Path(sys.executable).parent)) or "kg"
    proc = subprocess.Popen([kg, "serve", str(MINI), "--port", str(port)], stderr=subprocess.PIPE, text=True)
    try:
        url = f"http://127.0.0.1:{port}"
        first = proc.stderr.readline()
        assert first.startswith(f"{url}/  (read-only")
        wait_until_up(url, proc)
        assert count(url + "/query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == len(load_graph(MINI))
        req = urllib.request.Request(url + "/update", data=b"update=DROP%20ALL", method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(req, timeout=5)
    finally:
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=15)
    assert code == 130  # 128 + SIGINT
    rest = proc.stderr.read()
    proc.stderr.close()
    assert "server stopped" in rest
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


def test_serve_refuses_a_port_in_use(capsys):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        code, _, err = cli(capsys, "serve", str(MINI), "--port", str(s.getsockname()[1]))
    assert code == 1 and "is in use — pass another --port" in err



def test_push_of_a_trig_build_keeps_the_builds_named_graphs(stock_oxigraph, capsys, tmp_path):
    """`kg push corpus.trig` stores the graphs `kg build` wrote: each article's named graph
    as it is, the default graph (triples several articles state) in the shared graph."""
    corpus = tmp_path / "corpus.trig"
    fixtures = Path(__file__).parent / "fixtures"
    assert main(["build", str(fixtures / "guizhou-county-simplified.txt"),
                 str(fixtures / "gansu-city-traditional.txt"), "-o", str(corpus), "--jobs", "1"]) == 0
    written = load_dataset(corpus)
    default, articles = default_graph(written), named_graphs(written)
    assert len(articles) == 2 and len(default) > 0
    code, out, err = cli(capsys, "push", str(corpus), "--endpoint", stock_oxigraph, "--replace")
    assert code == 0, err
    pushed = dict(line.split("\t") for line in out.splitlines())
    assert pushed == {**{iri: str(len(g)) for iri, g in articles.items()}, str(SHARED_GRAPH): str(len(default))}
    for iri, g in articles.items():
        assert count(stock_oxigraph, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}") == len(g)
        rows = remote_query(stock_oxigraph, f"SELECT DISTINCT ?s WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}").rows
        assert {r[0] for r in rows} == set(g.subjects()), iri
    rows = remote_query(stock_oxigraph, f"SELECT DISTINCT ?s WHERE {{ GRAPH <{SHARED_GRAPH}> {{ ?s ?p ?o }} }}").rows
    assert set(default.subjects()) <= {r[0] for r in rows}
