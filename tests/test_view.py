"""RDF → networkx conversion (kg.view), the HTML it renders to (kg.render), `kg viz`
and `kg stats`, on a hand-made fixture so that extraction quality does not matter."""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from kg.cli import main
from kg.model.namespaces import NIF
from kg.rdf.files import load_graph
from kg.viz.page import external_resources, render_html, script_json, tooltip_html, vis_assets
from kg.viz.stats import entity_stats, render_stats
from kg.viz.selection import build_view
from kg.viz.entities import ViewError, ViewOptions, convert, format_amount, format_quantity

MINI = Path(__file__).parent / "fixtures" / "view-mini.ttl"
ID = "https://w3id.org/fupin-kg/id/"
IMG_PROBE = "<img src=x onerror=alert(1)>"
SCRIPT_PROBE = "</script><script>window.__pwned=1</script>"

JI = "id:place/141028000000"
XI = "id:place/141031000000"
LINFEN = "id:place/141000000000"
SHANXI = "id:place/140000000000"
PERSON = "id:person/141028/yue-pu-yu"
POST = "id:post/141028-party/shu-ji"
PARTY = "id:org/141028-party"
AMOUNT = "id:article/mini/amount/8-15"
STAT = "id:article/mini/stat/30-36"
SHARE = "id:article/mini/share/40-44"
MEETING = "id:article/mini/event/50-60"
PROGRAMME = "id:initiative/guang-fu-fu-pin-gong-cheng"
DOCUMENT = "id:document/tuo-pin-gui-hua"
CONCEPT = "id:concept/designation/shen-du-pin-kun-xian"
NEWS = "id:org/news/lin-fen-xin-wen-wang"
ENTITIES = {JI, XI, LINFEN, SHANXI, PERSON, POST, PARTY, AMOUNT, STAT, SHARE, MEETING, PROGRAMME,
            DOCUMENT, CONCEPT, NEWS}
EDGES = {
    (LINFEN, SHANXI, "fupin:partOf"), (JI, LINFEN, "fupin:partOf"), (XI, LINFEN, "fupin:partOf"),
    (JI, CONCEPT, "fupin:designatedAs"), (PERSON, POST, "org:holds"), (PERSON, PARTY, "org:memberOf"),
    (POST, PARTY, "org:postIn"), (PARTY, JI, "dcterms:spatial"), (AMOUNT, JI, "dcterms:spatial"),
    (STAT, JI, "dcterms:spatial"), (SHARE, JI, "dcterms:spatial"), (MEETING, LINFEN, "schema:location"),
    (MEETING, PARTY, "schema:organizer"), (PROGRAMME, JI, "fupin:carriedOutIn"),
    (PROGRAMME, XI, "fupin:carriedOutIn"), (DOCUMENT, PARTY, "schema:publisher"),
}


@pytest.fixture(scope="module")
def mini():
    return load_graph(MINI)


@pytest.fixture(scope="module")
def view(mini):
    return build_view(mini)


def tip(view, node) -> str:
    return tooltip_html(view.graph.nodes[node]["tip"])


def probed(mini):
    """The fixture with the XSS probes in a label, a place name and a quote."""
    g = load_graph(MINI)
    g.set((URIRef(ID + "person/141028/yue-pu-yu"), RDFS.label, Literal("岳普煜" + IMG_PROBE, lang="zh-Hant")))
    g.set((URIRef(ID + "place/141028000000"), RDFS.label, Literal("吉縣" + SCRIPT_PROBE, lang="zh-Hant")))
    g.set((URIRef(ID + "article/mini/text#char=19,22"), NIF.anchorOf, Literal(IMG_PROBE + SCRIPT_PROBE)))
    return g


# --- conversion ---------------------------------------------------------------------
def test_entities_become_nodes_and_plumbing_is_hidden(view):
    assert set(view.graph) == ENTITIES
    assert view.total_entities == 15


def test_entity_links_become_edges_with_ontology_labels(view):
    assert set(view.graph.edges(keys=True)) == EDGES
    assert view.graph.number_of_edges() == len(EDGES)
    assert view.graph.edges[JI, LINFEN, "fupin:partOf"]["label"] == "隸屬於"  # the articles' script


def test_english_edge_and_type_labels(mini):
    G = convert(mini, lang="en").graph
    assert G.edges[JI, LINFEN, "fupin:partOf"]["label"] == "part of"
    assert G.nodes[JI]["type_label"] == "county"


def test_plumbing_option_shows_provenance_and_time(mini):
    G = convert(mini, plumbing=True).graph
    assert {"id:article/mini", "id:time/2017", "id:role/shu-ji"} <= set(G)
    assert (AMOUNT, "id:time/2017", "dcterms:temporal") in set(G.edges(keys=True))


