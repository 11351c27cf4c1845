"""The writer: a build (per-article graphs or N-Triples) to RDF files, in one pass.

Each worker turns one article into its sorted, de-duplicated N-Triples lines
(https://www.w3.org/TR/n-triples/); the parent keeps those bytes in input order, so
the output does not depend on the number of workers. Writers produce Turtle and TriG
(https://www.w3.org/TR/trig/) straight from the sorted lines: exact terms are kept
(language-tag case included; Oxigraph's serialisers lower-case tags and order prefixes
at random), prefixes come from `kg.model.namespaces`, and the same input gives byte-identical
output. In TriG and N-Quads each article's own triples form its named graph and the
triples two or more articles state (shared places, dates, posts …) are written once,
in the default graph (the rule of `kg.rdf.named`).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from rdflib import Dataset, Graph, URIRef

from kg.model.namespaces import DEFAULT_BASE, PREFIXES, bind_prefixes
from kg.model.workers import run_tasks
from kg.rdf.jsonld import jsonld_bytes
from kg.rdf import named
from kg.rdf import spool
from kg.rdf.files import atomic_stream, atomic_write, parse_dataset, rdf_format, stamp
from kg.rdf.graph import nt_term


@dataclass
class BuildResult:
    """A build held as one rdflib graph per article (input order), and the inputs that failed."""

    graphs: list[tuple[URIRef, Graph]] = field(default_factory=list)  # one per article
    failures: list[str] = field(default_factory=list)  # one line per failed input
    articles: int = 0


@dataclass
class CorpusBuild(BuildResult):
    """A build held as one block of sorted N-Triples lines per article (input order)."""

    chunks: list[tuple[str, bytes]] = field(default_factory=list)  # (article IRI, N-Triples)
    triples: int = 0  # summed over articles (the quads of a .trig/.nq output)


_NT_CACHE: dict = {}  # term → N-Triples text; IRIs and short literals recur across articles


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
                text = cache[term] = nt_term(term)
            parts.append(text)
        lines.add(f"{parts[0]} {parts[1]} {parts[2]} .\n")
    return "".join(sorted(lines)).encode("utf-8")


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
    return list(iter_turtle(lines, terms, indent))


def iter_turtle(lines: Iterable[str], terms: _Terms, indent: str = "") -> Iterator[str]:
    """`turtle_body`, a subject's statements at a time."""
    cache, t = terms.cache, terms.term
    subject = predicate = previous = None
    block: list[str] = []
    for line in lines:
        if line == previous or not line:
            continue
        previous = line
        s, p, o = line.split(" ", 2)
        o = o[:-2]  # drop " ."
        if o[0] == "<":
            o = cache.get(o) or t(o)
        elif o[-1] == ">":  # a typed literal: its datatype abbreviated
            o = t(o)
        if s == subject:
            if p == predicate:
                block.append(f", {o}")
            else:
                block.append(f" ;\n{indent}    {cache.get(p) or t(p)} {o}")
                predicate = p
        else:
            if subject is not None:
                block.append(" .\n\n")
                yield "".join(block)
                block = []
            block.append(f"{indent}{cache.get(s) or t(s)} {cache.get(p) or t(p)} {o}")
            subject, predicate = s, p
    if subject is not None:
        block.append(" .\n")
        yield "".join(block)


def _prefixes(base: str) -> dict[str, str]:
    """The project's prefixes and `id:` for the data's base (`--base`), as `bind_prefixes` binds them."""
    return {**{p: str(ns) for p, ns in PREFIXES.items()}, "id": base}


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
    """Sorted, distinct triples that two or more articles state: the default graph of TriG
    and N-Quads (`kg.rdf.named`); the rest go in their article's named graph."""
    return sorted(named.shared(data.decode("utf-8").split("\n")[:-1] for _, data in result.chunks))


STREAMED = ("trig", "nquads", "nt", "turtle")


def render_rdf(result: CorpusBuild, fmt: str, *, base: str, out: BinaryIO | None = None,
               jobs: int = 1) -> tuple[bytes, int]:
    """Bytes of the build in an rdflib format name, and the count of what they hold: for
    trig/nquads the statements (shared triples in the default graph, the rest in one named
    graph per article), else the merged triples. With `out` (a binary file), formats in
    STREAMED are written to it piece by piece (`kg.rdf.spool`) and the bytes returned are empty;
    `jobs` > 1 renders the named graphs of a large build in that many processes."""
    prefixes = _prefixes(base)
    if out is not None and fmt in STREAMED:
        return b"", _stream_rdf(result, fmt, prefixes, out, jobs)
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
        for name, data in result.chunks:
            block, n = _graph_block(name, data, common, fmt, terms)
            count += n
            blocks.append(block)
        return b"".join(blocks), count
    lines = merged_lines(result)
    if fmt == "nt":
        return "".join(line + "\n" for line in lines).encode("utf-8"), len(lines)
    if fmt == "turtle":
        return (_header(prefixes) + "".join(turtle_body(lines, _Terms(prefixes)))).encode("utf-8"), len(lines)
    g = bind_prefixes(Graph(), base=base)
    g.parse(data="\n".join(lines), format="nt")
    if fmt == "json-ld":  # a readable @context of our own (kg.rdf.jsonld)
        return jsonld_bytes(g, base=base), len(lines)
    return g.serialize(format=fmt, encoding="utf-8"), len(lines)


