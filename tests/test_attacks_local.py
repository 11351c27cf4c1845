"""Attacks on local queries (`kg query --graph`): SERVICE (SSRF), runaway queries, error positions,
absurd limits."""
from __future__ import annotations

import http.server
import threading
import time
from pathlib import Path

import pytest
from helpers import cli, one_line_error

from kg.store.saved import uses_service

MINI = Path(__file__).parent / "fixtures" / "mini.ttl"
JSON_ROWS = b'{"head":{"vars":["o"]},"results":{"bindings":[{"o":{"type":"literal","value":"7"}}]}}'



@pytest.fixture
def listener():
    """A SPARQL-looking server on 127.0.0.1 that records every request it gets."""
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def _any(self):
            seen.append(f"{self.command} {self.path}")
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(JSON_ROWS)))
            self.end_headers()
            self.wfile.write(JSON_ROWS)

        do_GET = do_POST = _any  # noqa: N815

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", seen
    server.shutdown()
    server.server_close()


# -- 5. SERVICE ---------------------------------------------------------------------------------

SERVICE_FORMS = [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?x ?y ?z OPTIONAL {{ SeRvIcE <{url}> {{ ?s ?p ?o }} }} }}",
    "PREFIX e: <{url}>\nSELECT * WHERE {{\n  SERVICE\te: {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ BIND(<{url}> AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}",
]


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("form", SERVICE_FORMS)
def test_service_is_refused_and_no_request_leaves(listener, capsys, engine, form):
    url, seen = listener
    code, out, err = cli(capsys, "query", "-e", form.format(url=url), "--graph", str(MINI), "--engine", engine)
    assert (code, out) == (1, "")
    assert one_line_error(err) == ("error: the query uses SERVICE, which makes the SPARQL engine send requests to "
                                   "the servers it names — pass --allow-service if you trust the query and those "
                                   "servers")
    time.sleep(0.2)
    assert seen == []


def test_service_is_refused_before_a_query_goes_to_an_endpoint(listener, capsys):
    url, seen = listener
    code, _, err = cli(capsys, "query", "-e", f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
                       "--endpoint", url)
    assert code == 1 and "uses SERVICE" in one_line_error(err)
    assert seen == []


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_allow_service_lets_the_engine_make_the_request(listener, capsys, engine):
    url, seen = listener
    cli(capsys, "query", "-e", f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}", "--graph", str(MINI),
        "--engine", engine, "--allow-service", "--timeout", "10")
    assert seen  # the flag is what stands between a query and the network


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://127.0.0.1/>",
    'SELECT * WHERE { ?s ?p "SERVICE <http://127.0.0.1/> { }" }',
    "SELECT * WHERE { ?s ?p <http://example.org/SERVICE> }",
    "PREFIX ex: <http://example.org/>\nSELECT ?service WHERE { ?service ex:service ?o }",
])
def test_the_word_service_elsewhere_is_not_a_service_clause(text):
    assert not uses_service(text)


# -- 10. syntax-error positions and absurd limits ------------------------------------------------------

BAD_RQ = ("# title: bad\n# columns: s\n# param: place label 吉縣\nPREFIX ex: <http://e/>\n"
          "SELECT ?s WHERE { ?s ?p ?place .\n  ?s ex:q }\n")


@pytest.mark.parametrize("engine, column, detail", [
    ("oxigraph", 11, "expected one of"),
    ("rdflib", 3, "Expected SelectQuery, found '?'"),
])
def test_a_syntax_error_names_the_file_and_the_users_own_line(capsys, tmp_path, engine, column, detail):
    bad = tmp_path / "bad.rq"
    bad.write_text(BAD_RQ, encoding="utf-8")
    code, out, err = cli(capsys, "query", str(bad), "-p", "place=吉縣", "--graph", str(MINI), "--engine", engine)
    line = one_line_error(err)
    assert (code, out) == (1, "")
    assert line.startswith(f"error: {bad}: SPARQL syntax error at line 6, column {column}: {detail}")
    assert line.endswith(" — check the query text")


