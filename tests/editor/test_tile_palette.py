"""The Tiles tool's palette, through the real loop: it shows the chosen layer's tileset while the
Tiles tool is active; a click on a tile chooses it (the drop-down follows, and so does the tile
painted); Erase chooses 0; the drop-down's choice is outlined in it; its close button hides it
until "Palette"; another tool or a play test hides it. A large tileset keeps its tiles at their
own size and scrolls, and a click on a scroll bar chooses nothing. The layout arithmetic is
tested alone."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pygame
import pytest
from PIL import Image

from editor.app import EditorApp
from editor.pilot import Pilot
from editor.session import EditorSession
from editor.tile_palette import CELL_MOST, GAP, cell_size, columns_of, layout, tile_at
from editor.tools import TileTool
from engine.level.model import Tileset
from engine.render.tiles import slice_tileset
from tests.editor.conftest import running
from tests.editor.test_inspector import choose
from tests.editor.test_tiles import GARDEN, cell_centre, grid


@pytest.fixture
def app(tmp_path: Path) -> Iterator[EditorApp]:
    copy = tmp_path / "tile-garden.cocreate"
    shutil.copyfile(GARDEN, copy)
    yield from running(EditorSession.open(copy))


def centre_of(app: EditorApp, k: int) -> tuple[int, int]:
    """Where tile ``k`` is on screen in the palette."""
    palette = app.toolbar.palette
    assert palette._image is not None
    rect = palette._rects[k - 1].move(palette._image.rect.topleft)
    return rect.center


def test_the_tiles_tool_shows_the_palette_and_a_click_chooses_the_tile_painted(
    app: EditorApp, pilot: Pilot
) -> None:
    palette = app.toolbar.palette
    assert not palette.shown  # the Select tool
    pilot.press(pygame.K_t)
    pilot.frames(1)
    assert palette.shown and app.toolbar.palette_button.visible
    assert palette.window is not None and "terrain" in palette.window.window_display_title
    assert len(palette._rects) == 8 and app.toolbar.tile == 1
    pilot.click(*centre_of(app, 6))
    pilot.frames(1)
    menu = app.toolbar.tile_menu
    assert menu is not None and menu.selected_option[0] == "6"
    assert app.toolbar.tile == 6 and app.tool.tile == 6
    assert palette._chosen == 6
    assert not app.session.dirty  # choosing a tile is no edit
    before = grid(app)[5, 10]
    pilot.click(*cell_centre(app, 10, 5))
    assert before == 0 and grid(app)[5, 10] == 6
    # between two tiles: nothing is chosen
    first = palette._rects[0].move(palette._image.rect.topleft)
    pilot.click(first.right + GAP // 2, first.centery)
    assert app.toolbar.tile == 6


def test_erase_and_the_drop_down_agree_with_the_palette(app: EditorApp, pilot: Pilot) -> None:
    pilot.press(pygame.K_t)
    pilot.frames(1)
    palette = app.toolbar.palette
    erase = palette._erase
    assert erase is not None
    pilot.click(*erase.rect.center)
    pilot.frames(1)
    assert app.toolbar.tile == 0 and palette._chosen == 0
    pilot.click(*cell_centre(app, 1, 33))  # the ground's top row
    assert grid(app)[33, 1] == 0
    menu = app.toolbar.tile_menu
    assert menu is not None
    choose(pilot, menu, "4")
    pilot.frames(1)
    assert app.toolbar.tile == 4 and palette._chosen == 4


def test_brackets_step_through_the_tiles_round_to_erase(app: EditorApp, pilot: Pilot) -> None:
    pilot.press(pygame.K_RIGHTBRACKET)  # not the Tiles tool: nothing
    assert app.toolbar.tile == 1
    pilot.press(pygame.K_t)
    pilot.frames(1)
    pilot.press(pygame.K_RIGHTBRACKET)
    pilot.frames(1)
    assert app.toolbar.tile == 2 and app.toolbar.palette._chosen == 2
    pilot.press(pygame.K_LEFTBRACKET)
    pilot.press(pygame.K_LEFTBRACKET)
    assert app.toolbar.tile == 0  # Erase
    pilot.press(pygame.K_LEFTBRACKET)
    pilot.frames(1)
    assert app.toolbar.tile == 8 and isinstance(app.tool, TileTool) and app.tool.tile == 8
    pilot.press(pygame.K_RIGHTBRACKET)
    assert app.toolbar.tile == 0
    assert not app.session.dirty


def test_closed_it_stays_closed_until_palette_and_other_tools_or_play_hide_it(
    app: EditorApp, pilot: Pilot
) -> None:
    pilot.press(pygame.K_t)
    pilot.frames(1)
    palette = app.toolbar.palette
    window = palette.window
    assert window is not None and window.close_window_button is not None
    pilot.click(*window.close_window_button.rect.center)
    pilot.frames(2)
    assert not palette.shown and palette.closed
    pilot.click(*cell_centre(app, 12, 5))  # painting goes on without it
    assert grid(app)[5, 12] == 1
    pilot.click(*app.toolbar.palette_button.rect.center)
    pilot.frames(1)
    assert palette.shown
    pilot.press(pygame.K_v)  # Select
    pilot.frames(1)
    assert not palette.shown and not app.toolbar.palette_button.visible
    assert app.toolbar.kind_menu.visible  # the entity kind comes back with other tools
    pilot.press(pygame.K_t)
    pilot.frames(1)
    assert palette.shown and not app.toolbar.kind_menu.visible
    pilot.press(pygame.K_F5)  # a play test
    pilot.frames(2)
    assert app.playtest is not None and not palette.shown
    pilot.press(pygame.K_ESCAPE)
    pilot.frames(2)
    assert app.playtest is None and palette.shown


def test_a_large_tileset_keeps_its_tiles_sharp_and_scrolls(tmp_path: Path) -> None:
    sheet = Image.new("RGB", (23 * 32, 21 * 32))  # a new layer cuts 32 px tiles
    for i in range(23 * 21):
        x, y = i % 23 * 32, i // 23 * 32
        sheet.paste((i * 7 % 256, i * 13 % 256, i * 29 % 256), (x, y, x + 32, y + 32))
    png = io.BytesIO()
    sheet.save(png, "PNG")
    path = tmp_path / "sheet.png"
    path.write_bytes(png.getvalue())
    session = EditorSession.new_level()
    for editor in running(session):
        pilot = Pilot(editor)
        assert editor.add_tile_layer_path(path)
        pilot.frames(2)
        palette = editor.toolbar.palette
        assert palette.shown and len(palette._rects) == 23 * 21
        assert {r.size for r in palette._rects} == {(32, 32)}  # its own size: sharp
        image, scroll = palette._image, palette._scroll
        assert image is not None and scroll is not None
        assert image.rect.width > scroll.rect.width and image.rect.height > scroll.rect.height
        window = palette.window
        assert window is not None
        seen = window.rect.inflate(-2 * window.shadow_width, -2 * window.shadow_width)
        assert editor.canvas_rect.contains(seen)  # the window without its shadow
        # a click on the vertical scroll bar, over the image's hidden part, chooses nothing
        bar = scroll.vert_scroll_bar
        assert bar is not None
        before = editor.toolbar.tile
        pilot.click(bar.rect.centerx, bar.rect.bottom - 30)
        pilot.frames(1)
        assert editor.toolbar.tile == before
        # tile 30 is in the second row, in view: a click on it chooses it
        pilot.click(*centre_of(editor, 30))
        pilot.frames(1)
        assert editor.toolbar.tile == 30
        shot = editor.save_screenshot(tmp_path / "palette.png")
        assert shot.stat().st_size > 5_000


def test_columns_come_from_the_sheet_and_cells_from_the_room() -> None:
    sheet = pygame.Surface((5 * 10 + 4 * 2 + 2 * 3, 3 * 10 + 2 * 2 + 2 * 3))
    ts = Tileset(image="x" * 64, tile_width=10, tile_height=10, columns=5, margin=3, spacing=2)
    tiles = slice_tileset(sheet, ts)
    assert len(tiles) == 15 and columns_of(tiles) == 5
    assert columns_of([]) == 0
    assert cell_size((16, 16), 4, 268) == 48  # three times: still sharp
    assert cell_size((32, 32), 4, 268) == 32
    assert cell_size((16, 16), 23, 268) == 16  # never below its own size: the palette scrolls
    assert cell_size((64, 48), 4, 268) == CELL_MOST  # large tiles are scaled down
    rects = layout(5, 2, 16)
    assert [r.topleft for r in rects] == [(2, 2), (20, 2), (2, 20), (20, 20), (2, 38)]
    assert tile_at((3, 3), rects) == 1 and tile_at((21, 39), rects) is None
    assert tile_at((19, 5), rects) is None  # the gap
    assert tile_at(rects[3].center, rects) == 4


def test_a_level_without_tile_layers_shows_no_palette() -> None:
    for editor in running(EditorSession.new_level()):
        pilot = Pilot(editor)
        pilot.press(pygame.K_t)
        pilot.frames(2)
        assert not editor.toolbar.palette.shown and editor.toolbar.palette.window is None
