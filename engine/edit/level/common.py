"""What the level commands share: lookups by id or name, value checks, packed rings."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal

import msgspec
import numpy as np
import numpy.typing as npt

from engine import limits
from engine.document import IMAGE_TYPES, LevelDocument
from engine.edit.command import Command, replace
from engine.errors import EditError
from engine.level.entities import (
    BouncePad,
    Crate,
    Door,
    Entity,
    Goal,
    Hazard,
    MovingPlatform,
    Switch,
)
from engine.level.model import Level
from engine.packed import POINT_BYTES, pack_points, points_array
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
