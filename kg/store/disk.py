"""The persistent store (`kg build --store DIR`) and `open_dataset`, how every command gets its data.

A store is an Oxigraph on-disk store (RocksDB) holding one named graph per article, split by the
rule of `kg.rdf.named`: a triple that one article states is in that article's graph, a triple that
two or more state is once in the default graph. DIR holds Oxigraph's own files (so
`oxigraph serve --location DIR` and `kg serve --store DIR` serve it as it is) and, beside them,
kg's bookkeeping in `fupin-kg.sqlite` (SQLite, one transaction per article):

    meta(key, value)          the generator marker, the layout version, the base IRI, the state,
                              the generation (one more with each committed write)
    articles(id, iri, hash, path, triples)   each article and the SHA-256 of its file and base IRI
    shared(id, nt)            the triples of the default graph (N-Triples lines)
    states(shared, article)   which articles state each of them
    views(article, query, value)  each article's rows of the per-article saved queries (kg.store.views)
    results(key, …)           cached query results of the current generation (kg.store.cache)

`meta.files` is a stamp of Oxigraph's files as kg's last write left them (`kg.store.cache.files_stamp`):
the materialised rows are served only while it holds.

Updates are incremental: an article whose hash is known is skipped, one whose file changed has its
graph replaced, a new one is added, and `remove` takes one out. Adding looks each triple up in the
store: a triple already in another article's graph moves to the default graph; removing moves a
shared triple that only one article still states into that article's graph. Triples about the
article itself and its parts (its IRI, or IRIs under it) are its own without a look-up: no other
article can state them. One writer at a time (RocksDB's lock); a write interrupted by a signal
finishes the article in hand first.
"""
from __future__ import annotations

import hashlib
import signal
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from kg.model.errors import KgError
from kg.model.namespaces import DEFAULT_BASE, NIF, bind_prefixes
from kg.rdf import named
from kg.rdf.files import MARKER, load_dataset, load_graph, ox_quads
from kg.rdf.infer import materialise
from kg.rdf.terms import rdflib_quads
from kg.store.cache import bump_generation, files_stamp, prune_side_file
from kg.store.views import TABLE as VIEWS_TABLE
from kg.store.local import ox_store, run_oxigraph

