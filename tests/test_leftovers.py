"""A test run leaves nothing behind (#12): no process it started and no temporary folder.

A part of the suite that starts every kind of process the suite starts (Oxigraph servers, `kg
serve` and its server, parallel builds and their workers, signalled builds) runs in a child
pytest with its own temporary folder and a marker in its environment, which every process it
starts inherits; afterwards no live process carries the marker and the folder is empty.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

HERE = Path(__file__).parent
PART = ["test_attacks_serve.py", "test_signals.py", "test_endpoint.py",
        "test_remote_paths.py::test_serve_with_a_store_loads_no_graph_unless_one_is_named"]
MARK = "KG_LEFTOVER_PROBE"


def carrying(mark: str) -> list[str]:
    """`pid command` of every live process whose environment holds MARK=mark."""
    needle = f"{MARK}={mark}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if needle in (entry / "environ").read_bytes().split(b"\0"):
                state = next(line for line in (entry / "status").read_text().splitlines()
                             if line.startswith("State:"))
                if "zombie" not in state:
                    cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                    found.append(f"{entry.name} {cmd.strip()}")
        except (OSError, StopIteration):
            continue
    return found


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="reads /proc")
def test_a_test_run_leaves_no_process_and_no_temporary_folder(tmp_path):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    mark = uuid.uuid4().hex
    env = {**os.environ, "TMPDIR": str(tmp), MARK: mark}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider",
                           *[str(HERE / p) for p in PART]], cwd=HERE.parent, env=env,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:]
    deadline = time.monotonic() + 10  # children stopped by a parent-death signal may take a moment
    while carrying(mark) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert carrying(mark) == []
    assert sorted(str(p.relative_to(tmp)) for p in tmp.rglob("*")) == []  # conftest: one folder per run, removed
