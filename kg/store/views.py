"""Materialised rows of the per-article saved queries, kept in a store beside each article.

A saved query marked `# per-article: yes` (`kg.store.queryfile`) reads only what one article
states: each of its rows comes from one article's graph, and it is ordered by ?article first. Its
answer on a whole store is therefore the answers on each article's own graph, one article after
another in IRI order. When an article is extracted for a store (`kg build --store`, in the worker
that extracts it: the local pool or a Dask worker), `kg.store.update.materialise` runs those
queries on the article's graph alone (an in-memory Oxigraph store of a few thousand triples, ~1 ms
a query) and the rows go into the store's SQLite file in the same transaction as the article's
quads (`kg.store.disk`); replacing or removing the article replaces or removes them.

`answer` serves `kg query NAME --store DIR` from those rows with no SPARQL engine at all (the
first query after a write takes as long as a repeat), and only when they are certainly the
store's answer: the store is not being written, every article has rows for this exact query
text and base IRI, and Oxigraph's files are those kg's last write left (`meta.files`: a write by
another program, such as `oxigraph serve --location DIR`, makes it fall back to the engine).
Otherwise, or with `--no-cache`, the query runs on Oxigraph as usual.

A view value is zlib-compressed JSON: the columns, each distinct term once as [kind, value,
datatype, language] (kind "iri", "bnode" or "literal") and the rows as indexes into them (-1:
unbound). This module and what it imports need neither rdflib nor Oxigraph to read them.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from pathlib import Path

from kg.store.cache import META_FILE, files_stamp, indexed
from kg.store.queryfile import SavedQuery, list_queries
from kg.store.results import Result, Term, parts

FORMAT = "1"  # of the view values: part of the key
TABLE = """CREATE TABLE IF NOT EXISTS views (article INTEGER NOT NULL, query TEXT NOT NULL, value BLOB NOT NULL,
                                           PRIMARY KEY (query, article)) WITHOUT ROWID"""


def view_key(query: SavedQuery, base: str) -> str:
    """SHA-256 of the query's text and the data's base IRI (its `id:` prefix)."""
    blob = json.dumps([FORMAT, query.text, base], ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def per_article_queries() -> list[SavedQuery]:
    """The saved queries marked `# per-article: yes`."""
    return [q for q in list_queries() if q.per_article]


# -- the writing side (`kg.store.update.materialise`, in the worker that extracted the article) -----

def encode(result: Result) -> bytes:
    """Rows as compressed JSON: columns, each distinct term once, rows as indexes (-1: unbound)."""
    terms, rows = indexed(result.rows, lambda t: list(parts(t)))
    body = {"columns": list(result.columns), "terms": terms, "rows": rows}
    return zlib.compress(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 1)


# -- the reading side ----------------------------------------------------------------------------

def answer(folder: str | Path, query: SavedQuery, base: str) -> Result | None:
    """The query's answer on a store from its materialised rows, or None when they may not be it
    (not a per-article query, a write in progress or cut short, an article without rows for this
    text and base, Oxigraph's files changed since kg's last write, a damaged value)."""
    if not query.per_article:
        return None
    folder = Path(folder)
    main = folder / META_FILE
    if not main.is_file():
        return None
    try:
        db = sqlite3.connect(f"file:{main}?mode=ro", uri=True, isolation_level=None, timeout=0.2)
    except sqlite3.Error:
        return None
    try:
        db.execute("BEGIN")  # one snapshot of the bookkeeping and the rows
        meta = dict(db.execute("SELECT key, value FROM meta WHERE key IN ('state', 'files', 'base')"))
        if meta.get("state") != "ok" or meta.get("base") != base or meta.get("files") != files_stamp(folder):
            return None
        values = db.execute("SELECT v.value FROM articles a LEFT JOIN views v ON v.article = a.id AND v.query = ? "
                            "ORDER BY a.iri", (view_key(query, base),)).fetchall()
    except (sqlite3.Error, OSError):  # no views table (an older store), locked, damaged
        return None
    finally:
        db.close()
    if not values or any(v is None for (v,) in values):
        return None
    try:
        return _merge(v for (v,) in values)
    except Exception:  # noqa: BLE001 - a damaged value: the engine answers instead
        return None


def _merge(values) -> Result:
    columns: list[str] | None = None
    rows: list[tuple] = []
    for value in values:
        body = json.loads(zlib.decompress(value))
        if columns is None:
            columns = [str(c) for c in body["columns"]]
        elif body["columns"] != columns:
            raise ValueError("views of one query with different columns")
        terms = [Term(c) for c in body["terms"]]
        if any(len(t) != 4 for t in terms):
            raise ValueError("damaged view")
        terms.append(None)  # index -1
        width = len(columns)
        for row in body["rows"]:
            if len(row) != width:
                raise ValueError("damaged view")
            rows.append(tuple([terms[i] for i in row]))
    return Result(columns=columns or [], rows=rows)


def served(query: SavedQuery, store: str | Path, *, params: dict[str, str] | None = None, engine: str = "oxigraph",
           infer: bool = False, cache: bool = True, base: str, limit: int | None = None) -> Result | None:
    """`kg query` on a store from the materialised rows when they answer it: a per-article query with
    no parameters, on the default engine, without --infer or --no-cache; None otherwise."""
    if params or engine != "oxigraph" or infer or not cache or not query.per_article:
        return None
    result = answer(store, query, base)
    if result is not None:
        if limit is not None:
            result.rows = result.rows[:limit]
        result.base = base
    return result
