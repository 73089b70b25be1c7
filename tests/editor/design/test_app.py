"""The design editor window, driven headless through its real loop; asserts on the design."""

from __future__ import annotations

import math
from pathlib import Path

import pygame
import pytest

from editor.design.app import DesignApp
from editor.design.pilot import DesignPilot
from editor.design.session import DesignSession
from engine.design.model import ShapeLayer, TextLayer
from engine.fileio import load
from engine.starter import new_design
from engine.validation import check_file

LEVELS = Path(__file__).resolve().parents[3] / "levels"


def click_button(app: DesignApp, pilot: DesignPilot, name: str) -> None:
    button = app.side.buttons.get(name) or app.toolbar.buttons[name]
    pilot.click(*button.rect.center)


def test_a_click_selects_the_topmost_layer_and_empty_space_selects_nothing(
    app: DesignApp, pilot: DesignPilot
) -> None:
    pilot.click(*app.to_screen(6.0, 12.2))  # the headline
    assert app.session.selected_index == 1
    assert app.side.heading.text == "Text layer"
    pilot.click(*app.to_screen(6.0, 6.5))  # the badge
    assert app.session.selected_index == 0
    pilot.click(*app.to_screen(0.7, 0.7))
    assert app.session.selected is None


def test_dragging_a_layer_moves_it_in_one_undo_step(app: DesignApp, pilot: DesignPilot) -> None:
    before = app.session.doc
    pilot.drag(app.to_screen(6.0, 6.5), app.to_screen(7.0, 5.5))
    t = app.session.doc.design.layers[0].transform
    assert (t.x, t.y) == pytest.approx((7.0, 5.5), abs=0.05)
    pilot.press(pygame.K_z, ctrl=True)
    assert app.session.doc is before
    pilot.press(pygame.K_y, ctrl=True)
    assert app.session.doc.design.layers[0].transform.x == pytest.approx(7.0, abs=0.05)


def test_a_corner_handle_scales_about_the_centre(app: DesignApp, pilot: DesignPilot) -> None:
    pilot.click(*app.to_screen(6.0, 6.5))
    corner = app.handle_points()["se"]  # the badge: 8 × 8 in about (6, 6.5)
    centre = app.to_screen(6.0, 6.5)
    far = (centre[0] + (corner[0] - centre[0]) * 0.5, centre[1] + (corner[1] - centre[1]) * 0.5)
    pilot.drag(corner, far)
    t = app.session.doc.design.layers[0].transform
    assert t.scale == pytest.approx(0.5, abs=0.02)
    assert (t.x, t.y) == (6.0, 6.5)
    assert app.session.history.undo_label == "Scale layer 1"
    pilot.press(pygame.K_z, ctrl=True)
    assert app.session.doc.design.layers[0].transform.scale == 1.0


def test_the_rotate_handle_turns_and_shift_snaps(app: DesignApp, pilot: DesignPilot) -> None:
    pilot.click(*app.to_screen(6.0, 6.5))
    handle = app.handle_points()["rotate"]
    cx, cy = app.to_screen(6.0, 6.5)
    r = math.hypot(handle[0] - cx, handle[1] - cy)
    # a quarter turn clockwise, a little short: from straight above to nearly straight right
    aim = math.radians(-2.0)
    end = (cx + r * math.cos(aim), cy + r * math.sin(aim))
    pilot.drag(handle, end, steps=8)
    assert app.session.doc.design.layers[0].transform.rotation == pytest.approx(88.0, abs=0.5)
    pilot.press(pygame.K_z, ctrl=True)
    handle = app.handle_points()["rotate"]
    pilot.drag(handle, end, steps=8, shift=True)
    assert app.session.doc.design.layers[0].transform.rotation == pytest.approx(90.0)


def test_wheel_zooms_at_the_pointer_and_f_fits(app: DesignApp, pilot: DesignPilot) -> None:
    fitted = app.view.ppi
    spot = app.to_screen(3.0, 4.0)
    pilot.wheel(*spot, notches=2)
    assert app.view.ppi == pytest.approx(fitted * 1.44)
    assert app.to_screen(3.0, 4.0) == pytest.approx(spot, abs=1.0)
    pilot.drag((300, 300), (350, 320), button=3)
    assert app.to_screen(3.0, 4.0) == pytest.approx((spot[0] + 50, spot[1] + 20), abs=1.0)
    pilot.press(pygame.K_f)
    assert app.view.ppi == pytest.approx(fitted)


def test_add_text_and_shape_buttons_add_selected_layers(app: DesignApp, pilot: DesignPilot) -> None:
    count = len(app.session.doc.design.layers)
    click_button(app, pilot, "add_text")
    assert isinstance(app.session.selected_layer, TextLayer)
    click_button(app, pilot, "add_shape")
    layer = app.session.selected_layer
    assert isinstance(layer, ShapeLayer)
    assert len(app.session.doc.design.layers) == count + 2
    assert app.side.lines[0] == f"{count + 2}. {layer.name}"  # top of the list


