"""The bounded load test (benchmarks/load.py) still works: a tiny run against a real `kg serve`."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.integration
def test_load_smoke_run_has_no_errors(tmp_path):
    graph = tmp_path / "g.ttl"
    assert main(["build", str(ROOT / "seeds"), "-o", str(graph)]) == 0
    out = tmp_path / "load.json"
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "load.py"), "--graph", str(graph),
                           "--clients", "3", "--seconds", "2", "--out", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["errors"] == 0
    assert report["requests"] >= report["clients"]
    assert report["queries"] == len(list((ROOT / "queries").glob("*.rq")))
    assert 0 < report["p50_ms"] <= report["p95_ms"] <= report["p99_ms"]


def test_load_refuses_unbounded_runs(tmp_path):
    graph = tmp_path / "g.ttl"
    graph.write_text("", encoding="utf-8")
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "load.py"), "--graph", str(graph),
                           "--clients", "1000"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert "bounded" in proc.stderr
