"""The ontology (ontology/fupin.ttl, OWL 2) and the SHACL shapes (ontology/shapes.ttl), parsed once.

`concept_facts` gives what `kg build` copies from the ontology into the data (a scheme concept's
type, scheme, notation and labels) without parsing it: a table cached under the user cache folder
by the ontology's hash, like the OWL 2 RL closure of `kg.rdf.infer`.
"""
from __future__ import annotations

import hashlib
import json
import os
from functools import cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

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


def cache_dir() -> Path:
    """Where derived tables of the ontology are cached ($XDG_CACHE_HOME/fupin-kg, else ~/.cache/fupin-kg)."""
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "fupin-kg"


def write_cache(path: Path, data: bytes) -> None:
    """Write a cache file atomically; a cache that cannot be written only costs the next run the work."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        pass


CONCEPT_PREDICATES = (RDF.type, SKOS.inScheme, SKOS.notation, SKOS.prefLabel)
CONCEPTS_VERSION = "1"  # bumped when the table's recipe changes


@cache
def concept_facts() -> dict[URIRef, tuple]:
    """(predicate, object) of each skos:Concept of the ontology, for CONCEPT_PREDICATES in that order."""
    source = ontology_path().read_bytes()
    key = hashlib.sha256(source + CONCEPTS_VERSION.encode()).hexdigest()[:20]
    cached = cache_dir() / f"ontology-concepts-{key}.json"
    try:
        return _terms(json.loads(cached.read_bytes()))
    except (OSError, ValueError, TypeError, AttributeError):  # none yet, or damaged: made again
        table = _concept_table()
        write_cache(cached, json.dumps(table, ensure_ascii=False, sort_keys=True).encode("utf-8"))
        return _terms(table)


def _terms(table: dict) -> dict[URIRef, tuple]:
    return {URIRef(c): tuple((URIRef(p), _term(o)) for p, o in facts) for c, facts in table.items()}


def _concept_table() -> dict[str, list]:
    g = ontology()
    return {str(c): [[str(p), _cell(o)] for p in CONCEPT_PREDICATES for o in g.objects(c, p)]
            for c in sorted({*g.subjects(RDF.type, SKOS.Concept), *g.subjects(SKOS.inScheme, None)})}


def _cell(term) -> list:
    if isinstance(term, Literal):
        return ["literal", str(term), term.language or "", str(term.datatype or "")]
    return ["iri", str(term), "", ""]


def _term(cell: list):
    kind, value, language, datatype = cell
    if kind == "iri":
        return URIRef(value)
    return Literal(value, lang=language or None, datatype=URIRef(datatype) if datatype else None)
