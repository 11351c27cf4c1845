"""Graph stage: turn an Extraction into RDF triples (N-Triples terms, or an rdflib Graph).

Provenance follows NIF 2.0: the cleaned text is a `nif:Context`; every sentence and
mention is a `nif:RFC5147String` named `<article>/text#char=start,end`; every fact
points at its mention with `prov:wasDerivedFrom` and at its article with
`dcterms:source`. Labels are given in the article's script, the other script and
pinyin (BCP 47: zh-Hant, zh-Hans, zh-Latn-pinyin).
"""
from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from functools import cache

from rdflib import Graph, Literal, URIRef

from kg.model.base import DEFAULT_BASE
from kg.model.namespaces import IRIs, bind_prefixes
from kg.model.prefixes import PREFIX_IRIS
from kg.model.records import (
    Extraction, OrgMention, Place, PostMention, Sentence, Span, TimeValue,
)
from kg.resources.gazetteer import get
from kg.resources.ontology import concept_facts
from kg.text.script import pinyin, pinyin_slug, to_simplified, to_traditional

# Terms are N-Triples text (https://www.w3.org/TR/n-triples/): an IRI is "<…>", a literal '"…"@tag' or
# '"…"^^<datatype>'. The builder makes strings, not rdflib terms: making and hashing rdflib terms
# was half of the time of turning an article into triples. `to_triples` gives rdflib terms.
Term = str


class _Terms:
    """The N-Triples IRIs of one namespace, each made once."""

    def __init__(self, namespace: str):
        self._namespace = namespace

    def __getattr__(self, name: str) -> Term:
        term = f"<{self._namespace}{name}>"
        setattr(self, name, term)
        return term

    __getitem__ = __getattr__


DCTERMS, PROV, RDF, RDFS, SKOS, TIME, XSD, FUPIN, GEO, ITSRDF, NIF, ORG, SCHEMA = (
    _Terms(PREFIX_IRIS[p]) for p in ("dcterms", "prov", "rdf", "rdfs", "skos", "time", "xsd", "fupin", "geo",
                                      "itsrdf", "nif", "org", "schema"))

_INVALID_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')  # what N-Triples cannot hold in an IRI


class _NTriplesIRIs(IRIs):
    """Data IRIs as N-Triples terms; one that an IRI cannot hold is refused, as rdflib refuses to write it."""

    def mint(self, path: str) -> Term:
        if _INVALID_IRI.search(path):
            raise ValueError(f"{self.prefix}{path!r} is not a valid IRI")
        return f"<{self.prefix}{path}>"


def escape(text: str) -> str:
    """A string as the body of an N-Triples literal (the escapes rdflib's `nt` serialiser writes)."""
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r")


def _lit(text: str, lang: str | None = None) -> Term:
    """A plain or language-tagged literal (its text as given: rdflib changes neither)."""
    return f'"{escape(text)}"@{lang}' if lang else f'"{escape(text)}"'


def _typed(value, datatype: Term) -> Term:
    """A typed literal in the lexical form rdflib gives it (2017-10-17T08:00 → 2017-10-17T08:00:00),
    its datatype's lexical rules being rdflib's."""
    return _typed_cached(type(value), str(value), value, datatype)


@cache
def _typed_cached(kind: type, key: str, value, datatype: Term) -> Term:
    return nt_term(Literal(value, datatype=URIRef(datatype[1:-1])))


def nt_term(term) -> Term:
    """An rdflib term as N-Triples writes it (the same text as rdflib's `nt` serialiser)."""
    language = getattr(term, "language", None)
    if not hasattr(term, "datatype"):
        return term.n3()
    if language:
        return f'"{escape(str(term))}"@{language}'
    return f'"{escape(str(term))}"^^<{term.datatype}>' if term.datatype else f'"{escape(str(term))}"'


_XSD_INTEGER = XSD.nonNegativeInteger
_TRUE, _FALSE = f'"true"^^{XSD.boolean}', f'"false"^^{XSD.boolean}'


