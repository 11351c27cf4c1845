"""pyvis rendering of a kg.view.View into one self-contained, offline HTML page.

pyvis collects the nodes, edges and vis-network options; the page is written from
our own template rather than pyvis's, because pyvis's template links Bootstrap from
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
from pathlib import Path

from kg.view import View, shorten

VIS_VERSION = "9.1.2"
EXTERNAL = re.compile(r"""(?:\b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//)"""
                      r"""|(?:url\(\s*["']?\s*(?:https?:)?//)|(?:@import)""", re.I)

# Tuned on the seed graph (250 nodes): ~100 iterations give a readable layout; the page
# then switches physics off, so the view settles once and stays still.
PHYSICS = {
    "solver": "forceAtlas2Based",
    "forceAtlas2Based": {"gravitationalConstant": -45, "centralGravity": 0.012, "springLength": 80,
                         "springConstant": 0.09, "damping": 0.55, "avoidOverlap": 0},
    "maxVelocity": 80, "minVelocity": 1.5, "timestep": 0.9,
    "stabilization": {"enabled": True, "iterations": 100, "updateInterval": 25, "fit": True},
}
OPTIONS = {
    "physics": PHYSICS,
    "layout": {"improvedLayout": False, "randomSeed": 7},
    "nodes": {"font": {"size": 13, "strokeWidth": 3, "strokeColor": "#ffffff"}, "borderWidth": 1},
    "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.45}}, "smooth": False,
              "color": {"color": "#b0b0b0", "highlight": "#444444", "hover": "#666666"},
              "font": {"size": 9, "color": "#666666", "strokeWidth": 2, "align": "middle"}},
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
    import pyvis

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
    from pyvis.network import Network

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
    e = html.escape
    sources = "".join(f"<li>{e(s)}</li>" for s in view.sources)
    notes = "".join(f"<li>{e(n)}</li>" for n in view.notes)
    summary = (f"{view.graph.number_of_nodes()} / {view.total_entities} entities, "
               f"{view.graph.number_of_edges()} links")
    parts = {
        "LANG": e(view.script if view.lang != "en" else "en"), "TITLE": e(title), "VIS_CSS": css,
        "VIS_JS": js, "DATA": script_json(data), "SUMMARY": e(summary), "SOURCES": sources,
        "NOTES": notes, "APP_JS": APP_JS,
    }
    page = re.sub(r"@@([A-Z_]+)@@", lambda m: parts[m.group(1)], TEMPLATE)
    return page


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

TEMPLATE = """<!DOCTYPE html>
<html lang="@@LANG@@">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>@@TITLE@@</title>
<style>@@VIS_CSS@@</style>
<style>
html, body { margin: 0; height: 100%; font-family: "Noto Sans CJK TC", "Noto Sans CJK SC", "PingFang TC", "Microsoft JhengHei", sans-serif; font-size: 13px; color: #222; }
#app { display: flex; height: 100%; }
#side { width: 260px; padding: 10px; overflow-y: auto; border-right: 1px solid #ddd; background: #fafafa; box-sizing: border-box; }
#network { flex: 1; height: 100%; }
h1 { font-size: 16px; margin: 0 0 6px; }
h2 { font-size: 13px; margin: 12px 0 4px; }
ul { margin: 2px 0; padding-left: 16px; }
#notes li { color: #8a4b00; }
.legend-row { display: flex; align-items: center; gap: 6px; margin: 2px 0; cursor: pointer; }
.swatch { width: 12px; height: 12px; display: inline-block; border: 1px solid #0003; }
.swatch.dot { border-radius: 50%; } .swatch.diamond, .swatch.star { transform: rotate(45deg); }
.swatch.triangle, .swatch.triangleDown { clip-path: polygon(50% 0, 100% 100%, 0 100%); }
.count { color: #888; margin-left: auto; }
select, input { width: 100%; box-sizing: border-box; margin: 2px 0; }
div.vis-tooltip { white-space: normal; max-width: 420px; line-height: 1.45; }
div.vis-tooltip mark { background: #ffe28a; }
#status { color: #888; margin-top: 8px; }
</style>
</head>
<body>
<div id="app">
<div id="side">
<h1>@@TITLE@@</h1>
<div id="summary">@@SUMMARY@@</div>
<ul id="sources">@@SOURCES@@</ul>
<ul id="notes">@@NOTES@@</ul>
<h2 id="h-types"></h2><div id="legend"></div>
<h2 id="h-place"></h2><select id="place"></select>
<h2 id="h-find"></h2><input id="find" list="labels" autocomplete="off"><datalist id="labels"></datalist>
<button id="reset" type="button"></button>
<div id="status"></div>
</div>
<div id="network"></div>
</div>
<script>@@VIS_JS@@</script>
<script>
const KG_DATA = @@DATA@@;
@@APP_JS@@
</script>
</body>
</html>
"""

