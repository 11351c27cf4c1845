"""The persistent store (kg.store.disk): `kg build --store`, incremental updates, `kg remove`,
the named-graph rule after every change, and every command reading a store as it is.

Real Oxigraph stores on disk (RocksDB) in tmp folders; the reference is always the TriG file
`kg build -o` writes from the same articles.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.store.disk import META_FILE, open_dataset, store_articles
from kg.model.base import DEFAULT_BASE
from kg.store.results import parts
from kg.store.saved import list_queries, run
from kg.store.views import answer

from helpers import cli, one_line_error

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "linfen-2017-10-17.txt"
FIXTURES = sorted((ROOT / "tests" / "fixtures").glob("*-*-*.txt"))  # the two hand-written articles
EXTRA = """隰縣:電商扶貧開拓致富路

2018-05-20 09:15:00 來源:臨汾新聞網

  隰縣建成電商服務站80個,帶動貧困戶2300戶增收。縣財政拿出500萬元扶持玉露香梨產業。臨汾市委書記岳普煜出席。
"""


def quads(path: Path) -> set[str]:
    """Every quad of a store folder or a TriG file, as N-Quads lines, through Oxigraph (which keeps
    numbers in canonical form: "6000.0"^^xsd:decimal is stored as "6000")."""
    if path.is_dir():
        items = list(ox.Store.read_only(str(path)))
    else:
        store = ox.Store()
        store.load(path=str(path), format=ox.RdfFormat.TRIG)
        items = list(store)
    return set(ox.serialize(items, format=ox.RdfFormat.N_QUADS).decode().splitlines())


def cells(result) -> list[tuple]:
    """The rows as (kind, value, datatype, language) of each cell, whatever the engine's terms."""
    return [tuple(None if c is None else tuple(parts(c)) for c in row) for row in result.rows]