@cache
def _index(n: int) -> Term:
    """An offset literal (xsd:nonNegativeInteger), made once per value."""
    return f'"{n}"^^{_XSD_INTEGER}'


def _bool(value: bool) -> Term:
    return _TRUE if value else _FALSE


PLACE_CLASS = {
    "province": FUPIN.Province,
    "municipality": FUPIN.Municipality,
    "city": FUPIN.PrefectureLevelCity,
    "county": FUPIN.County,
    "county-level-city": FUPIN.CountyLevelCity,
    "district": FUPIN.District,
    "development-zone": FUPIN.DevelopmentZone,
    "township": FUPIN.Township,
    "village": FUPIN.Village,
    "other": FUPIN.AdministrativeArea,
}
ORG_CLASS = {
    "party": FUPIN.PartyCommittee,
    "government": FUPIN.GovernmentBody,
    "group": FUPIN.LeadingGroup,
    "enterprise": FUPIN.Enterprise,
    "cooperative": FUPIN.Cooperative,
    "news": FUPIN.NewsOrganization,
}
INITIATIVE_CLASS = {
    "programme": FUPIN.Programme,
    "campaign": FUPIN.Campaign,
    "mechanism": FUPIN.Mechanism,
    "measure": FUPIN.Measure,
}
CREDIT_PROPERTY = {
    "author": SCHEMA.author,
    "editor": SCHEMA.editor,
    "photographer": FUPIN.photographer,
    "compiler": FUPIN.compiler,
    "reporter": FUPIN.reporter,
    "correspondent": FUPIN.correspondent,
    "intern": FUPIN.intern,
}
PINYIN_TAG = "zh-Latn-pinyin"
LABEL_TAGS = ("zh-Hant", "zh-Hans", PINYIN_TAG)  # every label comes in these three