APP_JS = r"""
(function () {
  "use strict";
  const D = KG_DATA, W = D.words;
  const $ = (id) => document.getElementById(id);
  const tip = (markup) => { const d = document.createElement("div"); d.innerHTML = markup; return d; };
  const nodes = new vis.DataSet(D.nodes.map((n) => Object.assign({}, n, { title: tip(n.title) })));
  const edges = new vis.DataSet(D.edges);
  const hidden = new Set();
  let place = "";
  const shown = new vis.DataView(nodes, {
    filter: (n) => !hidden.has(n.kind) && (!place || n.places.indexOf(place) >= 0),
  });
  window.__kgStartMs = performance.now();
  const network = new vis.Network($("network"), { nodes: shown, edges: edges }, D.options);
  window.network = network;
  window.kgView = { nodes: nodes, edges: edges, shown: shown };
  const done = () => {
    network.setOptions({ physics: { enabled: false } });
    window.__kgStabilisedMs = performance.now();
    $("status").textContent = W.settled + " " + Math.round(window.__kgStabilisedMs) + " ms";
  };
  $("status").textContent = W.settling;
  if (D.nodes.length === 0) done(); else network.once("stabilizationIterationsDone", done);

  $("h-types").textContent = W.types; $("h-place").textContent = W.place;
  $("h-find").textContent = W.find; $("reset").textContent = W.reset;
  for (const item of D.legend) {
    const row = document.createElement("label");
    row.className = "legend-row";
    const box = document.createElement("input");
    box.type = "checkbox"; box.checked = true; box.style.width = "auto"; box.dataset.kind = item.kind;
    box.addEventListener("change", () => {
      if (box.checked) hidden.delete(item.kind); else hidden.add(item.kind);
      shown.refresh();
    });
    const sw = document.createElement("span");
    sw.className = "swatch " + item.shape; sw.style.background = item.color;
    const name = document.createElement("span");
    name.textContent = item.label;
    name.title = item.kind;
    name.addEventListener("click", (ev) => {  // the name selects that type's nodes
      ev.preventDefault();
      network.selectNodes(shown.getIds({ filter: (n) => n.kind === item.kind }));
    });
    const count = document.createElement("span");
    count.className = "count"; count.textContent = String(item.count);
    row.append(box, sw, name, count);
    $("legend").appendChild(row);
  }
  $("place").appendChild(new Option(W.all, ""));
  for (const [id, label] of D.places) $("place").appendChild(new Option(label, id));
  $("place").addEventListener("change", () => {
    place = $("place").value; shown.refresh(); network.fit();
  });
  const byLabel = new Map();
  for (const n of D.nodes) {
    if (!byLabel.has(n.label)) byLabel.set(n.label, n.id);
    const opt = document.createElement("option"); opt.value = n.label; $("labels").appendChild(opt);
  }
  $("find").addEventListener("change", () => {
    const id = byLabel.get($("find").value);
    if (id !== undefined && shown.get(id)) {
      network.selectNodes([id]);
      network.focus(id, { scale: 1.3, animation: { duration: 400 } });
    }
  });
  $("reset").addEventListener("click", () => {
    hidden.clear(); place = ""; $("place").value = "";
    for (const b of document.querySelectorAll("#legend input")) b.checked = true;
    shown.refresh(); network.unselectAll(); network.fit();
  });
})();
"""
