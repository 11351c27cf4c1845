"""Bounded load test: concurrent clients run the saved queries against `kg serve` on loopback.

    python benchmarks/load.py [--graph out/graph.ttl] [--clients 50] [--seconds 60] [--out out/load.json]

Starts `kg serve GRAPH --port FREE` (Oxigraph, read-only, 127.0.0.1), then CLIENTS threads
each send the saved queries (parameterised ones with their example values) in turn over
HTTP for SECONDS, and reports throughput, latency percentiles and errors. Traffic goes only
to 127.0.0.1; every loop is bounded in time; the server is stopped at the end.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.store.serve import free_port, wait_until_up  # noqa: E402
from kg.store.saved import list_queries, prepare  # noqa: E402


def query_texts() -> list[tuple[str, str]]:
    """(name, SPARQL text with its example parameters bound) for every saved query."""
    out = []
    for q in list_queries():
        values = {p.name: p.example for p in q.params}
        out.append((q.name, prepare(q, values)))
    return out


def client(url: str, queries: list[tuple[str, str]], deadline: float, offset: int, results: list) -> None:
    i = offset
    while time.monotonic() < deadline:
        name, text = queries[i % len(queries)]
        i += 1
        body = urllib.parse.urlencode({"query": text}).encode()
        request = urllib.request.Request(url, data=body, headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json"})
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=30) as resp:
                json.loads(resp.read())
            results.append((name, time.perf_counter() - start, None))
        except (urllib.error.URLError, OSError, ValueError) as exc:
            results.append((name, time.perf_counter() - start, type(exc).__name__))


def run(graph: Path, clients: int, seconds: float) -> dict:
    port = free_port()
    kg = Path(sys.executable).with_name("kg")
    server = subprocess.Popen([str(kg), "serve", str(graph), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/query"
    try:
        wait_until_up(url, server, timeout=60)
        queries = query_texts()
        results: list = []
        deadline = time.monotonic() + seconds
        threads = [threading.Thread(target=client, args=(url, queries, deadline, n, results)) for n in range(clients)]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=seconds + 60)
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
    latencies = sorted(r[1] for r in results)
    errors = [r for r in results if r[2]]

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else 0.0

    return {
        "graph": str(graph), "clients": clients, "seconds": round(elapsed, 2), "queries": len(query_texts()),
        "requests": len(results), "errors": len(errors),
        "error_kinds": sorted({e[2] for e in errors}),
        "throughput_rps": round(len(results) / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(pct(0.50), 1), "p95_ms": round(pct(0.95), 1), "p99_ms": round(pct(0.99), 1),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 1) if latencies else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--graph", type=Path, default=ROOT / "out" / "graph.ttl")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--out", type=Path, default=ROOT / "out" / "load.json")
    a = ap.parse_args(argv)
    if not a.graph.is_file():
        print(f"error: {a.graph}: no such graph file — run `make run` (or kg build) first", file=sys.stderr)
        return 1
    if not (1 <= a.clients <= 200 and 0 < a.seconds <= 600):
        print("error: --clients must be 1..200 and --seconds 0..600 (a bounded test)", file=sys.stderr)
        return 1
    report = run(a.graph, a.clients, a.seconds)
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(f"{'clients':>8} {'seconds':>8} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}")
    print(f"{report['clients']:>8} {report['seconds']:>8} {report['requests']:>9} {report['throughput_rps']:>8} "
          f"{report['p50_ms']:>8} {report['p95_ms']:>8} {report['errors']:>7}")
    return 0 if report["errors"] == 0 and report["requests"] > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