def test_hidden_nodes_are_counted_in_a_note(view):
    assert view.notes == ["hidden provenance, time and role nodes (kg viz --plumbing shows them): "
                          "短語 2, 句子 2, 全文 1, 時刻 1, 時段 1, 職位 1, 新聞報道 1"]


def test_literals_and_folded_objects_are_attributes(view):
    amount = view.graph.nodes[AMOUNT]
    assert amount["label"] == "5.87億元"
    assert amount["kind"] == "amount" and amount["shape"] == "dot"
    tip_ = tip(view, AMOUNT)
    assert "數值: 5.87億元 (586,712,900 CNY)" in tip_
    assert "用途: 光伏扶貧投資" in tip_ and "時間: 2017" in tip_  # the time node folded in
    assert "原文: 吉縣光伏扶貧投資<mark>5.87億元</mark>。" in tip_
    assert "出處: 吉縣光伏扶貧成效顯著" in tip_
    assert "約數" not in tip_  # approximate=false says nothing


def test_place_tooltip_has_simplified_pinyin_type_and_values(view):
    tip_ = tip(view, JI)
    assert tip_.startswith("<b>吉縣</b><br>簡體: 吉县<br>拼音: jí xiàn<br>類別: 縣<br>")
    assert "摘帽年份: 2017" in tip_ and "行政區劃代碼: 141028000000" in tip_
    assert "類型: 光伏扶貧" in tip(view, PROGRAMME)  # measure type from the ontology
    assert "職位: 書記" in tip(view, POST)  # the role node folded in


def test_labels_are_in_the_articles_script(view):
    labels = {n: d["label"] for n, d in view.graph.nodes(data=True)}
    assert labels[PARTY] == "吉縣縣委" and labels[STAT] == "貧困戶 1200戶" and labels[SHARE].endswith(" 3.5%")


def test_size_follows_centrality(view):
    sizes = {n: d["size"] for n, d in view.graph.nodes(data=True)}
    assert max(sizes, key=sizes.get) == JI
    assert sizes[NEWS] == min(sizes.values())  # isolated


def test_places_attribute_climbs_part_of(view):
    places = {n: set(d["places"]) for n, d in view.graph.nodes(data=True)}
    assert places[JI] == {JI, LINFEN, SHANXI}
    assert places[PERSON] == {JI, LINFEN, SHANXI}  # person → committee → 吉縣
    assert places[PROGRAMME] == {JI, XI, LINFEN, SHANXI}
    assert places[NEWS] == set()


@pytest.mark.parametrize("value, script, text", [
    ("586712900", "zh-Hant", "5.87億元 (586,712,900 CNY)"),
    ("586712900", "zh-Hans", "5.87亿元 (586,712,900 CNY)"),
    ("1000000", "zh-Hant", "100萬元 (1,000,000 CNY)"),
    ("1234.5", "zh-Hant", "1234.5元 (1,234.5 CNY)"),
])
def test_format_amount(value, script, text):
    assert format_amount(Decimal(value), script) == text


def test_format_quantity():
    assert format_quantity(Decimal("36000"), "人", "zh-Hans") == "3.6万人"
    assert format_quantity(Decimal("80"), "%", "zh-Hant") == "80%"


# --- selection ----------------------------------------------------------------------
def test_cap_keeps_the_most_central(mini):
    v = build_view(mini, ViewOptions(max_nodes=3))
    assert set(v.graph) == {JI, PARTY, LINFEN}
    assert v.notes[-1].startswith("showing the 3 most central of 15 entities")


@pytest.mark.parametrize("focus", ["岳普煜", PERSON, ID + "person/141028/yue-pu-yu"])
def test_focus_is_an_ego_graph(mini, focus):
    v = build_view(mini, ViewOptions(focus=focus, depth=1))
    assert set(v.graph) == {PERSON, POST, PARTY}
    assert "only entities within 1 step(s) of 岳普煜: 12 left out" in v.notes


def test_focus_survives_the_cap(mini):
    v = build_view(mini, ViewOptions(focus="臨汾新聞網", depth=3, max_nodes=1))
    assert set(v.graph) == {NEWS}


def test_focus_by_simplified_label_and_depth(mini):
    assert set(build_view(mini, ViewOptions(focus="吉县县委", depth=0)).graph) == {PARTY}
    assert set(build_view(mini, ViewOptions(focus="吉县县委", depth=1)).graph) == {
        PARTY, PERSON, POST, JI, MEETING, DOCUMENT}


def test_unknown_focus_is_a_view_error(mini):
    with pytest.raises(ViewError, match="no entity named '吉'.*similar: .*id:place/141028000000"):
        build_view(mini, ViewOptions(focus="吉"))


def test_place_subgraph(mini):
    v = build_view(mini, ViewOptions(place="隰縣"))
    assert set(v.graph) == {XI, PROGRAMME}
    assert set(build_view(mini, ViewOptions(place="臨汾市")).graph) == ENTITIES - {SHANXI, NEWS}
    with pytest.raises(ViewError, match="no place named '岳普煜'"):
        build_view(mini, ViewOptions(place="岳普煜"))


