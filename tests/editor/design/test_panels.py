"""The design editor's second slice through its real loop (headless): the garment page, the
layer fields the first slice lacked, problems that select a layer, New and Open."""

from __future__ import annotations

import shutil
from pathlib import Path

import pygame
from pygame_gui.elements import UIDropDownMenu, UITextEntryLine
from pygame_gui.elements.ui_drop_down_menu import UIExpandedDropDownState

from editor.design.app import DesignApp
from editor.design.fields import ADD_FONT, number
from editor.design.pilot import DesignPilot
from engine.design.model import TextLayer
from engine.edit.design import MoveLayer
from engine.render import ASSETS

LEVELS = Path(__file__).resolve().parents[3] / "levels"
SERIF = ASSETS / "fonts" / "LiberationSerif-Regular.ttf"


def choose(pilot: DesignPilot, menu: UIDropDownMenu, option: str) -> None:
    """Open the drop-down and click ``option``."""
    pilot.click(*menu.rect.center)
    state = menu.current_state
    assert isinstance(state, UIExpandedDropDownState)
    assert state.options_selection_list is not None
    items = state.options_selection_list.item_list
    button = next(i["button_element"] for i in items if i["text"] == option)
    pilot.click(*button.rect.center)
    pilot.frames(3)


def type_into(pilot: DesignPilot, entry: UITextEntryLine, text: str) -> None:
    pilot.click(*entry.rect.center)
    entry.set_text(text)
    pilot.press(pygame.K_RETURN)


def test_the_garment_page_sets_style_print_area_and_refuses_a_bad_dpi(
    app: DesignApp, pilot: DesignPilot
) -> None:
    pilot.click(*app.side.tabs["garment"].rect.center)
    assert app.side.page == "garment"
    choose(pilot, app.side.menus["style"], "hoodie")
    assert app.session.doc.design.garment.style == "hoodie"
    type_into(pilot, app.side.entries["area_width"], "11")
    assert app.session.doc.design.print_area.width == 11.0
    before = app.session.doc
    type_into(pilot, app.side.entries["dpi"], "10")
    assert app.session.doc is before
    assert "dpi" in app.session.status
    assert app.side.entries["dpi"].get_text() == "150"
    pilot.click(*app.to_screen(0.5, 0.5))  # the canvas has the keys again
    pilot.press(pygame.K_z, ctrl=True)  # undo the width
    assert app.session.doc.design.print_area.width == 12.0


def test_garment_colours_add_rename_move_up_and_show(app: DesignApp, pilot: DesignPilot) -> None:
    pilot.click(*app.side.tabs["garment"].rect.center)
    count = len(app.session.colors())
    pilot.click(*app.side.buttons["add_color"].rect.center)
    assert len(app.session.colors()) == count + 1
    assert app.session.color_index == count
    type_into(pilot, app.side.entries["color_name"], "forest")
    type_into(pilot, app.side.entries["color_value"], "#228b22")
    assert app.session.doc.design.garment.colors[count].name == "forest"
    assert app.side.color_lines[count] == f"{count + 1}. forest  #228b22"
    for _ in range(count):
        pilot.click(*app.side.buttons["color_up"].rect.center)
    assert app.session.colors()[0] == "forest"
    assert app.side.color_lines[0] == "1. forest  #228b22  (default)"
    assert app.toolbar.colors[0] == "forest"  # the toolbar's drop-down follows
    list_ = app.side.color_list
    assert list_ is not None
    second = next(i for i in list_.item_list if i["text"].startswith("2."))
    pilot.click(*second["button_element"].rect.center)
    assert app.session.color_index == 1 and app.session.color == app.session.colors()[1]
    type_into(pilot, app.side.entries["color_value"], "blue")
    assert "color" in app.session.status
    assert app.side.entries["color_value"].get_text().startswith("#")


