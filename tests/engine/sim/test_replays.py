"""The sample levels' replays: each clears its level, is canonical, names the exact level bytes;
replay validation words every problem exactly; verification is the same in another process."""

from __future__ import annotations

import hashlib
import itertools
import json
import struct
from collections.abc import Callable
from pathlib import Path

import msgspec
import pytest

from engine import codec, limits
from engine.document import LevelDocument, ReplayDocument
from engine.errors import SchemaError
from engine.fileio import load, read_bytes
from engine.level.entities import Spawn
from engine.replay import iter_inputs, pack_runs, unpack_runs
from engine.sim.verify import SIM_VERSION, ReplayMismatch, load_replay, simulate, verdict_of
from engine.validation import check_file, validate
from tests.conftest import Ran

LEVELS = Path(__file__).parents[3] / "levels"
SAMPLES = ("first-steps", "switch-and-door", "tile-garden")


def level_of(name: str) -> LevelDocument:
    doc = load(LEVELS / f"{name}.cocreate")
    assert isinstance(doc, LevelDocument)
    return doc


def replay_of(name: str) -> ReplayDocument:
    doc = load(LEVELS / f"{name}.replay.cocreate")
    assert isinstance(doc, ReplayDocument)
    return doc


def test_every_level_with_a_replay_is_a_sample() -> None:
    """A new sample level's replay is checked here too: the list above is complete."""
    shipped = sorted(p.name.removesuffix(".replay.cocreate") for p in LEVELS.glob("*.replay.*"))
    assert shipped == sorted(SAMPLES)


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_replay_clears_its_level(name: str) -> None:
    replay = replay_of(name).replay
    verdict = verdict_of(simulate(level_of(name), iter_inputs(replay.inputs)))
    assert verdict.cleared, verdict.message
    assert verdict.message.startswith(f"cleared at tick {verdict.outcome.tick} (")
    assert verdict.outcome.tick <= replay.ticks
    assert replay.result == "cleared"


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_replay_validates_and_is_canonical(name: str) -> None:
    path = LEVELS / f"{name}.replay.cocreate"
    checked = check_file(path)
    assert checked.error is None
    assert checked.problems == []
    assert isinstance(checked.document, ReplayDocument)
    assert codec.encode(checked.document) == read_bytes(path)


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_replay_is_run_length_encoded(name: str) -> None:
    replay = replay_of(name).replay
    runs = unpack_runs(replay.inputs)
    assert sum(n for _, n in runs) == replay.ticks
    assert len(runs) * 20 <= replay.ticks  # runs ≪ ticks
    assert all(a != b for (a, _), (b, _) in itertools.pairwise(runs))  # each run maximal


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_replay_names_the_level_file_it_was_recorded_on(name: str) -> None:
    level, replay = level_of(name), replay_of(name).replay
    data = (LEVELS / f"{name}.cocreate").read_bytes()
    assert replay.level_digest == hashlib.sha256(data).hexdigest()
    assert (replay.level_id, replay.level_revision) == (level.id, level.revision)
    assert replay.engine == SIM_VERSION


def _nudge_spawn_y(data: bytes, doc: LevelDocument) -> bytes:
    """The level's bytes with the last byte of the spawn's ``y`` float64 flipped (1 ulp off)."""
    spawn = next(e for e in doc.level.entities if isinstance(e, Spawn))
    encoded = b"\xa1y\xcb" + struct.pack(">d", spawn.y)
    at = data.index(encoded, data.index(b"\xa6facing"))  # the key right after the spawn's facing
    end = at + len(encoded) - 1
    return data[:end] + bytes([data[end] ^ 1]) + data[end + 1 :]


def test_a_changed_level_rejects_its_old_replay(tmp_path: Path) -> None:
    data = (LEVELS / "first-steps.cocreate").read_bytes()
    changed = _nudge_spawn_y(data, level_of("first-steps"))
    doc = codec.decode(changed)
    assert isinstance(doc, LevelDocument)
    assert validate(doc) == []  # still a fine level, just not the one the replay was made on
    assert next(e for e in doc.level.entities if isinstance(e, Spawn)).y != 938.0
    old = hashlib.sha256(data).hexdigest()
    new = hashlib.sha256(changed).hexdigest()
    path = LEVELS / "first-steps.replay.cocreate"
    with pytest.raises(ReplayMismatch) as caught:
        load_replay(path, level=doc, level_digest=codec.digest(changed))
    assert str(caught.value) == (
        f"{path}: recorded on revision 1 of this level: level digest sha256:{old[:12]}…, "
        f"this file is sha256:{new[:12]}…"
    )


