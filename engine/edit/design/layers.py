"""Commands that add, delete, duplicate and restack layers, and rename, show, hide, lock,
fade or blend one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from engine import limits
from engine.design.model import BlendMode, ImageLayer, Layer, ShapeLayer, TextLayer
from engine.document import DesignDocument
from engine.edit.command import Command, insert_at, item, remove_at, replace
from engine.edit.design.assets import _drop_unused, _embed, _used_assets
from engine.edit.design.common import (
    LAYERS,
    ShapeKind,
    _check,
    _check_name,
    _check_one_of,
    _design,
    _LayerEdit,
    _path,
    _position,
    _unlocked,
)
from engine.edit.design.shape import _box, _check_paint, _check_points, _check_size
from engine.edit.design.text import _check_text
from engine.errors import EditError

# -- adding, deleting and restacking layers --------------------------------------------------------


def _insert_layer(
    doc: DesignDocument, index: int | None, make: Callable[[int, str], Layer]
) -> DesignDocument:
    """``doc`` with the layer ``make(id, path)`` inserted at ``index`` (None: on top)."""
    layers = doc.design.layers
    if len(layers) >= limits.MAX_LAYERS:
        raise EditError(f"{LAYERS}: already {limits.MAX_LAYERS} layers (limit MAX_LAYERS)")
    at = len(layers) if index is None else index
    layer = make(doc.design.next_id, _path(at))
    _check_name(f"{_path(at)}.name", layer.name)
    new = insert_at(layers, index, layer, LAYERS)
    return _design(doc, layers=new, next_id=doc.design.next_id + 1)


@dataclass(frozen=True)
class AddImageLayer(Command[DesignDocument]):
    """A new image layer showing ``image`` (PNG or JPEG bytes, embedded as an asset named
    ``file_name``), centred at ``x, y`` inches (default: the print area's centre), on top or at
    ``index``. Only the file's signature is checked here; validation reads the image."""

    name: str
    image: bytes
    file_name: str
    x: float | None = None
    y: float | None = None
    scale: float = 1.0
    index: int | None = None

    @property
    def label(self) -> str:
        return f"Add image {self.name!r}"

    def apply(self, doc: DesignDocument) -> DesignDocument:
        assets = doc.assets

        def make(ident: int, path: str) -> Layer:
            nonlocal assets
            key, assets = _embed(doc, self.image, self.file_name, "image", f"{path}.image")
            t = _position(doc, self.x, self.y, path)
            _check(lambda r: r.positive(f"{path}.transform.scale", self.scale, most=100.0))
            t = replace(t, scale=float(self.scale))
            return ImageLayer(id=ident, name=self.name, transform=t, image=key)

        added = _insert_layer(doc, self.index, make)
        return replace(added, assets=assets)


@dataclass(frozen=True)
class AddTextLayer(Command[DesignDocument]):
    """A new text layer set in ``font`` (TTF or OTF bytes, embedded as an asset named
    ``file_name``), centred at ``x, y`` (default: the print area's centre)."""

    name: str
    text: str
    font: bytes
    file_name: str
    x: float | None = None
    y: float | None = None
    size: float = 48.0
    color: str = "#000000"
    index: int | None = None

    @property
    def label(self) -> str:
        return f"Add text {self.name!r}"

    def apply(self, doc: DesignDocument) -> DesignDocument:
        assets = doc.assets

        def make(ident: int, path: str) -> Layer:
            nonlocal assets
            key, assets = _embed(doc, self.font, self.file_name, "font", f"{path}.font")
            _check_text(f"{path}.text", self.text)
            _check(lambda r: r.positive(f"{path}.size", self.size, most=2000.0))
            _check(lambda r: r.color(f"{path}.color", self.color))
            return TextLayer(
                id=ident,
                name=self.name,
                transform=_position(doc, self.x, self.y, path),
                text=self.text,
                font=key,
                size=float(self.size),
                color=self.color,
            )

        added = _insert_layer(doc, self.index, make)
        return replace(added, assets=assets)


@dataclass(frozen=True)
class AddShapeLayer(Command[DesignDocument]):
    """A new shape layer: a ``width`` × ``height`` rect, ellipse or star, or a polygon of
    ``points`` (inches about the centre; default: the corners of the box)."""

    name: str
    shape: ShapeKind = "rect"
    x: float | None = None
    y: float | None = None
    width: float = 2.0
    height: float = 2.0
    fill: str = "#000000"
    stroke: str = ""
    stroke_width: float = 0.0
    points: tuple[tuple[float, float], ...] = ()
    index: int | None = None

    @property
    def label(self) -> str:
        return f"Add {self.shape} {self.name!r}"

    def apply(self, doc: DesignDocument) -> DesignDocument:
        def make(ident: int, path: str) -> Layer:
            _check_one_of(f"{path}.shape", self.shape, ShapeKind)
            _check_size(path, self.width, self.height)
            _check_paint(path, self.fill, self.stroke, self.stroke_width)
            points = b""
            if self.shape == "polygon":
                ring = self.points or _box(self.width, self.height)
                points = _check_points(f"{path}.points", ring)
            elif self.points:
                raise EditError(f"{path}.points: only a polygon has points, not a {self.shape}")
            return ShapeLayer(
                id=ident,
                name=self.name,
                transform=_position(doc, self.x, self.y, path),
                shape=self.shape,
                width=float(self.width),
                height=float(self.height),
                points=points,
                fill=self.fill,
                stroke=self.stroke,
                stroke_width=float(self.stroke_width),
            )

        return _insert_layer(doc, self.index, make)


@dataclass(frozen=True)
class DeleteLayer(Command[DesignDocument]):
    """Delete a layer (not a locked one), and the image or font asset it used if no other
    layer uses it."""

    index: int

    @property
    def label(self) -> str:
        return f"Delete layer {self.index + 1}"

    def apply(self, doc: DesignDocument) -> DesignDocument:
        layer = _unlocked(doc, self.index, "delete")
        rest = remove_at(doc.design.layers, self.index, LAYERS, "layer")
        return _drop_unused(_design(doc, layers=rest), _used_assets([layer]))


@dataclass(frozen=True)
class DuplicateLayer(Command[DesignDocument]):
    """A copy of a layer, just above it, with a new id and " copy" after its name."""

    index: int

    @property
    def label(self) -> str:
        return f"Duplicate layer {self.index + 1}"

    def apply(self, doc: DesignDocument) -> DesignDocument:
        layer = item(doc.design.layers, self.index, LAYERS, "layer")
        name = (layer.name + " copy")[: limits.MAX_NAME_CHARS]
        return _insert_layer(
            doc, self.index + 1, lambda ident, _: replace(layer, id=ident, name=name)
        )


@dataclass(frozen=True)
class _Restack(Command[DesignDocument]):
    index: int
    text: ClassVar[str] = "Restack layer {}"

    @property
    def label(self) -> str:
        return self.text.format(self.index + 1)

    def target(self, count: int) -> int:
        raise NotImplementedError

    def apply(self, doc: DesignDocument) -> DesignDocument:
        layers = doc.design.layers
        layer = item(layers, self.index, LAYERS, "layer")
        count = len(layers)
        to = self.target(count)
        if not 0 <= to < count or to == self.index:
            if to >= self.index and self.index == count - 1:
                where = "at the top"
            elif to <= self.index and self.index == 0:
                where = "at the bottom"
            else:
                where = f"at position {self.index}"
            raise EditError(f"{_path(self.index)}: layer {layer.name!r} is already {where}")
        rest = remove_at(layers, self.index, LAYERS, "layer")
        return _design(doc, layers=insert_at(rest, to, layer, LAYERS))


@dataclass(frozen=True)
class RestackLayer(_Restack):
    """Move a layer to position ``to`` in the stack (0 is the bottom)."""

    to: int

    def target(self, count: int) -> int:
        if not 0 <= self.to < count:
            raise EditError(f"{LAYERS}[{self.to}]: no such position (there are {count} layers)")
        return self.to


@dataclass(frozen=True)
class RaiseLayer(_Restack):
    text: ClassVar[str] = "Raise layer {}"

    def target(self, count: int) -> int:
        return self.index + 1


@dataclass(frozen=True)
class LowerLayer(_Restack):
    text: ClassVar[str] = "Lower layer {}"

    def target(self, count: int) -> int:
        return self.index - 1


@dataclass(frozen=True)
class LayerToTop(_Restack):
    text: ClassVar[str] = "Bring layer {} to the top"

    def target(self, count: int) -> int:
        return count - 1


@dataclass(frozen=True)
class LayerToBottom(_Restack):
    text: ClassVar[str] = "Send layer {} to the bottom"

    def target(self, count: int) -> int:
        return 0


# -- changing one layer ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RenameLayer(_LayerEdit):
    name: str
    verb: ClassVar[str] = "Rename"
    locked_ok: ClassVar[bool] = True

    def change(self, doc: DesignDocument, layer: Layer, path: str) -> Layer:
        _check_name(f"{path}.name", self.name)
        return replace(layer, name=self.name)


@dataclass(frozen=True)
class SetLayerVisible(_LayerEdit):
    visible: bool
    locked_ok: ClassVar[bool] = True

    @property
    def label(self) -> str:
        return f"{'Show' if self.visible else 'Hide'} layer {self.index + 1}"

    def change(self, doc: DesignDocument, layer: Layer, path: str) -> Layer:
        return replace(layer, visible=bool(self.visible))


@dataclass(frozen=True)
class SetLayerLocked(_LayerEdit):
    locked: bool
    locked_ok: ClassVar[bool] = True

    @property
    def label(self) -> str:
        return f"{'Lock' if self.locked else 'Unlock'} layer {self.index + 1}"

    def change(self, doc: DesignDocument, layer: Layer, path: str) -> Layer:
        return replace(layer, locked=bool(self.locked))


@dataclass(frozen=True)
class SetLayerOpacity(_LayerEdit):
    """Set the opacity (0 to 1); a slider's drag merges into one step."""

    opacity: float
    verb: ClassVar[str] = "Opacity of"

    def change(self, doc: DesignDocument, layer: Layer, path: str) -> Layer:
        _check(lambda r: r.between(f"{path}.opacity", self.opacity, 0.0, 1.0))
        return replace(layer, opacity=float(self.opacity))

    def merge(self, later: Command[Any]) -> Command[Any] | None:
        return later if self._same(later) else None


@dataclass(frozen=True)
class SetLayerBlend(_LayerEdit):
    blend: BlendMode
    verb: ClassVar[str] = "Blend mode of"

    def change(self, doc: DesignDocument, layer: Layer, path: str) -> Layer:
        _check_one_of(f"{path}.blend", self.blend, BlendMode)
        return replace(layer, blend=self.blend)
