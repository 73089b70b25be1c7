"""Threads for the checks that release the GIL (hashing, image decoding, GEOS geometry).

Large documents spread those checks over the machine's cores; small ones never start a thread
(nor import :mod:`concurrent.futures`), so ``cocreate validate`` of a small file starts fast.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

T = TypeVar("T")
R = TypeVar("R")

_pool: ThreadPoolExecutor | None = None
_pool_pid = 0


def cores() -> int:
    """How many threads are worth running at once (at least 1, at most 4)."""
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        n = os.cpu_count() or 1
    return max(1, min(4, n))


def _executor() -> ThreadPoolExecutor:
    global _pool, _pool_pid
    if _pool is None or _pool_pid != os.getpid():  # a forked child has none of our threads
        from concurrent.futures import ThreadPoolExecutor

        _pool = ThreadPoolExecutor(max_workers=cores(), thread_name_prefix="cocreate-check")
        _pool_pid = os.getpid()
    return _pool


def map_parallel(fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """``[fn(x) for x in items]``, the first item on this thread and the others on workers."""
    if len(items) < 2 or cores() < 2:
        return [fn(x) for x in items]
    futures = [_executor().submit(fn, x) for x in items[1:]]
    first = fn(items[0])
    return [first, *(f.result() for f in futures)]
