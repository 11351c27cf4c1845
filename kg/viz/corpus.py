"""The entity view of a corpus: people, organisations, places, initiatives and policy
documents as nodes; funding amounts, statistics and dates folded into them.

A place carries its total funding by year, its designations, exit year and the statistics
stated about it; an initiative its money and where it runs; a person the posts held. An
edge (s, o) is a triple between two kept entities; its weight is the number of articles
that state both ends, and it keeps up to three of their sentences as evidence.
Pure functions over an rdflib Graph (no file I/O): `corpus_data(g)` returns JSON-ready
records that kg.viz.corpus_page writes and kg.viz.geo places on the map.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF

from kg.model.namespaces import FUPIN, GEO, NIF, ORG, SCHEMA
from kg.resources.ontology import ontology
from kg.text.script import to_simplified
from kg.viz.entities import (
    STYLE, ViewError, _compactor, _labels, _style_class, format_quantity, graph_script, local_name, shorten, term_label,
)

# coarse kind → (class whose ontology label names it, colour, vis shape). Place levels use the
# Okabe–Ito palette (colour-blind safe); the other kinds differ by shape as well as colour.
KINDS: dict[str, tuple[URIRef, str, str]] = {
    "person": (SCHEMA.Person, "#D55E00", "dot"),
    "organisation": (ORG.Organization, "#56B4E9", "hexagon"),
    "province": (FUPIN.Province, "#0072B2", "square"),
    "city": (FUPIN.PrefectureLevelCity, "#009E73", "square"),
    "county": (FUPIN.County, "#E69F00", "square"),
    "township": (FUPIN.Township, "#CC79A7", "square"),
    "village": (FUPIN.Village, "#F0E442", "square"),
    "initiative": (FUPIN.Initiative, "#882255", "star"),
    "document": (FUPIN.PolicyDocument, "#000000", "triangleDown"),
}
PLACE_KINDS = ("province", "city", "county", "township", "village")
GROUP_KIND = {  # kg.viz.entities STYLE group → coarse kind (news organisations are left out)
    "official": "person", "person": "person",
    "party": "organisation", "government": "organisation", "group": "organisation",
    "enterprise": "organisation", "cooperative": "organisation", "org": "organisation",
    "province": "province", "municipality": "province", "city": "city",
    "county": "county", "county-city": "county", "district": "county", "zone": "county",
    "township": "township", "area": "township", "village": "village",
    "programme": "initiative", "campaign": "initiative", "mechanism": "initiative",
    "measure": "initiative", "initiative": "initiative", "document": "document",
}
EDGE_PREDICATES = {FUPIN.carriedOutIn, FUPIN.partOf, FUPIN.pairedWith, ORG.memberOf, ORG.postIn,
                   SCHEMA.organizer, FUPIN.initiative, SCHEMA.location, DCTERMS.spatial}
MAX_EVIDENCE = 3
WORDS = {
    "en": {"funding": "funding", "designations": "designations", "exit": "exit year", "stats": "statistics",
           "money": "money", "where": "where it runs", "posts": "posts", "articles": "articles",
           "in": "in", "type": "type", "same": "named in one sentence", "unknown": "year unknown"},
    "zh-Hant": {"funding": "資金", "designations": "認定", "exit": "摘帽年份", "stats": "統計",
                "money": "資金", "where": "實施地點", "posts": "職務", "articles": "篇報道",
                "in": "位於", "type": "類別", "same": "同句提及", "unknown": "年份不詳"},
    "zh-Hans": {"funding": "资金", "designations": "认定", "exit": "摘帽年份", "stats": "统计",
                "money": "资金", "where": "实施地点", "posts": "职务", "articles": "篇报道",
                "in": "位于", "type": "类别", "same": "同句提及", "unknown": "年份不详"},
}


@dataclass
class Corpus:
    """The folded entity graph: nodes and edges as plain dicts, ready for JSON."""

    nodes: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)
    legend: list[dict] = field(default_factory=list)
    articles: dict[str, str] = field(default_factory=dict)  # article id → headline
    script: str = "zh-Hans"
    lang: str = "zh-Hans"


def _label(labels: dict[str, str], script: str, fallback: str) -> str:
    for lang in (script, "zh-Hant", "zh-Hans", ""):
        if lang in labels:
            return labels[lang]
    return next(iter(labels.values()), fallback)


def _year(g: Graph, fact: URIRef, article_year: dict) -> str:
    t = g.value(fact, DCTERMS.temporal)
    if isinstance(t, URIRef):
        name = local_name(t)
        if name[:4].isdigit():
            return name[:4]
    src = g.value(fact, DCTERMS.source)
    return article_year.get(src, "")


class _Folder:
    """Reads the graph once per question and remembers what it found."""

    def __init__(self, g: Graph, lang: str):
        self.g, self.script = g, graph_script(g)
        self.lang = self.script if lang == "zh" else "en"
        self.words = WORDS[self.lang if self.lang in WORDS else "en"]
        self.short = _compactor(g)
        self.sentence_text: dict[URIRef, str] = {}
        self.article_year = {a: str(d)[:4] for a, d in g.subject_objects(SCHEMA.datePublished)}
        self.headlines = {a: str(h) for a, h in g.subject_objects(SCHEMA.headline)}

    def kinds(self) -> dict[URIRef, str]:
        """Kept entity → coarse kind."""
        types: dict[URIRef, set[URIRef]] = defaultdict(set)
        for s, o in self.g.subject_objects(RDF.type):
            if isinstance(s, URIRef) and isinstance(o, URIRef):
                types[s].add(o)
        out = {}
        for node, ts in types.items():
            cls = _style_class(ts)
            kind = GROUP_KIND.get(STYLE[cls][0]) if cls in STYLE else None
            if kind:
                out[node] = kind
        return out

    def articles(self, node: URIRef) -> set[URIRef]:
        return set(self.g.objects(node, DCTERMS.source)) | set(self.g.subjects(SCHEMA.mentions, node))

    def sentences(self, node: URIRef) -> dict[URIRef, URIRef]:
        """Sentence → its article, for every phrase the node was read from."""
        out = {}
        for phrase in self.g.objects(node, PROV.wasDerivedFrom):
            sent = self.g.value(phrase, NIF.sentence)
            if sent is not None:
                out[sent] = URIRef(str(phrase).split("/text#", 1)[0])
        return out

    def text(self, sentence: URIRef) -> str:
        if sentence not in self.sentence_text:
            self.sentence_text[sentence] = shorten(str(self.g.value(sentence, NIF.anchorOf) or ""), 160)
        return self.sentence_text[sentence]

    def name(self, term: URIRef) -> str:
        labels = _labels(self.g, term)
        if not labels:
            labels = _labels(ontology(), term)
        return _label(labels, self.script, local_name(term))


def corpus_data(g: Graph, *, lang: str = "zh") -> Corpus:
    """The folded entity graph of `g` (the whole of it: the page decides what to draw)."""
    f = _Folder(g, lang)
    kinds = f.kinds()
    ids = {n: f.short(n) for n in kinds}
    arts = {n: f.articles(n) for n in kinds}
    sents = {n: f.sentences(n) for n in kinds}
    facts = _fold_facts(f, kinds)
    nodes = {}
    for n, kind in kinds.items():
        labels = _labels(g, n)
        label = _label(labels, f.script, local_name(n))
        funding = facts[n].pop("_funding", Decimal(0))
        evidence = [(f.short(a), f.text(s)) for s, a in sorted(sents[n].items())[:MAX_EVIDENCE]]
        nodes[n] = {"id": ids[n], "label": shorten(label, 14), "full": label, "kind": kind,
                    "articles": len(arts[n]) or 1, "funding": float(funding), "facts": facts[n]["rows"],
                    "evidence": evidence, "srcs": sorted(f.short(a) for a in arts[n])[:50]}
        lat, lon = g.value(n, GEO.lat), g.value(n, GEO.long)
        if lat is not None and lon is not None:
            nodes[n]["lat"], nodes[n]["lon"] = round(float(lat), 4), round(float(lon), 4)
    edges = _edges(f, kinds, ids, arts, sents)
    _add_places(nodes, edges, kinds, ids, g)
    corpus = Corpus(nodes=sorted(nodes.values(), key=lambda d: (-d["articles"], d["id"])), edges=edges,
                    script=f.script, lang=f.lang)
    for rank, d in enumerate(corpus.nodes):
        d["rank"] = rank
    counts = Counter(kinds.values())
    corpus.legend = [{"kind": k, "label": term_label(cls, f.lang), "color": color, "shape": shape,
                      "count": counts[k]} for k, (cls, color, shape) in KINDS.items() if counts[k]]
    corpus.articles = {f.short(a): shorten(h, 60) for a, h in sorted(f.headlines.items())}
    return corpus


def narrow(corpus: Corpus, place: str) -> str:
    """Keep only a place, the places in it and what is linked to them; a note saying so."""
    key = to_simplified(place)
    hits = [d for d in corpus.nodes if d["kind"] in PLACE_KINDS and (place == d["id"] or key == to_simplified(d["full"]))]
    if len(hits) != 1:
        what = f"{len(hits)} places are named" if hits else "no place named"
        raise ViewError(f"{what} {place!r} in the graph — pass a place id (id:place/…) from `kg query places`")
    chosen = hits[0]["id"]
    corpus.nodes = [d for d in corpus.nodes if chosen in d["places"]]
    kept = {d["id"] for d in corpus.nodes}
    corpus.edges = [e for e in corpus.edges if e["from"] in kept and e["to"] in kept]
    return f"only what is in or linked to {hits[0]['full']}: {len(corpus.nodes)} entities"


def _money(f: _Folder, kinds) -> tuple[dict, dict]:
    """Funding per place and year, and per initiative it is stated with."""
    g = f.g
    by_place: dict[URIRef, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    by_initiative: dict[URIRef, Decimal] = defaultdict(Decimal)
    for amount in g.subjects(RDF.type, FUPIN.FundingAmount):
        value = g.value(amount, SCHEMA.value)
        if value is None:
            continue
        v, year = Decimal(str(value)), _year(g, amount, f.article_year)
        for place in g.objects(amount, DCTERMS.spatial):
            if place in kinds:
                by_place[place][year] += v
        for ini in g.objects(amount, FUPIN.statedWith):
            if ini in kinds:
                by_initiative[ini] += v
    return by_place, by_initiative


def _statistics(f: _Folder, kinds) -> dict[URIRef, list[str]]:
    """Per place, its statistics as text that says what they count: 貧困戶 1200戶 (2017)."""
    g, stats = f.g, defaultdict(list)
    for stat in g.subjects(RDF.type, FUPIN.Statistic):
        value, what = g.value(stat, SCHEMA.value), g.value(stat, FUPIN.counts)
        if value is None:
            continue
        unit = str(g.value(stat, SCHEMA.unitText) or "")
        text = f"{shorten(str(what or ''), 12)} {format_quantity(Decimal(str(value)), unit, f.script)}".strip()
        year = _year(g, stat, f.article_year)
        for place in g.objects(stat, DCTERMS.spatial):
            if place in kinds:
                stats[place].append(f"{text} ({year})" if year else text)
    return stats


def _some(items: list[str], n: int) -> str:
    return "、".join(items[:n]) + (f" (+{len(items) - n})" if len(items) > n else "")


def _fold_facts(f: _Folder, kinds: dict[URIRef, str]) -> dict[URIRef, dict]:
    """Rows of (name, text) per kept entity: funding by year, designations, exit year,
    statistics (places); money, places and type (initiatives); posts (people)."""
    g, w = f.g, f.words
    by_place, by_initiative = _money(f, kinds)
    stats = _statistics(f, kinds)
    out: dict[URIRef, dict] = {}
    for n, kind in kinds.items():
        rows: list[tuple[str, str]] = []
        out[n] = {"rows": rows}
        if n in by_place:
            out[n]["_funding"] = sum(by_place[n].values(), Decimal(0))
            rows.append((w["funding"], "; ".join(f"{y or w['unknown']}: {format_quantity(v, '元', f.script)}"
                                                 for y, v in sorted(by_place[n].items()))))
        if kind in PLACE_KINDS:
            rows += [(w["designations"], _some(sorted({f.name(c) for c in g.objects(n, FUPIN.designatedAs)}), 4)),
                     (w["exit"], _some(sorted({str(y) for y in g.objects(n, FUPIN.exitYear)}), 3))]
            if stats[n]:
                common = [t for t, _ in Counter(stats[n]).most_common()]
                rows.append((w["stats"], "; ".join(common[:4]) + (f" (+{len(stats[n]) - 4})" if len(stats[n]) > 4
                                                                   else "")))
        if kind == "initiative":
            if n in by_initiative:
                out[n]["_funding"] = by_initiative[n]
                rows.append((w["money"], format_quantity(by_initiative[n], "元", f.script)))
            rows.append((w["where"], _some(sorted({f.name(p) for p in g.objects(n, FUPIN.carriedOutIn)}), 8)))
            typ = g.value(n, DCTERMS.type)
            rows.append((w["type"], f.name(typ) if isinstance(typ, URIRef) else ""))
        if kind == "person":
            rows.append((w["posts"], _some(sorted({f.name(p) for p in g.objects(n, ORG.holds)}), 6)))
        rows[:] = [r for r in rows if r[1]]
    return out


def _edges(f: _Folder, kinds, ids, arts, sents) -> list[dict]:
    """Triples between kept entities (posts folded: person → organisation), plus documents
    linked to what their sentence names; each with its article count and sentences."""
    g = f.g
    pairs: dict[tuple[URIRef, URIRef], str] = {}
    for p in EDGE_PREDICATES:
        for s, o in g.subject_objects(p):
            if s in kinds and o in kinds and s != o:
                pairs.setdefault((s, o), term_label(p, f.lang))
    for s, post in g.subject_objects(ORG.holds):  # person → post → organisation
        for org in g.objects(post, ORG.postIn):
            if s in kinds and org in kinds:
                pairs.setdefault((s, org), term_label(ORG.holds, f.lang))
    for person, org in g.subject_objects(ORG.memberOf):  # a person is also where their organisation is
        if person in kinds and org in kinds:
            for place in g.objects(org, DCTERMS.spatial):
                if place in kinds:
                    pairs.setdefault((person, place), f.name(org))
    by_sentence: dict[URIRef, list[URIRef]] = defaultdict(list)
    for n, ss in sents.items():
        for s in ss:
            by_sentence[s].append(n)
    for n, kind in kinds.items():  # documents: what their sentence names; people: the places there
        if kind in ("document", "person"):
            for s in sents[n]:
                for m in by_sentence[s]:
                    if m != n and (kinds[m] in PLACE_KINDS if kind == "person" else kinds[m] != "document"):
                        pairs.setdefault((n, m), f.words["same"])
    edges = []
    for (s, o), label in sorted(pairs.items()):
        common = arts[s] & arts[o]
        shared = sorted(set(sents[s]) & set(sents[o]))
        evidence = [(f.short(sents[s][x]), f.text(x)) for x in shared[:MAX_EVIDENCE]]
        edges.append({"from": ids[s], "to": ids[o], "label": label, "articles": len(common) or 1,
                      "evidence": evidence})
    return edges


def _add_places(nodes: dict, edges: list[dict], kinds, ids, g: Graph) -> None:
    """Each node's `places`: places it is linked to within two hops (not through another
    place), and the places those lie in."""
    by_id = {ids[n]: n for n in kinds}
    parent = {ids[s]: ids[o] for s, o in g.subject_objects(FUPIN.partOf) if s in kinds and o in kinds}
    within: dict[str, list[str]] = {}
    for i, n in by_id.items():
        if kinds[n] in PLACE_KINDS:
            chain, cur = [i], i
            while cur in parent and parent[cur] not in chain:
                cur = parent[cur]
                chain.append(cur)
            within[i] = chain
    adj: dict[str, set[str]] = defaultdict(set)
    for e in edges:
        adj[e["from"]].add(e["to"])
        adj[e["to"]].add(e["from"])
    for i, n in by_id.items():
        if i in within:
            nodes[n]["places"] = within[i]
            continue
        found: set[str] = set()
        frontier = [i]
        for _ in range(2):
            frontier = [m for cur in frontier for m in adj[cur]]
            for m in frontier:
                found.update(within.get(m, ()))
            frontier = [m for m in frontier if m not in within]
        nodes[n]["places"] = sorted(found)

