"""The level editor's commands: one frozen value per edit a player makes to a level.

Shapes and entities are named by **id** (stable while others are added, deleted or reordered,
as an editor's selection is); materials by **name** (what shapes refer to); tile layers, rings
and points by index. A new shape or entity takes ``level.next_id`` (so the editor selects
``doc.level.next_id - 1`` after adding). Points are ``(x, y)`` pairs in level px; ``hole=None``
is a shape's outline, ``hole=k`` its ``k``-th hole.

Each command checks what it needs (the target exists, a name or id is free, a referenced
material, asset or entity exists, a number is finite and within ``engine.limits``) and raises
``EditError`` with a JSON path otherwise. It does not make the whole level valid: a ring being
drawn may have fewer than 3 points, a sign may be empty for a moment, polygons may cross;
``engine.validation`` reports those. Moves, point drags, prop edits and tile strokes merge
with the next command on the same target, so a drag is one undo step.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import msgspec
import numpy as np
import numpy.typing as npt

from engine import limits
from engine.document import IMAGE_TYPES, LevelDocument
from engine.edit.command import Command, insert_at, item, remove_at, replace, with_item
from engine.errors import EditError
from engine.level.entities import (
    ENTITY_TYPES,
    LINK_SOURCES,
    LINK_TARGETS,
    BouncePad,
    Collectible,
    Crate,
    Door,
    Entity,
    Goal,
    Hazard,
    MovingPlatform,
    Switch,
)
from engine.level.model import Background, Level, Link, Material, Shape, Size, TileLayer, Vec
from engine.packed import POINT_BYTES, pack_points, points_array, tiles_array
from engine.validation.level import MAX_GRAVITY, MAX_SPEED, MIN_DENSITY
from engine.validation.report import Report

Point = tuple[float, float]
Body = Literal["static", "dynamic", "kinematic"]
MAX_ID = 2**63 - 2
"""Largest id (``next_id`` must still fit in a signed 64-bit integer)."""
MAX_TILE = 2**32 - 1
_W = limits.MAX_WORLD
_F8 = np.dtype("<f8")
_U4 = np.dtype("<u4")
LevelCommand = Command[LevelDocument]
_SIZED = (Goal, Hazard, Crate, MovingPlatform, Switch, Door, BouncePad)


# --- helpers --------------------------------------------------------------------------------


def _with_level(doc: LevelDocument, **changes: Any) -> LevelDocument:
    return replace(doc, level=replace(doc.level, **changes))


def _require(check: Callable[[Report], object]) -> None:
    """Run validation's value checks on a fresh report; the first problem is an EditError."""
    report = Report()
    check(report)
    if report.problems:
        raise EditError(str(report.problems[0]))


def _typed(struct: Any, path: str) -> Any:
    """``struct`` as the decoder would build it (floats where floats belong, lengths capped),
    or an EditError naming ``path`` and what is wrong."""
    try:
        return msgspec.msgpack.decode(msgspec.msgpack.encode(struct), type=type(struct))
    except msgspec.ValidationError as exc:
        # msgspec says "Expected `str` of length <= 200 - at `$.name`": put where in the path.
        what, _, where = str(exc).partition(" - at `$")
        raise EditError(f"{path}{where.rstrip('`')}: {what}") from exc


def _shape_index(level: Level, shape_id: int) -> int:
    for i, shape in enumerate(level.shapes):
        if shape.id == shape_id:
            return i
    raise EditError(f"$.level.shapes: no shape has id {shape_id}")


def _entity_index(level: Level, entity_id: int) -> int:
    for i, ent in enumerate(level.entities):
        if ent.id == entity_id:
            return i
    raise EditError(f"$.level.entities: no entity has id {entity_id}")


def _material_index(level: Level, name: str) -> int:
    for i, mat in enumerate(level.materials):
        if mat.name == name:
            return i
    raise EditError(f"$.level.materials: no material is named {name!r}")


def _check_material_ref(level: Level, path: str, name: str) -> None:
    if all(mat.name != name for mat in level.materials):
        raise EditError(f"{path}: material {name!r} is not defined in $.level.materials")


