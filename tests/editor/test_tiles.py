"""Tile layers in the editor, through the real loop on a copy of tile-garden: the Tiles tool
(T) paints the cell under the pointer with the drop-downs' layer and tile, a drag is one undo
step, tile 0 erases, Shift+drag fills a rectangle; the canvas draws the layers' tiles; a level
without tile layers says so in the status bar. From a new level, "New tile layer…" makes a layer
from a tileset image file; the inspector re-cuts it, moves and deletes layers."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pygame
import pygame_gui
import pytest
from PIL import Image

from editor.app import EditorApp
from editor.inspector import options_of
from editor.panels import ERASE, NEW_LAYER, NO_LAYER
from editor.pilot import Pilot
from editor.session import EditorSession
from editor.tools import NO_TILE_LAYERS, TileTool
from engine.packed import tiles_array
from engine.starter import new_level
from engine.validation import validate
from tests.editor.conftest import running
from tests.editor.test_inspector import choose, type_into

LEVELS = Path(__file__).parents[2] / "levels"
GARDEN = LEVELS / "tile-garden.cocreate"
TILE = 32  # tile-garden's tiles are 32 × 32 world px, its layers at (0, 0)


@pytest.fixture
def app(tmp_path: Path) -> Iterator[EditorApp]:
    copy = tmp_path / "tile-garden.cocreate"
    shutil.copyfile(GARDEN, copy)
    yield from running(EditorSession.open(copy))


def grid(app: EditorApp, index: int = 0) -> npt.NDArray[np.uint32]:
    layer = app.session.doc.level.tile_layers[index]
    return tiles_array(layer.data).reshape(layer.rows, layer.columns)


def cell_centre(app: EditorApp, col: int, row: int) -> tuple[float, float]:
    return app.to_screen((col + 0.5) * TILE, (row + 0.5) * TILE)


def tiles_tool(app: EditorApp, pilot: Pilot, tile: str) -> TileTool:
    pilot.press(pygame.K_t)
    assert app.tool_name == "tiles"
    assert app.toolbar.layers == ("terrain", "decor")
    assert app.toolbar.tile_count == 8  # the 128 × 64 sheet of 32 px tiles
    menu = app.toolbar.tile_menu
    assert menu is not None and menu.visible
    choose(pilot, menu, tile)
    assert isinstance(app.tool, TileTool)
    return app.tool


def test_a_click_paints_the_cell_under_the_pointer(app: EditorApp, pilot: Pilot) -> None:
    tool = tiles_tool(app, pilot, "5")
    assert (tool.layer, tool.tile) == (0, 5)
    before = grid(app).copy()
    assert before[5, 10] == 0  # sky
    pilot.click(*cell_centre(app, 10, 5))
    after = grid(app)
    assert after[5, 10] == 5
    changed = np.argwhere(after != before)
    assert changed.tolist() == [[5, 10]]
    assert app.session.dirty
    pilot.press(pygame.K_z, ctrl=True)
    assert np.array_equal(grid(app), before)


def test_a_drag_paints_a_stroke_as_one_undo_step(app: EditorApp, pilot: Pilot) -> None:
    tiles_tool(app, pilot, "2")
    before = grid(app).copy()
    steps = len(app.session.history._done)
    pilot.drag(cell_centre(app, 8, 4), cell_centre(app, 20, 4), steps=4)
    after = grid(app)
    assert after[4, 8:21].tolist() == [2] * 13  # no gaps between the pointer's steps
    assert np.argwhere(after != before).tolist() == [[4, c] for c in range(8, 21)]
    assert len(app.session.history._done) == steps + 1
    pilot.press(pygame.K_z, ctrl=True)
    assert np.array_equal(grid(app), before)
    pilot.press(pygame.K_y, ctrl=True)
    assert np.array_equal(grid(app), after)


def test_tile_zero_erases(app: EditorApp, pilot: Pilot) -> None:
    rows, cols = np.nonzero(grid(app) == 2)
    row, col = int(rows[0]), int(cols[0])
    tiles_tool(app, pilot, ERASE)
    pilot.click(*cell_centre(app, col, row))
    assert grid(app)[row, col] == 0
    assert "Erased" in app.session.status


def test_another_layer_from_the_drop_down(app: EditorApp, pilot: Pilot) -> None:
    tiles_tool(app, pilot, "7")
    menu = app.toolbar.layer_menu
    assert menu is not None
    choose(pilot, menu, "decor")
    assert isinstance(app.tool, TileTool) and (app.tool.layer, app.tool.tile) == (1, 7)
    terrain = grid(app).copy()
    pilot.click(*cell_centre(app, 30, 3))
    assert grid(app, 1)[3, 30] == 7
    assert np.array_equal(grid(app), terrain)


def test_shift_drag_fills_a_rectangle(app: EditorApp, pilot: Pilot) -> None:
    tiles_tool(app, pilot, "3")
    before = grid(app).copy()
    steps = len(app.session.history._done)
    pilot.drag(cell_centre(app, 12, 2), cell_centre(app, 15, 4), shift=True)
    after = grid(app)
    assert (after[2:5, 12:16] == 3).all()
    mask = np.zeros_like(before, dtype=bool)
    mask[2:5, 12:16] = True
    assert np.array_equal(after[~mask], before[~mask])
    assert len(app.session.history._done) == steps + 1


def test_the_canvas_draws_the_tiles(app: EditorApp, pilot: Pilot) -> None:
    """A painted sky cell shows the tile's pixels where the cell is on screen."""
    tiles_tool(app, pilot, "5")
    sx, sy = cell_centre(app, 10, 5)
    sky = app.surface.get_at((round(sx), round(sy)))
    pilot.click(sx, sy)
    pilot.move(sx, sy - 200)  # the hover highlight away from the cell
    app.draw()
    assert app.surface.get_at((round(sx), round(sy))) != sky


