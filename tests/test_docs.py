"""`kg docs` (kg.rdf.docs): the ontology documentation covers every class and property of
ontology/fupin.ttl with its labels, draws the main classes in an SVG, shows example triples
from the seed and the SHACL shapes, loads nothing from elsewhere, and obeys the overwrite rules."""
from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH

from kg.cli import main
from kg.model.namespaces import FUPIN
from kg.rdf.docs import anchor

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = Graph().parse(ROOT / "ontology" / "fupin.ttl", format="turtle")
SHAPES = Graph().parse(ROOT / "ontology" / "shapes.ttl", format="turtle")
KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


class Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.refs: list[str] = []

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k == "id":
                self.ids.append(v)
            if k in ("src", "href") and v is not None:
                self.refs.append(v)


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("docs")
    graph = folder / "graph.ttl"
    assert main(["build", str(ROOT / "seeds"), "-o", str(graph)]) == 0
    assert main(["docs", "-o", str(folder / "docs"), "--graph", str(graph)]) == 0
    page = (folder / "docs" / "index.html").read_text(encoding="utf-8")
    parser = Ids()
    parser.feed(page)
    return page, parser, (folder / "docs" / "classes.svg").read_text(encoding="utf-8")


def terms() -> list[URIRef]:
    found = {s for k in KINDS for s in ONTOLOGY.subjects(RDF.type, k) if isinstance(s, URIRef)}
    assert len(found) > 100
    return sorted(found)


def test_every_class_and_property_has_its_section_and_labels(docs):
    page, parser, _ = docs
    text = html.unescape(page)
    ids = set(parser.ids)
    assert len(parser.ids) == len(ids), "ids are not unique"
    for term in terms():
        assert anchor(term) in ids, term
        for label in ONTOLOGY.objects(term, RDFS.label):
            assert str(label) in text, (term, label)


def test_definitions_and_reused_vocabularies_are_shown(docs):
    page, _, _ = docs
    text = html.unescape(page)
    for term, definition in ONTOLOGY.subject_objects(URIRef("http://www.w3.org/2004/02/skos/core#definition")):
        if (term, RDF.type, OWL.Class) in ONTOLOGY:
            assert str(definition) in text, term
    for ns in ("https://schema.org/", "http://www.w3.org/ns/org#", "http://www.w3.org/ns/prov#",
               "http://www.w3.org/2006/time#", "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"):
        assert f"<code>{ns}</code>" in page


def test_the_diagram_draws_every_minted_class(docs):
    page, _, svg = docs
    root = ET.fromstring(svg)  # well-formed SVG
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    links = {a.get("href") for a in root.iter("{http://www.w3.org/2000/svg}a")}
    minted = [c for c in ONTOLOGY.subjects(RDF.type, OWL.Class) if str(c).startswith(str(FUPIN))]
    assert minted and {f"#{anchor(c)}" for c in minted} <= links
    assert "#schema-Place" in links  # reused classes above the minted ones
    assert svg.strip() in page  # inline too


def test_examples_come_from_the_seed_graph(docs):
    page, _, _ = docs
    text = html.unescape(page)
    county = text[text.index('id="fupin-County"'):]
    county = county[:county.index("</div>")]
    assert re.search(r"\d+ instance\(s\) in the example graph", county)
    assert "id:place/140929 a fupin:County ." in county
    partof = text[text.index('id="fupin-partOf"'):]
    assert "fupin:partOf id:place/" in partof[:partof.index("</div>")]


def test_the_shapes_are_documented(docs):
    page, parser, _ = docs
    for shape in SHAPES.subjects(RDF.type, SH.NodeShape):
        assert anchor(shape) in parser.ids, shape
    assert "min 1; max 1; datatype xsd:nonNegativeInteger" in page


def test_the_page_loads_nothing(docs):
    _, parser, _ = docs
    assert parser.refs and all(r.startswith("#") for r in parser.refs), [r for r in parser.refs if r[:1] != "#"]


def test_docs_refuse_to_overwrite_files_kg_did_not_write(tmp_path, capsys):
    (tmp_path / "index.html").write_text("<p>mine</p>", encoding="utf-8")
    assert main(["docs", "-o", str(tmp_path), "--graph", str(ROOT / "tests" / "fixtures" / "mini.ttl")]) == 1
    assert capsys.readouterr().err == (f"error: {tmp_path / 'index.html'}: refusing to overwrite a file that kg did "
                                       "not write — choose another output path, or pass --force to replace it\n")
    assert (tmp_path / "index.html").read_text(encoding="utf-8") == "<p>mine</p>"
    assert not (tmp_path / "classes.svg").exists()
    assert main(["docs", "-o", str(tmp_path), "--graph", str(tmp_path / "none.ttl"), "--force"]) == 1
    assert "no such graph file" in capsys.readouterr().err


def test_without_a_graph_file_the_examples_come_from_the_seeds_folder(tmp_path, monkeypatch, capsys):
    (tmp_path / "seeds").symlink_to(ROOT / "seeds")
    monkeypatch.chdir(tmp_path)
    assert main(["docs", "-o", "site"]) == 0
    err = capsys.readouterr().err
    assert re.fullmatch(r"wrote site/index\.html: \d+ classes, \d+ properties, examples from \d+ triples\n", err)
    assert not (tmp_path / "out").exists()
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "id:place/140929 a fupin:County ." in html.unescape(page)