META_FILE = "fupin-kg.sqlite"
LAYOUT = "1"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (id INTEGER PRIMARY KEY, iri TEXT UNIQUE NOT NULL, hash TEXT NOT NULL,
                                     path TEXT NOT NULL, triples INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS shared (id INTEGER PRIMARY KEY, nt TEXT UNIQUE NOT NULL);
CREATE TABLE IF NOT EXISTS states (shared INTEGER NOT NULL, article INTEGER NOT NULL,
                                   PRIMARY KEY (shared, article)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS states_by_article ON states (article);
"""


class StoreError(KgError):
    """A store folder cannot be opened or written."""


def content_hash(file_digest: str, base: str) -> str:
    """The key of an article in a store: SHA-256 of its file's SHA-256 and the base IRI."""
    return hashlib.sha256(f"{base}\0{file_digest}".encode()).hexdigest()


def is_store(path: str | Path) -> bool:
    """Whether a folder is a store written by `kg build --store`."""
    return (Path(path) / META_FILE).is_file()


def _where(path: Path) -> str:
    return f"{path}/"


def check_store_dir(path: str | Path, *, create: bool = False) -> Path:
    """The folder of a store; a new or empty one only when `create`; anything else is refused."""
    p = Path(path)
    if p.exists() and not p.is_dir():
        raise StoreError("not a folder", where=str(p), fix="pass a folder for --store")
    if is_store(p):
        return p
    if not p.exists():
        if create:
            return p
        raise StoreError("no such store", where=_where(p), fix="build one with `kg build PATHS --store DIR`")
    if create and not any(p.iterdir()):
        return p
    raise StoreError("not a kg store (the folder holds other files)", where=_where(p),
                     fix="pass a new or empty folder, or one written by `kg build --store`")


def _open_oxigraph(path: Path, *, read_only: bool):
    import pyoxigraph as ox  # lazy: the native store loads only when a store is used

    try:
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as exc:
        text = " ".join(str(exc).split())
        if "lock" in text.lower():
            raise StoreError("the store is in use by another writer (`kg build --store`, `kg remove` or a "
                             "writable `kg serve`)", where=_where(path),
                             fix="wait for it to finish or stop it, then run this again") from None
        raise StoreError(f"cannot open the store ({text[:160]})", where=_where(path),
                         fix="check the folder's permissions, or rebuild it with `kg build --store`") from None


@contextmanager
def _signals_deferred() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block ends, so one article's write is never cut in half."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[tuple] = []
    previous = {sig: signal.signal(sig, lambda signum, frame: caught.append((signum, frame)))
                for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for signum, frame in caught[:1]:
            handler = previous[signum]
            if callable(handler):
                handler(signum, frame)
            elif handler == signal.SIG_DFL:  # pragma: no cover - kg's CLI installs handlers
                signal.raise_signal(signum)


@dataclass
class Summary:
    """What a build or a removal did to a store."""

    added: int = 0
    replaced: int = 0
    skipped: int = 0
    removed: int = 0
    failures: list[str] = field(default_factory=list)
    articles: int = 0  # in the store afterwards

    def line(self, where: str | Path) -> str:
        return (f"store {where}: {self.added} added, {self.replaced} replaced, {self.skipped} skipped, "
                f"{self.removed} removed; {self.articles} article(s)")


class DiskStore:
    """A store opened for writing (the only writer: RocksDB's lock is held until `close`)."""

    def __init__(self, path: str | Path, *, base: str = DEFAULT_BASE):
        self.path = check_store_dir(path, create=True)
        new = not is_store(self.path)
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the folder ({exc.strerror})", where=_where(self.path),
                             fix="choose a writable folder") from None
        self.ox = _open_oxigraph(self.path, read_only=False)  # the lock first: one writer at a time
        self.db = sqlite3.connect(self.path / META_FILE, isolation_level=None)
        self.db.execute("PRAGMA journal_mode = WAL")  # one fsync per commit, readers never blocked
        self.db.execute("PRAGMA synchronous = NORMAL")
        if new:
            self.db.executescript(_SCHEMA)
            with self._transaction():
                self.db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                                    [("generator", MARKER), ("layout", LAYOUT), ("base", base), ("state", "ok")])
        meta = dict(self.db.execute("SELECT key, value FROM meta"))
        self.base = meta.get("base", base)
        if meta.get("generator") != MARKER or meta.get("layout") != LAYOUT:
            self.close()
            raise StoreError("not a kg store of this version", where=_where(self.path),
                             fix="pass a folder written by `kg build --store`, or build a new one")
        if self.base != base:
            self.close()
            raise StoreError(f"the store was built with --base {self.base}, not {base}", where=_where(self.path),
                             fix="pass the same --base, or build a new store")
        if meta.get("state") != "ok":
            self.close()
            raise StoreError("a previous write to the store was cut short (the process was killed)",
                             where=_where(self.path),
                             fix="rebuild it: remove the folder and run `kg build PATHS --store DIR` again")
        self.shared = {nt: sid for sid, nt in self.db.execute("SELECT id, nt FROM shared")}
        self.articles = {iri: (aid, h) for aid, iri, h in self.db.execute("SELECT id, iri, hash FROM articles")}
        self.hashes = {h for _, h in self.articles.values()}
        self.db.execute(VIEWS_TABLE)  # also in stores written before views were kept
        self._set_state("writing")

    # -- bookkeeping ---------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self.db.execute("BEGIN")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _set_state(self, state: str) -> None:
        self.db.execute("UPDATE meta SET value = ? WHERE key = 'state'", (state,))

    def close(self) -> None:
        """Write what is pending, mark the store consistent and release it (and its lock)."""
        if getattr(self, "db", None) is None:
            return
        done = False
        try:
            if self.broken:
                self.db.execute("ROLLBACK")
            elif getattr(self, "articles", None) is not None:
                self.flush()
                self.ox.flush()
                if self.written >= self.COMPACT_AFTER:
                    self.ox.optimize()  # a bulk write leaves many small files: reads after it are twice as slow
                done = True
        finally:
            self.ox = None  # RocksDB closes here: its files are final
            try:
                if done:
                    self.db.execute("INSERT OR REPLACE INTO meta VALUES ('files', ?)", (files_stamp(self.path),))
                    self._set_state("ok")
                    if self.generation is not None:
                        prune_side_file(self.path, self.generation)
            finally:
                self.db.close()
                self.db = None

    def __enter__(self) -> DiskStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing -------------------------------------------------------------
    # New articles' own quads wait in `pending` (their non-local lines indexed in `pending_at`, so a
    # later article finds them) and go to Oxigraph in one bulk write with the bookkeeping of the
    # same articles in one SQLite transaction: per-quad transactional writes are ten times slower.

    BATCH = 200_000  # pending quads before a bulk write
    COMPACT_AFTER = 300_000  # quads written or removed by one writer before it compacts the store on closing
    written = 0

    pending: list
    pending_at: dict
    in_batch = False
    broken = False
    generation: int | None = None  # after this writer's last commit

    def _begin(self) -> None:
        if not self.in_batch:
            self.db.execute("BEGIN")
            self.in_batch, self.pending, self.pending_at = True, [], {}

    def flush(self) -> None:
        """Write the pending quads and commit the bookkeeping of the articles they belong to."""
        if not self.in_batch:
            return
        with _signals_deferred():
            self.ox.bulk_extend(q for q in self.pending if q is not None)
            self.written += len(self.pending)
            self.generation = bump_generation(self.db)
            self.db.execute("COMMIT")
            self.in_batch, self.pending, self.pending_at = False, [], {}

    def put(self, iri: str, digest: str, path: str, ntriples: bytes,
            views: list[tuple[str, bytes]] | None = None) -> str:
        """Add an article's graph (sorted, distinct N-Triples lines) and its materialised query rows
        (`kg.store.views.materialise`), replacing its previous ones; returns "added" or "replaced"."""
        replaced = iri in self.articles
        if replaced:
            self.flush()
            self.remove(iri)
        with _signals_deferred():
            self._begin()
            try:
                self._add(iri, digest, path, ntriples, views or [])
            except BaseException:
                self.broken = True  # half an article: the store stays marked as cut short
                raise
        if len(self.pending) >= self.BATCH:
            self.flush()
        return "replaced" if replaced else "added"

    def remove(self, iri: str) -> None:
        """Take an article's graph out; shared triples only one article still states move to it."""
        self.flush()
        with _signals_deferred(), self._transaction():
            self._remove(iri)
            self.generation = bump_generation(self.db)

    def _add(self, iri: str, digest: str, path: str, ntriples: bytes, views: list[tuple[str, bytes]]) -> None:
        import pyoxigraph as ox  # lazy: see _open_oxigraph

        cur = self.db.execute("INSERT INTO articles (iri, hash, path, triples) VALUES (?, ?, ?, ?)",
                              (iri, digest, path, 0))
        aid = cur.lastrowid
        graph = ox.NamedNode(iri)
        mine = ("<" + iri + ">", "<" + iri + "/", "<" + iri + "#")
        lines = ntriples.decode("utf-8").split("\n")[:-1]
        pending, pending_at = self.pending, self.pending_at
        states: list[tuple[int, int]] = []
        for line, t in zip(lines, ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)):
            if line.startswith(mine):
                pending.append(ox.Quad(t.subject, t.predicate, t.object, graph))
                continue
            sid = self.shared.get(line)
            if sid is None:
                at = pending_at.get(line)
                if at is not None:  # another article of this batch has it: shared now
                    quad = pending[at]
                    pending[at] = None
                    del pending_at[line]
                    sid = self._share(line, quad, stored=False)
                else:
                    other = next(iter(self.ox.quads_for_pattern(t.subject, t.predicate, t.object)), None)
                    if other is None:
                        pending_at[line] = len(pending)
                        pending.append(ox.Quad(t.subject, t.predicate, t.object, graph))
                        continue
                    sid = self._share(line, other, stored=True)
            states.append((sid, aid))
        self.db.executemany("INSERT OR IGNORE INTO states VALUES (?, ?)", states)
        self.db.execute("UPDATE articles SET triples = ? WHERE id = ?", (len(lines), aid))
        self.db.executemany("INSERT OR REPLACE INTO views VALUES (?, ?, ?)", [(aid, k, v) for k, v in views])
        self.articles[iri] = (aid, digest)
        self.hashes.add(digest)

    def _share(self, line: str, quad, *, stored: bool) -> int:
        """Move a triple from the article graph that holds it to the default graph."""
        import pyoxigraph as ox  # lazy: see _open_oxigraph

        if stored:
            self.ox.remove(quad)
        self.pending.append(ox.Quad(quad.subject, quad.predicate, quad.object, ox.DefaultGraph()))
        sid = self.db.execute("INSERT INTO shared (nt) VALUES (?)", (line,)).lastrowid
        self.shared[line] = sid
        owner = self.articles.get(str(quad.graph_name.value)) if isinstance(quad.graph_name, ox.NamedNode) else None
        if owner is not None:
            self.db.execute("INSERT OR IGNORE INTO states VALUES (?, ?)", (sid, owner[0]))
        return sid

    def _remove(self, iri: str) -> None:
        import pyoxigraph as ox  # lazy: see _open_oxigraph

        aid, digest = self.articles.pop(iri)
        self.hashes.discard(digest)
        (triples,) = self.db.execute("SELECT triples FROM articles WHERE id = ?", (aid,)).fetchone()
        self.written += triples
        self.ox.remove_graph(ox.NamedNode(iri))
        sids = [sid for (sid,) in self.db.execute("SELECT shared FROM states WHERE article = ?", (aid,))]
        self.db.execute("DELETE FROM states WHERE article = ?", (aid,))
        self.db.execute("DELETE FROM views WHERE article = ?", (aid,))
        by_id = {aid2: iri2 for iri2, (aid2, _) in self.articles.items()}
        for sid in sids:
            rest = [a for (a,) in self.db.execute("SELECT article FROM states WHERE shared = ?", (sid,))]
            if len(rest) >= 2:
                continue
            (line,) = self.db.execute("SELECT nt FROM shared WHERE id = ?", (sid,)).fetchone()
            t = next(iter(ox.parse(line.encode("utf-8") + b"\n", format=ox.RdfFormat.N_TRIPLES)))
            self.ox.remove(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()))
            if rest:
                self.ox.add(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(by_id[rest[0]])))
            self.db.execute("DELETE FROM states WHERE shared = ?", (sid,))
            self.db.execute("DELETE FROM shared WHERE id = ?", (sid,))
            del self.shared[line]
        self.db.execute("DELETE FROM articles WHERE id = ?", (aid,))

    def count(self) -> int:
        """Articles in the store (counting quads would read all of them)."""
        return len(self.articles)

    def find(self, article: str) -> str | None:
        """The IRI of an article given by id (`linfen-2017-10-17`), `id:article/…` or IRI."""
        if article in self.articles:
            return article
        local = article.removeprefix("id:")
        for candidate in (self.base + local, self.base + "article/" + local):
            if candidate in self.articles:
                return candidate
        return None


