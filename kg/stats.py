"""Graph statistics: triples, counts per class."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from rdflib import RDF, Graph


def class_counts(graph: Graph) -> Counter:
    return Counter(graph.namespace_manager.normalizeUri(o) for o in graph.objects(None, RDF.type))


def render_stats(path: str | Path) -> str:
    from kg.pipeline import load_graph

    g = load_graph(path)
    lines = [f"{path}: {len(g)} triples", "", "class\tinstances"]
    lines += [f"{cls}\t{n}" for cls, n in sorted(class_counts(g).items(), key=lambda kv: (-kv[1], kv[0]))]
    return "\n".join(lines)
