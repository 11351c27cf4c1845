"""JSON-LD with a readable `@context` (JSON-LD 1.1, https://www.w3.org/TR/json-ld11/).

The context is fixed (the same in every file kg writes): the project's prefixes, `id:` for the
data, and short terms for the common properties with their value rules — IRIs as `@id`,
typed values (`value` is xsd:decimal, `beginIndex` xsd:nonNegativeInteger …) and language maps
for labels and names (`"label": {"zh-Hant": "吉縣", "zh-Hans": "吉县"}`). A value that does not
fit its term's rule (an untagged label, an integer where a decimal is expected) is written
under the compact IRI of its property (`"rdfs:label"`) in full `@value` form, so the file
always expands to exactly the triples it was made from. The context is inline: reading the
file needs no network.
"""
from __future__ import annotations

import json
from collections.abc import Iterable

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF

from kg.model.namespaces import DEFAULT_BASE, PREFIXES
from kg.model.prefixes import base_shortener

# (term, property as prefix:local, rule): "@id" = IRI values, "@language" = a language map,
# "xsd:…" = typed values, "" = plain strings.
TERMS: tuple[tuple[str, str, str], ...] = (
    ("label", "rdfs:label", "@language"),
    ("comment", "rdfs:comment", "@language"),
    ("prefLabel", "skos:prefLabel", "@language"),
    ("altLabel", "skos:altLabel", "@language"),
    ("notation", "skos:notation", ""),
    ("inScheme", "skos:inScheme", "@id"),
    ("name", "schema:name", "@language"),
    ("headline", "schema:headline", "@language"),
    ("datePublished", "schema:datePublished", "xsd:dateTime"),
    ("inLanguage", "schema:inLanguage", ""),
    ("publisher", "schema:publisher", "@id"),
    ("author", "schema:author", "@id"),
    ("editor", "schema:editor", "@id"),
    ("mentions", "schema:mentions", "@id"),
    ("location", "schema:location", "@id"),
    ("organizer", "schema:organizer", "@id"),
    ("value", "schema:value", "xsd:decimal"),
    ("minValue", "schema:minValue", "xsd:decimal"),
    ("maxValue", "schema:maxValue", "xsd:decimal"),
    ("currency", "schema:currency", ""),
    ("unitText", "schema:unitText", ""),
    ("source", "dcterms:source", "@id"),
    ("spatial", "dcterms:spatial", "@id"),
    ("temporal", "dcterms:temporal", "@id"),
    ("measureType", "dcterms:type", "@id"),
    ("wasDerivedFrom", "prov:wasDerivedFrom", "@id"),
    ("holds", "org:holds", "@id"),
    ("memberOf", "org:memberOf", "@id"),
    ("postIn", "org:postIn", "@id"),
    ("role", "org:role", "@id"),
    ("lat", "geo:lat", "xsd:decimal"),
    ("long", "geo:long", "xsd:decimal"),
    ("anchorOf", "nif:anchorOf", ""),
    ("beginIndex", "nif:beginIndex", "xsd:nonNegativeInteger"),
    ("endIndex", "nif:endIndex", "xsd:nonNegativeInteger"),
    ("isString", "nif:isString", ""),
    ("referenceContext", "nif:referenceContext", "@id"),
    ("sentence", "nif:sentence", "@id"),
    ("sourceUrl", "nif:sourceUrl", "@id"),
    ("inXSDDate", "time:inXSDDate", "xsd:date"),
    ("inXSDgYear", "time:inXSDgYear", "xsd:gYear"),
    ("inXSDgYearMonth", "time:inXSDgYearMonth", "xsd:gYearMonth"),
    ("hasBeginning", "time:hasBeginning", "@id"),
    ("hasEnd", "time:hasEnd", "@id"),
    ("adminCode", "fupin:adminCode", ""),
    ("approximate", "fupin:approximate", "xsd:boolean"),
    ("carriedOutIn", "fupin:carriedOutIn", "@id"),
    ("counts", "fupin:counts", "@language"),
    ("purpose", "fupin:purpose", "@language"),
    ("perUnit", "fupin:perUnit", "@language"),
    ("knownFor", "fupin:knownFor", "@language"),
    ("partOf", "fupin:partOf", "@id"),
    ("pairedWith", "fupin:pairedWith", "@id"),
    ("designatedAs", "fupin:designatedAs", "@id"),
    ("exitYear", "fupin:exitYear", "xsd:gYear"),
    ("initiative", "fupin:initiative", "@id"),
    ("statedWith", "fupin:statedWith", "@id"),
    ("reporter", "fupin:reporter", "@id"),
    ("correspondent", "fupin:correspondent", "@id"),
    ("intern", "fupin:intern", "@id"),
    ("photographer", "fupin:photographer", "@id"),
    ("compiler", "fupin:compiler", "@id"),
)