def test_inspector_sets_text_and_refuses_a_bad_opacity(app: DesignApp, pilot: DesignPilot) -> None:
    pilot.click(*app.to_screen(6.0, 12.2))
    entry = app.side.entries["text"]
    pilot.click(*entry.rect.center)
    entry.set_text("HELLO\\nWORLD")
    pilot.press(pygame.K_RETURN)
    layer = app.session.doc.design.layers[1]
    assert isinstance(layer, TextLayer) and layer.text == "HELLO\nWORLD"
    before = app.session.doc
    opacity = app.side.entries["opacity"]
    pilot.click(*opacity.rect.center)
    opacity.set_text("1.5")
    pilot.press(pygame.K_RETURN)
    assert app.session.doc is before
    assert "opacity" in app.session.status
    assert opacity.get_text() == "1"


def test_keys_go_to_a_focused_field_not_the_canvas(app: DesignApp, pilot: DesignPilot) -> None:
    pilot.click(*app.to_screen(6.0, 12.2))
    pilot.click(*app.side.entries["name"].rect.center)
    before = app.session.doc
    pilot.press(pygame.K_LEFT)
    pilot.press(pygame.K_DELETE)
    assert app.session.doc is before


def test_delete_then_undo_and_arrows_nudge(app: DesignApp, pilot: DesignPilot) -> None:
    pilot.click(*app.to_screen(6.0, 6.5))
    before = app.session.doc
    pilot.press(pygame.K_DELETE)
    assert len(app.session.doc.design.layers) == 2
    assert app.session.selected is None
    pilot.press(pygame.K_z, ctrl=True)
    assert app.session.doc is before
    pilot.click(*app.to_screen(6.0, 6.5))
    pilot.press(pygame.K_RIGHT)
    pilot.press(pygame.K_RIGHT, shift=True)
    assert app.session.doc.design.layers[0].transform.x == pytest.approx(6.55)
    pilot.press(pygame.K_d, ctrl=True)
    assert app.session.selected_layer is not None
    assert app.session.selected_layer.name == "sunrise badge copy"


def test_ctrl_s_saves_a_valid_file(app: DesignApp, pilot: DesignPilot) -> None:
    pilot.drag(app.to_screen(6.0, 6.5), app.to_screen(6.5, 6.5))
    pilot.press(pygame.K_s, ctrl=True)
    path = app.session.path
    assert path is not None and not app.session.dirty
    checked = check_file(path)
    assert checked.ok, checked.problems
    assert load(path) == app.session.doc


def test_an_untitled_design_asks_where_to_save(tmp_path: Path) -> None:
    editor = DesignApp(DesignSession(new_design()))
    pilot = DesignPilot(editor)
    try:
        pilot.frames(2)
        pilot.press(pygame.K_s, ctrl=True)
        assert editor.file_dialog is not None and editor.dialog_open
        level = tmp_path / "level.cocreate"
        level.write_bytes(b"a level")
        editor.file_dialog.kill()  # type: ignore[no-untyped-call]
        assert not editor.save_path(level)  # another file: asks first
        assert editor.confirm is not None and editor.confirming == "replace"
        assert level.read_bytes() == b"a level" and editor.session.path is None
        editor.confirm.kill()  # type: ignore[no-untyped-call]
        assert editor.save_path(tmp_path / "fresh")
        assert editor.session.path == tmp_path / "fresh.cocreate"
        assert check_file(tmp_path / "fresh.cocreate").ok
    finally:
        pygame.quit()


def test_problems_list_shows_preflight_findings(app: DesignApp, pilot: DesignPilot) -> None:
    assert any("the print file is 150 dpi" in p for p in app.side.problems)
    assert app.side.problems_heading.text == f"Problems ({len(app.side.problems)})"
    pilot.click(*app.to_screen(6.0, 6.5))
    pilot.drag(app.to_screen(6.0, 6.5), app.to_screen(6.0, 3.0))  # over the top edge
    assert any("past the top edge" in p for p in app.side.problems)


def test_garment_colour_and_art_are_cached(app: DesignApp, pilot: DesignPilot) -> None:
    renders = app.canvas.renders
    pilot.frames(3)
    assert app.canvas.renders == renders  # nothing changed: nothing rendered again
    pilot.drag((300, 300), (320, 300), button=3)  # panning reuses the art
    assert app.canvas.renders == renders
    app.session.color = "sky blue"
    pilot.frames(1)
    assert app.toolbar.color_menu is not None
    assert app.toolbar.color_menu.selected_option[0] == "sky blue"
    assert app.canvas.renders == renders  # another colour: the same art
