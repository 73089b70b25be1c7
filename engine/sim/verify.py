"""Clear checks: re-simulate a replay on the level it names and say whether it clears it.

A replay is always re-simulated from the level document, never from a snapshot (pymunk does not
resume a saved space bit-identically), single-threaded, so the same level and inputs give the
same state at every tick in every process.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

from engine import limits
from engine.document import LevelDocument, ReplayDocument
from engine.errors import CocreateError, Problem, SchemaError
from engine.sim.world import Outcome, Status, World

SIM_VERSION = "cocreate-sim 3"
"""Bumped whenever a change to the simulation can change the outcome of a replay."""


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    message: str

    @property
    def cleared(self) -> bool:
        return self.outcome.status is Status.CLEARED


def simulate(
    doc: LevelDocument, inputs: Iterable[int], *, max_ticks: int = limits.MAX_REPLAY_TICKS
) -> World:
    """Run the inputs until the level ends, they run out, or ``max_ticks``."""
    world = World(doc)
    for buttons in inputs:
        if world.status is not Status.PLAYING or world.tick >= max_ticks:
            break
        world.step(buttons)
    if world.status is Status.PLAYING:
        world.time_out()
    return world


def verdict_of(world: World) -> Verdict:
    out = world.outcome()
    seconds = out.tick / 60
    when = f"at tick {out.tick} ({seconds:.2f} s)"
    if out.status is Status.CLEARED:
        message = f"cleared {when}, score {out.score}, {out.deaths} deaths"
    elif out.status is Status.DIED:
        message = f"not cleared: the player {out.reason} and was out of lives {when}"
    else:
        message = f"not cleared: the replay ended {when} before the goal was reached"
    return Verdict(out, message)


class ReplayMismatch(CocreateError):
    """A replay recorded on another level, or another revision of it (CLI exit 2)."""


def load_replay(
    path: str | os.PathLike[str], *, level: LevelDocument, level_digest: str
) -> ReplayDocument:
    """Read a replay file and check it belongs to ``level`` (whose bytes hash to the digest)."""
    from engine.fileio import load

    name = os.fspath(path)
    doc = load(name)
    if not isinstance(doc, ReplayDocument):
        kind = type(doc).__struct_config__.tag
        raise SchemaError([Problem("$.kind", f"is {kind!r}, not a replay")], source=name)
    from engine.validation import validate

    problems = validate(doc)
    if problems:
        raise SchemaError(problems, source=name)
    rep = doc.replay
    if rep.level_digest != level_digest:
        same = rep.level_id == level.id
        what = (
            f"revision {rep.level_revision} of this level"
            if same
            else f"another level ({rep.level_id})"
        )
        raise ReplayMismatch(
            f"recorded on {what}: level digest sha256:{rep.level_digest[:12]}…, "
            f"this file is sha256:{level_digest[:12]}…",
            source=name,
        )
    return doc


def make_replay(
    level: LevelDocument, level_digest: str, inputs: list[int], world: World, *, author: str = ""
) -> ReplayDocument:
    """A replay document of ``inputs`` played on ``level`` (ending as ``world`` did)."""
    import uuid

    from engine import APP
    from engine.replay import Replay, pack_runs
    from engine.sim.inputs import run_length_encode
    from engine.starter import new_meta

    result = world.status.value if world.status is not Status.PLAYING else "timed out"
    replay = Replay(
        level_id=level.id,
        level_revision=level.revision,
        level_digest=level_digest,
        engine=SIM_VERSION,
        ticks=len(inputs),
        inputs=pack_runs(run_length_encode(inputs)),
        result=result,  # type: ignore[arg-type]
    )
    meta = new_meta(f"Replay of {level.meta.title}", author=author)
    ident = str(uuid.uuid5(uuid.UUID(level.id), f"replay:{level_digest}:{len(inputs)}"))
    return ReplayDocument(app=APP, id=ident, meta=meta, replay=replay)


def save_replay(
    path: str | os.PathLike[str],
    level: LevelDocument,
    level_digest: str,
    inputs: list[int],
    world: World,
) -> ReplayDocument:
    from engine.fileio import save

    doc = make_replay(level, level_digest, inputs, world)
    save(doc, path)
    return doc