def _check_image(doc: LevelDocument, path: str, digest: str) -> None:
    """``digest`` is ``""`` or the key of an image asset of ``doc``."""
    if digest == "":
        return
    asset = doc.assets.get(digest)
    if asset is None:
        raise EditError(f"{path}: no asset has the digest {digest[:16]}…")
    if asset.type not in IMAGE_TYPES:
        raise EditError(f"{path}: asset {asset.name!r} is a {asset.type}, not an image")


def _kind(ent: Entity) -> str:
    """``"moving platform"`` for a MovingPlatform: the entity's type, as a person says it."""
    return str(type(ent).__struct_config__.tag).replace("_", " ")


def _pack(arr: npt.NDArray[np.float64]) -> bytes:
    return np.ascontiguousarray(arr, dtype=_F8).tobytes()


def _check_ring(path: str, arr: npt.NDArray[np.float64], most: int, limit: str) -> None:
    if len(arr) > most:
        raise EditError(f"{path}: {len(arr):,} points, more than {most:,} (limit {limit})")
    if not np.isfinite(arr).all():
        raise EditError(f"{path}: a point has a coordinate that is not finite")
    if len(arr) and not bool(np.abs(arr).max() <= _W):
        raise EditError(f"{path}: a point is more than {_W:,.0f} px out (limit MAX_WORLD)")


def _packed_ring(path: str, points: Sequence[Point] | bytes, most: int, limit: str) -> bytes:
    """Checked packed bytes of ``points`` (a list of ``(x, y)`` or already packed bytes)."""
    if isinstance(points, bytes):
        if len(points) % POINT_BYTES:
            raise EditError(f"{path}: {len(points)} bytes is not a whole number of points")
        data = points
    else:
        try:
            data = pack_points(points)
        except (TypeError, ValueError, IndexError) as exc:
            raise EditError(f"{path}: points must be (x, y) pairs of numbers") from exc
    _check_ring(path, points_array(data), most, limit)
    return data


def _check_xy(path: str, x: float, y: float) -> None:
    _require(
        lambda r: (
            r.finite(f"{path}.x", x, bound=_W, limit="MAX_WORLD")
            and r.finite(f"{path}.y", y, bound=_W, limit="MAX_WORLD")
        )
    )


# --- level ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SetSize(LevelCommand):
    """The level's width and height in px (each more than 0, at most ``MAX_WORLD``)."""

    width: float
    height: float

    @property
    def label(self) -> str:
        return "Resize level"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        _require(
            lambda r: (
                r.positive("$.level.size.width", self.width, most=_W, limit="MAX_WORLD")
                and r.positive("$.level.size.height", self.height, most=_W, limit="MAX_WORLD")
            )
        )
        return _with_level(doc, size=Size(width=float(self.width), height=float(self.height)))


@dataclass(frozen=True)
class SetGravity(LevelCommand):
    """Gravity in px/s² (each component within ±100,000; positive ``y`` pulls down)."""

    x: float
    y: float

    @property
    def label(self) -> str:
        return "Set gravity"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        _require(
            lambda r: (
                r.finite("$.level.gravity.x", self.x, bound=MAX_GRAVITY)
                and r.finite("$.level.gravity.y", self.y, bound=MAX_GRAVITY)
            )
        )
        return _with_level(doc, gravity=Vec(x=float(self.x), y=float(self.y)))


@dataclass(frozen=True)
class SetBackground(LevelCommand):
    """Change the background's colour, image (an image asset's digest, or ``""``) or parallax;
    fields left None keep their value."""

    color: str | None = None
    image: str | None = None
    parallax: float | None = None

    @property
    def label(self) -> str:
        return "Change background"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        bg = doc.level.background
        color = bg.color if self.color is None else self.color
        image = bg.image if self.image is None else self.image
        parallax = bg.parallax if self.parallax is None else float(self.parallax)
        base = "$.level.background"

        def check(r: Report) -> None:
            r.color(f"{base}.color", color)
            r.between(f"{base}.parallax", parallax, 0, 1)

        _require(check)
        _check_image(doc, f"{base}.image", image)
        return _with_level(doc, background=Background(color=color, image=image, parallax=parallax))


