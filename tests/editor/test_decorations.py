"""Decorations in the level editor: drawn where they are, behind or in front; picked, moved,
rubber-banded, deleted (with their image), duplicated, copied and pasted, changed in the
inspector, and placed with the Image tool."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pygame
import pygame_gui
import pytest
from PIL import Image
from pygame_gui.elements import UIDropDownMenu

from editor.app import EditorApp
from editor.canvas import SELECTED
from editor.panels import ADD_IMAGE
from editor.picking import bounds, decoration_ids, pick, pick_rect, split_ids
from editor.pilot import Pilot
from editor.problem_words import target_of
from editor.session import EditorSession
from editor.tools import NO_IMAGE, ImageTool
from engine.document import LevelDocument
from engine.edit.level import ChangeDecoration
from engine.level.model import Decoration
from engine.starter import new_level
from engine.validation import validate
from tests.editor.conftest import running
from tests.editor.test_inspector import choose, type_into
from tests.factories import asset


@pytest.fixture
def app() -> Iterator[EditorApp]:
    yield from running(EditorSession(_doc()))


def test_back_decorations_sit_behind_the_terrain_and_front_ones_over_it(
    app: EditorApp, pilot: Pilot
) -> None:
    pilot.frames(1)
    pink = (240, 20, 200)
    sx, sy = app.to_screen(400.0, 930.0)  # above the ground: the decoration shows
    assert tuple(app.surface.get_at((round(sx), round(sy))))[:3] == pink
    sx, sy = app.to_screen(400.0, 1040.0)  # on the ground: the terrain covers it
    assert tuple(app.surface.get_at((round(sx), round(sy))))[:3] != pink
    sx, sy = app.to_screen(1200.0, 1040.0)  # a front decoration covers the ground
    assert tuple(app.surface.get_at((round(sx), round(sy))))[:3] == pink


# -- picking, pure -------------------------------------------------------------------------------


def _doc() -> LevelDocument:
    """The starter level (ground 1 spanning y 960 to 1080, spawn 2, goal 3) with a back
    decoration 4 at (400, 1000) and a front one 5 at (1200, 1000), both 200 × 200."""
    key, image = asset("image/png", "pink.png", _png(8, 8))
    doc = new_level("Decorated")
    behind = Decoration(id=4, image=key, x=400.0, y=1000.0, width=200.0, height=200.0)
    before = Decoration(id=5, image=key, x=1200.0, y=1000.0, width=200.0, height=200.0, front=True)
    level = msgspec.structs.replace(doc.level, decorations=[behind, before], next_id=6)
    return msgspec.structs.replace(doc, level=level, assets={key: image})


def _png(width: int, height: int, color: tuple[int, int, int] = (240, 20, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, format="PNG")
    return out.getvalue()


def test_front_decorations_are_picked_over_shapes_and_back_ones_under_them() -> None:
    doc = _doc()
    assert validate(doc) == []
    assert pick(doc, 1200.0, 1000.0) == 5  # the front one covers the ground
    assert pick(doc, 400.0, 1000.0) == 1  # the ground covers the back one
    assert pick(doc, 400.0, 930.0) == 4  # above the ground: the back one
    assert pick(doc, 400.0, 880.0) is None  # above it (its top is y 900)
    assert pick(doc, 400.0, 898.0) == 4  # within the tolerance


def test_a_turned_decoration_is_hit_in_its_turned_rectangle() -> None:
    doc = _doc()
    turned = ChangeDecoration(4, width=400.0, height=20.0, rotation=90.0).apply(doc)
    assert pick(turned, 400.0, 820.0, tolerance=0.0) == 4  # now 20 wide, 400 tall
    assert pick(turned, 500.0, 930.0, tolerance=0.0) is None  # where it was, no longer
    box = bounds(turned, 4)
    assert box is not None
    assert [round(v, 6) for v in box] == [390.0, 800.0, 410.0, 1200.0]
    diamond = ChangeDecoration(4, rotation=45.0).apply(doc)
    assert pick(diamond, 400.0, 1000.0 - 135.0, tolerance=0.0) == 4  # a corner turned there
    assert pick(diamond, 490.0, 910.0, tolerance=0.0) is None  # the old corner is outside


def test_rubber_band_and_selection_helpers_take_decorations() -> None:
    doc = _doc()
    assert pick_rect(doc, 290.0, 890.0, 510.0, 1110.0) == {4}
    assert pick_rect(doc, 290.0, 890.0, 499.0, 1110.0) == set()  # not wholly inside
    diamond = ChangeDecoration(4, rotation=45.0).apply(doc)
    assert pick_rect(diamond, 290.0, 890.0, 510.0, 1110.0) == set()  # its corners stick out
    assert pick_rect(diamond, 255.0, 855.0, 545.0, 1145.0) == {4}
    assert split_ids(doc, [5, 1, 4, 2]) == ((1,), (2,))
    assert decoration_ids(doc, [5, 1, 4, 2, 99]) == (4, 5)
    assert bounds(doc, 5) == (1100.0, 900.0, 1300.0, 1100.0)


# -- the session ---------------------------------------------------------------------------------


def test_session_selects_nudges_duplicates_and_deletes_decorations() -> None:
    s = EditorSession(_doc())
    s.select_all()
    assert s.selection == {1, 2, 3, 4, 5}
    s.select([4])
    assert s.nudge(1, 0) and s.nudge(0, -1, big=True)
    deco = s.doc.level.decorations[0]
    assert (deco.x, deco.y) == (408.0, 920.0)
    assert s.undo() and s.doc.level.decorations[0].x == 400.0  # the nudges: one step
    assert s.duplicate()
    assert s.selection == {6}
    copy = s.doc.level.decorations[-1]
    assert (copy.id, copy.x, copy.y, copy.image) == (6, 408.0, 1008.0, deco.image)
    assert validate(s.doc) == []
    assert s.undo() and s.selection == frozenset()  # the copy is gone, so is its selection


def test_copy_paste_carries_the_image_into_a_level_without_it() -> None:
    s = EditorSession(_doc())
    s.select([5, 2])
    assert s.copy()
    assert s.status == "Copied 2 things"
    other = EditorSession.new_level()
    other.clipboard = s.clipboard
    assert other.doc.assets == {}
    assert other.paste()
    assert other.status == "Pasted 2 things"
    pasted = other.doc.level.decorations
    assert [(d.id, d.x, d.y, d.front) for d in pasted] == [(5, 1208.0, 1008.0, True)]
    assert set(other.doc.assets) == {pasted[0].image}  # embedded with the paste
    assert other.selection == {4, 5}
    assert validate(other.doc) == []
    assert other.undo()
    assert other.doc.level.decorations == [] and other.doc.assets == {}  # one undo step
    assert not other.dirty
    # Into the level it came from: the image is there already, nothing more is embedded.
    assert s.paste()
    assert len(s.doc.assets) == 1 and len(s.doc.level.decorations) == 3
    assert validate(s.doc) == []


# -- in the window -------------------------------------------------------------------------------


def _option(menu: UIDropDownMenu) -> str:
    chosen = menu.selected_option
    return str(chosen[0] if isinstance(chosen, tuple) else chosen)


def click_world(app: EditorApp, pilot: Pilot, x: float, y: float, shift: bool = False) -> None:
    pilot.click(*app.to_screen(x, y), shift=shift)


def test_click_selects_a_decoration_and_draws_its_box(app: EditorApp, pilot: Pilot) -> None:
    click_world(app, pilot, 400.0, 930.0)
    assert app.session.selection == {4}
    assert app.inspector.heading.text == "Decoration 4"
    sx, sy = app.to_screen(300.0, 930.0)  # its left edge: the selection's outline
    assert tuple(app.surface.get_at((round(sx), round(sy))))[:3] == SELECTED
    click_world(app, pilot, 1200.0, 1000.0)  # front, over the ground
    assert app.session.selection == {5}
    click_world(app, pilot, 400.0, 1000.0)  # the ground, over the back decoration
    assert app.session.selection == {1}


def test_dragging_a_decoration_moves_it_in_one_undo_step(app: EditorApp, pilot: Pilot) -> None:
    before = app.session.doc
    pilot.drag(app.to_screen(400.0, 930.0), app.to_screen(480.0, 890.0))
    deco = app.session.doc.level.decorations[0]
    assert (deco.id, deco.x, deco.y) == (4, 480.0, 960.0)
    assert app.session.selection == {4}
    assert validate(app.session.doc) == []
    pilot.press(pygame.K_z, ctrl=True)
    assert app.session.doc is before


def test_rubber_band_selects_decorations_inside(app: EditorApp, pilot: Pilot) -> None:
    start, end = app.to_screen(260.0, 700.0), app.to_screen(540.0, 1140.0)
    assert app.canvas_rect.collidepoint(start) and app.canvas_rect.collidepoint(end)
    pilot.drag(start, end)  # from empty space around decoration 4, not the ground
    assert app.session.selection == {4}
    pilot.drag(app.to_screen(1080.0, 700.0), app.to_screen(1320.0, 1140.0), shift=True)
    assert app.session.selection == {4, 5}


def test_delete_removes_decorations_and_their_image(app: EditorApp, pilot: Pilot) -> None:
    key = app.session.doc.level.decorations[0].image
    click_world(app, pilot, 400.0, 930.0)
    pilot.press(pygame.K_DELETE)
    assert [d.id for d in app.session.doc.level.decorations] == [5]
    assert set(app.session.doc.assets) == {key}  # decoration 5 still shows it
    assert validate(app.session.doc) == []
    click_world(app, pilot, 1200.0, 1000.0)
    pilot.press(pygame.K_DELETE)
    assert app.session.doc.level.decorations == []
    assert app.session.doc.assets == {}  # no decoration shows it any more
    assert app.session.selection == frozenset()
    assert validate(app.session.doc) == []
    pilot.press(pygame.K_z, ctrl=True)
    assert [d.id for d in app.session.doc.level.decorations] == [5]
    assert set(app.session.doc.assets) == {key}


def test_ctrl_d_and_copy_paste_take_decorations(app: EditorApp, pilot: Pilot) -> None:
    click_world(app, pilot, 400.0, 930.0)
    pilot.press(pygame.K_d, ctrl=True)
    assert [d.id for d in app.session.doc.level.decorations] == [4, 5, 6]
    assert app.session.selection == {6}
    pilot.press(pygame.K_c, ctrl=True)
    pilot.press(pygame.K_v, ctrl=True)
    decos = app.session.doc.level.decorations
    assert [(d.id, d.x, d.y) for d in decos[2:]] == [(6, 408.0, 1008.0), (7, 416.0, 1016.0)]
    assert app.session.selection == {7}
    assert validate(app.session.doc) == []


def test_inspector_changes_a_decoration_and_refuses_bad_values(
    app: EditorApp, pilot: Pilot
) -> None:
    click_world(app, pilot, 400.0, 930.0)
    inspector = app.inspector
    assert {k: e.get_text() for k, e in inspector.entries.items()} == {
        "x": "400",
        "y": "1000",
        "width": "200",
        "height": "200",
        "rotation": "0",
        "opacity": "1",
        "parallax": "1",
    }
    assert {k: _option(m) for k, m in inspector.menus.items()} == {
        "flip_x": "no",
        "flip_y": "no",
        "front": "no",
    }
    assert inspector.values["image"].text == "pink.png"
    type_into(pilot, inspector.entries["rotation"], "30")
    assert app.session.doc.level.decorations[0].rotation == 30.0
    assert validate(app.session.doc) == []
    type_into(pilot, inspector.entries["opacity"], "2")
    assert app.session.doc.level.decorations[0].opacity == 1.0
    assert "opacity" in app.session.status
    pilot.frames(1)
    assert inspector.entries["opacity"].get_text() == "1"
    choose(pilot, inspector.menus["front"], "yes")
    assert app.session.doc.level.decorations[0].front
    assert app.session.selection == {4}
    pilot.press(pygame.K_z, ctrl=True)
    assert not app.session.doc.level.decorations[0].front


def test_image_tool_places_the_chosen_image_at_its_size(app: EditorApp, pilot: Pilot) -> None:
    pilot.press(pygame.K_i)
    assert app.tool_name == "image"
    assert app.toolbar.image_choice == "pink.png"
    assert app.toolbar.images == ("pink.png", ADD_IMAGE)
    click_world(app, pilot, 801.0, 499.0)
    new = app.session.doc.level.decorations[-1]
    assert (new.id, new.x, new.y, new.width, new.height, new.front) == (
        6,
        800.0,
        496.0,
        8.0,
        8.0,
        False,
    )
    assert app.session.selection == {6}
    click_world(app, pilot, 900.0, 500.0, shift=True)
    front = app.session.doc.level.decorations[-1]
    assert (front.id, front.front) == (7, True)
    assert validate(app.session.doc) == []
    pilot.press(pygame.K_z, ctrl=True)
    assert [d.id for d in app.session.doc.level.decorations] == [4, 5, 6]


def test_image_tool_adds_a_file_chosen_in_the_dialog(
    app: EditorApp, pilot: Pilot, tmp_path: Path
) -> None:
    big = tmp_path / "wide.png"
    big.write_bytes(_png(3000, 1500, (10, 200, 30)))
    pilot.press(pygame.K_i)
    assert app.toolbar.image_menu is not None
    choose(pilot, app.toolbar.image_menu, ADD_IMAGE)
    assert app.file_dialog is not None and app.file_mode == "image"
    assert app.toolbar.image_choice == "pink.png"  # the drop-down shows the tool's image again
    dialog = app.file_dialog
    pygame.event.post(
        pygame.event.Event(pygame_gui.UI_FILE_DIALOG_PATH_PICKED, text=str(big), ui_element=dialog)
    )
    pilot.frames(2)
    dialog.kill()  # type: ignore[no-untyped-call]  # OK would close it
    pilot.frames(1)
    assert app.toolbar.image_choice == "wide.png (new)"
    assert len(app.session.doc.assets) == 1  # embedded only when placed
    click_world(app, pilot, 960.0, 540.0)
    new = app.session.doc.level.decorations[-1]
    assert (new.width, new.height) == (2048.0, 1024.0)  # capped on the longer side
    assert new.image in app.session.doc.assets
    assert app.session.doc.assets[new.image].name == "wide.png"
    assert app.session.selection == {new.id}
    assert validate(app.session.doc) == []
    pilot.frames(1)
    assert app.toolbar.image_choice == "wide.png"
    assert app.toolbar.images == ("pink.png", "wide.png", ADD_IMAGE)
    menu = app.toolbar.image_menu
    choose(pilot, menu, "pink.png")
    assert app.toolbar.image_menu is menu  # chosen in place, not rebuilt
    assert app.image_tool.image == app.session.doc.level.decorations[0].image
    pilot.press(pygame.K_z, ctrl=True)
    assert len(app.session.doc.assets) == 1  # the undo takes the image away too
    pilot.frames(1)
    assert list(app.toolbar.images) == ["pink.png", ADD_IMAGE]
    bad = tmp_path / "notes.png"
    bad.write_text("not an image")
    assert not app.add_image_path(bad)
    assert app.session.status == "Not added: 'notes.png' is not a PNG or JPEG image"


def test_image_tool_without_images_says_how_to_add_one() -> None:
    s = EditorSession.new_level()
    tool = ImageTool()
    tool.press(s, 100.0, 100.0)
    assert s.status == NO_IMAGE
    assert s.doc.level.decorations == []


def test_a_problem_naming_a_decoration_selects_it() -> None:
    doc = _doc()
    assert target_of(doc, "$.level.decorations[1].opacity") == 5
    assert target_of(doc, "$.level.decorations[7]") is None
