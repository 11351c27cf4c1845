"""The result cache of a store (kg.store.cache): `kg query --store` answers a repeated query from
SQLite with the same bytes, never a result of an older store, and never fails because of the cache.

Real stores built with the CLI from the seed and the hand-written fixture articles.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kg.store import cache as result_cache
from kg.store.cache import CACHE_FILE, ResultCache, decode, encode
from kg.store.disk import META_FILE
from kg.store.results import FORMATS, Result
from kg.store.saved import load_query, prepare, run

from helpers import cli

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "linfen-2017-10-17.txt"
FIXTURES = sorted((ROOT / "tests" / "fixtures").glob("*-*-*.txt"))
EXTRA = """隰縣:電商扶貧開拓致富路

2018-05-20 09:15:00 來源:臨汾新聞網

  隰縣建成電商服務站80個,帶動貧困戶2300戶增收。縣財政拿出500萬元扶持玉露香梨產業。臨汾市委書記岳普煜出席。
"""


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> tuple[Path, Path]:
    """(articles folder, store built from it), built once; tests work on copies."""
    from kg.cli import main

    work = tmp_path_factory.mktemp("cache")
    folder = work / "articles"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    for f in FIXTURES:
        shutil.copy(f, folder / f.name)
    assert main(["build", str(folder), "--store", str(work / "db"), "--jobs", "1"]) == 0
    return folder, work / "db"


@pytest.fixture
def store(pristine, tmp_path) -> tuple[Path, Path]:
    folder, db = pristine
    shutil.copytree(folder, tmp_path / "articles")
    shutil.copytree(db, tmp_path / "db")
    return tmp_path / "articles", tmp_path / "db"


def entries(db: Path, file: str = META_FILE) -> list[tuple[str, int]]:
    con = sqlite3.connect(db / file)
    try:
        return sorted(con.execute("SELECT key, generation FROM results"))
    except sqlite3.OperationalError:  # no table yet
        return []
    finally:
        con.close()


def generation(db: Path) -> int:
    con = sqlite3.connect(db / META_FILE)
    try:
        row = con.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return int(row[0]) if row else 0
    finally:
        con.close()


def query(capsys, db: Path, *args: str) -> str:
    code, out, err = cli(capsys, "query", *args, "--store", str(db))
    assert code == 0, err
    return out


def key(db: Path, name: str, params: dict | None = None, limit: int | None = None) -> str:
    return result_cache.cache_key(prepare(load_query(name), params, limit=limit), "oxigraph", generation(db), False)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_repeated_query_prints_the_same_bytes_from_the_cache(store, capsys, fmt):
    _, db = store
    # places is not a per-article query (kg.store.views): its answer comes from the engine, then the cache
    plain = query(capsys, db, "places", "-f", fmt, "--no-cache")
    assert entries(db) == []  # --no-cache neither reads nor fills
    first = query(capsys, db, "places", "-f", fmt)
    assert entries(db) == [(key(db, "places"), generation(db))]
    second = query(capsys, db, "places", "-f", fmt)
    assert first == second == plain and "Traceback" not in second
    assert plain.count("\n") > 3


def test_every_saved_query_and_both_engines_read_back_the_same_terms(store):
    _, db = store
    for q in ("articles", "funding", "places", "credits", "statistics", "events"):
        for engine in ("oxigraph", "rdflib"):
            fresh = run(load_query(q), store=db, engine=engine, cache=False)
            again = run(load_query(q), store=db, engine=engine)  # fills the cache
            cached = run(load_query(q), store=db, engine=engine)  # read from it
            assert [type(t) for r in cached.rows for t in r] == [type(t) for r in fresh.rows for t in r]
            assert cached.rows == again.rows == fresh.rows and cached.columns == fresh.columns, (q, engine)
    for r in (Result(boolean=True), Result(boolean=False), Result(columns=["a"], rows=[(None,)], notes=["n"])):
        assert decode(encode(r), "oxigraph") == r


def test_a_cached_result_is_served_without_running_the_query(store, capsys, monkeypatch):
    _, db = store
    first = query(capsys, db, "-e", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "-f", "csv")

    def refuse(*args, **kwargs):
        raise AssertionError("the engine ran")

    monkeypatch.setattr("kg.store.saved.bounded", refuse)
    assert query(capsys, db, "-e", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "-f", "csv") == first
    code, _, err = cli(capsys, "query", "-e", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--store", str(db),
                       "--no-cache")
    assert code != 0 and "the engine ran" in err


def test_parameters_and_limit_are_distinct_entries(store, capsys):
    _, db = store
    jixian = query(capsys, db, "county-profile", "-p", "place=吉縣", "-f", "csv")
    linfen = query(capsys, db, "county-profile", "-p", "place=臨汾市", "-f", "csv")
    two = query(capsys, db, "funding-by-place", "--limit", "2", "-f", "csv")
    three = query(capsys, db, "funding-by-place", "--limit", "3", "-f", "csv")
    assert jixian != linfen and two.count("\n") == 3 and three.count("\n") == 4
    g = generation(db)
    assert entries(db) == sorted([(key(db, "county-profile", {"place": "吉縣"}), g),
                                  (key(db, "county-profile", {"place": "臨汾市"}), g),
                                  (key(db, "funding-by-place", limit=2), g), (key(db, "funding-by-place", limit=3), g)])
    assert query(capsys, db, "county-profile", "-p", "place=吉縣", "-f", "csv") == jixian
    assert query(capsys, db, "funding-by-place", "--limit", "2", "-f", "csv") == two


def test_add_replace_and_remove_are_never_served_stale(store, capsys):
    folder, db = store
    articles = ["articles", "-f", "csv"]
    funding = ["funding-by-place", "-f", "csv"]

    def fresh(args):
        return query(capsys, db, *args, "--no-cache")

    before, money = query(capsys, db, *articles), query(capsys, db, *funding)
    g = generation(db)
    assert len(entries(db)) == 2

    (folder / "xixian.txt").write_text(EXTRA, encoding="utf-8")  # added
    assert cli(capsys, "build", str(folder), "--store", str(db))[0] == 0
    assert generation(db) == g + 1 and entries(db) == []  # older generations deleted by the write
    added = query(capsys, db, *articles)
    assert added != before and "xixian" in added and added == fresh(articles)
    assert query(capsys, db, *funding) == fresh(funding) != money

    changed = (folder / "xixian.txt")  # replaced: 500萬元 becomes 700萬元
    changed.write_text(EXTRA.replace("500萬元", "700萬元"), encoding="utf-8")
    previous = query(capsys, db, *funding)
    assert cli(capsys, "build", str(folder), "--store", str(db))[0] == 0
    assert generation(db) > g + 1
    replaced = query(capsys, db, *funding)
    assert replaced != previous and replaced == fresh(funding) and query(capsys, db, *funding) == replaced

    unchanged = generation(db)  # a build that changes nothing keeps the cache
    assert cli(capsys, "build", str(folder), "--store", str(db))[0] == 0
    assert generation(db) == unchanged and len(entries(db)) == 1

    assert cli(capsys, "remove", "xixian", "--store", str(db))[0] == 0  # removed
    assert generation(db) == unchanged + 1 and entries(db) == []
    assert query(capsys, db, *articles) == before == fresh(articles)
    assert query(capsys, db, *funding) == money


def test_a_failed_write_leaves_the_generation_and_no_cache_use(store, capsys, monkeypatch):
    folder, db = store
    query(capsys, db, "articles", "-f", "csv")
    g = generation(db)
    from kg.store import disk

    def boom(self, *args):
        raise RuntimeError("disk full")

    (folder / "xixian.txt").write_text(EXTRA, encoding="utf-8")
    monkeypatch.setattr(disk.DiskStore, "_add", boom)
    with pytest.raises(RuntimeError):
        from kg.store.update import build_store

        build_store([folder], db)
    monkeypatch.undo()
    assert generation(db) == g
    cache = ResultCache(db, prepare(load_query("articles")), "oxigraph", False)
    assert cache.key == "" and cache.get() is None  # the store is marked cut short: no cache
    cache.close()
    code, _, err = cli(capsys, "build", str(folder), "--store", str(db))
    assert code != 0 and "cut short" in err  # still detected


def test_a_read_only_store_folder_still_answers(store, capsys, monkeypatch):
    _, db = store
    expected = query(capsys, db, "funding-by-place", "-f", "csv", "--no-cache")
    if os.geteuid() == 0:  # root writes anyway: deny what the permissions would deny a user
        real_access, real_connect = os.access, result_cache._connect

        def access(path, mode, **kw):
            return False if mode & os.W_OK and str(path).startswith(str(db)) else real_access(path, mode, **kw)

        def connect(path, mode):
            if mode != "ro":
                raise sqlite3.OperationalError("attempt to write a readonly database")
            return real_connect(path, mode)

        monkeypatch.setattr(result_cache.os, "access", access)
        monkeypatch.setattr(result_cache, "_connect", connect)
    mode = db.stat().st_mode
    os.chmod(db, 0o555)
    try:
        assert query(capsys, db, "funding-by-place", "-f", "csv") == expected
        assert query(capsys, db, "funding-by-place", "-f", "csv") == expected
    finally:
        os.chmod(db, mode)
    assert entries(db) == [] and not (db / CACHE_FILE).exists()


def test_a_read_only_bookkeeping_file_uses_a_cache_file_beside_it(store, capsys, monkeypatch):
    _, db = store
    expected = query(capsys, db, "funding-by-place", "-f", "csv", "--no-cache")
    if os.geteuid() == 0:  # root writes anyway: deny what the permissions would deny a user
        real_access = os.access
        monkeypatch.setattr(result_cache.os, "access", lambda path, mode, **kw: False if (
            mode & os.W_OK and Path(path) == db / META_FILE) else real_access(path, mode, **kw))
    os.chmod(db / META_FILE, 0o444)
    try:
        query(capsys, db, "funding-by-place", "-f", "csv")
        assert query(capsys, db, "funding-by-place", "-f", "csv") == expected
        assert entries(db, CACHE_FILE) == [(key(db, "funding-by-place"), generation(db))]
    finally:
        os.chmod(db / META_FILE, 0o644)
    assert entries(db) == []
    assert cli(capsys, "remove", "linfen-2017-10-17", "--store", str(db))[0] == 0
    assert entries(db, CACHE_FILE) == []  # the next write drops older generations there too


def test_concurrent_queries_on_a_cold_cache_all_answer(store):
    _, db = store
    args = [sys.executable, "-m", "kg", "query", "funding-by-place", "-f", "csv", "--store", str(db)]
    procs = [subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(4)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, [e for _, e in outs]
    assert len({o for o, _ in outs}) == 1 and all(e == b"" for _, e in outs)
    assert len(entries(db)) == 1
    again = subprocess.run(args, capture_output=True, timeout=120)
    assert again.stdout == outs[0][0]


def test_a_locked_bookkeeping_file_skips_caching(store, capsys):
    _, db = store
    expected = query(capsys, db, "funding-by-place", "-f", "csv", "--no-cache")
    lock = sqlite3.connect(db / META_FILE, isolation_level=None)
    lock.execute("BEGIN EXCLUSIVE")
    try:
        assert query(capsys, db, "funding-by-place", "-f", "csv") == expected
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    assert entries(db) == []


def test_damaged_cache_rows_are_ignored_and_rebuilt(store, capsys):
    _, db = store
    expected = query(capsys, db, "funding-by-place", "-f", "json")
    for junk in (b"not zlib", __import__("zlib").compress(b'{"columns": ["a"], "rows": [[7]]}'), b""):
        con = sqlite3.connect(db / META_FILE)
        con.execute("UPDATE results SET value = ?", (junk,))
        con.commit()
        con.close()
        code, out, err = cli(capsys, "query", "funding-by-place", "-f", "json", "--store", str(db))
        assert code == 0 and out == expected and "Traceback" not in err
        assert query(capsys, db, "funding-by-place", "-f", "json") == expected  # rebuilt
    con = sqlite3.connect(db / META_FILE)
    con.execute("DROP TABLE results")
    con.commit()
    con.close()
    assert query(capsys, db, "funding-by-place", "-f", "json") == expected and len(entries(db)) == 1


def test_the_cache_is_capped_and_large_results_are_not_kept(store, capsys, monkeypatch):
    _, db = store
    monkeypatch.setattr(result_cache, "MAX_ENTRY", 200)
    query(capsys, db, "funding-by-place", "-f", "csv")
    assert entries(db) == []
    monkeypatch.setattr(result_cache, "MAX_ENTRY", 10 ** 9)
    sizes = []
    for n in (1, 2, 3):
        query(capsys, db, "funding-by-place", "--limit", str(n), "-f", "csv")
        sizes.append(sqlite3.connect(db / META_FILE).execute("SELECT MAX(created), size FROM results").fetchone()[1])
    monkeypatch.setattr(result_cache, "MAX_TOTAL", sizes[1] + sizes[2])
    query(capsys, db, "funding-by-place", "--limit", "4", "-f", "csv")
    kept = {k for k, _ in entries(db)}
    assert key(db, "funding-by-place", limit=1) not in kept and key(db, "funding-by-place", limit=4) in kept


def test_a_write_by_another_program_is_not_served_stale(store, capsys):
    """`oxigraph serve --location DIR` or a writable `kg serve` change the quads without kg's
    bookkeeping: the stamp of Oxigraph's files tells."""
    import pyoxigraph as ox

    _, db = store
    count = ["-e", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "-f", "csv"]
    before = query(capsys, db, *count)
    assert query(capsys, db, *count) == before and len(entries(db)) == 1
    other = ox.Store(str(db))
    other.add(ox.Quad(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"),
                      ox.Literal("o"), ox.DefaultGraph()))
    other.flush()
    del other
    after = query(capsys, db, *count)
    assert after != before and after == query(capsys, db, *count, "--no-cache")
    assert query(capsys, db, *count) == after
