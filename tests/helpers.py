"""Assertions shared by several test modules."""
from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, to_isomorphic

from kg.cli import main


def assert_isomorphic(expected: Graph, actual: Graph) -> None:
    """Graphs equal up to blank-node renaming; on failure, list the differing triples."""
    iso_e, iso_a = to_isomorphic(expected), to_isomorphic(actual)
    if iso_e == iso_a:
        return
    _, only_e, only_a = graph_diff(iso_e, iso_a)

    def dump(g: Graph) -> str:
        lines = sorted(" ".join(t.n3() for t in triple) for triple in g)
        return "\n".join(lines[:40]) + (f"\n… {len(lines) - 40} more" if len(lines) > 40 else "")

    pytest.fail(f"graphs differ\n--- only in expected ({len(only_e)}):\n{dump(only_e)}"
                f"\n+++ only in actual ({len(only_a)}):\n{dump(only_a)}", pytrace=False)


def cli(capsys, *args: str) -> tuple[int, str, str]:
    """Run `kg ARGS` in this process: (exit code, stdout, stderr)."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(err: str) -> str:
    """The one `error: …` line a failing command prints (and no traceback)."""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in err, err
    return lines[0]

