"""The ontology (ontology/fupin.ttl, OWL 2) and the SHACL shapes (ontology/shapes.ttl), parsed once."""
from __future__ import annotations

from functools import cache
from pathlib import Path

from rdflib import Graph

from kg.resources.lexicon import data_path


def ontology_path() -> Path:
    """Path of ontology/fupin.ttl."""
    return data_path("fupin.ttl")


def shapes_path() -> Path:
    """Path of ontology/shapes.ttl."""
    return data_path("shapes.ttl")


@cache
def ontology() -> Graph:
    """The ontology graph, parsed on first use and shared: treat it as read-only."""
    return Graph().parse(ontology_path(), format="turtle")


@cache
def shapes() -> Graph:
    """The SHACL shapes graph, parsed on first use and shared: treat it as read-only."""
    return Graph().parse(shapes_path(), format="turtle")
