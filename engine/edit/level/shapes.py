"""Shapes: adding, deleting and moving them, editing their rings, points and holes, and their
material, body and stacking."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from engine import limits
from engine.document import LevelDocument
from engine.edit.command import Command, insert_at, item, remove_at, replace, with_item
from engine.edit.level.common import (
    Body,
    LevelCommand,
    Point,
    _check_material_ref,
    _check_ring,
    _pack,
    _packed_ring,
    _require,
    _shape_index,
    _typed,
    _with_level,
)
from engine.errors import EditError
from engine.level.model import Shape
from engine.packed import points_array


def _change_shape(
    doc: LevelDocument, shape_id: int, change: Callable[[str, Shape], Shape]
) -> LevelDocument:
    """``doc`` with ``change(path, shape)`` in place of the shape ``shape_id``."""
    level = doc.level
    i = _shape_index(level, shape_id)
    return _with_level(
        doc, shapes=with_item(level.shapes, i, change(f"$.level.shapes[{i}]", level.shapes[i]))
    )


def _get_ring(shape: Shape, hole: int | None, base: str) -> tuple[bytes, str]:
    """The packed ring ``hole`` of ``shape`` (None: the outline) and its JSON path."""
    if hole is None:
        return shape.points, f"{base}.points"
    return item(shape.holes, hole, f"{base}.holes", "hole"), f"{base}.holes[{hole}]"


def _set_ring(shape: Shape, hole: int | None, data: bytes) -> Shape:
    if hole is None:
        return replace(shape, points=data)
    return replace(shape, holes=with_item(shape.holes, hole, data))


def _edit_ring(
    doc: LevelDocument,
    shape_id: int,
    hole: int | None,
    change: Callable[[str, npt.NDArray[np.float64]], npt.NDArray[np.float64]],
) -> LevelDocument:
    """Replace one ring of a shape by ``change(path, points)`` (checked)."""

    def edit(base: str, shape: Shape) -> Shape:
        data, path = _get_ring(shape, hole, base)
        arr = change(path, points_array(data))
        _check_ring(path, arr, limits.MAX_POLYGON_POINTS, "MAX_POLYGON_POINTS")
        return _set_ring(shape, hole, _pack(arr))

    return _change_shape(doc, shape_id, edit)


def _point_index(path: str, arr: npt.NDArray[np.float64], index: int) -> int:
    if not 0 <= index < len(arr):
        raise EditError(f"{path}[{index}]: no such point (there are {len(arr)})")
    return index


def _check_delta(dx: float, dy: float) -> None:
    _require(lambda r: r.finite("dx", dx) and r.finite("dy", dy))


def _moved_shape(base: str, shape: Shape, dx: float, dy: float) -> Shape:
    offset = np.array([dx, dy], dtype=np.float64)
    rings = [(f"{base}.points", shape.points)]
    rings += [(f"{base}.holes[{k}]", h) for k, h in enumerate(shape.holes)]
    moved = []
    for path, data in rings:
        arr = points_array(data) + offset
        _check_ring(path, arr, limits.MAX_POLYGON_POINTS, "MAX_POLYGON_POINTS")
        moved.append(_pack(arr))
    return replace(shape, points=moved[0], holes=moved[1:])


@dataclass(frozen=True)
class AddShape(LevelCommand):
    """Add a polygon (outline ``points``, ``holes``) of ``material`` on a ``body``, with the id
    ``level.next_id``, at ``index`` in the drawing order (None: in front of all)."""

    points: Sequence[Point] | bytes
    material: str
    body: Body = "static"
    holes: Sequence[Sequence[Point] | bytes] = ()
    one_way: bool = False
    index: int | None = None

    @property
    def label(self) -> str:
        return f"Add {self.material} shape"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        level = doc.level
        if len(level.shapes) >= limits.MAX_SHAPES:
            raise EditError(
                f"$.level.shapes: already {limits.MAX_SHAPES:,} shapes (limit MAX_SHAPES)"
            )
        base = f"$.level.shapes[{len(level.shapes) if self.index is None else self.index}]"
        _check_material_ref(level, f"{base}.material", self.material)
        if len(self.holes) > limits.MAX_HOLES:
            raise EditError(
                f"{base}.holes: {len(self.holes)} holes, more than {limits.MAX_HOLES} "
                "(limit MAX_HOLES)"
            )
        most, name = limits.MAX_POLYGON_POINTS, "MAX_POLYGON_POINTS"
        shape = Shape(
            id=level.next_id,
            material=self.material,
            body=self.body,
            points=_packed_ring(f"{base}.points", self.points, most, name),
            holes=[
                _packed_ring(f"{base}.holes[{k}]", hole, most, name)
                for k, hole in enumerate(self.holes)
            ],
            one_way=self.one_way,
        )
        shape = _typed(shape, base)
        return _with_level(
            doc,
            shapes=insert_at(level.shapes, self.index, shape, "$.level.shapes"),
            next_id=level.next_id + 1,
        )


@dataclass(frozen=True)
class DeleteShape(LevelCommand):
    """Delete a shape (links name only entities, so nothing else changes)."""

    shape_id: int

    @property
    def label(self) -> str:
        return f"Delete shape {self.shape_id}"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        level = doc.level
        i = _shape_index(level, self.shape_id)
        return _with_level(doc, shapes=remove_at(level.shapes, i, "$.level.shapes", "shape"))


@dataclass(frozen=True)
class MoveShape(LevelCommand):
    """Move a shape (outline and holes) by ``dx, dy`` px; a drag's moves merge into one."""

    shape_id: int
    dx: float
    dy: float

    @property
    def label(self) -> str:
        return f"Move shape {self.shape_id}"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        _check_delta(self.dx, self.dy)
        return _change_shape(doc, self.shape_id, lambda b, s: _moved_shape(b, s, self.dx, self.dy))

    def merge(self, later: Command[Any]) -> Command[Any] | None:
        if isinstance(later, MoveShape) and later.shape_id == self.shape_id:
            return MoveShape(self.shape_id, self.dx + later.dx, self.dy + later.dy)
        return None


