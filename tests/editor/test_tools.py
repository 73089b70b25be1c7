"""The canvas tools, driven with world coordinates as the shell sends them."""

from __future__ import annotations

import pytest

from editor.session import EditorSession
from editor.tools import TOOLS, EntityTool, LinkTool, PolygonTool, SelectTool
from engine.edit.level import AddEntity, DeleteSelection
from engine.edit.level.materials import DeleteMaterial
from engine.level.entities import Crate, Door, Spawn, Switch
from engine.level.model import Link
from engine.packed import unpack_points


def _session() -> EditorSession:
    """The starter level: ground 1 (0,960)-(1920,1080), spawn 2 at (120, 900), goal 3 at
    (1800, 928); next id 4."""
    return EditorSession.new_level()


def _draw_square(s: EditorSession, tool: PolygonTool) -> None:
    for x, y in [(201.0, 199.0), (302.5, 203.0), (298.0, 297.0), (203.0, 301.0)]:
        tool.press(s, x, y)
        tool.release(s, x, y)


SQUARE = [(200.0, 200.0), (304.0, 200.0), (296.0, 296.0), (200.0, 304.0)]


def test_tools_registry_names_each_tool() -> None:
    assert {name: cls.__name__ for name, cls in TOOLS.items()} == {
        "select": "SelectTool",
        "polygon": "PolygonTool",
        "entity": "EntityTool",
        "link": "LinkTool",
        "tiles": "TileTool",
        "image": "ImageTool",
    }
    for name, cls in TOOLS.items():
        assert cls().name == name


def test_polygon_four_clicks_and_enter_adds_one_snapped_shape() -> None:
    s = _session()
    tool = PolygonTool()
    _draw_square(s, tool)
    assert tool.preview().points == SQUARE
    assert len(s.doc.level.shapes) == 1  # nothing added yet
    assert tool.key(s, "enter")
    shapes = s.doc.level.shapes
    assert len(shapes) == 2
    new = shapes[-1]
    assert new.id == 4
    assert new.material == "ground"
    assert new.body == "static"
    assert unpack_points(new.points) == SQUARE
    assert s.selection == {4}
    assert tool.preview().points == []
    assert s.undo()
    assert [sh.id for sh in s.doc.level.shapes] == [1]
    assert not s.dirty
    assert s.selection == frozenset()


def test_polygon_closes_on_a_click_near_the_first_point() -> None:
    s = _session()
    tool = PolygonTool(body="dynamic")
    _draw_square(s, tool)
    tool.press(s, 205.0, 195.0)  # 7 px from (200, 200)
    tool.release(s, 205.0, 195.0)
    new = s.doc.level.shapes[-1]
    assert (new.id, new.body) == (4, "dynamic")
    assert unpack_points(new.points) == SQUARE
    assert s.history.can_undo and s.undo() and len(s.doc.level.shapes) == 1


def test_polygon_escape_cancels_and_backspace_drops_a_point() -> None:
    s = _session()
    tool = PolygonTool()
    _draw_square(s, tool)
    assert tool.key(s, "backspace")
    assert tool.preview().points == SQUARE[:3]
    assert tool.key(s, "escape")
    assert tool.preview().points == []
    assert not tool.key(s, "escape")  # nothing left to cancel
    assert len(s.doc.level.shapes) == 1
    assert not s.dirty


def test_polygon_with_two_points_is_not_added() -> None:
    s = _session()
    tool = PolygonTool()
    tool.press(s, 0.0, 0.0)
    tool.press(s, 100.0, 0.0)
    assert tool.key(s, "enter")
    assert s.status == "A shape needs at least 3 points, not 2"
    assert len(s.doc.level.shapes) == 1


def test_polygon_with_a_material_the_level_lacks_takes_its_first_and_says_so() -> None:
    s = _session()
    tool = PolygonTool(material="lava rock")
    _draw_square(s, tool)
    assert tool.key(s, "enter")
    assert s.status == "Added shape 4 (4 points, ground)"
    assert s.doc.level.shapes[-1].material == "ground" and s.problems() == []


def _bare() -> EditorSession:
    """A level with no materials and no shapes (as an imported map may be)."""
    s = _session()
    assert s.apply(DeleteSelection((1,), ()))
    assert s.apply(DeleteMaterial("ground"))
    assert s.doc.level.materials == [] and s.doc.level.shapes == []
    return s


