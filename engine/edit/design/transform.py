"""Commands that move, scale, rotate and flip a layer (drags merge)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from engine.design.model import Layer
from engine.document import DesignDocument
from engine.edit.command import Command, replace
from engine.edit.design.common import _SPAN, _check, _LayerEdit
from engine.errors import EditError

# -- transforms (drags merge) ----------------------------------------------------------------------


def _with_transform(layer: Layer, **changes: Any) -> Layer:
    return replace(layer, transform=replace(layer.transform, **changes))


@dataclass(frozen=True)
class MoveLayer(_LayerEdit):
    """Move a layer by ``dx, dy`` inches; consecutive moves of one layer merge."""

    dx: float
    dy: float
    verb: ClassVar[str] = "Move"

    def change(self, doc: DesignDocument, layer: Layer, path: str) -> Layer:
        x, y = layer.transform.x + self.dx, layer.transform.y + self.dy
        _check(lambda r: r.finite(f"{path}.transform.x", x, bound=_SPAN, limit="MAX_PRINT_INCHES"))
        _check(lambda r: r.finite(f"{path}.transform.y", y, bound=_SPAN, limit="MAX_PRINT_INCHES"))
        return _with_transform(layer, x=x, y=y)

    def merge(self, later: Command[Any]) -> Command[Any] | None:
        if isinstance(later, MoveLayer) and self._same(later):
            return MoveLayer(self.index, self.dx + later.dx, self.dy + later.dy)
        return None


@dataclass(frozen=True)
class ScaleLayer(_LayerEdit):
    """Multiply a layer's scale by ``factor``; consecutive scalings of one layer merge."""

    factor: float
    verb: ClassVar[str] = "Scale"

    def change(self, doc: DesignDocument, layer: Layer, path: str) -> Layer:
        if not (math.isfinite(self.factor) and self.factor > 0):
            raise EditError(f"{path}.transform.scale: cannot scale by {self.factor:g}")
        scale = layer.transform.scale * self.factor
        _check(lambda r: r.positive(f"{path}.transform.scale", scale, most=100.0))
        return _with_transform(layer, scale=scale)

    def merge(self, later: Command[Any]) -> Command[Any] | None:
        if isinstance(later, ScaleLayer) and self._same(later):
            return ScaleLayer(self.index, self.factor * later.factor)
        return None


@dataclass(frozen=True)
class RotateLayer(_LayerEdit):
    """Turn a layer ``degrees`` clockwise (the angle is kept in -180 to 180); consecutive turns
    of one layer merge."""

    degrees: float
    verb: ClassVar[str] = "Rotate"

    def change(self, doc: DesignDocument, layer: Layer, path: str) -> Layer:
        _check(lambda r: r.finite(f"{path}.transform.rotation", self.degrees))
        turned = math.fmod(layer.transform.rotation + self.degrees, 360.0)
        if turned > 180.0:
            turned -= 360.0
        elif turned <= -180.0:
            turned += 360.0
        return _with_transform(layer, rotation=turned)

    def merge(self, later: Command[Any]) -> Command[Any] | None:
        if isinstance(later, RotateLayer) and self._same(later):
            return RotateLayer(self.index, self.degrees + later.degrees)
        return None


@dataclass(frozen=True)
class FlipLayer(_LayerEdit):
    """Mirror a layer left–right (``axis="x"``) or top–bottom (``"y"``)."""

    axis: Literal["x", "y"]

    @property
    def label(self) -> str:
        return f"Flip layer {self.index + 1} {'left–right' if self.axis == 'x' else 'top–bottom'}"

    def change(self, doc: DesignDocument, layer: Layer, path: str) -> Layer:
        t = layer.transform
        if self.axis == "x":
            return _with_transform(layer, flip_x=not t.flip_x)
        if self.axis == "y":
            return _with_transform(layer, flip_y=not t.flip_y)
        raise EditError(f"{path}.transform: flip axis {self.axis!r} is not x or y")
