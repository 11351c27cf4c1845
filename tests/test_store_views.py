"""Materialised per-article rows (kg.store.views): `kg query NAME --store` answers a
`# per-article: yes` query from them with the same bytes the engine and the TriG file give, keeps
them right through every incremental write, and falls back to the engine whenever they may not be
the store's answer.

Real Oxigraph stores on disk; the reference is the TriG file `kg build -o` writes from the same
articles, queried by the engine.
"""
from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.model.base import DEFAULT_BASE
from kg.model.errors import QueryError
from kg.store.queryfile import parse_header
from kg.store.results import FORMATS
from kg.store.views import answer, per_article_queries

from helpers import cli
from test_store_disk import EXTRA, FIXTURES, SEED, cells

PER_ARTICLE = [q.name for q in per_article_queries()]


def query(capsys, *args: str) -> str:
    code, out, err = cli(capsys, "query", *args)
    assert code == 0, err
    return out


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> tuple[Path, Path, Path]:
    """(articles folder, store, TriG file) from the seed, the fixtures and one more article."""
    from kg.cli import main

    work = tmp_path_factory.mktemp("views")
    folder = work / "articles"
    folder.mkdir()
    for f in [SEED, *FIXTURES]:
        shutil.copy(f, folder / f.name)
    (folder / "xixian.txt").write_text(EXTRA, encoding="utf-8")
    assert main(["build", str(folder), "--store", str(work / "db"), "--jobs", "2"]) == 0
    assert main(["build", str(folder), "-o", str(work / "all.trig")]) == 0
    return folder, work / "db", work / "all.trig"


@pytest.fixture
def store(pristine, tmp_path) -> tuple[Path, Path]:
    folder, db, _ = pristine
    shutil.copytree(folder, tmp_path / "articles")
    shutil.copytree(db, tmp_path / "db")
    return tmp_path / "articles", tmp_path / "db"