@pytest.fixture(scope="module")
def articles(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("articles")
    shutil.copy(SEED, folder / SEED.name)
    for f in FIXTURES:
        shutil.copy(f, folder / f.name)
    (folder / "xixian.txt").write_text(EXTRA, encoding="utf-8")
    return folder


def trig_of(capsys, folder: Path, out: Path) -> Path:
    code, _, err = cli(capsys, "build", str(folder), "-o", str(out), "--jobs", "1")
    assert code == 0, err
    return out


@pytest.fixture(scope="module")
def built(articles, tmp_path_factory) -> tuple[Path, Path]:
    """(store, TriG file) built from the same four articles."""
    from kg.cli import main

    work = tmp_path_factory.mktemp("built")
    assert main(["build", str(articles), "--store", str(work / "db"), "--jobs", "2"]) == 0
    assert main(["build", str(articles), "-o", str(work / "all.trig")]) == 0
    return work / "db", work / "all.trig"


def test_a_store_holds_exactly_the_quads_of_the_trig_file(built):
    store, trig = built
    assert quads(store) == quads(trig)
    assert [iri.rsplit("/", 1)[1] for iri, _, _ in store_articles(store)] == [
        "gansu-city-traditional", "guizhou-county-simplified", "linfen-2017-10-17", "xixian"]


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_every_saved_query_gives_the_same_rows_on_the_store_and_the_file(built, query):
    store, trig = built
    params = {p.name: p.example for p in query.params}
    from_store = run(query, params, store=store)
    from_file = run(query, params, graph=trig)
    assert from_store.columns == from_file.columns
    if query.per_article:  # answered from the rows kept per article (kg.store.views), in the same order
        assert answer(store, query, DEFAULT_BASE) is not None
        assert cells(from_store) == cells(from_file)
    assert sorted(map(repr, cells(from_store))) == sorted(map(repr, cells(from_file)))
    if query.name in ("funding", "officials", "places"):
        assert from_store.rows, query.name  # not two empty answers


def test_rebuilding_unchanged_articles_skips_them_all(built, articles, capsys):
    store, trig = built
    before = quads(store)
    code, _, err = cli(capsys, "build", str(articles), "--store", str(store))
    assert code == 0
    assert err.strip() == f"store {store}: 0 added, 0 replaced, 4 skipped, 0 removed; 4 article(s)"
    assert quads(store) == before


def test_incremental_add_replace_and_remove_equal_a_fresh_build(articles, tmp_path, capsys):
    work = tmp_path / "in"
    work.mkdir()
    for f in sorted(articles.iterdir())[:2]:
        shutil.copy(f, work / f.name)
    db = tmp_path / "db"
    assert cli(capsys, "build", str(work), "--store", str(db))[0] == 0
    for f in sorted(articles.iterdir())[2:]:  # two new articles
        shutil.copy(f, work / f.name)
    code, _, err = cli(capsys, "build", str(work), "--store", str(db))
    assert code == 0 and " 2 added, 0 replaced, 2 skipped, 0 removed; 4 article(s)" in err
    assert quads(db) == quads(trig_of(capsys, work, tmp_path / "a.trig"))

    changed = work / "xixian.txt"  # a changed article: its graph is replaced, shared triples follow
    changed.write_text(EXTRA.replace("臨汾市委書記岳普煜出席。", "吉縣縣長出席。"), encoding="utf-8")
    code, _, err = cli(capsys, "build", str(work), "--store", str(db))
    assert code == 0 and " 0 added, 1 replaced, 3 skipped, 0 removed" in err
    assert quads(db) == quads(trig_of(capsys, work, tmp_path / "b.trig"))

    code, _, err = cli(capsys, "remove", "xixian", "--store", str(db))
    assert code == 0 and err.strip().endswith(" 0 added, 0 replaced, 0 skipped, 1 removed; 3 article(s)")
    changed.unlink()
    assert quads(db) == quads(trig_of(capsys, work, tmp_path / "c.trig"))


def test_shared_triples_stay_right_when_an_article_is_removed(tmp_path, capsys):
    """Two copies of one article under two names state the same triples: all shared. Removing one
    moves every shared triple into the other's graph; removing the second empties the store."""
    db = tmp_path / "db"
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text(EXTRA, encoding="utf-8")
    (tmp_path / "a" / "two.txt").write_text(EXTRA + "\n  隰縣建成光伏電站3座。\n", encoding="utf-8")
    assert cli(capsys, "build", str(tmp_path / "a"), "--store", str(db))[0] == 0
    store_quads = quads(db)
    default = {q for q in store_quads if len(q.rsplit(" ", 2)) == 3 and not q.rsplit(" ", 2)[1].startswith("<http")}
    shared_place = [q for q in store_quads if "id/place/" in q.split(" ")[0] and q.count(" <https://w3id.org/fupin-kg/id/article/") == 0]
    assert shared_place, "the county is stated by both articles: in the default graph"
    assert default is not None
    assert cli(capsys, "remove", "two", "--store", str(db))[0] == 0
    assert quads(db) == quads(trig_of(capsys, tmp_path / "a" / "one.txt", tmp_path / "one.trig"))
    assert all(q.endswith("/article/one> .") for q in quads(db)), "no triple left in the default graph"
    assert cli(capsys, "remove", "id:article/one", "--store", str(db))[0] == 0
    assert quads(db) == set()


def test_every_command_reads_a_store(built, tmp_path, capsys):
    store, trig = built
    code, out, err = cli(capsys, "query", "officials", "--store", str(store), "--format", "csv")
    assert code == 0 and "劉予強" in out
    code, out, err = cli(capsys, "stats", "--store", str(store))
    assert code == 0 and out.startswith(f"{store}: ") and "entity graph:" in out
    code, out, err = cli(capsys, "viz", "--store", str(store), "-o", str(tmp_path / "v.html"))
    assert code == 0 and (tmp_path / "v.html").read_text(encoding="utf-8").count("fupin-kg") >= 1
    code, out, err = cli(capsys, "validate", "--store", str(store))
    assert code == 0 and out.strip() == f"{store}: conforms"
    data = open_dataset(store=store)
    assert len(data.graph()) == len(open_dataset(trig).graph())


def test_export_and_map_read_a_store_and_give_what_the_file_gives(built, tmp_path, capsys):
    from openpyxl import load_workbook

    store, trig = built
    placed: dict[str, str] = {}
    for source, tag in (([str(trig)], "file"), (["--store", str(store)], "store")):
        code, out, err = cli(capsys, "export", *source, "--xlsx", str(tmp_path / f"{tag}.xlsx"))
        assert code == 0, err
        code, out, err = cli(capsys, "map", *source, "-o", str(tmp_path / f"{tag}.html"))
        assert code == 0, err
        placed[tag] = err.split(":", 1)[1].split("(")[0]  # "N places on the map, M without coordinates"
    books = {tag: load_workbook(tmp_path / f"{tag}.xlsx") for tag in ("file", "store")}
    assert books["file"].sheetnames == books["store"].sheetnames
    for name in books["file"].sheetnames[1:]:  # the About sheet names its source
        rows = {tag: sorted(map(repr, b[name].iter_rows(values_only=True))) for tag, b in books.items()}
        assert rows["file"] == rows["store"], name
    assert "places on the map" in placed["store"] and not placed["store"].startswith(" 0 ")
    assert placed["file"] == placed["store"]
    assert "fupin-kg" in (tmp_path / "store.html").read_text(encoding="utf-8")


def test_bad_store_folders_get_one_line_and_nothing_written(tmp_path, capsys, articles):
    other = tmp_path / "notes"
    other.mkdir()
    (other / "mine.txt").write_text("x", encoding="utf-8")
    code, _, err = cli(capsys, "build", str(articles), "--store", str(other))
    assert code == 1 and one_line_error(err) == (
        f"error: {other}/: not a kg store (the folder holds other files) — pass a new or empty folder, "
        "or one written by `kg build --store`")
    assert sorted(p.name for p in other.iterdir()) == ["mine.txt"]
    code, _, err = cli(capsys, "query", "funding", "--store", str(tmp_path / "nope"))
    assert code == 1 and one_line_error(err) == (
        f"error: {tmp_path / 'nope'}/: no such store — build one with `kg build PATHS --store DIR`")
    assert not (tmp_path / "nope").exists()
    code, _, err = cli(capsys, "query", "funding", "--store", str(other), "--graph", "x.ttl")
    assert code == 1 and one_line_error(err) == "error: --store excludes --graph and --endpoint — pass one of them"
    code, _, err = cli(capsys, "build", str(articles), "--scheduler", "tcp://127.0.0.1:1")
    assert code == 1 and one_line_error(err).startswith("error: --scheduler needs --store DIR")


def test_unknown_article_to_remove(built, capsys):
    store, _ = built
    code, _, err = cli(capsys, "remove", "no-such-article", "--store", str(store))
    assert code == 1 and one_line_error(err).startswith(f"error: {store}/: no article 'no-such-article' in the store")


def test_a_second_writer_is_refused_while_the_first_holds_the_store(built, articles, tmp_path):
    """A real second process holds RocksDB's lock; `kg build --store` says so in one line."""
    store, _ = built
    holder = subprocess.Popen([sys.executable, "-c", "import sys, pyoxigraph as ox; s = ox.Store(sys.argv[1]); "
                               "print('ready', flush=True); sys.stdin.read()", str(store)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        proc = subprocess.run([sys.executable, "-m", "kg", "build", str(articles), "--store", str(store)],
                              capture_output=True, text=True, timeout=120, env={**os.environ, "NO_COLOR": "1"})
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
        holder.stdout.close()
    assert proc.returncode == 1, proc.stderr
    assert one_line_error(proc.stderr) == (
        f"error: {store}/: the store is in use by another writer (`kg build --store`, `kg remove` or a writable "
        "`kg serve`) — wait for it to finish or stop it, then run this again")
    assert (store / META_FILE).is_file()


def test_kg_serve_serves_a_store_as_it_is(built, tmp_path, capsys):
    """`kg serve --store DIR` runs Oxigraph on the folder itself (nothing loaded into it): the union
    of its graphs answers; a graph file next to a kg store is refused, not loaded into it."""
    import json
    import signal
    import socket
    import time
    import urllib.parse
    import urllib.request

    store, _ = built
    before = quads(store)
    code, _, err = cli(capsys, "serve", str(ROOT / "seeds" / SEED.name), "--store", str(store))
    assert code == 1 and one_line_error(err).startswith(f"error: {store}: a store built by `kg build --store` is "
                                                        "served as it is")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        url = f"http://127.0.0.1:{port}/query?query=" + urllib.parse.quote(query)
        deadline, answer = time.monotonic() + 60, None
        while answer is None and time.monotonic() < deadline:
            try:
                req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
                with urllib.request.urlopen(req, timeout=5) as resp:
                    answer = json.loads(resp.read())
            except OSError:
                time.sleep(0.2)
        assert answer is not None, "the server did not answer"
        # each triple is in exactly one graph (the named-graph rule), so the union has one per quad
        assert int(answer["results"]["bindings"][0]["n"]["value"]) == len(before)
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=30)
    assert quads(store) == before


def test_the_nquads_and_trig_exports_bulk_load_into_oxigraph_as_they_are(built, articles, tmp_path, capsys):
    """`oxigraph load` (the bulk loader of the server kg ships) reads `kg build -o x.nq/x.trig` as
    written, marker line included, and gives the same quads as the store."""
    from kg.store.serve import oxigraph_binary

    store, _ = built
    for ext in ("nq", "trig"):
        out = tmp_path / f"corpus.{ext}"
        assert cli(capsys, "build", str(articles), "-o", str(out))[0] == 0
        assert out.read_text(encoding="utf-8").startswith("# generated by fupin-kg\n")
        proc = subprocess.run([oxigraph_binary(), "load", "--location", str(tmp_path / ext), "--file", str(out)],
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
        assert quads(tmp_path / ext) == quads(store)


def test_kg_push_takes_a_store_folder_and_pushes_the_same_graphs_as_the_trig_file(built, tmp_path, capsys):
    """`kg push --store DIR` (a folder, not an http(s) URL) pushes the store's named graphs, the
    same graphs and counts as pushing the TriG file built from the same articles."""
    from kg.store.remote import remote_query
    from kg.store.serve import free_port, oxigraph_binary, wait_until_up

    store, trig = built
    port = free_port()
    server = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(tmp_path / "server"),
                               "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = f"http://127.0.0.1:{port}/query"
    try:
        wait_until_up(endpoint, server)
        code, from_store, err = cli(capsys, "push", "--store", str(store), "--endpoint", endpoint)
        assert code == 0, err
        assert err.strip().startswith("pushed ") and err.strip().endswith(f"graph(s) to {endpoint}")
        total = int(remote_query(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0])
        code, from_file, err = cli(capsys, "push", str(trig), "--endpoint", endpoint, "--replace")
        assert code == 0, err
        assert sorted(from_store.splitlines()) == sorted(from_file.splitlines())
        assert len(from_store.splitlines()) == 5  # four articles and the shared graph
        assert int(remote_query(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]) == total
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_store_left_half_written_says_so(tmp_path, capsys):
    """An article whose N-Triples cannot be read stops the write half-way: the store is not
    marked consistent, and the next build says what happened instead of building on it."""
    from kg.store.disk import DiskStore

    db = tmp_path / "db"
    with pytest.raises(SyntaxError), DiskStore(db) as store:
        store.put("https://w3id.org/fupin-kg/id/article/x", "0" * 64, "x.txt", b"<a> <b> broken .\n")
    code, _, err = cli(capsys, "build", str(SEED), "--store", str(db))
    assert code == 1 and one_line_error(err) == (
        f"error: {db}/: a previous write to the store was cut short (the process was killed) — rebuild it: "
        "remove the folder and run `kg build PATHS --store DIR` again")


def test_a_large_write_compacts_the_store_and_keeps_every_quad(articles, tmp_path, monkeypatch):
    """A writer that wrote or removed many quads compacts the store on closing (fewer, larger files,
    faster reads); what the store holds is unchanged."""
    from kg.cli import main
    from kg.store.disk import DiskStore

    def files(folder: Path) -> int:
        return len(list(folder.glob("*.sst")))

    assert main(["build", str(articles), "--store", str(tmp_path / "plain"), "--jobs", "1"]) == 0
    monkeypatch.setattr(DiskStore, "COMPACT_AFTER", 1)
    monkeypatch.setattr(DiskStore, "BATCH", 500)  # many small bulk writes, as a large corpus makes
    assert main(["build", str(articles), "--store", str(tmp_path / "compact"), "--jobs", "1"]) == 0
    assert quads(tmp_path / "compact") == quads(tmp_path / "plain")
    monkeypatch.setattr(DiskStore, "COMPACT_AFTER", 10**12)
    assert main(["build", str(articles), "--store", str(tmp_path / "loose"), "--jobs", "1"]) == 0
    assert files(tmp_path / "compact") < files(tmp_path / "loose")


def test_validating_a_store_reports_what_validating_its_file_reports(built, tmp_path, capsys):
    """`kg validate --store` checks the same parts as the file: a violation shows in both reports alike."""
    store, trig = built
    assert cli(capsys, "validate", "--store", str(store), "--jobs", "2")[1].strip() == f"{store}: conforms"
    broken = tmp_path / "db"
    shutil.copytree(store, broken)
    bad = ox.Store(str(broken))  # a second label in one language, as another program could write
    person = next(q.subject for q in bad.quads_for_pattern(None, ox.NamedNode(
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode("https://schema.org/Person"), None))
    graph = next(iter(bad.quads_for_pattern(person, None, None, None))).graph_name
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    for text in ("甲", "乙"):
        bad.add(ox.Quad(person, label, ox.Literal(text, language="zh-Hans"), graph))
    bad.flush()
    del bad
    code, out, err = cli(capsys, "validate", "--store", str(broken))
    assert code == 1 and "does not conform" in err and str(person.value) in out
    exported = tmp_path / "broken.trig"  # the file, with the same two labels in the same graph
    exported.write_text(trig.read_text(encoding="utf-8") + f'\n{graph} {{ {person} <{label.value}> "甲"@zh-Hans , '
                        '"乙"@zh-Hans . }\n', encoding="utf-8")
    code, from_file, _ = cli(capsys, "validate", str(exported))
    assert code == 1 and from_file.splitlines()[1:] == out.splitlines()[1:]
