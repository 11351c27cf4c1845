"""The documented remote paths give the local rows: the README's remote steps as written, stock
Oxigraph servers (default graph not the union of the named graphs), a custom `--base` from build
to endpoint, and the cost of splitting a corpus into per-article graphs.

Every server is a real `oxigraph serve` on 127.0.0.1 started here; `kg` runs as the user runs it.
"""
from __future__ import annotations

import csv
import http.server
import io
import re
import shlex
import signal
import subprocess
import sys
import textwrap
import threading
import urllib.request
from pathlib import Path

import pytest
from helpers import cli

from kg.rdf.files import load_graph
from kg.store.remote import EMPTY_FIX, remote_query, shared_graph
from kg.store.saved import list_queries, plain_rows, run
from kg.store.serve import free_port, wait_until_up

from test_endpoint import oxigraph_server, stock_oxigraph  # noqa: F401  (real server fixtures)

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).parent / "fixtures" / "mini.ttl"
KG = str(Path(sys.executable).parent / "kg")
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def kg(*args: str, cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run([KG, *args], cwd=cwd, capture_output=True, text=True, timeout=300)
    if check:
        assert done.returncode == 0, done.stderr
    return done


def readme_remote_steps() -> list[str]:
    """The command lines of the README's remote block (after "Remote (any SPARQL 1.1 endpoint")."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"\nRemote \(any SPARQL.*?```sh\n(.*?)```", text, re.S)
    assert block, "the README's remote steps moved: update this test with them"
    return [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.split("#")[0].strip()]


def csv_rows(text: str) -> list[list[str]]:
    return sorted(csv.reader(io.StringIO(text)))


def test_the_readmes_remote_steps_give_the_local_funding_by_place(tmp_path):
    """`kg serve --store db/ --writable &`, push, push --replace, query: the local sums, no triple
    counted twice; also after a restart on the same store and after pushing the TriG build."""
    steps = readme_remote_steps()
    assert steps[0].startswith("kg serve --store db/ --writable") and steps[0].endswith("&")
    port = str(free_port())  # the README's 7878 may be taken by another program
    steps = [s.replace("7878", port) for s in steps]
    kg("build", str(ROOT / "seeds"), "-o", "out/graph.ttl", cwd=tmp_path)
    local_table = kg("query", "funding-by-place", "--graph", "out/graph.ttl", cwd=tmp_path).stdout
    local_csv = kg("query", "funding-by-place", "--graph", "out/graph.ttl", "--format", "csv", cwd=tmp_path).stdout
    triples = len(load_graph(tmp_path / "out" / "graph.ttl"))
    url = f"http://127.0.0.1:{port}/query"

    def start() -> subprocess.Popen:
        args = shlex.split(steps[0].rstrip("&")) + ["--port", port]
        proc = subprocess.Popen([KG, *args[1:]], cwd=tmp_path, stderr=subprocess.PIPE, text=True)
        wait_until_up(url, proc)
        return proc

    def stop(proc: subprocess.Popen) -> None:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 130
        proc.stderr.close()

    server = start()
    try:
        for step in steps[1:]:
            done = kg(*shlex.split(step)[1:], cwd=tmp_path)
        assert done.stdout == local_table  # the last step is the README's query
        assert int(remote_query(url, COUNT).rows[0][0]) == triples
        stop(server)
        server = start()  # the same store again: nothing loaded twice
        remote = kg("query", "funding-by-place", "--endpoint", url, "--format", "csv", cwd=tmp_path).stdout
        assert csv_rows(remote) == csv_rows(local_csv)
        kg("build", str(ROOT / "seeds"), "-o", "out/corpus.trig", cwd=tmp_path)
        kg("push", "out/corpus.trig", "--endpoint", url, "--replace", cwd=tmp_path)  # the same article, as TriG
        remote = kg("query", "funding-by-place", "--endpoint", url, "--format", "csv", cwd=tmp_path).stdout
        assert csv_rows(remote) == csv_rows(local_csv)
        assert int(remote_query(url, COUNT).rows[0][0]) == triples
    finally:
        if server.poll() is None:
            stop(server)


def test_serve_with_a_store_loads_no_graph_unless_one_is_named(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "graph.ttl").write_bytes(MINI.read_bytes())
    port = str(free_port())
    refused = kg("serve", "--store", "db", "--port", port, cwd=tmp_path, check=False)
    assert refused.returncode == 1 and refused.stderr == (
        "error: db: no database in this folder, and no graph file named, so nothing to serve — pass a graph "
        "file (kg serve out/graph.ttl --store db), or --writable to fill it with `kg push`\n")
    proc = subprocess.Popen([KG, "serve", "--store", "db", "--writable", "--port", port], cwd=tmp_path,
                            stderr=subprocess.PIPE, text=True)
    try:
        wait_until_up(f"http://127.0.0.1:{port}", proc)
        assert int(remote_query(f"http://127.0.0.1:{port}/query", COUNT).rows[0][0]) == 0
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
        proc.stderr.close()


# -- stock servers ---------------------------------------------------------------------------------

def test_a_stock_oxigraph_server_gives_the_local_rows_for_every_saved_query(stock_oxigraph, capsys):  # noqa: F811
    assert cli(capsys, "push", str(MINI), "--endpoint", stock_oxigraph)[0] == 0
    assert int(remote_query(stock_oxigraph, COUNT, union=False).rows[0][0]) == 0  # a stock default graph
    for q in list_queries():
        params = {p.name: p.example for p in q.params}
        local, remote = run(q, params, graph=MINI), run(q, params, endpoint=stock_oxigraph)
        assert sorted(plain_rows(remote)) == sorted(plain_rows(local)), q.name
        assert not remote.notes, q.name


def test_push_into_the_default_graph_serves_servers_without_a_union_option(stock_oxigraph, capsys):  # noqa: F811
    code, out, err = cli(capsys, "push", str(MINI), "--endpoint", stock_oxigraph, "--default-graph")
    assert code == 0 and out == f"default graph\t{len(load_graph(MINI))}\n", err
    assert cli(capsys, "push", str(MINI), "--endpoint", stock_oxigraph, "--default-graph", "--replace")[0] == 0
    q = next(q for q in list_queries() if q.name == "funding-by-place")
    without_union = remote_query(stock_oxigraph, run.__globals__["prepare"](q), union=False)
    assert sorted(plain_rows(without_union)) == sorted(plain_rows(run(q, graph=MINI)))
    assert int(remote_query(stock_oxigraph, COUNT, union=False).rows[0][0]) == len(load_graph(MINI))


class _NoUnionProxy:
    """In front of a stock Oxigraph server, a server without a union option: it rejects the
    `union-default-graph` parameter with 400 (as a strict server does) and forwards the rest."""

    def __init__(self, upstream: str):
        self.asked: list[bool] = []
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server naming)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                proxy.asked.append(b"union-default-graph" in body)
                if proxy.asked[-1]:
                    status, ctype, data = 400, "text/plain", b"unknown parameter union-default-graph"
                else:
                    req = urllib.request.Request(upstream, data=body, headers=dict(self.headers))
                    with urllib.request.urlopen(req, timeout=10) as resp:
                        status, ctype, data = resp.status, resp.headers["Content-Type"], resp.read()
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/query"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def test_empty_rows_from_hidden_named_graphs_come_with_a_warning_saying_what_to_change(stock_oxigraph, capsys):  # noqa: F811
    assert cli(capsys, "push", str(MINI), "--endpoint", stock_oxigraph)[0] == 0
    proxy = _NoUnionProxy(stock_oxigraph)
    try:
        code, out, err = cli(capsys, "query", "funding-by-place", "--endpoint", proxy.url, "--format", "csv")
        assert code == 0 and out == "place,name,year,amounts,total_cny,approx\n"
        assert err == ("warning: the query found no rows, but the endpoint's named graphs hold data that its "
                       "default graph does not show (a server whose default graph is not the union of its named "
                       f"graphs) — {EMPTY_FIX}\n")
        assert proxy.asked[:2] == [True, False]  # probed once with the union parameter, then without
        cli(capsys, "query", "articles", "--endpoint", proxy.url)
        assert proxy.asked[2] is False  # not asked again in this process
    finally:
        proxy.close()
    code, out, err = cli(capsys, "query", "-e", "SELECT ?s WHERE { ?s <urn:none> ?o }", "--endpoint", stock_oxigraph)
    assert code == 0 and err == ""  # the union shows the data: an empty answer is just empty


# -- --base from build to endpoint -----------------------------------------------------------------

def test_a_custom_base_holds_from_build_to_query_to_push_to_query(stock_oxigraph, tmp_path):  # noqa: F811
    base = "https://example.org/kg/"
    fact = "id:article/linfen-2017-10-17/amount/2562-2572"
    kg("build", str(ROOT / "seeds"), "-o", "out/graph.ttl", "--base", base, cwd=tmp_path)
    text = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert f"@prefix id: <{base}> ." in text.splitlines()[:20] and "w3id.org/fupin-kg/id/" not in text
    local = kg("query", "provenance", "-p", f"fact={fact}", "--base", base, "--format", "csv", cwd=tmp_path).stdout
    assert len(csv_rows(local)) == 2 and f"{base}article/linfen-2017-10-17" in local
    table = kg("query", "provenance", "-p", f"fact={fact}", "--base", base, cwd=tmp_path).stdout
    assert "id:article/linfen-2017-10-17" in table and base not in table
    assert kg("query", "provenance", "-p", f"fact={fact}", "--format", "csv", cwd=tmp_path).stdout.count("\n") == 1
    pushed = kg("push", "out/graph.ttl", "--endpoint", stock_oxigraph, "--base", base, cwd=tmp_path).stdout
    assert f"{shared_graph(base)}\t" in pushed and shared_graph(base) == base + "graph/shared"
    remote = kg("query", "provenance", "-p", f"fact={fact}", "--base", base, "--format", "csv",
                "--endpoint", stock_oxigraph, cwd=tmp_path).stdout
    assert remote == local
    env_remote = subprocess.run([KG, "query", "provenance", "-p", f"fact={fact}", "--format", "csv", "--endpoint",
                                 stock_oxigraph], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                                env={"PATH": "/usr/bin:/bin", "KG_BASE": base})
    assert env_remote.stdout == local  # KG_BASE, as for `kg build`


# -- splitting a corpus for push -------------------------------------------------------------------

SPLIT_TIMING = textwrap.dedent("""
    import resource, sys, time
    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
    resource.setrlimit(resource.RLIMIT_CPU, (120, 120))
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDF
    from kg.model.namespaces import SCHEMA
    from kg.rdf.named import by_article
    ID = "https://w3id.org/fupin-kg/id/"
    for n in (500, 2000):
        g = Graph()
        for i in range(n):
            a = URIRef(f"{ID}article/a{i}")
            g.add((a, RDF.type, SCHEMA.NewsArticle))
            for k in range(20):
                f = URIRef(f"{a}/amount/{k}-{k + 5}")
                g.add((f, SCHEMA.value, Literal(k)))
                g.add((f, SCHEMA.location, URIRef(f"{ID}place/{k}")))
        start = time.process_time()
        rest, own = by_article(g)
        assert len(own) == n and sum(len(x) for x in own.values()) == len(g) and len(rest) == 0
        print(n, time.process_time() - start)
""")


def test_splitting_two_thousand_articles_is_linear_under_limits():
    """#17.30: the split was O(triples × articles) (2,000 articles: 14.6 s here, 54 s reported)."""
    done = subprocess.run([sys.executable, "-c", SPLIT_TIMING], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    seconds = dict(line.split() for line in done.stdout.splitlines())
    small, large = float(seconds["500"]), float(seconds["2000"])
    assert large < 10.0
    assert large / max(small, 0.05) < 8.0  # 4× the articles: linear gives ~4×, the old split ~16×