# -- reading: the one way commands get their data ------------------------------------

@dataclass(frozen=True)
class Data:
    """Where a command's data comes from: a graph file, or a store folder (opened as it is).

    `oxigraph()` gives a pyoxigraph Store (a store folder is opened read-only, with no parsing;
    a file is loaded into memory), `graph()` the merged rdflib Graph and `dataset()` the rdflib
    Dataset with each article's named graph.
    """

    graph_file: Path | None = None
    store_dir: Path | None = None

    @property
    def name(self) -> str:
        return str(self.store_dir if self.store_dir is not None else self.graph_file)

    def oxigraph(self):
        if self.store_dir is not None:
            return _open_oxigraph(self.store_dir, read_only=True)
        return ox_store(self.graph_file)

    def quads(self) -> list[tuple]:
        """The quads as rdflib terms (graph None: the default graph).

        Oxigraph stores integer-derived datatypes as xsd:integer; kg writes NIF offsets as
        xsd:nonNegativeInteger (NIF 2.0), so those are given their datatype back (the SHACL
        shapes check it). Saved queries compare numbers by value and are not affected.
        """
        from rdflib import Literal  # lazy: rdflib only when rdflib terms are asked for
        from rdflib.namespace import XSD  # lazy: the same

        offsets = (NIF.beginIndex, NIF.endIndex)
        out = rdflib_quads(iter(self.oxigraph()))
        for i, (s, p, o, g) in enumerate(out):
            if p in offsets and isinstance(o, Literal) and o.datatype == XSD.integer:
                out[i] = (s, p, Literal(str(o), datatype=XSD.nonNegativeInteger), g)
        return out

    def ox_quads(self) -> list:
        """The quads as pyoxigraph terms, a store's NIF offsets given their datatype back (see `quads`)."""
        if self.store_dir is None:
            return ox_quads(self.graph_file)
        import pyoxigraph as ox  # lazy: see _open_oxigraph

        offsets = {ox.NamedNode(str(NIF.beginIndex)), ox.NamedNode(str(NIF.endIndex))}
        integer = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
        exact = ox.NamedNode("http://www.w3.org/2001/XMLSchema#nonNegativeInteger")
        out = list(self.oxigraph())
        for i, q in enumerate(out):
            if q.predicate in offsets and isinstance(q.object, ox.Literal) and q.object.datatype == integer:
                out[i] = ox.Quad(q.subject, q.predicate, ox.Literal(q.object.value, datatype=exact), q.graph_name)
        return out

    def graph(self):
        if self.store_dir is None:
            return load_graph(self.graph_file)
        from rdflib import Graph  # lazy: see quads

        g = Graph()
        g.addN((s, p, o, g) for s, p, o in {(s, p, o) for s, p, o, _ in self.quads()})
        return bind_prefixes(g)

    def dataset(self):
        if self.store_dir is None:
            return load_dataset(self.graph_file)
        return named.dataset(self.quads())