def test_a_replay_of_another_level_names_that_level() -> None:
    data = (LEVELS / "first-steps.cocreate").read_bytes()
    path = LEVELS / "tile-garden.replay.cocreate"
    other = replay_of("tile-garden").replay
    with pytest.raises(ReplayMismatch) as caught:
        load_replay(path, level=level_of("first-steps"), level_digest=codec.digest(data))
    assert str(caught.value) == (
        f"{path}: recorded on another level ({level_of('tile-garden').id}): level digest "
        f"sha256:{other.level_digest[:12]}…, this file is sha256:{codec.digest(data)[:12]}…"
    )


# -- replay validation -----------------------------------------------------------------------

R, J = 2, 4


def replay_with(runs: list[tuple[int, int]] | bytes, ticks: int | None = None) -> ReplayDocument:
    """The first-steps replay with other inputs (``ticks`` defaults to the runs' sum)."""
    doc = replay_of("first-steps")
    data = runs if isinstance(runs, bytes) else pack_runs(runs)
    if ticks is None:
        assert not isinstance(runs, bytes)
        ticks = sum(n for _, n in runs)
    replay = msgspec.structs.replace(doc.replay, inputs=data, ticks=ticks)
    return msgspec.structs.replace(doc, replay=replay)


def problems_of(doc: ReplayDocument) -> list[str]:
    return [str(p) for p in validate(doc)]


def test_replay_of_valid_runs_has_no_problems() -> None:
    assert problems_of(replay_with([(R, 10), (R | J, 5), (0, 1)])) == []
    assert problems_of(replay_with([])) == []


def test_replay_ticks_must_match_the_runs() -> None:
    doc = replay_with([(R, 10), (0, 5)], ticks=20)
    assert problems_of(doc) == ["$.replay.ticks: is 20 but the runs add up to 15"]


def test_replay_with_unknown_buttons_is_rejected() -> None:
    doc = replay_with([(R, 10), (16 | R, 3), (255, 1)])
    assert problems_of(doc) == ["$.replay.inputs: run 1 presses unknown buttons (18)"]


def test_replay_with_a_zero_tick_run_is_rejected() -> None:
    doc = replay_with([(R, 10), (J, 0), (0, 5)])
    assert problems_of(doc) == ["$.replay.inputs: run 1 lasts 0 ticks"]


def test_replay_at_the_tick_limit_is_fine_and_one_more_is_not() -> None:
    most = limits.MAX_REPLAY_TICKS
    assert problems_of(replay_with([(R, most - 1), (0, 1)])) == []
    assert problems_of(replay_with([(R, most), (0, 1)])) == [
        f"$.replay.ticks: {most + 1:,} ticks, more than {most:,} (limit MAX_REPLAY_TICKS)"
    ]
    assert most + 1 == 54_001


def test_replay_inputs_must_be_whole_runs_of_8_bytes() -> None:
    doc = replay_with(pack_runs([(R, 10)]) + b"\x00\x00\x00\x00", ticks=10)
    assert problems_of(doc) == ["$.replay.inputs: 12 bytes is not a whole number of runs"]


def test_load_replay_reports_every_problem_with_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "bad.replay.cocreate"
    path.write_bytes(codec.encode(replay_with([(R, 10), (J, 0), (99, 5)], ticks=3)))
    data = (LEVELS / "first-steps.cocreate").read_bytes()
    with pytest.raises(SchemaError) as caught:
        load_replay(path, level=level_of("first-steps"), level_digest=codec.digest(data))
    assert caught.value.lines() == [
        f"{path}: $.replay.inputs: run 2 presses unknown buttons (99)",
        f"{path}: $.replay.inputs: run 1 lasts 0 ticks",
        f"{path}: $.replay.ticks: is 3 but the runs add up to 15",
    ]


# -- determinism -----------------------------------------------------------------------------

VERIFY = (
    "import json, sys\n"
    "from engine.fileio import load\n"
    "from engine.replay import iter_inputs\n"
    "from engine.sim.verify import simulate, verdict_of\n"
    "world = simulate(load(sys.argv[1]), iter_inputs(load(sys.argv[2]).replay.inputs))\n"
    "print(json.dumps([verdict_of(world).message, world.state_hash()]))\n"
)


def test_verification_gives_the_same_outcome_and_state_in_another_process(
    python_cmd: Callable[..., Ran], monkeypatch: pytest.MonkeyPatch
) -> None:
    name = "switch-and-door"  # the longest replay: switches, a door, 1,800 ticks
    world = simulate(level_of(name), iter_inputs(replay_of(name).replay.inputs))
    here = [verdict_of(world).message, world.state_hash()]
    level, replay = LEVELS / f"{name}.cocreate", LEVELS / f"{name}.replay.cocreate"
    for seed in ("0", "4242"):
        monkeypatch.setenv("PYTHONHASHSEED", seed)
        ran = python_cmd("-c", VERIFY, level, replay)
        assert (ran.code, ran.err) == (0, "")
        assert json.loads(ran.out) == here
    assert here[0].startswith("cleared at tick ")
