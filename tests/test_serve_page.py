"""`kg serve`'s front (kg.store.front): our query page in real headless Chromium, and the
forwarding rules over real HTTP to a real Oxigraph child — SERVICE refused unless
--allow-service, updates and Graph Store writes only with --writable, request bodies capped."""
from __future__ import annotations

import contextlib
import json
import shutil
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg.cli import main
from kg.store.serve import free_port, wait_until_up

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[1]
KG = shutil.which("kg", path=str(Path(sys.executable).parent)) or "kg"


@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("serve-page") / "graph.ttl"
    assert main(["build", str(ROOT / "seeds"), "-o", str(out)]) == 0
    return out


@contextlib.contextmanager
def served(graph: Path, *options: str):
    port = free_port()
    proc = subprocess.Popen([KG, "serve", str(graph), "--port", str(port), *options],
                            stderr=subprocess.PIPE, text=True)
    try:
        first = proc.stderr.readline()
        assert first.startswith(f"http://127.0.0.1:{port}/  ("), first
        wait_until_up(f"http://127.0.0.1:{port}", proc)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=15) == 130
        proc.stderr.close()


@pytest.fixture(scope="module")
def server(seed):
    with served(seed) as url:
        yield url


def http(url: str, data: bytes | None = None, method: str | None = None, **headers) -> tuple[int, str, str]:
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=20) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read().decode("utf-8")


SERVICE = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"


def form(**fields) -> bytes:
    return urllib.parse.urlencode(fields).encode()


# -- the page in a browser ------------------------------------------------------------------------



def test_the_page_runs_a_saved_query_with_a_parameter_and_stays_on_the_host(browser, server):
    # bypass_csp: the page's own CSP would block remote requests silently; the test wants to see any
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server + "/")
    page.wait_for_selector("body[data-ready='1']", timeout=20_000)
    assert page.locator("#query-list button").count() == len(list((ROOT / "queries").glob("*.rq")))
    page.click("button[data-query='county-profile']")
    assert page.input_value("#param-place") == "吉縣"  # the declared example
    page.fill("#param-place", "吉县")  # simplified: facts come in the script of the label used
    page.click("#saved-run")
    page.wait_for_selector("#result-table tbody tr", timeout=20_000)
    header = page.eval_on_selector_all("#result-table th", "els => els.map(e => e.textContent)")
    assert header == ["area", "facet", "value"]
    cells = page.eval_on_selector_all("#result-table td", "els => els.map(e => e.textContent)")
    assert "id:place/141028" in cells and "141028" in cells and "吉县" in cells
    assert page.text_content("#status").endswith("row(s)")
    csv_href = page.get_attribute("#saved-csv", "href")
    assert "param.place=%E5%90%89%E5%8E%BF" in csv_href and "format=csv" in csv_href
    # the free box: no PREFIX lines, the project's prefixes are added
    page.fill("#free-text", "SELECT ?c WHERE { ?c a fupin:County } ORDER BY ?c LIMIT 3")
    page.click("#free-run")
    page.wait_for_function("document.querySelectorAll('#result-table tbody tr').length === 3", timeout=20_000)
    assert page.text_content("#result-table td") == "id:place/140929"
    page.fill("#free-text", "SELECT * WHERE { ?s ?p")
    page.click("#free-run")
    page.wait_for_selector("#status.error", timeout=20_000)
    context.close()
    assert requests and all(u.startswith(server + "/") for u in requests), requests
    assert errors == [] or all("400" in e for e in errors), errors  # only the bad query's own answer


def test_downloads_are_csv_and_json_of_the_bound_query(server):
    q = urllib.parse.urlencode({"name": "county-profile", "param.place": "吉縣", "format": "csv"})
    status, ctype, body = http(f"{server}/api/run?{q}")
    assert status == 200 and ctype.startswith("text/csv")
    assert body.splitlines()[:2] == ["area,facet,value", "https://w3id.org/fupin-kg/id/place/141028,code,141028"]
    status, ctype, body = http(f"{server}/api/run", form(name="funding", format="json"))
    rows = json.loads(body)
    assert status == 200 and any(r["value_cny"] == 586712900 for r in rows)


def test_bad_parameters_and_names_are_one_line_400s(server):
    status, _, body = http(f"{server}/api/run", form(name="county-profile", **{"param.plac": "吉縣"}))
    assert status == 400 and body.startswith("error: unknown parameter(s) plac for query county-profile")
    status, _, body = http(f"{server}/api/run", form(name="officals"))
    assert status == 400 and "did you mean officials?" in body


# -- forwarding rules -------------------------------------------------------------------------------

