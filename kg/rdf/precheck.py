"""Which focus nodes of a part might break a SHACL shape: a sound, fast sieve before pySHACL.

`kg validate` runs pySHACL (about 65 µs a triple) only on the focus nodes this sieve cannot clear.
It reads the shapes once (`compile_shapes`) and checks each subject of a part against the property
shapes that target it, on pyoxigraph terms. A node is cleared only when every constraint is one it
knows and the value certainly passes as pySHACL (over rdflib) judges it: a datatype whose lexical
form is in a strict canonical shape, a count that no literal normalisation could change, a class
found through the ontology's `rdfs:subClassOf`. Anything else, an unknown constraint, target or
datatype included, makes the node a suspect, so the report stays pySHACL's own: a suspect that
conforms costs time, never a result (tests compare with one whole pySHACL run on broken graphs).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD

STRING, LANG_STRING = str(XSD.string), str(RDF.langString)
NUMERIC = {str(XSD.decimal), str(XSD.integer), str(XSD.nonNegativeInteger)}
_DECIMAL = re.compile(r"^[+-]?(\d+\.\d+|\d+)$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_NON_NEGATIVE = re.compile(r"^\d+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})?$")
# what a constraint of a property shape may hold and still be checked here; anything else: suspect
KNOWN = {SH.path, SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH.pattern, SH.flags, SH["in"],
         SH.languageIn, SH.uniqueLang, SH.minInclusive, SH.maxInclusive, SH["or"], SH.name, SH.description,
         SH.message, SH.severity, SH.order, SH.group, RDF.type}
NODE_KNOWN = {SH.targetClass, SH.property, SH.name, SH.description, SH.message, SH.severity, RDF.type}


@dataclass
class PropertyCheck:
    path: str
    rules: list  # (kind, argument)
    opaque: bool = False  # holds a constraint not checked here: every focus node is a suspect


@dataclass
class NodeCheck:
    classes: set[str]
    properties: list[PropertyCheck] = field(default_factory=list)
    opaque: bool = False


@dataclass
class Shapes:
    nodes: list[NodeCheck]
    superclasses: dict[str, set[str]]  # class → itself and every class above it
    types: dict[str, set[str]]  # the ontology's own rdf:type statements (concepts, schemes)


def compile_shapes(shapes: Graph, schema: tuple) -> Shapes:
    """The node shapes as checks, with the subclass closure of the ontology's `schema` triples."""
    above: dict[str, set[str]] = {}
    types: dict[str, set[str]] = {}
    for s, p, o in schema:
        if p == RDFS.subClassOf:
            above.setdefault(str(s), set()).add(str(o))
        elif p == RDF.type:
            types.setdefault(str(s), set()).add(str(o))
    closure: dict[str, set[str]] = {}
    for c in above:
        seen, todo = {c}, [c]
        while todo:
            for d in above.get(todo.pop(), ()):
                if d not in seen:
                    seen.add(d)
                    todo.append(d)
        closure[c] = seen
    nodes = []
    for shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str):
        check = NodeCheck(classes={str(c) for c in shapes.objects(shape, SH.targetClass)})
        check.opaque = any(p not in NODE_KNOWN for p in shapes.predicates(shape, None))
        for prop in shapes.objects(shape, SH.property):
            check.properties.append(_property(shapes, prop))
        nodes.append(check)
    return Shapes(nodes, closure, types)


def _property(shapes: Graph, prop) -> PropertyCheck:
    path = shapes.value(prop, SH.path)
    check = PropertyCheck(str(path), [], opaque=not isinstance(path, URIRef))
    for p, o in shapes.predicate_objects(prop):
        if p not in KNOWN or (p == SH.flags):
            check.opaque = True
        elif p in (SH.minCount, SH.maxCount):
            check.rules.append((p, int(o)))
        elif p == SH.datatype:
            check.rules.append((p, str(o)))
        elif p == SH["class"]:
            check.rules.append((p, str(o)))
        elif p == SH.pattern:
            check.rules.append((p, re.compile(str(o))))
        elif p in (SH["in"], SH.languageIn):
            check.rules.append((p, list(Collection(shapes, o))))
        elif p == SH.uniqueLang:
            check.rules.append((p, bool(o.toPython()) if isinstance(o, Literal) else True))
        elif p in (SH.minInclusive, SH.maxInclusive):
            bound = Decimal(str(o)) if isinstance(o, Literal) and str(o.datatype) in NUMERIC else None
            if bound is None:
                check.opaque = True
            check.rules.append((p, bound))
        elif p == SH["or"]:
            alternatives = []
            for alt in Collection(shapes, o):
                kinds = {q for q in shapes.predicates(alt, None) if q != RDF.type}
                if kinds != {SH.datatype}:
                    check.opaque = True
                alternatives.append(str(shapes.value(alt, SH.datatype)))
            check.rules.append((p, alternatives))
    return check


