"""What the design editor's commands share: paths, value checks, and the base of a change to
one layer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Literal, TypeVar, get_args

from engine import limits
from engine.design.model import ImageLayer, Layer, ShapeLayer, TextLayer, Transform
from engine.document import DesignDocument
from engine.edit.command import Command, item, replace, with_item
from engine.errors import EditError
from engine.validation.report import Report

LAYERS = "$.design.layers"
COLORS = "$.design.garment.colors"
ShapeKind = Literal["rect", "ellipse", "polygon", "star"]
L = TypeVar("L", ImageLayer, TextLayer, ShapeLayer)
_KIND: dict[type[Any], str] = {ImageLayer: "image", TextLayer: "text", ShapeLayer: "shape"}
_SPAN = 2 * limits.MAX_PRINT_INCHES
"""Layer positions, shape sizes and polygon points lie within ± this (inches)."""


# -- checks and helpers ----------------------------------------------------------------------------


def _check(run: Callable[[Report], object]) -> None:
    """Run validation's own value check; its first problem becomes the ``EditError``."""
    report = Report()
    run(report)
    if report.problems:
        raise EditError(str(report.problems[0]))


def _check_name(path: str, value: str) -> None:
    if len(value) > limits.MAX_NAME_CHARS:
        raise EditError(
            f"{path}: more than {limits.MAX_NAME_CHARS} characters (limit MAX_NAME_CHARS)"
        )
    _check(lambda r: r.name(path, value))


def _check_one_of(path: str, value: str, allowed: Any) -> None:
    options = get_args(allowed)
    if value not in options:
        raise EditError(f"{path}: {value!r} is not one of {', '.join(options)}")


def _design(doc: DesignDocument, **changes: Any) -> DesignDocument:
    return replace(doc, design=replace(doc.design, **changes))


def _path(index: int) -> str:
    return f"{LAYERS}[{index}]"


def _as(layer: Layer, kind: type[L], path: str) -> L:
    if not isinstance(layer, kind):
        have, want = _KIND[type(layer)], _KIND[kind]
        raise EditError(
            f"{path}: layer {layer.name!r} is {_a(have)} {have} layer, not {_a(want)} {want} layer"
        )
    return layer


def _a(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


def _position(doc: DesignDocument, x: float | None, y: float | None, path: str) -> Transform:
    area = doc.design.print_area
    t = Transform(
        x=float(area.width / 2 if x is None else x), y=float(area.height / 2 if y is None else y)
    )
    _check(lambda r: r.finite(f"{path}.transform.x", t.x, bound=_SPAN))
    _check(lambda r: r.finite(f"{path}.transform.y", t.y, bound=_SPAN))
    return t


# -- changing one layer ----------------------------------------------------------------------------


def _unlocked(doc: DesignDocument, index: int, doing: str) -> Layer:
    layer = item(doc.design.layers, index, LAYERS, "layer")
    if layer.locked:
        raise EditError(f"{_path(index)}: layer {layer.name!r} is locked; unlock it to {doing} it")
    return layer


@dataclass(frozen=True)
class _LayerEdit(Command[DesignDocument]):
    """A change to one layer; refused on a locked layer unless ``locked_ok``."""

    index: int
    verb: ClassVar[str] = "Change"
    locked_ok: ClassVar[bool] = False

    @property
    def label(self) -> str:
        return f"{self.verb} layer {self.index + 1}"

    def change(self, doc: DesignDocument, layer: Layer, path: str) -> Layer:
        raise NotImplementedError

    def apply(self, doc: DesignDocument) -> DesignDocument:
        if self.locked_ok:
            layer = item(doc.design.layers, self.index, LAYERS, "layer")
        else:
            layer = _unlocked(doc, self.index, "change")
        new = self.change(doc, layer, _path(self.index))
        return _design(doc, layers=with_item(doc.design.layers, self.index, new))

    def _same(self, later: Command[Any]) -> bool:
        return type(later) is type(self) and getattr(later, "index", None) == self.index
