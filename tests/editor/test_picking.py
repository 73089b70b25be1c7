"""Hit tests: entities over shapes, later over earlier, holes are not the shape."""

from __future__ import annotations

from editor.picking import bounds, nearest_point, pick, pick_rect, split_ids
from engine.document import LevelDocument
from engine.edit.level import AddEntity, AddShape
from engine.level.entities import Crate, Door
from engine.starter import new_level


def _level() -> LevelDocument:
    """The starter level (ground 1, spawn 2 at 120,900, goal 3 at 1800,928) plus a block with
    a hole (4), a block over it (5) and a crate on it (6)."""
    doc = new_level()
    ring = [(400.0, 400.0), (600.0, 400.0), (600.0, 600.0), (400.0, 600.0)]
    hole = [(450.0, 450.0), (550.0, 450.0), (550.0, 550.0), (450.0, 550.0)]
    doc = AddShape(ring, "ground", holes=[hole]).apply(doc)
    doc = AddShape([(580.0, 580.0), (700.0, 580.0), (700.0, 700.0)], "ground").apply(doc)
    doc = AddEntity(Crate(id=0, x=420.0, y=420.0, material="ground")).apply(doc)
    return doc


def test_entities_are_picked_before_the_shapes_under_them() -> None:
    doc = _level()
    assert pick(doc, 120.0, 900.0) == 2  # the spawn, over nothing
    assert pick(doc, 425.0, 425.0) == 6  # the crate, over shape 4
    assert pick(doc, 1800.0, 960.0) == 3  # the goal overlaps the ground


def test_later_shapes_are_picked_before_earlier_ones() -> None:
    doc = _level()
    assert pick(doc, 590.0, 570.0, tolerance=0.0) == 4  # only in shape 4
    assert pick(doc, 598.0, 590.0, tolerance=0.0) == 5  # in both: 5 is drawn over 4
    assert pick(doc, 500.0, 1000.0) == 1


def test_a_hole_is_not_the_shape() -> None:
    doc = _level()
    assert pick(doc, 500.0, 500.0) is None
    assert pick(doc, 420.0, 500.0) == 4  # the rim
    assert pick(doc, 452.0, 500.0) == 4  # within the tolerance of the hole's edge
    assert pick(doc, 452.0, 500.0, tolerance=0.0) is None


def test_nothing_picked_in_empty_space() -> None:
    assert pick(_level(), 1000.0, 100.0) is None


def test_pick_rect_takes_what_lies_wholly_inside() -> None:
    doc = _level()
    assert pick_rect(doc, 390.0, 390.0, 610.0, 610.0) == {4, 6}
    assert pick_rect(doc, 610.0, 610.0, 390.0, 390.0) == {4, 6}  # any corner order
    assert pick_rect(doc, 390.0, 390.0, 710.0, 710.0) == {4, 5, 6}
    assert pick_rect(doc, 0.0, 0.0, 100.0, 100.0) == set()
    assert pick_rect(doc, -10.0, 0.0, 1930.0, 1090.0) == {1, 2, 3, 4, 5, 6}


def test_nearest_point_of_outline_and_hole() -> None:
    doc = _level()
    assert nearest_point(doc, 4, 603.0, 398.0, 8.0) == (None, 1)
    assert nearest_point(doc, 4, 548.0, 553.0, 8.0) == (0, 2)
    assert nearest_point(doc, 4, 500.0, 500.0, 8.0) is None
    assert nearest_point(doc, 99, 400.0, 400.0, 8.0) is None
    assert nearest_point(doc, 2, 120.0, 900.0, 8.0) is None  # an entity has no points


def test_bounds_and_split_ids() -> None:
    doc = AddEntity(Door(id=0, x=100.0, y=100.0)).apply(_level())
    assert bounds(doc, 7) == (88.0, 52.0, 112.0, 148.0)
    assert bounds(doc, 1) == (0.0, 960.0, 1920.0, 1080.0)
    assert bounds(doc, 99) is None
    assert split_ids(doc, [7, 1, 99, 4]) == ((1, 4), (7,))
