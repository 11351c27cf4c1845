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

    s, d, m = r["store"], r["dask"], r["memory"]  # issue 14: store, memory, Dask
    for k in ("full_s", "rebuild_s", "add10_s", "query_store_s", "query_graph_s", "query_speedup", "store_mb",
              "query_engine_s", "infer_query_s"):
        assert _positive(s[k]), (k, s[k])
    assert " 5 added, 0 replaced, 0 skipped, 0 removed; 5 article(s)" in s["full_stderr"]
    assert " 0 added, 0 replaced, 5 skipped, 0 removed" in s["rebuild_stderr"]
    assert " 10 added, 0 replaced, 5 skipped, 0 removed; 15 article(s)" in s["add10_stderr"]
    assert _positive(d["dask_s"]) and _positive(d["local_s"]) and _positive(d["ratio"])
    assert d["dask_stderr"].split(":", 1)[1] == d["local_stderr"].split(":", 1)[1]  # the same store
    assert sorted(m["peak_tree_rss_mb"]) == ["3", "5"] and _positive(m["growth"])
    for key in ("store_query_s", "store_add10_s", "store_rebuild_s", "dask_over_local", "rss_growth_300_to_3000"):
        assert key in r["targets"] and _positive(r["targets"][key]["value"])

    assert set(r["targets"]) >= {"seed_build_s", "seed_query_s", "build_1000_s", "growth_exponent",
                                 "query_p50_max_ms", "median_speedup_min", "peak_rss_mb",
                                 "store_query_s", "store_query_speedup", "store_add10_s", "store_rebuild_s",
                                 "build_1000_jobs2_s", "peak_rss_1000_mb", "rss_growth_300_to_3000",
                                 "dask_over_local"}
    assert r["targets"]["build_1000_s"]["ok"] is None  # no 1,000-article build in a smoke run
    assert r["targets"]["build_1000_jobs2_s"]["ok"] is None and r["targets"]["peak_rss_1000_mb"]["ok"] is None

    iv = r["infer_validate"]
    assert all(_positive(iv[k]) for k in ("seed_infer_s", "rules_s", "queries_s", "validate_s", "inferred"))
    assert {"seed_infer_s", "infer_queries_1000_s", "validate_1000_s"} <= set(r["targets"])
    assert r["targets"]["validate_1000_s"]["ok"] is None and r["targets"]["seed_build_s"]["target"] == 1.0