class _Builder:
    """Accumulates the triples of one article."""

    def __init__(self, ex: Extraction, iris: IRIs):
        self.ex, self.doc, self.iris = ex, ex.doc, iris
        self.triples: dict[tuple, None] = {}  # an insertion-ordered set
        self.article = iris.article(self.doc.id)
        self.context = iris.text(self.doc.id, 0, len(self.doc.text))
        self._sentences: set[tuple[int, int]] = set()
        self._places: set[str] = set()
        self._local = {m.place.key: m.place for m in ex.places}  # zones, townships, villages

    # -- helpers -------------------------------------------------------------
    def add(self, s, p, o) -> None:
        self.triples[(s, p, o)] = None

    def labels(self, node: Term, text: str, prop=RDFS.label, *, hant: str | None = None) -> None:
        """Label as written (article's script), in the other script, and in pinyin."""
        hans = to_simplified(text)
        if hant is None:
            hant = text if self.doc.script == "zh-Hant" else to_traditional(hans)
        self.add(node, prop, _lit(hant, "zh-Hant"))
        self.add(node, prop, _lit(hans, "zh-Hans"))
        if prop == RDFS.label:
            self.add(node, prop, _lit(pinyin(hans), PINYIN_TAG))

    def _span(self, cls: Term, start: int, end: int, text: str) -> Term:
        """An RFC 5147 string of the article's text, with its quote and offsets."""
        node = self.iris.text(self.doc.id, start, end)
        self.add(node, RDF.type, cls)
        self.add(node, RDF.type, NIF.RFC5147String)
        self.add(node, NIF.anchorOf, _lit(text))
        self.add(node, NIF.beginIndex, _index(start))
        self.add(node, NIF.endIndex, _index(end))
        self.add(node, NIF.referenceContext, self.context)
        return node

    def sentence(self, s: Sentence) -> Term:
        if (s.start, s.end) not in self._sentences:
            self._sentences.add((s.start, s.end))
            return self._span(NIF.Sentence, s.start, s.end, s.text)
        return self.iris.text(self.doc.id, s.start, s.end)

    def mention(self, span: Span) -> Term:
        """A nif:Phrase for a span, linked to its sentence."""
        node = self._span(NIF.Phrase, span.start, span.end, span.text)
        sent = self.doc.sentence_at(span.start)
        if sent is not None:
            self.add(node, NIF.sentence, self.sentence(sent))
        return node

    def fact(self, node: Term, span: Span) -> None:
        self.add(node, PROV.wasDerivedFrom, self.mention(span))
        self.add(node, DCTERMS.source, self.article)

    def time(self, value: TimeValue) -> Term:
        node = self.iris.time(value.iso)
        self.add(node, RDFS.label, _lit(value.iso))
        if value.start is not None and value.start == value.end:
            self.add(node, RDF.type, TIME.Instant)
            self._position(node, value.start)
            return node
        self.add(node, RDF.type, TIME.ProperInterval)
        for prop, v in ((TIME.hasBeginning, value.start), (TIME.hasEnd, value.end)):
            if v is not None:
                inst = self.iris.time(v)
                self.add(node, prop, inst)
                self.add(inst, RDF.type, TIME.Instant)
                self.add(inst, RDFS.label, _lit(v))
                self._position(inst, v)
        return node

    def _position(self, node: Term, iso: str) -> None:
        if len(iso) == 4:
            self.add(node, TIME.inXSDgYear, _typed(iso, XSD.gYear))
        elif len(iso) == 7:
            self.add(node, TIME.inXSDgYearMonth, _typed(iso, XSD.gYearMonth))
        elif _published(iso[:10]) is not None:  # never an invalid xsd:date (2017-02-30)
            self.add(node, TIME.inXSDDate, _typed(iso[:10], XSD.date))

    def place(self, p: Place) -> Term:
        node = self.iris.place(p.key)
        if p.key in self._places:
            return node
        self._places.add(p.key)
        self.add(node, RDF.type, PLACE_CLASS.get(p.kind, FUPIN.AdministrativeArea))
        # a division of the gazetteer is labelled by it in every article, whatever this one wrote (大理州
        # is the naming phrase's itsrdf:taIdentRef): one node, the same labels across a corpus
        named = get(p.key) if p.key.isdigit() else None
        name, hant = (named.name, named.name_hant) if named is not None else (p.name, p.name_hant)
        self.labels(node, name, hant=hant or to_traditional(name))
        if p.short:
            self.add(node, SKOS.altLabel, _lit(to_traditional(p.short), "zh-Hant"))
            self.add(node, SKOS.altLabel, _lit(p.short, "zh-Hans"))
        if p.key.isdigit():
            self.add(node, FUPIN.adminCode, _lit(p.key))
        if p.lat is not None and p.long is not None:
            self.add(node, GEO.lat, _typed(Decimal(str(p.lat)), XSD.decimal))
            self.add(node, GEO.long, _typed(Decimal(str(p.long)), XSD.decimal))
        parent = (self._local.get(p.parent) or get(p.parent)) if p.parent else None
        if parent is not None:
            self.add(node, FUPIN.partOf, self.place(parent))
        return node

    def org(self, o: OrgMention) -> Term:
        node = self.iris.org(o.key)
        self.add(node, RDF.type, ORG_CLASS.get(o.kind, ORG.Organization))
        self.labels(node, o.name, hant=to_traditional(o.name))
        if o.place is not None:
            self.add(node, DCTERMS.spatial, self.place(o.place))
        return node

    def post(self, p: PostMention, person: Term) -> None:
        org_key = p.org.key if p.org else "cn"
        node = self.iris.post(org_key, pinyin_slug(to_simplified(p.title)))
        self.add(node, RDF.type, ORG.Post)
        if p.org is None or p.org.place is None:
            self.labels(node, p.title)
        else:
            label = _post_label(p)
            self.labels(node, label, hant=to_traditional(label))
        role = self.iris.role(p.role)
        self.add(role, RDF.type, ORG.Role)
        self.labels(role, p.role_label, prop=SKOS.prefLabel)
        self.add(node, ORG.role, role)
        if p.org is not None:
            org = self.org(p.org)
            self.add(node, ORG.postIn, org)
            self.add(person, ORG.memberOf, org)
        self.add(person, ORG.holds, node)
        self.fact(node, p.span)


