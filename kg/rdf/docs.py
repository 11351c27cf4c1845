"""HTML documentation of the ontology (ontology/fupin.ttl, OWL 2) and the shapes (shapes.ttl, SHACL),
in the manner of LODE/pyLODE: one self-contained page, made offline.

Every class and property with its English and Chinese labels, definition, vocabulary, super- and
sub-terms, domain and range and the SHACL constraints on it; the concept schemes; a diagram of the
main classes (an SVG drawn here: the classes minted in `fupin:` and the reused classes above them);
and example triples from a graph (the seed). All text is escaped; the page loads nothing.

Why not pyLODE itself: the release the package registry serves here (pyLODE 3.4.1) fails on
import (`ModuleNotFoundError: pylode.profiles.rdf_elements`), and it shows one label per term,
where this ontology has three (en, zh-Hant, zh-Hans); the page below follows its layout.
"""
from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from kg.model.namespaces import DEFAULT_BASE, FUPIN, PREFIXES, iri_shortener
from kg.rdf.files import MARKER

VANN_PREFIX = URIRef("http://purl.org/vocab/vann/preferredNamespacePrefix")
PROPERTY_KINDS = {OWL.ObjectProperty: "object property", OWL.DatatypeProperty: "datatype property",
                  OWL.AnnotationProperty: "annotation property"}
LANGS = ("en", "zh-Hant", "zh-Hans")
_short = iri_shortener([("id", DEFAULT_BASE), ("sh", str(SH)), ("shapes", "https://w3id.org/fupin-kg/shapes#"),
                        ("vann", "http://purl.org/vocab/vann/"), *((p, str(ns)) for p, ns in PREFIXES.items())])


def curie(term) -> str:
    return _short(term) if isinstance(term, URIRef) else str(term)


def anchor(term) -> str:
    return curie(term).replace(":", "-").replace("/", "-")


def esc(text) -> str:
    return html.escape(str(text), quote=True)


@dataclass
class Terms:
    classes: list[URIRef] = field(default_factory=list)
    properties: list[URIRef] = field(default_factory=list)
    concepts: list[URIRef] = field(default_factory=list)
    schemes: list[URIRef] = field(default_factory=list)


def _order(term: URIRef) -> tuple:
    return (not str(term).startswith(str(FUPIN)), curie(term).lower())


def terms_of(onto: Graph) -> Terms:
    """The classes, properties, SKOS concepts and schemes the ontology declares, minted ones first."""
    t = Terms()
    t.classes = sorted({s for s in onto.subjects(RDF.type, OWL.Class) if isinstance(s, URIRef)}, key=_order)
    t.properties = sorted({s for k in PROPERTY_KINDS for s in onto.subjects(RDF.type, k) if isinstance(s, URIRef)},
                          key=_order)
    t.concepts = sorted({s for s in onto.subjects(RDF.type, SKOS.Concept) if isinstance(s, URIRef)}, key=_order)
    t.schemes = sorted({s for s in onto.subjects(RDF.type, SKOS.ConceptScheme) if isinstance(s, URIRef)}, key=_order)
    return t


def labels(g: Graph, term, prop=RDFS.label) -> dict[str, str]:
    out: dict[str, str] = {}
    for o in g.objects(term, prop):
        if isinstance(o, Literal):
            out.setdefault(o.language or "", str(o))
    return out


def definition(g: Graph, term) -> str:
    for prop in (SKOS.definition, RDFS.comment, URIRef("http://purl.org/dc/terms/description")):
        found = labels(g, term, prop)
        if found:
            return found.get("en") or next(iter(found.values()))
    return ""


def _link(term, known: set) -> str:
    if isinstance(term, URIRef) and term in known:
        return f'<a href="#{esc(anchor(term))}"><code>{esc(curie(term))}</code></a>'
    return f"<code>{esc(curie(term))}</code>"


def _labels_html(g: Graph, term, prop=RDFS.label) -> str:
    found = labels(g, term, prop)
    cells = [f'<span lang="{esc(lang)}" class="label">{esc(found[lang])}</span> <small>{esc(lang)}</small>'
             for lang in LANGS if lang in found]
    return " · ".join(cells) or "<em>no label</em>"


