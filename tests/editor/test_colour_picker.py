"""Colour pickers in the level inspector, driven through the real loop: a swatch beside each
colour field opens a modal picker at the field's colour; OK sets the field as typing would (one
undo step), Cancel changes nothing, and while it is open the canvas takes no clicks nor keys."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pygame
import pytest
from pygame_gui.core.interfaces import IUIManagerInterface
from pygame_gui.elements import UIButton
from pygame_gui.windows import UIColourPickerDialog

from editor.app import EditorApp
from editor.colour_picker import DIALOG_SIZE, NO_COLOUR, colour_of, dialog_rect, hex_of
from editor.inspector import fields_of
from editor.pilot import Pilot
from editor.session import EditorSession
from engine.level.entities import Door
from tests.editor.conftest import running
from tests.editor.test_inspector import type_into

SAMPLE = Path(__file__).parents[2] / "levels" / "switch-and-door.cocreate"


@pytest.fixture
def app() -> Iterator[EditorApp]:
    yield from running(EditorSession.open(SAMPLE))


def pickers(manager: IUIManagerInterface) -> list[UIColourPickerDialog]:
    """The colour picker dialogs open in ``manager``'s window."""
    stack = manager.get_window_stack().get_full_stack()
    return [w for w in stack if isinstance(w, UIColourPickerDialog)]


def open_picker(pilot: Pilot, swatch: UIButton) -> UIColourPickerDialog:
    """Click ``swatch``; the one picker it opened."""
    pilot.click(*swatch.rect.center)
    (dialog,) = pickers(swatch.ui_manager)
    return dialog


def press(pilot: Pilot, button: UIButton) -> None:
    """Click a button of the dialog and run the frames its answer takes to arrive."""
    pilot.click(*button.rect.center)
    pilot.frames(2)


def stone_colour(app: EditorApp) -> str:
    return next(m.color for m in app.session.doc.level.materials if m.name == "stone")


def test_hex_and_colours_convert_both_ways_without_a_window() -> None:
    assert hex_of(pygame.Color(0x33, 0x66, 0xCC, 0x80)) == "#3366cc"
    assert colour_of(" #3366CC ") == pygame.Color(0x33, 0x66, 0xCC)
    for none in ("", "red", "#36c", "#3366cc80", "3366cc"):
        assert colour_of(none) is None
    assert hex_of(pygame.Color(NO_COLOUR)) == NO_COLOUR


def test_the_dialog_is_centred_and_fits_the_window() -> None:
    rect = dialog_rect((1280, 800))
    assert rect.size == DIALOG_SIZE and rect.center == (640, 400)
    small = dialog_rect((360, 300))
    assert pygame.Rect(0, 0, 360, 300).contains(small)


def test_colour_fields_name_their_picker_and_no_other_field_does() -> None:
    doc = EditorSession.open(SAMPLE).doc
    _, fields = fields_of(doc, frozenset(), "stone")
    titles = {f.prop: f.picker for f in fields if f.picker}
    assert titles == {
        "background_color": "Background colour",
        "material_color": "Material 'stone' colour",
    }


def test_ok_sets_a_material_colour_in_one_undo_step(app: EditorApp, pilot: Pilot) -> None:
    before = app.session.doc
    dialog = open_picker(pilot, app.inspector.swatches["material_color"])
    assert dialog.window_display_title == "Material 'stone' colour"
    assert hex_of(dialog.get_colour()) == stone_colour(app) == "#96928c"
    dialog.set_colour(pygame.Color("#3366cc"))
    press(pilot, dialog.ok_button)
    assert stone_colour(app) == "#3366cc"
    assert not pickers(app.manager) and not app.inspector.picker.is_open
    assert app.inspector.entries["material_color"].get_text() == "#3366cc"
    swatch = app.inspector.swatches["material_color"]
    assert swatch.image.get_at(swatch.image.get_rect().center)[:3] == (0x33, 0x66, 0xCC)
    assert app.session.history.undo_label == "Change material 'stone'"
    assert app.session.undo()
    assert app.session.doc is before


