"""RDF → networkx: the entity graph behind `kg viz` and `kg stats`.

Entities (typed IRIs) become nodes; literals and untyped objects (times, roles,
measure types) are folded into node attributes; provenance (NIF phrases and
sentences, articles), OWL-Time and ontology nodes are hidden unless asked for.
Node ids are compact IRIs (`id:place/141028000000`) so the page holds no URLs.
Pure functions: no file I/O here (kg/viz/page.py writes HTML, kg/cli/viz.py files).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, TIME

from kg.model.namespaces import FUPIN, GEO, NIF, ORG, SCHEMA, iri_shortener
from kg.resources.ontology import ontology

DEFAULT_MAX_NODES = 250
LABEL_PROPS = (RDFS.label, SCHEMA.name, SKOS.prefLabel, SCHEMA.headline)
HIDDEN_PREDICATES = {RDF.type, PROV.wasDerivedFrom, DCTERMS.source, SCHEMA.mentions,
                     SKOS.inScheme, *LABEL_PROPS}
PLUMBING_NAMESPACES = (str(NIF), str(TIME), str(OWL), str(RDFS))
PROVENANCE_CLASSES = {SCHEMA.NewsArticle}
FOLDED_CLASSES = {ORG.Role, SKOS.ConceptScheme}  # shown as attributes of their subjects

# class → (group, colour, vis shape); first match in this order wins for multi-typed nodes.
# Place levels take Okabe–Ito colours (colour-blind safe): province blue, prefecture green,
# county level orange, township purple, village yellow.
STYLE: dict[URIRef, tuple[str, str, str]] = {
    FUPIN.Official: ("official", "#d62728", "dot"),
    SCHEMA.Person: ("person", "#ff7f7f", "dot"),
    ORG.Post: ("post", "#ffaa55", "triangle"),
    FUPIN.PartyCommittee: ("party", "#b22222", "hexagon"),
    FUPIN.GovernmentBody: ("government", "#1f77b4", "hexagon"),
    FUPIN.LeadingGroup: ("group", "#6baed6", "hexagon"),
    FUPIN.Enterprise: ("enterprise", "#17becf", "hexagon"),
    FUPIN.Cooperative: ("cooperative", "#9edae5", "hexagon"),
    FUPIN.NewsOrganization: ("news", "#7f7f7f", "hexagon"),
    ORG.Organization: ("org", "#3182bd", "hexagon"),
    FUPIN.Province: ("province", "#0072B2", "square"),
    FUPIN.Municipality: ("municipality", "#0072B2", "square"),
    FUPIN.PrefectureLevelCity: ("city", "#009E73", "square"),
    FUPIN.County: ("county", "#E69F00", "square"),
    FUPIN.CountyLevelCity: ("county-city", "#E69F00", "square"),
    FUPIN.District: ("district", "#E69F00", "square"),
    FUPIN.DevelopmentZone: ("zone", "#E69F00", "square"),
    FUPIN.Township: ("township", "#CC79A7", "square"),
    FUPIN.Village: ("village", "#F0E442", "square"),
    FUPIN.AdministrativeArea: ("area", "#56B4E9", "square"),
    FUPIN.Programme: ("programme", "#6a3d9a", "star"),
    FUPIN.Campaign: ("campaign", "#9467bd", "star"),
    FUPIN.Mechanism: ("mechanism", "#b39ddb", "star"),
    FUPIN.Measure: ("measure", "#c5b0d5", "star"),
    FUPIN.Initiative: ("initiative", "#c5b0d5", "star"),
    FUPIN.PolicyDocument: ("document", "#8c564b", "triangleDown"),
    FUPIN.Meeting: ("meeting", "#008080", "diamond"),
    FUPIN.DatedStatement: ("statement", "#66c2a4", "diamond"),
    FUPIN.FundingAmount: ("amount", "#e6ab02", "dot"),
    FUPIN.Statistic: ("statistic", "#969696", "dot"),
    FUPIN.Share: ("share", "#bdbdbd", "dot"),
    SKOS.Concept: ("concept", "#e377c2", "diamond"),
    SCHEMA.NewsArticle: ("article", "#444444", "box"),
}
OTHER_STYLE = ("other", "#cccccc", "dot")
PLACE_CLASSES = {c for c, (g, _, s) in STYLE.items() if s == "square"}
WORDS = {  # fixed tooltip words; property and class names come from the ontology
    "en": {"simplified": "simplified", "pinyin": "pinyin", "type": "type", "quote": "quote",
           "source": "source", "id": "id", "more": "more"},
    "zh-Hant": {"simplified": "簡體", "pinyin": "拼音", "type": "類別", "quote": "原文",
                "source": "出處", "id": "標識", "more": "更多"},
    "zh-Hans": {"simplified": "简体", "pinyin": "拼音", "type": "类别", "quote": "原文",
                "source": "出处", "id": "标识", "more": "更多"},
}


@dataclass(frozen=True)
class ViewOptions:
    focus: str | None = None  # IRI, compact IRI or label
    depth: int = 2
    types: tuple[str, ...] = ()  # class names: Person, County, fupin:Meeting, 縣 …
    place: str | None = None  # place label or IRI: that place, places within it, and what is there
    max_nodes: int = DEFAULT_MAX_NODES
    lang: str = "zh"  # zh (the articles' script) or en, for edge labels, legend and tooltips
    plumbing: bool = False  # also show provenance, time and role nodes


@dataclass
class View:
    graph: object  # networkx.MultiDiGraph: node attrs label/kind/color/shape/size/title/places
    full: object = None  # the entity graph before selection
    notes: list[str] = field(default_factory=list)  # what was left out, and why
    legend: list[dict] = field(default_factory=list)  # kind, label, color, shape, count
    places: list[tuple[str, str]] = field(default_factory=list)  # (id, label) for the place filter
    sources: list[str] = field(default_factory=list)  # article headlines
    script: str = "zh-Hans"
    lang: str = "zh-Hans"
    total_entities: int = 0


class ViewError(ValueError):
    """A --focus, --place or --types value that names nothing in the graph."""


# --- vocabulary -----------------------------------------------------------------
def term_label(term: URIRef, lang: str, g: Graph | None = None) -> str:
    """A class or property label in `lang` (en, zh-Hant, zh-Hans), else its local name."""
    for graph in (ontology(), g) if g is not None else (ontology(),):
        for prop in (RDFS.label, SKOS.prefLabel):
            for o in graph.objects(term, prop):
                if isinstance(o, Literal) and o.language == lang:
                    return str(o)
    return local_name(term)


def local_name(term: URIRef) -> str:
    s = str(term)
    return s.rsplit("#", 1)[-1] if "#" in s else s.rstrip("/").rsplit("/", 1)[-1]


def graph_script(g: Graph) -> str:
    """The articles' script (zh-Hant or zh-Hans): the most common schema:inLanguage."""
    langs = Counter(str(o) for o in g.objects(None, SCHEMA.inLanguage) if str(o) in ("zh-Hant", "zh-Hans"))
    return langs.most_common(1)[0][0] if langs else "zh-Hans"


