"""Timing helpers shared by the benchmarks: medians of interleaved repeats, and one result line.

Each measurement warms up first, then alternates between us and the peer so that a noisy
moment on the machine hits both sides alike; the median of the repeats is what counts.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Result:
    name: str
    ours: float
    """Median seconds of our side."""
    peer: float
    """Median seconds of the peer."""
    target: str
    passed: bool

    @property
    def ratio(self) -> float:
        return self.ours / self.peer


def _once(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def medians(
    ours: Callable[[], object],
    peer: Callable[[], object],
    *,
    repeats: int = 21,
    warmup: int = 3,
    gc_off: bool = False,
) -> tuple[float, float]:
    """Median seconds of ``ours`` and ``peer``, run alternately ``repeats`` times each.

    The garbage collector runs as it does in a program (``gc_off`` disables it while timing,
    as ``timeit`` does); it is emptied before each call so that one side's garbage is not
    collected on the other's time.
    """
    for _ in range(warmup):
        ours()
        peer()
    a: list[float] = []
    b: list[float] = []
    was_on = gc.isenabled()
    try:
        for i in range(repeats):
            for fn, out in ((ours, a), (peer, b)) if i % 2 else ((peer, b), (ours, a)):
                gc.collect()
                if gc_off:
                    gc.disable()
                out.append(_once(fn))
                if was_on:
                    gc.enable()
    finally:
        if was_on:
            gc.enable()
    return statistics.median(a), statistics.median(b)


def faster_by(name: str, ours: float, peer: float, *, at_least: float) -> Result:
    """Target: ``peer / ours >= at_least``."""
    return Result(name, ours, peer, f"≥ {at_least:g}× faster", peer / ours >= at_least)


def within(name: str, ours: float, peer: float, *, ratio: float) -> Result:
    """Target: ``ours / peer <= ratio``."""
    return Result(name, ours, peer, f"ratio ≤ {ratio:g}", ours / peer <= ratio)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def show(result: Result, ours_label: str, peer_label: str) -> None:
    speed = result.peer / result.ours
    print(
        f"{result.name}: {ours_label} {ms(result.ours)} · {peer_label} {ms(result.peer)} · "
        f"ratio {result.ratio:.2f} ({speed:.2f}× the peer's speed) · target {result.target} · "
        f"{'PASS' if result.passed else 'FAIL'}"
    )
