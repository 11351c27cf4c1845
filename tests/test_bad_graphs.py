"""Graph files that are hostile or wrong: an entity bomb in RDF/XML is refused before it is
expanded, and ill-typed literals are reported by viz and stats as a user error."""
from __future__ import annotations


import pytest

from kg.cli import main

LOL = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
 <!ENTITY a "aaaaaaaaaa">
""" + "".join(f' <!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">\n' for i in range(9)) + """]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
 <rdf:Description rdf:about="http://example.org/s"><ex:p>&j;</ex:p></rdf:Description>
</rdf:RDF>
"""
ILL = """@prefix schema: <https://schema.org/> .
@prefix fupin: <https://w3id.org/fupin-kg/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<http://example.org/a> a fupin:FundingAmount ; schema:value "lots"^^xsd:decimal .
<http://example.org/b> <https://schema.org/datePublished> "2017-02-30"^^xsd:date .
"""


@pytest.mark.parametrize("argv", [["validate"], ["stats"], ["viz", "-o", "{out}"], ["query", "places", "--graph"]])
def test_an_entity_bomb_is_refused_before_it_is_expanded(tmp_path, capsys, argv):
    bomb = tmp_path / "bomb.rdf"
    bomb.write_text(LOL, encoding="utf-8")
    args = [a.replace("{out}", str(tmp_path / "v.html")) for a in argv]
    assert main([args[0], *args[1:], str(bomb)] if args[0] != "viz" else ["viz", str(bomb), *args[1:]]) == 1
    err = capsys.readouterr().err
    assert "entity declarations" in err and "Traceback" not in err


@pytest.mark.parametrize("argv", [["stats"], ["viz", "-o", "{out}"]])
def test_ill_typed_literals_are_a_user_error_not_a_crash(tmp_path, capsys, argv):
    graph = tmp_path / "ill.ttl"
    graph.write_text(ILL, encoding="utf-8")
    args = [a.replace("{out}", str(tmp_path / "v.html")) for a in argv]
    assert main([args[0], str(graph), *args[1:]]) == 1
    captured = capsys.readouterr()
    assert 'ill-typed literal "lots"^^<http://www.w3.org/2001/XMLSchema#decimal>' in captured.err
    assert "(and 1 more)" in captured.err and "Traceback" not in captured.err + captured.out
    assert not (tmp_path / "v.html").exists()


def test_validate_reports_ill_typed_values_as_not_conforming(tmp_path, capsys):
    graph = tmp_path / "ill.ttl"
    graph.write_text(ILL, encoding="utf-8")
    assert main(["validate", str(graph)]) == 1
    captured = capsys.readouterr()
    assert "does not conform" in captured.err and "Traceback" not in captured.err + captured.out