def superclasses(cls: URIRef) -> set[URIRef]:
    onto, seen, todo = ontology(), set(), [cls]
    while todo:
        c = todo.pop()
        if c not in seen:
            seen.add(c)
            todo.extend(o for o in onto.objects(c, RDFS.subClassOf) if isinstance(o, URIRef))
    return seen


def is_plumbing_class(cls: URIRef) -> bool:
    return str(cls).startswith(PLUMBING_NAMESPACES) or cls in FOLDED_CLASSES


# --- formatting -------------------------------------------------------------------
def _fmt(d: Decimal) -> str:
    q = d.quantize(Decimal("0.01")).normalize()
    return f"{q:f}"


def format_quantity(value: Decimal, unit: str, script: str) -> str:
    """Chinese magnitude words: 586712900 元 → 5.87億元, 36000 人 → 3.6萬人."""
    hans = script == "zh-Hans"
    if abs(value) >= Decimal(10) ** 8:
        return _fmt(value / Decimal(10) ** 8) + ("亿" if hans else "億") + unit
    if abs(value) >= Decimal(10) ** 4:
        return _fmt(value / Decimal(10) ** 4) + ("万" if hans else "萬") + unit
    return f"{value.normalize():f}" + unit


def format_amount(value: Decimal, script: str) -> str:
    """5.87億元 (586,712,900 CNY)."""
    full = f"{value.normalize():,f}" if value != value.to_integral() else f"{int(value):,}"
    return f"{format_quantity(value, '元', script)} ({full} CNY)"


def shorten(text: str, n: int = 24) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def compact(g: Graph, term: URIRef) -> str:
    """Compact IRI by the longest bound namespace (id:place/141028000000); else the IRI."""
    return _compactor(g)(term)


def _compactor(g: Graph):
    return iri_shortener(g.namespaces())


