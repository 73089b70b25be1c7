"""A play test records its inputs; reaching the goal keeps a clear run the gallery accepts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pygame
import pytest

from editor.playtest import Playtest
from engine import codec
from engine.document import LevelDocument, ReplayDocument
from engine.fileio import load, save
from engine.replay import iter_inputs
from engine.sim.inputs import Buttons
from engine.sim.verify import load_replay, simulate, verdict_of
from engine.sim.world import DT, Status
from engine.validation import validate
from tests.editor.conftest import KEY_OF

LEVELS = Path(__file__).resolve().parents[2] / "levels"


def sample() -> tuple[LevelDocument, list[int]]:
    doc = load(LEVELS / "first-steps.cocreate")
    replay = load(LEVELS / "first-steps.replay.cocreate")
    assert isinstance(doc, LevelDocument) and isinstance(replay, ReplayDocument)
    return doc, list(iter_inputs(replay.replay.inputs))


def press_keys(playtest: Playtest, buttons: int) -> None:
    """Hold exactly the keys of ``buttons``, through the key events the editor's loop hands in."""
    for bit, key in KEY_OF.items():
        down = bool(buttons & bit)
        if down and key not in playtest.held:
            playtest.handle(pygame.event.Event(pygame.KEYDOWN, key=key))
        elif not down and key in playtest.held:
            playtest.handle(pygame.event.Event(pygame.KEYUP, key=key))


def assert_verified(doc: LevelDocument, playtest: Playtest, inputs: list[int], tmp: Path) -> None:
    run = playtest.clear_run
    assert run is not None
    assert run.doc is doc and run.clears(doc)
    assert run.inputs == tuple(inputs[: len(run.inputs)])
    assert len(run.inputs) == playtest.world.tick
    data = codec.encode(doc)
    assert run.digest == codec.digest(data)
    assert validate(run.replay) == []
    assert run.replay.replay.result == "cleared"
    assert run.replay.replay.ticks == len(run.inputs)
    # the gallery's own check: the replay file belongs to the level file and clears it
    level_path, replay_path = tmp / "level.cocreate", tmp / "level.replay.cocreate"
    level_path.write_bytes(data)
    save(run.replay, replay_path)
    checked = load_replay(replay_path, level=doc, level_digest=codec.digest(data))
    verdict = verdict_of(simulate(doc, iter_inputs(checked.replay.inputs)))
    assert verdict.cleared, verdict.message


def test_held_keys_frame_by_frame_to_the_goal_keep_a_verified_clear_run(tmp_path: Path) -> None:
    doc, inputs = sample()
    playtest = Playtest(doc, (640, 360))
    for buttons in inputs:
        press_keys(playtest, buttons)
        assert playtest.advance(DT) == 1  # a frame one tick long runs exactly one tick
        if playtest.world.status is not Status.PLAYING:
            break
    assert playtest.world.status is Status.CLEARED
    assert playtest.advance(DT) == 0
    assert_verified(doc, playtest, inputs, tmp_path)


def test_long_frames_record_every_tick_they_run() -> None:
    doc, inputs = sample()
    playtest = Playtest(doc, (640, 360))
    ran = 0
    for buttons in inputs[:120:3]:
        press_keys(playtest, buttons)
        ran += playtest.advance(DT * 3.5)
    assert ran == len(playtest.inputs) == playtest.world.tick
    assert playtest.inputs[:3] == [inputs[0]] * 3
    world = simulate(doc, playtest.inputs)
    assert world.player.position == playtest.world.player.position


def test_direct_buttons_and_restart(tmp_path: Path) -> None:
    doc, inputs = sample()
    playtest = Playtest(doc, (640, 360))
    for buttons in inputs[:30]:
        playtest.tick(buttons)
    assert playtest.inputs == inputs[:30]
    assert playtest.clear_run is None
    playtest.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_r))
    assert playtest.inputs == [] and playtest.world.tick == 0
    for buttons in inputs:
        if not playtest.tick(buttons):
            break
    assert_verified(doc, playtest, inputs, tmp_path)
    assert playtest.tick(int(Buttons.RIGHT)) is False  # the attempt is over: nothing recorded
    assert len(playtest.inputs) == playtest.world.tick
    run = playtest.clear_run
    playtest.restart()
    assert playtest.clear_run is run  # the proof of this document outlives a restart


def test_a_clear_run_does_not_clear_an_edited_level() -> None:
    import msgspec

    doc, inputs = sample()
    playtest = Playtest(doc, (640, 360))
    for buttons in inputs:
        if not playtest.tick(buttons):
            break
    run = playtest.clear_run
    assert run is not None
    same = codec.decode(codec.encode(doc))
    assert isinstance(same, LevelDocument) and run.clears(same)
    edited = msgspec.structs.replace(doc, meta=msgspec.structs.replace(doc.meta, title="Other"))
    assert not run.clears(edited)


@pytest.fixture(autouse=True)
def _pygame() -> Iterator[None]:
    pygame.init()
    yield
    pygame.quit()