def _post_label(p: PostMention) -> str:
    """The post's full title: 市委書記 in 臨汾市 → 臨汾市委書記."""
    place = to_simplified(p.org.place.name)
    title = to_simplified(p.title)
    for k in range(min(len(place), len(title)), 0, -1):  # 自治区党委常委 in 广西壮族自治区
        if place.endswith(title[:k]):
            return place + title[k:]
    return title if title.startswith(place[:2]) else place + title


def _published(iso: str | None) -> Term | None:
    """xsd:dateTime or xsd:date of a publication date; None for an impossible one (2017-02-30),
    and only its day when its time is impossible (25:70)."""
    if not iso:
        return None
    try:
        date.fromisoformat(iso[:10])
    except ValueError:
        return None
    try:
        datetime.fromisoformat(iso)
    except ValueError:
        return _typed(iso[:10], XSD.date)
    return _typed(iso, XSD.dateTime if "T" in iso else XSD.date)


def _article(b: _Builder) -> None:
    doc = b.doc
    b.add(b.article, RDF.type, SCHEMA.NewsArticle)
    b.add(b.article, SCHEMA.inLanguage, _lit(doc.script))
    if doc.title:
        b.add(b.article, SCHEMA.headline, _lit(doc.title, doc.script))
    published = _published(doc.published)
    if published is not None:
        b.add(b.article, SCHEMA.datePublished, published)
    if doc.source:
        pub = b.iris.org("news/" + pinyin_slug(to_simplified(doc.source)))
        b.add(pub, RDF.type, FUPIN.NewsOrganization)
        b.labels(pub, doc.source)
        b.add(b.article, SCHEMA.publisher, pub)
    b.add(b.context, RDF.type, NIF.Context)
    b.add(b.context, RDF.type, NIF.RFC5147String)
    b.add(b.context, NIF.isString, _lit(doc.text))
    b.add(b.context, NIF.beginIndex, _index(0))
    b.add(b.context, NIF.endIndex, _index(len(doc.text)))
    b.add(b.context, NIF.sourceUrl, b.article)


def _places(b: _Builder) -> None:
    naming: dict[str, Span] = {}  # per place, the phrase that names it most fully (the first such)
    for m in b.ex.places:
        node = b.place(m.place)
        b.add(b.article, SCHEMA.mentions, node)
        b.add(node, PROV.wasDerivedFrom, b.mention(m.span))
        best = naming.get(m.place.key)
        if best is None or len(m.span.text) > len(best.text):
            naming[m.place.key] = m.span
    for key, span in naming.items():  # the place as this article writes it (乡宁 or 乡宁县, 内蒙古 …)
        b.add(b.mention(span), ITSRDF.taIdentRef, b.iris.place(key))
    if b.ex.city is not None:
        b.add(b.article, DCTERMS.spatial, b.place(b.ex.city))


def _people(b: _Builder) -> None:
    for person in b.ex.people:
        node = b.iris.person(person.jurisdiction, pinyin_slug(to_simplified(person.name)))
        b.add(node, RDF.type, FUPIN.Official if person.posts else SCHEMA.Person)
        b.labels(node, person.name)
        b.add(node, PROV.wasDerivedFrom, b.mention(person.span))
        b.add(b.article, SCHEMA.mentions, node)
        for credit in person.credits:
            b.add(b.article, CREDIT_PROPERTY[credit], node)
        for post in person.posts:
            b.post(post, node)


def _orgs(b: _Builder) -> None:
    for o in b.ex.orgs:
        node = b.org(o)
        b.add(node, PROV.wasDerivedFrom, b.mention(o.span))
        b.add(b.article, SCHEMA.mentions, node)


