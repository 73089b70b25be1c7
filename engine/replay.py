"""The replay: the inputs that play a level, tick by tick, run-length encoded.

A replay names the exact level revision it was recorded on by the sha256 digest of the level
file's bytes, so it proves that *this* level can be cleared. ``inputs`` is packed
little-endian uint32 pairs ``(buttons, ticks)``; see :mod:`engine.sim.inputs` for the bits.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Annotated, Literal

import numpy as np

from engine.fields import Digest, Model, Name, Uuid, limited

RUN_BYTES = 8


class Replay(Model, kw_only=True):
    level_id: Uuid
    level_revision: int
    level_digest: Digest
    """sha256 of the level file's bytes the replay was recorded on."""
    engine: Name
    """The simulation version that recorded it (``cocreate-sim N``)."""
    tick_rate: int = 60
    ticks: int
    """Total ticks: the sum of the runs' lengths."""
    inputs: Annotated[bytes, limited("MAX_REPLAY_RUNS", RUN_BYTES)]
    result: Literal["cleared", "died", "timed out"] = "cleared"
    """The outcome when it was recorded."""


def pack_runs(runs: Iterable[tuple[int, int]]) -> bytes:
    flat = [v for run in runs for v in run]
    return np.asarray(flat, dtype="<u4").tobytes()


def unpack_runs(data: bytes) -> list[tuple[int, int]]:
    arr = np.frombuffer(data, dtype="<u4").reshape(-1, 2)
    return [(int(b), int(n)) for b, n in arr]


def iter_inputs(data: bytes) -> Iterator[int]:
    for buttons, count in unpack_runs(data):
        for _ in range(count):
            yield buttons


ResultName = Literal["cleared", "died", "timed out"]