def _expand(curie: str) -> str:
    prefix, _, local = curie.partition(":")
    return str(PREFIXES[prefix]) + local


def context(*, base: str = DEFAULT_BASE) -> dict:
    """The `@context` kg writes: prefixes, `id:` and the short terms."""
    ctx: dict = {p: str(ns) for p, ns in PREFIXES.items()}
    ctx["id"] = base
    for term, curie, rule in TERMS:
        if rule == "@language":
            ctx[term] = {"@id": curie, "@container": "@language"}
        elif rule:
            ctx[term] = {"@id": curie, "@type": rule}
        else:
            ctx[term] = curie
    return ctx


_BY_IRI = {_expand(curie): (term, rule) for term, curie, rule in TERMS}


def _fits(rule: str, o) -> bool:
    if rule == "@id":
        return isinstance(o, URIRef)
    if not isinstance(o, Literal):
        return False
    if rule == "@language":
        return bool(o.language)
    if rule == "":
        return o.language is None and o.datatype is None
    return o.language is None and o.datatype is not None and str(o.datatype) == _expand(rule)


def _node_ref(term, shorten) -> str:
    return f"_:{term}" if isinstance(term, BNode) else shorten(term)


def _full(o, shorten) -> dict | str:
    """A value in full form, for a key without a value rule."""
    if isinstance(o, (URIRef, BNode)):
        return {"@id": _node_ref(o, shorten)}
    if not o.language and not o.datatype:
        return str(o)
    out: dict = {"@value": str(o)}
    if o.language:
        out["@language"] = o.language
    elif o.datatype:
        out["@type"] = shorten(o.datatype)
    return out


def _one_or_many(values: list):
    return values[0] if len(values) == 1 else values


def _node(subject, pairs: list[tuple], shorten) -> dict:
    node: dict = {"@id": _node_ref(subject, shorten)}
    types = sorted(shorten(o) for p, o in pairs if p == RDF.type and isinstance(o, URIRef))
    if types:
        node["@type"] = _one_or_many(types)
    short: dict[str, list] = {}
    full: dict[str, list] = {}
    for p, o in pairs:
        if p == RDF.type and isinstance(o, URIRef):
            continue
        term, rule = _BY_IRI.get(str(p), (None, None))
        if term is not None and _fits(rule, o):
            short.setdefault(term, []).append((rule, o))
        else:
            full.setdefault(shorten(p), []).append(_full(o, shorten))
    for term in sorted(short):
        rule = short[term][0][0]
        if rule == "@language":
            langs: dict[str, list[str]] = {}
            for _, o in short[term]:
                langs.setdefault(o.language, []).append(str(o))
            node[term] = {lang: _one_or_many(sorted(v)) for lang, v in sorted(langs.items())}
        elif rule == "@id":
            node[term] = _one_or_many(sorted(shorten(o) for _, o in short[term]))
        else:
            node[term] = _one_or_many(sorted(str(o) for _, o in short[term]))
    for key in sorted(full):
        node[key] = _one_or_many(sorted(full[key], key=lambda v: json.dumps(v, ensure_ascii=False)))
    return node


def jsonld_document(triples: Iterable[tuple], *, base: str = DEFAULT_BASE) -> dict:
    """A compact JSON-LD document (inline `@context`, one node per subject, sorted) of triples."""
    shorten = base_shortener(base)
    subjects: dict = {}
    for s, p, o in triples:
        subjects.setdefault(s, []).append((p, o))
    nodes = [_node(s, subjects[s], shorten) for s in sorted(subjects, key=lambda s: (isinstance(s, BNode), str(s)))]
    return {"@context": context(base=base), "@graph": nodes}


def jsonld_bytes(triples: Iterable[tuple], *, base: str = DEFAULT_BASE) -> bytes:
    """`jsonld_document` as indented UTF-8 JSON."""
    return json.dumps(jsonld_document(triples, base=base), ensure_ascii=False, indent=2).encode("utf-8")
