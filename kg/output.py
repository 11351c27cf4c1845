"""Writing outputs atomically: a temporary file beside the target, then a rename."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from kg.errors import OutputError

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


def rdf_format(path: str | Path) -> str:
    """The rdflib format name for an output path, from its extension."""
    ext = Path(path).suffix.lower()
    if ext not in RDF_FORMATS:
        known = " ".join(sorted(RDF_FORMATS))
        raise OutputError(f"unknown RDF file extension {ext or '(none)'!r}", where=str(path),
                          fix=f"use one of: {known}")
    return RDF_FORMATS[ext]


def atomic_write(path: str | Path, data: bytes) -> None:
    """Write bytes so that readers see the old file or the new one, never a part."""
    target = Path(path)
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
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
