"""JSON-LD output (kg.rdf.jsonld): a readable inline @context, and the file still holds exactly
the graph it was made from (rdflib parses it with sockets disabled: no remote context)."""
from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, XSD

from kg.cli import main
from kg.rdf.files import load_graph
from kg.rdf.jsonld import jsonld_bytes
from kg.rdf.named import quiet_rdflib

from helpers import assert_isomorphic

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the JSON-LD reader tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.fixture(scope="module")
def seed_files(tmp_path_factory):
    out = tmp_path_factory.mktemp("jsonld")
    assert main(["build", str(ROOT / "seeds"), "-o", str(out / "g.jsonld")]) == 0
    assert main(["build", str(ROOT / "seeds"), "-o", str(out / "g.ttl")]) == 0
    return out / "g.jsonld", out / "g.ttl"


def test_the_seed_round_trips_isomorphic_without_network(seed_files, no_network):
    jsonld, ttl = seed_files
    with quiet_rdflib():  # rdflib's JSON-LD parser warns about its own ConjunctiveGraph
        parsed = Graph().parse(jsonld, format="json-ld")
    assert_isomorphic(load_graph(ttl), parsed)


def test_the_file_has_a_context_short_terms_and_the_marker(seed_files):
    doc = json.loads(seed_files[0].read_text(encoding="utf-8"))
    assert list(doc)[:2] == ["generatedBy", "@context"] and doc["generatedBy"] == "fupin-kg"
    ctx = doc["@context"]
    assert ctx["fupin"] == "https://w3id.org/fupin-kg/ontology#" and ctx["id"] == "https://w3id.org/fupin-kg/id/"
    assert ctx["label"] == {"@id": "rdfs:label", "@container": "@language"}
    assert ctx["value"] == {"@id": "schema:value", "@type": "xsd:decimal"}
    jixian = next(n for n in doc["@graph"] if n["@id"] == "id:place/141028")
    assert jixian["@type"] == "fupin:County"
    assert jixian["label"]["zh-Hant"] == "吉縣" and jixian["label"]["zh-Hans"] == "吉县"
    assert jixian["partOf"] == "id:place/141000"
    amount = next(n for n in doc["@graph"] if n["@id"].endswith("/amount/2562-2572"))
    assert amount["value"] == "586712900.0" and amount["approximate"] == "false"


def test_values_that_do_not_fit_a_term_keep_their_exact_form(no_network):
    s = URIRef("https://w3id.org/fupin-kg/id/place/1")
    g = Graph()
    g.add((s, RDFS.label, Literal("untagged")))
    g.add((s, RDFS.label, Literal("吉縣", lang="zh-Hant")))
    g.add((s, URIRef("https://schema.org/value"), Literal("7", datatype=XSD.integer)))
    g.add((s, URIRef("https://schema.org/value"), Literal("7.5", datatype=XSD.decimal)))
    g.add((s, URIRef("https://example.org/other"), URIRef("https://example.org/x")))
    doc = json.loads(jsonld_bytes(g))
    [node] = doc["@graph"]
    assert node["rdfs:label"] == "untagged" and node["label"] == {"zh-Hant": "吉縣"}
    assert node["schema:value"] == {"@value": "7", "@type": "xsd:integer"} and node["value"] == "7.5"
    with quiet_rdflib():
        assert_isomorphic(g, Graph().parse(data=jsonld_bytes(g), format="json-ld"))
