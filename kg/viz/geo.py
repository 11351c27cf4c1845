"""The offline map of places (`kg map`): province outlines from the packaged boundary file
(data/provinces.json, see data/make_provinces.py and LICENSE-data) drawn as inline SVG by
static/map.js, and a marker for every place with coordinates (geo:lat/geo:long, the same
places as the `places-map` saved query), sized by total funding or by number of articles.

`map_data(g)` is the one function that reads the graph; `render_map_html` writes the page.
Same safety rules as kg.viz.page: strings are escaped into the tooltip HTML here, data
enters as script_json, and the page script uses textContent for everything else.
"""
from __future__ import annotations

import html
import json
from functools import cache
from pathlib import Path

from rdflib import Graph

from kg.viz.corpus import KINDS, PLACE_KINDS, corpus_data
from kg.viz.page import script_json, template

HERE = Path(__file__).resolve().parent
BOUNDARIES = HERE / "data" / "provinces.json"
MAP_UI = {
    "en": {"size": "Marker size", "funding": "total funding", "articles": "number of articles",
           "places": "places on the map", "nocoords": "without coordinates", "articlesOf": "Articles",
           "view": "Entity view", "map": "Map of places", "hint": "Hover a marker for its facts; click it "
           "for its articles. Wheel zooms, drag pans.", "source": "Outlines"},
    "zh-Hant": {"size": "標記大小", "funding": "資金總額", "articles": "報道篇數", "places": "個地點",
                "nocoords": "無坐標", "articlesOf": "報道", "view": "實體圖", "map": "地點地圖",
                "hint": "懸停標記看事實，點擊看報道；滾輪縮放，拖動平移。", "source": "邊界"},
    "zh-Hans": {"size": "标记大小", "funding": "资金总额", "articles": "报道篇数", "places": "个地点",
                "nocoords": "无坐标", "articlesOf": "报道", "view": "实体图", "map": "地点地图",
                "hint": "悬停标记看事实，点击看报道；滚轮缩放，拖动平移。", "source": "边界"},
}


@cache
def boundaries() -> dict:
    """The packaged province outlines."""
    return json.loads(BOUNDARIES.read_text(encoding="utf-8"))


def _tip(d: dict, kind_label: str, articles: dict[str, str]) -> str:
    e = html.escape
    rows = [f"<b>{e(d['full'])}</b>", f"{e(kind_label)} · {d['articles']}"]
    rows += [f"{e(name)}: {e(text)}" for name, text in d["facts"]]
    for art, sentence in d["evidence"][:2]:
        rows.append(f"<i>{e(articles.get(art, art))}</i>: 「{e(sentence)}」")
    return "<br>".join(rows)


def map_data(g: Graph, *, lang: str = "zh") -> dict:
    """Everything the map page shows, read from the loaded graph."""
    corpus = corpus_data(g, lang=lang)
    kind_label = {e["kind"]: e["label"] for e in corpus.legend}
    places, missing = [], 0
    index = {a: i for i, a in enumerate(corpus.articles)}  # articles by number: a smaller page
    for d in corpus.nodes:
        if d["kind"] not in PLACE_KINDS:
            continue
        if "lat" not in d:
            missing += 1
            continue
        places.append({"id": d["id"], "name": d["full"], "kind": d["kind"], "lat": d["lat"], "lon": d["lon"],
                       "articles": d["articles"], "funding": d["funding"], "color": KINDS[d["kind"]][1],
                       "tip": _tip(d, kind_label[d["kind"]], corpus.articles),
                       "ev": [[index.get(a, a), t] for a, t in d["evidence"]],
                       "srcs": [index.get(a, a) for a in d["srcs"][:30]]})
    places.sort(key=lambda p: (-p["articles"], p["id"]))
    legend = [e for e in corpus.legend if e["kind"] in PLACE_KINDS]
    return {"places": places, "missing": missing, "legend": legend, "articles": list(corpus.articles.values()),
            "lang": corpus.lang, "script": corpus.script,
            "provinces": [{"name": p["name"], "rings": p["rings"]} for p in boundaries()["provinces"]]}


def render_map_html(data: dict, *, title: str, view_href: str | None = None) -> str:
    """The map page as a string."""
    words = MAP_UI.get(data["lang"], MAP_UI["en"])
    payload = dict(data, words=words)
    return template("map.html").render(
        lang=data["script"] if data["lang"] != "en" else "en", title=title, words=words, view_href=view_href,
        source=boundaries()["source"], data=script_json(payload),
        app_js=(HERE / "static" / "map.js").read_text(encoding="utf-8"),
    )


def map_page(g: Graph, *, title: str, lang: str = "zh", view_href: str | None = None) -> tuple[str, dict]:
    """The map of a loaded graph: the page and its data."""
    data = map_data(g, lang=lang)
    return render_map_html(data, title=title, view_href=view_href), data
