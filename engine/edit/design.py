"""The commands of the design editor: garment, print area, and the stack of layers.

Layers are named by their index in ``design.layers`` (bottom first), as in validation's paths.

**Locked layers.** A locked layer refuses what would change how it looks or where it sits:
moving, scaling, rotating, flipping, opacity, blend mode, its text, font or shape, and deleting
it (an ``EditError`` saying it is locked). Showing or hiding it, locking or unlocking it,
renaming it, restacking it and duplicating it still work, as in the layer panels people know.

**Assets.** Adding an image layer, a text layer or a new font embeds the file's bytes as an
``Asset`` keyed by their sha256 digest (the same bytes are stored once); deleting a layer or
changing a font drops the asset it used when no other layer uses it any more.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Literal, TypeVar, get_args

from engine import codec, limits
from engine.design.model import (
    BlendMode,
    GarmentColor,
    GarmentStyle,
    ImageLayer,
    Layer,
    PrintArea,
    ShapeLayer,
    TextLayer,
    Transform,
)
from engine.document import FONT_TYPES, IMAGE_TYPES, Asset, AssetType, DesignDocument
from engine.edit.command import Command, insert_at, item, remove_at, replace, with_item
from engine.errors import EditError
from engine.packed import pack_points, point_count, unpack_points
from engine.validation.report import TEXT_CONTROL, Report

LAYERS = "$.design.layers"
COLORS = "$.design.garment.colors"
ShapeKind = Literal["rect", "ellipse", "polygon", "star"]
Align = Literal["left", "center", "right"]
L = TypeVar("L", ImageLayer, TextLayer, ShapeLayer)
_KIND: dict[type[Any], str] = {ImageLayer: "image", TextLayer: "text", ShapeLayer: "shape"}
_MAGIC: dict[AssetType, tuple[bytes, ...]] = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "font/ttf": (b"\x00\x01\x00\x00", b"true"),
    "font/otf": (b"OTTO",),
}
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


def _embed(
    doc: DesignDocument, data: bytes, file_name: str, want: Literal["image", "font"], path: str
) -> tuple[str, dict[str, Asset]]:
    """The key of ``data`` as an asset, and the assets with it added (if it was not there)."""
    allowed = IMAGE_TYPES if want == "image" else FONT_TYPES
    kind = next((t for t in _MAGIC if t in allowed and data.startswith(_MAGIC[t])), None)
    if kind is None:
        what = "a PNG or JPEG image" if want == "image" else "a TTF or OTF font"
        raise EditError(f"{path}: {file_name!r} is not {what}")
    if len(data) > limits.MAX_ASSET_BYTES:
        raise EditError(
            f"{path}: {file_name!r} is {len(data):,} bytes, more than "
            f"{limits.MAX_ASSET_BYTES:,} (limit MAX_ASSET_BYTES)"
        )
    key = codec.digest(data)
    _check_name(f"$.assets[{key[:12]}…].name", file_name)
    if key in doc.assets:
        return key, doc.assets
    if len(doc.assets) >= limits.MAX_ASSETS:
        raise EditError(f"$.assets: already {limits.MAX_ASSETS} assets (limit MAX_ASSETS)")
    return key, {**doc.assets, key: Asset(type=kind, name=file_name, data=data)}


def _used_assets(layers: list[Layer]) -> set[str]:
    return {
        layer.image if isinstance(layer, ImageLayer) else layer.font
        for layer in layers
        if isinstance(layer, ImageLayer | TextLayer)
    }


def _drop_unused(doc: DesignDocument, keys: set[str]) -> DesignDocument:
    """``doc`` without those of ``keys`` that no layer uses (other assets are left alone)."""
    gone = keys - _used_assets(doc.design.layers)
    if not gone & set(doc.assets):
        return doc
    return replace(doc, assets={k: a for k, a in doc.assets.items() if k not in gone})


def _position(doc: DesignDocument, x: float | None, y: float | None, path: str) -> Transform:
    area = doc.design.print_area
    t = Transform(
        x=float(area.width / 2 if x is None else x), y=float(area.height / 2 if y is None else y)
    )
    _check(lambda r: r.finite(f"{path}.transform.x", t.x, bound=_SPAN))
    _check(lambda r: r.finite(f"{path}.transform.y", t.y, bound=_SPAN))
    return t


# -- garment ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SetGarmentStyle(Command[DesignDocument]):
    style: GarmentStyle

    @property
    def label(self) -> str:
        return f"Garment style {self.style}"

    def apply(self, doc: DesignDocument) -> DesignDocument:
        _check_one_of("$.design.garment.style", self.style, GarmentStyle)
        return _design(doc, garment=replace(doc.design.garment, style=self.style))


def _with_colors(doc: DesignDocument, colors: list[GarmentColor]) -> DesignDocument:
    return _design(doc, garment=replace(doc.design.garment, colors=colors))


def _check_color_name(doc: DesignDocument, path: str, name: str, skip: int | None) -> None:
    _check_name(path, name)
    for i, gc in enumerate(doc.design.garment.colors):
        if i != skip and gc.name == name:
            raise EditError(f"{path}: colour {name!r} is already offered ({COLORS}[{i}])")


@dataclass(frozen=True)
class AddGarmentColor(Command[DesignDocument]):
    """Offer the design in one more colour (at the end, or at ``index``; 0 makes it the
    default)."""

    name: str
    color: str
    index: int | None = None

    @property
    def label(self) -> str:
        return f"Add colour {self.name!r}"

    def apply(self, doc: DesignDocument) -> DesignDocument:
        colors = doc.design.garment.colors
        if len(colors) >= limits.MAX_GARMENT_COLORS:
            raise EditError(
                f"{COLORS}: already {limits.MAX_GARMENT_COLORS} colours (limit MAX_GARMENT_COLORS)"
            )
        at = len(colors) if self.index is None else self.index
        _check_color_name(doc, f"{COLORS}[{at}].name", self.name, None)
        _check(lambda r: r.color(f"{COLORS}[{at}].color", self.color))
        new = GarmentColor(name=self.name, color=self.color)
        return _with_colors(doc, insert_at(colors, self.index, new, COLORS))


@dataclass(frozen=True)
class RemoveGarmentColor(Command[DesignDocument]):
    """Stop offering a colour; the last one cannot go (a design is offered in at least one)."""

    index: int

    @property
    def label(self) -> str:
        return f"Remove colour {self.index}"

    def apply(self, doc: DesignDocument) -> DesignDocument:
        colors = doc.design.garment.colors
        gc = item(colors, self.index, COLORS, "colour")
        if len(colors) == 1:
            raise EditError(
                f"{COLORS}[{self.index}]: {gc.name!r} is the only colour; a design needs one"
            )
        return _with_colors(doc, remove_at(colors, self.index, COLORS, "colour"))


@dataclass(frozen=True)
class RecolorGarmentColor(Command[DesignDocument]):
    """Change the value of an offered colour (a colour picker's drag merges into one step)."""

    index: int
    color: str

    @property
    def label(self) -> str:
        return f"Recolour colour {self.index}"

    def apply(self, doc: DesignDocument) -> DesignDocument:
        colors = doc.design.garment.colors
        gc = item(colors, self.index, COLORS, "colour")
        _check(lambda r: r.color(f"{COLORS}[{self.index}].color", self.color))
        return _with_colors(doc, with_item(colors, self.index, replace(gc, color=self.color)))

    def merge(self, later: Command[Any]) -> Command[Any] | None:
        same = isinstance(later, RecolorGarmentColor) and later.index == self.index
        return later if same else None


@dataclass(frozen=True)
class RenameGarmentColor(Command[DesignDocument]):
    index: int
    name: str

    @property
    def label(self) -> str:
        return f"Rename colour to {self.name!r}"

    def apply(self, doc: DesignDocument) -> DesignDocument:
        colors = doc.design.garment.colors
        gc = item(colors, self.index, COLORS, "colour")
        _check_color_name(doc, f"{COLORS}[{self.index}].name", self.name, self.index)
        return _with_colors(doc, with_item(colors, self.index, replace(gc, name=self.name)))


@dataclass(frozen=True)
class MoveGarmentColor(Command[DesignDocument]):
    """Move an offered colour to position ``to`` (0 makes it the default)."""

    index: int
    to: int

    @property
    def label(self) -> str:
        return "Make colour the default" if self.to == 0 else f"Move colour {self.index}"

    def apply(self, doc: DesignDocument) -> DesignDocument:
        colors = doc.design.garment.colors
        gc = item(colors, self.index, COLORS, "colour")
        item(colors, self.to, COLORS, "colour")
        rest = remove_at(colors, self.index, COLORS, "colour")
        return _with_colors(doc, insert_at(rest, self.to, gc, COLORS))


# -- print area ------------------------------------------------------------------------------------


def _check_area(doc: DesignDocument, area: PrintArea) -> None:
    """Validation's own checks of the print area (size, dpi, pixel count, safe margin)."""
    from engine.validation.assets import AssetIndex
    from engine.validation.design import check_design

    bare = _design(doc, print_area=area, layers=[])
    report = Report()
    check_design(bare, AssetIndex(), report)
    for problem in report.problems:
        if problem.path.startswith("$.design.print_area"):
            raise EditError(str(problem))


@dataclass(frozen=True)
class ResizePrintArea(Command[DesignDocument]):
    """Set the print area's size in inches (layers stay where they are)."""

    width: float
    height: float

    @property
    def label(self) -> str:
        return f"Print area {self.width:g} × {self.height:g} in"

    def apply(self, doc: DesignDocument) -> DesignDocument:
        area = replace(doc.design.print_area, width=float(self.width), height=float(self.height))
        _check_area(doc, area)
        return _design(doc, print_area=area)


@dataclass(frozen=True)
class SetPrintDpi(Command[DesignDocument]):
    dpi: int

    @property
    def label(self) -> str:
        return f"Print at {self.dpi} dpi"

    def apply(self, doc: DesignDocument) -> DesignDocument:
        area = replace(doc.design.print_area, dpi=int(self.dpi))
        _check_area(doc, area)
        return _design(doc, print_area=area)


@dataclass(frozen=True)
class SetSafeMargin(Command[DesignDocument]):
    margin: float

    @property
    def label(self) -> str:
        return f"Safe margin {self.margin:g} in"

    def apply(self, doc: DesignDocument) -> DesignDocument:
        area = replace(doc.design.print_area, safe_margin=float(self.margin))
        _check_area(doc, area)
        return _design(doc, print_area=area)


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
        return f"Delete layer {self.index}"

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
        return f"Duplicate layer {self.index}"

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
        return self.text.format(self.index)

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
        return f"{self.verb} layer {self.index}"

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
        return f"{'Show' if self.visible else 'Hide'} layer {self.index}"

    def change(self, doc: DesignDocument, layer: Layer, path: str) -> Layer:
        return replace(layer, visible=bool(self.visible))


@dataclass(frozen=True)
class SetLayerLocked(_LayerEdit):
    locked: bool
    locked_ok: ClassVar[bool] = True

    @property
    def label(self) -> str:
        return f"{'Lock' if self.locked else 'Unlock'} layer {self.index}"

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
        return f"Flip layer {self.index} {'left–right' if self.axis == 'x' else 'top–bottom'}"

    def change(self, doc: DesignDocument, layer: Layer, path: str) -> Layer:
        t = layer.transform
        if self.axis == "x":
            return _with_transform(layer, flip_x=not t.flip_x)
        if self.axis == "y":
            return _with_transform(layer, flip_y=not t.flip_y)
        raise EditError(f"{path}.transform: flip axis {self.axis!r} is not x or y")


# -- text layers -----------------------------------------------------------------------------------


def _check_text(path: str, text: str) -> None:
    """Text being typed may be empty for a while (validation says so); it may not be too long
    or hold control characters other than line breaks and tabs."""
    if len(text) > limits.MAX_TEXT_CHARS:
        raise EditError(
            f"{path}: more than {limits.MAX_TEXT_CHARS:,} characters (limit MAX_TEXT_CHARS)"
        )
    if TEXT_CONTROL.search(text):
        raise EditError(
            f"{path}: must not contain control characters (line breaks and tabs are fine)"
        )


@dataclass(frozen=True)
class SetText(_LayerEdit):
    text: str
    verb: ClassVar[str] = "Edit text of"

    def change(self, doc: DesignDocument, layer: Layer, path: str) -> Layer:
        _check_text(f"{path}.text", self.text)
        return replace(_as(layer, TextLayer, path), text=self.text)


@dataclass(frozen=True)
class SetTextFont(Command[DesignDocument]):
    """Set a text layer in another font (TTF or OTF bytes, embedded as an asset named
    ``file_name``); the old font's asset goes when nothing else uses it."""

    index: int
    font: bytes
    file_name: str

    @property
    def label(self) -> str:
        return f"Font of layer {self.index}"

    def apply(self, doc: DesignDocument) -> DesignDocument:
        path = _path(self.index)
        layer = _as(_unlocked(doc, self.index, "change"), TextLayer, path)
        key, assets = _embed(doc, self.font, self.file_name, "font", f"{path}.font")
        layers = with_item(doc.design.layers, self.index, replace(layer, font=key))
        return _drop_unused(replace(_design(doc, layers=layers), assets=assets), {layer.font})


@dataclass(frozen=True)
class SetTextSize(_LayerEdit):
    """Set the size in points; a slider's drag merges into one step."""

    size: float
    verb: ClassVar[str] = "Text size of"

    def change(self, doc: DesignDocument, layer: Layer, path: str) -> Layer:
        text = _as(layer, TextLayer, path)
        _check(lambda r: r.positive(f"{path}.size", self.size, most=2000.0))
        return replace(text, size=float(self.size))

    def merge(self, later: Command[Any]) -> Command[Any] | None:
        return later if self._same(later) else None


@dataclass(frozen=True)
class SetTextColor(_LayerEdit):
    color: str
    verb: ClassVar[str] = "Text colour of"

    def change(self, doc: DesignDocument, layer: Layer, path: str) -> Layer:
        text = _as(layer, TextLayer, path)
        _check(lambda r: r.color(f"{path}.color", self.color))
        return replace(text, color=self.color)

    def merge(self, later: Command[Any]) -> Command[Any] | None:
        return later if self._same(later) else None


@dataclass(frozen=True)
class SetTextAlign(_LayerEdit):
    align: Align
    verb: ClassVar[str] = "Align"

    def change(self, doc: DesignDocument, layer: Layer, path: str) -> Layer:
        text = _as(layer, TextLayer, path)
        _check_one_of(f"{path}.align", self.align, Align)
        return replace(text, align=self.align)


@dataclass(frozen=True)
class SetTextSpacing(_LayerEdit):
    """Line spacing (× size, 0.1 to 10) and letter spacing (em, -0.5 to 5)."""

    line_spacing: float
    letter_spacing: float
    verb: ClassVar[str] = "Spacing of"

    def change(self, doc: DesignDocument, layer: Layer, path: str) -> Layer:
        text = _as(layer, TextLayer, path)
        _check(lambda r: r.between(f"{path}.line_spacing", self.line_spacing, 0.1, 10.0))
        _check(lambda r: r.between(f"{path}.letter_spacing", self.letter_spacing, -0.5, 5.0))
        return replace(
            text, line_spacing=float(self.line_spacing), letter_spacing=float(self.letter_spacing)
        )

    def merge(self, later: Command[Any]) -> Command[Any] | None:
        return later if self._same(later) else None


@dataclass(frozen=True)
class SetTextStroke(_LayerEdit):
    """The letters' outline: a colour (``""`` for none) and a width in points (0 to 200)."""

    color: str
    width: float
    verb: ClassVar[str] = "Outline of"

    def change(self, doc: DesignDocument, layer: Layer, path: str) -> Layer:
        text = _as(layer, TextLayer, path)
        _check(lambda r: r.color(f"{path}.stroke", self.color, optional=True))
        _check(lambda r: r.between(f"{path}.stroke_width", self.width, 0.0, 200.0))
        return replace(text, stroke=self.color, stroke_width=float(self.width))


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


__all__ = [
    "AddGarmentColor",
    "AddImageLayer",
    "AddShapeLayer",
    "AddTextLayer",
    "DeleteLayer",
    "DuplicateLayer",
    "FlipLayer",
    "LayerToBottom",
    "LayerToTop",
    "LowerLayer",
    "MoveGarmentColor",
    "MoveLayer",
    "RaiseLayer",
    "RecolorGarmentColor",
    "RemoveGarmentColor",
    "RenameGarmentColor",
    "RenameLayer",
    "ResizePrintArea",
    "RestackLayer",
    "RotateLayer",
    "ScaleLayer",
    "SetCornerRadius",
    "SetGarmentStyle",
    "SetLayerBlend",
    "SetLayerLocked",
    "SetLayerOpacity",
    "SetLayerVisible",
    "SetPrintDpi",
    "SetSafeMargin",
    "SetShapeColors",
    "SetShapeKind",
    "SetShapeSize",
    "SetStarShape",
    "SetText",
    "SetTextAlign",
    "SetTextColor",
    "SetTextFont",
    "SetTextSize",
    "SetTextSpacing",
    "SetTextStroke",
]