# -- SHACL ---------------------------------------------------------------------------------------

def _describe_constraint(shapes: Graph, node) -> str:
    parts = []
    for prop, name in ((SH.minCount, "min"), (SH.maxCount, "max"), (SH.datatype, "datatype"), (SH["class"], "class"),
                       (SH.pattern, "pattern"), (SH.nodeKind, "node kind"), (SH.hasValue, "value"),
                       (SH.minInclusive, "≥"), (SH.maxInclusive, "≤")):
        for o in shapes.objects(node, prop):
            parts.append(f"{name} {curie(o)}")
    for o in shapes.objects(node, SH["or"]):
        alts = ["; ".join(_describe_constraint(shapes, m).split("; ")) for m in Collection(shapes, o)]
        parts.append("one of (" + " | ".join(alts) + ")")
    for o in shapes.objects(node, SH["in"]):
        parts.append("in (" + ", ".join(curie(m) for m in Collection(shapes, o)) + ")")
    return "; ".join(parts)


def _property_shapes(shapes: Graph, shape) -> list:
    return sorted(shapes.objects(shape, SH.property),
                  key=lambda ps: (str(shapes.value(ps, SH.path)), _describe_constraint(shapes, ps)))


def constraints(shapes: Graph) -> dict[URIRef, list[tuple[str, str, str]]]:
    """Per target class: (shape, path, constraint text) of every property shape."""
    out: dict[URIRef, list[tuple[str, str, str]]] = defaultdict(list)
    for shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str):
        for target in shapes.objects(shape, SH.targetClass):
            for ps in _property_shapes(shapes, shape):
                path = shapes.value(ps, SH.path)
                path_text = curie(path) if isinstance(path, URIRef) else "(path expression)"
                out[target].append((curie(shape), path_text, _describe_constraint(shapes, ps)))
    return out


# -- the diagram ---------------------------------------------------------------------------------

def diagram_svg(onto: Graph, terms: Terms) -> str:
    """The minted classes and the reused classes above them, one column per top class, subclasses
    indented under their parent."""
    minted = [c for c in terms.classes if str(c).startswith(str(FUPIN))]
    shown = set(minted)
    for c in minted:
        shown.update(p for p in onto.transitive_objects(c, RDFS.subClassOf) if isinstance(p, URIRef))
    shown &= set(terms.classes)
    parent: dict[URIRef, URIRef] = {}
    for c in shown:
        ups = sorted((p for p in onto.objects(c, RDFS.subClassOf) if p in shown), key=_order)
        if ups:
            parent[c] = ups[0]
    children: dict[URIRef, list[URIRef]] = defaultdict(list)
    for c, p in parent.items():
        children[p].append(c)
    roots = sorted((c for c in shown if c not in parent), key=lambda c: (-_size(c, children), curie(c)))
    col_w, row_h, box_h, per_row = 270, 30, 24, 4
    items: list[str] = []
    y_band, band_h, x = 20, 0, 20
    for i, root in enumerate(roots):
        if i and i % per_row == 0:
            y_band += band_h + 30
            band_h, x = 0, 20
        rows = list(_walk(root, children, 0))
        for n, (cls, depth) in enumerate(rows):
            bx, by = x + depth * 18, y_band + n * row_h
            en = labels(onto, cls).get("en", curie(cls))
            zh = labels(onto, cls).get("zh-Hans", "")
            fill = "#f6e3e3" if str(cls).startswith(str(FUPIN)) else "#e8eef6"
            if depth:
                items.append(f'<path d="M{bx - 10},{by - row_h + box_h} V{by + box_h / 2} H{bx}" class="edge"/>')
            items.append(f'<a href="#{esc(anchor(cls))}"><rect x="{bx}" y="{by}" width="{col_w - 20 - depth * 18}" '
                         f'height="{box_h}" rx="4" fill="{fill}"/>'
                         f'<text x="{bx + 6}" y="{by + 16}">{esc(en)} <tspan class="zh">{esc(zh)}</tspan></text></a>')
        band_h = max(band_h, len(rows) * row_h)
        x += col_w
    width = 20 + col_w * min(per_row, max(1, len(roots)))
    height = y_band + band_h + 20
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="Main classes">\n'
            f"<!-- {MARKER} -->\n"
            "<style>text{font:12px sans-serif;fill:#222} .zh{fill:#555} rect{stroke:#888} "
            ".edge{fill:none;stroke:#888}</style>\n" + "\n".join(items) + "\n</svg>\n")


