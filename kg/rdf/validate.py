"""SHACL validation of a built graph against ontology/shapes.ttl (pySHACL, W3C SHACL §3).

A large graph is validated in parts, in worker processes. Every `sh:path` in shapes.ttl is one
predicate and `sh:class` reads the value's `rdf:type` (and the ontology's `rdfs:subClassOf`),
so the results for a focus node depend only on its own triples and the types of its values
(`check_shapes` refuses shapes outside that). The parts are therefore sets of subjects, each
with every triple about them from the whole file and the types of their values: one part per
article (the article and the IRIs under it: text spans, facts), and parts of the shared
subjects (places, people, posts, dates). Shapes on shared subjects span articles (a place's
labels and `fupin:partOf` may come from several); they are checked on the union of what all
articles say about that subject. Within a part, only the subjects that the sieve of
`kg.rdf.precheck` cannot clear are given to pySHACL. The results are merged into one standard
sh:ValidationReport that does not conform when any part fails.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH

from kg.model.errors import InputError
from kg.model.namespaces import SCHEMA
from kg.rdf.files import ox_quads
from kg.rdf.named import quiet_rdflib
from kg.rdf.precheck import Shapes, compile_shapes, suspects
from kg.rdf.terms import rdflib_quads
from kg.resources.ontology import ontology, shapes

# Triples per task: big enough that pySHACL's set-up is a small share, small enough to spread.
TASK_TRIPLES = 10_000
# The constraint components whose results depend on the focus node's triples and its values' types.
LOCAL = {SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH.pattern, SH["in"], SH.languageIn,
         SH.uniqueLang, SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive, SH["or"],
         SH.minLength, SH.maxLength, SH.nodeKind, SH.hasValue}
STRUCTURE = {SH.path, SH.property, SH.targetClass, SH.targetSubjectsOf, SH.name, SH.description, SH.severity,
             SH.message, SH.deactivated, SH.order, SH.group}


def validate_graph(graph: Graph) -> tuple[bool, str]:
    """(conforms, report text) for a data graph, in one pySHACL run."""
    conforms, _, text = _pyshacl(graph)
    return bool(conforms), str(text)


def _pyshacl(graph: Graph):
    from pyshacl import validate  # lazy: pySHACL is heavy and only `kg validate` needs it

    return validate(graph, shacl_graph=shapes(), ont_graph=ontology(), inference="none", advanced=False,
                    allow_warnings=True)


def validate_file(path: str | Path, *, jobs: int | None = None,
                  progress: bool | None = None) -> tuple[bool, str]:
    """(conforms, report text) for a graph file, validated in parts on `jobs` processes
    (default: the cores this process may use; at most four per core)."""
    with _collector_paused():
        quads = ox_quads(path)
    return validate_quads(quads, jobs=jobs, progress=progress, where=str(path))


def validate_quads(quads: list, *, jobs: int | None = None, progress: bool | None = None,
                   where: str = "graph") -> tuple[bool, str]:
    """(conforms, report text) for pyoxigraph quads (a file's or a store's), as `validate_file`."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    jobs = min(jobs or cores, 4 * cores)
    conforms, report = validate_parts(quads, jobs=jobs, progress=progress, where=where)
    return conforms, report_text(report)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection in the block: reading and splitting a large graph makes millions
    of objects that all live on, and each collection would scan them all (half the time of `plan`)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def validate_parts(quads: list, *, jobs: int = 1, progress: bool | None = None,
                   where: str = "graph") -> tuple[bool, Graph]:
    """(conforms, merged sh:ValidationReport graph) for pyoxigraph quads, validating their
    parts in parallel."""
    if not quads:  # nothing to check is not a graph that conforms
        raise InputError("the graph holds no triples", where=where,
                         fix="pass a graph written by `kg build` (it may have been cut short)")
    check_shapes(shapes())
    with _collector_paused():
        tasks, articles = plan(quads)
    global _TASKS
    _TASKS = tasks
    gc.freeze()  # the quads and parts live to the end: no collection, here or in a forked worker, scans them
    try:
        reports = list(_run(len(tasks), articles, jobs=jobs, progress=progress))
    finally:
        _TASKS = []
        gc.unfreeze()
    return merge(reports)


