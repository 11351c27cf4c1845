"""Graph statistics: triples, instances per class, connected components and the most
central entities of the entity graph (kg.viz.entities' RDF → networkx conversion)."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from rdflib import RDF, Graph

from kg.rdf.files import check_well_typed, load_graph
from kg.viz.entities import convert

TOP_N = 10


def class_counts(graph: Graph) -> Counter:
    return Counter(graph.namespace_manager.normalizeUri(o) for o in graph.objects(None, RDF.type))


def entity_stats(graph: Graph, *, top: int = TOP_N) -> dict:
    """Components and centrality of the entity graph (provenance and time hidden)."""
    import networkx as nx  # lazy: networkx is heavy; only stats and the view need it

    view = convert(graph)
    G = nx.Graph(view.graph.to_undirected(as_view=True))
    components = sorted((len(c) for c in nx.connected_components(G)), reverse=True)
    k = min(len(G), 200)  # sampled betweenness keeps large graphs fast; seeded, so stable
    between = nx.betweenness_centrality(G, k=k, seed=0) if len(G) > 2 else {n: 0.0 for n in G}

    def ranked(scores: dict) -> list[tuple[str, str, str, float]]:
        best = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
        return [(n, view.graph.nodes[n]["label"], view.graph.nodes[n]["cls"], s) for n, s in best]

    return {
        "entities": G.number_of_nodes(),
        "links": view.graph.number_of_edges(),
        "components": components,
        "degree": ranked({n: view.graph.nodes[n]["centrality"] for n in G}),
        "betweenness": ranked(between),
    }


def render_stats(path: str | Path) -> str:
    """The text `kg stats` prints for a graph file."""
    return stats_report(check_well_typed(load_graph(path), where=str(path)), str(path))


def stats_report(g, name: str) -> str:
    """The text `kg stats` prints for a loaded graph (from a file or a store), headed by `name`."""
    lines = [f"{name}: {len(g)} triples", "", "class\tinstances"]
    lines += [f"{cls}\t{n}" for cls, n in sorted(class_counts(g).items(), key=lambda kv: (-kv[1], kv[0]))]
    s = entity_stats(g)
    comps = s["components"]
    sizes = ", ".join(map(str, comps[:10])) + (" …" if len(comps) > 10 else "")
    lines += ["", f"entity graph: {s['entities']} entities, {s['links']} links, "
              f"{len(comps)} connected component(s); sizes: {sizes or '-'}"]
    for name, rows in (("degree centrality", s["degree"]), ("betweenness centrality", s["betweenness"])):
        lines += ["", f"top entities by {name}", "rank\tscore\tentity\tlabel\tclass"]
        lines += [f"{i}\t{score:.3f}\t{n}\t{label}\t{cls}" for i, (n, label, cls, score) in enumerate(rows, 1)]
    return "\n".join(lines)
