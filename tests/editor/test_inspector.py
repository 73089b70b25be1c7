"""The inspector, driven through the real loop: typing into fields and choosing from drop-downs
changes the level through commands (undoable), bad values are refused and the field reverts."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from pathlib import Path

import pygame
import pytest
from pygame_gui.core import UIElement
from pygame_gui.elements import UIDropDownMenu, UITextEntryLine
from pygame_gui.elements.ui_drop_down_menu import UIExpandedDropDownState

from editor.app import EditorApp
from editor.inspector import MIN_ROW, shape_area
from editor.pilot import Pilot
from editor.session import EditorSession
from engine.edit.level import AddEntity, SetEntityProp
from engine.level.entities import Crate, Door, Entity, MovingPlatform, Sign
from engine.packed import pack_points, unpack_points
from tests.editor.conftest import running

SAMPLE = Path(__file__).parents[2] / "levels" / "switch-and-door.cocreate"
SHOTS = Path("/tmp/shots")


@pytest.fixture
def app() -> Iterator[EditorApp]:
    yield from running(EditorSession.open(SAMPLE))


def entity(app: EditorApp, ident: int) -> Entity:
    return next(e for e in app.session.doc.level.entities if e.id == ident)


def door(app: EditorApp) -> Door:
    return next(e for e in app.session.doc.level.entities if isinstance(e, Door))


def click_world(app: EditorApp, pilot: Pilot, x: float, y: float) -> None:
    pilot.click(*app.to_screen(x, y))


def type_into(pilot: Pilot, entry: UITextEntryLine, text: str, *, enter: bool = True) -> None:
    """Click the field, select what it holds, type ``text`` (and press Enter)."""
    pilot.click(*entry.rect.center)
    assert entry.is_focused
    pilot.press(pygame.K_a, ctrl=True)
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=text))
    pilot.frames(1)
    if enter:
        pilot.press(pygame.K_RETURN)


def choose(pilot: Pilot, menu: UIDropDownMenu, option: str) -> None:
    """Open the drop-down and click ``option``."""
    pilot.click(*menu.rect.center)
    state = menu.current_state
    assert isinstance(state, UIExpandedDropDownState)
    assert state.options_selection_list is not None
    items = state.options_selection_list.item_list
    button = next(i["button_element"] for i in items if i["text"] == option)
    pilot.click(*button.rect.center)
    pilot.frames(3)  # the list tells the menu, the menu posts its change, the app applies it


def select_door(app: EditorApp, pilot: Pilot) -> Door:
    found = door(app)
    click_world(app, pilot, found.x, found.y)
    assert app.session.selection == {found.id}
    return found


def test_one_entity_shows_its_position_and_every_prop(app: EditorApp, pilot: Pilot) -> None:
    found = select_door(app, pilot)
    inspector = app.inspector
    assert inspector.heading.text == f"Door {found.id}"
    assert {k: e.get_text() for k, e in inspector.entries.items()} == {
        "x": "900",
        "y": "1020",
        "width": str(round(found.width)),
        "height": str(round(found.height)),
    }
    assert set(inspector.menus) == {"open"}


def test_typing_a_width_and_enter_sets_it_as_one_undo_step(app: EditorApp, pilot: Pilot) -> None:
    found = select_door(app, pilot)
    before = app.session.doc
    type_into(pilot, app.inspector.entries["width"], "40")
    changed = door(app)
    assert changed.width == 40.0
    assert (changed.x, changed.y, changed.height) == (found.x, found.y, found.height)
    assert app.session.history.undo_label == f"Set width of door {found.id}"
    assert app.session.undo()
    assert app.session.doc is before


def test_typing_x_moves_the_entity(app: EditorApp, pilot: Pilot) -> None:
    found = select_door(app, pilot)
    type_into(pilot, app.inspector.entries["x"], "960.5")
    assert (door(app).x, door(app).y) == (960.5, found.y)
    assert app.inspector.entries["x"].get_text() == "960.5"


def test_leaving_a_field_applies_what_was_typed(app: EditorApp, pilot: Pilot) -> None:
    found = select_door(app, pilot)
    type_into(pilot, app.inspector.entries["y"], "1000", enter=False)
    assert door(app).y == found.y  # not yet: still typing
    pilot.click(*app.inspector.entries["height"].rect.center)  # go to another field
    assert door(app).y == 1000.0
    assert app.inspector.entries["height"].is_focused


def test_a_bad_value_is_refused_the_status_says_why_and_the_field_reverts(
    app: EditorApp, pilot: Pilot
) -> None:
    select_door(app, pilot)
    before = app.session.doc
    type_into(pilot, app.inspector.entries["width"], "-5")
    assert app.session.doc is before
    assert "width" in app.session.status and "-5" in app.session.status
    assert app.toolbar.status.text == app.session.status
    assert app.inspector.entries["width"].get_text() == "24"
    type_into(pilot, app.inspector.entries["height"], "tall")
    assert app.session.doc is before
    assert app.session.status == "height: 'tall' is not a number"
    assert app.inspector.entries["height"].get_text() == "200"


def test_keys_typed_into_a_field_do_not_reach_the_canvas(app: EditorApp, pilot: Pilot) -> None:
    found = select_door(app, pilot)
    entry = app.inspector.entries["width"]
    pilot.click(*entry.rect.center)
    pilot.press(pygame.K_p)  # would pick the polygon tool
    pilot.press(pygame.K_DELETE)  # would delete the door
    assert app.tool_name == "select"
    assert door(app).id == found.id


def test_a_drop_down_sets_a_bool_prop(app: EditorApp, pilot: Pilot) -> None:
    select_door(app, pilot)
    choose(pilot, app.inspector.menus["open"], "yes")
    assert door(app).open is True


def test_sign_text_and_platform_speed_and_path(app: EditorApp, pilot: Pilot) -> None:
    sign = next(e for e in app.session.doc.level.entities if isinstance(e, Sign))
    click_world(app, pilot, sign.x, sign.y)
    type_into(pilot, app.inspector.entries["text"], "Mind the gap")
    changed = entity(app, sign.id)
    assert isinstance(changed, Sign) and changed.text == "Mind the gap"

    platform = next(e for e in app.session.doc.level.entities if isinstance(e, MovingPlatform))
    app.session.select([platform.id])
    pilot.frames(1)
    assert set(app.inspector.menus) == {"material", "mode", "active"}
    type_into(pilot, app.inspector.entries["speed"], "120")
    type_into(pilot, app.inspector.entries["path"], "0,0 100,0 100,-50")
    moved = entity(app, platform.id)
    assert isinstance(moved, MovingPlatform)
    assert moved.speed == 120.0
    assert unpack_points(moved.path) == [(0.0, 0.0), (100.0, 0.0), (100.0, -50.0)]
    assert app.inspector.values["path_length"].text == "150"


def test_one_shape_shows_material_body_one_way_points_and_area(
    app: EditorApp, pilot: Pilot
) -> None:
    shape = app.session.doc.level.shapes[0]
    app.session.select([shape.id])
    pilot.frames(1)
    inspector = app.inspector
    assert inspector.heading.text == f"Shape {shape.id}"
    assert set(inspector.menus) == {"material", "body", "one_way", "hidden"}
    points = len(unpack_points(shape.points))
    assert inspector.values["points"].text.startswith(str(points))
    assert inspector.values["area"].text.startswith(f"{round(shape_area(shape))}")
    other = next(m.name for m in app.session.doc.level.materials if m.name != shape.material)
    choose(pilot, inspector.menus["material"], other)
    choose(pilot, app.inspector.menus["body"], "kinematic")
    choose(pilot, app.inspector.menus["one_way"], "yes")
    changed = app.session.doc.level.shapes[0]
    assert (changed.material, changed.body, changed.one_way) == (other, "kinematic", True)
    assert changed.points == shape.points


def test_a_hidden_shape_is_shown_hatched_and_still_there(app: EditorApp, pilot: Pilot) -> None:
    shape = app.session.doc.level.shapes[0]
    xs, ys = zip(*unpack_points(shape.points), strict=True)
    x, y = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    app.session.select([shape.id])
    pilot.frames(1)

    def run() -> list[tuple[int, ...]]:
        app.session.select(())  # no selection outline over it
        pilot.frames(2)
        sx, sy = app.to_screen(x, y)
        screen = pygame.display.get_surface()
        assert screen is not None
        return [tuple(screen.get_at((round(sx) + i, round(sy)))[:3]) for i in range(40)]

    shown = run()
    app.session.select([shape.id])
    pilot.frames(1)
    choose(pilot, app.inspector.menus["hidden"], "yes")
    assert app.session.doc.level.shapes[0].hidden
    assert app.session.status.startswith(f"Hide shape {shape.id}")
    hatched = run()
    assert hatched != shown and len(set(hatched)) >= 2  # lines across a faint fill
    app.undo()
    assert not app.session.doc.level.shapes[0].hidden


def test_nothing_selected_edits_the_level_size_and_gravity(app: EditorApp, pilot: Pilot) -> None:
    app.session.select(())
    pilot.frames(1)
    assert app.inspector.heading.text == "Level"
    type_into(pilot, app.inspector.entries["gravity_y"], "500")
    type_into(pilot, app.inspector.entries["width"], "3000")
    level = app.session.doc.level
    assert (level.gravity.x, level.gravity.y) == (0.0, 500.0)
    assert level.size.width == 3000.0
    type_into(pilot, app.inspector.entries["height"], "0")
    assert app.session.doc.level.size.height == level.size.height
    assert "height" in app.session.status


def test_several_selected_shows_a_count_and_delete_removes_them(
    app: EditorApp, pilot: Pilot
) -> None:
    level = app.session.doc.level
    chosen = [level.entities[0].id, level.entities[1].id, level.shapes[1].id]
    app.session.select(chosen)
    pilot.frames(1)
    assert app.inspector.heading.text == "3 selected"
    assert app.inspector.entries == {}
    delete = app.inspector.delete
    assert delete is not None
    pilot.click(*delete.rect.center)
    left = {e.id for e in app.session.doc.level.entities} | {
        s.id for s in app.session.doc.level.shapes
    }
    assert not left & set(chosen)
    assert len(app.session.doc.level.entities) == len(level.entities) - 2
    assert app.session.selection == frozenset()
    assert app.inspector.heading.text == "Level"


def test_the_panel_follows_undo(app: EditorApp, pilot: Pilot) -> None:
    select_door(app, pilot)
    type_into(pilot, app.inspector.entries["width"], "40")
    pilot.click(*app.to_screen(10, 10))  # empty canvas: the field lets go of the keyboard
    app.session.select([door(app).id])
    pilot.press(pygame.K_z, ctrl=True)
    assert door(app).width == 24.0
    assert app.inspector.entries["width"].get_text() == "24"


def test_a_new_entity_is_inspected_at_once(app: EditorApp, pilot: Pilot) -> None:
    ent = MovingPlatform(
        id=0, x=100, y=100, material="stone", path=pack_points([(0.0, 0.0), (30.0, 40.0)])
    )
    assert app.session.apply(AddEntity(ent))
    app.session.select([app.session.doc.level.next_id - 1])
    pilot.frames(1)
    assert app.inspector.values["path_length"].text == "50"
    assert app.inspector.entries["path"].get_text() == "0,0 30,40"


def test_numbers_show_briefly_and_a_field_left_as_shown_changes_nothing() -> None:
    from editor.inspector import Field, command_for, number
    from engine.starter import new_level

    assert [number(v) for v in (120.0, 0.5, 1594.0016942449668, -3.25, 1e-06, 0.1 + 0.2)] == [
        "120",
        "0.5",
        "1594.002",
        "-3.25",
        "1e-06",
        "0.3",
    ]
    doc = new_level()
    spawn = doc.level.entities[0]
    field = Field(spawn.id, "x", "x", number(spawn.x + 0.0004))
    assert command_for(doc, field, field.value) is None


# -- fields refuse what validation refuses; Esc; the rows stay above the problems list -----------


def crate(app: EditorApp) -> Crate:
    return next(e for e in app.session.doc.level.entities if isinstance(e, Crate))


def test_a_value_validation_refuses_is_refused_with_its_reason(
    app: EditorApp, pilot: Pilot
) -> None:
    found = crate(app)
    app.session.select([found.id])
    pilot.frames(1)
    before = app.session.doc
    type_into(pilot, app.inspector.entries["width"], "5")
    assert app.session.doc is before
    assert app.session.status == (
        "Not changed: width must be at least 6 px for a body that moves, not 5"
    )
    assert app.toolbar.status.text == app.session.status
    assert app.inspector.entries["width"].get_text() == "32"
    pilot.frames(1)
    app.save_screenshot(SHOTS / "h7-level-refused.png")
    type_into(pilot, app.inspector.entries["width"], "6")  # the least a crate may be
    assert crate(app).width == 6.0
    sign = next(e for e in app.session.doc.level.entities if isinstance(e, Sign))
    app.session.select([sign.id])
    pilot.frames(1)
    before = app.session.doc
    type_into(pilot, app.inspector.entries["text"], "   ")
    assert app.session.doc is before
    assert app.session.status == "Not changed: text must not be empty"
    assert app.inspector.entries["text"].get_text() == sign.text


def test_an_object_already_invalid_can_be_mended_but_not_made_otherwise_wrong(
    app: EditorApp, pilot: Pilot
) -> None:
    found = crate(app)
    assert app.session.apply(SetEntityProp(found.id, "width", 5.0))  # as a file could hold it
    app.session.select([found.id])
    pilot.frames(1)
    type_into(pilot, app.inspector.entries["height"], "40")  # its width's problem is old
    assert crate(app).height == 40.0
    type_into(pilot, app.inspector.entries["width"], "4")
    assert crate(app).width == 5.0
    assert app.session.status.startswith("Not changed: width must be at least 6 px")
    type_into(pilot, app.inspector.entries["width"], "20")
    assert crate(app).width == 20.0
    assert app.session.problems() == []


def test_after_an_edit_the_field_shows_what_the_level_holds(app: EditorApp, pilot: Pilot) -> None:
    select_door(app, pilot)
    entry = app.inspector.entries["width"]
    type_into(pilot, entry, "4e1")
    assert door(app).width == 40.0
    assert not entry.is_focused and entry.get_text() == "40"
    app.session.select(())
    pilot.frames(1)
    type_into(pilot, app.inspector.entries["material_friction"], "0.50000")
    assert app.inspector.entries["material_friction"].get_text() == "0.5"


def test_enter_gives_the_keys_back_so_undo_and_save_act_on_the_edit(tmp_path: Path) -> None:
    """A field that kept the focus after Enter took Ctrl+Z and Ctrl+S: nothing was undone or
    saved, and nothing said so."""
    path = tmp_path / "door.cocreate"
    shutil.copy(SAMPLE, path)
    for app in running(EditorSession.open(path)):
        pilot = Pilot(app)
        select_door(app, pilot)
        type_into(pilot, app.inspector.entries["width"], "40")
        assert door(app).width == 40.0 and not app.inspector.typing
        pilot.press(pygame.K_z, ctrl=True)
        assert door(app).width == 24.0
        pilot.press(pygame.K_y, ctrl=True)
        assert door(app).width == 40.0
        pilot.press(pygame.K_s, ctrl=True)
        saved = EditorSession.open(path).doc
        assert next(e for e in saved.level.entities if isinstance(e, Door)).width == 40.0


def test_esc_in_a_field_leaves_it_unchanged_and_keeps_the_selection(
    app: EditorApp, pilot: Pilot
) -> None:
    found = select_door(app, pilot)
    before = app.session.doc
    entry = app.inspector.entries["width"]
    type_into(pilot, entry, "99", enter=False)
    pilot.press(pygame.K_ESCAPE)
    assert not entry.is_focused and not app.inspector.typing
    assert entry.get_text() == "24"
    assert app.session.selection == {found.id}  # the canvas did not see the Esc
    pilot.click(*app.inspector.entries["height"].rect.center)  # leaving applies nothing
    assert app.session.doc is before
    pilot.click(*app.to_screen(10, 10))
    pilot.press(pygame.K_ESCAPE)  # no field has the keyboard: Esc is the canvas's again
    assert app.session.selection == frozenset()


GARDEN = SAMPLE.parent / "tile-garden.cocreate"


def inspector_widgets(app: EditorApp) -> list[UIElement]:
    inspector = app.inspector
    buttons = (
        inspector.delete,
        inspector.add_material,
        inspector.delete_material,
        inspector.delete_layer,
        inspector.layer_up,
        inspector.layer_down,
    )
    return [
        *inspector.entries.values(),
        *inspector.menus.values(),
        *inspector.values.values(),
        *inspector.swatches.values(),
        *(b for b in buttons if b is not None),
    ]


def test_every_row_and_button_stays_above_the_problems_divider(
    app: EditorApp, pilot: Pilot, tmp_path: Path
) -> None:
    divider = app.problems.rect.top - 4  # where the window draws its line
    for ident in (None, *(e.id for e in app.session.doc.level.entities)):  # every kind
        app.session.select([] if ident is None else [ident])
        pilot.frames(1)
        widgets = inspector_widgets(app)
        assert widgets and all(w.rect.bottom < divider for w in widgets), app.inspector.heading
    copy = tmp_path / "garden.cocreate"
    shutil.copyfile(GARDEN, copy)
    for garden in running(EditorSession.open(copy)):
        Pilot(garden).press(pygame.K_t)  # the Tiles tool: a tile layer's 15 rows and buttons
        Pilot(garden).frames(1)
        assert garden.inspector.heading.text == "Tile layer 1 of 2 (back)"
        widgets = inspector_widgets(garden)
        assert len(widgets) >= 18 and all(w.rect.bottom < divider for w in widgets)
        rows = sorted({e.rect.top for e in garden.inspector.entries.values()})
        assert min(b - a for a, b in itertools.pairwise(rows)) >= MIN_ROW
        garden.save_screenshot(SHOTS / "h7-tile-layer-inspector.png")


def test_tile_layer_buttons_that_can_do_nothing_are_disabled(tmp_path: Path) -> None:
    copy = tmp_path / "garden.cocreate"
    shutil.copyfile(GARDEN, copy)
    for app in running(EditorSession.open(copy)):
        pilot = Pilot(app)
        pilot.press(pygame.K_t)
        pilot.frames(1)
        inspector = app.inspector
        assert inspector.delete_layer and inspector.layer_up and inspector.layer_down
        able = (inspector.delete_layer, inspector.layer_up, inspector.layer_down)
        assert [b.is_enabled for b in able] == [True, True, False]  # the back layer
        pilot.click(*inspector.layer_down.rect.center)  # disabled: nothing happens
        assert [t.name for t in app.session.doc.level.tile_layers] == ["terrain", "decor"]
        pilot.click(*inspector.layer_up.rect.center)
        pilot.frames(1)
        assert [t.name for t in app.session.doc.level.tile_layers] == ["decor", "terrain"]
        assert inspector.heading.text == "Tile layer 2 of 2 (front)"
        able = (inspector.delete_layer, inspector.layer_up, inspector.layer_down)
        assert [b is not None and b.is_enabled for b in able] == [True, False, True]
