"""benchmarks/run.py --smoke: the benchmark script runs end to end and reports every figure.

Benchmarks are not unit tests: this only keeps the script working (N = 5, one
repetition) and checks that each number is present and plausible, not that a target is met.
"""
from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _positive(x) -> bool:
    return isinstance(x, (int, float)) and math.isfinite(x) and x > 0


def test_bench_smoke(tmp_path):
    out = tmp_path / "bench.json"
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--smoke", "--out", str(out),
                           "--work", str(tmp_path / "work")],
                          cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert f"wrote {out}" in proc.stdout
    assert "median speed-up over rdflib" in proc.stdout
    r = json.loads(out.read_text(encoding="utf-8"))
    assert r["smoke"] is True and r["sizes"] == [3, 5]

    for key in ("seed_build", "seed_query"):
        assert _positive(r[key]["median_s"]) and len(r[key]["runs_s"]) == 1

    assert [b["articles"] for b in r["build"]] == [3, 5]
    for b in r["build"]:
        assert b["built"] == b["articles"]
        for k in ("input_mb", "seconds", "articles_per_s", "mb_per_s", "triples", "triples_per_s",
                  "maxrss_mb", "tree_rss_mb", "output_mb"):
            assert _positive(b[k]), (k, b[k])
    assert r["build"][1]["triples"] > r["build"][0]["triples"]
    assert math.isfinite(r["growth_exponent"])
    assert 10 < r["peak_rss_mb"] < 4096

    q = r["queries"]
    names = sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))
    assert sorted(x["name"] for x in q["results"]) == names
    assert q["quads"] >= q["triples_union"] > 0
    for x in q["results"]:
        assert _positive(x["oxigraph_p50_ms"]) and _positive(x["rdflib_p50_ms"])
        if not x["oxigraph_timeout"]:
            assert x["oxigraph_p95_ms"] >= x["oxigraph_p50_ms"] and _positive(x["speedup"])
        if not (x["oxigraph_timeout"] or x["rdflib_timeout"]):  # engines may differ; it is reported
            assert x["rows_match"] is (x["rows_rdflib"] == x["rows_oxigraph"]), x["name"]
    assert _positive(q["median_speedup"]) and _positive(q["max_oxigraph_p50_ms"])

    t = r["turtle"]
    assert t["triples"] == q["triples_union"]
    assert all(_positive(t[k]) for k in ("oxigraph_s", "rdflib_s", "kg_writer_s"))
    assert _positive(r["viz"]["seed_s"]) and _positive(r["viz"]["corpus_s"])

    assert set(r["targets"]) >= {"seed_build_s", "seed_query_s", "build_1000_s", "growth_exponent",
                                 "query_p50_max_ms", "median_speedup_min", "peak_rss_mb"}
    assert r["targets"]["build_1000_s"]["ok"] is None  # no 1,000-article build in a smoke run

    iv = r["infer_validate"]
    assert all(_positive(iv[k]) for k in ("seed_infer_s", "rules_s", "queries_s", "validate_s", "inferred"))
    assert {"seed_infer_s", "infer_queries_1000_s", "validate_1000_s"} <= set(r["targets"])
    assert r["targets"]["validate_1000_s"]["ok"] is None and r["targets"]["seed_build_s"]["target"] == 1.0
