"""What counts as an article: each one once, and never a graph file."""
from __future__ import annotations

import shutil
from pathlib import Path

from rdflib import Graph

from kg.cli import main

SEED = Path(__file__).resolve().parent.parent / "seeds" / "linfen-2017-10-17.txt"
TOTAL = "SELECT (SUM(?v) AS ?t) WHERE { ?a a <https://w3id.org/fupin-kg/ontology#FundingAmount> ; <https://schema.org/value> ?v }"


def _total(path: Path) -> float:
    return float(next(iter(Graph().parse(path).query(TOTAL)))[0])


def test_the_same_article_twice_is_built_once(tmp_path, capsys):
    once, twice = tmp_path / "once.ttl", tmp_path / "twice.ttl"
    assert main(["build", str(SEED), "-o", str(once)]) == 0
    copy = tmp_path / "in" / "copy-of-the-seed.txt"
    copy.parent.mkdir()
    shutil.copy(SEED, copy)
    assert main(["build", str(SEED.parent), str(SEED), str(copy), "-o", str(twice)]) == 0
    assert "1 article(s)" in capsys.readouterr().err
    assert _total(twice) == _total(once)


def test_a_graph_file_is_refused_as_an_article(tmp_path, capsys):
    graph = tmp_path / "g.ttl"
    assert main(["build", str(SEED), "-o", str(graph)]) == 0
    before = graph.read_bytes()
    capsys.readouterr()
    assert main(["build", str(graph), "-o", str(graph)]) == 1
    assert "the output is also an input" in capsys.readouterr().err
    assert main(["build", str(graph), "-o", str(tmp_path / "other.ttl")]) == 1
    err = capsys.readouterr().err
    assert "a graph file, not an article" in err and "Traceback" not in err
    assert graph.read_bytes() == before and not (tmp_path / "other.ttl").exists()
