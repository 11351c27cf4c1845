// The query page of `kg serve`: saved queries with their parameters, and a SPARQL box.
// Talks only to this server (/api/queries, /api/run); every value is put in the page as text.
"use strict";

const $ = (id) => document.getElementById(id);
let prefixes = {};
let current = null;
const SHOWN = 2000; // rows drawn in the table; the downloads hold every row

function el(tag, attrs, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function compact(iri) {
  let best = null;
  for (const [p, ns] of Object.entries(prefixes)) {
    if (iri.startsWith(ns) && (!best || ns.length > best[1].length)) best = [p, ns];
  }
  return best ? best[0] + ":" + iri.slice(best[1].length) : iri;
}

function status(text, error) {
  $("status").textContent = text;
  $("status").className = error ? "error" : "";
}

function savedParams() {
  const form = new URLSearchParams({ name: current.name });
  for (const input of $("saved-params").querySelectorAll("input")) form.set("param." + input.name, input.value);
  return form;
}

function links(prefix, form) {
  for (const fmt of ["csv", "json"]) {
    const f = new URLSearchParams(form);
    f.set("format", fmt);
    $(prefix + "-" + fmt).href = "api/run?" + f.toString();
  }
}

function choose(q, button) {
  current = q;
  for (const b of document.querySelectorAll("nav button")) b.classList.remove("current");
  button.classList.add("current");
  $("saved-form").hidden = false;
  $("saved-title").textContent = q.title;
  $("saved-description").textContent = q.description;
  const box = $("saved-params");
  box.replaceChildren();
  for (const p of q.params) {
    const label = el("label", {}, p.name + " (" + p.type + ")");
    const input = el("input", { name: p.name, value: p.example, id: "param-" + p.name });
    input.addEventListener("input", () => links("saved", savedParams()));
    label.appendChild(input);
    box.appendChild(label);
  }
  links("saved", savedParams());
}

function render(data) {
  const out = $("results");
  out.replaceChildren();
  if ("boolean" in data) {
    status("answer: " + data.boolean);
    return;
  }
  const vars = data.head.vars;
  const rows = data.results.bindings;
  const table = el("table", { id: "result-table" });
  const head = el("tr");
  for (const v of vars) head.appendChild(el("th", {}, v));
  table.appendChild(el("thead")).appendChild(head);
  const body = el("tbody");
  for (const row of rows.slice(0, SHOWN)) {
    const tr = el("tr");
    for (const v of vars) {
      const cell = row[v];
      const td = el("td", {}, cell ? (cell.type === "uri" ? compact(cell.value) : cell.value) : "");
      if (cell && cell.type === "uri") td.title = cell.value;
      if (cell && /#(integer|decimal|double|float|nonNegativeInteger)$/.test(cell.datatype || "")) td.className = "num";
      tr.appendChild(td);
    }
    body.appendChild(tr);
  }
  table.appendChild(body);
  out.appendChild(table);
  status(rows.length > SHOWN ? rows.length + " row(s); the first " + SHOWN + " shown (CSV and JSON hold all)"
    : rows.length + " row(s)");
}

async function run(form) {
  status("running…");
  $("results").replaceChildren();
  try {
    const resp = await fetch("api/run", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/sparql-results+json" },
      body: form.toString(),
    });
    if (!resp.ok) {
      status((await resp.text()).trim() || resp.status + " " + resp.statusText, true);
      return;
    }
    render(await resp.json());
  } catch (err) {
    status("the server did not answer: " + err, true);
  }
}

async function start() {
  const resp = await fetch("api/queries");
  const data = await resp.json();
  prefixes = data.prefixes;
  $("prefix-names").textContent = Object.keys(prefixes).join(" ");
  const list = $("query-list");
  for (const q of data.queries) {
    const button = el("button", { type: "button", "data-query": q.name }, q.title);
    button.appendChild(el("span", { class: "name" }, q.name + (q.params.length ? " · " + q.params.map((p) => p.name).join(", ") : "")));
    button.addEventListener("click", () => choose(q, button));
    list.appendChild(el("li")).appendChild(button);
  }
  $("saved-form").addEventListener("submit", (e) => { e.preventDefault(); run(savedParams()); });
  const free = () => new URLSearchParams({ query: $("free-text").value });
  $("free-text").addEventListener("input", () => links("free", free()));
  links("free", free());
  $("free-form").addEventListener("submit", (e) => { e.preventDefault(); run(free()); });
  document.body.dataset.ready = "1";
}

start().catch((err) => status("could not load the saved queries: " + err, true));
