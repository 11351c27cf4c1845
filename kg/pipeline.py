"""The pipeline: read → text → extract → rdf, one article per task, and the file I/O around it.

Stages are pure; this module reads the inputs (`kg.rdf.files` and `kg.rdf.writer` write).
Articles run in worker processes when `jobs` > 1; results keep the input order.
"""
from __future__ import annotations

import hashlib
import heapq
import io
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from kg.extract.segments import extractions
from kg.model.errors import InputError, KgError
from kg.model.namespaces import DEFAULT_BASE, IRIs, slug
from kg.model.records import Document
from kg.model.workers import run_tasks
from kg.rdf.files import RDF_FORMATS
from kg.rdf.graph import ntriples_lines, to_graph, to_ntriples
from kg.rdf.spool import Spool
from kg.rdf.writer import BuildResult, CorpusBuild, ntriples_of
from kg.text.clean import clean
from kg.text.read import HTML_SUFFIXES, article_files, parse_article, read_article
from kg.text.script import has_han, pinyin_slug

ARTICLE_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm")


def article_id(path: str | Path) -> str:
    """Readable, stable article id from the file name (pinyin for Chinese names)."""
    stem = Path(path).stem
    if has_han(stem):
        return pinyin_slug(stem)
    return slug(stem) or "article-" + hashlib.sha1(stem.encode()).hexdigest()[:8]