def test_a_shape_on_a_level_without_materials_brings_one_in_the_same_undo_step() -> None:
    s = _bare()
    tool = PolygonTool(material="ground")
    _draw_square(s, tool)
    assert tool.key(s, "enter")
    assert (
        s.status == "Added shape 4 (4 points, ground) and its material 'ground': the level had none"
    )
    assert [m.name for m in s.doc.level.materials] == ["ground"]
    assert s.doc.level.shapes[-1].material == "ground" and s.problems() == []
    assert s.history.undo_label == "Add shape"
    s.undo()
    assert s.doc.level.materials == [] and s.doc.level.shapes == []


def test_a_crate_on_a_level_without_materials_brings_one_too() -> None:
    s = _bare()
    EntityTool("crate").press(s, 640.0, 480.0)
    crate = s.doc.level.entities[-1]
    assert isinstance(crate, Crate) and crate.material == "ground"
    assert s.status == "Added crate 4 and its material 'ground': the level had none"
    assert s.problems() == []
    EntityTool("spawn").press(s, 700.0, 480.0)  # needs none: none added
    assert s.status == "Added spawn 5" and len(s.doc.level.materials) == 1


def test_polygon_cursor_follows_the_pointer_snapped() -> None:
    s = _session()
    tool = PolygonTool()
    tool.move(s, 13.0, 29.0)
    assert tool.preview().cursor == (16.0, 32.0)


def test_select_click_picks_and_shift_toggles() -> None:
    s = _session()
    tool = SelectTool()
    tool.press(s, 120.0, 900.0)
    tool.release(s, 120.0, 900.0)
    assert s.selection == {2}
    tool.press(s, 1800.0, 928.0, shift=True)
    tool.release(s, 1800.0, 928.0)
    assert s.selection == {2, 3}
    tool.press(s, 120.0, 900.0, shift=True)
    tool.release(s, 120.0, 900.0)
    assert s.selection == {3}
    tool.press(s, 1000.0, 100.0)  # empty space
    tool.release(s, 1000.0, 100.0)
    assert s.selection == frozenset()
    assert not s.dirty


def test_select_drag_moves_the_selection_as_one_undo_step() -> None:
    s = _session()
    tool = SelectTool()
    s.select([2, 3])
    tool.press(s, 120.0, 900.0)
    for step in range(1, 11):
        tool.drag(s, 120.0 + 4.0 * step, 900.0 - 3.0 * step)
    tool.release(s, 150.0, 870.0)
    spawn, goal = s.doc.level.entities
    assert (spawn.x, spawn.y) == (160.0, 868.0)  # moved by (40, -30), snapped to the grid
    assert (goal.x, goal.y) == (1840.0, 896.0)
    assert s.selection == {2, 3}
    assert s.history.undo_label == "Move 2 entities"
    assert s.undo()
    spawn, goal = s.doc.level.entities
    assert (spawn.x, spawn.y, goal.x, goal.y) == (120.0, 900.0, 1800.0, 928.0)
    assert not s.history.can_undo
    assert not s.dirty


def test_two_drags_are_two_undo_steps() -> None:
    s = _session()
    tool = SelectTool()
    for start in (120.0, 136.0):
        tool.press(s, start, 900.0)
        tool.drag(s, start + 16.0, 900.0)
        tool.release(s, start + 16.0, 900.0)
    assert s.doc.level.entities[0].x == 152.0
    s.undo()
    assert s.doc.level.entities[0].x == 136.0


def test_select_drag_of_a_shape_moves_its_points() -> None:
    s = _session()
    tool = SelectTool()
    tool.press(s, 960.0, 1000.0)
    tool.drag(s, 960.0, 984.0)
    tool.release(s, 960.0, 984.0)
    assert s.selection == {1}
    assert unpack_points(s.doc.level.shapes[0].points)[0] == (0.0, 944.0)


def test_rubber_band_selects_what_lies_inside() -> None:
    s = _session()
    tool = SelectTool()
    tool.press(s, 50.0, 800.0)
    tool.drag(s, 150.0, 900.0)
    assert tool.preview().band == (50.0, 800.0, 150.0, 900.0)
    tool.drag(s, 200.0, 940.0)
    tool.release(s, 200.0, 940.0)
    assert s.selection == {2}
    assert tool.preview().band is None
    tool.press(s, 1700.0, 800.0, shift=True)  # shift adds to the selection
    tool.drag(s, 1900.0, 1000.0)
    tool.release(s, 1900.0, 1000.0)
    assert s.selection == {2, 3}
    assert not s.dirty