def test_flip_rotation_align_and_a_font_from_a_file(app: DesignApp, pilot: DesignPilot) -> None:
    pilot.click(*app.to_screen(6.0, 12.2))  # the headline
    assert app.session.selected_index == 1
    choose(pilot, app.side.menus["flip_x"], "yes")
    type_into(pilot, app.side.entries["rotation"], "15")
    choose(pilot, app.side.menus["align"], "right")
    type_into(pilot, app.side.entries["letter_spacing"], "0.2")
    layer = app.session.doc.design.layers[1]
    assert isinstance(layer, TextLayer)
    assert layer.transform.flip_x and layer.transform.rotation == 15.0
    assert (layer.align, layer.letter_spacing) == ("right", 0.2)
    choose(pilot, app.side.menus["font"], ADD_FONT)
    assert app.file_dialog is not None and app.file_mode == "font"
    assert app.side.menus["font"].selected_option[0] != ADD_FONT
    app.file_dialog.kill()  # type: ignore[no-untyped-call]
    app.file_dialog = None
    app._picked(SERIF)  # what the dialog's OK does with the path picked
    pilot.frames(2)
    layer = app.session.doc.design.layers[1]
    assert isinstance(layer, TextLayer) and app.session.doc.assets[layer.font].name == SERIF.name
    assert app.side.menus["font"].selected_option[0] == SERIF.name


def test_a_shape_gets_corner_radius_then_star_fields(app: DesignApp, pilot: DesignPilot) -> None:
    pilot.click(*app.side.buttons["add_shape"].rect.center)
    type_into(pilot, app.side.entries["corner_radius"], "0.4")
    choose(pilot, app.side.menus["shape"], "star")
    assert "corner_radius" not in app.side.entries
    type_into(pilot, app.side.entries["star_points"], "8")
    layer = app.session.selected_layer
    assert layer is not None and getattr(layer, "star_points", None) == 8


def test_clicking_a_problem_selects_the_layer_it_names(app: DesignApp, pilot: DesignPilot) -> None:
    assert app.session.apply(MoveLayer(0, -2.0, 0.0), merge=False)  # into the safe margin
    app.session.select(1)
    pilot.click(*app.side.tabs["garment"].rect.center)
    items = app.side.problem_list.item_list
    first = next(i for i in items if "Layer 1 'sunrise badge'" in i["text"])
    pilot.click(*first["button_element"].rect.center)
    assert app.session.selected_index == 0
    assert app.side.page == "layers"  # to show the layer's fields
    assert app.session.status.startswith("Warning: Layer 1 'sunrise badge'")


def test_ctrl_n_asks_first_then_starts_a_new_design(app: DesignApp, pilot: DesignPilot) -> None:
    old = app.session
    pilot.press(pygame.K_RIGHT)  # nothing selected: no change
    pilot.click(*app.to_screen(6.0, 6.5))
    pilot.press(pygame.K_RIGHT)
    assert old.dirty
    pilot.press(pygame.K_n, ctrl=True)
    assert app.session is old and app.confirm is not None
    pilot.click(*app.confirm.confirm_button.rect.center)
    pilot.frames(2)
    assert app.session is not old and app.session.path is None
    assert app.session.doc.design.layers == []
    assert app.session.status == "New design (not saved yet)"
    assert app.side.lines == []
    pilot.press(pygame.K_n, ctrl=True)  # nothing to lose: no question
    assert app.confirm is None


def test_ctrl_o_opens_a_design_and_refuses_a_level(
    app: DesignApp, pilot: DesignPilot, tmp_path: Path
) -> None:
    old = app.session
    pilot.press(pygame.K_o, ctrl=True)
    assert app.file_dialog is not None and app.file_mode == "open"
    app.file_dialog.kill()  # type: ignore[no-untyped-call]
    app.file_dialog = None
    assert not app.open_path(LEVELS / "first-steps.cocreate")
    assert app.session is old
    assert app.session.status.startswith("Not opened: first-steps.cocreate:")
    assert "is a level, not a design" in app.session.status
    other = tmp_path / "other.cocreate"
    shutil.copy(LEVELS / "sunrise-tee.cocreate", other)
    assert app.open_path(other)
    pilot.frames(2)
    assert app.session.path == other and app.session.status == "Opened other.cocreate"


# -- fields refuse what validation refuses; fields show what was stored; Esc; buttons --------------

SHOTS = Path("/tmp/shots")