def _amounts(b: _Builder) -> None:
    named: dict[int, set[str]] = {}  # sentence start -> initiatives named in the sentence
    for m in b.ex.initiatives:
        sent = b.doc.sentence_at(m.span.start)
        if sent is not None:
            named.setdefault(sent.start, set()).add(_initiative_slug(m.name))
    for a in b.ex.amounts:
        q = a.quantity
        node = b.iris.fact(b.doc.id, "amount", q.span.start, q.span.end)
        b.add(node, RDF.type, FUPIN.FundingAmount)
        b.add(node, SCHEMA.value, _typed(_decimal(q.value), XSD.decimal))
        b.add(node, SCHEMA.currency, _lit("CNY"))
        b.add(node, FUPIN.approximate, _bool(q.approx))
        _bounds(b, node, q)
        b.add(node, FUPIN.purpose, _lit(a.purpose, b.doc.script))
        if a.per:
            b.add(node, FUPIN.perUnit, _lit(a.per, b.doc.script))
        if a.place is not None:
            b.add(node, DCTERMS.spatial, b.place(a.place))
        if a.time is not None:
            b.add(node, DCTERMS.temporal, b.time(a.time))
        own = _initiative_slug(a.initiative) if a.initiative is not None else None
        if own is not None:
            b.add(node, FUPIN.initiative, b.iris.initiative(own))
        for slug in sorted(named.get(a.sentence.start, set()) - {own}):
            b.add(node, FUPIN.statedWith, b.iris.initiative(slug))
        b.fact(node, q.span)


def _statistics(b: _Builder) -> None:
    for s in b.ex.statistics:
        q = s.quantity
        node = b.iris.fact(b.doc.id, "share" if s.share else "stat", q.span.start, q.span.end)
        b.add(node, RDF.type, FUPIN.Share if s.share else FUPIN.Statistic)
        b.add(node, SCHEMA.value, _typed(_decimal(q.value), XSD.decimal))
        b.add(node, SCHEMA.unitText, _lit(q.unit))
        b.add(node, FUPIN.approximate, _bool(q.approx))
        _bounds(b, node, q)
        b.add(node, FUPIN.counts, _lit(s.counts, b.doc.script))
        if s.place is not None:
            b.add(node, DCTERMS.spatial, b.place(s.place))
        if s.time is not None:
            b.add(node, DCTERMS.temporal, b.time(s.time))
        b.fact(node, q.span)


def _bounds(b: _Builder, node: Term, q) -> None:
    value = _typed(_decimal(q.value), XSD.decimal)
    if q.minimum:
        b.add(node, SCHEMA.minValue, value)
    if q.maximum:
        b.add(node, SCHEMA.maxValue, value)


EVENT_NAME_MAX = 200  # characters; the longest in the seed and evaluation articles is 63


def event_name(label: str) -> str:
    """An event's name: its clause, cut to EVENT_NAME_MAX characters. The whole text is stored
    once, in the sentence node the event derives from (`prov:wasDerivedFrom` → `nif:sentence`);
    copying it into every event made a sentence with n dates cost O(n × sentence)."""
    return label if len(label) <= EVENT_NAME_MAX else label[:EVENT_NAME_MAX - 1] + "…"


def _events(b: _Builder) -> None:
    for e in b.ex.events:
        node = b.iris.fact(b.doc.id, "event", e.date_span.start, e.date_span.end, _n(e.place))
        b.add(node, RDF.type, FUPIN.Meeting if e.meeting else FUPIN.DatedStatement)
        b.add(node, SCHEMA.name, _lit(event_name(e.label), b.doc.script))
        b.add(node, DCTERMS.temporal, b.time(e.time))
        if e.place is not None:
            b.add(node, SCHEMA.location, b.place(e.place))
        if e.organizer is not None:
            b.add(node, SCHEMA.organizer, b.org(e.organizer))
        b.fact(node, e.span)


def _n(place: Place | None) -> int:
    """Distinguishes one event per place when a clause names several places."""
    return int(place.key[:6]) if place is not None and place.key[:6].isdigit() else 0


def _initiative_slug(name: str) -> str:
    """An initiative's IRI slug: the same in either script (光伏扶貧 / 光伏扶贫 → guang-fu-fu-pin)."""
    return pinyin_slug(to_simplified(name))


