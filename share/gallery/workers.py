"""Worker processes for CPU-heavy checks, each job under a time and a memory budget.

The server's threads hand jobs to :class:`WorkerPool`; each job runs in an idle worker process
(spawned, so it shares nothing with the server), and the server keeps answering while it works.
A job past its time budget has its worker killed and replaced; a worker past its memory budget
fails its job with ``MemoryError`` (its address space is capped with ``RLIMIT_AS``) or dies, and
is replaced. Either way the caller gets a :class:`~share.gallery.errors.CheckFailed`.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from share.gallery.errors import CheckFailed


def _serve(conn: Connection, memory_bytes: int) -> None:
    """A worker's loop: run ``(fn, args)`` jobs until the pipe closes."""
    if memory_bytes > 0:
        try:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
        except (ImportError, ValueError, OSError):
            pass
    while True:
        try:
            fn, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            result: tuple[str, Any] = ("ok", fn(*args))
        except MemoryError:
            result = ("memory", None)
        except Exception as exc:
            result = ("error", f"{type(exc).__name__}: {exc}")
        conn.send(result)


class _Worker:
    def __init__(self, memory_bytes: int) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.process: BaseProcess = ctx.Process(
            target=_serve, args=(child, memory_bytes), daemon=True, name="cocreate-check"
        )
        self.process.start()
        child.close()

    def stop(self) -> None:
        self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)


class WorkerPool:
    """``size`` worker processes, started on first use; :meth:`run` blocks its caller only."""

    def __init__(self, size: int, *, seconds: float, memory_bytes: int) -> None:
        self.size = max(1, size)
        self.seconds = seconds
        self.memory_bytes = memory_bytes
        self._idle: queue.Queue[_Worker | None] = queue.Queue()
        self._lock = threading.Lock()
        self._started = False
        self._closed = False
        self.replaced = 0
        """How many workers were killed and replaced (for tests and logs)."""

    def _start(self) -> None:
        with self._lock:
            if self._started:
                return
            self._started = True
            for _ in range(self.size):
                self._idle.put(None)  # a slot: a worker is spawned when a job takes it

    def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        """``fn(*args)`` in a worker; raise CheckFailed past the budget or if the worker dies."""
        if self._closed:
            raise CheckFailed("the gallery is shutting down")
        self._start()
        worker = self._idle.get()
        if worker is None or not worker.process.is_alive():
            worker = _Worker(self.memory_bytes)
        try:
            worker.conn.send((fn, args))
            if not worker.conn.poll(self.seconds):
                raise CheckFailed(
                    f"the check took more than {self.seconds:g} s (its time budget) and was stopped"
                )
            status, value = worker.conn.recv()
        except CheckFailed:
            self._replace(worker)
            raise
        except (EOFError, OSError) as exc:
            self._replace(worker)
            raise CheckFailed("the check's worker process died (out of memory?)") from exc
        except BaseException:
            self._replace(worker)
            raise
        if status == "memory":
            self._replace(worker)
            raise CheckFailed(
                f"the check needed more than {self.memory_bytes // (1024 * 1024):,} MiB "
                "(its memory budget) and was stopped"
            )
        self._idle.put(worker)
        if status == "error":
            raise CheckFailed(f"the check failed: {value}")
        return value

    def _replace(self, worker: _Worker) -> None:
        worker.stop()
        self.replaced += 1
        self._idle.put(None)

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                return
            if worker is not None:
                worker.stop()