# --- conversion -------------------------------------------------------------------
def _labels(g: Graph, node: URIRef) -> dict[str, str]:
    out: dict[str, str] = {}
    for prop in LABEL_PROPS:
        for o in g.objects(node, prop):
            if isinstance(o, Literal):
                out.setdefault(o.language or "", str(o))
    return out


def _style_class(types: set[URIRef]) -> URIRef | None:
    for cls in STYLE:
        if cls in types:
            return cls
    return next(iter(sorted(types)), None)


def _entities(g: Graph, plumbing: bool) -> tuple[dict[URIRef, URIRef | None], Counter]:
    """Entity IRI → its display class; and a count of hidden nodes per hidden class."""
    types: dict[URIRef, set[URIRef]] = {}
    for s, o in g.subject_objects(RDF.type):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            types.setdefault(s, set()).add(o)
    entities, hidden = {}, Counter()
    for node, ts in types.items():
        shown = {t for t in ts if not is_plumbing_class(t) and t not in PROVENANCE_CLASSES}
        if shown or plumbing:
            entities[node] = _style_class(shown or ts)
        else:
            hidden[_style_class(ts - {NIF.RFC5147String} or ts)] += 1
    return entities, hidden


def _node_label(g: Graph, node: URIRef, cls, labels: dict[str, str], script: str) -> str:
    value = g.value(node, SCHEMA.value)
    if cls == FUPIN.FundingAmount and value is not None:
        return format_quantity(Decimal(str(value)), "元", script)
    if cls in (FUPIN.Statistic, FUPIN.Share) and value is not None:  # say what it counts: 貧困戶 900戶
        what = shorten(str(g.value(node, FUPIN.counts) or ""), 8)
        amount = format_quantity(Decimal(str(value)), str(g.value(node, SCHEMA.unitText) or ""), script)
        return f"{what} {amount}".strip()
    for lang in (script, "zh-Hant", "zh-Hans", ""):
        if lang in labels:
            return labels[lang]
    return next(iter(labels.values()), local_name(node))


def convert(g: Graph, *, lang: str = "zh", plumbing: bool = False) -> View:
    """The whole entity graph of `g`, before any cap or filter."""
    import networkx as nx  # lazy: networkx is heavy; only the view and stats need it

    script = graph_script(g)
    lang = script if lang == "zh" else "en"
    entities, hidden = _entities(g, plumbing)
    G = nx.MultiDiGraph()
    short = _compactor(g)
    ids = {n: short(n) for n in entities}
    for node, cls in entities.items():
        labels = _labels(g, node)
        group, color, shape = STYLE.get(cls, OTHER_STYLE)
        G.add_node(ids[node], iri=str(node), cls=short(cls) if cls else "", cls_iri=str(cls or ""),
                   kind=group,
                   color=color, shape=shape, label=_node_label(g, node, cls, labels, script),
                   labels=labels, is_place=cls in PLACE_CLASSES,
                   type_label=term_label(cls, lang) if cls else "")
    for s, p, o in g:
        if s in entities and o in entities and p not in HIDDEN_PREDICATES and (
                plumbing or not str(p).startswith(PLUMBING_NAMESPACES)):
            G.add_edge(ids[s], ids[o], key=short(p), label=term_label(p, lang))
    view = View(graph=G, full=G, script=script, lang=lang, total_entities=G.number_of_nodes())
    _add_places(G)
    _add_centrality(G)
    view.sources = sorted({str(h) for a in g.subjects(RDF.type, SCHEMA.NewsArticle)
                           for h in g.objects(a, SCHEMA.headline)})
    if hidden:
        parts = ", ".join(f"{term_label(c, lang) if c else '?'} {n}" for c, n in sorted(
            hidden.items(), key=lambda kv: (-kv[1], str(kv[0]))))
        view.notes.append(f"hidden provenance, time and role nodes (kg viz --plumbing shows them): {parts}")
    return view


def _add_places(G) -> None:
    """Each node's `places`: places it is linked to (within two hops, not through
    another place) and the places those lie in (fupin:partOf)."""
    within: dict[str, set[str]] = {}
    for n, d in G.nodes(data=True):
        if d["is_place"]:
            up, todo = {n}, [n]
            while todo:
                cur = todo.pop()
                for _, parent, key in G.out_edges(cur, keys=True):
                    if key == "fupin:partOf" and parent not in up:
                        up.add(parent)
                        todo.append(parent)
            within[n] = up
    U = G.to_undirected(as_view=True)
    for n in G:
        if n in within:
            G.nodes[n]["places"] = sorted(within[n])
            continue
        found, frontier = set(), [n]
        for _ in range(2):  # two hops, not through a place
            frontier = [m for cur in frontier for m in U.neighbors(cur)]
            for m in frontier:
                found |= within.get(m, set())
            frontier = [m for m in frontier if m not in within]
        G.nodes[n]["places"] = sorted(found)