def test_service_is_refused_in_every_form_of_request(server):
    assert http(f"{server}/query?" + urllib.parse.urlencode({"query": SERVICE}))[0] == 403
    assert http(f"{server}/query", form(query=SERVICE))[0] == 403
    status, _, body = http(f"{server}/query", SERVICE.encode(), **{"Content-Type": "application/sparql-query"})
    assert status == 403 and "SERVICE" in body
    assert http(f"{server}/api/run", form(query=SERVICE))[0] == 403
    # a form body under an odd content type, and the query in the URL of a POST
    assert http(f"{server}/query", form(query=SERVICE), **{"Content-Type": "Application/X-WWW-Form-URLencoded"})[0] == 403
    assert http(f"{server}/query?" + urllib.parse.urlencode({"query": SERVICE}), b"",
                **{"Content-Type": "application/sparql-query"})[0] == 403
    assert http(f"{server}/query", SERVICE.encode(), **{"Content-Type": "text/plain"})[0] == 415
    # the word inside a string or a comment is no SERVICE clause
    status, _, body = http(f"{server}/query", form(query='# SERVICE\nASK { FILTER("SERVICE" != "") }'),
                           Accept="application/sparql-results+json")
    assert status == 200 and json.loads(body)["boolean"] is True


def test_allow_service_lets_it_through(seed):
    with served(seed, "--allow-service") as url:
        inner = f"SELECT (COUNT(*) AS ?n) WHERE {{ SERVICE <{url}/query> {{ ?c a <https://w3id.org/fupin-kg/ontology#County> }} }}"
        status, _, body = http(f"{url}/query", form(query=inner), Accept="application/sparql-results+json")
        assert status == 200, body
        assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "11"


def test_read_only_refuses_updates_and_store_writes(server):
    status, _, body = http(f"{server}/update", form(update="DROP ALL"))
    assert status == 403 and "--writable" in body
    assert http(f"{server}/store?default", b"<a:b> <a:c> <a:d> .", "PUT", **{"Content-Type": "application/n-triples"})[0] == 403
    status, ctype, body = http(f"{server}/store?default", Accept="application/n-triples")
    assert status == 200 and ctype.startswith("application/n-triples") and "fupin-kg/ontology#County" in body


def test_writable_forwards_updates_and_store_writes(seed):
    with served(seed, "--writable") as url:
        status, _, _ = http(f"{url}/update", form(update="INSERT DATA { <urn:x> <urn:y> 1 }"))
        assert status == 204
        nt = b"<urn:a> <urn:b> <urn:c> .\n"
        assert http(f"{url}/store?graph=urn:g", nt, "PUT", **{"Content-Type": "application/n-triples"})[0] in (201, 204)
        status, _, body = http(f"{url}/store?graph=urn:g", Accept="application/n-triples")
        assert status == 200 and body.strip() == nt.decode().strip()
        assert http(f"{url}/update", form(update=f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}/query> "
                                             "{ ?s ?p ?o } }"))[0] == 403


def test_oversized_bodies_and_unknown_paths_are_refused(server):
    port = int(server.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as c:
        c.sendall(b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                  b"Content-Length: 999999999\r\nConnection: close\r\n\r\n")
        answer = b""
        while chunk := c.recv(4096):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 413")
    assert http(f"{server}/nothing")[0] == 404
    status, _, body = http(f"{server}/")
    assert status == 200 and 'name="generator" content="fupin-kg"' in body


def test_the_page_and_its_script_name_no_other_host():
    static = ROOT / "kg" / "store" / "static"
    for f in static.iterdir():
        text = f.read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text and "//" not in text.replace("// ", ""), f.name


def test_raw_utf8_in_the_request_line_reaches_oxigraph_intact(server):
    """curl sends 吉縣 unencoded; http.server reads the line as Latin-1; the front re-encodes it."""
    port = int(server.rsplit(":", 1)[1])
    query = ("PREFIX%20rdfs:%20<http://www.w3.org/2000/01/rdf-schema%23>%20SELECT%20?p%20WHERE%20"
             "{%20?p%20rdfs:label%20%22吉縣%22@zh-Hant%20}")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as c:
        c.sendall(f"GET /query?query={query} HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\n"
                  "Connection: close\r\n\r\n".encode())
        answer = b""
        while chunk := c.recv(4096):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 200")
    assert b"https://w3id.org/fupin-kg/id/place/141028" in answer


def test_the_page_is_served_with_a_policy_that_allows_this_host_only(server):
    with urllib.request.urlopen(server + "/", timeout=10) as resp:
        policy = resp.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "connect-src 'self'" in policy and "script-src 'self'" in policy