def _stream_rdf(result: CorpusBuild, fmt: str, prefixes: dict[str, str], out: BinaryIO, jobs: int = 1) -> int:
    """`render_rdf` into a file, one article (or one piece of the merge) in memory at a time."""
    chunks = result.chunks if isinstance(result.chunks, spool.Spool) else spool.Spool(result.chunks)
    write = out.write
    terms = _Terms(prefixes)
    if fmt in ("nt", "turtle"):
        count = 0

        def counted(lines: Iterable[str]) -> Iterator[str]:
            nonlocal count
            for line in lines:
                count += 1
                yield line

        lines = counted(spool.merged_lines(chunks))
        if fmt == "nt":
            for line in lines:
                write(f"{line}\n".encode())
        else:
            write(_header(prefixes).encode("utf-8"))
            for piece in iter_turtle(lines, terms):
                write(piece.encode("utf-8"))
        return count
    shared = spool.shared_lines(chunks)
    count = len(shared)
    if fmt == "nquads":
        write("".join(line + "\n" for line in shared).encode("utf-8"))
    else:
        write(_header(prefixes).encode("utf-8"))
        if shared:
            write(("# the default graph: triples that two or more articles state\n"
                   + "".join(turtle_body(shared, terms)) + "\n").encode("utf-8"))
    common = set(shared)
    del shared
    for block, n in _graph_blocks(chunks, common, fmt, terms, jobs):
        count += n
        write(block)
    return count


def _graph_block(name: str, data: bytes, common: set[str], fmt: str, terms: _Terms) -> tuple[bytes, int]:
    """An article's named graph in TriG or N-Quads: its lines not in `common` (the default
    graph's), and their count."""
    lines = [line for line in data.decode("utf-8").split("\n") if line and line not in common]
    if fmt == "nquads":
        return "".join(f"{line[:-2]} <{name}> .\n" for line in lines).encode("utf-8"), len(lines)
    if not lines:
        return b"", 0
    body = "".join(turtle_body(lines, terms, indent="    "))
    return f"<{name}> {{\n{body}}}\n\n".encode(), len(lines)


PARALLEL_GRAPHS = 64  # fewer named graphs than this are written by the parent alone
_RENDERING: tuple | None = None  # (spool, common, fmt, terms) of the render in progress, for forked workers


def _graph_blocks(chunks: spool.Spool, common: set[str], fmt: str, terms: _Terms,
                  jobs: int) -> Iterator[tuple[bytes, int]]:
    """`_graph_block` of every article in input order; by `jobs` forked processes for a large build
    (they read the spool's file themselves and see `common` without copying it)."""
    global _RENDERING
    if jobs < 2 or len(chunks) < PARALLEL_GRAPHS:
        for name, data in chunks:
            yield _graph_block(name, data, common, fmt, terms)
        return
    _RENDERING = (chunks, common, fmt, terms)
    try:
        yield from run_tasks(range(len(chunks)), _render_graph, jobs=jobs)
    finally:
        _RENDERING = None


def _render_graph(i: int) -> tuple[bytes, int]:
    """In a forked worker: `_graph_block` of article `i` of the render in progress."""
    assert _RENDERING is not None
    chunks, common, fmt, terms = _RENDERING
    name, data = chunks[i]
    return _graph_block(name, data, common, fmt, terms)


def serialize_corpus(result: CorpusBuild, fmt: str, *, base: str) -> bytes:
    """Bytes of the build in an rdflib format name (turtle, nt, trig, nquads, json-ld, xml)."""
    return render_rdf(result, fmt, base=base)[0]


def write_corpus(result: CorpusBuild, out: str | Path, *, base: str, force: bool = False,
                 inputs: Iterable[str | Path] = (), jobs: int = 1) -> int:
    """Write the build to `out` (format from the extension, kg's marker inside); returns the count
    of what the file holds: quads (one named graph per article) or the merged triples. `jobs`:
    processes that render the named graphs of a large build (the bytes are the same)."""
    fmt = rdf_format(out)
    if fmt in STREAMED:
        with atomic_stream(out, force=force, inputs=inputs) as fh:
            fh.write(stamp(b"", fmt))
            return render_rdf(result, fmt, base=base, out=fh, jobs=jobs)[1]
    data, count = render_rdf(result, fmt, base=base)
    atomic_write(out, stamp(data, fmt), force=force, inputs=inputs)
    return count


# -- rdflib graphs (a build held in memory) -----------------------------------

def merged(result: BuildResult, *, base: str = DEFAULT_BASE) -> Graph:
    g = bind_prefixes(Graph(), base=base)
    for _, part in result.graphs:
        g += part
    return g


def as_corpus(result: BuildResult) -> CorpusBuild:
    """A build of rdflib graphs as N-Triples chunks, for the one writer above."""
    if isinstance(result, CorpusBuild):
        return result
    chunks = [(str(name), ntriples_of(g)) for name, g in result.graphs]
    return CorpusBuild(failures=list(result.failures), articles=result.articles, chunks=chunks,
                       triples=sum(len(g) for _, g in result.graphs))


def serialize(result: BuildResult, fmt: str, *, base: str = DEFAULT_BASE) -> bytes:
    """Serialise a build: quads formats get one named graph per article (`kg.rdf.named`)."""
    return render_rdf(as_corpus(result), fmt, base=base)[0]


def write(result: BuildResult, out: str | Path, *, base: str = DEFAULT_BASE, force: bool = False,
          inputs: Iterable[str | Path] = (), jobs: int = 1) -> int:
    """Write the build to `out` (format from the extension); returns the count of what the file
    holds: the statements of a quads format, else the merged triples."""
    return write_corpus(as_corpus(result), out, base=base, force=force, inputs=inputs, jobs=jobs)


def dataset(result: BuildResult) -> Dataset:
    """The build as an rdflib Dataset, named graphs split by the rule of `kg.rdf.named`."""
    if isinstance(result, CorpusBuild) and not result.graphs:
        return parse_dataset(render_rdf(result, "nquads", base=DEFAULT_BASE)[0], "nquads")
    return named.build_dataset((str(name), g) for name, g in result.graphs)