def _number(term) -> Decimal | None:
    """The value of a pyoxigraph numeric literal with a plain decimal lexical form, else None."""
    if term.datatype.value not in NUMERIC or not _DECIMAL.match(term.value):
        return None
    try:
        return Decimal(term.value)
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return None


def suspects(own: list, extra: list, shapes: Shapes) -> set:
    """The subjects of `own` (pyoxigraph quads) that might break a shape; `extra` holds the
    rdf:type quads of their values."""
    a = str(RDF.type)
    types: dict = {}
    values: dict = {}
    for q in own:
        values.setdefault(q.subject, {}).setdefault(q.predicate.value, set()).add(q.object)
    for q in (*own, *extra):
        if q.predicate.value == a:
            types.setdefault(q.subject, set()).add(q.object.value)
    out = set()
    for subject, props in values.items():
        classes = set()
        for t in types.get(subject, set()) | shapes.types.get(subject.value, set()):
            classes |= shapes.superclasses.get(t, {t})
        for node in shapes.nodes:
            if not (node.classes & classes):
                continue
            if node.opaque or any(not _passes(p, props.get(p.path, set()), types, shapes) for p in node.properties):
                out.add(subject)
                break
    return out


def _passes(check: PropertyCheck, values: set, types: dict, shapes: Shapes) -> bool:
    if check.opaque:
        return False
    for kind, arg in check.rules:
        if kind == SH.minCount:
            typed = any(_is_literal(v) and _datatype(v) not in (STRING, LANG_STRING) for v in values)
            if len(values) < arg or (arg > 1 and typed):  # rdflib may merge two typed forms
                return False
        elif kind == SH.maxCount:
            if len(values) > arg:
                return False
        elif not all(_value_passes(kind, arg, v, types, shapes) for v in values):
            return False
        if kind == SH.uniqueLang and arg:
            langs = [v.language.lower() for v in values if _is_literal(v) and v.language]
            if len(langs) != len(set(langs)):
                return False
    return True


def _value_passes(kind, arg, v, types: dict, shapes: Shapes) -> bool:
    if kind == SH.datatype:
        return _has_datatype(v, arg)
    if kind == SH["or"]:
        return any(_has_datatype(v, d) for d in arg)
    if kind == SH["class"]:
        if _is_literal(v):
            return False
        found = types.get(v, set()) | shapes.types.get(v.value, set())
        return any(arg in shapes.superclasses.get(t, {t}) for t in found)
    if kind == SH.pattern:
        if _is_literal(v):
            return _datatype(v) in (STRING, LANG_STRING) and arg.search(v.value) is not None
        return hasattr(v, "value") and not _is_blank(v) and arg.search(v.value) is not None
    if kind == SH["in"]:
        return _is_literal(v) and _datatype(v) == STRING and any(
            isinstance(m, Literal) and m.datatype is None and m.language is None and str(m) == v.value for m in arg)
    if kind == SH.languageIn:
        if not _is_literal(v) or not v.language:
            return False
        lang = v.language.lower()
        return any(lang == str(r).lower() or lang.startswith(str(r).lower() + "-") for r in arg)
    if kind == SH.uniqueLang:
        return True  # checked over all values in _passes
    if kind in (SH.minInclusive, SH.maxInclusive):
        n = _number(v) if _is_literal(v) and _datatype(v) == str(XSD.decimal) else None
        if n is None or arg is None:
            return False
        return n >= arg if kind == SH.minInclusive else n <= arg
    return False


def _has_datatype(v, datatype: str) -> bool:
    if not _is_literal(v):
        return False
    actual, text = _datatype(v), v.value
    if datatype == LANG_STRING:
        return bool(v.language)
    if actual != datatype:
        return False
    if datatype == STRING:
        return True
    if datatype == str(XSD.decimal):
        return bool(_DECIMAL.match(text))
    if datatype == str(XSD.integer):
        return bool(_INTEGER.match(text))
    if datatype == str(XSD.nonNegativeInteger):
        return bool(_NON_NEGATIVE.match(text))
    if datatype == str(XSD.boolean):
        return text in ("true", "false")
    if datatype == str(XSD.date):
        return bool(_DATE.match(text)) and _parses(date.fromisoformat, text)
    if datatype == str(XSD.dateTime):
        return bool(_DATETIME.match(text)) and _parses(datetime.fromisoformat, text.replace("Z", "+00:00"))
    return False  # a datatype not checked here


def _parses(parse, text: str) -> bool:
    try:
        parse(text)
        return True
    except ValueError:
        return False


def _is_literal(v) -> bool:
    return type(v).__name__ == "Literal"


def _is_blank(v) -> bool:
    return type(v).__name__ == "BlankNode" or isinstance(v, BNode)


def _datatype(v) -> str:
    return v.datatype.value