def _size(c, children) -> int:
    return 1 + sum(_size(k, children) for k in children.get(c, []))


def _walk(c, children, depth):
    yield c, depth
    for k in sorted(children.get(c, []), key=_order):
        yield from _walk(k, children, depth + 1)


# -- examples ------------------------------------------------------------------------------------

def _triple_text(s, p, o) -> str:
    obj = curie(o) if isinstance(o, URIRef) else (f"_:{o}" if isinstance(o, BNode) else o.n3(_NS))
    return f"{curie(s)} {'a' if p == RDF.type else curie(p)} {obj} ."


_NS = Graph().namespace_manager
for _p, _ns in PREFIXES.items():
    _NS.bind(_p, _ns, override=True, replace=True)


def class_example(data: Graph, cls) -> tuple[int, list[str]]:
    """How many instances the graph holds, and the triples of the first one."""
    instances = sorted(data.subjects(RDF.type, cls), key=str)
    if not instances:
        return 0, []
    first = instances[0]
    rows = sorted(data.predicate_objects(first), key=lambda po: (po[0] != RDF.type, str(po[0]), str(po[1])))
    return len(instances), [_triple_text(first, p, o) for p, o in rows[:8]]


def property_example(data: Graph, prop) -> tuple[int, list[str]]:
    triples = sorted(data.triples((None, prop, None)), key=lambda t: (str(t[0]), str(t[2])))
    return len(triples), [_triple_text(*t) for t in triples[:2]]


# -- the page ------------------------------------------------------------------------------------

CSS = """body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;max-width:72rem;margin:0 auto;padding:1rem 1.5rem;color:#222}
h1{color:#7a1f1f} h2{border-bottom:2px solid #7a1f1f;padding-bottom:.2rem;margin-top:2.2rem}
h3{margin:1.6rem 0 .3rem;font-size:1.05rem} h3 code{font-size:1.05rem}
.term{border-left:3px solid #ddd;padding:.1rem 0 .3rem .8rem;margin:.8rem 0}
.term.minted{border-color:#b44}
table{border-collapse:collapse;font-size:.9rem} th,td{border:1px solid #ddd;padding:.2rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3} pre{background:#f7f7f7;padding:.5rem;overflow:auto;font-size:.82rem}
.label{font-weight:600} small{color:#777} dl{margin:.3rem 0} dt{float:left;width:9rem;color:#555} dd{margin-left:9.5rem}
nav.toc a{margin-right:.6rem} .diagram{overflow:auto;border:1px solid #ddd;padding:.5rem}"""