def test_a_syntax_error_in_an_expression_counts_from_its_first_line(capsys):
    code, _, err = cli(capsys, "query", "-e", "SELECT *\nWHERE { ?s ?p ?o ", "--graph", str(MINI))
    assert code == 1
    assert one_line_error(err).startswith("error: SPARQL syntax error at line 2, column 18: expected one of")


@pytest.mark.parametrize("limit", [str(10 ** 30), str(2 ** 63)])
def test_a_huge_limit_is_a_range_error_not_a_syntax_error(capsys, limit):
    code, out, err = cli(capsys, "query", "-e", "SELECT * WHERE { ?s ?p ?o }", "--graph", str(MINI), "--limit", limit)
    assert (code, out) == (1, "")
    assert err == (f"error: Invalid value for '--limit': {limit} is not in the range 0<=x<=9223372036854775807. "
                   "(see `kg --help`)\n")


def test_the_library_checks_the_limit_range_too():
    from kg.model.errors import QueryError
    from kg.store.saved import adhoc, prepare

    with pytest.raises(QueryError, match=r"--limit 1000000000000000000000000000000 is out of range — pass a "
                                         r"number from 0 to 9223372036854775807"):
        prepare(adhoc("SELECT * WHERE { ?s ?p ?o }"), limit=10 ** 30)
    assert prepare(adhoc("SELECT * WHERE { ?s ?p ?o }"), limit=2 ** 63 - 1).endswith("LIMIT 9223372036854775807\n")


# -- 9. runaway local queries ----------------------------------------------------------------------------

CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_runaway_local_query_stops_at_the_timeout(capsys, engine):
    import multiprocessing

    start = time.monotonic()
    code, out, err = cli(capsys, "query", "-e", CROSS, "--graph", str(MINI), "--engine", engine, "--timeout", "2")
    took = time.monotonic() - start
    assert (code, out) == (1, "")
    assert one_line_error(err) == ("error: the query ran longer than 2 s and was stopped — raise --timeout, or "
                                   "narrow the query (a LIMIT, fewer unbound patterns)")
    assert 1.9 < took < 5
    assert multiprocessing.active_children() == []  # the engine is not left running


def test_local_queries_have_a_default_timeout():
    import inspect

    from kg.store.local import LOCAL_TIMEOUT, bounded
    from kg.store.saved import run

    assert LOCAL_TIMEOUT == 60 and inspect.signature(bounded).parameters["timeout"].default == 60
    assert inspect.signature(run).parameters["timeout"].default is None  # None: 60 locally, 30 on an endpoint


def test_ctrl_c_stops_a_runaway_local_query_and_its_engine():
    import shutil
    import signal
    import subprocess
    import sys

    kg = shutil.which("kg", path=str(Path(sys.executable).parent)) or "kg"
    proc = subprocess.Popen([kg, "query", "-e", CROSS, "--graph", str(MINI), "--timeout", "600"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    engine: list[int] = []
    end = time.monotonic() + 20
    while not engine and time.monotonic() < end:  # wait for the engine's child process
        time.sleep(0.1)
        engine = [int(p) for p in Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()]
    assert engine, "no engine process"
    time.sleep(0.5)
    start = time.monotonic()
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=10)
    assert time.monotonic() - start < 3
    assert (proc.returncode, out) == (130, "")
    assert err == "interrupted; outputs were left as they were\n"
    assert not Path(f"/proc/{engine[0]}").exists() or "Z" in Path(f"/proc/{engine[0]}/stat").read_text().split()[2]


@pytest.fixture
def html_service():
    """A server that answers every request with an HTML page (not SPARQL results)."""
    page = b"<!DOCTYPE html><html><body>Welcome</body></html>"

    class Handler(http.server.BaseHTTPRequestHandler):
        def _any(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        do_GET = do_POST = _any  # noqa: N815

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_service_answering_html_is_a_one_line_user_error(html_service, capsys, engine):
    """#17.15: with --allow-service, a SERVICE that answers non-SPARQL is exit 1 and one line."""
    code, out, err = cli(capsys, "query", "-e", f"SELECT * WHERE {{ SERVICE <{html_service}> {{ ?s ?p ?o }} }}",
                         "--graph", str(MINI), "--engine", engine, "--allow-service")
    assert code == 1 and out == ""
    assert one_line_error(err).startswith("error: query failed: ")