def open_dataset(graph: str | Path | None = None, store: str | Path | None = None, *,
                 default: str | Path = "out/graph.ttl") -> Data:
    """The data a command works on: `--store DIR` (a store written by `kg build --store`, checked and
    opened read-only, never parsed) or `--graph FILE` (default: `default`), never both.

    Every command that reads a graph gets it here (`kg query`, `kg viz`, `kg stats`, `kg validate`,
    `kg push`; new commands should too), then asks for what it needs: `.oxigraph()` for SPARQL,
    `.graph()` for an rdflib Graph, `.dataset()` for the named graphs.
    """
    if graph is not None and store is not None:
        raise StoreError("a graph file and --store exclude each other", fix="pass one of them")
    if store is not None:
        return Data(store_dir=check_store_dir(store))
    return Data(graph_file=Path(graph if graph is not None else default))


def store_articles(path: str | Path) -> list[tuple[str, str, int]]:
    """(IRI, source path, triples) of each article in a store, by IRI."""
    p = check_store_dir(path)
    db = sqlite3.connect(f"file:{p / META_FILE}?mode=ro", uri=True)
    try:
        return list(db.execute("SELECT iri, path, triples FROM articles ORDER BY iri"))
    finally:
        db.close()


def query_store(text: str, path: str | Path):
    """Run SPARQL on a store folder opened read-only (in the child `kg.store.local.bounded` forks)."""
    return run_oxigraph(text, _open_oxigraph(Path(path), read_only=True))


def inferred_copy(path: str | Path):
    """An in-memory pyoxigraph Store holding a store folder's quads (opened read-only) and the
    entailments of `kg.rdf.infer`: what `--infer` queries on a store. The folder is never written;
    the copy costs about as much as loading the TriG file the store equals."""
    import pyoxigraph as ox  # lazy: see _open_oxigraph

    copy = ox.Store()
    copy.bulk_extend(_open_oxigraph(Path(path), read_only=True))
    materialise(copy)
    return copy


def query_store_inferred(text: str, path: str | Path):
    """Run SPARQL on `inferred_copy` of a store folder (in the child `bounded` forks)."""
    return run_oxigraph(text, inferred_copy(path))