# --- materials ------------------------------------------------------------------------------


def _check_material(doc: LevelDocument, base: str, mat: Material) -> Material:
    mat = _typed(mat, base)

    def check(r: Report) -> None:
        r.name(f"{base}.name", mat.name)
        if r.positive(f"{base}.density", mat.density, most=1e6) and mat.density < MIN_DENSITY:
            r.add(f"{base}.density", f"must be at least {MIN_DENSITY:g}, not {mat.density:g}")
        r.between(f"{base}.friction", mat.friction, 0.0, 100.0)
        r.between(f"{base}.restitution", mat.restitution, 0.0, 1.0)
        r.color(f"{base}.color", mat.color)

    _require(check)
    _check_image(doc, f"{base}.texture", mat.texture)
    return mat


@dataclass(frozen=True)
class AddMaterial(LevelCommand):
    """Add ``material`` (its name not yet used) at ``index`` (None: at the end)."""

    material: Material
    index: int | None = None

    @property
    def label(self) -> str:
        return f"Add material {self.material.name!r}"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        level = doc.level
        if len(level.materials) >= limits.MAX_MATERIALS:
            raise EditError(
                f"$.level.materials: already {limits.MAX_MATERIALS} materials (limit MAX_MATERIALS)"
            )
        at = len(level.materials) if self.index is None else self.index
        mat = _check_material(doc, f"$.level.materials[{at}]", self.material)
        if any(m.name == mat.name for m in level.materials):
            raise EditError(f"$.level.materials: a material is already named {mat.name!r}")
        return _with_level(
            doc, materials=insert_at(level.materials, self.index, mat, "$.level.materials")
        )


@dataclass(frozen=True)
class ChangeMaterial(LevelCommand):
    """Change the properties of the material ``name`` (fields left None keep their value; to
    rename it use ``RenameMaterial``). Merges with the next change of the same material."""

    name: str
    density: float | None = None
    friction: float | None = None
    restitution: float | None = None
    color: str | None = None
    texture: str | None = None

    @property
    def label(self) -> str:
        return f"Change material {self.name!r}"

    def _changes(self) -> dict[str, Any]:
        keys = ("density", "friction", "restitution", "color", "texture")
        return {k: getattr(self, k) for k in keys if getattr(self, k) is not None}

    def apply(self, doc: LevelDocument) -> LevelDocument:
        level = doc.level
        i = _material_index(level, self.name)
        base = f"$.level.materials[{i}]"
        mat = _check_material(doc, base, replace(level.materials[i], **self._changes()))
        return _with_level(doc, materials=with_item(level.materials, i, mat))

    def merge(self, later: Command[Any]) -> Command[Any] | None:
        if isinstance(later, ChangeMaterial) and later.name == self.name:
            return ChangeMaterial(self.name, **{**self._changes(), **later._changes()})
        return None


def _material_users(level: Level, name: str) -> list[str]:
    users = [f"shape {s.id}" for s in level.shapes if s.material == name]
    users += [
        f"{_kind(e)} {e.id}"
        for e in level.entities
        if isinstance(e, Crate | MovingPlatform) and e.material == name
    ]
    users += [f"tile layer {t.name!r}" for t in level.tile_layers if t.material == name]
    return users


@dataclass(frozen=True)
class RenameMaterial(LevelCommand):
    """Rename a material; every shape, crate, moving platform and tile layer that names it is
    changed to the new name."""

    name: str
    new_name: str

    @property
    def label(self) -> str:
        return f"Rename material {self.name!r} to {self.new_name!r}"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        level = doc.level
        i = _material_index(level, self.name)
        if self.new_name == self.name:
            return doc
        mat = _check_material(
            doc, f"$.level.materials[{i}]", replace(level.materials[i], name=self.new_name)
        )
        if any(m.name == self.new_name for m in level.materials):
            raise EditError(
                f"$.level.materials[{i}].name: a material is already named {self.new_name!r}"
            )
        old, new = self.name, self.new_name
        shapes = [replace(s, material=new) if s.material == old else s for s in level.shapes]
        entities = [
            replace(e, material=new)
            if isinstance(e, Crate | MovingPlatform) and e.material == old
            else e
            for e in level.entities
        ]
        layers = [replace(t, material=new) if t.material == old else t for t in level.tile_layers]
        return _with_level(
            doc,
            materials=with_item(level.materials, i, mat),
            shapes=shapes,
            entities=entities,
            tile_layers=layers,
        )


