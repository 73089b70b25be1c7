"""Worker processes for CPU-heavy checks, each job under a time and a memory budget.

The server's threads hand jobs to :class:`WorkerPool`; each job runs in an idle worker process
(spawned, so it shares nothing with the server), and the server keeps answering while it works.
A job past its time budget has its worker killed and replaced; a worker past its memory budget
fails its job with ``MemoryError`` (its address space is capped with ``RLIMIT_AS``) or dies, and
is replaced. Either way the caller gets a :class:`~share.gallery.errors.CheckFailed`.

A worker stopped from outside (SIGTERM, SIGINT or SIGHUP: a service manager stopping the
gallery signals all its processes, Ctrl+C signals the terminal's) or by :meth:`WorkerPool.close`
means the gallery is stopping: the caller gets :class:`~share.gallery.errors.ShuttingDown`
(a retryable 503), not a failed check.
"""

from __future__ import annotations

import multiprocessing
import queue
import signal
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from share.gallery.errors import CheckFailed, ShuttingDown

STOP_SIGNALS = frozenset({signal.SIGTERM, signal.SIGINT, signal.SIGHUP})
"""The signals that stop a process on purpose (not a crash, not the kernel's OOM kill)."""


def _serve(conn: Connection, memory_bytes: int) -> None:
    """A worker's loop: run ``(fn, args)`` jobs until the pipe closes. Ctrl+C in the server's
    terminal signals the worker too: it ends it at once, as SIGTERM does (no traceback), so
    the pool sees the gallery stopping (``STOP_SIGNALS``)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
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

    def was_stopped(self) -> bool:
        """Whether the worker, now dead, was ended by one of :data:`STOP_SIGNALS`."""
        self.process.join(1)  # its pipe closes as it dies: the exit status follows at once
        code = self.process.exitcode
        return code is not None and code < 0 and -code in STOP_SIGNALS


class WorkerPool:
    """``size`` worker processes, started on first use; :meth:`run` blocks its caller only."""

    def __init__(self, size: int, *, seconds: float, memory_bytes: int) -> None:
        self.size = max(1, size)
        self.seconds = seconds
        self.memory_bytes = memory_bytes
        self._idle: queue.Queue[_Worker | None] = queue.Queue()
        self._busy: set[_Worker] = set()
        """The workers running a job now (``close`` stops them too)."""
        self._live: set[_Worker] = set()
        """Every worker started and not yet stopped, idle or busy."""
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
        """``fn(*args)`` in a worker; raise CheckFailed past the budget or if the worker dies,
        ShuttingDown when the pool is closed (or its worker stopped by a signal) meanwhile."""
        worker = self._take()
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
            stopped = self._closed or worker.was_stopped()
            self._replace(worker)
            if stopped:
                raise ShuttingDown() from exc
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
        self._give_back(worker)
        if status == "error":
            raise CheckFailed(f"the check failed: {value}")
        return value

    def _take(self) -> _Worker:
        """An idle worker (spawned when its slot has none), marked busy; ShuttingDown once the
        pool is closed (also for a caller that was waiting for a worker when it closed)."""
        if self._closed:
            raise ShuttingDown()
        self._start()
        slot = self._idle.get()
        if self._closed:
            self._idle.put(slot)  # for the next caller waiting
            raise ShuttingDown()
        worker = slot if slot is not None and slot.process.is_alive() else None
        if worker is None:
            if slot is not None:
                self._forget(slot)
            worker = _Worker(self.memory_bytes)
        with self._lock:
            if not self._closed:
                self._live.add(worker)
                self._busy.add(worker)
                return worker
        worker.stop()  # closed while it started
        self._idle.put(None)
        raise ShuttingDown()

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            self._busy.discard(worker)
            closed = self._closed
        if closed:  # closed while it worked: its job is done, and so is it
            self._forget(worker)
            return
        self._idle.put(worker)

    def _forget(self, worker: _Worker) -> None:
        """Stop ``worker`` and stop counting it."""
        worker.stop()
        with self._lock:
            self._busy.discard(worker)
            self._live.discard(worker)

    def _replace(self, worker: _Worker) -> None:
        self._forget(worker)
        self.replaced += 1
        self._idle.put(None)

    def working(self) -> int:
        """How many workers are running a job now (for operators and tests)."""
        with self._lock:
            return len(self._busy)

    def pids(self) -> list[int]:
        """The process ids of the workers running now (idle or busy), for operators and tests."""
        with self._lock:
            return [w.process.pid for w in self._live if w.process.pid is not None]

    def close(self) -> None:
        """Stop every worker, the busy ones too: their callers get ShuttingDown, and so does
        every later :meth:`run`."""
        with self._lock:
            self._closed = True
            busy = list(self._busy)
        for worker in busy:  # its caller sees the pipe close, stops it and raises ShuttingDown
            worker.process.kill()
        while True:
            try:
                slot = self._idle.get_nowait()
            except queue.Empty:
                break
            if slot is not None:
                self._forget(slot)
        self._idle.put(None)  # a caller waiting for a worker wakes, and sees the pool closed
