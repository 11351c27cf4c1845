"""The README's "A five-minute tour" is what the commands print: each `$ kg …` line of the block
runs (in a scratch folder holding the seeds) and its output matches the lines under it. A table
row `│ … │` stands for the rest of the rows; commands with no lines under them must succeed."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
BIN = Path(sys.executable).parent


def tour() -> list[tuple[str, list[str]]]:
    """(command, expected output lines) of the tour's code block, in order."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## A five-minute tour"):]
    block = re.search(r"```sh\n(.*?)\n```", section, re.S).group(1)
    steps: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            steps.append((re.sub(r"\s+#.*$", "", line[2:]).strip(), []))
        else:
            steps[-1][1].append(line.rstrip())
    return [(cmd, out) for cmd, out in steps if not cmd.startswith(". ")]


def rows(lines: list[str]) -> list[list[str]]:
    return [[c.strip() for c in re.split(r"[│┃]", line)[1:-1]] for line in lines if line.startswith(("│", "┃"))]


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("tour")
    (folder / "seeds").symlink_to(ROOT / "seeds")
    return folder


def run(command: str, cwd: Path) -> tuple[int, str]:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "COLUMNS": "240"}
    env.pop("KG_BASE", None)
    proc = subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    return proc.returncode, proc.stdout + proc.stderr


def test_the_tour_block_has_commands_and_outputs():
    steps = tour()
    assert steps[0][0] == "kg build seeds/ -o out/graph.ttl"
    assert sum(1 for _, out in steps if out) >= 6


def test_every_tour_command_prints_what_the_readme_shows(scratch):
    for command, expected in tour():
        code, output = run(command, scratch)
        assert code == 0, f"{command}: exit {code}\n{output}"
        if not expected:
            continue
        actual = [line.rstrip() for line in output.splitlines()]
        if any(line.startswith("│ …") for line in expected):
            want = [r for r in rows(expected) if r[0] != "…"]
            got = rows(actual)
            assert got[:len(want)] == want, f"{command}: the README's rows differ from the output"
            assert [line for line in expected if line.strip().endswith("row(s)")] == \
                [line for line in actual if line.strip().endswith("row(s)")], command
        else:
            assert actual == expected, f"{command}: the README's output differs"
