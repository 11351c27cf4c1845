"""Read stage: turn a file into text. Decoding only; no cleaning here."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError

MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class RawArticle:
    path: str
    text: str
    encoding: str


def decode(data: bytes, *, where: str = "input") -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM), else the best guess."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError("not text (no known encoding fits)", where=where,
                         fix="pass a UTF-8, GB18030, Big5 or UTF-16 text or HTML file")
    return str(best), best.encoding


def read_article(path: str | Path) -> RawArticle:
    """Read one article file and decode it."""
    p = Path(path)
    where = str(p)
    if not p.exists():
        raise InputError("no such file", where=where, fix="check the path")
    if p.is_dir():
        raise InputError("is a directory", where=where, fix="pass the files, or the directory to `kg build`")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror})", where=where, fix="check the file's permissions") from None
    text, encoding = decode(data, where=where)
    return RawArticle(where, text, encoding)