def render(onto: Graph, shapes: Graph, data: Graph | None, *, svg: str | None = None) -> str:
    """The documentation page (HTML5), with the class diagram inline."""
    terms = terms_of(onto)
    known = set(terms.classes) | set(terms.properties) | set(terms.concepts) | set(terms.schemes)
    shape_rules = constraints(shapes)
    data = data if data is not None else Graph()
    svg = svg if svg is not None else diagram_svg(onto, terms)
    ont = next(iter(sorted(onto.subjects(RDF.type, OWL.Ontology), key=str)), URIRef(str(FUPIN)))
    out: list[str] = []
    w = out.append
    w('<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')
    w('<meta name="generator" content="fupin-kg">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n')
    w(f"<title>{esc(labels(onto, ont).get('en', 'fupin-kg ontology'))}</title>\n<style>{CSS}</style>\n</head>\n<body>\n")
    title = labels(onto, ont)
    w(f"<h1>{esc(title.get('en', 'fupin-kg ontology'))}</h1>\n<p>{_labels_html(onto, ont)}</p>\n"
      f"<p>{esc(definition(onto, ont))}</p>\n")
    w(f"<dl><dt>namespace</dt><dd><code>{esc(FUPIN)}</code> (prefix <code>fupin:</code>)</dd>"
      f"<dt>version</dt><dd>{esc(onto.value(ont, OWL.versionInfo) or '')}</dd>"
      f"<dt>terms</dt><dd>{len(terms.classes)} classes, {len(terms.properties)} properties, "
      f"{len(terms.concepts)} concepts in {len(terms.schemes)} schemes</dd>"
      f"<dt>examples</dt><dd>{len(data)} triples of the example graph</dd></dl>\n")
    w('<nav class="toc"><a href="#diagram">Diagram</a><a href="#vocabularies">Vocabularies</a>'
      '<a href="#classes">Classes</a><a href="#properties">Properties</a><a href="#concepts">Concepts</a>'
      '<a href="#shapes">Shapes</a></nav>\n')
    w(f'<h2 id="diagram">Main classes</h2>\n<p>Classes minted in <code>fupin:</code> (red) under the reused '
      f'classes they refine (blue); a click opens a class.</p>\n<div class="diagram">{svg}</div>\n')
    w(_vocabularies(onto, terms))
    w('<h2 id="classes">Classes</h2>\n')
    for c in terms.classes:
        w(_class_html(onto, c, known, shape_rules.get(c, []), data))
    w('<h2 id="properties">Properties</h2>\n')
    for p in terms.properties:
        w(_property_html(onto, p, known, data))
    w('<h2 id="concepts">Concept schemes</h2>\n')
    for s in terms.schemes:
        w(f'<div class="term minted" id="{esc(anchor(s))}"><h3><code>{esc(curie(s))}</code></h3>'
          f"<p>{_labels_html(onto, s, SKOS.prefLabel)}</p><p>{esc(definition(onto, s))}</p><table>"
          "<tr><th>concept</th><th>labels</th><th>definition</th></tr>")
        for c in terms.concepts:
            if (c, SKOS.inScheme, s) in onto:
                w(f'<tr id="{esc(anchor(c))}"><td><code>{esc(curie(c))}</code></td>'
                  f"<td>{_labels_html(onto, c, SKOS.prefLabel)}</td><td>{esc(definition(onto, c))}</td></tr>")
        w("</table></div>\n")
    w('<h2 id="shapes">SHACL shapes</h2>\n<p>What <code>kg validate</code> checks (<code>ontology/shapes.ttl</code>).</p>\n')
    w(_shapes_html(shapes, known))
    w(f"<p><small>{esc(MARKER)}</small></p>\n</body>\n</html>\n")
    return "".join(out)


def _vocabularies(onto: Graph, terms: Terms) -> str:
    counts: dict[str, int] = defaultdict(int)
    for t in terms.classes + terms.properties:
        counts[curie(t).split(":")[0]] += 1
    rows = "".join(f"<tr><td><code>{esc(p)}:</code></td><td><code>{esc(ns)}</code></td><td>{counts.get(p, 0)}</td></tr>"
                   for p, ns in PREFIXES.items() if counts.get(p))
    return ('<h2 id="vocabularies">Vocabularies</h2>\n<p>Standard terms are reused; <code>fupin:</code> terms are '
            "minted only where none exists.</p>\n<table><tr><th>prefix</th><th>namespace</th><th>terms declared</th>"
            f"</tr>{rows}</table>\n")