def test_types_include_subclasses(mini):
    assert set(build_view(mini, ViewOptions(types=("Person",))).graph) == {PERSON}
    assert set(build_view(mini, ViewOptions(types=("County", "會議"))).graph) == {JI, XI, MEETING}
    places = set(build_view(mini, ViewOptions(types=("fupin:AdministrativeArea",))).graph)
    assert places == {JI, XI, LINFEN, SHANXI}
    with pytest.raises(ViewError, match="unknown type 'Foo'"):
        build_view(mini, ViewOptions(types=("Foo",)))


def test_legend_and_place_menu(view):
    county = next(e for e in view.legend if e["kind"] == "county")
    assert county == {"kind": "county", "label": "縣", "color": "#E69F00", "shape": "square", "count": 2}
    assert [label for _, label in view.places] == sorted(["吉縣", "隰縣", "臨汾市", "山西省"])


# --- rendering: offline and safe ------------------------------------------------------
def test_page_is_self_contained(view):
    page = render_html(view)
    assert external_resources(page) == []
    js, css = vis_assets()
    assert js in page and css in page  # inlined from pyvis's package files
    ours = page.replace(js, "").replace(css, "")
    assert re.findall(r"https?://", ours) == []  # node ids are compact IRIs
    assert "<script src" not in page and "<link" not in page


def test_external_resources_detects_remote_assets():
    assert external_resources('<script src="https://cdn.example/x.js"></script>') != []
    assert external_resources('<link href="//cdn.example/x.css">') != []
    assert external_resources("a { background: url('http://x/y.png') }") != []
    assert external_resources('<svg xmlns="http://www.w3.org/2000/svg">') == []


def test_script_json_cannot_close_the_script():
    text = script_json({"t": SCRIPT_PROBE + "<!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert "\\u003c/script\\u003e" in text


def test_probes_are_escaped_in_tooltips_and_page(mini):
    v = build_view(probed(mini))
    person = v.graph.nodes[PERSON]
    assert person["label"] == "岳普煜" + IMG_PROBE  # drawn on a canvas, as text
    person_tip = tip(v, PERSON)
    assert "&lt;img src=x onerror=alert(1)&gt;" in person_tip
    assert "<img" not in person_tip and "</script" not in person_tip
    assert "&lt;/script&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;</mark>" in person_tip  # the quote
    page = render_html(v)
    assert IMG_PROBE not in page and SCRIPT_PROBE not in page
    assert page.lower().count("</script>") == 2  # vis-network's and ours


def test_render_counts_match_the_view(view):
    from kg.viz.page import network_data

    data = network_data(view)
    assert len(data["nodes"]) == 15 and len(data["edges"]) == 16
    assert {(e["from"], e["to"]) for e in data["edges"]} == {(s, o) for s, o, _ in EDGES}


# --- command line ---------------------------------------------------------------------
def test_kg_viz_writes_the_page(tmp_path, capsys):
    out = tmp_path / "v.html"
    assert main(["viz", str(MINI), "-o", str(out), "--focus", "岳普煜", "--depth", "1"]) == 0
    err = capsys.readouterr().err
    assert re.match(rf"wrote {re.escape(str(out))}: 3 nodes, 3 edges of 15 entities \(\d+\.\d s\)\n", err)
    assert "note: only entities within 1 step(s) of 岳普煜: 12 left out" in err
    assert external_resources(out.read_text(encoding="utf-8")) == []


def test_kg_viz_user_errors(tmp_path, capsys):
    out = tmp_path / "v.html"
    assert main(["viz", str(MINI), "-o", str(out), "--place", "火星"]) == 1
    assert capsys.readouterr().err == (f"error: {MINI}: no place named '火星' in the graph — "
                                       "see `kg stats` for the entities in the graph\n")
    assert main(["viz", str(MINI), "-o", str(out), "--lang", "fr"]) == 1
    assert capsys.readouterr().err == "error: unknown --lang 'fr' — use --lang zh or --lang en\n"
    assert not out.exists()


def test_stats_components_and_centrality(mini):
    s = entity_stats(mini, top=3)
    assert s["entities"] == 15 and s["links"] == 16
    assert s["components"] == [14, 1]
    assert [row[0] for row in s["degree"]] == [JI, PARTY, LINFEN]
    assert s["betweenness"][0][:3] == (JI, "吉縣", "fupin:County")


def test_render_stats_text():
    text = render_stats(MINI)
    assert "entity graph: 15 entities, 16 links, 2 connected component(s); sizes: 14, 1" in text
    assert "top entities by degree centrality\nrank\tscore\tentity\tlabel\tclass\n1\t" in text
    assert "fupin:County\t2" in text  # class counts stay
