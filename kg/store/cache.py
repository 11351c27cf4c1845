"""The result cache of a store: `kg query --store DIR` answers a repeated query from SQLite.

Every write to a store (`kg.store.disk.DiskStore`: a batch of added or replaced articles, a
removal) adds one to `meta.generation` in the same SQLite transaction as its bookkeeping, and
deletes the cached results of older generations. A cached result is keyed by the SHA-256 of the
prepared query text, the engine, the generation and whether --infer, so a result of an older
store is never served; each entry also records a stamp of Oxigraph's files (`files_stamp`), so a
write by another program (`oxigraph serve --location DIR`) is not served stale either. Nothing is
cached (or read from the cache) while a write is in progress or after one was cut short
(`meta.state` is not "ok"), nor when the generation or the files changed while the query ran.

The cache lives in the table `results` of `fupin-kg.sqlite` (no RocksDB lock needed: only SQLite's
own), or in `fupin-kg-cache.sqlite` beside it when that file is not writable. A read-only folder,
a locked or damaged database, a result larger than `MAX_ENTRY`: the query simply runs uncached.
The values are the columns and rows as JSON (each distinct term once, as kind, value, datatype and
language; the rows as indexes into them), zlib-compressed, read back into the kind of terms the
engine gives (pyoxigraph for oxigraph, rdflib for rdflib), so every format prints the same bytes
as without the cache. The cache is capped at `MAX_TOTAL` bytes, the oldest entries evicted first.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
import zlib
from pathlib import Path

from kg.store.results import Result, parts

META_FILE = "fupin-kg.sqlite"  # the same as kg.store.disk.META_FILE (disk imports this module)
CACHE_FILE = "fupin-kg-cache.sqlite"
FORMAT = "2"  # of the cached values: part of the key
MAX_ENTRY = 32 * 1024 * 1024  # bytes (compressed) of one result; larger ones are not cached
MAX_TOTAL = 256 * 1024 * 1024  # bytes of all results
BUSY_MS = 200  # waiting for another process's SQLite write lock, then giving up

TABLE = """CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, generation INTEGER NOT NULL,
                                             files TEXT NOT NULL, created REAL NOT NULL,
                                             size INTEGER NOT NULL, value BLOB NOT NULL)"""


def cache_key(text: str, engine: str, generation: int, infer: bool) -> str:
    """SHA-256 of the prepared query text, the engine, the store generation and --infer."""
    blob = json.dumps([FORMAT, text, engine, generation, bool(infer)], ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def files_stamp(folder: Path) -> str:
    """SHA-256 of the names, sizes and modification times of Oxigraph's files in a store folder
    (its info logs `LOG*` and kg's own files left out). Any write to the RocksDB store changes it,
    kg's or another program's (`oxigraph serve --location DIR`, a writable `kg serve`), which do
    not bump the generation; opening it read-only does not."""
    items = []
    with os.scandir(folder) as entries:
        for e in entries:
            if not e.name.startswith(("LOG", "fupin-kg")):
                st = e.stat()
                items.append(f"{e.name}\0{st.st_size}\0{st.st_mtime_ns}")
    return hashlib.sha256("\n".join(sorted(items)).encode("utf-8")).hexdigest()


# -- the writing side (called by kg.store.disk inside its transactions) -------------------------

def bump_generation(db: sqlite3.Connection) -> int:
    """Add one to the store's generation and drop the cached results of older ones; inside the
    caller's transaction."""
    row = db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
    generation = _int(row[0] if row else 0) + 1
    db.execute("INSERT OR REPLACE INTO meta VALUES ('generation', ?)", (str(generation),))
    db.execute(TABLE)
    db.execute("DELETE FROM results WHERE generation < ?", (generation,))
    return generation


def prune_side_file(folder: Path, generation: int) -> None:
    """Drop older generations from `fupin-kg-cache.sqlite` if there is one (best effort)."""
    side = folder / CACHE_FILE
    if not side.is_file():
        return
    try:
        db = _connect(side, "rw")
        try:
            db.execute("DELETE FROM results WHERE generation < ?", (generation,))
        finally:
            db.close()
    except sqlite3.Error:
        pass


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


# -- the reading side ---------------------------------------------------------------------------

def _connect(path: Path, mode: str) -> sqlite3.Connection:
    db = sqlite3.connect(f"file:{path}?mode={mode}", uri=True, isolation_level=None,
                         timeout=BUSY_MS / 1000)
    db.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
    return db


def _state(meta: sqlite3.Connection) -> int | None:
    """The store's generation, or None while a write is in progress or after one was cut short."""
    rows = dict(meta.execute("SELECT key, value FROM meta WHERE key IN ('state', 'generation')"))
    if rows.get("state") != "ok":
        return None
    return _int(rows.get("generation", 0))


class ResultCache:
    """The cache entry of one query on one store: `get()` before running it, `put()` after."""

    def __init__(self, folder: str | Path, text: str, engine: str, infer: bool):
        self.folder, self.text, self.engine, self.infer = Path(folder), text, engine, infer
        self.meta: sqlite3.Connection | None = None
        self.cache: sqlite3.Connection | None = None
        self.generation: int | None = None
        self.key = self.files = ""
        main = self.folder / META_FILE
        try:
            if os.access(main, os.W_OK):
                self.meta = self.cache = _connect(main, "rw")
            else:
                self.meta = _connect(main, "ro")
            self.generation = _state(self.meta)
            self.files = files_stamp(self.folder)
        except (sqlite3.Error, OSError):
            self.close()
            return
        if self.generation is not None:
            self.key = cache_key(text, engine, self.generation, infer)

    def close(self) -> None:
        for db in {id(d): d for d in (self.meta, self.cache) if d is not None}.values():
            try:
                db.close()
            except sqlite3.Error:  # pragma: no cover - closing never fails in practice
                pass
        self.meta = self.cache = None

    def get(self) -> Result | None:
        """The cached result, or None (not cached, damaged, or the store is being written)."""
        if not self.key:
            return None
        db = self.cache
        if db is None:
            side = self.folder / CACHE_FILE
            if not side.is_file():
                return None
            try:
                db = self.cache = _connect(side, "rw" if os.access(side, os.W_OK) else "ro")
            except sqlite3.Error:
                return None
        try:
            row = db.execute("SELECT value FROM results WHERE key = ? AND generation = ? AND files = ?",
                             (self.key, self.generation, self.files)).fetchone()
        except sqlite3.Error:
            return None
        if row is None:
            return None
        try:
            return decode(row[0], self.engine)
        except Exception:  # noqa: BLE001 - a damaged entry is a miss; put() replaces it
            return None

    def put(self, result: Result) -> bool:
        """Store a result just computed, unless the store changed meanwhile; True when stored."""
        if not self.key:
            return False
        try:
            value = encode(result)
        except Exception:  # noqa: BLE001 - a term kind we cannot write back: not cached
            return False
        if len(value) > MAX_ENTRY:
            return False
        try:
            if files_stamp(self.folder) != self.files:  # written meanwhile, by kg or not
                return False
            db = self.cache
            if db is None:
                if not os.access(self.folder, os.W_OK):
                    return False
                db = self.cache = _connect(self.folder / CACHE_FILE, "rwc")
            if db is not self.meta and self.meta is not None and _state(self.meta) != self.generation:
                return False
            db.execute("BEGIN IMMEDIATE")
            try:
                if db is self.meta and _state(db) != self.generation:  # a write came in meanwhile
                    db.execute("ROLLBACK")
                    return False
                db.execute(TABLE)
                db.execute("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?, ?)",
                           (self.key, self.generation, self.files, time.time(), len(value), value))
                _evict(db)
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        except (sqlite3.Error, OSError):  # read-only, locked, damaged: the answer stands, uncached
            return False
        return True


def _evict(db: sqlite3.Connection) -> None:
    """Delete the oldest results until the rest fit in MAX_TOTAL."""
    (total,) = db.execute("SELECT COALESCE(SUM(size), 0) FROM results").fetchone()
    if total <= MAX_TOTAL:
        return
    doomed = []
    for key, size in db.execute("SELECT key, size FROM results ORDER BY created, key"):
        if total <= MAX_TOTAL:
            break
        doomed.append((key,))
        total -= size
    db.executemany("DELETE FROM results WHERE key = ?", doomed)


# -- values -------------------------------------------------------------------------------------

def _cell(term) -> list:
    """[kind, value] of an IRI ("i") or blank node ("b"), [kind, value, datatype, language] of a
    literal ("l"), the way `kg.store.results.parts` reads them."""
    import pyoxigraph as ox  # lazy: the engine's own terms, read directly (the common case)

    cls = type(term)
    if cls is ox.NamedNode:
        return ["i", term.value]
    if cls is ox.Literal:
        return ["l", term.value, term.datatype.value, term.language or ""]
    if cls is ox.BlankNode:
        return ["b", term.value]
    kind, value, datatype, language = parts(term)
    if kind != "literal":
        return [kind[0], value]
    if cls.__name__ != "Literal":  # pragma: no cover - engines give only these kinds
        raise TypeError(f"cannot cache a {cls.__name__}")
    return ["l", value, datatype, language]


def indexed(rows, cell) -> tuple[list, list]:
    """Each distinct term of the rows once, as `cell(term)`, and the rows as indexes into them (-1: unbound)."""
    index: dict = {}
    terms: list = []
    out_rows = []
    for row in rows:
        out = []
        for t in row:
            if t is None:
                out.append(-1)
                continue
            at = index.get(t)  # terms are equal only to terms of the same kind and value
            if at is None:
                at = index[t] = len(terms)
                terms.append(cell(t))
            out.append(at)
        out_rows.append(out)
    return terms, out_rows


def encode(result: Result) -> bytes:
    """A result as compressed JSON: columns, the boolean of an ASK, each distinct term once as
    [kind, value, …], the rows as indexes into them (-1: unbound) and the notes."""
    terms, rows = indexed(result.rows, _cell)
    body = {"columns": list(result.columns), "boolean": result.boolean, "terms": terms, "rows": rows,
            "notes": [str(n) for n in result.notes]}
    return zlib.compress(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 1)


def decode(value: bytes, engine: str) -> Result:
    """The result `encode` wrote, with pyoxigraph terms (engine oxigraph) or rdflib terms."""
    body = json.loads(zlib.decompress(value).decode("utf-8"))
    make = _ox_maker() if engine == "oxigraph" else _rdflib_maker()
    terms = [make(c) for c in body["terms"]]
    terms.append(None)  # index -1
    columns = [str(c) for c in body["columns"]]
    rows = [tuple([terms[i] for i in row]) for row in body["rows"]]
    if any(len(r) != len(columns) for r in rows) or body["boolean"] not in (None, True, False):
        raise ValueError("damaged cache entry")
    return Result(columns=columns, rows=rows, boolean=body["boolean"], notes=[str(n) for n in body["notes"]])


def _ox_maker():
    import pyoxigraph as ox  # lazy: only for cached oxigraph results

    def make(cell):
        kind = cell[0]
        if kind == "i":
            return ox.NamedNode(cell[1])
        if kind == "b":
            return ox.BlankNode(cell[1])
        _, value, datatype, language = cell
        if language:
            return ox.Literal(value, language=language)
        return ox.Literal(value, datatype=ox.NamedNode(datatype)) if datatype else ox.Literal(value)
    return make


def _rdflib_maker():
    from rdflib import BNode, Literal, URIRef  # lazy: only for cached rdflib results

    def make(cell):
        kind = cell[0]
        if kind == "i":
            return URIRef(cell[1])
        if kind == "b":
            return BNode(cell[1])
        _, value, datatype, language = cell
        if language:
            return Literal(value, lang=language, normalize=False)
        return Literal(value, datatype=URIRef(datatype) if datatype else None, normalize=False)
    return make
