"""`kg validate` in parts (kg/rdf/validate.py): the same results as pySHACL on the whole graph."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD

import kg.rdf.validate as validation
from kg.cli.app import main
from kg.model.errors import InputError
from kg.model.namespaces import FUPIN, SCHEMA
from kg.pipeline import build
from kg.rdf.files import load_graph, ox_quads
from kg.rdf.validate import check_shapes, validate_file, validate_graph, validate_parts
from kg.rdf.writer import write
from kg.resources.ontology import shapes

ROOT = Path(__file__).resolve().parent.parent
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The seed and the fixture articles in one TriG file (places shared between articles)."""
    out = tmp_path_factory.mktemp("validate") / "corpus.trig"
    write(build([ROOT / "seeds", *sorted((ROOT / "tests" / "fixtures").glob("*-*.txt"))]), out)
    return out


@pytest.fixture(scope="module")
def broken(corpus, tmp_path_factory) -> Path:
    """The corpus with faults inside articles, on shared subjects and across articles."""
    g = load_graph(corpus)
    articles = sorted(g.subjects(RDF.type, SCHEMA.NewsArticle))
    phrase = min(g.subjects(RDF.type, URIRef(NIF + "Phrase")))
    g.remove((phrase, URIRef(NIF + "anchorOf"), None))  # minCount, inside an article
    g.set((articles[0], SCHEMA.inLanguage, Literal("english")))  # pattern
    amount = min(g.subjects(RDF.type, FUPIN.FundingAmount))
    g.set((amount, SCHEMA.value, Literal(-5)))  # datatype and minInclusive
    person = min(g.subjects(RDF.type, SCHEMA.Person))
    g.add((amount, URIRef("http://purl.org/dc/terms/spatial"), person))  # class (of a shared subject) + maxCount
    places = sorted(g.subjects(RDF.type, FUPIN.County))
    g.add((places[0], FUPIN.partOf, places[1]))  # a second parent: maxCount on a shared subject
    g.add((places[2], RDFS.label, Literal("另一個名字", lang="zh-Hant")))  # uniqueLang across articles
    g.remove((places[3], RDFS.label, None))  # minCount 2 on a shared subject
    g.add((places[4], RDFS.label, Literal("Xiangning", lang="en")))  # languageIn
    geo = "http://www.w3.org/2003/01/geo/wgs84_pos#"
    located = sorted(g.subjects(URIRef(geo + "lat"), None))
    g.set((located[0], URIRef(geo + "lat"), Literal("95.5", datatype=XSD.decimal)))  # maxInclusive
    g.set((located[1], URIRef(geo + "long"), Literal("east")))  # datatype (a string)
    amounts = sorted(g.subjects(RDF.type, FUPIN.FundingAmount))
    g.set((amounts[1], SCHEMA.currency, Literal("USD")))  # in
    g.set((amounts[2], FUPIN.approximate, Literal("yes", datatype=XSD.boolean)))  # ill-typed boolean
    g.set((amounts[3], SCHEMA.value, Literal("1e5", datatype=XSD.decimal)))  # ill-typed decimal
    g.set((articles[1], SCHEMA.datePublished, Literal("2017-13-45T08:00:00", datatype=XSD.dateTime)))  # or
    phrases = sorted(g.subjects(RDF.type, URIRef(NIF + "Phrase")))
    g.set((phrases[1], URIRef(NIF + "beginIndex"), Literal("-3", datatype=XSD.nonNegativeInteger)))
    g.set((phrases[2], URIRef(NIF + "endIndex"), Literal("7", datatype=XSD.integer)))  # datatype
    g.set((phrases[3], URIRef(NIF + "referenceContext"), Literal("a context")))  # class of a literal
    out = tmp_path_factory.mktemp("broken") / "broken.ttl"
    g.serialize(out, format="turtle", encoding="utf-8")
    return out


def results(report: Graph) -> set[tuple]:
    return {(report.value(r, SH.focusNode), report.value(r, SH.resultPath),
             report.value(r, SH.sourceConstraintComponent), report.value(r, SH.value))
            for r in report.subjects(RDF.type, SH.ValidationResult)}


def whole(path: Path) -> tuple[bool, Graph]:
    conforms, report, _ = validation._pyshacl(load_graph(path))
    return conforms, report


