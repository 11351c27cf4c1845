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

from rdflib import Dataset, Graph, Literal, URIRef

from kg.model.namespaces import DEFAULT_BASE, PREFIXES, bind_prefixes
from kg.rdf.jsonld import jsonld_bytes
from kg.rdf import named
from kg.rdf import spool
from kg.rdf.files import atomic_stream, atomic_write, parse_dataset, rdf_format, stamp


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


def _nt_term(term) -> str:
    """A term as N-Triples writes it (the same text as rdflib's `nt` serialiser)."""
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
    """`turtle_body`, piece by piece."""
    t = terms.term
    subject = predicate = previous = None
    for line in lines:
        if line == previous or not line:
            continue
        previous = line
        s, p, o = line.split(" ", 2)
        o = t(o[:-2])  # drop " ."
        if s == subject:
            if p == predicate:
                yield f", {o}"
            else:
                yield f" ;\n{indent}    {t(p)} {o}"
                predicate = p
        else:
            if subject is not None:
                yield " .\n\n"
            yield f"{indent}{t(s)} {t(p)} {o}"
            subject, predicate = s, p
    if subject is not None:
        yield " .\n"


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


def _own(result: CorpusBuild, shared: set[str]) -> Iterator[tuple[str, list[str]]]:
    """Each article's IRI and the lines only it states (one article in memory at a time)."""
    for name, data in result.chunks:
        yield name, [line for line in data.decode("utf-8").split("\n") if line and line not in shared]


STREAMED = ("trig", "nquads", "nt", "turtle")


def render_rdf(result: CorpusBuild, fmt: str, *, base: str, out: BinaryIO | None = None) -> tuple[bytes, int]:
    """Bytes of the build in an rdflib format name, and the count of what they hold: for
    trig/nquads the statements (shared triples in the default graph, the rest in one named
    graph per article), else the merged triples. With `out` (a binary file), formats in
    STREAMED are written to it piece by piece (`kg.rdf.spool`) and the bytes returned are empty."""
    prefixes = _prefixes(base)
    if out is not None and fmt in STREAMED:
        return b"", _stream_rdf(result, fmt, prefixes, out)
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
                blocks.append(f"<{name}> {{\n{body}}}\n\n".encode())
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


def _stream_rdf(result: CorpusBuild, fmt: str, prefixes: dict[str, str], out: BinaryIO) -> int:
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
    for name, data in chunks:
        lines = [line for line in data.decode("utf-8").split("\n") if line and line not in common]
        count += len(lines)
        if fmt == "nquads":
            write("".join(f"{line[:-2]} <{name}> .\n" for line in lines).encode("utf-8"))
        elif lines:
            body = "".join(turtle_body(lines, terms, indent="    "))
            write(f"<{name}> {{\n{body}}}\n\n".encode())
    return count


def serialize_corpus(result: CorpusBuild, fmt: str, *, base: str) -> bytes:
    """Bytes of the build in an rdflib format name (turtle, nt, trig, nquads, json-ld, xml)."""
    return render_rdf(result, fmt, base=base)[0]


def write_corpus(result: CorpusBuild, out: str | Path, *, base: str, force: bool = False,
                 inputs: Iterable[str | Path] = ()) -> int:
    """Write the build to `out` (format from the extension, kg's marker inside); returns the count
    of what the file holds: quads (one named graph per article) or the merged triples."""
    fmt = rdf_format(out)
    if fmt in STREAMED:
        with atomic_stream(out, force=force, inputs=inputs) as fh:
            fh.write(stamp(b"", fmt))
            return render_rdf(result, fmt, base=base, out=fh)[1]
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
          inputs: Iterable[str | Path] = ()) -> int:
    """Write the build to `out` (format from the extension); returns the count of what the file
    holds: the statements of a quads format, else the merged triples."""
    return write_corpus(as_corpus(result), out, base=base, force=force, inputs=inputs)


def dataset(result: BuildResult) -> Dataset:
    """The build as an rdflib Dataset, named graphs split by the rule of `kg.rdf.named`."""
    if isinstance(result, CorpusBuild) and not result.graphs:
        return parse_dataset(render_rdf(result, "nquads", base=DEFAULT_BASE)[0], "nquads")
    return named.build_dataset((str(name), g) for name, g in result.graphs)
