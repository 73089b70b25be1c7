"""Commands on text layers: the text, its font, size, colour, alignment, spacing and outline."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from engine import limits
from engine.design.model import Layer, TextLayer
from engine.document import DesignDocument
from engine.edit.command import Command, replace, with_item
from engine.edit.design.assets import _drop_unused, _embed
from engine.edit.design.common import (
    _as,
    _check,
    _check_one_of,
    _design,
    _LayerEdit,
    _path,
    _unlocked,
)
from engine.errors import EditError
from engine.validation.report import TEXT_CONTROL

Align = Literal["left", "center", "right"]


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
        return f"Font of layer {self.index + 1}"

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
