"""Jobs for the worker-pool tests (importable by a spawned worker)."""

from __future__ import annotations

import time


def nap(seconds: float) -> str:
    time.sleep(seconds)
    return f"slept {seconds}"


def hog(mib: int) -> int:
    block = bytearray(mib * 1024 * 1024)
    return len(block)


def fail() -> None:
    raise ValueError("a bug")