def _class_html(onto: Graph, c, known: set, rules: list, data: Graph) -> str:
    minted = str(c).startswith(str(FUPIN))
    supers = [o for o in onto.objects(c, RDFS.subClassOf) if isinstance(o, URIRef)]
    subs = sorted(onto.subjects(RDFS.subClassOf, c), key=_order)
    domain_of = sorted(onto.subjects(RDFS.domain, c), key=_order)
    range_of = sorted(onto.subjects(RDFS.range, c), key=_order)
    parts = [f'<div class="term{" minted" if minted else ""}" id="{esc(anchor(c))}">',
             f"<h3><code>{esc(curie(c))}</code> class</h3><p>{_labels_html(onto, c)}</p>"]
    if definition(onto, c):
        parts.append(f"<p>{esc(definition(onto, c))}</p>")
    parts.append(f"<dl><dt>IRI</dt><dd><code>{esc(c)}</code></dd>")
    by = onto.value(c, RDFS.isDefinedBy)
    parts.append(f"<dt>vocabulary</dt><dd>{'minted here' if minted else esc(curie(by) if by else 'reused')}</dd>")
    for name, items in (("subclass of", supers), ("subclasses", subs), ("domain of", domain_of), ("range of", range_of)):
        if items:
            parts.append(f"<dt>{name}</dt><dd>{', '.join(_link(i, known) for i in items)}</dd>")
    parts.append("</dl>")
    if rules:
        parts.append("<table><tr><th>shape</th><th>path</th><th>constraint</th></tr>" + "".join(
            f"<tr><td><code>{esc(s)}</code></td><td><code>{esc(p)}</code></td><td>{esc(r)}</td></tr>"
            for s, p, r in rules) + "</table>")
    n, example = class_example(data, c)
    if example:
        parts.append(f"<p><small>{n} instance(s) in the example graph; the first:</small></p>"
                     f"<pre>{esc(chr(10).join(example))}</pre>")
    parts.append("</div>\n")
    return "".join(parts)


def _property_html(onto: Graph, p, known: set, data: Graph) -> str:
    minted = str(p).startswith(str(FUPIN))
    kinds = [PROPERTY_KINDS.get(k) or curie(k).replace("owl:", "").lower() for k in onto.objects(p, RDF.type)]
    parts = [f'<div class="term{" minted" if minted else ""}" id="{esc(anchor(p))}">',
             f"<h3><code>{esc(curie(p))}</code> {esc(', '.join(sorted(k for k in kinds if k)))}</h3>",
             f"<p>{_labels_html(onto, p)}</p>"]
    if definition(onto, p):
        parts.append(f"<p>{esc(definition(onto, p))}</p>")
    parts.append(f"<dl><dt>IRI</dt><dd><code>{esc(p)}</code></dd>")
    by = onto.value(p, RDFS.isDefinedBy)
    parts.append(f"<dt>vocabulary</dt><dd>{'minted here' if minted else esc(curie(by) if by else 'reused')}</dd>")
    for name, prop in (("domain", RDFS.domain), ("range", RDFS.range), ("subproperty of", RDFS.subPropertyOf),
                       ("inverse of", OWL.inverseOf)):
        items = [o for o in onto.objects(p, prop) if isinstance(o, URIRef)]
        if items:
            parts.append(f"<dt>{name}</dt><dd>{', '.join(_link(i, known) for i in items)}</dd>")
    parts.append("</dl>")
    n, example = property_example(data, p)
    if example:
        parts.append(f"<p><small>{n} triple(s) in the example graph, e.g.:</small></p>"
                     f"<pre>{esc(chr(10).join(example))}</pre>")
    parts.append("</div>\n")
    return "".join(parts)


def _shapes_html(shapes: Graph, known: set) -> str:
    parts = []
    for shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str):
        targets = sorted(shapes.objects(shape, SH.targetClass), key=str)
        parts.append(f'<div class="term" id="{esc(anchor(shape))}"><h3><code>{esc(curie(shape))}</code></h3>'
                     f"<p>targets: {', '.join(_link(t, known) for t in targets) or '—'}</p>"
                     "<table><tr><th>path</th><th>constraint</th></tr>")
        for ps in _property_shapes(shapes, shape):
            path = shapes.value(ps, SH.path)
            parts.append(f"<tr><td>{_link(path, known) if isinstance(path, URIRef) else '(path expression)'}</td>"
                         f"<td>{esc(_describe_constraint(shapes, ps))}</td></tr>")
        parts.append("</table></div>\n")
    return "".join(parts)