@dataclass(frozen=True)
class DeleteMaterial(LevelCommand):
    """Delete an unused material. A material still in use is not deleted: the ``EditError``
    names what uses it (change their material first), as losing terrain silently is worse."""

    name: str

    @property
    def label(self) -> str:
        return f"Delete material {self.name!r}"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        level = doc.level
        i = _material_index(level, self.name)
        users = _material_users(level, self.name)
        if users:
            shown = ", ".join(users[:5]) + (f" and {len(users) - 5} more" if len(users) > 5 else "")
            raise EditError(f"$.level.materials[{i}]: material {self.name!r} is used by {shown}")
        return _with_level(
            doc, materials=remove_at(level.materials, i, "$.level.materials", "material")
        )


# --- shapes ---------------------------------------------------------------------------------


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


# --- entities -------------------------------------------------------------------------------


def _check_entity(doc: LevelDocument, base: str, ent: Entity) -> Entity:
    """``ent`` with the decoder's types, its values in range and its material defined."""
    ent = _typed(ent, base)
    _check_xy(base, ent.x, ent.y)
    if isinstance(ent, _SIZED):
        size = (ent.width, ent.height)
        _require(
            lambda r: (
                r.positive(f"{base}.width", size[0], most=_W, limit="MAX_WORLD")
                and r.positive(f"{base}.height", size[1], most=_W, limit="MAX_WORLD")
            )
        )
    if isinstance(ent, Crate | MovingPlatform):
        _check_material_ref(doc.level, f"{base}.material", ent.material)
    if isinstance(ent, MovingPlatform):
        _packed_ring(f"{base}.path", ent.path, limits.MAX_PATH_POINTS, "MAX_PATH_POINTS")
        _require(lambda r: r.positive(f"{base}.speed", ent.speed, most=MAX_SPEED))
    elif isinstance(ent, BouncePad):
        _require(lambda r: r.positive(f"{base}.strength", ent.strength, most=MAX_SPEED))
    elif isinstance(ent, Collectible) and ent.value < 1:
        raise EditError(f"{base}.value: must be 1 or more, not {ent.value}")
    return ent


def _change_entity(
    doc: LevelDocument, entity_id: int, change: Callable[[str, Entity], Entity]
) -> LevelDocument:
    level = doc.level
    i = _entity_index(level, entity_id)
    base = f"$.level.entities[{i}]"
    new = _check_entity(doc, base, change(base, level.entities[i]))
    return _with_level(doc, entities=with_item(level.entities, i, new))


@dataclass(frozen=True)
class AddEntity(LevelCommand):
    """Add ``entity`` (any entity type with its props; its ``id`` is ignored: it gets
    ``level.next_id``) at ``index`` (None: at the end)."""

    entity: Entity

    index: int | None = None

    @property
    def label(self) -> str:
        return f"Add {_kind(self.entity)}"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        level = doc.level
        if len(level.entities) >= limits.MAX_ENTITIES:
            raise EditError(
                f"$.level.entities: already {limits.MAX_ENTITIES:,} entities (limit MAX_ENTITIES)"
            )
        base = f"$.level.entities[{len(level.entities) if self.index is None else self.index}]"
        if not isinstance(self.entity, ENTITY_TYPES):
            raise EditError(f"{base}: {type(self.entity).__name__} is not an entity type")
        ent = _check_entity(doc, base, replace(self.entity, id=level.next_id))
        return _with_level(
            doc,
            entities=insert_at(level.entities, self.index, ent, "$.level.entities"),
            next_id=level.next_id + 1,
        )


