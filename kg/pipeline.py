"""The pipeline: read → text → extract → graph, and the file I/O around it.

Stages are pure; this module does the reading and writing.
"""
from __future__ import annotations

import hashlib
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef

from kg.errors import InputError
from kg.namespaces import DEFAULT_BASE, IRIs, bind_prefixes, slug
from kg.output import RDF_FORMATS, atomic_write, rdf_format
from kg.read import read_article
from kg.records import Document
from kg.text import clean, has_chinese

ARTICLE_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm")


@dataclass
class BuildResult:
    graphs: list[tuple[URIRef, Graph]] = field(default_factory=list)  # one per article
    failures: list[str] = field(default_factory=list)  # one line per failed input
    articles: int = 0


def article_id(path: str | Path) -> str:
    """Readable, stable article id from the file name (pinyin for Chinese names)."""
    stem = Path(path).stem
    if any("\u4e00" <= c <= "\u9fff" for c in stem):
        from kg.script import pinyin_slug

        return pinyin_slug(stem)
    return slug(stem) or "article-" + hashlib.sha1(stem.encode()).hexdigest()[:8]


def expand(paths: list[str | Path]) -> list[Path]:
    """Files to build: files as given, directories searched for article files (sorted)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in ARTICLE_SUFFIXES
                              and not any(part.startswith(".") for part in f.relative_to(p).parts)))
        else:
            out.append(p)
    return out


def _distinct_articles(files: list[Path]) -> tuple[list[Path], list[str]]:
    """Each article once (by resolved path, then by content), and graph files refused: an
    article given twice would count its money twice, and a graph is not an article."""
    seen_paths: set[Path] = set()
    seen_content: set[str] = set()
    out: list[Path] = []
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
        out.append(f)
    return out, refused


def load_document(path: str | Path, *, article: str | None = None) -> Document:
    """Read and clean one article file."""
    raw = read_article(path)
    if not raw.text.strip():
        raise InputError("empty file", where=str(path), fix="pass an article with text")
    if not has_chinese(raw.text):
        raise InputError("no Chinese text found; not an article", where=str(path),
                         fix="pass a Chinese news article (text or HTML)")
    return clean(raw.text, article_id=article or article_id(path), path=str(path))


def process(doc: Document, *, base: str = DEFAULT_BASE) -> Graph:
    """Extract facts from a cleaned document and turn them into a graph."""
    from kg.extract import extract
    from kg.graph import to_graph

    return to_graph(extract(doc), base=base)


def build(paths: list[str | Path], *, base: str = DEFAULT_BASE, jobs: int = 1, ntriples: bool = False,
          progress: bool | None = False) -> BuildResult:
    """Build graphs for every article under `paths`; bad inputs are reported, not fatal.

    `jobs` > 1 runs articles in worker processes (`ntriples=True` only); results keep the
    input order, so the output is the same for any `jobs`. With `ntriples` the result is a
    `kg.corpus.CorpusBuild` holding sorted N-Triples per article instead of rdflib graphs.
    """
    from kg.corpus import CorpusBuild, Task, run_tasks
    from kg.corpus import progress as progress_bar

    files, refused = _distinct_articles(expand(paths))
    if not files and not refused:
        raise InputError("no article files found", where=" ".join(map(str, paths)),
                         fix=f"pass files or folders holding {', '.join(ARTICLE_SUFFIXES)} files")
    try:
        iris = IRIs(base)
    except ValueError as exc:
        raise InputError(str(exc), where="--base", fix="pass an absolute IRI, e.g. https://example.org/id/") from None
    ids: dict[str, Path] = {}
    for f in files:
        aid = article_id(f)
        if aid in ids:  # same stem in two folders: keep both apart, deterministically
            aid = f"{aid}-{hashlib.sha1(str(f).encode()).hexdigest()[:6]}"
        ids[aid] = f
    result = CorpusBuild() if ntriples else BuildResult()
    result.failures.extend(refused)
    tasks = [Task(str(f), aid, base, ntriples) for aid, f in ids.items()]
    with progress_bar(len(tasks), enabled=progress) as advance:
        for task, (part, failure, count) in zip(tasks, run_tasks(tasks, jobs=jobs if ntriples else 1)):
            advance()
            if failure is not None:
                result.failures.append(failure)
                continue
            result.articles += 1
            if ntriples:
                result.chunks.append((str(iris.article(task.article)), part))
                result.triples += count
            else:
                result.graphs.append((iris.article(task.article), part))
    return result


def merged(result: BuildResult, *, base: str = DEFAULT_BASE) -> Graph:
    g = bind_prefixes(Graph(), base=base)
    for _, part in result.graphs:
        g += part
    return g


def serialize(result: BuildResult, fmt: str, *, base: str = DEFAULT_BASE) -> bytes:
    """Serialise a build: quads formats get one named graph per article."""
    with _quiet_rdflib():
        return _serialize(result, fmt, base=base)


def _serialize(result: BuildResult, fmt: str, *, base: str) -> bytes:
    if fmt in ("trig", "nquads"):
        ds = Dataset()
        bind_prefixes(ds, base=base)
        for name, part in result.graphs:
            g = ds.graph(name)
            for t in part:
                g.add(t)
        return ds.serialize(format=fmt, encoding="utf-8")
    return merged(result, base=base).serialize(format=fmt, encoding="utf-8")


def write(result: BuildResult, out: str | Path, *, base: str = DEFAULT_BASE) -> int:
    """Write the build to `out` (format from the extension); returns the count of what the file
    holds: quads (one named graph per article) or the merged triples."""
    fmt = rdf_format(out)
    data = serialize(result, fmt, base=base)
    atomic_write(out, data)
    if fmt in ("trig", "nquads"):
        return sum(len(g) for _, g in result.graphs)
    return len(set().union(*(set(g) for _, g in result.graphs)))


def load_graph(path: str | Path) -> Graph:
    """Parse an RDF file written by `kg build` (or any RDF file)."""
    from kg.errors import InputError as _In

    p = Path(path)
    if not p.is_file():
        raise _In("no such graph file", where=str(p), fix="run `kg build` first, or pass --graph FILE")
    fmt = rdf_format(p)
    try:
        with _quiet_rdflib():
            return _parse(p, fmt)
    except Exception as exc:  # parser errors come in many types
        why, line = getattr(exc, "_why", None), getattr(exc, "lines", None)
        msg = f"{why} at line {line + 1}" if why and line is not None else " ".join(str(exc).split())[:200]
        raise _In(f"not valid {fmt}: {msg}", where=str(p),
                  fix="pass a graph written by `kg build`") from None


def _parse(p: Path, fmt: str) -> Graph:
    """Parse with Oxigraph's parser (3x faster than rdflib's on a corpus), quads merged."""
    import pyoxigraph as ox

    from kg.query import ox_format

    terms: dict = {}

    def term(t):
        try:
            return terms[t]
        except KeyError:
            if isinstance(t, ox.NamedNode):
                got = URIRef(t.value)
            elif isinstance(t, ox.BlankNode):
                got = BNode(t.value)
            elif t.language:
                got = Literal(t.value, lang=bcp47_case(t.language))
            elif t.datatype.value == _XSD_STRING:
                got = Literal(t.value)
            else:
                got = Literal(t.value, datatype=URIRef(t.datatype.value))
            terms[t] = got
            return got

    triples = {(term(q.subject), term(q.predicate), term(q.object))
               for q in ox.parse(path=str(p), format=ox_format(p), base_iri=p.resolve().as_uri())}
    g = Graph()
    g.addN((s, p_, o, g) for s, p_, o in triples)
    return bind_prefixes(g)


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def bcp47_case(tag: str) -> str:
    """A language tag in the case BCP 47 recommends (zh-hant → zh-Hant, en-us → en-US);
    Oxigraph lower-cases tags."""
    out = []
    for i, sub in enumerate(tag.split("-")):
        if i and len(sub) == 4 and sub.isalpha() and len(out[-1]) != 1:
            sub = sub.title()
        elif i and len(sub) == 2 and sub.isalpha() and len(out[-1]) != 1:
            sub = sub.upper()
        else:
            sub = sub.lower()
        out.append(sub)
    return "-".join(out)


@contextmanager
def _quiet_rdflib():
    """rdflib 7.6 warns about its own deprecated Dataset internals when reading and writing quads."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"rdflib(\.|$)")
        yield
