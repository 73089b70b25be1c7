"""Commands on the garment (style and offered colours) and the print area."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine import limits
from engine.design.model import GarmentColor, GarmentStyle, ImageLayer, PrintArea
from engine.document import DesignDocument
from engine.edit.command import Command, insert_at, item, remove_at, replace, with_item
from engine.edit.design.common import COLORS, _check, _check_name, _check_one_of, _design
from engine.errors import EditError
from engine.validation.design import MAX_SCALE
from engine.validation.report import Report

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
        return f"Remove colour {self.index + 1}"

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
        return f"Recolour colour {self.index + 1}"

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
        return "Make colour the default" if self.to == 0 else f"Move colour {self.index + 1}"

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
    """Print at another resolution, the layout kept: an image's pixels are print dots at scale
    1, so each image layer's scale changes with the dpi and the image keeps its printed size
    (text is sized in points and shapes in inches: they keep theirs anyway)."""

    dpi: int

    @property
    def label(self) -> str:
        return f"Print at {self.dpi} dpi"

    def apply(self, doc: DesignDocument) -> DesignDocument:
        old = doc.design.print_area.dpi
        area = replace(doc.design.print_area, dpi=int(self.dpi))
        _check_area(doc, area)
        layers = []
        for i, layer in enumerate(doc.design.layers):
            if isinstance(layer, ImageLayer) and area.dpi != old:
                scale = layer.transform.scale * area.dpi / old
                if not 0 < scale <= MAX_SCALE:
                    raise EditError(
                        f"$.design.layers[{i}].transform.scale: {layer.name!r} would need scale "
                        f"{scale:g} to keep its printed size at {area.dpi} dpi (at most "
                        f"{MAX_SCALE:g})"
                    )
                layer = replace(layer, transform=replace(layer.transform, scale=scale))
            layers.append(layer)
        return _design(doc, print_area=area, layers=layers)


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