def _add_centrality(G) -> None:
    import networkx as nx  # lazy: networkx is heavy; only the view and stats need it

    simple = nx.Graph(G.to_undirected(as_view=True))
    cent = nx.degree_centrality(simple) if len(simple) > 1 else {n: 0.0 for n in simple}
    top = max(cent.values(), default=0) or 1
    for n, c in cent.items():
        G.nodes[n]["centrality"] = round(c, 6)
        G.nodes[n]["size"] = round(10 + 25 * (c / top) ** 0.5, 1)


def add_tooltips(g: Graph, view: View) -> None:
    """Set each node's `tip` rows (after selection: only kept nodes need them)."""
    entities = {URIRef(d["iri"]) for _, d in view.full.nodes(data=True)}
    for _, d in view.graph.nodes(data=True):
        d["tip"] = tooltip(g, URIRef(d["iri"]), d, entities, view.script, view.lang)


def tooltip(g: Graph, node: URIRef, attrs: dict, entities, script: str, lang: str) -> list[tuple]:
    """Tooltip rows (name, text) as plain strings, the node's label first; a quote's text
    is (before, quoted, after). kg.viz.page escapes them into HTML."""
    words, labels = WORDS.get(lang, WORDS["en"]), attrs["labels"]
    rows: list[tuple] = [("", labels.get(script) or attrs["label"])]
    hans = labels.get("zh-Hans")
    if hans and hans != labels.get(script):
        rows.append((words["simplified"], hans))
    if labels.get("zh-Latn-pinyin"):
        rows.append((words["pinyin"], labels["zh-Latn-pinyin"]))
    rows.append((words["type"], attrs["type_label"]))
    rows += list(key_values(g, node, entities, script, lang))
    quotes = list(_quotes(g, node))
    rows += [(words["quote"], q) for q in quotes[:2]]
    if len(quotes) > 2:
        rows.append((words["quote"], f"+{len(quotes) - 2} {words['more']}"))
    for art in sorted(set(g.objects(node, DCTERMS.source)))[:1]:
        head = g.value(art, SCHEMA.headline)
        rows.append((words["source"], shorten(str(head or local_name(art)), 40)))
    rows.append((words["id"], compact(g, node)))
    return rows


def key_values(g: Graph, node: URIRef, entities, script: str, lang: str):
    """(property label, text) for the literals and folded objects of a node."""
    for p, o in sorted(g.predicate_objects(node), key=lambda po: (po[0] != SCHEMA.value, po)):
        if p in HIDDEN_PREDICATES or p == SCHEMA.currency or (isinstance(o, URIRef) and o in entities):
            continue
        if p == FUPIN.approximate and not o.toPython():
            continue
        if isinstance(o, Literal):
            if p == SCHEMA.value and (node, RDF.type, FUPIN.FundingAmount) in g:
                text = format_amount(Decimal(str(o)), script)
            elif p in (GEO.lat, GEO.long) or str(p).startswith(str(NIF)):
                text = str(o)[:12] if p in (GEO.lat, GEO.long) else shorten(str(o), 60)
            else:
                text = str(o)
            yield term_label(p, lang), text
        elif isinstance(o, URIRef):  # time, role, measure type: fold their label in
            labels = _labels(g, o) or _labels(ontology(), o)
            label = labels.get(lang) or labels.get(script) or next(iter(labels.values()), local_name(o))
            yield term_label(p, lang), label


def _quotes(g: Graph, node: URIRef):
    """(before, quoted phrase, after) within each source sentence."""
    for phrase in sorted(g.objects(node, PROV.wasDerivedFrom)):
        anchor = str(g.value(phrase, NIF.anchorOf) or "")
        sentence = g.value(phrase, NIF.sentence)
        text = str(g.value(sentence, NIF.anchorOf) or "") if sentence is not None else ""
        if anchor and anchor in text:
            before, _, after = text.partition(anchor)
            yield (before[-50:], anchor, after[:50])
        elif anchor:
            yield ("", shorten(anchor, 100), "")