def select(app: DesignApp, pilot: DesignPilot, index: int | None) -> None:
    app.session.select(index)
    pilot.frames(1)


def test_a_value_the_design_would_refuse_is_refused_in_the_editors_words(
    app: DesignApp, pilot: DesignPilot
) -> None:
    select(app, pilot, 1)  # the headline
    before = app.session.doc
    type_into(pilot, app.side.entries["text"], "  ")
    assert app.session.doc is before
    assert app.session.status == "Not changed: text must not be empty"
    assert app.toolbar.status.text == app.session.status
    assert app.side.entries["text"].get_text() == "CHASE THE SUNRISE"
    type_into(pilot, app.side.entries["size"], "0")  # the command's own refusal, same words
    assert app.session.status == "Not changed: size must be more than 0, not 0"
    assert app.side.entries["size"].get_text() == "64"
    pilot.click(*app.side.tabs["garment"].rect.center)
    type_into(pilot, app.side.entries["safe_margin"], "7")
    assert app.session.doc is before
    assert app.session.status == (
        "Not changed: safe margin: 7 in leaves no safe area inside 12 × 16 in"
    )
    assert app.side.entries["safe_margin"].get_text() == "0.5"


def test_after_an_edit_every_field_shows_what_the_design_holds(
    app: DesignApp, pilot: DesignPilot
) -> None:
    select(app, pilot, 1)
    entry = app.side.entries["rotation"]
    for typed in ("99999", "1e308"):
        type_into(pilot, entry, typed)
        layer = app.session.selected_layer
        assert layer is not None and -180 <= layer.transform.rotation <= 180
        assert entry.get_text() == number(layer.transform.rotation) != typed
    type_into(pilot, app.side.entries["scale"], "0.0001")
    assert app.side.entries["scale"].get_text() == "0.0001"
    app.save_screenshot(SHOTS / "h7-design-rotation.png")


def test_esc_in_a_field_leaves_it_unchanged_and_keeps_the_layer_selected(
    app: DesignApp, pilot: DesignPilot
) -> None:
    select(app, pilot, 1)
    before = app.session.doc
    entry = app.side.entries["name"]
    pilot.click(*entry.rect.center)
    entry.set_text("renamed")
    pilot.press(pygame.K_ESCAPE)
    assert not entry.is_focused and not app.side.typing
    assert entry.get_text() == "headline"
    assert app.session.selected_index == 1  # the canvas did not see the Esc
    pilot.click(*app.side.entries["opacity"].rect.center)  # leaving applies nothing
    assert app.session.doc is before
    pilot.click(*app.to_screen(11.5, 0.5))  # the canvas, where nothing is
    pilot.press(pygame.K_ESCAPE)
    assert app.session.selected_index is None


def test_buttons_that_can_do_nothing_are_disabled(app: DesignApp, pilot: DesignPilot) -> None:
    layer_buttons = ("delete", "up", "down", "visible", "locked", "duplicate")

    def enabled() -> dict[str, bool]:
        return {name: app.side.buttons[name].is_enabled for name in layer_buttons}

    select(app, pilot, None)
    assert not any(enabled().values())
    assert app.side.buttons["add_text"].is_enabled
    before = app.session.doc
    pilot.click(*app.side.buttons["delete"].rect.center)
    assert app.session.doc is before
    app.save_screenshot(SHOTS / "h7-design-no-layer.png")
    select(app, pilot, 2)  # the top layer
    assert enabled() == dict.fromkeys(layer_buttons, True) | {"up": False}
    select(app, pilot, 0)  # the bottom one
    assert enabled() == dict.fromkeys(layer_buttons, True) | {"down": False}
    pilot.click(*app.side.tabs["garment"].rect.center)
    buttons = app.side.buttons
    assert buttons["remove_color"].is_enabled and not buttons["color_up"].is_enabled
    while len(app.session.colors()) > 1:
        pilot.click(*buttons["remove_color"].rect.center)
    pilot.frames(1)
    assert not buttons["remove_color"].is_enabled and not buttons["color_up"].is_enabled
    assert buttons["add_color"].is_enabled
    app.save_screenshot(SHOTS / "h7-design-one-colour.png")
