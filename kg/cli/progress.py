"""Progress bars for long work, on a terminal only (rich); silent when stderr is not a TTY.

    with progress("inferring (OWL 2 RL)") as bar:      # no total: a pulsing bar and the time
        work()
    run = with_progress("querying", run)                 # the same around every call of a function
    with progress("validating", total=n) as bar:        # a total: a bar that fills
        for item in items:
            check(item)
            bar.advance()

The bar is drawn on stderr (stdout stays data) and removed when the work ends.
"""
from __future__ import annotations

import sys
import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")


class Bar:
    """What the work may do with its bar: advance it, or say what it is doing now."""

    def __init__(self, progress=None, task=None):
        self._progress, self._task = progress, task

    def advance(self, steps: float = 1) -> None:
        if self._progress is not None:
            self._progress.advance(self._task, steps)

    def describe(self, text: str) -> None:
        if self._progress is not None:
            self._progress.update(self._task, description=text)


def on_terminal(stream=None) -> bool:
    stream = stream if stream is not None else sys.stderr
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


@contextmanager
def progress(description: str, *, total: float | None = None, enabled: bool | None = None) -> Iterator[Bar]:
    """A rich progress bar on stderr while the block runs, when stderr is a terminal (or `enabled`)."""
    if not (on_terminal() if enabled is None else enabled):
        yield Bar()
        return
    from rich.console import Console  # lazy: rich's progress only when a bar is drawn
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn()]
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(description, total=total)
        yield Bar(bar, task)


def with_progress(description: str, fn: Callable[..., T]) -> Callable[..., T]:
    """`fn`, drawing a bar (no total) while each call runs, on a terminal only."""
    @functools.wraps(fn)
    def wrapped(*args, **kwargs) -> T:
        with progress(description):
            return fn(*args, **kwargs)
    return wrapped
