"""The editor window, driven headless through its real loop by the Pilot; asserts on the level."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from pathlib import Path

import pygame
import pytest
from PIL import Image

from editor.app import EditorApp
from editor.pilot import Pilot
from editor.session import EditorSession
from editor.tools import EntityTool, LinkTool, PolygonTool, SelectTool
from editor.window import STATUS_SECONDS
from engine.edit.level import DeleteEntity
from engine.fileio import load
from engine.level.entities import Spawn
from engine.packed import unpack_points
from engine.sim.world import Status
from engine.validation import check_file
from tests.editor.conftest import running
from tests.editor.test_inspector import choose

SQUARE = [(200.0, 200.0), (296.0, 200.0), (296.0, 296.0), (200.0, 296.0)]


@pytest.fixture
def app(tmp_path: Path) -> Iterator[EditorApp]:
    session = EditorSession.new_level(tmp_path / "new.cocreate")
    yield from running(session)


def draw_square(app: EditorApp, pilot: Pilot) -> None:
    pilot.press(pygame.K_p)
    for x, y in [*SQUARE, SQUARE[0]]:  # the last click, on the first point, closes the ring
        pilot.click(*app.to_screen(x, y))


def spawn_of(app: EditorApp) -> Spawn:
    return next(e for e in app.session.doc.level.entities if isinstance(e, Spawn))


def test_polygon_tool_clicks_add_a_square_at_the_world_points(app: EditorApp, pilot: Pilot) -> None:
    before = app.session.doc.level
    draw_square(app, pilot)
    level = app.session.doc.level
    assert len(level.shapes) == len(before.shapes) + 1
    shape = level.shapes[-1]
    assert shape.id == before.next_id
    assert unpack_points(shape.points) == SQUARE
    assert shape.material == "ground"
    assert app.session.selection == {shape.id}
    assert app.session.dirty


def test_escape_cancels_a_ring_being_drawn(app: EditorApp, pilot: Pilot) -> None:
    before = app.session.doc
    pilot.press(pygame.K_p)
    pilot.click(*app.to_screen(*SQUARE[0]))
    pilot.click(*app.to_screen(*SQUARE[1]))
    assert len(app.tool.preview().points) == 2
    pilot.press(pygame.K_ESCAPE)
    assert app.tool.preview().points == []
    assert app.session.doc is before


def test_entity_tool_places_a_spawn_and_selects_it(app: EditorApp, pilot: Pilot) -> None:
    before = app.session.doc.level
    pilot.press(pygame.K_e)
    assert isinstance(app.tool, EntityTool)
    pilot.click(*app.to_screen(400, 800))
    level = app.session.doc.level
    assert len(level.entities) == len(before.entities) + 1
    placed = level.entities[-1]
    assert isinstance(placed, Spawn)
    assert (placed.id, placed.x, placed.y) == (before.next_id, 400.0, 800.0)
    assert app.session.selection == {placed.id}


def test_ctrl_z_and_ctrl_y_undo_and_redo_the_square(app: EditorApp, pilot: Pilot) -> None:
    original = app.session.doc
    draw_square(app, pilot)
    drawn = app.session.doc
    pilot.press(pygame.K_z, ctrl=True)
    assert app.session.doc is original
    assert not app.session.dirty
    pilot.press(pygame.K_y, ctrl=True)
    assert app.session.doc is drawn
    pilot.press(pygame.K_z, ctrl=True)
    pilot.press(pygame.K_z, ctrl=True, shift=True)  # Ctrl+Shift+Z redoes too
    assert app.session.doc is drawn


def test_dragging_a_selected_entity_moves_it_as_one_undo_step(app: EditorApp, pilot: Pilot) -> None:
    original = app.session.doc
    spawn = spawn_of(app)
    pilot.press(pygame.K_v)
    pilot.click(*app.to_screen(spawn.x, spawn.y))
    assert app.session.selection == {spawn.id}
    start = app.to_screen(spawn.x, spawn.y)
    pilot.drag(start, app.to_screen(spawn.x + 80, spawn.y - 40), steps=6)
    moved = spawn_of(app)
    assert (moved.x, moved.y) == (spawn.x + 80, spawn.y - 40)
    pilot.press(pygame.K_z, ctrl=True)
    assert app.session.doc is original


def test_ctrl_s_writes_a_valid_file_and_clears_the_dirty_mark(
    app: EditorApp, pilot: Pilot, tmp_path: Path
) -> None:
    draw_square(app, pilot)
    assert app.session.title.startswith("• ")
    pilot.press(pygame.K_s, ctrl=True)
    path = tmp_path / "new.cocreate"
    checked = check_file(path)
    assert checked.error is None
    assert checked.problems == []
    assert load(path) == app.session.doc
    assert not app.session.dirty
    assert app.session.title == "new.cocreate — cocreate"
    assert pygame.display.get_caption()[0] == "new.cocreate — cocreate"


def test_ctrl_s_without_a_file_asks_where_to_save(pilot: Pilot, app: EditorApp) -> None:
    app.session.path = None
    pilot.press(pygame.K_s, ctrl=True)
    assert app.file_dialog is not None
    assert app.session.path is None


def test_play_then_escape_leaves_document_selection_and_view_as_they_were(
    app: EditorApp, pilot: Pilot
) -> None:
    spawn = spawn_of(app)
    app.session.select([spawn.id])
    doc, view = app.session.doc, (app.viewport.x, app.viewport.y, app.viewport.zoom)
    pilot.press(pygame.K_F5)
    playing = app.playtest
    assert playing is not None
    pilot.hold(pygame.K_RIGHT, 40)
    assert playing.world.tick > 30
    assert playing.world.status is Status.PLAYING
    assert playing.world.player.position.x > spawn.x + 20  # the arrow key drove the player
    pilot.press(pygame.K_ESCAPE)
    assert app.playtest is None
    assert app.session.doc is doc
    assert app.session.selection == {spawn.id}
    assert (app.viewport.x, app.viewport.y, app.viewport.zoom) == view
    assert not app.session.dirty


def test_play_without_a_spawn_says_why_and_does_not_start(app: EditorApp, pilot: Pilot) -> None:
    assert app.session.apply(DeleteEntity(spawn_of(app).id))
    pilot.press(pygame.K_F5)
    assert app.playtest is None
    assert "no spawn" in app.session.status
    assert app.toolbar.status.text == app.session.status


def test_wheel_zoom_keeps_the_world_point_under_the_cursor(app: EditorApp, pilot: Pilot) -> None:
    sx, sy = 500, 300
    top = app.canvas_rect.top
    before = app.viewport.to_world(sx, sy - top)
    zoom = app.viewport.zoom
    pilot.wheel(sx, sy, 2)
    assert app.viewport.zoom == pytest.approx(zoom * 1.2**2)
    assert app.viewport.to_world(sx, sy - top) == pytest.approx(before)
    pilot.wheel(sx, sy, -3)
    assert app.viewport.zoom < zoom
    assert app.viewport.to_world(sx, sy - top) == pytest.approx(before)


def test_right_drag_pans_and_f_fits_the_level_again(app: EditorApp, pilot: Pilot) -> None:
    fitted = (app.viewport.x, app.viewport.y)
    pilot.drag((600, 400), (700, 450), button=3)
    zoom = app.viewport.zoom
    assert app.viewport.x == pytest.approx(fitted[0] - 100 / zoom)
    assert app.viewport.y == pytest.approx(fitted[1] - 50 / zoom)
    pilot.press(pygame.K_f)
    assert (app.viewport.x, app.viewport.y) == pytest.approx(fitted)


def test_toolbar_buttons_switch_tools(app: EditorApp, pilot: Pilot) -> None:
    for name, kind in [
        ("polygon", PolygonTool),
        ("entity", EntityTool),
        ("link", LinkTool),
        ("select", SelectTool),
    ]:
        pilot.click(*app.toolbar.tools[name].rect.center)
        assert isinstance(app.tool, kind), name
        assert app.tool_name == name
        assert app.toolbar.tools[name].is_selected


def test_toolbar_undo_button_undoes(app: EditorApp, pilot: Pilot) -> None:
    original = app.session.doc
    draw_square(app, pilot)
    pilot.click(*app.toolbar.undo.rect.center)
    assert app.session.doc is original


def test_closing_with_unsaved_changes_asks_first(app: EditorApp, pilot: Pilot) -> None:
    draw_square(app, pilot)
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    pilot.frames(2)
    assert app.running
    assert app.dialog_open
    dialog = app.confirm
    assert dialog is not None
    pilot.click(*dialog.confirm_button.rect.center)
    assert not app.running


def test_closing_a_saved_level_does_not_ask(app: EditorApp, pilot: Pilot) -> None:
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    pilot.frames(1)
    assert not app.running
    assert not app.dialog_open


def test_sample_level_draws_its_shapes_and_entities(tmp_path: Path) -> None:
    sample = Path(__file__).parents[2] / "levels" / "switch-and-door.cocreate"
    app = EditorApp(EditorSession.open(sample))
    try:
        Pilot(app).frames(2)
        shot = app.save_screenshot(tmp_path / "shot.png")
        assert shot.stat().st_size > 10_000
        level = app.session.doc.level
        shape = level.shapes[0]  # the ground: a convex block, its centre is inside it
        ring = unpack_points(shape.points)
        cx = sum(p[0] for p in ring) / len(ring)
        cy = sum(p[1] for p in ring) / len(ring)
        sx, sy = app.to_screen(cx, cy)
        r, g, b = app.surface.get_at((round(sx), round(sy)))[:3]
        material = next(m for m in level.materials if m.name == shape.material)
        # the ground's material is textured: the canvas shows the texture, not the flat colour
        assert material.texture and f"#{r:02x}{g:02x}{b:02x}" != material.color
        texture = Image.open(io.BytesIO(app.session.doc.assets[material.texture].data))
        low, high = zip(*texture.convert("RGB").getextrema(), strict=True)  # per channel
        # fitted, the view is under 1 px per world px: texels are blended, within their range
        assert all(lo <= c <= hi for lo, c, hi in zip(low, (r, g, b), high, strict=True))
    finally:
        pygame.quit()


def test_pick_tolerance_is_six_screen_px_at_any_zoom(app: EditorApp, pilot: Pilot) -> None:
    ground = app.session.doc.level.shapes[0]  # its top edge is y = 960
    for notches in (0, 12):  # fitted (about 0.5 px per world px), then zoomed in (about 4)
        if notches:
            pilot.wheel(*app.to_screen(960, 960), notches)
        sx, sy = app.to_screen(960, 960)
        pilot.press(pygame.K_ESCAPE)
        pilot.click(sx, sy - 5)
        assert app.session.selection == {ground.id}, app.viewport.zoom
        pilot.press(pygame.K_ESCAPE)
        pilot.click(sx, sy - 9)
        assert app.session.selection == frozenset(), app.viewport.zoom
    assert app.viewport.zoom > 3


def test_ctrl_s_stamps_modified_and_the_level_stays_clean(
    app: EditorApp, pilot: Pilot, tmp_path: Path
) -> None:
    created = app.session.doc.meta.created
    draw_square(app, pilot)
    pilot.press(pygame.K_s, ctrl=True)
    saved = load(tmp_path / "new.cocreate")
    assert saved.meta.modified >= created
    assert saved == app.session.doc
    assert not app.session.dirty
    assert app.session.title == "new.cocreate — cocreate"


def test_choosing_the_kind_shown_again_switches_to_the_entity_tool(
    app: EditorApp, pilot: Pilot
) -> None:
    pilot.press(pygame.K_p)
    assert app.tool_name == "polygon" and app.toolbar.kind == "spawn"
    choose(pilot, app.toolbar.kind_menu, "spawn")
    assert app.tool_name == "entity" and app.toolbar.kind == "spawn"
    assert app.toolbar.kind_menu.current_state is app.toolbar.kind_menu.menu_states["closed"]


def test_an_edit_says_what_it_did_and_a_message_fades_after_a_while(
    app: EditorApp, pilot: Pilot
) -> None:
    spawn = next(e for e in app.session.doc.level.entities if isinstance(e, Spawn))
    app.session.select([spawn.id])
    pilot.press(pygame.K_RIGHT)  # a nudge
    assert app.session.status == f"Move spawn {spawn.id}"  # as the inspector names it
    pilot.press(pygame.K_DELETE)
    said = app.session.status
    assert said.startswith(f"Delete spawn {spawn.id}")  # (and what that left to fix)
    start = time.monotonic()
    app.fade_status(now=start)
    app.fade_status(now=start + STATUS_SECONDS - 1.0)
    assert app.session.status == said
    app.fade_status(now=start + STATUS_SECONDS)
    assert app.session.status == ""
    pilot.frames(1)
    assert app.toolbar.status.text != said  # the level's summary again
