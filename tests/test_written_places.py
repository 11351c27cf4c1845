"""Places are reported as each article writes them (its fullest form there), through the
NIF phrases linked to the place (itsrdf:taIdentRef); the place node keeps its gazetteer labels."""
from __future__ import annotations

import csv
import io

from rdflib import Graph, URIRef

from kg.cli import main
from kg.model.namespaces import ITSRDF, NIF
from kg.store.saved import load_query, plain_rows, run

ARTICLE = """{title}

2018-06-01 10:00:00 來源:山西新聞網

  {body}
"""


def build(tmp_path, name: str, body: str, title: str = "臨汾市扶貧工作推進會召開") -> str:
    src = tmp_path / f"{name}.txt"
    src.write_text(ARTICLE.format(title=title, body=body), encoding="utf-8")
    out = tmp_path / f"{name}.ttl"
    assert main(["build", str(src), "-o", str(out)]) == 0
    return str(out)


def query(capsys, name: str, graph: str) -> list[dict[str, str]]:
    capsys.readouterr()
    assert main(["query", name, "--graph", graph, "--format", "csv"]) == 0
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


def test_a_short_form_in_traditional_script_is_reported_as_written(tmp_path, capsys):
    out = build(tmp_path, "short", "鄉寧對標貧困縣退出標準,內蒙古投入財政扶貧資金3151萬元,鄉寧籌集資金4億余元。")
    names = {r["code"]: r["name"] for r in query(capsys, "places", out)}
    assert names["141029"] == "鄉寧"  # not the gazetteer's 鄉寧縣
    assert names["150000"] == "內蒙古"  # not 內蒙古自治區
    places = {r["value_cny"]: r["place"] for r in query(capsys, "funding", out)}
    assert places["400000000"] == "鄉寧"
    g = Graph().parse(out)
    labels = {str(o) for o in g.objects(URIRef("https://w3id.org/fupin-kg/id/place/141029"), None)
              if getattr(o, "language", None) == "zh-Hant"}
    assert "鄉寧縣" in labels  # the node keeps its full name


def test_the_fullest_written_form_names_the_place_once_per_article(tmp_path, capsys):
    out = build(tmp_path, "both", "鄉寧對標退出標準。鄉寧縣多方籌集資金4億余元。鄉寧還推進搬遷。")
    assert {r["name"] for r in query(capsys, "places", out)} >= {"鄉寧縣"}
    assert "鄉寧" not in {r["name"] for r in query(capsys, "places", out)}
    g = Graph().parse(out)
    county = URIRef("https://w3id.org/fupin-kg/id/place/141029")
    naming = list(g.subjects(ITSRDF.taIdentRef, county))
    assert [str(g.value(p, NIF.anchorOf)) for p in naming] == ["鄉寧縣"]
    assert len(list(g.objects(county, None))) > 0 and len([
        m for m in g.objects(county, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))]) == 3  # every mention


def test_a_former_name_holds_the_short_form_too(tmp_path, capsys):
    """騰衝縣 (now 騰衝市): the bare 騰衝 of the same text is that county, not a second place."""
    out = build(tmp_path, "former", "騰衝縣教育局把37.2萬元資助款發到新生手中。騰衝還拿出30萬元設立助學金。騰衝縣地處雲南省保山市西南部。",
                title="騰衝為貧困新生送上資助款")
    rows = query(capsys, "places", out)
    tengchong = [r for r in rows if r["name"].startswith("騰衝")]
    assert [r["name"] for r in tengchong] == ["騰衝縣"]
    assert {r["place"] for r in query(capsys, "funding", out)} == {"騰衝縣"}


def test_each_article_of_a_corpus_gives_its_own_form_and_both_engines_agree(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(ARTICLE.format(title="臨汾市鄉寧推進脫貧", body="鄉寧籌集資金4億余元。"),
                                           encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text(ARTICLE.format(title="臨汾市鄉寧縣推進脫貧", body="鄉寧縣籌集資金3億元。"),
                                           encoding="utf-8")
    out = tmp_path / "corpus.trig"
    assert main(["build", str(tmp_path / "in"), "-o", str(out)]) == 0
    names = {r["name"] for r in query(capsys, "places", str(out)) if r["code"] == "141029"}
    assert names == {"鄉寧", "鄉寧縣"}
    for name in ("places", "funding"):
        q = load_query(name)
        fast, slow = run(q, graph=out), run(q, graph=out, engine="rdflib")
        assert sorted(plain_rows(fast)) == sorted(plain_rows(slow)), name


def test_a_place_written_short_and_full_across_a_corpus_has_one_label_per_language(tmp_path, capsys):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "short.txt").write_text(ARTICLE.format(title="鄉寧扶貧", body="鄉寧籌集資金4億余元。"), encoding="utf-8")
    (folder / "full.txt").write_text(ARTICLE.format(title="鄉寧縣扶貧", body="鄉寧縣籌集資金3億元。"), encoding="utf-8")
    out = tmp_path / "corpus.trig"
    assert main(["build", str(folder), "-o", str(out)]) == 0
    import pyoxigraph as ox

    data = ox.Store()
    data.load(path=str(out), format=ox.RdfFormat.TRIG)
    county = ox.NamedNode("https://w3id.org/fupin-kg/id/place/141029")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    labels = [(q.object.language, q.object.value) for q in data.quads_for_pattern(county, label, None, None)]
    assert len({lang for lang, _ in labels}) == len(labels) == 3  # one per language (pinyin the third)
    assert {("zh-hans", "乡宁县"), ("zh-hant", "鄉寧縣")} <= set(labels)
    written = sorted(r["name"] for r in query(capsys, "places", str(out)) if r["code"] == "141029")
    assert written == ["鄉寧縣"]  # one row, the fullest form the corpus writes
