"""CLI (kg.cli): `main([...])` exit codes and exact messages; help, version, stats,
`python -m kg`. Data goes to stdout, messages to stderr.
"""
from __future__ import annotations

import importlib.metadata
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg.cli import EPILOG, app, main

from helpers import assert_isomorphic

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "linfen-2017-10-17.txt"
COMMANDS = ("build", "validate", "stats", "query", "queries", "push", "serve", "viz")
CORE_EXAMPLES = ("kg build seeds/ -o out/graph.ttl", "kg validate out/graph.ttl")

ARTICLE = """吉县:光伏扶贫照亮致富路

2018-06-01 08:00:00 来源:山西新闻网

  吉县建成村级光伏电站79个,每村每年可收益10万元左右。
"""


@pytest.fixture(autouse=True)
def _no_debug(monkeypatch):
    monkeypatch.delenv("KG_DEBUG", raising=False)
    monkeypatch.delenv("KG_BASE", raising=False)


@pytest.fixture(scope="module")
def seed_graph(tmp_path_factory) -> Path:
    """The seed built once by `kg build` for the read-only commands."""
    out = tmp_path_factory.mktemp("built") / "graph.ttl"
    assert main(["build", str(ROOT / "seeds"), "-o", str(out)]) == 0
    return out


def registered_commands() -> set[str]:
    names = set()
    for cmd in app.registered_commands:
        names.add(cmd.name or cmd.callback.__name__.replace("_", "-"))
    return names


# --------------------------------------------------------------------------- build