@dataclass(frozen=True)
class DeleteEntity(LevelCommand):
    """Delete an entity and every link that names it (a switch's wires go with it)."""

    entity_id: int

    @property
    def label(self) -> str:
        return f"Delete entity {self.entity_id}"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        level = doc.level
        i = _entity_index(level, self.entity_id)
        gone = self.entity_id
        return _with_level(
            doc,
            entities=remove_at(level.entities, i, "$.level.entities", "entity"),
            links=[k for k in level.links if gone not in (k.source, k.target)],
        )


@dataclass(frozen=True)
class MoveEntity(LevelCommand):
    """Move an entity by ``dx, dy`` px (a moving platform's path moves with it, being
    relative); a drag's moves merge into one."""

    entity_id: int
    dx: float
    dy: float

    @property
    def label(self) -> str:
        return f"Move entity {self.entity_id}"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        _check_delta(self.dx, self.dy)
        return _change_entity(
            doc, self.entity_id, lambda _, e: replace(e, x=e.x + self.dx, y=e.y + self.dy)
        )

    def merge(self, later: Command[Any]) -> Command[Any] | None:
        if isinstance(later, MoveEntity) and later.entity_id == self.entity_id:
            return MoveEntity(self.entity_id, self.dx + later.dx, self.dy + later.dy)
        return None


@dataclass(frozen=True)
class SetEntityProp(LevelCommand):
    """Set one prop of an entity (``"width"``, ``"material"``, ``"facing"``, ...; not ``id``:
    see ``ChangeEntityId``). A moving platform's ``path`` may be given as ``(x, y)`` pairs.
    Consecutive changes of the same prop (a slider) merge into one."""

    entity_id: int
    prop: str
    value: Any

    @property
    def label(self) -> str:
        return f"Set {self.prop.replace('_', ' ')} of entity {self.entity_id}"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        def change(base: str, ent: Entity) -> Entity:
            fields = {f.name for f in msgspec.structs.fields(type(ent))}
            if self.prop == "id":
                raise EditError(f"{base}.id: change an id with ChangeEntityId")
            if self.prop not in fields:
                raise EditError(f"{base}: a {_kind(ent)} has no prop {self.prop!r}")
            value = self.value
            if self.prop == "path" and not isinstance(value, bytes):
                value = _packed_ring(
                    f"{base}.path", value, limits.MAX_PATH_POINTS, "MAX_PATH_POINTS"
                )
            return replace(ent, **{self.prop: value})

        return _change_entity(doc, self.entity_id, change)

    def merge(self, later: Command[Any]) -> Command[Any] | None:
        if isinstance(later, SetEntityProp) and (later.entity_id, later.prop) == (
            self.entity_id,
            self.prop,
        ):
            return later
        return None


@dataclass(frozen=True)
class ChangeEntityId(LevelCommand):
    """Give an entity another id (1 or more, used by no shape or entity); links that name it
    follow, and ``next_id`` grows past it when needed."""

    entity_id: int
    new_id: int

    @property
    def label(self) -> str:
        return f"Change id of entity {self.entity_id} to {self.new_id}"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        level = doc.level
        i = _entity_index(level, self.entity_id)
        old, new = self.entity_id, self.new_id
        path = f"$.level.entities[{i}].id"
        if new == old:
            return doc
        if not 1 <= new <= MAX_ID:
            raise EditError(f"{path}: id must be 1 to {MAX_ID}, not {new}")
        for section, things in (("shapes", level.shapes), ("entities", level.entities)):
            for j, thing in enumerate(things):
                if thing.id == new:
                    raise EditError(f"{path}: id {new} is already used by $.level.{section}[{j}]")
        links = [
            Link(
                source=new if k.source == old else k.source,
                target=new if k.target == old else k.target,
            )
            if old in (k.source, k.target)
            else k
            for k in level.links
        ]
        return _with_level(
            doc,
            entities=with_item(level.entities, i, replace(level.entities[i], id=new)),
            links=links,
            next_id=max(level.next_id, new + 1),
        )


