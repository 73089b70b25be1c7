"""Threads for the checks that release the GIL (hashing, image decoding, GEOS geometry).

A large document's checks are spread over the machine's cores: one thread fewer than there
are cores works in the background while the calling thread goes on with its own checks, and
when the caller needs a result it runs any check no worker has started yet itself (so the
cores stay busy, no more threads run than there are cores, and a caller never waits on work
that is queued behind another caller's). The pool is started on first use and kept. Small
documents never start a thread (nor import :mod:`concurrent.futures`), so ``cocreate
validate`` of a small file starts fast.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

T = TypeVar("T")
R = TypeVar("R")

_pool: ThreadPoolExecutor | None = None
_pool_pid = 0
_pool_lock = threading.Lock()


def cores() -> int:
    """How many threads are worth running at once (at least 1, at most 4)."""
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        n = os.cpu_count() or 1
    return max(1, min(4, n))


def _executor() -> ThreadPoolExecutor:
    global _pool, _pool_pid
    with _pool_lock:
        if _pool is None or _pool_pid != os.getpid():  # a forked child has none of our threads
            from concurrent.futures import ThreadPoolExecutor

            _pool = ThreadPoolExecutor(
                max_workers=max(1, cores() - 1), thread_name_prefix="cocreate-check"
            )
            _pool_pid = os.getpid()
        return _pool


class Batch(Generic[T, R]):
    """``fn`` of each item, started on the workers (in the order given) at once.

    :meth:`result` and :meth:`results` wait for a check a worker is running, and run one that
    no worker has started on the calling thread instead; either way each item is checked once.
    """

    def __init__(self, fn: Callable[[T], R], items: Sequence[T]) -> None:
        self._fn = fn
        self._items = items
        self._done: dict[int, R] = {}
        pool = _executor()
        self._futures: list[Future[R]] = [pool.submit(fn, x) for x in items]

    def result(self, i: int) -> R:
        if i not in self._done:
            future = self._futures[i]
            self._done[i] = self._fn(self._items[i]) if future.cancel() else future.result()
        return self._done[i]

    def results(self) -> list[R]:
        """Every result, in the items' order; unstarted items are run here, the last first
        (the workers take them from the front)."""
        for i in reversed(range(len(self._items))):
            if i not in self._done and self._futures[i].cancel():
                self._done[i] = self._fn(self._items[i])
        return [self.result(i) for i in range(len(self._items))]

    def cancel(self) -> None:
        """Drop the checks no worker has started (when the caller gives up on the batch)."""
        for future in self._futures:
            future.cancel()


def map_parallel(fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """``[fn(x) for x in items]``, the first item on this thread and the others on workers."""
    if len(items) < 2 or cores() < 2:
        return [fn(x) for x in items]
    batch = Batch(fn, items[1:])
    first = fn(items[0])
    return [first, *batch.results()]