@pytest.mark.parametrize("jobs", [1, 2])
def test_parts_give_the_results_of_one_pyshacl_run(corpus, broken, monkeypatch, jobs):
    monkeypatch.setattr(validation, "TASK_TRIPLES", 2000)  # many parts, several articles each
    for path in (corpus, broken):
        expected_conforms, expected = whole(path)
        conforms, report = validate_parts(ox_quads(path), jobs=jobs, progress=False)
        assert conforms == expected_conforms
        assert results(report) == results(expected)
    assert len(results(expected)) >= 8


def test_the_broken_graph_fails_where_it_was_broken(broken):
    _, report = validate_parts(ox_quads(broken), jobs=2, progress=False)
    components = {str(c).rsplit("#", 1)[-1] for _, _, c, _ in results(report)}
    assert {"MinCountConstraintComponent", "MaxCountConstraintComponent", "PatternConstraintComponent",
            "MinInclusiveConstraintComponent", "MaxInclusiveConstraintComponent", "ClassConstraintComponent",
            "UniqueLangConstraintComponent", "LanguageInConstraintComponent", "InConstraintComponent",
            "DatatypeConstraintComponent", "OrConstraintComponent"} <= components


def test_the_sieve_clears_a_conforming_graph_and_suspects_every_broken_subject(corpus, broken):
    """kg.rdf.precheck: pySHACL runs on no subject of a graph that conforms, and on every subject
    of the broken one that pySHACL reports (the parts test checks the results themselves)."""
    from kg.rdf.precheck import suspects

    for path, expect_clean in ((corpus, True), (broken, False)):
        tasks, _ = validation.plan(ox_quads(path))
        flagged = {s.value if hasattr(s, "value") else str(s)
                   for own, extra in tasks for s in suspects(own, extra, validation._compiled())}
        if expect_clean:
            assert flagged == set()
        else:
            _, expected = whole(path)
            reported = {str(f) for f, _, _, _ in results(expected)}
            assert reported and reported <= flagged
            assert len(flagged) <= 2 * len(reported)  # a sieve, not a pass-through


def test_the_merged_report_is_one_standard_validation_report(broken):
    conforms, report = validate_parts(ox_quads(broken), jobs=2, progress=False)
    (node,) = report.subjects(RDF.type, SH.ValidationReport)
    assert conforms is False and report.value(node, SH.conforms) == Literal(False)
    assert set(report.objects(node, SH.result)) == set(report.subjects(RDF.type, SH.ValidationResult))
    text = validate_file(broken, jobs=2)[1]
    assert text.startswith("Validation Report\nConforms: False\nResults (")
    assert f"Results ({len(results(report))}):" in text


def test_a_conforming_graph_gives_a_conforming_report(corpus):
    conforms, report = validate_parts(ox_quads(corpus), jobs=2, progress=False)
    (node,) = report.subjects(RDF.type, SH.ValidationReport)
    assert conforms is True and report.value(node, SH.conforms) == Literal(True)
    assert validate_graph(load_graph(corpus))[0] is True


def test_shapes_with_a_path_of_more_than_one_step_are_refused():
    g = Graph() + shapes()
    shape = next(iter(g.subjects(SH.path, None)))
    sequence = BNode()
    Collection(g, sequence, [URIRef("urn:a"), URIRef("urn:b")])
    g.set((shape, SH.path, sequence))
    with pytest.raises(InputError, match="not a single predicate"):
        check_shapes(g)
    check_shapes(shapes())
    objects = Graph() + shapes()
    objects.add((next(iter(objects.subjects(RDF.type, SH.NodeShape))), SH.targetObjectsOf, RDFS.label))
    with pytest.raises(InputError, match="targetObjectsOf is not checked in parts"):
        check_shapes(objects)


def test_cli_validate_with_jobs(broken, corpus, capsys):
    assert main(["validate", str(broken), "--jobs", "2"]) == 1
    captured = capsys.readouterr()
    assert "Conforms: False" in captured.out
    assert captured.err == f"{broken}: does not conform to ontology/shapes.ttl\n"  # no progress bar: not a TTY
    assert main(["validate", str(corpus), "-j", "2"]) == 0
    assert capsys.readouterr().out == f"{corpus}: conforms\n"


def test_progress_bar_on_request_and_quiet_when_piped(corpus, monkeypatch, capsys):
    monkeypatch.setattr(validation, "TASK_TRIPLES", 2000)
    validate_parts(ox_quads(corpus), jobs=2, progress=True)
    assert "validating 4 article(s) in" in capsys.readouterr().err
    validate_parts(ox_quads(corpus), jobs=2)  # stderr is not a terminal here
    assert capsys.readouterr().err == ""