def test_a_channel_typed_in_the_dialog_is_what_ok_applies(app: EditorApp, pilot: Pilot) -> None:
    dialog = open_picker(pilot, app.inspector.swatches["background_color"])
    assert dialog.window_display_title == "Background colour"
    assert hex_of(dialog.get_colour()) == app.session.doc.level.background.color == "#2a2250"
    red = dialog.red_channel
    assert red is not None
    type_into(pilot, red.entry, "255")
    pilot.frames(2)  # the channel tells the dialog
    assert hex_of(dialog.get_colour()) == "#ff2250"
    press(pilot, dialog.ok_button)
    assert app.session.doc.level.background.color == "#ff2250"
    assert app.session.history.undo_label == "Change background"
    pilot.press(pygame.K_z, ctrl=True)  # the canvas has the keys again
    assert app.session.doc.level.background.color == "#2a2250"


def test_ok_with_the_colour_unchanged_makes_no_undo_step(app: EditorApp, pilot: Pilot) -> None:
    before = app.session.doc
    dialog = open_picker(pilot, app.inspector.swatches["background_color"])
    press(pilot, dialog.ok_button)
    assert app.session.doc is before and not app.session.history.can_undo


def test_cancel_and_the_close_box_change_nothing(app: EditorApp, pilot: Pilot) -> None:
    before = app.session.doc
    for close in ("cancel", "close"):
        dialog = open_picker(pilot, app.inspector.swatches["material_color"])
        dialog.set_colour(pygame.Color("#ff0000"))
        button = dialog.cancel_button if close == "cancel" else dialog.close_window_button
        assert button is not None
        press(pilot, button)
        assert not pickers(app.manager) and not app.inspector.picker.is_open
        assert app.session.doc is before
        assert app.inspector.entries["material_color"].get_text() == "#96928c"


def test_while_the_picker_is_open_the_canvas_takes_no_clicks_nor_keys(
    app: EditorApp, pilot: Pilot
) -> None:
    door = next(e for e in app.session.doc.level.entities if isinstance(e, Door))
    at = app.to_screen(door.x, door.y)
    pilot.click(*at)
    assert app.session.selection == {door.id}
    pilot.press(pygame.K_ESCAPE)
    type_into(pilot, app.inspector.entries["background_color"], "#102030")
    before = app.session.doc
    dialog = open_picker(pilot, app.inspector.swatches["background_color"])
    pilot.drag(at, (at[0] + 120, at[1]))  # would select the door and move it
    pilot.click(*at)
    pilot.press(pygame.K_z, ctrl=True)  # would undo the background
    pilot.press(pygame.K_DELETE)
    zoom = app.viewport.zoom
    pilot.wheel(*at, 2)  # nor zooms
    assert app.viewport.zoom == zoom
    assert app.session.doc is before
    assert app.session.selection == frozenset()
    assert pickers(app.manager) == [dialog]
    assert app.inspector.typing  # the keys are the dialog's
    press(pilot, dialog.cancel_button)
    pilot.wheel(*at, 2)
    assert app.viewport.zoom > zoom
    at = app.to_screen(door.x, door.y)  # where the door is at the new zoom
    pilot.drag(at, (at[0] + 120, at[1]))  # closed: the canvas has the mouse again
    assert app.session.doc is not before


def test_only_one_picker_opens_at_a_time(app: EditorApp, pilot: Pilot) -> None:
    dialog = open_picker(pilot, app.inspector.swatches["material_color"])
    pilot.click(*app.inspector.swatches["background_color"].rect.center)  # under the modal
    assert not app.inspector.picker.open("background_color", "#000000", "Background colour")
    assert pickers(app.manager) == [dialog]
    dialog.set_colour(pygame.Color("#00ff00"))
    press(pilot, dialog.ok_button)
    assert stone_colour(app) == "#00ff00"  # the field it was opened for
    assert app.session.doc.level.background.color == "#2a2250"


def test_the_picker_fits_the_window_and_swatches_line_up_with_their_fields(
    app: EditorApp, pilot: Pilot, tmp_path: Path
) -> None:
    dialog = open_picker(pilot, app.inspector.swatches["material_color"])
    assert app.surface.get_rect().contains(dialog.rect)
    for key, swatch in app.inspector.swatches.items():
        entry = app.inspector.entries[key]
        assert swatch.rect.centery == entry.rect.centery
        assert swatch.rect.left > entry.rect.right
        assert app.inspector.rect.contains(swatch.rect)
    assert app.save_screenshot(tmp_path / "picker.png").exists()
