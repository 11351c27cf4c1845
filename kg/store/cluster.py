"""Extraction on a Dask distributed cluster (`kg build --store DIR --scheduler tcp://HOST:PORT`).

Articles go to the workers in batches, with their bytes (workers need no access to the inputs,
only kg installed: `pip install fupin-kg[cluster]`); each batch comes back as N-Triples per
article, in whatever order batches finish. Dask is optional and imported only here.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

from kg.model.errors import KgError
from kg.pipeline import Task, run_batch, run_task
from kg.text.read import read_bytes


class ClusterError(KgError):
    """The Dask scheduler cannot be used."""


def connect(address: str, *, timeout: float = 10.0):
    """A Dask client connected to the scheduler at `address`."""
    try:
        from distributed import Client  # lazy: Dask is the optional [cluster] extra
    except ImportError:
        raise ClusterError("--scheduler needs Dask, which is not installed",
                           fix="pip install 'fupin-kg[cluster]' (dask[distributed])") from None
    try:
        return Client(address, timeout=f"{timeout:g}s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler ({' '.join(str(exc).split())[:160]})", where=address,
                           fix="start one with `dask scheduler` and pass its tcp://HOST:PORT address") from None


def _batches(tasks: list[Task], workers: int) -> list[list[int]]:
    size = max(1, min(16, len(tasks) // max(1, 4 * workers)))
    return [list(range(i, min(i + size, len(tasks)))) for i in range(0, len(tasks), size)]


def run_on_cluster(client, tasks: list[Task], fn: Callable[[Task], tuple] = run_task) -> Iterator[tuple[int, tuple]]:
    """(task index, `fn` result; default `run_task`) for each task, as batches finish on the
    cluster; the client is closed at the end."""
    from distributed import as_completed  # lazy: see connect

    try:
        workers = max(1, len(client.scheduler_info(n_workers=-1).get("workers", {})))
    except TypeError:  # older distributed: no n_workers argument
        workers = max(1, len(client.scheduler_info().get("workers", {})))
    try:
        futures = []
        for batch in _batches(tasks, workers):
            items = []
            for i in batch:
                try:
                    data = read_bytes(tasks[i].path)
                except KgError as exc:  # unreadable here: reported like any failed input
                    yield i, (None, str(exc), 0)
                    continue
                items.append((i, replace(tasks[i], data=data)))
            if items:
                futures.append(client.submit(run_batch, items, fn, pure=False))
        for future in as_completed(futures):
            try:
                results = future.result()
            except Exception as exc:  # noqa: BLE001 - a lost worker or scheduler: one line
                raise ClusterError(f"the cluster failed a batch ({type(exc).__name__}: "
                                   f"{' '.join(str(exc).split())[:160]})",
                                   fix="check the workers' logs; articles written so far stay in the store, "
                                       "rerun the same build to finish") from None
            yield from results
    finally:
        client.close()