@dataclass(frozen=True)
class SetPoint(LevelCommand):
    """Put point ``index`` of a ring (``hole=None``: the outline) at ``x, y``; a point drag's
    commands merge into one."""

    shape_id: int
    index: int
    x: float
    y: float
    hole: int | None = None

    @property
    def label(self) -> str:
        return f"Move point of shape {self.shape_id}"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        def change(path: str, arr: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
            out = arr.copy()
            out[_point_index(path, arr, self.index)] = (self.x, self.y)
            return out

        return _edit_ring(doc, self.shape_id, self.hole, change)

    def merge(self, later: Command[Any]) -> Command[Any] | None:
        same = isinstance(later, SetPoint | MovePoint) and (
            (later.shape_id, later.hole, later.index) == (self.shape_id, self.hole, self.index)
        )
        if isinstance(later, SetPoint) and same:
            return later
        if isinstance(later, MovePoint) and same:
            return SetPoint(
                self.shape_id, self.index, self.x + later.dx, self.y + later.dy, self.hole
            )
        return None


@dataclass(frozen=True)
class MovePoint(LevelCommand):
    """Move point ``index`` of a ring by ``dx, dy``; a point drag's commands merge into one."""

    shape_id: int
    index: int
    dx: float
    dy: float
    hole: int | None = None

    @property
    def label(self) -> str:
        return f"Move point of shape {self.shape_id}"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        def change(path: str, arr: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
            out = arr.copy()
            out[_point_index(path, arr, self.index)] += (self.dx, self.dy)
            return out

        return _edit_ring(doc, self.shape_id, self.hole, change)

    def merge(self, later: Command[Any]) -> Command[Any] | None:
        if not isinstance(later, SetPoint | MovePoint) or (
            (later.shape_id, later.hole, later.index) != (self.shape_id, self.hole, self.index)
        ):
            return None
        if isinstance(later, SetPoint):
            return later
        return MovePoint(
            self.shape_id, self.index, self.dx + later.dx, self.dy + later.dy, self.hole
        )


@dataclass(frozen=True)
class InsertPoint(LevelCommand):
    """Insert a point at ``x, y`` before point ``index`` of a ring (``index`` = the ring's
    length: at the end)."""

    shape_id: int
    index: int
    x: float
    y: float
    hole: int | None = None

    @property
    def label(self) -> str:
        return f"Add point to shape {self.shape_id}"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        def change(path: str, arr: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
            if not 0 <= self.index <= len(arr):
                raise EditError(
                    f"{path}[{self.index}]: cannot insert there (there are {len(arr)} points)"
                )
            return np.insert(arr, self.index, (self.x, self.y), axis=0)

        return _edit_ring(doc, self.shape_id, self.hole, change)


@dataclass(frozen=True)
class DeletePoint(LevelCommand):
    """Delete point ``index`` of a ring (a ring may be left with fewer than 3 points while it
    is being edited; validation reports it)."""

    shape_id: int
    index: int
    hole: int | None = None

    @property
    def label(self) -> str:
        return f"Delete point of shape {self.shape_id}"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        def change(path: str, arr: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
            return np.delete(arr, _point_index(path, arr, self.index), axis=0)

        return _edit_ring(doc, self.shape_id, self.hole, change)


@dataclass(frozen=True)
class AddHole(LevelCommand):
    """Cut a hole (a ring of ``points``) in a shape, after its other holes."""

    shape_id: int
    points: Sequence[Point] | bytes

    @property
    def label(self) -> str:
        return f"Add hole to shape {self.shape_id}"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        def add(base: str, shape: Shape) -> Shape:
            if len(shape.holes) >= limits.MAX_HOLES:
                raise EditError(f"{base}.holes: already {limits.MAX_HOLES} holes (limit MAX_HOLES)")
            path = f"{base}.holes[{len(shape.holes)}]"
            data = _packed_ring(path, self.points, limits.MAX_POLYGON_POINTS, "MAX_POLYGON_POINTS")
            return replace(shape, holes=[*shape.holes, data])

        return _change_shape(doc, self.shape_id, add)


@dataclass(frozen=True)
class DeleteHole(LevelCommand):
    """Fill in hole ``hole`` of a shape."""

    shape_id: int
    hole: int

    @property
    def label(self) -> str:
        return f"Delete hole of shape {self.shape_id}"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        def delete(base: str, shape: Shape) -> Shape:
            return replace(shape, holes=remove_at(shape.holes, self.hole, f"{base}.holes", "hole"))

        return _change_shape(doc, self.shape_id, delete)


@dataclass(frozen=True)
class SetShapeMaterial(LevelCommand):
    shape_id: int
    material: str

    @property
    def label(self) -> str:
        return f"Make shape {self.shape_id} {self.material}"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        def change(base: str, shape: Shape) -> Shape:
            _check_material_ref(doc.level, f"{base}.material", self.material)
            return replace(shape, material=self.material)

        return _change_shape(doc, self.shape_id, change)


@dataclass(frozen=True)
class SetShapeBody(LevelCommand):
    """Put a shape on a ``static``, ``dynamic`` or ``kinematic`` body."""

    shape_id: int
    body: Body

    @property
    def label(self) -> str:
        return f"Make shape {self.shape_id} {self.body}"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        def change(base: str, shape: Shape) -> Shape:
            if self.body not in ("static", "dynamic", "kinematic"):
                raise EditError(f"{base}.body: {self.body!r} is not static, dynamic or kinematic")
            return replace(shape, body=self.body)

        return _change_shape(doc, self.shape_id, change)


@dataclass(frozen=True)
class SetShapeOneWay(LevelCommand):
    """Make a shape solid from above only (``one_way``), or solid from every side."""

    shape_id: int
    one_way: bool

    @property
    def label(self) -> str:
        return f"Make shape {self.shape_id} {'one-way' if self.one_way else 'solid'}"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        return _change_shape(doc, self.shape_id, lambda _, s: replace(s, one_way=self.one_way))


@dataclass(frozen=True)
class SetShapeHidden(LevelCommand):
    """Hide a shape (it still collides: an invisible wall), or show it again."""

    shape_id: int
    hidden: bool

    @property
    def label(self) -> str:
        return f"{'Hide' if self.hidden else 'Show'} shape {self.shape_id}"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        return _change_shape(doc, self.shape_id, lambda _, s: replace(s, hidden=self.hidden))


@dataclass(frozen=True)
class ReorderShape(LevelCommand):
    """Move a shape in the drawing order (the first shape is drawn at the back): ``steps`` > 0
    raises it that many places, < 0 lowers it; the move stops at the front or back, and a
    shape already there is an ``EditError`` (the editor greys the menu item out)."""

    shape_id: int
    steps: int

    @property
    def label(self) -> str:
        return f"{'Raise' if self.steps > 0 else 'Lower'} shape {self.shape_id}"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        level = doc.level
        i = _shape_index(level, self.shape_id)
        if self.steps == 0:
            raise EditError(f"$.level.shapes[{i}]: a move by 0 places changes nothing")
        to = min(max(i + self.steps, 0), len(level.shapes) - 1)
        if to == i:
            end = "front" if self.steps > 0 else "back"
            raise EditError(f"$.level.shapes[{i}]: shape {self.shape_id} is already at the {end}")
        shapes = list(level.shapes)
        shapes.insert(to, shapes.pop(i))
        return _with_level(doc, shapes=shapes)
