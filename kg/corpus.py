"""Corpus builds: articles processed in parallel, held as N-Triples, written in one pass.

Each worker turns one article into its sorted, de-duplicated N-Triples lines
(https://www.w3.org/TR/n-triples/); the parent keeps those bytes in input order, so
the output does not depend on the number of workers. Writers produce Turtle and TriG
(https://www.w3.org/TR/trig/) straight from the sorted lines: exact terms are kept
(language-tag case included; Oxigraph's serialisers lower-case tags and order prefixes
at random), prefixes come from `kg.namespaces`, and the same input gives byte-identical
output. In TriG and N-Quads each article's own triples form its named graph and the
triples two or more articles state (shared places, dates, posts …) are written once,
in the default graph.
"""
from __future__ import annotations

import os
import re
import signal
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from kg.pipeline import BuildResult


@dataclass
class CorpusBuild(BuildResult):
    """A build held as one block of sorted N-Triples lines per article (input order)."""

    chunks: list[tuple[str, bytes]] = field(default_factory=list)  # (article IRI, N-Triples)
    triples: int = 0  # summed over articles (the quads of a .trig/.nq output)


@dataclass(frozen=True)
class Task:
    path: str
    article: str  # article id
    base: str
    ntriples: bool  # return N-Triples bytes (else the rdflib Graph, in-process only)


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


_NT_CACHE: dict = {}  # term → N-Triples text; IRIs and short literals recur across articles


def _nt_term(term) -> str:
    """A term as N-Triples writes it (the same text as rdflib's `nt` serialiser)."""
    from rdflib import Literal

    if not isinstance(term, Literal):
        return term.n3()
    text = '"%s"' % str(term).replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r")
    if term.language:
        return f"{text}@{term.language}"
    return f"{text}^^<{term.datatype}>" if term.datatype else text


def ntriples_of(triples) -> bytes:
    """Sorted, de-duplicated N-Triples lines of an rdflib graph (or any iterable of triples)."""
    cache = _NT_CACHE
    if len(cache) > 200_000:
        cache.clear()
    lines = set()
    for triple in triples:
        parts = []
        for term in triple:
            text = cache.get(term)
            if text is None:
                text = cache[term] = _nt_term(term)
            parts.append(text)
        lines.add(f"{parts[0]} {parts[1]} {parts[2]} .\n")
    return "".join(sorted(lines)).encode("utf-8")


def run_task(task: Task):
    """(graph or N-Triples bytes or None, failure line or None, triple count) for one article."""
    from kg.errors import KgError
    from kg.pipeline import load_document, process

    try:
        doc = load_document(task.path, article=task.article)
        if task.ntriples:  # no rdflib store: terms go straight to N-Triples
            from kg.extract import extract
            from kg.graph import to_triples

            triples = to_triples(extract(doc), base=task.base)
            return ntriples_of(triples), None, len(triples)
        g = process(doc, base=task.base)
    except KgError as exc:
        return None, str(exc), 0
    except Exception as exc:  # a bug on one odd article must not stop the batch
        if os.environ.get("KG_DEBUG"):
            raise
        return None, (f"{task.path}: internal error ({type(exc).__name__}: {exc}) — please report it "
                      "with the article attached"), 0
    if not task.ntriples:
        return g, None, len(g)
    return ntriples_of(g), None, len(g)


def _quiet_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us


def run_tasks(tasks: list[Task], *, jobs: int = 1) -> Iterator[tuple]:
    """Results of `run_task` in input order; a process pool when jobs > 1."""
    jobs = max(1, min(jobs, len(tasks)))
    if jobs == 1:
        yield from map(run_task, tasks)
        return
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, min(8, len(tasks) // (jobs * 4)))
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_quiet_worker)
    try:
        yield from pool.map(run_task, tasks, chunksize=chunk)
    except BaseException:
        for proc in list(getattr(pool, "_processes", {}).values()):  # do not wait for queued work
            proc.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


