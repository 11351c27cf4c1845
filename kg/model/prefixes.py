"""The project's RDF prefixes as plain IRIs, and compact IRIs (prefix:local) by them, without rdflib:
what prints a table of a store's materialised rows (`kg.store.results`) needs nothing more.
`kg.model.namespaces` builds its rdflib namespaces from the same IRIs."""
from __future__ import annotations

from collections.abc import Callable, Iterable

from kg.model.base import DEFAULT_BASE

PREFIX_IRIS: dict[str, str] = {
    "fupin": "https://w3id.org/fupin-kg/ontology#",
    "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "time": "http://www.w3.org/2006/time#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "geo": "http://www.w3.org/2003/01/geo/wgs84_pos#",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "itsrdf": "http://www.w3.org/2005/11/its/rdf#",  # ITS 2.0: a phrase's entity (taIdentRef)
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def iri_shortener(namespaces: Iterable[tuple[str, str]]) -> Callable[[object], str]:
    """A function giving the compact IRI (prefix:local) of a term by the longest matching
    namespace of (prefix, namespace IRI) pairs; other terms as they are."""
    spaces = sorted(((str(ns), prefix) for prefix, ns in namespaces if prefix), key=lambda p: -len(p[0]))

    def shorten(term: object) -> str:
        iri = str(term)
        for ns, prefix in spaces:
            if iri.startswith(ns):
                return f"{prefix}:{iri[len(ns):]}"
        return iri
    return shorten


def base_shortener(base: str = DEFAULT_BASE) -> Callable[[object], str]:
    """Compact IRIs by the project's prefixes and `id:` for the data's base IRI."""
    return shorten_iri if base == DEFAULT_BASE else iri_shortener([("id", base), *PREFIX_IRIS.items()])


shorten_iri = iri_shortener([("id", DEFAULT_BASE), *PREFIX_IRIS.items()])
"""The compact IRI of a term by the project's prefixes and `id:` (id:place/141028)."""
