"""The Python API (`import kg`): build, extract, query, view, validate, and the example script."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset

import kg
from kg.rdf import named
from kg.rdf.files import load_graph
from kg.cli import main
from kg.store.results import render_result
from kg.store.saved import load_query, run

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="module")
def seed() -> Dataset:
    return kg.build(SEEDS, jobs=1)


@pytest.fixture(scope="module")
def seed_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("api") / "seed.ttl"
    assert main(["build", str(SEEDS), "-o", str(path)]) == 0
    return path


def test_the_one_liner_works_exactly():
    code = "import kg; g = kg.build('seeds/'); print(len(kg.query(g, 'officials').rows))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout == "12\n"


def test_public_names_are_declared_and_typed():
    assert set(kg.__all__) >= {"build", "extract", "query", "view", "validate", "Result", "Report", "KgError"}
    assert all(hasattr(kg, name) for name in kg.__all__)
    assert (ROOT / "kg" / "py.typed").is_file()
    assert kg.build.__annotations__ and kg.query.__doc__


def test_build_gives_the_graphs_kg_build_writes(seed, seed_file):
    assert {(s, p, o) for s, p, o, _ in seed.quads()} == set(load_graph(seed_file))
    assert list(named.named_graphs(seed)) == ["https://w3id.org/fupin-kg/id/article/linfen-2017-10-17"]


def test_build_of_two_articles_shares_their_common_triples():
    ds = kg.build(SEEDS, FIXTURES / "guizhou-county-simplified.txt", jobs=1)
    graphs = named.named_graphs(ds)
    assert len(graphs) == 2
    shared = set(named.default_graph(ds))
    assert shared and all(not (shared & set(g)) for g in graphs.values())


def test_build_takes_article_text():
    text = (FIXTURES / "guizhou-county-simplified.txt").read_text(encoding="utf-8")
    from_text, from_file = kg.build(text, jobs=1), kg.build(FIXTURES / "guizhou-county-simplified.txt", jobs=1)
    assert len(from_text) == len(from_file)


def test_build_reports_bad_input():
    with pytest.raises(kg.KgError, match="no such file"):
        kg.build(ROOT / "nope.txt")


def test_query_rows_are_plain_values_and_match_the_cli(seed, seed_file):
    result = kg.query(seed, "funding")
    local = run(load_query("funding"), {}, graph=seed_file)
    assert result.columns == local.columns
    assert sorted(result.to_csv().splitlines()) == sorted(render_result(local, "csv").splitlines())
    values = {type(v) for row in result.rows for v in row.values()}
    assert values <= {str, int, float, bool, type(None)} and int in values and bool in values


def test_query_takes_parameters_sparql_and_files(seed, seed_file):
    assert kg.query(seed, "county-profile", place="吉縣").rows
    assert len(kg.query(seed, "SELECT ?c WHERE { ?c a fupin:County }").rows) > 3
    assert sorted(map(str, kg.query(seed_file, "officials").rows)) == sorted(map(str, kg.query(seed, "officials").rows))


def test_to_dataframe_needs_pandas(seed):
    result = kg.query(seed, "officials")
    try:
        import pandas  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match="pip install pandas"):
            result.to_dataframe()
    else:
        assert list(result.to_dataframe().columns) == result.columns


def test_extract_gives_typed_records():
    ex = kg.extract("臨汾市委書記岳普煜主持召開全市脫貧攻堅推進會。")
    assert isinstance(ex, kg.Extraction)
    assert [p.name for p in ex.people] == ["岳普煜"]
    assert kg.extract.places.find_places  # still the sub-package


def test_view_and_validate(seed, tmp_path):
    page = kg.view(seed, tmp_path / "g.html", max_nodes=50)
    assert "<html" in page.read_text(encoding="utf-8").lower()
    report = kg.validate(seed)
    assert report.conforms and bool(report) and "Conforms: True" in report.text
    with pytest.raises(kg.KgError, match="unknown view option"):
        kg.view(seed, tmp_path / "h.html", colour="red")


def test_the_example_script_runs(tmp_path):
    out = subprocess.run([sys.executable, str(ROOT / "examples" / "notebook.py"), str(tmp_path)],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "12 officials" in out.stdout and "conforms: True" in out.stdout
    assert (tmp_path / "graph.html").is_file() and (tmp_path / "officials.csv").is_file()