def test_a_level_without_tile_layers_says_so(tmp_path: Path) -> None:
    copy = tmp_path / "first-steps.cocreate"
    shutil.copyfile(LEVELS / "first-steps.cocreate", copy)
    editor = EditorApp(EditorSession.open(copy))
    pilot = Pilot(editor)
    try:
        pilot.frames(2)
        pilot.press(pygame.K_t)
        assert editor.tool_name == "tiles"
        assert editor.session.status == NO_TILE_LAYERS
        assert editor.toolbar.status.text == NO_TILE_LAYERS
        editor.session.status = ""
        before = editor.session.doc
        pilot.click(*editor.to_screen(100, 100))
        assert editor.session.doc is before
        assert editor.session.status == NO_TILE_LAYERS
    finally:
        pygame.quit()


def test_the_tiles_tool_shows_its_layer_in_the_inspector_and_edits_it(
    app: EditorApp, pilot: Pilot
) -> None:
    from tests.editor.test_inspector import type_into

    pilot.press(pygame.K_t)
    pilot.frames(1)
    assert app.inspector.heading.text == "Tile layer 1 of 2 (back)"
    assert app.inspector.entries["tile_name"].get_text() == "terrain"
    before = app.session.doc
    type_into(pilot, app.inspector.entries["tile_opacity"], "0.5")
    assert app.session.doc.level.tile_layers[0].opacity == 0.5
    type_into(pilot, app.inspector.entries["tile_opacity"], "3")  # refused, the field reverts
    assert "opacity" in app.session.status
    assert app.inspector.entries["tile_opacity"].get_text() == "0.5"
    choose(pilot, app.inspector.menus["tile_visible"], "no")
    layer = app.session.doc.level.tile_layers[0]
    assert (layer.opacity, layer.visible, layer.solid) == (0.5, False, True)  # still collides
    pilot.frames(2)  # an invisible solid layer is drawn as a collision mask, without errors
    choose(pilot, app.toolbar.layer_menu, "decor")  # type: ignore[arg-type]
    pilot.frames(1)
    assert app.inspector.heading.text == "Tile layer 2 of 2 (front)"
    assert app.inspector.entries["tile_name"].get_text() == "decor"
    assert app.session.undo() and app.session.undo()
    assert app.session.doc is before
    pilot.press(pygame.K_v)  # another tool: the level's fields again
    pilot.frames(1)
    assert app.inspector.heading.text == "Level"