def check_shapes(shapes_graph: Graph) -> None:
    """Refuse shapes whose results could depend on more than a focus node's own triples, or
    whose focus nodes need not be the subject of any triple (sh:targetNode, sh:targetObjectsOf)."""
    for shape, path in shapes_graph.subject_objects(SH.path):
        if not isinstance(path, URIRef):
            raise InputError(f"shape {shape}: sh:path is not a single predicate", where="ontology/shapes.ttl",
                             fix="validate in one part (kg.rdf.validate.validate_graph)")
    shapes_ = set(shapes_graph.subjects(SH.path, None)) | set(shapes_graph.subjects(RDF.type, SH.NodeShape))
    for shape in shapes_:
        for p in shapes_graph.predicates(shape, None):
            if str(p).startswith(str(SH)) and p not in LOCAL | STRUCTURE:
                raise InputError(f"shape {shape}: {p} is not checked in parts", where="ontology/shapes.ttl",
                                 fix="validate in one part (kg.rdf.validate.validate_graph)")


Task = tuple[list, list]  # (quads of the task's subjects, the rdf:type quads of their values)


def plan(quads: list) -> tuple[list[Task], int]:
    """(tasks, number of articles). Each task holds whole parts: every quad about their
    subjects that a shape can read, and the types of their values."""
    article_class, a = str(SCHEMA.NewsArticle), str(RDF.type)
    read = {str(p) for p in shapes().objects(None, SH.path)} | {a}  # what shapes read
    kept = [(q, q.predicate.value) for q in quads]
    kept = [(q, p) for q, p in kept if p in read]
    articles = {q.subject.value for q, p in kept if p == a and q.object.value == article_class}
    parts: dict[str, list] = {}
    types: dict = {}
    owners: dict = {}  # a subject's part, found once (a subject has a dozen triples)
    for q, p in kept:
        subject = q.subject
        key = owners.get(subject)
        if key is None:
            key = owners[subject] = _owner(subject.value, articles)
        parts.setdefault(key, []).append(q)
        if p == a:
            types.setdefault(subject, []).append(q)
    tasks: list[Task] = []
    own: list = []
    extra: list = []
    for key in sorted(parts):
        part = parts.pop(key)
        subjects = {q.subject for q in part}
        own.extend(part)
        extra.extend(t for v in {q.object for q in part if q.object not in subjects} for t in types.get(v, ()))
        if len(own) + len(extra) >= TASK_TRIPLES:
            tasks.append((own, extra))
            own, extra = [], []
    if own:
        tasks.append((own, extra))
    return tasks, len(articles)


def _owner(subject: str, articles: set[str]) -> str:
    """The article a subject belongs to (itself or an IRI under it), else the subject itself."""
    if subject in articles:
        return subject
    cut = subject.rfind("/")
    while cut > 0:
        subject = subject[:cut]
        if subject in articles:
            return subject
        cut = subject.rfind("/")
    return "~" + subject  # a shared subject is a part of its own (sorted after the article IRIs)


_TASKS: list[Task] = []  # the parts, shared with forked workers copy-on-write


def _check(index: int) -> bytes:
    """Validate one task's subjects; its sh:ValidationReport as N-Triples.

    Only the subjects `kg.rdf.precheck` cannot clear go to pySHACL, with their own triples and the
    types of their values. pySHACL then validates every node of that graph (its `focus_nodes` option
    would also drop the literal values that nested shapes such as sh:or are checked on, and blank
    nodes), and only the results about those subjects are kept: a value node, present with its
    types alone, is checked where it is a subject itself."""
    from pyshacl import validate  # lazy: see _pyshacl

    own, extra = _TASKS[index]
    suspected = suspects(own, extra, _compiled())
    if not suspected:  # every subject certainly conforms: nothing to report
        return b""
    kept = [q for q in own if q.subject in suspected]
    values = {q.object for q in kept}
    a = str(RDF.type)
    kept += [q for q in (*own, *extra) if q.subject in values and q.subject not in suspected and q.predicate.value == a]
    g = Graph()
    with quiet_rdflib():
        triples = rdflib_quads(kept)
    g.addN((s, p, o, g) for s, p, o, _ in triples)
    g.addN((s, p, o, g) for s, p, o in _schema())
    focus = {t[0] for q, t in zip(kept, triples) if q.subject in suspected}
    _, report, _ = validate(g, shacl_graph=shapes(), inference="none", advanced=False, allow_warnings=True,
                            inplace=True)
    return _about(report, focus).serialize(format="nt", encoding="utf-8")


