"""Building into a store (`kg build --store DIR`, `kg remove`): which articles to extract, and
writing the results into `kg.store.disk.DiskStore` as they arrive, from the local process pool or
a Dask cluster (`kg.store.cluster`)."""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from kg.model.namespaces import DEFAULT_BASE, IRIs
from kg.model.workers import run_tasks
from kg.pipeline import Task, plan, progress_bar, run_task
from kg.store.cluster import connect, run_on_cluster
from kg.store.disk import META_FILE, DiskStore, StoreError, Summary, _where, check_store_dir, content_hash
from kg.store.local import run_oxigraph
from kg.store.saved import prepare
from kg.store.views import encode, per_article_queries, view_key


def materialise(ntriples: bytes, base: str) -> list[tuple[str, bytes]]:
    """(view key, value) of each per-article saved query on one article's graph (its N-Triples):
    the rows `kg.store.views` serves."""
    queries = per_article_queries()
    if not queries:
        return []
    import pyoxigraph as ox  # lazy: the engine only where articles are extracted for a store

    store = ox.Store()
    store.bulk_load(ntriples, format=ox.RdfFormat.N_TRIPLES)
    return [(view_key(q, base), encode(run_oxigraph(prepare(q, base=base), store))) for q in queries]


def run_store_task(task: Task) -> tuple:
    """`run_task`, and the article's rows of the per-article saved queries (`kg.store.views`):
    ((N-Triples, views) or None, failure line or None, triple count). Rows that cannot be made
    are left out: the store then answers those queries with the engine."""
    data, failure, count = run_task(task)
    if data is None:
        return data, failure, count
    try:
        views = materialise(data, task.base)
    except Exception:  # noqa: BLE001 - never lose an article for its materialised rows
        if os.environ.get("KG_DEBUG"):
            raise
        views = []
    return (data, views), failure, count


def build_store(paths: list[str | Path], store_dir: str | Path, *, base: str = DEFAULT_BASE, jobs: int = 1,
                scheduler: str | None = None, progress: bool | None = False) -> Summary:
    """Build articles into a store: unchanged ones skipped, changed ones replaced, new ones added.

    Extraction runs in the local process pool (`jobs`), or on a Dask cluster when `scheduler` is
    its address (`kg.store.cluster`); results are written as they arrive, in any order (the
    store's content does not depend on it).
    """
    if scheduler is not None:
        client = connect(scheduler)  # before the store is locked: a wrong address changes nothing
    tasks, refused = plan(paths, base=base)
    summary = Summary(failures=list(refused))
    iris = IRIs(base)
    with DiskStore(store_dir, base=base) as store:
        todo = []
        for task in tasks:
            iri, key = str(iris.article(task.article)), content_hash(task.digest, base)
            known = store.articles.get(iri)
            if (known is not None and known[1] == key) or (known is None and key in store.hashes):
                summary.skipped += 1
            else:
                todo.append((task, iri, key))
        work = [t for t, _, _ in todo]
        results = (run_on_cluster(client, work, run_store_task) if scheduler is not None
                   else enumerate(run_tasks(work, run_store_task, jobs=jobs, window=64 * max(1, jobs))))
        with progress_bar(len(todo), enabled=progress) as advance:
            for i, (part, failure, _count) in results:
                advance()
                task, iri, key = todo[i]
                if failure is not None:
                    summary.failures.append(failure)
                elif store.put(iri, key, task.path, *part) == "added":
                    summary.added += 1
                else:
                    summary.replaced += 1
        summary.articles = store.count()
    return summary


def remove_articles(articles: list[str], store_dir: str | Path) -> Summary:
    """Take articles (ids, `id:article/…` or IRIs) out of a store; an unknown one changes nothing."""
    check_store_dir(store_dir)
    summary = Summary()
    with DiskStore(store_dir, base=_store_base(store_dir)) as store:
        found = []
        for a in articles:
            iri = store.find(a)
            if iri is None:
                raise StoreError(f"no article {a!r} in the store", where=_where(Path(store_dir)),
                                 fix="pass an article id as `kg query articles --store DIR` lists it, "
                                     "e.g. linfen-2017-10-17")
            found.append(iri)
        for iri in dict.fromkeys(found):
            store.remove(iri)
            summary.removed += 1
        summary.articles = store.count()
    return summary


def _store_base(path: str | Path) -> str:
    db = sqlite3.connect(f"file:{Path(path) / META_FILE}?mode=ro", uri=True)
    try:
        row = db.execute("SELECT value FROM meta WHERE key = 'base'").fetchone()
    except sqlite3.DatabaseError:
        row = None
    finally:
        db.close()
    return row[0] if row else DEFAULT_BASE