@contextmanager
def progress(total: int, *, enabled: bool | None = None):
    """A rich progress bar on stderr when it is a terminal; an `advance()` callable either way."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled or total < 2:
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    bar = Progress(TextColumn("building"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                   console=Console(stderr=True), transient=True)
    with bar:
        task = bar.add_task("build", total=total)
        yield lambda: bar.advance(task)


# -- writers -------------------------------------------------------------------

_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


class _Terms:
    """N-Triples terms to Turtle: prefixed names where the local part is plain."""

    def __init__(self, prefixes: dict[str, str]):
        self.prefixes = sorted(((ns, p) for p, ns in prefixes.items()), key=lambda x: -len(x[0]))
        self.cache: dict[str, str] = {_TYPE: "a"}

    def iri(self, term: str) -> str:
        body = term[1:-1]
        for ns, p in self.prefixes:
            if body.startswith(ns) and _LOCAL.match(body, len(ns)):
                return f"{p}:{body[len(ns):]}"
        return term

    def term(self, term: str) -> str:
        """An IRI or a literal (its datatype IRI abbreviated); cached for IRIs."""
        out = self.cache.get(term)
        if out is not None:
            return out
        if term.startswith("<"):
            out = self.iri(term)
            if len(self.cache) < 500_000:
                self.cache[term] = out
            return out
        if term.endswith(">") and "^^<" in term:
            lex, _, dt = term.rpartition("^^")
            return f"{lex}^^{self.term(dt)}"
        return term


def turtle_body(lines: Iterable[str], terms: _Terms, indent: str = "") -> list[str]:
    """Turtle statements for sorted N-Triples lines (repeats skipped), one block per subject."""
    out: list[str] = []
    emit, t = out.append, terms.term
    subject = predicate = previous = None
    for line in lines:
        if line == previous or not line:
            continue
        previous = line
        s, p, o = line.split(" ", 2)
        o = t(o[:-2])  # drop " ."
        if s == subject:
            if p == predicate:
                emit(f", {o}")
            else:
                emit(f" ;\n{indent}    {t(p)} {o}")
                predicate = p
        else:
            if subject is not None:
                emit(" .\n\n")
            emit(f"{indent}{t(s)} {t(p)} {o}")
            subject, predicate = s, p
    if subject is not None:
        emit(" .\n")
    return out


def _prefixes(base: str) -> dict[str, str]:
    from kg.namespaces import PREFIXES

    return {p: str(ns) for p, ns in PREFIXES.items()}


def _header(prefixes: dict[str, str]) -> str:
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in prefixes.items()) + "\n"


def _sorted_lines(result: CorpusBuild) -> list[str]:
    """N-Triples lines of all articles, sorted, repeats kept (a line twice = two articles).

    Each chunk is sorted already, so the sort only merges runs (Timsort); code-point
    order of str equals the byte order of UTF-8, so the order is the same as bytes'.
    """
    lines = b"".join(data for _, data in result.chunks).decode("utf-8").split("\n")
    lines.sort()
    return lines


def merged_lines(result: CorpusBuild) -> list[str]:
    """Sorted, distinct N-Triples lines of all articles (the merged graph)."""
    return [line for line in dict.fromkeys(_sorted_lines(result)) if line]


def shared_lines(result: CorpusBuild) -> list[str]:
    """Sorted, distinct triples that two or more articles state (shared places, dates, posts …).

    TriG and N-Quads put each triple in exactly one graph: these once in the default
    graph, the rest in their article's named graph. So the union of the graphs has no
    repeats, and a query over it (Oxigraph's union default graph) neither multiplies rows
    nor inflates SUM and COUNT.
    """
    lines = _sorted_lines(result)
    return list(dict.fromkeys(a for a, b in zip(lines, lines[1:]) if a == b and a))


def _own(result: CorpusBuild, shared: set[str]) -> Iterator[tuple[str, list[str]]]:
    """Each article's IRI and the lines only it states (one article in memory at a time)."""
    for name, data in result.chunks:
        yield name, [line for line in data.decode("utf-8").split("\n") if line and line not in shared]


def render(result: CorpusBuild, fmt: str, *, base: str) -> tuple[bytes, int]:
    """Bytes of the build in an rdflib format name, and the count of what they hold: for
    trig/nquads the statements (shared triples in the default graph, the rest in one named
    graph per article), else the merged triples."""
    prefixes = _prefixes(base)
    if fmt in ("trig", "nquads"):
        shared = shared_lines(result)
        common, count = set(shared), len(shared)
        terms = _Terms(prefixes)
        if fmt == "nquads":
            blocks = ["".join(line + "\n" for line in shared).encode("utf-8")]
        else:
            blocks = [_header(prefixes).encode("utf-8")]
            if shared:
                blocks.append(("# the default graph: triples that two or more articles state\n"
                               + "".join(turtle_body(shared, terms)) + "\n").encode("utf-8"))
        del shared
        for name, lines in _own(result, common):
            count += len(lines)
            if fmt == "nquads":
                blocks.append("".join(f"{line[:-2]} <{name}> .\n" for line in lines).encode("utf-8"))
            elif lines:
                body = "".join(turtle_body(lines, terms, indent="    "))
                blocks.append(f"<{name}> {{\n{body}}}\n\n".encode("utf-8"))
        return b"".join(blocks), count
    lines = merged_lines(result)
    if fmt == "nt":
        return "".join(line + "\n" for line in lines).encode("utf-8"), len(lines)
    if fmt == "turtle":
        return (_header(prefixes) + "".join(turtle_body(lines, _Terms(prefixes)))).encode("utf-8"), len(lines)
    from rdflib import Graph

    from kg.namespaces import bind_prefixes

    g = bind_prefixes(Graph(), base=base)
    g.parse(data="\n".join(lines), format="nt")
    return g.serialize(format=fmt, encoding="utf-8"), len(lines)


def serialize_corpus(result: CorpusBuild, fmt: str, *, base: str) -> bytes:
    """Bytes of the build in an rdflib format name (turtle, nt, trig, nquads, json-ld, xml)."""
    return render(result, fmt, base=base)[0]


def write_corpus(result: CorpusBuild, out: str | Path, *, base: str) -> int:
    """Write the build to `out` (format from the extension); returns the count of what the file
    holds: quads (one named graph per article) or the merged triples."""
    from kg.output import atomic_write, rdf_format

    data, count = render(result, rdf_format(out), base=base)
    atomic_write(out, data)
    return count