def test_the_three_money_event_and_number_queries_are_per_article():
    assert sorted(PER_ARTICLE) == ["events", "funding", "statistics"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", PER_ARTICLE)
def test_rows_kept_per_article_print_what_the_engine_and_the_file_print(pristine, capsys, name, fmt):
    _, db, trig = pristine
    assert answer(db, next(q for q in per_article_queries() if q.name == name), DEFAULT_BASE) is not None
    served = query(capsys, name, "-f", fmt, "--store", str(db))
    engine = query(capsys, name, "-f", fmt, "--store", str(db), "--no-cache")
    from_file = query(capsys, name, "-f", fmt, "--graph", str(trig))
    assert served == engine == from_file
    assert served.count("\n") > 5 and "Traceback" not in served
    limited = query(capsys, name, "-f", "csv", "--store", str(db), "--limit", "2")
    assert limited == query(capsys, name, "-f", "csv", "--graph", str(trig), "--limit", "2")
    assert limited.count("\n") == 3


def test_incremental_writes_keep_the_rows_equal_to_a_fresh_file(store, tmp_path, capsys):
    folder, db = store

    def same_as_a_fresh_file(tag: str) -> None:
        trig = tmp_path / f"{tag}.trig"
        assert cli(capsys, "build", str(folder), "-o", str(trig), "--jobs", "1")[0] == 0
        for name in PER_ARTICLE:
            q = next(q for q in per_article_queries() if q.name == name)
            assert answer(db, q, DEFAULT_BASE) is not None, (tag, name)
            assert query(capsys, name, "-f", "csv", "--store", str(db)) == \
                query(capsys, name, "-f", "csv", "--graph", str(trig)), (tag, name)

    (folder / "xixian.txt").write_text(EXTRA.replace("500萬元", "700萬元") + "\n  隰縣建成光伏電站3座。\n",
                                       encoding="utf-8")
    (folder / "puxian.txt").write_text(EXTRA.replace("隰縣", "蒲縣").replace("500萬元", "300萬元"), encoding="utf-8")
    code, _, err = cli(capsys, "build", str(folder), "--store", str(db))
    assert code == 0 and " 1 added, 1 replaced, 3 skipped, 0 removed" in err
    same_as_a_fresh_file("changed")
    money = query(capsys, "funding", "-f", "csv", "--store", str(db))
    assert "700" in money and "300" in money

    assert cli(capsys, "remove", "puxian", "--store", str(db))[0] == 0
    (folder / "puxian.txt").unlink()
    same_as_a_fresh_file("removed")
    assert "300萬元" not in query(capsys, "funding", "-f", "csv", "--store", str(db))
    with sqlite3.connect(db / "fupin-kg.sqlite") as con:  # the removed article's rows went with it
        kept = con.execute("SELECT COUNT(*), COUNT(DISTINCT article) FROM views").fetchone()
        articles = con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    assert kept == (articles * len(PER_ARTICLE), articles)


def test_a_write_by_another_program_is_never_served_stale(store, capsys):
    _, db = store
    before = query(capsys, "funding", "-f", "csv", "--store", str(db))
    funding = next(q for q in per_article_queries() if q.name == "funding")
    assert "/article/xixian/amount/" in before
    other = ox.Store(str(db))  # another program writes the RocksDB store: drops one article's graph
    other.remove_graph(ox.NamedNode(f"{DEFAULT_BASE}article/xixian"))
    other.flush()
    del other
    assert answer(db, funding, DEFAULT_BASE) is None  # Oxigraph's files changed since kg's last write
    after = query(capsys, "funding", "-f", "csv", "--store", str(db))
    assert after == query(capsys, "funding", "-f", "csv", "--store", str(db), "--no-cache")
    assert after != before and "/article/xixian/" not in after


def test_a_store_without_rows_is_answered_by_the_engine(store, capsys):
    _, db = store
    expected = query(capsys, "statistics", "-f", "json", "--store", str(db))
    with sqlite3.connect(db / "fupin-kg.sqlite") as con:  # one article lost its rows
        con.execute("DELETE FROM views WHERE article = (SELECT MIN(article) FROM views)")
    stats = next(q for q in per_article_queries() if q.name == "statistics")
    assert answer(db, stats, DEFAULT_BASE) is None
    assert query(capsys, "statistics", "-f", "json", "--store", str(db)) == expected
    with sqlite3.connect(db / "fupin-kg.sqlite") as con:  # a store from before the rows were kept
        con.execute("DROP TABLE views")
    assert answer(db, stats, DEFAULT_BASE) is None
    assert query(capsys, "statistics", "-f", "json", "--store", str(db)) == expected
    assert answer(db, stats, "https://example.org/other/") is None  # another base: other rows


def test_a_damaged_row_falls_back_to_the_engine(store, capsys):
    _, db = store
    expected = query(capsys, "events", "-f", "csv", "--store", str(db))
    with sqlite3.connect(db / "fupin-kg.sqlite") as con:
        con.execute("UPDATE views SET value = x'00ff'")
    assert query(capsys, "events", "-f", "csv", "--store", str(db)) == expected


def test_rdflib_and_infer_skip_the_rows(pristine, capsys):
    _, db, trig = pristine
    for extra in (["--engine", "rdflib"], ["--infer"]):
        assert query(capsys, "events", "-f", "csv", "--store", str(db), *extra) == \
            query(capsys, "events", "-f", "csv", "--graph", str(trig), *extra), extra


def test_the_rows_cells_equal_the_engines_terms(pristine):
    from kg.store.saved import run

    _, db, trig = pristine
    for q in per_article_queries():
        kept = answer(db, q, DEFAULT_BASE)
        assert kept is not None and cells(kept) == cells(run(q, store=db, cache=False)) == cells(run(q, graph=trig))


def test_a_per_article_header_is_checked():
    head = "# title: t\n# columns: a\n# per-article: {}\nSELECT ?article ?a WHERE {{ ?article ?p ?a }} {}\n"
    assert parse_header(head.format("yes", "ORDER BY ?article ?a")).per_article
    assert not parse_header(head.format("no", "")).per_article
    for flag, tail in (("maybe", "ORDER BY ?article"), ("yes", ""), ("yes", "ORDER BY ?a ?article"),
                       ("yes", "ORDER BY ?article LIMIT 5")):
        with pytest.raises(QueryError):
            parse_header(head.format(flag, tail))
    with pytest.raises(QueryError, match="no parameters"):
        parse_header("# title: t\n# param: place label 吉縣\n# columns: a\n# per-article: yes\n"
                     "SELECT ?article ?a WHERE { ?article ?p ?a } ORDER BY ?article\n")


def test_the_fast_path_loads_neither_rdflib_nor_oxigraph(pristine):
    _, db, _ = pristine
    probe = ("import sys, json\nfrom kg.cli import main\ncode = main(['query', 'funding', '-f', 'csv', '--store', "
             f"{str(db)!r}])\nprint(json.dumps([code, sorted(m for m in ('rdflib', 'pyoxigraph') "
             "if m in sys.modules)]), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert json.loads(done.stderr.strip().splitlines()[-1]) == [0, []], done.stderr
    assert done.stdout.count("\n") > 5