def _initiatives(b: _Builder) -> None:
    for m in b.ex.initiatives:
        node = b.iris.initiative(_initiative_slug(m.name))
        b.add(node, RDF.type, INITIATIVE_CLASS.get(m.kind, FUPIN.Initiative))
        b.labels(node, m.name)
        b.add(node, DCTERMS.type, _concept(b, FUPIN[m.measure]))
        if m.place is not None:
            b.add(node, FUPIN.carriedOutIn, b.place(m.place))
        b.add(node, PROV.wasDerivedFrom, b.mention(m.span))
        b.add(node, DCTERMS.source, b.article)
        b.add(b.article, SCHEMA.mentions, node)


def _concept(b: _Builder, concept: Term) -> Term:
    """Copy a scheme concept's notation and labels from the ontology into the data."""
    for p, o in _concept_terms().get(concept, ()):
        b.add(concept, p, o)
    return concept


@cache
def _concept_terms() -> dict[Term, tuple[tuple[Term, Term], ...]]:
    return {nt_term(c): tuple((nt_term(p), nt_term(o)) for p, o in facts) for c, facts in concept_facts().items()}


def _documents(b: _Builder) -> None:
    for d in b.ex.documents:
        node = b.iris.document(pinyin_slug(to_simplified(d.title))[:120])
        b.add(node, RDF.type, FUPIN.PolicyDocument)
        b.labels(node, d.title, prop=SCHEMA.name)
        for issuer in d.issuers:
            b.add(node, SCHEMA.publisher, b.org(issuer))
        if d.time is not None:
            b.add(node, DCTERMS.temporal, b.time(d.time))
        b.fact(node, d.span)
        b.add(b.article, SCHEMA.mentions, node)


def _relations(b: _Builder) -> None:
    for r in b.ex.relations:
        subject = b.place(r.subject)
        if r.predicate == "pairedWith" and isinstance(r.object, Place):
            b.add(subject, FUPIN.pairedWith, b.place(r.object))
        elif r.predicate == "designatedAs":
            concept = b.iris.concept("designation", pinyin_slug(to_simplified(str(r.object))))
            b.add(concept, RDF.type, SKOS.Concept)
            b.add(concept, SKOS.inScheme, FUPIN.DesignationScheme)
            b.labels(concept, str(r.object), prop=SKOS.prefLabel)
            b.add(subject, FUPIN.designatedAs, concept)
        elif r.predicate == "exitYear":
            b.add(subject, FUPIN.exitYear, _typed(str(r.object), XSD.gYear))
        elif r.predicate == "knownFor":
            b.add(subject, FUPIN.knownFor, _lit(str(r.object), b.doc.script))
        b.add(subject, PROV.wasDerivedFrom, b.mention(r.span))


def _decimal(value: float) -> Decimal:
    d = Decimal(repr(value)).normalize()
    # Whole numbers keep one decimal place: Turtle writes "1000.0"^^xsd:decimal in short form
    # as 1000.0, which parses back to the same literal (1000 would come back as "1000.0").
    return d.quantize(Decimal("0.1")) if d == d.to_integral() else d


def to_ntriples(ex: Extraction, *, base: str = DEFAULT_BASE) -> list[tuple[Term, Term, Term]]:
    """All triples of one article's extraction as N-Triples terms, distinct, in the order made."""
    b = _Builder(ex, _NTriplesIRIs(base))
    for stage in (_article, _places, _people, _orgs, _amounts, _statistics, _events,
                  _initiatives, _documents, _relations):
        stage(b)
    return list(b.triples)


def ntriples_lines(triples) -> bytes:
    """Sorted, distinct N-Triples lines of triples of N-Triples terms."""
    return "".join(sorted({f"{s} {p} {o} .\n" for s, p, o in triples})).encode("utf-8")


def to_triples(ex: Extraction, *, base: str = DEFAULT_BASE) -> list[tuple]:
    """All triples of one article's extraction as rdflib terms."""
    return list(to_graph(ex, base=base))


def to_graph(ex: Extraction, *, base: str = DEFAULT_BASE) -> Graph:
    """All triples of one article's extraction, as an rdflib graph (its N-Triples read by rdflib)."""
    g = bind_prefixes(Graph(), base=base)
    return g.parse(data=ntriples_lines(to_ntriples(ex, base=base)).decode("utf-8"), format="nt")
