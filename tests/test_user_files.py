"""kg replaces only what it wrote: every output carries a marker, and anything else needs --force;
an output that is also an input is never replaced."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.cli import main
from kg.rdf.files import load_graph, written_by_kg

SEED = Path(__file__).resolve().parent.parent / "seeds" / "linfen-2017-10-17.txt"
FORMATS = [".ttl", ".nt", ".jsonld", ".json", ".trig", ".nq", ".rdf"]


@pytest.fixture(scope="module")
def seed_graph(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seed") / "graph.ttl"
    assert main(["build", str(SEED), "-o", str(out)]) == 0
    return out


@pytest.mark.parametrize("ext", FORMATS)
def test_every_format_carries_the_marker_and_still_parses_to_the_same_graph(tmp_path, seed_graph, ext):
    out = tmp_path / f"g{ext}"
    assert main(["build", str(SEED), "-o", str(out)]) == 0
    assert written_by_kg(out)
    assert main(["build", str(SEED), "-o", str(out)]) == 0  # a file of ours is replaced
    merged = load_graph(out)  # the project's loader: quads merged
    assert isomorphic(merged, Graph().parse(seed_graph))


@pytest.mark.parametrize("name, content", [
    ("data.json", '{"keep": true}\n'), ("notes.ttl", "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n"),
    ("mine.nt", "<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n"),
    ("package.json", '{"name": "x"}\n'), ("README.md", "# mine\n"),
])
def test_build_refuses_a_file_kg_did_not_write(tmp_path, capsys, name, content):
    target = tmp_path / name
    target.write_text(content, encoding="utf-8")
    code = main(["build", str(SEED), "-o", str(target)])
    assert code == 1
    assert target.read_text(encoding="utf-8") == content
    err = capsys.readouterr().err
    if target.suffix in (".json", ".ttl", ".nt"):
        assert "refusing to overwrite a file that kg did not write" in err and "--force" in err


def test_force_replaces_a_foreign_file(tmp_path):
    target = tmp_path / "data.json"
    target.write_text('{"keep": true}\n', encoding="utf-8")
    assert main(["build", str(SEED), "-o", str(target), "--force"]) == 0
    assert written_by_kg(target)


def test_viz_never_replaces_its_input_and_refuses_foreign_files(tmp_path, seed_graph, capsys):
    graph = tmp_path / "g.ttl"
    graph.write_bytes(seed_graph.read_bytes())
    before = graph.read_bytes()
    assert main(["viz", str(graph), "-o", str(graph)]) == 1
    assert main(["viz", str(graph), "-o", str(graph), "--force"]) == 1  # not even with --force
    assert graph.read_bytes() == before
    assert "the output is also an input" in capsys.readouterr().err
    readme = tmp_path / "README.md"
    readme.write_text("# notes\n", encoding="utf-8")
    assert main(["viz", str(graph), "-o", str(readme)]) == 1
    assert readme.read_text(encoding="utf-8") == "# notes\n"
    page = tmp_path / "view.html"
    assert main(["viz", str(graph), "-o", str(page)]) == 0
    assert main(["viz", str(graph), "-o", str(page)]) == 0  # our own page is replaced
    assert written_by_kg(page)


def test_an_empty_file_may_be_replaced(tmp_path):
    target = tmp_path / "new.ttl"
    target.touch()
    assert main(["build", str(SEED), "-o", str(target)]) == 0
