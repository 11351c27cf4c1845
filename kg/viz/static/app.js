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
    const n = shown.length;  // fitted, or zoomed in until labels are at least 11 px (12 px font * scale)
    if (n && 16 * network.getScale() < 12) network.moveTo({ scale: 12.5 / 16 });
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
    count.className = "count"; count.textContent = String(item.count); count.dataset.kind = item.kind;
    row.append(box, sw, name, count);
    $("legend").appendChild(row);
  }
  $("place").appendChild(new Option(W.all, ""));
  for (const [id, label] of D.places) $("place").appendChild(new Option(label, id));
  const updateCounts = () => {  // the legend counts what the place filter leaves
    const counts = new Map();
    for (const n of D.nodes) if (!place || n.places.indexOf(place) >= 0) counts.set(n.kind, (counts.get(n.kind) || 0) + 1);
    for (const c of document.querySelectorAll("#legend .count")) c.textContent = String(counts.get(c.dataset.kind) || 0);
  };
  $("place").addEventListener("change", () => {
    place = $("place").value; shown.refresh(); updateCounts(); network.fit();
  });
  const byLabel = new Map();
  for (const n of D.nodes) {
    if (!byLabel.has(n.label)) byLabel.set(n.label, n.id);
    const opt = document.createElement("option"); opt.value = n.label; $("labels").appendChild(opt);
  }
  $("find").addEventListener("change", () => {
    const id = byLabel.get($("find").value);
    if (id !== undefined && !shown.get(id)) {  // a hidden node: lift the filters that hide it
      const n = nodes.get(id);
      hidden.delete(n.kind); place = ""; $("place").value = "";
      for (const b of document.querySelectorAll("#legend input")) b.checked = !hidden.has(b.dataset.kind);
      shown.refresh(); updateCounts();
    }
    if (id !== undefined && shown.get(id)) {
      network.selectNodes([id]);
      network.focus(id, { scale: 1.3, animation: { duration: 400 } });
    }
  });
  $("reset").addEventListener("click", () => {
    hidden.clear(); place = ""; $("place").value = "";
    for (const b of document.querySelectorAll("#legend input")) b.checked = true;
    shown.refresh(); updateCounts(); network.unselectAll(); network.fit();
  });
})();
