"""New, Open and Save As in the editor, driven through its real loop by the Pilot: the keys, the
unsaved-changes dialog and pygame_gui's file dialog (its path field typed into, its OK pressed)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import pygame
import pytest

from editor.app import EditorApp
from editor.pilot import Pilot
from editor.publish import ClearRun
from editor.session import EditorSession
from editor.viewport import Viewport
from editor.window import UnsavedDialog
from engine.document import LevelDocument
from engine.edit.level import DeleteEntity
from engine.fileio import load, save
from engine.level.model import Level
from engine.starter import new_design
from engine.validation import check_file
from tests.editor.conftest import running

LEVELS = Path(__file__).resolve().parents[2] / "levels"


@pytest.fixture
def app(tmp_path: Path) -> Iterator[EditorApp]:
    session = EditorSession.new_level(tmp_path / "new.cocreate")
    yield from running(session)


def make_dirty(app: EditorApp) -> None:
    doc = app.session.doc
    assert app.session.apply(DeleteEntity(doc.level.entities[-1].id))
    app.session.select([doc.level.shapes[0].id])
    assert app.session.dirty


def level_of(path: Path) -> Level:
    doc = load(path)
    assert isinstance(doc, LevelDocument)
    return doc.level


def pick_in_dialog(
    app: EditorApp, pilot: Pilot, path: Path | str, *, then_asked: bool = False
) -> None:
    """Type ``path`` into the open file dialog's path field and press its OK button (a dialog
    asking about it follows when ``then_asked``)."""
    dialog = app.file_dialog
    assert dialog is not None and app.dialog_open
    field = dialog.file_path_text_line
    pilot.click(*field.rect.center)
    assert field.is_focused
    pilot.press(pygame.K_a, ctrl=True)  # select what the field holds, so typing replaces it
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=str(path)))
    pilot.frames(2)
    assert field.get_text() == str(path)
    pilot.press(pygame.K_RETURN)
    pilot.click(*dialog.ok_button.rect.center)
    assert app.dialog_open is then_asked


def test_ctrl_n_on_a_dirty_level_asks_and_cancel_keeps_it(app: EditorApp, pilot: Pilot) -> None:
    make_dirty(app)
    before, selection = app.session.doc, app.session.selection
    pilot.press(pygame.K_n, ctrl=True)
    dialog = app.confirm
    assert dialog is not None and app.dialog_open
    pilot.click(*dialog.cancel_button.rect.center)
    assert not app.dialog_open
    assert app.session.doc is before
    assert app.session.selection == selection
    assert app.session.dirty and app.running


def test_ctrl_n_confirmed_gives_a_new_untitled_level(
    app: EditorApp, pilot: Pilot, tmp_path: Path
) -> None:
    make_dirty(app)
    old = app.session
    app.clear_run = cast(ClearRun, object())  # a clear run of the old level
    app.viewport.pan(300, 200)
    pilot.press(pygame.K_n, ctrl=True)
    dialog = app.confirm
    assert dialog is not None
    pilot.click(*dialog.confirm_button.rect.center)
    session = app.session
    assert session is not old and app.running
    assert session.path is None and not session.dirty
    assert app.clear_run is None
    assert session.selection == frozenset()
    assert len(session.doc.level.entities) == len(old.history.doc.level.entities) + 1
    assert session.title == "untitled level — cocreate"
    assert pygame.display.get_caption()[0] == session.title
    # the view fits the new level
    fitted = Viewport(app.viewport.width, app.viewport.height)
    fitted.fit(session.doc.level.size.width, session.doc.level.size.height)
    assert app.viewport == fitted


def test_save_in_the_unsaved_dialog_saves_then_goes_on(
    app: EditorApp, pilot: Pilot, tmp_path: Path
) -> None:
    make_dirty(app)
    edited = app.session.doc
    pilot.press(pygame.K_n, ctrl=True)
    dialog = app.confirm
    assert isinstance(dialog, UnsavedDialog)
    assert (dialog.save_button.text, dialog.confirm_button.text) == ("Save", "Discard")
    assert dialog.save_button.rect.right < dialog.confirm_button.rect.left
    pilot.click(*dialog.save_button.rect.center)
    assert not app.dialog_open
    assert level_of(tmp_path / "new.cocreate") == edited.level  # saved where it came from
    assert app.session.path is None and not app.session.dirty  # then the new level


def test_save_in_the_unsaved_dialog_of_an_untitled_level_asks_where_then_closes(
    app: EditorApp, pilot: Pilot, tmp_path: Path
) -> None:
    pilot.press(pygame.K_n, ctrl=True)  # clean: a new untitled level at once
    make_dirty(app)
    edited = app.session.doc
    app.request_close()
    dialog = app.confirm
    assert isinstance(dialog, UnsavedDialog)
    pilot.click(*dialog.save_button.rect.center)
    assert app.running and app.file_dialog is not None  # Save As first
    pick_in_dialog(app, pilot, tmp_path / "kept")
    assert level_of(tmp_path / "kept.cocreate") == edited.level
    assert not app.running  # then it closes


def test_ctrl_n_on_a_clean_level_does_not_ask(app: EditorApp, pilot: Pilot) -> None:
    old = app.session
    pilot.press(pygame.K_n, ctrl=True)
    assert app.confirm is None
    assert app.session is not old and app.session.path is None


def test_ctrl_o_opens_the_level_typed_into_the_file_dialog(
    app: EditorApp, pilot: Pilot, tmp_path: Path
) -> None:
    sample = tmp_path / "levels" / "first-steps.cocreate"
    sample.parent.mkdir()
    shutil.copy(LEVELS / "first-steps.cocreate", sample)
    app.session.select([app.session.doc.level.shapes[0].id])
    pilot.press(pygame.K_o, ctrl=True)
    assert app.file_dialog is not None
    assert Path(app.file_dialog.current_directory_path) == tmp_path.resolve()
    pick_in_dialog(app, pilot, sample)
    assert app.session.path == sample.resolve()
    assert app.session.doc == load(sample)
    assert app.session.selection == frozenset()
    assert not app.session.dirty
    assert app.session.title == "first-steps.cocreate — cocreate"
    assert pygame.display.get_caption()[0] == "first-steps.cocreate — cocreate"


def test_an_imported_map_shows_its_notes_and_saves_as_its_own_name(
    app: EditorApp, pilot: Pilot, tmp_path: Path, corpus: Path
) -> None:
    folder = tmp_path / "desert"
    shutil.copytree(corpus / "tiled" / "desert", folder)
    pilot.press(pygame.K_o, ctrl=True)
    pick_in_dialog(app, pilot, folder / "desert.tmx")
    session = app.session
    assert session.path is None and session.suggested == folder / "desert.cocreate"
    assert session.title == "• desert (not saved yet) — cocreate"
    notes = app.notes_window
    assert notes is not None and notes.alive()
    assert notes.window_display_title == "2 notes on importing desert"
    shown = notes.text_block.html_text
    assert "no player start" in shown and "no goal" in shown
    assert session.notes == []  # shown once
    pilot.press(pygame.K_s, ctrl=True, shift=True)
    assert app.file_dialog is not None
    assert Path(app.file_dialog.current_file_path or "") == (folder / "desert.cocreate").resolve()


def test_ctrl_o_on_a_dirty_level_asks_first(app: EditorApp, pilot: Pilot, tmp_path: Path) -> None:
    sample = tmp_path / "switch.cocreate"
    shutil.copy(LEVELS / "switch-and-door.cocreate", sample)
    make_dirty(app)
    pilot.press(pygame.K_o, ctrl=True)
    assert app.file_dialog is None
    dialog = app.confirm
    assert dialog is not None
    pilot.click(*dialog.confirm_button.rect.center)
    assert app.file_dialog is not None
    pick_in_dialog(app, pilot, sample)
    assert app.session.doc == load(sample)


def test_opening_a_corrupt_file_keeps_the_level_and_says_why(
    app: EditorApp, pilot: Pilot, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.cocreate"
    broken.write_bytes(b"\x00 this is not a level \xff")
    before, path = app.session.doc, app.session.path
    pilot.press(pygame.K_o, ctrl=True)
    pick_in_dialog(app, pilot, broken)
    assert app.session.doc is before and app.session.path == path
    status = app.session.status
    assert status.startswith("Not opened: broken.cocreate") and "\n" not in status


def test_open_path_refuses_a_directory_and_a_design(app: EditorApp, tmp_path: Path) -> None:
    before = app.session.doc
    assert not app.open_path(tmp_path)
    assert app.session.status.startswith("Not opened")
    design = tmp_path / "design.cocreate"
    save(new_design(), design)
    assert not app.open_path(design)
    assert "not a level" in app.session.status
    assert app.session.doc is before and app.session.path == tmp_path / "new.cocreate"


def test_ctrl_shift_s_saves_as_with_the_suffix_added(
    app: EditorApp, pilot: Pilot, tmp_path: Path
) -> None:
    make_dirty(app)
    pilot.press(pygame.K_s, ctrl=True, shift=True)
    assert app.file_dialog is not None
    pick_in_dialog(app, pilot, tmp_path / "copy")
    written = tmp_path / "copy.cocreate"
    assert written.is_file()
    checked = check_file(written)
    assert checked.error is None and checked.problems == []
    assert load(written) == app.session.doc
    assert app.session.path == written and not app.session.dirty
    assert app.session.title == "copy.cocreate — cocreate"
    assert pygame.display.get_caption()[0] == "copy.cocreate — cocreate"
    assert not (tmp_path / "new.cocreate").exists()


def test_save_as_onto_another_file_asks_before_replacing_it(
    app: EditorApp, pilot: Pilot, tmp_path: Path
) -> None:
    other = tmp_path / "tee.cocreate"
    save(new_design(), other)
    kept = other.read_bytes()
    make_dirty(app)
    pilot.press(pygame.K_s, ctrl=True, shift=True)
    pick_in_dialog(app, pilot, tmp_path / "tee", then_asked=True)
    dialog = app.confirm
    assert dialog is not None and app.confirming == "replace"
    assert dialog.window_display_title == "Replace file?"
    assert other.read_bytes() == kept and app.session.path == tmp_path / "new.cocreate"
    pilot.click(*dialog.cancel_button.rect.center)
    assert not app.dialog_open and other.read_bytes() == kept and app.session.dirty
    pilot.press(pygame.K_s, ctrl=True, shift=True)
    pick_in_dialog(app, pilot, other, then_asked=True)
    dialog = app.confirm
    assert dialog is not None
    pilot.click(*dialog.confirm_button.rect.center)
    assert not app.dialog_open
    assert load(other) == app.session.doc and app.session.path == other
    assert not app.session.dirty
    pilot.press(pygame.K_s, ctrl=True, shift=True)  # its own file: saved without asking
    pick_in_dialog(app, pilot, other)
    assert app.confirm is None and not app.session.dirty


def test_file_keys_do_nothing_during_play(app: EditorApp, pilot: Pilot) -> None:
    old = app.session
    pilot.press(pygame.K_F5)
    assert app.playtest is not None
    pilot.press(pygame.K_n, ctrl=True)
    pilot.press(pygame.K_o, ctrl=True)
    assert app.session is old and app.file_dialog is None and app.confirm is None
