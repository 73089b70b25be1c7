"""Commands on shape layers: kind, size, colours, corner radius and star."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar

from engine import limits
from engine.design.model import Layer, ShapeLayer
from engine.document import DesignDocument
from engine.edit.command import Command, replace
from engine.edit.design.common import _SPAN, ShapeKind, _as, _check, _check_one_of, _LayerEdit
from engine.errors import EditError
from engine.packed import pack_points, point_count, unpack_points

# -- shape layers ----------------------------------------------------------------------------------


def _check_size(path: str, width: float, height: float) -> None:
    _check(lambda r: r.positive(f"{path}.width", width, most=_SPAN, limit="MAX_PRINT_INCHES"))
    _check(lambda r: r.positive(f"{path}.height", height, most=_SPAN, limit="MAX_PRINT_INCHES"))


def _check_paint(path: str, fill: str, stroke: str, width: float) -> None:
    _check(lambda r: r.color(f"{path}.fill", fill, optional=True))
    _check(lambda r: r.color(f"{path}.stroke", stroke, optional=True))
    _check(
        lambda r: r.between(
            f"{path}.stroke_width", width, 0.0, limits.MAX_PRINT_INCHES, "MAX_PRINT_INCHES"
        )
    )


def _check_points(
    path: str, ring: tuple[tuple[float, float], ...] | list[tuple[float, float]]
) -> bytes:
    """Packed points; a polygon being drawn may be short, but not too long or out of range."""
    if len(ring) > limits.MAX_POLYGON_POINTS:
        raise EditError(
            f"{path}: {len(ring):,} points, more than {limits.MAX_POLYGON_POINTS:,} "
            "(limit MAX_POLYGON_POINTS)"
        )
    for i, (x, y) in enumerate(ring):
        if not (math.isfinite(x) and math.isfinite(y)) or max(abs(x), abs(y)) > _SPAN:
            raise EditError(
                f"{path}: point {i} ({x:g}, {y:g}) is not within ±{_SPAN:g} in "
                "(limit MAX_PRINT_INCHES)"
            )
    return pack_points(ring)


def _box(width: float, height: float) -> tuple[tuple[float, float], ...]:
    w, h = width / 2, height / 2
    return ((-w, -h), (w, -h), (w, h), (-w, h))


def _outline(shape: ShapeLayer) -> list[tuple[float, float]]:
    """The points of a rect, ellipse or star as a polygon that looks the same (a rect's rounded
    corners become square)."""
    w, h = shape.width / 2, shape.height / 2
    if shape.shape == "ellipse":
        steps = 48
        return [
            (w * math.sin(2 * math.pi * k / steps), -h * math.cos(2 * math.pi * k / steps))
            for k in range(steps)
        ]
    if shape.shape == "star":
        n, out = shape.star_points, []
        for k in range(2 * n):
            r = 1.0 if k % 2 == 0 else shape.inner_ratio
            a = math.pi * k / n
            out.append((w * r * math.sin(a), -h * r * math.cos(a)))
        return out
    return list(_box(shape.width, shape.height))


@dataclass(frozen=True)
class SetShapeKind(_LayerEdit):
    """Make a shape a rect, ellipse, star or polygon, keeping its look as near as it can: a
    polygon gets the outline of the old shape (an ellipse as 48 points), and a polygon turned
    into another shape takes the size of its bounding box. Only a rect keeps a corner radius."""

    shape: ShapeKind
    verb: ClassVar[str] = "Change shape of"

    def change(self, doc: DesignDocument, layer: Layer, path: str) -> Layer:
        old = _as(layer, ShapeLayer, path)
        _check_one_of(f"{path}.shape", self.shape, ShapeKind)
        if self.shape == old.shape:
            return old
        radius = old.corner_radius if self.shape == "rect" else 0.0
        if self.shape == "polygon":
            points = _check_points(f"{path}.points", _outline(old))
            return replace(old, shape="polygon", points=points, corner_radius=0.0)
        width, height = old.width, old.height
        if old.shape == "polygon":
            ring = unpack_points(old.points[: point_count(old.points) * 16])
            if ring:
                xs, ys = [p[0] for p in ring], [p[1] for p in ring]
                width = max(xs) - min(xs) or width
                height = max(ys) - min(ys) or height
        return replace(
            old, shape=self.shape, points=b"", width=width, height=height, corner_radius=radius
        )


@dataclass(frozen=True)
class SetShapeSize(_LayerEdit):
    """The box of a rect, ellipse or star, in inches (a corner radius too big for the new box
    is made as big as fits); drags merge."""

    width: float
    height: float
    verb: ClassVar[str] = "Resize"

    def change(self, doc: DesignDocument, layer: Layer, path: str) -> Layer:
        shape = _as(layer, ShapeLayer, path)
        if shape.shape == "polygon":
            raise EditError(f"{path}: a polygon has no box; move its points or scale the layer")
        _check_size(path, self.width, self.height)
        radius = min(shape.corner_radius, min(self.width, self.height) / 2)
        return replace(
            shape, width=float(self.width), height=float(self.height), corner_radius=radius
        )

    def merge(self, later: Command[Any]) -> Command[Any] | None:
        return later if self._same(later) else None


@dataclass(frozen=True)
class SetShapeColors(_LayerEdit):
    """Fill and outline (``""`` for none) and the outline's width in inches."""

    fill: str
    stroke: str
    stroke_width: float
    verb: ClassVar[str] = "Colours of"

    def change(self, doc: DesignDocument, layer: Layer, path: str) -> Layer:
        shape = _as(layer, ShapeLayer, path)
        _check_paint(path, self.fill, self.stroke, self.stroke_width)
        return replace(
            shape, fill=self.fill, stroke=self.stroke, stroke_width=float(self.stroke_width)
        )

    def merge(self, later: Command[Any]) -> Command[Any] | None:
        return later if self._same(later) else None


@dataclass(frozen=True)
class SetCornerRadius(_LayerEdit):
    """Round a rect's corners (0 to half its smaller side, inches)."""

    radius: float
    verb: ClassVar[str] = "Round corners of"

    def change(self, doc: DesignDocument, layer: Layer, path: str) -> Layer:
        shape = _as(layer, ShapeLayer, path)
        if shape.shape != "rect":
            raise EditError(f"{path}.corner_radius: only a rect has corners, not a {shape.shape}")
        most = min(shape.width, shape.height) / 2
        _check(lambda r: r.between(f"{path}.corner_radius", self.radius, 0.0, most))
        return replace(shape, corner_radius=float(self.radius))

    def merge(self, later: Command[Any]) -> Command[Any] | None:
        return later if self._same(later) else None


@dataclass(frozen=True)
class SetStarShape(_LayerEdit):
    """A star's tips (3 to 100) and its inner radius as a fraction of the outer (0.05 to 1)."""

    star_points: int
    inner_ratio: float
    verb: ClassVar[str] = "Star of"

    def change(self, doc: DesignDocument, layer: Layer, path: str) -> Layer:
        shape = _as(layer, ShapeLayer, path)
        if not 3 <= self.star_points <= 100:
            raise EditError(f"{path}.star_points: {self.star_points} is out of range (3 to 100)")
        _check(lambda r: r.between(f"{path}.inner_ratio", self.inner_ratio, 0.05, 1.0))
        return replace(
            shape, star_points=int(self.star_points), inner_ratio=float(self.inner_ratio)
        )
