"""Checks run in worker processes under a time and memory budget; a stuck worker is replaced."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from share.gallery.errors import CheckFailed
from share.gallery.workers import WorkerPool
from tests.share.gallery.jobs import fail, hog, nap


@pytest.fixture
def pool() -> Iterator[WorkerPool]:
    p = WorkerPool(1, seconds=3.0, memory_bytes=1024 * 1024 * 1024)
    yield p
    p.close()


def test_a_job_past_its_time_budget_is_stopped_and_the_worker_replaced(pool: WorkerPool) -> None:
    assert pool.run(nap, 0) == "slept 0"  # the worker is up
    pool.seconds = 0.3
    started = time.monotonic()
    with pytest.raises(CheckFailed) as caught:
        pool.run(nap, 30)
    assert time.monotonic() - started < 5
    assert str(caught.value) == "the check took more than 0.3 s (its time budget) and was stopped"
    assert pool.replaced == 1
    pool.seconds = 10
    assert pool.run(nap, 0.01) == "slept 0.01"


def test_a_job_past_its_memory_budget_fails_and_the_worker_is_replaced(pool: WorkerPool) -> None:
    with pytest.raises(CheckFailed) as caught:
        pool.run(hog, 2048)
    assert str(caught.value) == (
        "the check needed more than 1,024 MiB (its memory budget) and was stopped"
    )
    assert pool.replaced == 1
    assert pool.run(hog, 16) == 16 * 1024 * 1024


def test_an_error_in_a_job_is_one_line(pool: WorkerPool) -> None:
    with pytest.raises(CheckFailed) as caught:
        pool.run(fail)
    assert str(caught.value) == "the check failed: ValueError: a bug"
    assert pool.replaced == 0


def test_two_workers_run_two_jobs_at_once() -> None:
    pool = WorkerPool(2, seconds=20, memory_bytes=0)
    try:
        threads = [threading.Thread(target=pool.run, args=(nap, 0)) for _ in range(2)]
        for t in threads:  # start both workers
            t.start()
        for t in threads:
            t.join()
        results: list[str] = []
        started = time.monotonic()
        threads = [
            threading.Thread(target=lambda: results.append(pool.run(nap, 1.0))) for _ in range(2)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert results == ["slept 1.0", "slept 1.0"]
        assert time.monotonic() - started < 1.9
    finally:
        pool.close()
