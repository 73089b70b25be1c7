"""Checks on a replay: its level reference, engine, and the run-length encoded inputs."""

from __future__ import annotations

import numpy as np

from engine import limits
from engine.document import ReplayDocument
from engine.replay import RUN_BYTES
from engine.validation.envelope import check_uuid
from engine.validation.report import Report, is_digest

ALL_BUTTONS = 15
"""LEFT | RIGHT | JUMP | DOWN (``engine.sim.inputs``; not imported: it is not needed here)."""


def check_replay(doc: ReplayDocument, report: Report) -> None:
    rep = doc.replay
    check_uuid(report, "$.replay.level_id", rep.level_id)
    if rep.level_revision < 1:
        report.add("$.replay.level_revision", f"must be 1 or more, not {rep.level_revision}")
    if not is_digest(rep.level_digest):
        report.add("$.replay.level_digest", "is not a sha256 digest (64 lower-case hex digits)")
    report.name("$.replay.engine", rep.engine)
    if rep.tick_rate != 60:
        report.add("$.replay.tick_rate", f"must be 60, not {rep.tick_rate}")
    if not 0 <= rep.ticks <= limits.MAX_REPLAY_TICKS:
        report.add(
            "$.replay.ticks",
            f"{rep.ticks:,} ticks, more than {limits.MAX_REPLAY_TICKS:,} (limit MAX_REPLAY_TICKS)"
            if rep.ticks > 0
            else f"must be 0 or more, not {rep.ticks}",
        )
    if len(rep.inputs) % RUN_BYTES:
        report.add("$.replay.inputs", f"{len(rep.inputs)} bytes is not a whole number of runs")
        return
    runs = np.frombuffer(rep.inputs, dtype="<u4").reshape(-1, 2)
    if len(runs) == 0:
        return
    buttons, counts = runs[:, 0], runs[:, 1]
    if (buttons & ~np.uint32(ALL_BUTTONS)).any():
        i = int(np.flatnonzero(buttons & ~np.uint32(ALL_BUTTONS))[0])
        report.add("$.replay.inputs", f"run {i} presses unknown buttons ({int(buttons[i])})")
    if (counts == 0).any():
        i = int(np.flatnonzero(counts == 0)[0])
        report.add("$.replay.inputs", f"run {i} lasts 0 ticks")
    total = int(counts.sum(dtype=np.uint64))
    if total != rep.ticks:
        report.add("$.replay.ticks", f"is {rep.ticks:,} but the runs add up to {total:,}")
