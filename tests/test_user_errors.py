"""One-line user errors with a hint: typos in query names, graphs with nothing in them."""
from __future__ import annotations

import pytest

from kg.cli import main


@pytest.mark.parametrize("typo, meant", [("officals", "officials"), ("fundng", "funding"),
                                         ("county_profile", "county-profile")])
def test_unknown_query_name_suggests_the_close_one(tmp_path, capsys, typo, meant):
    graph = tmp_path / "g.ttl"
    graph.write_text("<http://x/a> <http://x/b> <http://x/c> .\n", encoding="utf-8")
    assert main(["query", typo, "--graph", str(graph)]) == 1
    err = capsys.readouterr().err
    assert f"did you mean {meant}?" in err and "Traceback" not in err


def test_unknown_query_name_far_from_any_gets_the_list(tmp_path, capsys):
    graph = tmp_path / "g.ttl"
    graph.write_text("<http://x/a> <http://x/b> <http://x/c> .\n", encoding="utf-8")
    assert main(["query", "zzzzzz", "--graph", str(graph)]) == 1
    err = capsys.readouterr().err
    assert "did you mean" not in err and "known: articles," in err


@pytest.mark.parametrize("content", ["", "@prefix x: <http://example.org/> .\n", "# only a comment\n"])
def test_validate_refuses_a_graph_with_no_triples(tmp_path, capsys, content):
    graph = tmp_path / "empty.ttl"
    graph.write_text(content, encoding="utf-8")
    assert main(["validate", str(graph)]) == 1
    err = capsys.readouterr().err
    assert "the graph holds no triples" in err and "conforms" not in err