# --- links ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AddLink(LevelCommand):
    """Wire switch ``source`` to ``target`` (a door or a moving platform)."""

    source: int
    target: int

    @property
    def label(self) -> str:
        return f"Link switch {self.source} to {self.target}"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        level = doc.level
        base = f"$.level.links[{len(level.links)}]"
        source = level.entities[_entity_index(level, self.source)]
        target = level.entities[_entity_index(level, self.target)]
        if not isinstance(source, LINK_SOURCES):
            raise EditError(
                f"{base}.source: entity {self.source} is a {_kind(source)}, not a switch"
            )
        if not isinstance(target, LINK_TARGETS):
            raise EditError(
                f"{base}.target: entity {self.target} is a {_kind(target)}, "
                "not a door or moving platform"
            )
        if any((k.source, k.target) == (self.source, self.target) for k in level.links):
            raise EditError(f"$.level.links: switch {self.source} already links to {self.target}")
        if len(level.links) >= limits.MAX_LINKS:
            raise EditError(f"$.level.links: already {limits.MAX_LINKS:,} links (limit MAX_LINKS)")
        link = Link(source=self.source, target=self.target)
        return _with_level(doc, links=[*level.links, link])


@dataclass(frozen=True)
class DeleteLink(LevelCommand):
    """Remove the wire from switch ``source`` to ``target``."""

    source: int
    target: int

    @property
    def label(self) -> str:
        return f"Unlink switch {self.source} from {self.target}"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        links = doc.level.links
        kept = [k for k in links if (k.source, k.target) != (self.source, self.target)]
        if len(kept) == len(links):
            raise EditError(f"$.level.links: switch {self.source} does not link to {self.target}")
        return _with_level(doc, links=kept)


# --- selections -----------------------------------------------------------------------------


def _indices(
    items: Sequence[Shape] | Sequence[Entity], ids: Sequence[int], section: str, what: str
) -> list[int]:
    """The indices in ``$.level.<section>`` of the ``what`` (shape or entity) with ``ids``."""
    where = {thing.id: i for i, thing in enumerate(items)}
    for ident in ids:
        if ident not in where:
            raise EditError(f"$.level.{section}: no {what} has id {ident}")
    return sorted({where[ident] for ident in ids})


def _count(shape_ids: Sequence[int], entity_ids: Sequence[int]) -> str:
    n = len(set(shape_ids)) + len(set(entity_ids))
    return f"{n} thing{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class MoveSelection(LevelCommand):
    """Move several shapes and entities by ``dx, dy`` px at once (an editor's selection); a
    drag of the same selection merges into one."""

    shape_ids: tuple[int, ...]
    entity_ids: tuple[int, ...]
    dx: float
    dy: float

    @property
    def label(self) -> str:
        return f"Move {_count(self.shape_ids, self.entity_ids)}"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        _check_delta(self.dx, self.dy)
        level = doc.level
        shapes, entities = list(level.shapes), list(level.entities)
        for i in _indices(shapes, self.shape_ids, "shapes", "shape"):
            shapes[i] = _moved_shape(f"$.level.shapes[{i}]", shapes[i], self.dx, self.dy)
        for i in _indices(entities, self.entity_ids, "entities", "entity"):
            ent = entities[i]
            entities[i] = _check_entity(
                doc, f"$.level.entities[{i}]", replace(ent, x=ent.x + self.dx, y=ent.y + self.dy)
            )
        return _with_level(doc, shapes=shapes, entities=entities)

    def merge(self, later: Command[Any]) -> Command[Any] | None:
        if isinstance(later, MoveSelection) and (later.shape_ids, later.entity_ids) == (
            self.shape_ids,
            self.entity_ids,
        ):
            return MoveSelection(
                self.shape_ids, self.entity_ids, self.dx + later.dx, self.dy + later.dy
            )
        return None


