"""Saved queries, parameter binding, local engines, reasoning and output formats (kg.query)."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from kg.cli import main
from kg.model.errors import QueryError
from kg.store.saved import (
    Param, adhoc, list_queries, load_query, parse_header, plain_rows, prepare, query_dir, run, term_sparql,
)

MINI = Path(__file__).parent / "fixtures" / "mini.ttl"
ID = "https://w3id.org/fupin-kg/id/"
QUERIES = list_queries()
CONTRACT = {"officials", "places", "funding", "events", "statistics", "initiatives"}


def examples(q) -> dict[str, str]:
    return {p.name: p.example for p in q.params}


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# -- the library of saved queries -------------------------------------------------

def test_at_least_fourteen_saved_queries_with_headers():
    names = {q.name for q in QUERIES}
    assert len(names) >= 14
    for q in QUERIES:
        assert q.title and q.description and q.columns, q.name
        assert q.text.lstrip().startswith("# title:"), q.name


@pytest.mark.parametrize("q", QUERIES, ids=lambda q: q.name)
def test_select_variables_equal_declared_columns(q):
    import pyoxigraph as ox

    solutions = ox.Store().query(prepare(q, examples(q)))
    assert tuple(v.value for v in solutions.variables) == q.columns


@pytest.mark.parametrize("q", QUERIES, ids=lambda q: q.name)
def test_oxigraph_and_rdflib_engines_give_the_same_rows(q):
    fast = run(q, examples(q), graph=MINI)
    slow = run(q, examples(q), graph=MINI, engine="rdflib")
    assert tuple(fast.columns) == q.columns == tuple(slow.columns)
    assert sorted(plain_rows(fast)) == sorted(plain_rows(slow))


@pytest.mark.parametrize("q", [q for q in QUERIES if q.name not in CONTRACT and not q.params],
                         ids=lambda q: q.name)
def test_each_query_without_parameters_finds_rows_in_the_fixture(q):
    assert run(q, graph=MINI).rows, f"{q.name} returned nothing on {MINI.name}"


def rows(name: str, **params) -> list[dict[str, str]]:
    q = load_query(name)
    res = run(q, params, graph=MINI)
    return [dict(zip(res.columns, r)) for r in plain_rows(res)]


def test_county_profile_by_traditional_simplified_or_pinyin_label():
    facts = {(r["facet"], r["value"]) for r in rows("county-profile", place="吉縣")}
    assert {("code", "141028"), ("part of", "臨汾市"), ("exit year", "2017"), ("known for", "蘋果"),
            ("designated as", "國家扶貧開發工作重點縣"), ("initiative", "光伏扶貧"),
            ("funding total (CNY)", "400270000"), ("type", "County")} <= facts
    simplified = {(r["facet"], r["value"]) for r in rows("county-profile", place="吉县")}
    assert ("part of", "临汾市") in simplified
    assert ("code", "141028") in {(r["facet"], r["value"]) for r in rows("county-profile", place="jí xiàn")}


def test_funding_by_place_sums_per_year_and_flags_approximate_amounts():
    got = {(r["name"], r["year"]): r for r in rows("funding-by-place")}
    assert got[("吉縣", "2017")]["total_cny"] == "400000000"  # the 391.25 per-person rate is left out
    assert got[("吉縣", "2017")]["approx"] == "true"
    assert got[("吉縣", "2016")] | {} == {"place": ID + "place/141028", "name": "吉縣", "year": "2016",
                                        "amounts": "1", "total_cny": "270000", "approx": "false"}
    assert got[("涿鹿县", "2018")]["total_cny"] == "12000000"


def test_funding_by_initiative_type_links_by_sentence_and_by_purpose():
    (row,) = rows("funding-by-initiative-type")
    assert row == {"type": "https://w3id.org/fupin-kg/ontology#PhotovoltaicMeasure", "type_name": "Photovoltaic",
                   "amounts": "2", "total_cny": "412000000", "approx": "true"}


def test_statistics_about_matches_either_script():
    for about in ("貧困戶", "贫困户"):
        assert [r["stat"] for r in rows("statistics-about", about=about)] == [ID + "article/linfen/stat/100-105"]
    assert rows("statistics-about", about="不存在") == []


def test_provenance_gives_quote_offsets_sentence_and_article():
    (row,) = rows("provenance", fact=ID + "article/linfen/amount/50-55")
    assert row["quote"] == "4億余元" and (row["begin"], row["end"]) == ("50", "55")
    assert row["quote"] in row["sentence"]
    assert row["article"] == ID + "article/linfen" and row["headline"] == "臨汾:打好攻堅戰"
    # a prefixed name works as well as the full IRI
    assert rows("provenance", fact="id:article/linfen/amount/50-55") == [row]


def test_timeline_is_in_date_order_with_places_in_the_articles_script():
    got = rows("timeline")
    assert [r["date"] for r in got] == ["2017-08-31", "2018-03"]
    assert [r["place"] for r in got] == ["臨汾市", "涿鹿县"]


def test_designations_give_one_row_per_designation_and_per_exit_year():
    got = sorted((r["name"], r["designation"], r["exit_year"]) for r in rows("designations"))
    assert got == [("吉縣", "", "2017"), ("吉縣", "國家扶貧開發工作重點縣", ""), ("永和縣", "省級深度貧困縣", "")]


def test_pairings_are_listed_from_both_sides():
    assert {(r["name"], r["partner"]) for r in rows("pairings")} == {("永和縣", "堯都區"), ("堯都區", "永和縣")}


# -- parameters are bound as RDF terms --------------------------------------------

INJECTION = '吉縣" } ; DROP ALL ; #'


def test_injection_attempt_is_a_plain_literal_and_matches_nothing():
    q = load_query("county-profile")
    text = prepare(q, {"place": INJECTION})
    assert 'VALUES ?place { "吉縣\\" } ; DROP ALL ; #"@zh-Hant ' in text
    assert text.count("DROP ALL") == 4 * text.count("VALUES ?place")  # one term per label language
    assert run(q, {"place": INJECTION}, graph=MINI).rows == []
    assert run(q, {"place": INJECTION}, graph=MINI, engine="rdflib").rows == []
    assert run(q, {"place": "吉縣"}, graph=MINI).rows  # the graph is untouched
    sneaky = "吉縣\\u0022 } ; DROP ALL ; #"  # a codepoint escape, decoded before parsing
    for engine in ("oxigraph", "rdflib"):
        assert run(q, {"place": sneaky}, graph=MINI, engine=engine).rows == []


def test_label_parameter_matches_whole_labels_only():
    assert rows("county-profile", place="吉") == [] and rows("places-within", place="臨汾") == []
    assert {r["name"] for r in rows("places-within", place="临汾市")} >= {"吉县"}


def test_parameter_is_bound_in_every_group_that_uses_it():
    q = adhoc("""SELECT ?x ?n WHERE {
      ?x <urn:p> ?place .
      { SELECT ?x (COUNT(?y) AS ?n) WHERE { ?x <urn:p> ?place ; <urn:q> ?y } GROUP BY ?x }
      { ?x <urn:r> "?place {" } UNION { ?x <urn:s> ?place }
      VALUES ?k { "?place" }
      FILTER NOT EXISTS { ?x <urn:t> ?place }
    }""")
    text = prepare(q, {"place": "a"})
    block = 'VALUES ?place { "a" }'
    assert text.count(block) == 4  # outer group, sub-select, the UNION branch using it, FILTER NOT EXISTS
    assert text.index(block) < text.index("?x <urn:p> ?place .")
    sub = text.index("{ SELECT")
    assert text.index(block, sub) > text.index("WHERE {", sub)  # inside the sub-select's WHERE, not before SELECT
    assert '{ ?x <urn:r> "?place {" }' in text and 'VALUES ?k { "?place" }' in text  # strings are not uses


def test_iri_parameter_that_is_not_an_iri_becomes_a_literal():
    q = load_query("provenance")
    assert run(q, {"fact": '<x> } DROP ALL { <y'}, graph=MINI).rows == []
    assert '"<x> } DROP ALL { <y"' in prepare(q, {"fact": '<x> } DROP ALL { <y'})


def test_terms_escape_every_special_character():
    from rdflib import Literal, URIRef

    assert term_sparql(Literal('a"b\\c\nd\x00\\u0022')) == '"a\\"b\\\\c\\nd\\\\u0022"'
    assert term_sparql(Literal("吉縣", lang="zh-Hant")) == '"吉縣"@zh-Hant'
    assert term_sparql(URIRef("http://x/y")) == "<http://x/y>"
    with pytest.raises(QueryError):
        term_sparql(URIRef("http://x/> DROP ALL"))


def test_values_go_into_the_outer_group_not_into_comments_strings_or_iris():
    q = parse_header('# title: t\n# columns: s\n# param: v string x\n'
                     'PREFIX ex: <http://e/x#>\nSELECT ?s # {not here}\nWHERE { ?s ?p "{" }\n', name="t")
    text = prepare(q, {"v": "1"})
    assert 'WHERE { VALUES ?v { "1" } ?s ?p "{" }' in text  # on the same line: line numbers stay the user's


def test_missing_unknown_and_ill_typed_parameters_are_user_errors():
    q = load_query("county-profile")
    with pytest.raises(QueryError, match="missing parameter place.*-p place=吉縣"):
        prepare(q, {})
    with pytest.raises(QueryError, match="unknown parameter"):
        prepare(q, {"place": "x", "nope": "y"})
    typed = parse_header("# title: t\n# param: n integer 3\n# columns: n\nSELECT ?n WHERE {}", name="t")
    with pytest.raises(QueryError, match="not a valid integer"):
        prepare(typed, {"n": "three"})


def test_header_parsing_and_its_errors():
    q = parse_header("# title: T\n# description: one\n#   two\n# param: a label 吉 縣\n# columns: x, y\n"
                     "SELECT ?x ?y WHERE {}", name="n")
    assert (q.title, q.description, q.columns) == ("T", "one two", ("x", "y"))
    assert q.params == (Param("a", "label", "吉 縣"),)
    with pytest.raises(QueryError, match="title"):
        parse_header("SELECT * WHERE {}", name="bad")
    with pytest.raises(QueryError, match="param"):
        parse_header("# title: T\n# param: a\n# columns: x\n", name="bad")


# -- reasoning -------------------------------------------------------------------

def test_infer_finds_superclass_members_and_transitive_part_of():
    areas = adhoc("SELECT ?x WHERE { ?x a fupin:AdministrativeArea }")
    assert len(run(areas, graph=MINI).rows) == 1
    assert len(run(areas, graph=MINI, infer=True).rows) == 8
    within = adhoc(f"ASK {{ <{ID}place/141028> fupin:partOf <{ID}place/140000> }}")
    assert run(within, graph=MINI).boolean is False
    assert run(within, graph=MINI, infer=True).boolean is True
    initiatives = adhoc("SELECT ?i WHERE { ?i a fupin:Initiative }")
    assert run(initiatives, graph=MINI).rows == []
    assert len(run(initiatives, graph=MINI, infer=True, engine="rdflib").rows) == 2


# -- command line ----------------------------------------------------------------

def test_queries_lists_every_saved_query(capsys):
    code, out, _ = cli(capsys, "queries", "--format", "csv")
    assert code == 0
    listed = list(csv.DictReader(io.StringIO(out)))
    assert {r["name"] for r in listed} == {q.name for q in QUERIES}
    assert {"name": "county-profile", "title": "County profile", "params": "place=吉縣"} in listed


def test_csv_and_json_parse_back_into_the_same_rows(capsys):
    q = load_query("officials-by-organization")
    expected = plain_rows(run(q, graph=MINI))
    code, out, _ = cli(capsys, "query", "officials-by-organization", "--graph", str(MINI), "--format", "csv")
    assert code == 0
    parsed = list(csv.reader(io.StringIO(out)))
    assert tuple(parsed[0]) == q.columns and [tuple(r) for r in parsed[1:]] == expected
    code, out, _ = cli(capsys, "query", "officials-by-organization", "--graph", str(MINI), "--format", "json")
    assert [tuple(str(r[c]) for c in q.columns) for r in json.loads(out)] == expected
    code, out, _ = cli(capsys, "query", "officials-by-organization", "--graph", str(MINI), "--format", "tsv")
    assert [tuple(line.split("\t")) for line in out.splitlines()[1:]] == expected


def test_csv_cells_are_plain_values(capsys):
    code, out, _ = cli(capsys, "query", "funding-by-place", "--graph", str(MINI), "--format", "csv")
    first = out.splitlines()[1]
    assert first == f"{ID}place/130731,涿鹿县,2018,1,12000000,false"


def test_json_numbers_and_booleans_are_typed(capsys):
    code, out, _ = cli(capsys, "query", "funding-by-initiative-type", "--graph", str(MINI), "--format", "json")
    (row,) = json.loads(out)
    assert row["total_cny"] == 412000000 and row["approx"] is True and row["amounts"] == 2


def test_table_keeps_columns_aligned_with_wide_characters(capsys):
    from rich.cells import cell_len

    code, out, _ = cli(capsys, "query", "officials-by-organization", "--graph", str(MINI))
    assert code == 0 and "岳普煜" in out and "臨汾市委書記" in out and "id:person/141000/yue-pu-yu" in out
    table = [line for line in out.splitlines() if line[:1] in "┏┃┡│└"]
    assert len({cell_len(line) for line in table}) == 1


def test_expression_limit_and_ask(capsys):
    code, out, _ = cli(capsys, "query", "-e", "SELECT ?p WHERE { ?p a fupin:County } ORDER BY ?p",
                       "--graph", str(MINI), "--format", "csv", "--limit", "2")
    assert out.splitlines() == ["p", f"{ID}place/130731", f"{ID}place/141028"]
    code, out, _ = cli(capsys, "query", "-e", "ASK { ?p a fupin:County }", "--graph", str(MINI))
    assert (code, out) == (0, "true\n")


def test_query_file_path_runs(capsys, tmp_path):
    f = tmp_path / "mine.rq"
    f.write_text("# title: Mine\n# columns: n\nSELECT (COUNT(*) AS ?n) WHERE { ?s a fupin:County }\n")
    code, out, _ = cli(capsys, "query", str(f), "--graph", str(MINI), "--format", "csv")
    assert (code, out) == (0, "n\n3\n")


@pytest.mark.parametrize("args, message", [
    (["query", "no-such-query", "--graph", str(MINI)], "error: no saved query 'no-such-query' — run `kg queries`"),
    (["query", "county-profile", "--graph", str(MINI)], "error: missing parameter place (label)"),
    (["query", "county-profile", "-p", "place", "--graph", str(MINI)], "error: bad parameter 'place'"),
    (["query", "-e", "SELEKT ?x", "--graph", str(MINI)], "error: SPARQL syntax error"),
    (["query", "articles", "--graph", "nope.ttl"], "error: nope.ttl: no such graph file"),
    (["query", "articles", "--graph", str(MINI), "--format", "xml"], "error: unknown format 'xml'"),
    (["query", "--graph", str(MINI)], "error: pass a query NAME"),
    (["query", "articles", "--graph", str(MINI), "--endpoint", "http://127.0.0.1:1/query"],
     "error: --graph and --endpoint exclude each other"),
])
def test_user_errors_are_one_line_and_exit_1(capsys, args, message):
    code, out, err = cli(capsys, *args)
    assert code == 1 and out == ""
    assert err.startswith(message) and err.count("\n") == 1, err


def test_queries_are_found_in_the_repository_folder():
    assert query_dir().name == "queries" and (query_dir() / "officials-by-organization.rq").is_file()


# -- README: the Querying section lists every saved query ------------------------

def test_readme_lists_every_saved_query():
    readme = Path(__file__).resolve().parent.parent / "README.md"
    text = readme.read_text(encoding="utf-8") if readme.is_file() else ""
    missing = [q.name for q in QUERIES if f"`{q.name}`" not in text]
    assert not missing, f"README.md does not list these saved queries: {', '.join(missing)}"
    for command in ("kg queries", "kg query", "kg push", "kg serve", "--endpoint"):
        assert command in text, f"README.md does not show `{command}`"
