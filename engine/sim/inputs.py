"""Player inputs: one small bit mask per tick, run-length encoded in replays."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from enum import IntFlag


class Buttons(IntFlag):
    NONE = 0
    LEFT = 1
    RIGHT = 2
    JUMP = 4
    DOWN = 8
    """Held with jump on a one-way platform: drop through it."""


ALL_BUTTONS = int(Buttons.LEFT | Buttons.RIGHT | Buttons.JUMP | Buttons.DOWN)


def run_length_encode(masks: Iterable[int]) -> list[tuple[int, int]]:
    """``[m, m, m, n]`` → ``[(m, 3), (n, 1)]``."""
    runs: list[tuple[int, int]] = []
    for mask in masks:
        if runs and runs[-1][0] == mask:
            runs[-1] = (mask, runs[-1][1] + 1)
        else:
            runs.append((mask, 1))
    return runs


def run_length_decode(runs: Iterable[tuple[int, int]]) -> Iterator[int]:
    for mask, count in runs:
        for _ in range(count):
            yield mask
