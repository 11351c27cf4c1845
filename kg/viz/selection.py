"""Selection for the view: keep what --types, --place and --focus ask for, within the
node cap (networkx ego graphs and centrality), and say in the page what was left out.
"""
from __future__ import annotations

from collections import Counter

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.text.script import to_simplified
from kg.viz.entities import (
    STYLE, View, ViewError, ViewOptions, add_tooltips, compact, convert, local_name, ontology, superclasses,
)


def build_view(g: Graph, options: ViewOptions = ViewOptions()) -> View:
    """Convert `g`, then keep what the options ask for, within the node cap."""
    view = convert(g, lang=options.lang, plumbing=options.plumbing)
    G, notes = view.graph, view.notes
    keep = set(G)
    if options.types:
        classes = resolve_types(options.types)
        keep = {n for n in keep if superclasses(URIRef(G.nodes[n]["cls_iri"])) & classes}
        notes.append(f"only types {', '.join(options.types)}: {len(G) - len(keep)} other entities left out")
    if options.place:
        place = resolve(G, options.place, places_only=True)
        before = len(keep)
        keep = {n for n in keep if place in G.nodes[n]["places"]}
        notes.append(f"only what is in or linked to {G.nodes[place]['label']}: {before - len(keep)} entities left out")
    focus = None
    if options.focus:
        import networkx as nx  # lazy: networkx is heavy; only the view needs it

        focus = resolve(G, options.focus)
        if focus not in keep:
            raise ViewError(f"--focus {options.focus!r} is not among the entities left by --types/--place")
        ego = nx.ego_graph(G.subgraph(keep).to_undirected(as_view=True), focus, radius=options.depth)
        notes.append(f"only entities within {options.depth} step(s) of {G.nodes[focus]['label']}: "
                     f"{len(keep) - len(ego)} left out")
        keep = set(ego)
    if len(keep) > options.max_nodes:
        ranked = sorted(keep, key=lambda n: (n != focus, -G.nodes[n]["centrality"], n))
        notes.append(f"showing the {options.max_nodes} most central of {len(keep)} entities "
                     f"(raise --max-nodes, or use --focus/--place/--types)")
        keep = set(ranked[: options.max_nodes])
    view.graph = G.subgraph(keep).copy()
    add_tooltips(g, view)
    view.legend = _legend(view.graph)
    view.places = sorted(((n, d["label"]) for n, d in view.graph.nodes(data=True) if d["is_place"]),
                         key=lambda p: p[1])
    return view


def _legend(G) -> list[dict]:
    counts = Counter(d["kind"] for _, d in G.nodes(data=True))
    order = {group: i for i, (group, _, _) in enumerate(STYLE.values())}
    seen: dict[str, dict] = {}
    for _, d in G.nodes(data=True):
        seen.setdefault(d["kind"], {"kind": d["kind"], "label": d["type_label"], "color": d["color"],
                                    "shape": d["shape"], "count": counts[d["kind"]]})
    return sorted(seen.values(), key=lambda e: order.get(e["kind"], len(order)))


def _same(a: str, b: str) -> bool:
    return a == b or to_simplified(a) == to_simplified(b)


def resolve(G, text: str, *, places_only: bool = False) -> str:
    """The node named by an IRI, a compact IRI or a label (any script)."""
    nodes = [(n, d) for n, d in G.nodes(data=True) if d["is_place"] or not places_only]
    for n, d in nodes:
        if text in (n, d["iri"]):
            return n
    hits = [n for n, d in nodes if any(_same(v, text) for v in d["labels"].values())]
    if len(hits) == 1:
        return hits[0]
    what = "place" if places_only else "entity"
    if hits:
        raise ViewError(f"{len(hits)} entities are labelled {text!r}: {', '.join(sorted(hits)[:5])}"
                        " — pass one of these ids instead")
    near = sorted(n for n, d in nodes if any(text in v or _same(text, v[: len(text)])
                                             for v in d["labels"].values()))[:5]
    hint = f"similar: {', '.join(near)}" if near else "see `kg stats` for the entities in the graph"
    raise ViewError(f"no {what} named {text!r} in the graph — {hint}")


def known_classes() -> dict[URIRef, set[str]]:
    """Every class of the ontology (and the styled ones) with the names it answers to."""
    onto = ontology()
    classes = set(STYLE) | {c for c in onto.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
    return {c: {local_name(c).lower(), compact(onto, c).lower()}
            | {str(o).lower() for o in onto.objects(c, RDFS.label)} for c in classes}


def resolve_types(names: tuple[str, ...]) -> set[URIRef]:
    """Classes named by --types (local name, compact IRI or label); subclasses match too."""
    known, chosen = known_classes(), set()
    for name in names:
        hit = {c for c, aliases in known.items() if name.strip().lower() in aliases}
        if not hit:
            valid = sorted({local_name(c) for c in STYLE})
            raise ViewError(f"unknown type {name!r} for --types — use class names such as {', '.join(valid)}")
        chosen |= hit
    return chosen
