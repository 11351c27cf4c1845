"""kg.viz.corpus (the folded entity view), kg.viz.geo (the map's data) and the packaged
province outlines, without a browser."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.rdf.files import load_graph
from kg.viz.corpus import corpus_data, narrow
from kg.viz.corpus_page import render_corpus_html
from kg.viz.entities import ViewError
from kg.viz.geo import BOUNDARIES, map_data, render_map_html
from kg.viz.page import external_resources

FIXTURES = Path(__file__).resolve().parent / "fixtures"
JI = "id:place/141028000000"


@pytest.fixture(scope="module")
def mini():
    return corpus_data(load_graph(FIXTURES / "view-mini.ttl"))


def node(corpus, i):
    return next(d for d in corpus.nodes if d["id"] == i)


def test_only_entities_become_nodes(mini):
    assert {d["kind"] for d in mini.nodes} == {"document", "initiative", "organisation", "person", "province",
                                              "city", "county"}
    assert not any("/amount/" in d["id"] or "/stat/" in d["id"] for d in mini.nodes)


def test_facts_are_folded_into_places_and_initiatives(mini):
    ji = node(mini, JI)
    assert ji["funding"] == 586712900.0
    assert dict(ji["facts"]) == {"資金": "2017: 5.87億元", "認定": "深度貧困縣", "摘帽年份": "2017",
                                 "統計": "貧困戶 1200戶 (2017)"}
    assert dict(node(mini, "id:initiative/guang-fu-fu-pin-gong-cheng")["facts"])["實施地點"] == "吉縣、隰縣"
    assert dict(node(mini, "id:person/141028/yue-pu-yu")["facts"]) == {"職務": "吉縣縣委書記"}


def test_edges_count_articles_and_a_person_is_where_their_organisation_is(mini):
    pairs = {(e["from"], e["to"]): e for e in mini.edges}
    assert pairs[("id:person/141028/yue-pu-yu", JI)]["label"] == "吉縣縣委"
    assert all(e["articles"] == 1 for e in mini.edges)
    assert node(mini, "id:person/141028/yue-pu-yu")["places"] == sorted(
        ["id:place/140000000000", "id:place/141000000000", JI])


def test_narrow_to_a_place_in_either_script():
    corpus = corpus_data(load_graph(FIXTURES / "view-mini.ttl"))
    note = narrow(corpus, "隰县")  # simplified name, traditional graph
    assert {d["id"] for d in corpus.nodes} == {"id:place/141031000000", "id:initiative/guang-fu-fu-pin-gong-cheng"}
    assert note.startswith("only what is in or linked to 隰縣")
    with pytest.raises(ViewError, match="no place named"):
        narrow(corpus_data(load_graph(FIXTURES / "view-mini.ttl")), "北京")


def test_pages_are_offline_and_marked(mini):
    g = load_graph(FIXTURES / "view-mini.ttl")
    for page in (render_corpus_html(mini, title="t"), render_map_html(map_data(g), title="t")):
        assert '<meta name="generator" content="fupin-kg">' in page
        assert external_resources(page) == []
        assert "</script><script>" not in page.split("const KG_DATA", 1)[1].split("</script>", 1)[0]


def test_map_data_places_with_coordinates():
    data = map_data(load_graph(FIXTURES / "view-mini.ttl"))
    ji = next(p for p in data["places"] if p["id"] == JI)
    assert (round(ji["lat"], 1), round(ji["lon"], 1)) == (36.1, 110.7)
    assert "5.87億元" in ji["tip"] and (len(data["places"]), data["missing"]) == (1, 3)


def test_packaged_province_outlines():
    data = json.loads(BOUNDARIES.read_text(encoding="utf-8"))
    assert BOUNDARIES.stat().st_size < 1_500_000
    assert len(data["provinces"]) == 34 and "MIT" in data["licence"]
    assert (BOUNDARIES.parent / "LICENSE-data").is_file()
    names = {p["name"] for p in data["provinces"]}
    assert {"山西", "新疆", "北京", "海南"} <= names
    for p in data["provinces"]:
        for ring in p["rings"]:
            assert len(ring) >= 4
            assert all(73 <= x <= 136 and 3 <= y <= 54 for x, y in ring), p["name"]