def test_build_writes_the_graph_and_reports_it(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "g.ttl"
    assert main(["build", "seeds/", "-o", str(out)]) == 0
    captured = capsys.readouterr()
    n = len(Graph().parse(out, format="turtle"))
    assert n > 1000
    assert captured.out == ""
    assert captured.err == f"built {out}: 1 article(s), {n} triples\n"


def test_build_defaults_to_seeds_and_out_graph_ttl(tmp_path, monkeypatch, capsys):
    (tmp_path / "seeds").mkdir()
    shutil.copy(SEED, tmp_path / "seeds" / SEED.name)
    monkeypatch.chdir(tmp_path)
    assert main(["build"]) == 0
    assert (tmp_path / "out" / "graph.ttl").is_file()
    assert capsys.readouterr().err.startswith("built out/graph.ttl: 1 article(s), ")


def test_build_reports_the_triples_in_the_file(tmp_path, capsys):
    """Two articles share places: the count is of the triples written, not a sum per article."""
    (tmp_path / "in").mkdir()
    shutil.copy(SEED, tmp_path / "in" / SEED.name)
    (tmp_path / "in" / "jixian-solar.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "g.nt"
    assert main(["build", str(tmp_path / "in"), "-o", str(out)]) == 0
    n = len(Graph().parse(out, format="nt"))
    assert capsys.readouterr().err == f"built {out}: 2 article(s), {n} triples\n"


def test_build_base_option(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "jixian-solar.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "g.nt"
    base = "http://example.org/poverty/"
    assert main(["build", str(tmp_path / "in"), "-o", str(out), "--base", base]) == 0
    g = Graph().parse(out, format="nt")
    assert (URIRef(base + "article/jixian-solar"), RDF.type, URIRef("https://schema.org/NewsArticle")) in g
    assert (URIRef(base + "place/141028"), None, None) in g
    assert "https://w3id.org/fupin-kg/id/" not in out.read_text(encoding="utf-8")


def test_build_is_byte_identical_twice(tmp_path, capsys):
    a, b = tmp_path / "a.ttl", tmp_path / "b.ttl"
    assert main(["build", str(ROOT / "seeds"), "-o", str(a)]) == 0
    assert main(["build", str(ROOT / "seeds"), "-o", str(b)]) == 0
    assert a.read_bytes() == b.read_bytes()


@pytest.mark.parametrize("ext", [".ttl", ".nt", ".jsonld", ".trig", ".nq", ".rdf"])
def test_build_output_in_every_format_holds_the_built_graph(tmp_path, capsys, ext):
    """What `kg build -o FILE` writes parses back to the graph kg.pipeline builds."""
    from kg.pipeline import build
    from kg.rdf.files import load_graph
    from kg.rdf.writer import merged

    out = tmp_path / f"graph{ext}"
    assert main(["build", str(ROOT / "seeds"), "-o", str(out)]) == 0
    expected = merged(build([ROOT / "seeds"]))
    assert_isomorphic(expected, load_graph(out))


# --------------------------------------------------------------------------- exit codes


def test_missing_input_is_exit_1(tmp_path, capsys):
    out = tmp_path / "g.ttl"
    assert main(["build", str(tmp_path / "nope"), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err == (f"error: {tmp_path / 'nope'}: no such file — check the path\n"
                   "1 input(s) failed; nothing was written.\n")
    assert not out.exists()


def test_unknown_extension_is_exit_1(tmp_path, capsys):
    assert main(["build", str(ROOT / "seeds"), "-o", str(tmp_path / "g.xyz")]) == 1
    assert capsys.readouterr().err == (
        f"error: {tmp_path / 'g.xyz'}: unknown RDF file extension '.xyz' — use one of: "
        ".json .jsonld .nq .nt .owl .rdf .trig .ttl\n")


def test_unknown_command_is_exit_1(capsys):
    assert main(["frobnicate"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "error: No such command 'frobnicate'. (see `kg --help`)\n"


def test_missing_graph_file_is_exit_1(tmp_path, capsys):
    missing = tmp_path / "none.ttl"
    assert main(["stats", str(missing)]) == 1
    assert capsys.readouterr().err == (f"error: {missing}: no such graph file — run `kg build` first, "
                                       "or pass --graph FILE\n")


def test_internal_error_is_exit_2_without_traceback(tmp_path, monkeypatch, capsys):
    import kg.pipeline

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(kg.pipeline, "build", boom)
    assert main(["build", str(ROOT / "seeds"), "-o", str(tmp_path / "g.ttl")]) == 2
    err = capsys.readouterr().err
    assert err == "internal error: RuntimeError: boom (rerun with KG_DEBUG=1 for details)\n"
    assert "Traceback" not in err


# --------------------------------------------------------------------------- validate


def test_validate_conforms(seed_graph, capsys):
    assert main(["validate", str(seed_graph)]) == 0
    assert capsys.readouterr().out == f"{seed_graph}: conforms\n"


def test_validate_fails_on_an_amount_without_value(tmp_path, capsys):
    bad = tmp_path / "bad.ttl"
    bad.write_text("""
@prefix schema: <https://schema.org/> .
@prefix fupin: <https://w3id.org/fupin-kg/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <https://example.org/id/> .

id:a a schema:NewsArticle ; schema:inLanguage "zh-Hant" .
id:ctx a nif:Context ; nif:isString "投資1.2億元" ; nif:sourceUrl id:a .
id:p a nif:Phrase ; nif:anchorOf "1.2億元" ; nif:beginIndex "2"^^xsd:nonNegativeInteger ;
    nif:endIndex "7"^^xsd:nonNegativeInteger ; nif:referenceContext id:ctx .
id:amount a fupin:FundingAmount ; schema:currency "CNY" ; fupin:approximate false ;
    prov:wasDerivedFrom id:p ; dcterms:source id:a .
""", encoding="utf-8")
    assert main(["validate", str(bad)]) == 1
    captured = capsys.readouterr()
    assert "Result Path: schema:value" in captured.out
    assert "Conforms: False" in captured.out
    assert captured.err == f"{bad}: does not conform to ontology/shapes.ttl\n"


# --------------------------------------------------------------------------- stats


def test_stats_prints_class_counts(seed_graph, capsys):
    assert main(["stats", str(seed_graph)]) == 0
    out = capsys.readouterr().out
    g = Graph().parse(seed_graph, format="turtle")
    assert out.startswith(f"{seed_graph}: {len(g)} triples\n")
    assert "class\tinstances" in out
    counts = {}
    for cls in set(g.objects(None, RDF.type)):
        counts[g.namespace_manager.normalizeUri(cls)] = len(set(g.subjects(RDF.type, cls)))
    for qname, n in counts.items():
        assert re.search(rf"^{re.escape(qname)}\t{n}$", out, re.M), f"no line {qname}\\t{n}"
    assert re.search(r"^fupin:County\t\d+$", out, re.M)
    assert "connected component" in out


# --------------------------------------------------------------------------- help and version


def test_help_lists_every_command_and_the_examples(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Usage: kg ")
    listed = set(re.findall(r"^  ([a-z][a-z-]*)\s{2,}\S", out.split("Commands:")[1], re.M))
    assert set(COMMANDS) <= listed
    assert registered_commands() <= listed
    assert "Examples:" in out
    flat = " ".join(out.split())
    examples = [" ".join(line.split()) for line in EPILOG.splitlines() if line.strip().startswith("kg ")]
    for example in CORE_EXAMPLES:
        assert any(e.startswith(example) for e in examples), example
    for example in examples:
        assert example in flat, example
        # every example runs a command that exists
        assert example.split()[1] in registered_commands(), example


def test_every_command_has_help(capsys):
    for name in COMMANDS:
        assert main([name, "--help"]) == 0, name
        out = capsys.readouterr().out
        assert out.startswith(f"Usage: kg {name} "), out[:80]


def test_version(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"fupin-kg {importlib.metadata.version('fupin-kg')}\n"


def test_no_arguments_shows_help_and_exits_1(capsys):
    """A usage error (exit 1) whose message is the plain help text, not an "error: Usage: …" line."""
    assert main([]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("Usage: kg ")
    assert "Commands:" in captured.err


def test_python_dash_m_kg_help():
    proc = subprocess.run([sys.executable, "-m", "kg", "--help"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Usage: kg ")
    for name in COMMANDS:
        assert re.search(rf"^  {name}\s", proc.stdout, re.M), name


def test_console_script_version():
    exe = Path(sys.executable).with_name("kg")
    if not exe.exists():  # the venv installs the console script next to python
        pytest.fail(f"console script {exe} is not installed; run `make test` to install the project")
    proc = subprocess.run([str(exe), "--version"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0
    assert proc.stdout == f"fupin-kg {importlib.metadata.version('fupin-kg')}\n"
