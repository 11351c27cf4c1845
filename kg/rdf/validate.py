"""SHACL validation of a built graph against ontology/shapes.ttl (pySHACL)."""
from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.rdf.files import load_graph
from kg.resources.ontology import ontology, shapes


def validate_graph(graph: Graph) -> tuple[bool, str]:
    """(conforms, report text) for a data graph."""
    from pyshacl import validate  # lazy: pySHACL is heavy and only `kg validate` needs it

    conforms, _, text = validate(graph, shacl_graph=shapes(), ont_graph=ontology(),
                                 inference="none", advanced=False, allow_warnings=True)
    return bool(conforms), str(text)


def validate_file(path: str | Path) -> tuple[bool, str]:
    """(conforms, report text) for a graph file."""
    return validate_graph(load_graph(path))