def test_the_tilesets_margin_and_spacing_are_edited_in_the_inspector(
    app: EditorApp, pilot: Pilot
) -> None:
    from tests.editor.test_inspector import type_into

    pilot.press(pygame.K_t)
    pilot.frames(1)
    before = app.session.doc
    assert app.toolbar.tile_count == 8  # the 128 × 64 sheet, 32 px tiles, no margin
    type_into(pilot, app.inspector.entries["tile_tileset_margin"], "1")  # 3 × 1 tiles left
    pilot.frames(1)
    assert app.session.doc is before  # refused: the layer paints tiles up to 8
    assert app.session.status == "Not changed: data: tile 5 does not exist; the tileset has 3"
    assert app.inspector.entries["tile_tileset_margin"].get_text() == "0"
    assert app.toolbar.tile_count == 8
    type_into(pilot, app.inspector.entries["tile_tileset_spacing"], "-1")  # refused
    assert "must be 0 or more" in app.session.status
    assert app.inspector.entries["tile_tileset_spacing"].get_text() == "0"
    assert app.session.doc is before
    # every field and the layer's buttons fit above the problems list
    buttons = [app.inspector.delete_layer, app.inspector.layer_up, app.inspector.layer_down]
    assert all(b is not None and b.rect.bottom <= app.problems.rect.top for b in buttons)


# -- making tile layers ----------------------------------------------------------------------------


def _sheet(path: Path) -> Path:
    """A 64 × 32 tileset image: a red tile and a blue one of 32 px."""
    img = Image.new("RGB", (64, 32), (200, 30, 30))
    img.paste((30, 30, 200), (32, 0, 64, 32))
    out = io.BytesIO()
    img.save(out, format="PNG")
    path.write_bytes(out.getvalue())
    return path


def _pick_tileset(app: EditorApp, pilot: Pilot, path: Path) -> None:
    """Choose "New tile layer…" and pick ``path`` in the file dialog."""
    assert app.toolbar.layer_menu is not None
    choose(pilot, app.toolbar.layer_menu, NEW_LAYER)
    dialog = app.file_dialog
    assert dialog is not None and app.file_mode == "tileset"
    assert app.toolbar.layer_choice != NEW_LAYER  # it shows the layer chosen before
    pygame.event.post(
        pygame.event.Event(pygame_gui.UI_FILE_DIALOG_PATH_PICKED, text=str(path), ui_element=dialog)
    )
    pilot.frames(2)
    dialog.kill()  # type: ignore[no-untyped-call]  # OK would close it
    pilot.frames(1)


def _let_go(pilot: Pilot, app: EditorApp) -> None:
    """Take the keyboard from the inspector's fields (as clicking elsewhere would)."""
    for entry in app.inspector.entries.values():
        entry.unfocus()  # type: ignore[no-untyped-call]
    pilot.frames(1)
    assert not app.inspector.typing


def _button(pilot: Pilot, button: object) -> None:
    assert button is not None
    pilot.click(*button.rect.center)  # type: ignore[attr-defined]
    pilot.frames(1)


