"""Colour pickers in the design editor, driven through the real loop: the swatches beside a text
layer's colour and outline, a shape's fill and outline and the chosen garment colour open a modal
picker; OK sets the field as typing would (one undo step), Cancel changes nothing, and while it
is open the canvas takes no clicks nor keys."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import pygame

from editor.colour_picker import NO_COLOUR, hex_of
from editor.design.app import DesignApp
from editor.design.fields import fields_of
from editor.design.pilot import DesignPilot
from editor.design.session import DesignSession
from engine.design.model import ImageLayer, ShapeLayer, TextLayer
from tests.editor.design.test_panels import type_into
from tests.editor.test_colour_picker import open_picker, pickers, press

LEVELS = Path(__file__).resolve().parents[3] / "levels"
L = TypeVar("L", TextLayer, ShapeLayer)
HEADLINE = (6.0, 12.2)
"""A point of the sample's headline (layer 1), in print-area inches."""


def headline(app: DesignApp, pilot: DesignPilot) -> TextLayer:
    """Click the headline; it, selected."""
    pilot.click(*app.to_screen(*HEADLINE))
    layer = app.session.selected_layer
    assert app.session.selected_index == 1 and isinstance(layer, TextLayer)
    return layer


def layer(app: DesignApp, index: int, kind: type[L]) -> L:
    """The design's layer ``index``, which is a ``kind``."""
    found = app.session.doc.design.layers[index]
    assert isinstance(found, kind)
    return found


def test_colour_fields_name_their_picker_and_no_other_field_does() -> None:
    layers = DesignSession.open(LEVELS / "sunrise-tee.cocreate").doc.design.layers
    assert isinstance(layers[0], ImageLayer) and isinstance(layers[1], TextLayer)
    assert not [f for f in fields_of(layers[0]) if f.picker]
    text = {f.key: f.picker for f in fields_of(layers[1]) if f.picker}
    assert text == {"color": "Text colour", "stroke": "Text outline colour"}
    session = DesignSession.new()
    assert session.add_shape()
    shape = {f.key: f.picker for f in fields_of(session.selected_layer) if f.picker}
    assert shape == {"fill": "Shape fill colour", "stroke": "Shape outline colour"}


def test_ok_sets_a_text_colour_in_one_undo_step(app: DesignApp, pilot: DesignPilot) -> None:
    assert headline(app, pilot).color == "#2c2a5c"
    before = app.session.doc
    dialog = open_picker(pilot, app.side.swatches["color"])
    assert dialog.window_display_title == "Text colour"
    assert hex_of(dialog.get_colour()) == "#2c2a5c"
    dialog.set_colour(pygame.Color("#3366cc"))
    press(pilot, dialog.ok_button)
    assert layer(app, 1, TextLayer).color == "#3366cc"
    assert app.side.entries["color"].get_text() == "#3366cc"
    swatch = app.side.swatches["color"]
    assert swatch.image.get_at(swatch.image.get_rect().center)[:3] == (0x33, 0x66, 0xCC)
    assert not pickers(app.manager) and not app.side.picker.is_open
    pilot.press(pygame.K_z, ctrl=True)  # the canvas has the keys again
    assert app.session.doc is before


def test_an_outline_picked_gets_the_width_typing_gives_and_clearing_removes_it(
    app: DesignApp, pilot: DesignPilot
) -> None:
    assert headline(app, pilot).stroke == ""
    assert app.side.swatches["stroke"].text == "×"  # no colour: a cross, not a grey like #808080
    before = app.session.doc
    dialog = open_picker(pilot, app.side.swatches["stroke"])
    assert dialog.window_display_title == "Text outline colour"
    assert hex_of(dialog.get_colour()) == NO_COLOUR  # no outline yet: it starts at grey
    dialog.set_colour(pygame.Color("#ffcc00"))
    press(pilot, dialog.ok_button)
    text = layer(app, 1, TextLayer)
    assert (text.stroke, text.stroke_width) == ("#ffcc00", 2.0)  # as typing "#ffcc00" gives
    pilot.frames(1)
    swatch = app.side.swatches["stroke"]
    assert swatch.text == "" and swatch.colours["normal_bg"] == pygame.Color("#ffcc00")
    type_into(pilot, app.side.entries["stroke"], "")  # "no outline" is typed
    assert layer(app, 1, TextLayer).stroke == ""
    pilot.frames(1)
    assert app.side.swatches["stroke"].text == "×"
    assert app.session.undo() and app.session.undo()
    assert app.session.doc is before


