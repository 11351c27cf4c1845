"""The HTML page of a kg.viz.entities.View: one self-contained, offline file.

pyvis collects the nodes, edges and vis-network options; the page is written from
our own Jinja2 template (templates/page.html, with static/app.js) rather than pyvis's, because pyvis's template links Bootstrap from
a CDN even with cdn_resources="in_line" (pyvis issues #159, #228, #229). The
vis-network script and styles are inlined from pyvis's own package files.

Safety: tooltips are HTML built here (tooltip_html) with every data string escaped; all data
enters the page as JSON inside <script>, with < > & escaped as \\u003c \\u003e \\u0026 so
no string can close the script element. Labels are drawn on a canvas, and menus are
filled through the DOM (textContent), never innerHTML.
"""
from __future__ import annotations

import html
import json
import re
from functools import cache
from pathlib import Path

from kg.viz.entities import View, shorten

HERE = Path(__file__).resolve().parent
VIS_VERSION = "9.1.2"
EXTERNAL = re.compile(r"""(?:\b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//)"""
                      r"""|(?:url\(\s*["']?\s*(?:https?:)?//)|(?:@import)""", re.I)

# Tuned on the seed graph (250 nodes): ~100 iterations give a readable layout; the page
# then switches physics off, so the view settles once and stays still.
PHYSICS = {
    "solver": "forceAtlas2Based",
    "forceAtlas2Based": {"gravitationalConstant": -45, "centralGravity": 0.012, "springLength": 80,
                         "springConstant": 0.09, "damping": 0.55, "avoidOverlap": 0.6},
    "maxVelocity": 80, "minVelocity": 1.5, "timestep": 0.9,
    "stabilization": {"enabled": True, "iterations": 100, "updateInterval": 25, "fit": True},
}
OPTIONS = {
    "physics": PHYSICS,
    "layout": {"improvedLayout": False, "randomSeed": 7},
    # A label is drawn only when it is at least 11 screen pixels (drawThreshold minus one).
    "nodes": {"font": {"size": 16, "strokeWidth": 3, "strokeColor": "#ffffff"}, "borderWidth": 1,
              "scaling": {"label": {"enabled": False, "drawThreshold": 12, "maxVisible": 26}}},
    "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.45}}, "smooth": False,
              "color": {"color": "#b0b0b0", "highlight": "#444444", "hover": "#666666"},
              "font": {"size": 12, "color": "#666666", "strokeWidth": 2, "align": "middle"},
              "scaling": {"label": {"drawThreshold": 12}}},
    "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": True, "multiselect": True},
}


def script_json(value) -> str:
    """JSON that is safe inside a <script> element (no `</script>`, no `<!--`)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def vis_assets() -> tuple[str, str]:
    """vis-network's script and style sheet, read from the installed pyvis package."""
    import pyvis  # lazy: pyvis (and its Jinja2 templates) only load to write a page

    lib = Path(pyvis.__file__).parent / "lib" / f"vis-{VIS_VERSION}"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    if "</script" in js.lower() or "</style" in css.lower():  # pragma: no cover - a changed pyvis
        raise RuntimeError("vis-network assets cannot be inlined safely")
    return js, css


def tooltip_html(rows: list[tuple]) -> str:
    """A node's tooltip rows (kg.view.tooltip) as HTML, every string escaped."""
    e = html.escape
    out = [f"<b>{e(rows[0][1])}</b>"] if rows else []
    for name, text in rows[1:]:
        if isinstance(text, tuple):
            before, quoted, after = text
            text_html = f"{e(before)}<mark>{e(quoted)}</mark>{e(after)}"
        else:
            text_html = e(str(text))
        out.append(f"{e(name)}: {text_html}")
    return "<br>".join(out)


def network_data(view: View) -> dict:
    """Nodes, edges and options as pyvis prepares them for vis-network."""
    from pyvis.network import Network  # lazy: as above

    net = Network(directed=True, cdn_resources="in_line")
    for n, d in view.graph.nodes(data=True):
        net.add_node(n, label=shorten(d["label"]), title=tooltip_html(d["tip"]), color=d["color"], shape=d["shape"],
                     size=d["size"], kind=d["kind"], places=d["places"])
    for i, (s, o, key, d) in enumerate(view.graph.edges(keys=True, data=True)):
        net.add_edge(s, o, id=f"e{i}", label=d["label"], title=f"{d['label']} ({key})")
    net.options = OPTIONS
    nodes, edges, _, _, _, options = net.get_network_data()
    return {"nodes": nodes, "edges": edges, "options": json.loads(options)}


def render_html(view: View, *, title: str = "fupin-kg") -> str:
    """The whole page as a string."""
    js, css = vis_assets()
    data = network_data(view)
    data.update(legend=view.legend, places=view.places,
                words=UI_WORDS["en" if view.lang == "en" else view.lang])
    summary = (f"{view.graph.number_of_nodes()} / {view.total_entities} entities, "
               f"{view.graph.number_of_edges()} links")
    return template("page.html").render(
        lang=view.script if view.lang != "en" else "en", title=title, vis_css=css, vis_js=js,
        data=script_json(data), summary=summary, sources=view.sources, notes=view.notes,
        app_js=(HERE / "static" / "app.js").read_text(encoding="utf-8"),
    )


@cache
def _environment():
    """The Jinja2 environment of templates/; data strings are escaped by its `html` filter (html.escape)."""
    import jinja2  # lazy: Jinja2 (it comes with pyvis) only loads to write a page

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=False,
                             keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    env.filters["html"] = html.escape
    return env


def template(name: str):
    """templates/NAME (page.html, corpus.html, map.html), from the one environment."""
    return _environment().get_template(name)


def external_resources(page: str) -> list[str]:
    """Attributes, url() or @import in the page that would fetch from the network."""
    return [m.group(0) for m in EXTERNAL.finditer(page)]


UI_WORDS = {
    "en": {"types": "Types", "place": "Place", "all": "(all places)", "find": "Find",
           "reset": "Show all", "settling": "settling…", "settled": "settled in"},
    "zh-Hant": {"types": "類別", "place": "地點", "all": "(全部地點)", "find": "查找",
                "reset": "全部顯示", "settling": "佈局中…", "settled": "佈局完成"},
    "zh-Hans": {"types": "类别", "place": "地点", "all": "(全部地点)", "find": "查找",
                "reset": "全部显示", "settling": "布局中…", "settled": "布局完成"},
}
