(function () {
  "use strict";
  const D = KG_DATA, W = D.words;
  const $ = (id) => document.getElementById(id);
  const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; };
  const tip = (markup) => { const d = document.createElement("div"); d.innerHTML = markup; return d; };
  const byId = new Map(D.nodes.map((n) => [n.id, n]));
  const hiddenKinds = new Set(), revealed = new Set();
  let place = "", shownSet = new Set();

  function computeShown() {  // the best-ranked `cap` entities that pass the filters, plus what search revealed
    const set = new Set();
    for (const n of D.nodes) {  // D.nodes is in rank order
      if (set.size >= D.cap) break;
      if (!hiddenKinds.has(n.kind) && (!place || n.places.indexOf(place) >= 0)) set.add(n.id);
    }
    for (const id of revealed) set.add(id);
    return set;
  }
  shownSet = computeShown();
  // The network's data sets hold only what is drawn (sync): tens of thousands of entities and
  // links, and their tooltips, would slow the page at 1,000 articles. Tooltips are parsed from
  // kg's escaped HTML when their node or edge is first drawn.
  const outEdges = new Map();
  for (const e of D.edges) { if (!outEdges.has(e.from)) outEdges.set(e.from, []); outEdges.get(e.from).push(e); }
  const tips = new Map();
  const tipOf = (key, markup) => { if (!tips.has(key)) tips.set(key, tip(markup)); return tips.get(key); };
  const shownNodes = new vis.DataSet(), shownEdges = new vis.DataSet();
  const placed = new Map();  // positions of nodes drawn before, so a redraw keeps them
  function sync() {
    const gone = shownNodes.getIds().filter((id) => !shownSet.has(id)), fresh = [];
    if (gone.length && window.network) for (const [id, p] of Object.entries(network.getPositions(gone))) placed.set(id, p);
    for (const id of shownSet) if (!shownNodes.get(id)) {
      const n = byId.get(id);
      fresh.push(Object.assign({}, n, { title: tipOf(id, n.title), ev: undefined, srcs: undefined }, placed.get(id) || {}));
    }
    const links = [];
    for (const id of shownSet) for (const e of outEdges.get(id) || []) {
      if (shownSet.has(e.to)) links.push(Object.assign({}, e, { title: tipOf(e.id, e.title) }));
    }
    shownEdges.clear(); shownNodes.remove(gone); shownNodes.add(fresh); shownEdges.add(links);
    return fresh.some((n) => n.x === undefined);
  }
  sync();
  const network = new vis.Network($("network"), { nodes: shownNodes, edges: shownEdges }, D.options);
  window.network = network;
  window.kgView = { shown: shownNodes, shownEdges: shownEdges };

  function labelsVisible() {
    let k = 0;
    for (const id of network.body.nodeIndices) if (network.body.nodes[id].labelModule.visible()) k++;
    return k;
  }
  function initialZoom() {  // fit; if too few labels are legible, zoom in on the best-ranked nodes
    network.fit();
    const fonts = shownNodes.get().map((n) => n.font.size).sort((a, b) => b - a);
    const want = fonts[Math.min(11, fonts.length - 1)] || 14;
    const scale = network.getScale();
    if (fonts.length && want * scale < 12) {
      const top = shownNodes.get().sort((a, b) => a.rank - b.rank).slice(0, 12);
      const pos = Object.values(network.getPositions(top.map((n) => n.id)));
      const centre = { x: pos.reduce((s, p) => s + p.x, 0) / pos.length, y: pos.reduce((s, p) => s + p.y, 0) / pos.length };
      network.moveTo({ position: centre, scale: Math.min(12.5 / want, 1.5) });
    }
  }
  const done = () => {
    network.setOptions({ physics: { enabled: false } });
    initialZoom();
    network.once("afterDrawing", () => {
      window.__kgStabilisedMs = performance.now();
      window.__kgLabels = labelsVisible();
      $("status").textContent = W.settled + " " + Math.round(window.__kgStabilisedMs) + " ms";
    });
    network.redraw();
  };
  $("status").textContent = W.settling;
  if (shownSet.size === 0) { window.__kgStabilisedMs = performance.now(); } else network.once("stabilizationIterationsDone", done);

  const countEls = new Map();
  for (const item of D.legend) {
    const row = el("label", undefined, "legend-row");
    const box = el("input"); box.type = "checkbox"; box.checked = true; box.dataset.kind = item.kind;
    box.addEventListener("change", () => { if (box.checked) hiddenKinds.delete(item.kind); else hiddenKinds.add(item.kind); refresh(false); });
    const sw = el("span", undefined, "swatch " + item.shape); sw.style.background = item.color;
    const count = el("span", "", "count"); count.dataset.kind = item.kind;
    countEls.set(item.kind, count);
    row.append(box, sw, el("span", item.label), count);
    $("legend").appendChild(row);
  }
  function updateCounts() {
    const shown = new Map(), total = new Map();
    for (const n of D.nodes) {
      if (!place || n.places.indexOf(place) >= 0) total.set(n.kind, (total.get(n.kind) || 0) + 1);
      if (shownSet.has(n.id)) shown.set(n.kind, (shown.get(n.kind) || 0) + 1);
    }
    for (const [kind, c] of countEls) c.textContent = (shown.get(kind) || 0) + " / " + (total.get(kind) || 0);
    $("summary").textContent = W.shown + " " + shownSet.size + " " + W.of + " " + D.nodes.length + " · " + shownEdges.length + " links";
  }
  function refresh(fit) {
    shownSet = computeShown();
    if (sync()) {  // nodes never laid out: a short run of the physics places them
      network.setOptions({ physics: { enabled: true } });
      network.once("stabilizationIterationsDone", () => network.setOptions({ physics: { enabled: false } }));
      network.stabilize(80);
    }
    updateCounts();
    if (fit) network.fit();
  }
  updateCounts();

  $("place").appendChild(new Option(W.all, ""));
  for (const [id, label] of D.places) $("place").appendChild(new Option(label, id));
  $("place").addEventListener("change", () => { place = $("place").value; revealed.clear(); refresh(true); });
  const byLabel = new Map();
  for (const n of D.nodes) {
    for (const key of [n.full, n.id]) if (!byLabel.has(key)) byLabel.set(key, n.id);
    $("labels").appendChild(new Option(n.full));
  }
  function find(text) {
    const id = byLabel.get(text.trim());
    if (id === undefined) return false;
    if (!shownSet.has(id)) { revealed.add(id); hiddenKinds.delete(byId.get(id).kind); refresh(false);
      for (const b of document.querySelectorAll("#legend input")) b.checked = !hiddenKinds.has(b.dataset.kind); }
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    details(id);
    return true;
  }
  window.kgFind = find;
  $("find").addEventListener("change", () => find($("find").value));
  function details(id) {
    const n = byId.get(id), box = $("details");
    box.replaceChildren(el("h2", n.full), el("div", n.id, "head"));
    box.appendChild(tip(n.title));
    box.appendChild(el("h2", W.articles));
    const list = el("ul");
    for (const [art, sentence] of n.ev) {
      const li = el("li"); li.append(el("div", D.articles[art] || art, "head"), el("div", "「" + sentence + "」"));
      list.appendChild(li);
    }
    for (const art of n.srcs) if (!n.ev.some((e) => e[0] === art)) list.appendChild(el("li", D.articles[art] || art));
    box.appendChild(list);
  }
  network.on("click", (p) => { if (p.nodes.length) details(p.nodes[0]); });
  $("reset").addEventListener("click", () => {
    hiddenKinds.clear(); revealed.clear(); place = ""; $("place").value = "";
    for (const b of document.querySelectorAll("#legend input")) b.checked = true;
    refresh(true); network.unselectAll();
  });
})();
