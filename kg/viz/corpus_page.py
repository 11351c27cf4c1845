"""The HTML page of a corpus's entity view (kg.viz.corpus): one self-contained, offline file.

Same safety rules as kg.viz.page: tooltips are HTML built here with every string escaped,
data enters as JSON inside <script> (script_json), and the page script fills menus and
panels through textContent. The page draws at most `max_nodes` entities at a time, picked
by rank (articles, balanced across kinds so people, initiatives and documents are not
squeezed out by places); the search box reaches every entity, drawn or not.
"""
from __future__ import annotations

import html
import math
from pathlib import Path

from kg.viz.corpus import KINDS, Corpus
from kg.viz.entities import shorten
from kg.viz.page import script_json, template, vis_assets

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS_NODES = 300
# Share of the drawn nodes each family gets before others fill the rest (ranks interleave).
SHARES = {"place": 0.35, "person": 0.25, "organisation": 0.12, "initiative": 0.16, "document": 0.12}
FAMILY = {k: ("place" if k in ("province", "city", "county", "township", "village") else k) for k in KINDS}
LABEL_PX = 12  # vis draws a label only when it is at least this many screen pixels (minus one)

# forceAtlas2 with avoidOverlap: nodes push apart by their size, so squares and labels do not stack.
PHYSICS = {
    "solver": "forceAtlas2Based",
    "forceAtlas2Based": {"gravitationalConstant": -60, "centralGravity": 0.01, "springLength": 90,
                         "springConstant": 0.06, "damping": 0.6, "avoidOverlap": 0.9},
    "maxVelocity": 60, "minVelocity": 2, "timestep": 0.8,
    "stabilization": {"enabled": True, "iterations": 160, "updateInterval": 40, "fit": True},
}
OPTIONS = {
    "physics": PHYSICS,
    "layout": {"improvedLayout": False, "randomSeed": 7},
    "nodes": {"font": {"size": 14, "strokeWidth": 4, "strokeColor": "#ffffff", "color": "#111111"},
              "borderWidth": 1,
              "scaling": {"label": {"enabled": False, "drawThreshold": LABEL_PX, "maxVisible": 26}}},
    "edges": {"smooth": False, "arrows": {"to": {"enabled": False}},
              "color": {"color": "#9a9a9a", "highlight": "#222222", "hover": "#444444", "opacity": 0.7}},
    "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": True},
}
UI = {
    "en": {"types": "Kinds", "place": "Place", "all": "(all places)", "find": "Find any entity",
           "reset": "Show all", "settling": "laying out…", "settled": "ready in", "shown": "shown",
           "of": "of", "size": "Node size: number of articles; edge width: number of articles stating the link.",
           "articles": "Articles", "map": "Map of places", "view": "Entity view", "facts": "--facts shows "
           "funding amounts and statistics as nodes"},
    "zh-Hant": {"types": "類別", "place": "地點", "all": "(全部地點)", "find": "查找任一實體",
                "reset": "全部顯示", "settling": "佈局中…", "settled": "完成於", "shown": "顯示",
                "of": "/", "size": "節點大小：報道篇數；連線粗細：陳述該關係的報道篇數。",
                "articles": "報道", "map": "地點地圖", "view": "實體圖", "facts": "--facts 以節點顯示資金與統計"},
    "zh-Hans": {"types": "类别", "place": "地点", "all": "(全部地点)", "find": "查找任一实体",
                "reset": "全部显示", "settling": "布局中…", "settled": "完成于", "shown": "显示",
                "of": "/", "size": "节点大小：报道篇数；连线粗细：陈述该关系的报道篇数。",
                "articles": "报道", "map": "地点地图", "view": "实体图", "facts": "--facts 以节点显示资金与统计"},
}


def ui_words(lang: str) -> dict[str, str]:
    return UI.get(lang, UI["en"])


def _tip(title: str, rows: list[tuple[str, str]]) -> str:
    e = html.escape
    return "<br>".join([f"<b>{e(title)}</b>"] + [f"{e(name)}: {e(text)}" for name, text in rows])


def rank(corpus: Corpus) -> None:
    """Order nodes so the first N drawn hold each family's best in proportion to SHARES."""
    seen: dict[str, int] = {}
    keyed = []
    for d in corpus.nodes:  # already sorted by article count
        fam = FAMILY[d["kind"]]
        i = seen.get(fam, 0)
        seen[fam] = i + 1
        keyed.append(((i + 0.5) / SHARES.get(fam, 0.1), d["id"], d))
    for r, (_, _, d) in enumerate(sorted(keyed, key=lambda k: (k[0], k[1]))):
        d["rank"] = r


def page_data(corpus: Corpus, *, max_nodes: int) -> dict:
    """What the page script reads (KG_DATA)."""
    rank(corpus)
    colors = {k: (c, s) for k, (_, c, s) in KINDS.items()}
    kind_label = {e["kind"]: e["label"] for e in corpus.legend}
    words = ui_words(corpus.lang)
    index = {a: i for i, a in enumerate(corpus.articles)}  # articles by number: a smaller page
    nodes = []
    for d in sorted(corpus.nodes, key=lambda d: d["rank"]):
        color, shape = colors[d["kind"]]
        a = d["articles"]
        rows = [(kind_label[d["kind"]], f"{a} {words['articles']}")] + [tuple(r) for r in d["facts"]]
        nodes.append({"id": d["id"], "label": d["label"], "full": d["full"], "kind": d["kind"], "rank": d["rank"],
                      "color": color, "shape": shape, "size": round(9 + 5 * math.sqrt(min(a, 80)), 1),
                      "font": {"size": round(min(16 + 3 * math.sqrt(a), 36), 1)},
                      "places": d["places"], "title": _tip(d["full"], rows),
                      "ev": [[index.get(a, a), t] for a, t in d["evidence"][:2]],
                      "srcs": [index.get(a, a) for a in d["srcs"][:20]]})
    edges = []
    for i, e in enumerate(corpus.edges):
        n = e["articles"]
        rows = [(e["label"], f"{n} {words['articles']}")] + [("", shorten(s, 90)) for _, s in e["evidence"][:1]]
        edges.append({"id": f"e{i}", "from": e["from"], "to": e["to"], "width": round(1 + 1.6 * math.log2(n), 2),
                      "title": _tip(e["label"], rows[:1]) + "".join(f"<br>「{html.escape(s)}」" for _, s in rows[1:])})
    return {"nodes": nodes, "edges": edges, "legend": corpus.legend, "cap": max_nodes,
            "articles": list(corpus.articles.values()), "options": OPTIONS, "words": words,
            "places": sorted(((d["id"], d["full"]) for d in corpus.nodes if FAMILY[d["kind"]] == "place"),
                             key=lambda p: p[1])}


def render_corpus_html(corpus: Corpus, *, title: str, max_nodes: int = DEFAULT_CORPUS_NODES,
                       map_href: str | None = None, notes: list[str] | None = None) -> str:
    """The whole page as a string."""
    js, css = vis_assets()
    data = page_data(corpus, max_nodes=max_nodes)
    return template("corpus.html").render(
        lang=corpus.script if corpus.lang != "en" else "en", title=title, vis_css=css, vis_js=js,
        data=script_json(data), words=data["words"], map_href=map_href, notes=notes or [],
        app_js=(HERE / "static" / "corpus.js").read_text(encoding="utf-8"),
    )
