"""Ontology (ontology/fupin.ttl, OWL 2) and shapes (ontology/shapes.ttl, SHACL): they
parse, every term the seed graph uses is declared, minted terms carry English and
Chinese labels and definitions, and `kg validate` accepts the seed and rejects a broken graph.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.cli import main
from kg.model.namespaces import FUPIN, ORG, SCHEMA
from kg.pipeline import build
from kg.rdf.writer import merged
from kg.rdf.validate import validate_graph

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology" / "fupin.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
SH = "http://www.w3.org/ns/shacl#"
DECLARATIONS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def seed() -> Graph:
    result = build([ROOT / "seeds"])
    assert result.articles == 1 and result.failures == []
    return merged(result)


def declared(ontology: Graph) -> set[URIRef]:
    return {s for t in DECLARATIONS for s in ontology.subjects(RDF.type, t)}


def test_ontology_parses_and_is_an_owl_ontology(ontology):
    assert list(ontology.subjects(RDF.type, OWL.Ontology)) == [URIRef("https://w3id.org/fupin-kg/ontology")]
    assert len(ontology) > 200


def test_every_class_used_in_the_seed_graph_is_declared(ontology, seed):
    classes = set(seed.objects(None, RDF.type))
    owl_classes = set(ontology.subjects(RDF.type, OWL.Class))
    missing = sorted(seed.qname(c) for c in classes - owl_classes)
    assert not missing, f"classes used but not declared as owl:Class in fupin.ttl: {missing}"


def test_every_property_used_in_the_seed_graph_is_declared(ontology, seed):
    props = set(seed.predicates()) - {RDF.type}
    missing = sorted(seed.qname(p) for p in props - declared(ontology))
    assert not missing, f"properties used but not declared in fupin.ttl: {missing}"


def test_object_and_datatype_properties_are_used_as_declared(ontology, seed):
    objects = set(ontology.subjects(RDF.type, OWL.ObjectProperty))
    datatypes = set(ontology.subjects(RDF.type, OWL.DatatypeProperty))
    for s, p, o in seed:
        if p in objects:
            assert isinstance(o, URIRef), f"{seed.qname(p)} is an owl:ObjectProperty but has {o!r}"
        elif p in datatypes:
            assert isinstance(o, Literal), f"{seed.qname(p)} is an owl:DatatypeProperty but has {o!r}"


def _fupin_terms(ontology: Graph) -> set[URIRef]:
    return {s for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(str(FUPIN))}


def test_minted_owl_terms_have_english_and_chinese_labels_and_a_definition(ontology):
    terms = {t for t in _fupin_terms(ontology) if set(ontology.objects(t, RDF.type)) & set(DECLARATIONS)}
    assert len(terms) > 40
    for term in sorted(terms):
        name = ontology.qname(term)
        langs = [label.language for label in ontology.objects(term, RDFS.label)]
        for lang in ("en", "zh-Hant", "zh-Hans"):
            assert langs.count(lang) == 1, f"{name} needs one rdfs:label @{lang}, has {langs}"
        definitions = [d for d in ontology.objects(term, SKOS.definition) if d.language == "en"]
        assert definitions and all(len(d) > 10 for d in definitions), f"{name} needs a skos:definition @en"


def test_concepts_and_schemes_have_pref_labels_in_three_languages(ontology):
    concepts = {t for t in _fupin_terms(ontology)
                if {SKOS.Concept, SKOS.ConceptScheme} & set(ontology.objects(t, RDF.type))}
    assert concepts
    for concept in sorted(concepts):
        langs = [label.language for label in ontology.objects(concept, SKOS.prefLabel)]
        for lang in ("en", "zh-Hant", "zh-Hans"):
            assert langs.count(lang) == 1, f"{ontology.qname(concept)} needs one skos:prefLabel @{lang}, has {langs}"


def test_every_fupin_term_is_declared_or_a_concept(ontology):
    kinds = set(DECLARATIONS) | {SKOS.Concept, SKOS.ConceptScheme}
    for term in _fupin_terms(ontology):
        assert set(ontology.objects(term, RDF.type)) & kinds, f"{ontology.qname(term)} has no declaration"


def test_measure_scheme_covers_the_issue_list(ontology):
    notations = {str(n) for c in ontology.subjects(SKOS.inScheme, FUPIN.MeasureScheme)
                 for n in ontology.objects(c, SKOS.notation)}
    assert {"industry", "photovoltaic", "relocation", "ecological", "education", "health", "finance",
            "e-commerce", "tourism", "social-security", "village-team"} <= notations


def test_model_reuses_standard_vocabularies(ontology):
    sub = set(ontology.subject_objects(RDFS.subClassOf))
    assert (FUPIN.Official, SCHEMA.Person) in sub
    assert (FUPIN.FundingAmount, SCHEMA.MonetaryAmount) in sub
    assert (FUPIN.Meeting, SCHEMA.Event) in sub
    assert (FUPIN.County, FUPIN.AdministrativeArea) in sub
    assert (FUPIN.partOf, RDF.type, OWL.TransitiveProperty) in ontology
    for cls in (ORG.Post, ORG.Membership, SCHEMA.NewsArticle, FUPIN.PolicyDocument, FUPIN.Statistic):
        assert (cls, RDF.type, OWL.Class) in ontology


def test_packaged_ontology_is_the_same_file():
    from kg.resources.lexicon import data_path

    assert data_path("fupin.ttl").read_bytes() == ONTOLOGY.read_bytes()
    assert data_path("shapes.ttl").read_bytes() == SHAPES.read_bytes()


# --------------------------------------------------------------------------- shapes


def test_shapes_parse_and_target_declared_classes(ontology):
    shapes = Graph().parse(SHAPES, format="turtle")
    node_shapes = set(shapes.subjects(RDF.type, URIRef(SH + "NodeShape")))
    assert len(node_shapes) >= 8
    targets = set(shapes.objects(None, URIRef(SH + "targetClass")))
    owl_classes = set(ontology.subjects(RDF.type, OWL.Class))
    assert not sorted(shapes.qname(t) for t in targets - owl_classes)
    for cls in (FUPIN.FundingAmount, FUPIN.Statistic, ORG.Post, SCHEMA.NewsArticle):
        assert cls in targets


def test_seed_graph_conforms(seed):
    conforms, report = validate_graph(seed)
    assert conforms, report


def test_kg_validate_on_the_seed(tmp_path, capsys):
    out = tmp_path / "graph.ttl"
    assert main(["build", str(ROOT / "seeds"), "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["validate", str(out)]) == 0
    assert capsys.readouterr().out == f"{out}: conforms\n"


def test_kg_validate_rejects_an_amount_without_value(seed, tmp_path, capsys):
    broken = Graph() + seed
    amount = next(iter(sorted(broken.subjects(RDF.type, FUPIN.FundingAmount))))
    broken.remove((amount, SCHEMA.value, None))
    path = tmp_path / "broken.nt"
    broken.serialize(path, format="nt", encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    captured = capsys.readouterr()
    assert "Conforms: False" in captured.out
    assert f"Focus Node: <{amount}>" in captured.out or str(amount) in captured.out
    assert captured.err == f"{path}: does not conform to ontology/shapes.ttl\n"


@pytest.mark.parametrize(
    ("prop", "bad"),
    [
        (SCHEMA.currency, Literal("USD")),
        (FUPIN.approximate, Literal("maybe")),
    ],
)
def test_shapes_reject_bad_amount_values(seed, prop, bad):
    broken = Graph() + seed
    amount = next(iter(sorted(broken.subjects(RDF.type, FUPIN.FundingAmount))))
    broken.set((amount, prop, bad))
    conforms, report = validate_graph(broken)
    assert not conforms
    assert str(amount) in report


def test_shapes_reject_a_fact_without_provenance(seed):
    from rdflib.namespace import PROV

    broken = Graph() + seed
    stat = next(iter(sorted(broken.subjects(RDF.type, FUPIN.Statistic))))
    broken.remove((stat, PROV.wasDerivedFrom, None))
    conforms, report = validate_graph(broken)
    assert not conforms and "wasDerivedFrom" in report


def test_the_concept_table_build_copies_equals_the_ontology_and_survives_a_bad_cache(tmp_path, monkeypatch):
    from kg.resources import ontology as onto

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    g = onto.ontology()
    expected = {c: tuple((p, o) for p in onto.CONCEPT_PREDICATES for o in g.objects(c, p))
                for c in g.subjects(RDF.type, SKOS.Concept)}
    assert len(expected) > 10
    for damage in (None, b"{not json", b'{"x": [["a"]]}'):
        onto.concept_facts.cache_clear()
        if damage is not None:
            (cached,) = (tmp_path / "fupin-kg").glob("ontology-concepts-*.json")
            cached.write_bytes(damage)
        table = onto.concept_facts()  # a damaged cache file is made again
        assert {c: table[c] for c in expected} == expected
        assert {type(o) for facts in table.values() for _, o in facts} == {URIRef, Literal}
