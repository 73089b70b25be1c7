"""The play window's session over several attempts: how many were played, the fastest clear,
and the last attempt (what ``--record`` saves), on a real pygame display (SDL dummy driver)."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from engine.document import LevelDocument
from engine.render.play import RESTART, Session, key_action, play_window
from engine.sim.inputs import Buttons
from engine.sim.verify import simulate
from engine.sim.world import Status, World
from tests.engine.sim.builders import LevelBuilder

R, D = int(Buttons.RIGHT), int(Buttons.DOWN)


def short_level() -> LevelDocument:
    """Holding right reaches the goal at tick 36."""
    b = LevelBuilder()
    b.ground()
    b.spawn()
    b.goal(300.0)
    return b.build()


def test_the_session_counts_attempts_and_keeps_the_fastest_clear() -> None:
    doc = short_level()
    assert simulate(doc, [R] * 200).outcome().tick == 36
    assert simulate(doc, [0] * 30 + [R] * 200).outcome().tick == 65
    assert simulate(doc, [R | D] * 200).outcome().tick == 36
    script = [
        *[R] * 20,  # 1: restarted before the goal
        RESTART,
        RESTART,  # an attempt of no tick: not counted
        *[0] * 30 + [R] * 200,  # 2: clears at tick 65 (the rest is skipped to the next R)
        RESTART,
        *[R] * 200,  # 3: clears at tick 36, the fastest
        RESTART,
        *[R | D] * 200,  # 4: clears at tick 36 too: the earlier stays
        RESTART,
        *[R] * 10,  # 5: the last, still playing when the window closes (at 197 ticks in all)
    ]
    session = play_window(doc, scripted=iter(script), max_ticks=20 + 65 + 36 + 36 + 40)

    assert session.attempts == 5
    assert session.fastest is not None
    assert session.fastest.inputs == [R] * 36
    out = session.fastest.outcome
    assert (out.status, out.tick) == (Status.CLEARED, 36)
    assert session.inputs == [R] * 10 + [0] * 30  # the last attempt's, for --record
    assert session.world is not None
    assert (session.world.tick, session.world.status) == (40, Status.PLAYING)


def test_a_session_where_nothing_cleared_has_no_fastest() -> None:
    script = [*[R] * 10, RESTART, *[0] * 5]
    session = play_window(short_level(), scripted=iter(script), max_ticks=30)
    assert session.attempts == 2
    assert session.fastest is None
    assert session.inputs == [0] * 20


def test_an_attempt_ending_with_no_restart_scripted_stops_the_window() -> None:
    script = [*[R] * 40]  # clears at tick 36; the feed holds no restart after it
    session = play_window(short_level(), scripted=iter(script), max_ticks=5000)
    assert session.attempts == 1
    assert session.inputs == [R] * 36  # no tick recorded after the goal
    assert session.fastest is not None and session.fastest.inputs == session.inputs


def test_a_session_of_no_tick_played_counts_no_attempt() -> None:
    session = play_window(short_level(), max_ticks=0)  # the window closed at once
    assert (session.attempts, session.fastest, session.inputs) == (0, None, [])


def test_played_keeps_a_faster_clear_and_not_an_equal_one() -> None:
    doc = short_level()
    session = Session()
    runs = [[0] * 30 + [R] * 200, [R | D] * 200, [R] * 200, [0] * 50]
    for inputs in runs:
        world = World(doc)
        session.begin(world)
        for b in inputs:
            if world.status is not Status.PLAYING:
                break
            world.step(b)
            session.played(b)
    assert session.attempts == 4
    assert session.fastest is not None
    assert session.fastest.inputs == [R | D] * 36  # 36 ticks, before the other 36-tick clear
    assert session.inputs == [0] * 50


def test_esc_pauses_a_game_and_quits_from_the_pause_or_the_end_as_the_card_says() -> None:
    assert key_action("escape", paused=False, over=False) == "pause"
    assert key_action("escape", paused=True, over=False) == "quit"  # "P resume R restart Esc quit"
    assert key_action("escape", paused=False, over=True) == "quit"
    assert key_action("p", paused=True, over=False) == "pause"  # P resumes
    assert key_action("r", paused=True, over=False) == "restart"
    assert key_action("space", paused=False, over=False) is None
