"""Progress bars (kg.cli.progress): drawn on a terminal for `kg query --infer`, never when stderr
is piped, and never on stdout. The terminal is a real pseudo-terminal."""
from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from kg.cli import main
from kg.cli.progress import Bar, progress

ROOT = Path(__file__).resolve().parents[1]
KG = str(Path(sys.executable).with_name("kg"))
QUERY = ["query", "-e", "SELECT ?x WHERE { ?x a fupin:AdministrativeArea }", "--infer", "--limit", "2"]


@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("progress") / "graph.ttl"
    assert main(["build", str(ROOT / "seeds"), "-o", str(out)]) == 0
    return out


def run_with_terminal_stderr(args: list[str]) -> tuple[int, bytes, bytes]:
    master, slave = pty.openpty()
    proc = subprocess.Popen([KG, *args], stdout=subprocess.PIPE, stderr=slave, cwd=ROOT)
    os.close(slave)
    seen = b""
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not data:
            break
        seen += data
    os.close(master)
    out = proc.stdout.read()
    proc.stdout.close()
    return proc.wait(timeout=60), out, seen


def test_infer_draws_a_bar_on_a_terminal_and_keeps_stdout_clean(seed):
    code, out, terminal = run_with_terminal_stderr([*QUERY, "--graph", str(seed)])
    assert code == 0
    assert b"OWL 2 RL closure" in terminal and b"\x1b[" in terminal
    assert b"OWL 2 RL" not in out and b"id:place/" in out


def test_no_bar_when_stderr_is_piped(seed):
    proc = subprocess.run([KG, *QUERY, "--graph", str(seed)], capture_output=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0 and proc.stderr == b""


def test_no_bar_without_infer(seed):
    code, out, terminal = run_with_terminal_stderr(["query", "officials", "--limit", "1", "--graph", str(seed)])
    assert code == 0 and terminal == b"" and out.startswith(b"person,") is False and b"person" in out


def test_the_helper_is_silent_off_a_terminal(capsys):
    with progress("work", total=3) as bar:
        assert isinstance(bar, Bar)
        bar.advance()
        bar.describe("more work")
    assert capsys.readouterr() == ("", "")


def test_viz_and_map_draw_a_bar_on_a_terminal_only(seed, tmp_path):
    for command, out in (("viz", "v.html"), ("map", "m.html")):
        code, stdout, terminal = run_with_terminal_stderr([command, str(seed), "-o", str(tmp_path / out)])
        assert code == 0 and stdout == b""
        assert f"reading {seed.name}".encode() in terminal and b"\x1b[" in terminal, command
        piped = subprocess.run([KG, command, str(seed), "-o", str(tmp_path / ("p" + out))],
                               capture_output=True, cwd=ROOT, timeout=120)
        assert piped.returncode == 0 and b"reading" not in piped.stderr and b"\x1b[" not in piped.stderr
