"""Checks run in worker processes under a time and memory budget; a stuck worker is replaced."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from share.gallery.errors import CheckFailed, ShuttingDown
from share.gallery.workers import WorkerPool
from tests.share.gallery.conftest import PASSWORD, design, upload
from tests.share.gallery.jobs import fail, hog, nap
from tests.share.gallery.live import LiveServer, client, settings_for


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


def _busy_worker(pool: WorkerPool, job: threading.Thread) -> int:
    """Start ``job`` (a run on ``pool``, of one worker) on a worker already up, and its pid
    once the job is under way (a signal then finds the worker in its loop, as in service)."""
    assert pool.run(nap, 0) == "slept 0"
    (pid,) = pool.pids()
    job.start()
    deadline = time.monotonic() + 10
    while not pool.working() and time.monotonic() < deadline:
        time.sleep(0.005)
    assert pool.working(), "the job never reached the worker"
    time.sleep(0.05)  # into the job, past sending it
    return pid


def _run_into(pool: WorkerPool, seconds: float, caught: list[BaseException]) -> threading.Thread:
    def job() -> None:
        try:
            pool.run(nap, seconds)
        except (CheckFailed, ShuttingDown) as exc:
            caught.append(exc)

    return threading.Thread(target=job)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_worker_stopped_by_a_signal_means_the_gallery_is_shutting_down(
    pool: WorkerPool, sig: signal.Signals
) -> None:
    """A service manager stopping the gallery (or Ctrl+C) signals every process of it: the
    worker's death is the gallery stopping, not a check that ran out of memory."""
    caught: list[BaseException] = []
    job = _run_into(pool, 30, caught)
    os.kill(_busy_worker(pool, job), sig)
    job.join(10)
    assert [type(e) for e in caught] == [ShuttingDown]
    assert str(caught[0]) == "the gallery is shutting down: try again in a moment"
    assert pool.replaced == 1
    assert pool.run(nap, 0) == "slept 0"  # not closed: the next job gets a new worker


def test_a_worker_killed_outright_is_still_a_worker_that_died(pool: WorkerPool) -> None:
    caught: list[BaseException] = []
    job = _run_into(pool, 30, caught)
    os.kill(_busy_worker(pool, job), signal.SIGKILL)  # as the kernel's OOM killer does
    job.join(10)
    assert [str(e) for e in caught] == ["the check's worker process died (out of memory?)"]
    assert type(caught[0]) is CheckFailed


def test_closing_the_pool_stops_a_busy_worker_and_its_caller_is_told_to_retry(
    pool: WorkerPool,
) -> None:
    caught: list[BaseException] = []
    job = _run_into(pool, 30, caught)
    pid = _busy_worker(pool, job)
    started = time.monotonic()
    pool.close()
    job.join(10)
    assert time.monotonic() - started < 5
    assert [type(e) for e in caught] == [ShuttingDown]
    assert pool.pids() == []
    with pytest.raises(OSError):  # the process is gone, not left running its job
        os.kill(pid, 0)
    with pytest.raises(ShuttingDown):
        pool.run(nap, 0)


def test_an_upload_cut_short_by_the_gallery_stopping_is_a_retryable_503(tmp_path: Path) -> None:
    """The gallery told to stop (as uvicorn is by SIGTERM) while an upload is being checked,
    and its worker signalled with it: the upload is answered 503 with ``Retry-After``."""
    live = LiveServer(settings_for(tmp_path, check_workers=1, argon2_time_cost=1)).start()
    try:
        api = client(live)
        assert api.post("/users", json={"name": "alice", "password": PASSWORD}).status_code == 201
        token = api.post("/tokens", json={"name": "alice", "password": PASSWORD}).json()["token"]
        alice = client(live, token)
        answers: list[httpx.Response] = []
        # a check that takes seconds: a mockup for each of 40 garment colours
        colors = {f"c{i}": f"#{i * 6:02x}80{255 - i * 6:02x}" for i in range(40)}
        big = design("Big", colors=colors)
        push = threading.Thread(target=lambda: answers.append(upload(alice, big)))
        pid = _busy_worker(live.gallery.workers, push)
        live.server.should_exit = True
        os.kill(pid, signal.SIGTERM)
        push.join(30)
        (r,) = answers
        assert r.status_code == 503, r.text
        assert r.json() == {
            "detail": ["mine.cocreate: the gallery is shutting down: try again in a moment"]
        }
        assert r.headers["retry-after"] == "5"
    finally:
        live.stop()