def expand(paths: list[str | Path]) -> list[Path]:
    """Files to build: files as given, directories searched for article files (sorted)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(article_files(p, ARTICLE_SUFFIXES))  # symlinked folders followed, kg viz pages left out
        else:
            out.append(p)
    return out


def _distinct_articles(files: list[Path]) -> tuple[list[tuple[Path, str]], list[str]]:
    """Each article once (by resolved path, then by content) with its SHA-256, and graph files
    refused: an article given twice would count its money twice, and a graph is not an article."""
    seen_paths: set[Path] = set()
    seen_content: set[str] = set()
    out: list[tuple[Path, str]] = []
    refused: list[str] = []
    for f in files:
        if f.suffix.lower() in RDF_FORMATS:
            refused.append(f"{f}: a graph file, not an article — query it with `kg query NAME --graph {f}`, "
                           "or pass the article it was built from")
            continue
        try:
            real = f.resolve()
            if real.is_file():
                with real.open("rb") as fh:
                    digest = hashlib.file_digest(fh, "sha256").hexdigest()
            else:
                digest = str(real)
        except OSError:
            real, digest = f, str(f)  # reported when the article is read
        if real in seen_paths or digest in seen_content:
            continue
        seen_paths.add(real)
        seen_content.add(digest)
        out.append((f, digest))
    return out, refused


def load_document(path: str | Path, *, article: str | None = None, data: bytes | None = None) -> Document:
    """Read and clean one article file (`data`: its bytes, already read)."""
    raw = read_article(path) if data is None else parse_article(
        data, where=str(path), html=True if Path(path).suffix.lower() in HTML_SUFFIXES else None)
    if not raw.text.strip():
        raise InputError("empty file", where=str(path), fix="pass an article with text")
    if not has_han(raw.text):
        raise InputError("no Chinese text found; not an article", where=str(path),
                         fix="pass a Chinese news article (text or HTML)")
    return clean(raw.text, article_id=article or article_id(path), path=str(path))


def process(doc: Document, *, base: str = DEFAULT_BASE) -> Graph:
    """Extract facts from a cleaned document and turn them into a graph (a long one segment by
    segment, `kg.extract.segments`: the union of the segments' triples)."""
    parts = extractions(doc)
    g = to_graph(next(parts), base=base)
    for part in parts:
        g.parse(data=ntriples_lines(to_ntriples(part, base=base)).decode("utf-8"), format="nt")
    return g


def _ntriples(doc: Document, base: str) -> tuple[bytes, int]:
    """Sorted, distinct N-Triples of an article and their count; a long article's segments one
    at a time (only their N-Triples are kept), then merged."""
    chunks: list[bytes] = []
    long_lines: list[bytes] = []  # the article's text (nif:isString): once, not once per segment
    for part in extractions(doc):
        triples = to_ntriples(part, base=base)
        data = ntriples_lines(triples)
        count = len(triples)
        del triples, part
        if not chunks:
            long_lines = [line + b"\n" for line in data.split(b"\n") if len(line) > 4096]
        else:
            for line in long_lines:
                at = data.find(line)
                if at == 0 or (at > 0 and data[at - 1] == 10):
                    data = data[:at] + data[at + len(line):]
        chunks.append(data)
    if len(chunks) == 1:
        return chunks[0], count
    return _merge_sorted(chunks)


def _merge_sorted(chunks: list[bytes]) -> tuple[bytes, int]:
    """Sorted N-Triples chunks merged into one, without repeated lines, and its line count."""
    def lines(data: bytes) -> Iterator[bytes]:
        start = 0
        while (end := data.find(b"\n", start)) >= 0:
            yield data[start:end + 1]
            start = end + 1

    out, count, previous = io.BytesIO(), 0, None
    for line in heapq.merge(*map(lines, chunks)):
        if line != previous:
            out.write(line)
            count += 1
            previous = line
    return out.getvalue(), count


def build(paths: list[str | Path], *, base: str = DEFAULT_BASE, jobs: int = 1, ntriples: bool = False,
          progress: bool | None = False) -> BuildResult:
    """Build graphs for every article under `paths`; bad inputs are reported, not fatal.

    `jobs` > 1 runs articles in worker processes (`ntriples=True` only); results keep the
    input order, so the output is the same for any `jobs`. With `ntriples` the result is a
    `kg.rdf.writer.CorpusBuild` holding sorted N-Triples per article instead of rdflib graphs.
    """
    tasks, refused = plan(paths, base=base, ntriples=ntriples)
    iris = IRIs(base)
    result: BuildResult = CorpusBuild(chunks=Spool()) if ntriples else BuildResult()  # type: ignore[arg-type]
    result.failures.extend(refused)
    with progress_bar(len(tasks), enabled=progress) as advance:
        for task, (part, failure, count) in zip(tasks, run_tasks(tasks, run_task, jobs=jobs if ntriples else 1)):
            advance()
            if failure is not None:
                result.failures.append(failure)
                continue
            result.articles += 1
            if isinstance(result, CorpusBuild):
                result.chunks.append((str(iris.article(task.article)), part))
                result.triples += count
            else:
                result.graphs.append((iris.article(task.article), part))
    return result


def plan(paths: list[str | Path], *, base: str = DEFAULT_BASE, ntriples: bool = True) -> tuple[list[Task], list[str]]:
    """The tasks of a build (one per distinct article, in input order) and the inputs refused."""
    files, refused = _distinct_articles(expand(paths))
    if not files and not refused:
        raise InputError("no article files found", where=" ".join(map(str, paths)),
                         fix=f"pass files or folders holding {', '.join(ARTICLE_SUFFIXES)} files")
    try:
        IRIs(base)
    except ValueError as exc:
        raise InputError(str(exc), where="--base", fix="pass an absolute IRI, e.g. https://example.org/id/") from None
    ids: dict[str, tuple[Path, str]] = {}
    for f, digest in files:
        aid = article_id(f)
        if aid in ids:  # same stem in two folders: keep both apart, deterministically
            aid = f"{aid}-{hashlib.sha1(str(f).encode()).hexdigest()[:6]}"
        ids[aid] = (f, digest)
    return [Task(str(f), aid, base, ntriples, digest) for aid, (f, digest) in ids.items()], refused


@dataclass(frozen=True)
class Task:
    path: str
    article: str  # article id
    base: str
    ntriples: bool  # return N-Triples bytes (else the rdflib Graph, in-process only)
    digest: str = ""  # SHA-256 of the file
    data: bytes | None = None  # the file's bytes, read by the caller (workers on other machines)


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


WORKER_MEMORY = 400 * 2**20  # a worker's peak on a large article, with headroom


def max_jobs() -> int:
    """The most worker processes this machine can hold: four per core, and one per 400 MB of
    available memory (so `--jobs 500` cannot get the workers killed for memory)."""
    try:
        free = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):  # pragma: no cover - not POSIX
        free = 0
    by_memory = max(1, free // WORKER_MEMORY) if free else 4 * default_jobs()
    return max(1, min(4 * default_jobs(), by_memory))


def run_task(task: Task):
    """(graph or N-Triples bytes or None, failure line or None, triple count) for one article."""
    try:
        doc = load_document(task.path, article=task.article, data=task.data)
        if task.ntriples:  # no rdflib store: terms go straight to N-Triples
            data, count = _ntriples(doc, task.base)
            return data, None, count
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


@contextmanager
def progress_bar(total: int, *, enabled: bool | None = None):
    """A rich progress bar on stderr when it is a terminal; an `advance()` callable either way."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled or total < 2:
        yield lambda: None
        return
    # lazy: rich is only needed on a terminal (keeps piped builds fast)
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


def run_batch(items: list[tuple[int, Task]], fn: Callable[[Task], tuple] = run_task) -> list[tuple[int, tuple]]:
    """`fn` (default `run_task`) on a batch of (index, task), for a worker on another machine
    (`kg.store.cluster`)."""
    return [(i, fn(task)) for i, task in items]
