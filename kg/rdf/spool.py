"""A corpus build on disk: each article's N-Triples in a temporary file, merged by streaming.

A build of thousands of articles does not fit in memory as text (1,000 synthetic articles are
1.6 M triples). The parent process appends each article's sorted N-Triples block to an unnamed
temporary file as it arrives and keeps only (IRI, offset, length) per article. The writers
(`kg.rdf.writer.render_rdf` with an output file) then stream it:

- TriG and N-Quads need the triples that two or more articles state (`kg.rdf.named`). A triple
  about an article itself or its parts (its IRI, or an IRI under it) is stated by that article
  only, so just the other lines (about 15 %) are counted: a first pass keeps a 64-bit hash of
  each, a second counts the lines whose hash came twice, exactly. The default graph is written
  first, then each article's own lines, one article in memory at a time.
- Turtle and N-Triples hold the merged graph in sorted order: a k-way merge of the articles'
  sorted blocks, each read in small pieces, repeats dropped.

The output is byte-identical to building everything in memory.
"""
from __future__ import annotations

import heapq
import os
import tempfile
import weakref
from collections.abc import Iterable, Iterator

BLOCK = 1 << 16


class Spool:
    """(article IRI, sorted N-Triples bytes) pairs in input order, kept in a temporary file.

    Behaves like the list it replaces in `kg.rdf.writer.CorpusBuild.chunks`: `append`,
    iteration, `len`.
    """

    def __init__(self, items: Iterable[tuple[str, bytes]] = ()):
        self._file = tempfile.TemporaryFile(prefix="kg-build-")
        self._close = weakref.finalize(self, self._file.close)
        self._fd = self._file.fileno()
        self._index: list[tuple[str, int, int]] = []
        self._end = 0
        for item in items:
            self.append(item)

    def append(self, item: tuple[str, bytes]) -> None:
        name, data = item
        view, at = memoryview(data), self._end
        while view:
            n = os.pwrite(self._fd, view, at)
            view, at = view[n:], at + n
        self._index.append((name, self._end, len(data)))
        self._end += len(data)

    def __len__(self) -> int:
        return len(self._index)

    def __iter__(self) -> Iterator[tuple[str, bytes]]:
        for name, offset, size in self._index:
            yield name, self._read(offset, size)

    def __getitem__(self, i: int) -> tuple[str, bytes]:
        name, offset, size = self._index[i]
        return name, self._read(offset, size)

    def _read(self, offset: int, size: int) -> bytes:
        parts, end = [], offset + size
        while offset < end:
            part = os.pread(self._fd, min(end - offset, 1 << 24), offset)
            if not part:  # pragma: no cover - the file is ours; it cannot shrink
                raise OSError("the build's temporary file was cut short")
            parts.append(part)
            offset += len(part)
        return b"".join(parts)

    def lines(self, i: int) -> Iterator[bytes]:
        """The lines of article `i` (without their newline), read in small pieces."""
        _, offset, size = self._index[i]
        end, rest = offset + size, b""
        while offset < end:
            block = os.pread(self._fd, min(BLOCK, end - offset), offset)
            offset += len(block)
            *done, rest = (rest + block).split(b"\n")
            yield from done
        if rest:
            yield rest

    def close(self) -> None:
        self._close()


def _prefixes_of(name: str) -> tuple[bytes, ...]:
    iri = name.encode("utf-8")
    return b"<" + iri + b">", b"<" + iri + b"/", b"<" + iri + b"#"


def others(data: bytes, mine: tuple[bytes, ...]) -> list[bytes]:
    """The lines of a sorted N-Triples block that start with none of `mine`, found without
    looking at the others: the lines starting with one prefix are consecutive in sorted order."""
    spans = []
    for prefix in mine:
        first = 0 if data.startswith(prefix) else data.find(b"\n" + prefix) + 1
        if first == 0 and not data.startswith(prefix):  # no line starts with it
            continue
        last = data.rfind(b"\n" + prefix) + 1
        end = data.find(b"\n", max(first, last))
        spans.append((first, len(data) if end < 0 else end + 1))
    pieces, at = [], 0
    for first, end in sorted(spans):
        pieces.append(data[at:first])
        at = end
    pieces.append(data[at:])
    return [line for line in b"".join(pieces).split(b"\n") if line]


def shared_lines(chunks: Iterable[tuple[str, bytes]]) -> list[str]:
    """Sorted, distinct lines that two or more articles state (exact; see the module docstring)."""
    items = chunks if isinstance(chunks, Spool) else list(chunks)
    seen: set[int] = set()
    twice: set[int] = set()
    for name, data in items:
        for line in others(data, _prefixes_of(name)):
            h = hash(line)
            (twice if h in seen else seen).add(h)
    del seen
    counts: dict[bytes, int] = {}
    for name, data in items:
        for line in others(data, _prefixes_of(name)):
            if hash(line) in twice:
                counts[line] = counts.get(line, 0) + 1
    return sorted(line.decode("utf-8") for line, n in counts.items() if n >= 2)


def merged_lines(spool: Spool) -> Iterator[str]:
    """Sorted, distinct lines of all articles (the merged graph), streamed."""
    previous = None
    for line in heapq.merge(*(spool.lines(i) for i in range(len(spool)))):
        if line != previous and line:
            previous = line
            yield line.decode("utf-8")
