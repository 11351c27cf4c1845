"""Graph files: the format table, reading (`load_graph`, `load_dataset`) and atomic writes.

Writing outputs atomically: a temporary file beside the target, fsync, then a rename.

Readers see the old file or the new one, never a part: a failed or interrupted write
(an exception, Ctrl-C, a full disk) removes the temporary file and leaves the previous
output byte-identical. Only files of the types we write are ever replaced.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rdflib import Dataset, Graph

from kg.model.errors import InputError, OutputError
from kg.model.namespaces import bind_prefixes
from kg.rdf import named
from kg.rdf.terms import rdflib_quads

RDF_FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".trig": "trig",
    ".nq": "nquads",
    ".rdf": "xml",
    ".owl": "xml",
}
# Every extension an output of ours may have; anything else is never overwritten.
OUTPUT_SUFFIXES = frozenset(RDF_FORMATS) | {".html", ".htm", ".json", ".csv", ".tsv", ".md", ".srj", ".srx"}


def rdf_format(path: str | Path) -> str:
    """The rdflib format name for an output path, from its extension."""
    ext = Path(path).suffix.lower()
    if ext not in RDF_FORMATS:
        known = " ".join(sorted(RDF_FORMATS))
        raise OutputError(f"unknown RDF file extension {ext or '(none)'!r}", where=str(path),
                          fix=f"use one of: {known}")
    return RDF_FORMATS[ext]


def check_target(path: str | Path) -> Path:
    """Refuse targets we must not replace: folders, non-output files, paths under a file."""
    target = Path(path)
    where = str(target)
    if target.is_dir():
        raise OutputError("is a directory", where=where, fix="give a file name, e.g. -o out/graph.ttl")
    if target.exists() and target.suffix.lower() not in OUTPUT_SUFFIXES:
        raise OutputError(f"refusing to overwrite a {target.suffix or 'extension-less'} file that kg did not write",
                          where=where, fix=f"choose a new output path ending in one of: {' '.join(sorted(OUTPUT_SUFFIXES))}")
    for parent in target.parents:
        if parent.exists():
            if not parent.is_dir():
                raise OutputError(f"cannot create the output folder: {parent} is a file", where=where,
                                  fix="choose an output path inside a folder")
            break
    return target


def _mode_for(target: Path) -> int:
    """Keep an existing file's permissions; new files get 0666 minus the umask (as open() would)."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(path: str | Path, data: bytes | str) -> None:
    """Write bytes (or UTF-8 text) so that readers see the old file or the new one, never a part."""
    target = check_target(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"cannot write ({exc.strerror})", where=str(target),
                          fix="choose a writable output folder") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _mode_for(target))
        os.replace(tmp, target)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write ({exc.strerror or exc}); the previous file was left as it was",
                              where=str(target), fix="free some disk space or choose another output folder") from None
        raise
    _fsync_dir(target.parent)


# -- reading -------------------------------------------------------------------

def ox_format(path: str | Path):
    """The pyoxigraph RdfFormat for a graph file, from its extension."""
    from pyoxigraph import RdfFormat  # lazy: the native parser loads only when a file is read

    return {"turtle": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES, "json-ld": RdfFormat.JSON_LD,
            "trig": RdfFormat.TRIG, "nquads": RdfFormat.N_QUADS, "xml": RdfFormat.RDF_XML}[rdf_format(path)]


def load_graph(path: str | Path) -> Graph:
    """Parse an RDF file written by `kg build` (or any RDF file); quads are merged into one graph."""
    triples = {(s, p, o) for s, p, o, _ in _read(path)}
    g = Graph()
    g.addN((s, p, o, g) for s, p, o in triples)
    return bind_prefixes(g)


def load_dataset(path: str | Path) -> Dataset:
    """Parse an RDF file keeping its named graphs as written (see `kg.rdf.named`)."""
    return named.dataset(_read(path))


def parse_dataset(data: bytes, fmt: str) -> Dataset:
    """A Dataset from N-Quads or TriG bytes (`fmt`: an rdflib format name, "nquads" or "trig")."""
    import pyoxigraph as ox  # lazy: see ox_format

    ox_fmt = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}[fmt]
    return named.dataset(rdflib_quads(ox.parse(data, format=ox_fmt)))


def _read(path: str | Path) -> list[tuple]:
    """The quads of a graph file as rdflib terms, in file order (graph None: the default graph)."""
    import pyoxigraph as ox  # lazy: see ox_format

    p = Path(path)
    if not p.is_file():
        raise InputError("no such graph file", where=str(p), fix="run `kg build` first, or pass --graph FILE")
    fmt = rdf_format(p)
    try:
        with named.quiet_rdflib():
            return rdflib_quads(ox.parse(path=str(p), format=ox_format(p), base_iri=p.resolve().as_uri()))
    except Exception as exc:  # parser errors come in many types
        why, line = getattr(exc, "_why", None), getattr(exc, "lines", None)
        msg = f"{why} at line {line + 1}" if why and line is not None else " ".join(str(exc).split())[:200]
        raise InputError(f"not valid {fmt}: {msg}", where=str(p),
                         fix="pass a graph written by `kg build`") from None