def test_a_shape_takes_its_fill_and_outline_from_the_picker(
    app: DesignApp, pilot: DesignPilot
) -> None:
    pilot.click(*app.side.buttons["add_shape"].rect.center)
    index = app.session.selected_index
    assert index is not None and layer(app, index, ShapeLayer)
    for key, colour in (("fill", "#102030"), ("stroke", "#405060")):
        dialog = open_picker(pilot, app.side.swatches[key])
        dialog.set_colour(pygame.Color(colour))
        press(pilot, dialog.ok_button)
    shape = layer(app, index, ShapeLayer)
    assert (shape.fill, shape.stroke, shape.stroke_width) == ("#102030", "#405060", 0.05)
    assert app.session.undo()
    shape = layer(app, index, ShapeLayer)
    assert (shape.fill, shape.stroke) == ("#102030", "")


def test_the_chosen_garment_colour_is_picked_in_one_undo_step(
    app: DesignApp, pilot: DesignPilot
) -> None:
    pilot.click(*app.side.tabs["garment"].rect.center)
    rows = app.side.color_list
    assert rows is not None
    second = next(i for i in rows.item_list if i["text"].startswith("2."))
    pilot.click(*second["button_element"].rect.center)
    assert app.session.color_index == 1
    before = app.session.doc
    dialog = open_picker(pilot, app.side.swatches["color_value"])
    assert dialog.window_display_title == "Garment colour 'natural'"
    assert hex_of(dialog.get_colour()) == "#f3ead8"
    dialog.set_colour(pygame.Color("#228b22"))
    press(pilot, dialog.ok_button)
    assert app.session.doc.design.garment.colors[1].color == "#228b22"
    assert app.side.color_lines[1] == "2. natural  #228b22"
    assert app.session.undo()
    assert app.session.doc is before


def test_cancel_changes_nothing(app: DesignApp, pilot: DesignPilot) -> None:
    headline(app, pilot)
    before = app.session.doc
    dialog = open_picker(pilot, app.side.swatches["color"])
    dialog.set_colour(pygame.Color("#ff0000"))
    press(pilot, dialog.cancel_button)
    assert app.session.doc is before and not app.side.picker.is_open
    assert app.side.entries["color"].get_text() == "#2c2a5c"


def test_while_the_picker_is_open_the_canvas_takes_no_clicks_nor_keys(
    app: DesignApp, pilot: DesignPilot
) -> None:
    headline(app, pilot)
    before = app.session.doc
    dialog = open_picker(pilot, app.side.swatches["color"])
    at = app.to_screen(*HEADLINE)
    pilot.drag(at, (at[0] + 80, at[1] + 40))  # would move the headline
    pilot.click(*app.to_screen(0.5, 0.5))  # would select nothing
    pilot.press(pygame.K_DELETE)  # would delete the headline
    ppi = app.view.ppi
    pilot.wheel(*at, 2)  # would zoom
    assert app.view.ppi == ppi
    assert app.session.doc is before and app.session.selected_index == 1
    assert pickers(app.manager) == [dialog] and app.side.typing
    press(pilot, dialog.cancel_button)
    pilot.wheel(*at, 2)
    assert app.view.ppi > ppi
    at = app.to_screen(*HEADLINE)  # where the headline is at the new zoom
    pilot.drag(at, (at[0] + 80, at[1] + 40))  # closed: the canvas has the mouse again
    assert app.session.doc is not before


def test_only_one_picker_opens_at_a_time(app: DesignApp, pilot: DesignPilot) -> None:
    headline(app, pilot)
    dialog = open_picker(pilot, app.side.swatches["color"])
    pilot.click(*app.side.swatches["stroke"].rect.center)  # under the modal dialog
    assert not app.side.picker.open("stroke", "", "Text outline colour")
    assert pickers(app.manager) == [dialog]


def test_the_picker_fits_the_window_and_swatches_line_up_with_their_fields(
    app: DesignApp, pilot: DesignPilot, tmp_path: Path
) -> None:
    headline(app, pilot)
    for page in ("layers", "garment"):
        pilot.click(*app.side.tabs[page].rect.center)
        assert app.side.swatches
        for key, swatch in app.side.swatches.items():
            entry = app.side.entries[key]
            assert swatch.rect.centery == entry.rect.centery
            assert swatch.rect.left > entry.rect.right
            assert app.side.rect.contains(swatch.rect)
            assert entry.font is not None
            assert entry.font.size(entry.get_text())[0] < entry.rect.width - 6  # shown whole
    dialog = open_picker(pilot, app.side.swatches["color_value"])
    assert app.surface.get_rect().contains(dialog.rect)
    assert app.save_screenshot(tmp_path / "picker.png").exists()
