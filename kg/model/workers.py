"""Process pools: tasks run in forked worker processes, results in input order.

The pipeline extracts articles with them, the writer renders a large build's named graphs, and a
store build extracts and writes. A worker ignores Ctrl-C (its parent handles it) and dies with
its parent.
"""
from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def _quiet_worker() -> None:
    """Set up a worker: Ctrl-C is the parent's to handle, and the worker dies with its parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent()


def _die_with_parent() -> None:
    """Linux: the kernel sends SIGKILL to this process when its parent dies (even by kill -9)."""
    try:
        import ctypes  # lazy: only pool workers need prctl

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        return
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)


def run_tasks(tasks: Sequence[T], fn: Callable[[T], R], *, jobs: int = 1, window: int | None = None) -> Iterator[R]:
    """Results of `fn` on each task in input order; a pool of forked processes when jobs > 1. On an
    interrupt the workers are killed at once (no queued work is waited for) and the interrupt goes
    on up. `window`: at most this many tasks handed out ahead of a slow consumer (bounded memory)."""
    jobs = max(1, min(jobs, len(tasks)))
    if jobs == 1:
        yield from map(fn, tasks)
        return
    import multiprocessing  # lazy: only parallel builds start a pool

    chunk = max(1, min(8, len(tasks) // (jobs * 4)))
    pool = multiprocessing.get_context("fork").Pool(jobs, initializer=_quiet_worker)
    step = window or len(tasks)
    try:
        for start in range(0, len(tasks), step):
            yield from pool.imap(fn, tasks[start:start + step], chunksize=chunk)
    except BaseException:
        pool.terminate()
        pool.join()
        raise
    pool.close()
    pool.join()
