"""Every RDF prefix the project uses, bound in one place, and the IRI minting rules.

IRIs are deterministic and readable: places by their GB/T 2260 code, people by
jurisdiction and pinyin name, facts by article and character offset.
"""
from __future__ import annotations

import re
import unicodedata

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

from kg.model.base import DEFAULT_BASE  # re-exported: defined apart, without rdflib
from kg.model.prefixes import PREFIX_IRIS, iri_shortener, shorten_iri  # noqa: F401  (re-exported)

FUPIN = Namespace(PREFIX_IRIS["fupin"])
SCHEMA = Namespace(PREFIX_IRIS["schema"])
ORG = Namespace(PREFIX_IRIS["org"])
GEO = Namespace(PREFIX_IRIS["geo"])
NIF = Namespace(PREFIX_IRIS["nif"])
ITSRDF = Namespace(PREFIX_IRIS["itsrdf"])  # ITS 2.0: a phrase's entity (taIdentRef)

PREFIXES: dict[str, Namespace] = {
    "fupin": FUPIN,
    "schema": SCHEMA,
    "org": ORG,
    "prov": PROV,
    "time": TIME,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "geo": GEO,
    "nif": NIF,
    "itsrdf": ITSRDF,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
}


def bind_prefixes(graph: Graph, *, base: str = DEFAULT_BASE) -> Graph:
    """Bind the project's prefixes (and `id:` for the data base) on a graph."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    graph.bind("id", Namespace(base), override=True, replace=True)
    return graph


def sparql_prologue(*, base: str = DEFAULT_BASE) -> str:
    """PREFIX lines for SPARQL text."""
    lines = [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()]
    lines.append(f"PREFIX id: <{base}>")
    return "\n".join(lines) + "\n"


_SLUG_DROP = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """ASCII slug of Latin text: lower case, accents dropped, runs of others to '-'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _SLUG_DROP.sub("-", ascii_text.lower()).strip("-")


class IRIs:
    """Mints the data IRIs under one base."""

    def __init__(self, base: str = DEFAULT_BASE):
        if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", base):
            raise ValueError(f"base IRI must be absolute, got {base!r}")
        if re.search(r'[\x00-\x20<>"{}|^`\\]', base) or "#" in base[:-1]:
            raise ValueError(f"base IRI holds a character an IRI cannot hold (space, <>\"{{}}|^`\\ or an "
                             f"inner #), got {base!r}")
        self.prefix = base if base.endswith(("/", "#")) else base + "/"

    def mint(self, path: str):
        """The IRI of `path` under the base."""
        return URIRef(self.prefix + path)

    def article(self, article_id: str):
        return self.mint(f"article/{article_id}")

    def text(self, article_id: str, start: int, end: int):
        """An RFC 5147 character range of the article's cleaned text (NIF)."""
        return self.mint(f"article/{article_id}/text#char={start},{end}")

    def fact(self, article_id: str, kind: str, start: int, end: int, n: int = 0):
        suffix = f"-{n}" if n else ""
        return self.mint(f"article/{article_id}/{kind}/{start}-{end}{suffix}")

    def place(self, key: str):
        return self.mint(f"place/{key}")

    def person(self, jurisdiction: str, name_slug: str):
        return self.mint(f"person/{jurisdiction}/{name_slug}")

    def org(self, key: str):
        return self.mint(f"org/{key}")

    def post(self, org_key: str, role_slug: str):
        return self.mint(f"post/{org_key}/{role_slug}")

    def role(self, role_slug: str):
        return self.mint(f"role/{role_slug}")

    def initiative(self, key: str):
        return self.mint(f"initiative/{key}")

    def document(self, key: str):
        return self.mint(f"document/{key}")

    def concept(self, scheme: str, key: str):
        return self.mint(f"concept/{scheme}/{key}")

    def time(self, iso: str):
        return self.mint("time/" + iso.replace("/", "_").replace("..", "open"))