@dataclass(frozen=True)
class DeleteSelection(LevelCommand):
    """Delete several shapes and entities at once, and every link that names a deleted
    entity."""

    shape_ids: tuple[int, ...]
    entity_ids: tuple[int, ...]

    @property
    def label(self) -> str:
        return f"Delete {_count(self.shape_ids, self.entity_ids)}"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        level = doc.level
        gone_shapes = set(_indices(level.shapes, self.shape_ids, "shapes", "shape"))
        gone_entities = set(_indices(level.entities, self.entity_ids, "entities", "entity"))
        gone = set(self.entity_ids)
        return _with_level(
            doc,
            shapes=[s for i, s in enumerate(level.shapes) if i not in gone_shapes],
            entities=[e for i, e in enumerate(level.entities) if i not in gone_entities],
            links=[k for k in level.links if k.source not in gone and k.target not in gone],
        )


# --- tile layers ----------------------------------------------------------------------------


def _paint(
    doc: LevelDocument, layer: int, tile: int, cells: Callable[[str, TileLayer], npt.NDArray[Any]]
) -> LevelDocument:
    """Set the cells of tile layer ``layer`` chosen by ``cells(path, layer)`` (a boolean mask or
    flat indices) to ``tile``."""
    level = doc.level
    base = f"$.level.tile_layers[{layer}]"
    old = item(level.tile_layers, layer, "$.level.tile_layers", "tile layer")
    if not 0 <= tile <= MAX_TILE:
        raise EditError(f"{base}.data: tile {tile} is not 0 (empty) to {MAX_TILE}")
    data = tiles_array(old.data)
    if len(data) != old.columns * old.rows:
        raise EditError(f"{base}.data: does not hold {old.columns} × {old.rows} cells")
    out = data.copy()
    out[cells(base, old)] = tile
    new = replace(old, data=np.ascontiguousarray(out, dtype=_U4).tobytes())
    return _with_level(doc, tile_layers=with_item(level.tile_layers, layer, new))


@dataclass(frozen=True)
class PaintTiles(LevelCommand):
    """Set the cells ``(column, row)`` of a tile layer to ``tile`` (0 erases); a brush stroke's
    commands (same layer, same tile) merge into one."""

    layer: int
    cells: tuple[tuple[int, int], ...]
    tile: int

    @property
    def label(self) -> str:
        return "Erase tiles" if self.tile == 0 else "Paint tiles"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        def flat(base: str, layer: TileLayer) -> npt.NDArray[Any]:
            for col, row in self.cells:
                if not (0 <= col < layer.columns and 0 <= row < layer.rows):
                    raise EditError(
                        f"{base}: no cell ({col}, {row}) in {layer.columns} × {layer.rows}"
                    )
            return np.array([row * layer.columns + col for col, row in self.cells], dtype=np.int64)

        return _paint(doc, self.layer, self.tile, flat)

    def merge(self, later: Command[Any]) -> Command[Any] | None:
        if isinstance(later, PaintTiles) and (later.layer, later.tile) == (self.layer, self.tile):
            return PaintTiles(self.layer, self.cells + later.cells, self.tile)
        return None


@dataclass(frozen=True)
class FillTiles(LevelCommand):
    """Set a rectangle of cells (``columns`` × ``rows`` from ``column, row``) to ``tile``."""

    layer: int
    column: int
    row: int
    columns: int
    rows: int
    tile: int

    @property
    def label(self) -> str:
        return "Clear tiles" if self.tile == 0 else "Fill tiles"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        def rect(base: str, layer: TileLayer) -> npt.NDArray[Any]:
            c0, r0, c1, r1 = self.column, self.row, self.column + self.columns, self.row + self.rows
            if not (0 <= c0 < c1 <= layer.columns and 0 <= r0 < r1 <= layer.rows):
                raise EditError(
                    f"{base}: the rectangle {self.columns} × {self.rows} at ({c0}, {r0}) is not "
                    f"inside the {layer.columns} × {layer.rows} grid"
                )
            mask = np.zeros((layer.rows, layer.columns), dtype=bool)
            mask[r0:r1, c0:c1] = True
            return mask.reshape(-1)

        return _paint(doc, self.layer, self.tile, rect)