def test_a_new_level_gets_a_tile_layer_painted_undone_and_deleted(tmp_path: Path) -> None:
    sheet = _sheet(tmp_path / "sheet.png")
    editor = EditorApp(EditorSession(new_level("Tiles")))
    pilot = Pilot(editor)
    try:
        pilot.frames(2)
        pilot.press(pygame.K_t)
        assert editor.session.status == NO_TILE_LAYERS
        menu = editor.toolbar.layer_menu
        assert menu is not None and options_of(menu) == (NO_LAYER, NEW_LAYER)
        _pick_tileset(editor, pilot, sheet)
        doc = editor.session.doc
        (layer,) = doc.level.tile_layers
        ts = layer.tileset
        assert (layer.name, layer.columns, layer.rows) == ("tiles 1", 60, 34)  # 1920 × 1080
        assert (ts.tile_width, ts.tile_height, ts.columns) == (32, 32, 2)
        assert doc.assets[ts.image].name == "sheet.png"
        assert validate(doc) == []
        assert editor.toolbar.layer_choice == "tiles 1"
        assert editor.toolbar.tile_count == 2  # the drop-down lists its tiles
        assert editor.session.status.startswith("Added tile layer 'tiles 1'")
        assert editor.inspector.heading.text == "Tile layer 1 of 1"
        assert editor.inspector.entries["tile_tile_width"].get_text() == "32"

        # re-cut while empty: 16 px tiles, 4 to a row of the image, the grid over the same area
        type_into(pilot, editor.inspector.entries["tile_tile_width"], "16")
        layer = editor.session.doc.level.tile_layers[0]
        assert (layer.tileset.tile_width, layer.tileset.columns, layer.columns) == (16, 4, 120)
        pilot.frames(1)
        assert editor.toolbar.tile_count == 4 and validate(editor.session.doc) == []
        _let_go(pilot, editor)
        pilot.press(pygame.K_z, ctrl=True)
        assert editor.session.doc is doc
        pilot.frames(1)
        assert editor.toolbar.tile_count == 2

        # paint, undo, redo
        assert editor.toolbar.tile_menu is not None
        choose(pilot, editor.toolbar.tile_menu, "2")
        before = editor.session.doc
        pilot.click(*cell_centre(editor, 3, 4))
        assert grid(editor)[4, 3] == 2 and int(grid(editor).sum()) == 2
        assert validate(editor.session.doc) == []
        pilot.press(pygame.K_z, ctrl=True)
        assert editor.session.doc is before
        pilot.press(pygame.K_y, ctrl=True)
        assert grid(editor)[4, 3] == 2 and validate(editor.session.doc) == []
        type_into(pilot, editor.inspector.entries["tile_tile_height"], "8")  # painted: refused
        assert "painted cells" in editor.session.status
        assert editor.session.doc.level.tile_layers[0].tileset.tile_height == 32
        _let_go(pilot, editor)

        # a second layer from the same image, moved behind the first, then both deleted
        _pick_tileset(editor, pilot, sheet)
        assert [t.name for t in editor.session.doc.level.tile_layers] == ["tiles 1", "tiles 2"]
        assert editor.toolbar.layer_choice == "tiles 2"
        assert len(editor.session.doc.assets) == 1  # the same image once
        assert editor.inspector.layer_up is not None and not editor.inspector.layer_up.is_enabled
        _button(pilot, editor.inspector.layer_down)
        assert [t.name for t in editor.session.doc.level.tile_layers] == ["tiles 2", "tiles 1"]
        assert editor.toolbar.layer_choice == "tiles 2"  # the moved layer stays chosen
        assert editor.inspector.heading.text == "Tile layer 1 of 2 (back)"
        assert validate(editor.session.doc) == []
        _button(pilot, editor.inspector.delete_layer)
        assert [t.name for t in editor.session.doc.level.tile_layers] == ["tiles 1"]
        assert len(editor.session.doc.assets) == 1 and validate(editor.session.doc) == []
        assert editor.toolbar.layer_choice == "tiles 1"
        _button(pilot, editor.inspector.delete_layer)
        assert editor.session.doc.level.tile_layers == []
        assert editor.session.doc.assets == {}  # the image went with the last layer
        assert validate(editor.session.doc) == []
        pilot.frames(1)
        assert editor.toolbar.layers == () and editor.inspector.heading.text == "Level"
        pilot.press(pygame.K_z, ctrl=True)
        assert [t.name for t in editor.session.doc.level.tile_layers] == ["tiles 1"]
        assert len(editor.session.doc.assets) == 1 and validate(editor.session.doc) == []
    finally:
        pygame.quit()


def test_a_file_that_is_no_image_makes_no_layer(tmp_path: Path) -> None:
    notes = tmp_path / "notes.png"
    notes.write_text("not an image")
    editor = EditorApp(EditorSession(new_level("Tiles")))
    try:
        Pilot(editor).frames(2)
        assert not editor.add_tile_layer_path(notes)
        assert editor.session.status == "Not added: 'notes.png' is not a PNG or JPEG image"
        assert editor.session.doc.level.tile_layers == []
        assert not editor.add_tile_layer_path(tmp_path / "missing.png")
        assert editor.session.status.startswith("Not added: missing.png:")
    finally:
        pygame.quit()
