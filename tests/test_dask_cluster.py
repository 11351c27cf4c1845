"""`kg build --store DIR --scheduler tcp://…`: extraction on a real Dask distributed cluster
(LocalCluster: 2 worker processes on 127.0.0.1) gives the same store as the local process pool."""
from __future__ import annotations

import shutil
import warnings

import pytest

from kg.model.base import DEFAULT_BASE
from kg.store.views import answer, per_article_queries

from helpers import cli, one_line_error
from test_store_disk import EXTRA, FIXTURES, SEED, quads

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Dask's own start-up notices (dashboard port, etc.)
        from distributed import LocalCluster

        lc = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address=None, silence_logs=50)
    try:
        yield lc.scheduler_address
    finally:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            lc.close()


def test_a_build_through_dask_equals_the_local_build(cluster, tmp_path, capsys):
    folder = tmp_path / "articles"
    folder.mkdir()
    for f in [SEED, *FIXTURES]:
        shutil.copy(f, folder / f.name)
    (folder / "xixian.txt").write_text(EXTRA, encoding="utf-8")
    assert cluster.startswith("tcp://127.0.0.1:")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        code, _, err = cli(capsys, "build", str(folder), "--store", str(tmp_path / "dask"), "--scheduler", cluster)
    assert code == 0, err
    assert err.strip().endswith("4 added, 0 replaced, 0 skipped, 0 removed; 4 article(s)")
    assert cli(capsys, "build", str(folder), "--store", str(tmp_path / "local"), "--jobs", "2")[0] == 0
    assert quads(tmp_path / "dask") == quads(tmp_path / "local")
    assert len(quads(tmp_path / "dask")) > 10_000
    for q in per_article_queries():  # the rows kept per article were made on the Dask workers
        kept = answer(tmp_path / "dask", q, DEFAULT_BASE)
        assert kept is not None and kept.rows and kept == answer(tmp_path / "local", q, DEFAULT_BASE), q.name


def test_an_unreachable_scheduler_is_one_line_and_the_store_is_untouched(tmp_path, capsys):
    import socket

    with socket.socket() as s:  # a free port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        code, _, err = cli(capsys, "build", str(SEED), "--store", str(tmp_path / "db"),
                           "--scheduler", f"tcp://127.0.0.1:{port}")
    assert code == 1
    line = one_line_error(err)
    assert line.startswith(f"error: tcp://127.0.0.1:{port}: cannot reach the Dask scheduler")
    assert line.endswith("start one with `dask scheduler` and pass its tcp://HOST:PORT address")
    assert not (tmp_path / "db").exists()