def _about(report: Graph, focus: set) -> Graph:
    """The results of a report whose focus node is in `focus`, with the blank nodes they hold."""
    out = Graph()
    todo = [r for r in report.subjects(RDF.type, SH.ValidationResult) if report.value(r, SH.focusNode) in focus]
    seen = set(todo)
    while todo:
        node = todo.pop()
        for p, o in report.predicate_objects(node):
            out.add((node, p, o))
            if isinstance(o, BNode) and o not in seen:
                seen.add(o)
                todo.append(o)
    return out


@cache
def _compiled() -> Shapes:
    return compile_shapes(shapes(), _schema())


@cache
def _schema() -> tuple:
    """The ontology's rdfs:subClassOf and rdf:type triples, which sh:class reads (once a process)."""
    return tuple(t for t in ontology() if t[1] in (RDFS.subClassOf, RDF.type))


def _run(n: int, articles: int, *, jobs: int, progress: bool | None) -> Iterator[bytes]:
    bar = _progress(progress, n, articles)
    try:
        if jobs <= 1 or n <= 1 or not hasattr(os, "fork"):
            results: Iterator[bytes] = map(_check, range(n))
            yield from _advancing(results, bar)
            return
        with multiprocessing.get_context("fork").Pool(min(jobs, n)) as pool:
            yield from _advancing(pool.imap_unordered(_check, range(n)), bar)
    finally:
        if bar is not None:
            bar.stop()


def _advancing(results: Iterator[bytes], bar) -> Iterator[bytes]:
    for report in results:
        if bar is not None:
            bar.advance(bar.task_ids[0])
        yield report


def _progress(progress: bool | None, n: int, articles: int):
    """A rich progress bar on stderr when it is a terminal (or when asked), else None."""
    import sys  # the stream is looked up when the bar starts (tests replace it)

    if progress is False or (progress is None and not sys.stderr.isatty()):
        return None
    from rich.console import Console  # lazy: only a terminal shows the bar
    from rich.progress import Progress  # lazy: as above

    bar = Progress(console=Console(stderr=True))
    bar.add_task(f"validating {articles} article(s) in {n} part(s)", total=n)
    bar.start()
    return bar


def merge(reports: list[bytes]) -> tuple[bool, Graph]:
    """One sh:ValidationReport holding every part's results (sorted parts give the same graph)."""
    merged = Graph()
    merged.bind("sh", SH)
    for data in reports:
        merged.parse(data=data, format="nt")
    for old in list(merged.subjects(RDF.type, SH.ValidationReport)):
        merged.remove((old, None, None))
    results = set(merged.subjects(RDF.type, SH.ValidationResult))
    report = BNode()
    merged.add((report, RDF.type, SH.ValidationReport))
    merged.add((report, SH.conforms, Literal(not results)))
    for r in results:
        merged.add((report, SH.result, r))
    return not results, merged


def report_text(report: Graph) -> str:
    """The report in pySHACL's text form (Validation Report / Conforms / Results)."""
    from pyshacl.rdfutil import stringify_node  # lazy: see _pyshacl

    results = sorted(report.subjects(RDF.type, SH.ValidationResult),
                     key=lambda r: (str(report.value(r, SH.focusNode)), str(report.value(r, SH.resultPath)),
                                    str(report.value(r, SH.sourceConstraintComponent)),
                                    str(report.value(r, SH.value))))
    conforms = not results
    lines = ["Validation Report", f"Conforms: {conforms}"]
    if results:
        lines.append(f"Results ({len(results)}):")
    for r in results:
        component = report.value(r, SH.sourceConstraintComponent)
        lines.append(f"Constraint Violation in {str(component).rsplit('#', 1)[-1]} ({component}):")
        for label, pred in (("Severity", SH.resultSeverity), ("Source Shape", SH.sourceShape),
                            ("Focus Node", SH.focusNode), ("Value Node", SH.value),
                            ("Result Path", SH.resultPath), ("Message", SH.resultMessage)):
            value = report.value(r, pred)
            if value is not None:
                shown = str(value) if pred == SH.resultMessage else stringify_node(report, value)
                lines.append(f"\t{label}: {shown}")
    return "\n".join(lines) + "\n"
