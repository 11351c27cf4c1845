(function () {
  "use strict";
  const D = KG_DATA, W = D.words, NS = "http://www.w3.org/2000/svg";
  const $ = (id) => document.getElementById(id);
  const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; };
  const svg = $("map"), tipBox = $("tip");
  const K = Math.cos(35 * Math.PI / 180);  // equirectangular, true to scale at 35°N
  const px = (lon) => lon * K * 10, py = (lat) => -lat * 10;
  const world = document.createElementNS(NS, "g");
  svg.appendChild(world);
  for (const p of D.provinces) {  // outlines
    const path = document.createElementNS(NS, "path");
    path.setAttribute("class", "province");
    path.setAttribute("d", p.rings.map((r) => "M" + r.map((c) => px(c[0]).toFixed(1) + "," + py(c[1]).toFixed(1)).join("L") + "Z").join(""));
    const t = document.createElementNS(NS, "title"); t.textContent = p.name; path.appendChild(t);
    world.appendChild(path);
  }
  const markers = document.createElementNS(NS, "g");
  world.appendChild(markers);
  let view = { x: px(73), y: py(54), w: px(135) - px(73), h: py(17) - py(54) };
  const setView = () => svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" "));
  if (D.places.length) {  // start on the places, with some margin
    const xs = D.places.map((p) => px(p.lon)), ys = D.places.map((p) => py(p.lat));
    const minX = Math.min(...xs), maxX = Math.max(...xs), minY = Math.min(...ys), maxY = Math.max(...ys);
    const w = Math.max(maxX - minX, 60) * 1.3, h = Math.max(maxY - minY, 40) * 1.3;
    view = { x: (minX + maxX - w) / 2, y: (minY + maxY - h) / 2, w: w, h: h };
  }
  setView();
  svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
  const unit = () => view.w / svg.clientWidth;  // map units per screen pixel
  const maxOf = (k) => Math.max(1e-9, ...D.places.map((p) => p[k]));
  let sizeBy = "articles";
  const circles = new Map();
  function radius(p) {  // area proportional to the measure; 2.5 to 17.5 screen pixels
    const v = p[sizeBy] / maxOf(sizeBy);
    return (v > 0 ? 2.5 + 15 * Math.sqrt(v) : 2) * unit();
  }
  const order = D.places.slice().sort((a, b) => b[sizeBy] - a[sizeBy]);
  for (const p of order) {
    const c = document.createElementNS(NS, "circle");
    c.setAttribute("class", "marker"); c.setAttribute("cx", px(p.lon)); c.setAttribute("cy", py(p.lat));
    c.setAttribute("fill", p.color); c.dataset.id = p.id;
    c.addEventListener("mousemove", (ev) => showTip(p, ev));
    c.addEventListener("mouseleave", () => { tipBox.style.display = "none"; });
    c.addEventListener("click", () => details(p));
    markers.appendChild(c); circles.set(p.id, c);
  }
  const labels = document.createElementNS(NS, "g");  // names of the 30 most-reported places
  world.appendChild(labels);
  const named = D.places.slice(0, 30).map((p) => {
    const t = document.createElementNS(NS, "text");
    t.setAttribute("class", "place-label"); t.textContent = p.name;
    labels.appendChild(t);
    return [p, t];
  });
  function resize() {
    for (const p of D.places) circles.get(p.id).setAttribute("r", radius(p).toFixed(3));
    const u = unit();
    for (const [p, t] of named) {  // 12 screen pixels whatever the zoom, right of the marker
      t.setAttribute("x", (px(p.lon) + radius(p) + 2 * u).toFixed(3)); t.setAttribute("y", (py(p.lat) + 4 * u).toFixed(3));
      t.setAttribute("font-size", (12 * u).toFixed(4)); t.setAttribute("stroke-width", (3 * u).toFixed(4));
    }
  }
  function showTip(p, ev) {
    tipBox.innerHTML = p.tip;  // built and escaped by kg (kg.viz.geo._tip)
    const box = $("mapbox").getBoundingClientRect();
    tipBox.style.left = Math.min(ev.clientX - box.left + 14, box.width - 390) + "px";
    tipBox.style.top = (ev.clientY - box.top + 14) + "px";
    tipBox.style.display = "block";
  }
  function details(p) {
    for (const c of circles.values()) c.classList.remove("selected");
    circles.get(p.id).classList.add("selected");
    const box = $("details");
    box.replaceChildren(el("h2", p.name), el("div", p.id, "head"), el("h2", W.articlesOf + " (" + p.srcs.length + ")"));
    const list = el("ul");
    for (const art of p.srcs) {
      const li = el("li"); li.appendChild(el("div", D.articles[art] || art, "head"));
      for (const [a, sentence] of p.ev) if (a === art) li.appendChild(el("div", "「" + sentence + "」"));
      list.appendChild(li);
    }
    box.appendChild(list);
  }
  window.kgMap = { details: (id) => details(D.places.find((p) => p.id === id)), circles: circles };
  for (const r of document.querySelectorAll("input[name=size]")) r.addEventListener("change", () => { sizeBy = r.value; resize(); });
  svg.addEventListener("wheel", (ev) => {
    ev.preventDefault();
    const f = ev.deltaY > 0 ? 1.2 : 1 / 1.2, b = svg.getBoundingClientRect();
    const s = Math.max(view.w / b.width, view.h / b.height);
    const mx = view.x + (ev.clientX - b.left - (b.width - view.w / s) / 2) * s;
    const my = view.y + (ev.clientY - b.top - (b.height - view.h / s) / 2) * s;
    view = { x: mx - (mx - view.x) * f, y: my - (my - view.y) * f, w: view.w * f, h: view.h * f };
    setView(); resize();
  }, { passive: false });
  let drag = null;
  svg.addEventListener("mousedown", (ev) => { drag = { x: ev.clientX, y: ev.clientY, v: Object.assign({}, view) }; });
  window.addEventListener("mouseup", () => { drag = null; });
  window.addEventListener("mousemove", (ev) => {
    if (!drag) return;
    const b = svg.getBoundingClientRect(), s = Math.max(view.w / b.width, view.h / b.height);
    view = Object.assign({}, drag.v, { x: drag.v.x - (ev.clientX - drag.x) * s, y: drag.v.y - (ev.clientY - drag.y) * s });
    setView();
  });
  const counts = new Map();
  for (const p of D.places) counts.set(p.kind, (counts.get(p.kind) || 0) + 1);
  for (const item of D.legend) {
    const row = el("div", undefined, "legend-row"), sw = el("span", undefined, "swatch");
    sw.style.background = item.color;
    row.append(sw, el("span", item.label), el("span", String(counts.get(item.kind) || 0), "count"));
    $("legend").appendChild(row);
  }
  $("summary").textContent = D.places.length + " " + W.places + (D.missing ? " (" + D.missing + " " + W.nocoords + ")" : "");
  requestAnimationFrame(() => { resize(); window.__kgStabilisedMs = performance.now(); });
})();
