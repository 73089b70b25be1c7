"""The selection's keys through the real loop: Ctrl+D duplicates, Ctrl+C / Ctrl+V copy and
paste (cascading), Ctrl+A selects all, the arrows nudge (merged into one undo step); none of
them act while a text field has the focus or during play."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pygame
import pytest

from editor.app import EditorApp
from editor.pilot import Pilot
from editor.session import EditorSession
from engine import codec
from engine.level.entities import Door, Entity, Spawn, Switch
from engine.level.model import Link
from tests.editor.conftest import running

SAMPLE = Path(__file__).parents[2] / "levels" / "switch-and-door.cocreate"
SWITCH, DOOR = 10, 9  # switch 10 at (520, 1114) opens door 9 at (900, 1020); next_id is 30


@pytest.fixture
def app() -> Iterator[EditorApp]:
    yield from running(EditorSession.open(SAMPLE))


def entity(app: EditorApp, ident: int) -> Entity:
    return next(e for e in app.session.doc.level.entities if e.id == ident)


def select_switch_and_door(app: EditorApp, pilot: Pilot) -> None:
    for ident, shift in ((SWITCH, False), (DOOR, True)):
        ent = entity(app, ident)
        pilot.click(*app.to_screen(ent.x, ent.y), shift=shift)
    assert app.session.selection == {SWITCH, DOOR}


def test_ctrl_d_duplicates_the_selection_one_grid_step_away_with_its_link(
    app: EditorApp, pilot: Pilot
) -> None:
    original = codec.encode(app.session.doc)
    select_switch_and_door(app, pilot)
    pilot.press(pygame.K_d, ctrl=True)
    level = app.session.doc.level
    switch, door = level.entities[-2:]  # document order: the switch comes before the door
    assert isinstance(switch, Switch) and switch.id == 30
    assert isinstance(door, Door) and door.id == 31
    assert (switch.x, switch.y) == (528.0, 1122.0)
    assert (door.x, door.y) == (908.0, 1028.0)
    assert level.links[-1] == Link(source=30, target=31)
    assert level.next_id == 32
    assert app.session.selection == {30, 31}
    assert app.session.status == "Duplicated 2 things"
    pilot.press(pygame.K_z, ctrl=True)  # one undo step
    assert codec.encode(app.session.doc) == original
    assert app.session.status == "Undid Duplicate 2 things"


def test_ctrl_d_without_a_grid_offsets_sixteen_px(app: EditorApp, pilot: Pilot) -> None:
    app.session.grid = 0
    spawn = next(e for e in app.session.doc.level.entities if isinstance(e, Spawn))
    pilot.click(*app.to_screen(spawn.x, spawn.y))
    pilot.press(pygame.K_d, ctrl=True)
    copy = app.session.doc.level.entities[-1]
    assert isinstance(copy, Spawn) and (copy.x, copy.y) == (spawn.x + 16, spawn.y + 16)
    assert app.session.selection == {copy.id}


def test_ctrl_d_with_nothing_selected_says_so(app: EditorApp, pilot: Pilot) -> None:
    before = app.session.doc
    pilot.press(pygame.K_d, ctrl=True)
    assert app.session.doc is before
    assert app.session.status == "Nothing selected to duplicate"


def test_copy_then_repeated_pastes_cascade_and_select_the_pasted(
    app: EditorApp, pilot: Pilot
) -> None:
    select_switch_and_door(app, pilot)
    pilot.press(pygame.K_c, ctrl=True)
    assert app.session.status == "Copied 2 things"
    before = app.session.doc
    pilot.press(pygame.K_DELETE)  # the clipboard holds values: a paste works without them
    assert SWITCH not in {e.id for e in app.session.doc.level.entities}
    pilot.press(pygame.K_v, ctrl=True)
    pilot.press(pygame.K_v, ctrl=True)
    level = app.session.doc.level
    assert [e.id for e in level.entities[-4:]] == [30, 31, 32, 33]
    xs = [(e.x, e.y) for e in level.entities[-4:]]
    assert xs == [(528.0, 1122.0), (908.0, 1028.0), (536.0, 1130.0), (916.0, 1036.0)]
    assert level.links == [
        *(k for k in before.level.links if SWITCH not in (k.source, k.target)),
        Link(source=30, target=31),
        Link(source=32, target=33),
    ]
    assert app.session.selection == {32, 33}
    assert app.session.status == "Pasted 2 things"
    pilot.press(pygame.K_z, ctrl=True)  # each paste is one undo step
    assert app.session.doc.level.next_id == 32


def test_ctrl_v_with_an_empty_clipboard_says_so(app: EditorApp, pilot: Pilot) -> None:
    before = app.session.doc
    pilot.press(pygame.K_v, ctrl=True)
    assert app.session.doc is before
    assert app.session.status == "Nothing to paste: copy something first (Ctrl+C)"


def test_ctrl_a_selects_every_shape_and_entity(app: EditorApp, pilot: Pilot) -> None:
    pilot.press(pygame.K_a, ctrl=True)
    level = app.session.doc.level
    assert app.session.selection == {s.id for s in level.shapes} | {e.id for e in level.entities}
    assert len(app.session.selection) == 29


def test_arrows_nudge_one_grid_step_and_a_run_of_nudges_is_one_undo_step(
    app: EditorApp, pilot: Pilot
) -> None:
    original = codec.encode(app.session.doc)
    select_switch_and_door(app, pilot)
    pilot.press(pygame.K_RIGHT)
    pilot.press(pygame.K_RIGHT)
    pilot.press(pygame.K_UP)
    pilot.press(pygame.K_DOWN, shift=True)  # ten steps
    switch, door = entity(app, SWITCH), entity(app, DOOR)
    assert (switch.x, switch.y) == (520.0 + 16, 1114.0 - 8 + 80)
    assert (door.x, door.y) == (900.0 + 16, 1020.0 - 8 + 80)
    assert app.session.history.undo_label == "Move 2 entities"
    pilot.press(pygame.K_z, ctrl=True)
    assert codec.encode(app.session.doc) == original
    assert not app.session.history.can_undo


def test_nudges_after_a_click_start_a_new_undo_step(app: EditorApp, pilot: Pilot) -> None:
    select_switch_and_door(app, pilot)
    pilot.press(pygame.K_LEFT)
    moved = app.session.doc
    door = entity(app, DOOR)
    pilot.click(*app.to_screen(door.x, door.y))  # selects the door alone
    pilot.press(pygame.K_LEFT)
    assert entity(app, DOOR).x == 900.0 - 16
    pilot.press(pygame.K_z, ctrl=True)
    assert app.session.doc is moved


def test_keys_do_nothing_while_a_text_field_has_the_focus(app: EditorApp, pilot: Pilot) -> None:
    door = entity(app, DOOR)
    pilot.click(*app.to_screen(door.x, door.y))
    before = app.session.doc
    entry = app.inspector.entries["width"]
    pilot.click(*entry.rect.center)
    assert entry.is_focused
    pilot.press(pygame.K_d, ctrl=True)
    pilot.press(pygame.K_LEFT)
    pilot.press(pygame.K_a, ctrl=True)
    assert app.session.doc is before
    assert app.session.selection == {DOOR}


def test_arrows_drive_the_player_during_play_not_the_selection(
    app: EditorApp, pilot: Pilot
) -> None:
    spawn = next(e for e in app.session.doc.level.entities if isinstance(e, Spawn))
    pilot.click(*app.to_screen(spawn.x, spawn.y))
    before = app.session.doc
    pilot.press(pygame.K_F5)
    assert app.playtest is not None
    pilot.hold(pygame.K_RIGHT, 10)
    pilot.press(pygame.K_d, ctrl=True)
    pilot.press(pygame.K_ESCAPE)
    assert app.playtest is None
    assert app.session.doc is before
    assert app.session.selection == {spawn.id}