def test_drag_near_a_point_of_the_selected_shape_moves_that_point() -> None:
    s = _session()
    tool = SelectTool()
    s.select([1])
    tool.press(s, 1917.0, 963.0)  # near (1920, 960)
    for y in (950.0, 940.0, 930.0):
        tool.drag(s, 1917.0, y)
    tool.release(s, 1917.0, 930.0)
    assert unpack_points(s.doc.level.shapes[0].points) == [
        (0.0, 960.0),
        (1920.0, 928.0),
        (1920.0, 1080.0),
        (0.0, 1080.0),
    ]
    assert s.selection == {1}
    s.undo()
    assert unpack_points(s.doc.level.shapes[0].points)[1] == (1920.0, 960.0)
    assert not s.history.can_undo


def test_delete_removes_the_selection_in_one_step() -> None:
    s = _session()
    tool = SelectTool()
    assert not tool.key(s, "delete")  # nothing selected
    s.select([1, 2])
    assert tool.key(s, "delete")
    assert [sh.id for sh in s.doc.level.shapes] == []
    assert [e.id for e in s.doc.level.entities] == [3]
    assert s.selection == frozenset()
    s.undo()
    assert len(s.doc.level.shapes) == 1 and len(s.doc.level.entities) == 2


def test_entity_tool_places_a_snapped_spawn_and_selects_it() -> None:
    s = _session()
    tool = EntityTool()
    tool.press(s, 333.0, 517.0)
    tool.release(s, 333.0, 517.0)
    new = s.doc.level.entities[-1]
    assert isinstance(new, Spawn)
    assert (new.id, new.x, new.y) == (4, 336.0, 520.0)
    assert s.selection == {4}
    s.undo()
    assert len(s.doc.level.entities) == 2


@pytest.mark.parametrize("kind", ["crate", "moving_platform", "sign", "door", "switch"])
def test_entity_tool_defaults_are_valid(kind: str) -> None:
    s = _session()
    EntityTool(kind).press(s, 640.0, 480.0)
    assert len(s.doc.level.entities) == 3, s.status
    assert s.problems() == []


def test_entity_tool_refuses_unknown_kinds() -> None:
    with pytest.raises(ValueError, match="unknown entity kind 'dragon'"):
        EntityTool("dragon")


def _wired() -> EditorSession:
    s = _session()
    s.apply(AddEntity(Switch(id=0, x=400.0, y=900.0)))  # 4
    s.apply(AddEntity(Door(id=0, x=600.0, y=900.0)))  # 5
    s.apply(AddEntity(Crate(id=0, x=800.0, y=900.0, material="ground")))  # 6
    return s


def test_link_tool_links_a_switch_to_a_door() -> None:
    s = _wired()
    tool = LinkTool()
    tool.press(s, 400.0, 900.0)
    tool.move(s, 500.0, 880.0)
    assert tool.preview().line == (400.0, 900.0, 500.0, 880.0)
    tool.press(s, 600.0, 900.0)
    assert s.doc.level.links == [Link(source=4, target=5)]
    assert s.status == "Linked switch 4 to door 5"
    assert tool.preview().line is None
    s.undo()
    assert s.doc.level.links == []


def test_link_tool_refuses_a_crate() -> None:
    s = _wired()
    tool = LinkTool()
    before = s.doc
    tool.press(s, 800.0, 900.0)  # a crate is no switch
    assert s.status.startswith("Click a switch first (that is a crate)")
    tool.press(s, 400.0, 900.0)
    tool.press(s, 800.0, 900.0)  # nor a door
    assert "not a crate" in s.status
    assert s.doc is before
    assert tool.source == 4  # still holding the switch
    assert tool.key(s, "escape")
    assert tool.source is None


def test_click_on_one_of_several_selected_selects_only_it() -> None:
    s = _session()
    tool = SelectTool()
    s.select([2, 3])
    tool.press(s, 1800.0, 928.0)
    tool.release(s, 1800.0, 928.0)
    assert s.selection == {3}


def test_press_on_a_point_without_moving_records_nothing() -> None:
    s = _session()
    tool = SelectTool()
    s.select([1])
    tool.press(s, 1.0, 961.0)
    tool.drag(s, 2.0, 962.0)  # snaps back onto the same point
    tool.release(s, 2.0, 962.0)
    assert not s.history.can_undo
    assert s.selection == {1}
