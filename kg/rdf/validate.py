"""SHACL validation of a built graph against ontology/shapes.ttl (pySHACL)."""
from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.model.errors import InputError
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
    graph = load_graph(path)
    if len(graph) == 0:  # nothing to check is not a graph that conforms
        raise InputError("the graph holds no triples", where=str(path),
                         fix="pass a graph written by `kg build` (it may have been cut short)")
    return validate_graph(graph)
