"""The design inspector's fields (pure, no widgets): which fields the selected layer has
(:func:`fields_of`) and the command that sets one to what the user typed or chose
(:func:`command_for`; an ``EditError`` says why a value is refused).

Every layer: name, opacity (0 to 1), blend mode. A text layer also: its text (``\\n`` typed
for a new line), size (points) and colour; a shape layer: its kind, fill, outline colour,
width and height (inches).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, get_args

from engine.design.model import BlendMode, Layer, ShapeLayer, TextLayer
from engine.edit import Command
from engine.edit.design import (
    RenameLayer,
    SetLayerBlend,
    SetLayerOpacity,
    SetShapeColors,
    SetShapeKind,
    SetShapeSize,
    SetText,
    SetTextColor,
    SetTextSize,
    ShapeKind,
)
from engine.errors import EditError

BLENDS: tuple[str, ...] = get_args(BlendMode)
SHAPES: tuple[str, ...] = get_args(ShapeKind)
NEWLINE = "\\n"
"""What stands for a line break in the one-line text field."""


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    value: str
    options: tuple[str, ...] = ()
    """A drop-down's choices; empty for a text field."""


def number(value: float) -> str:
    """``value`` as a field shows it: at most 3 decimals, no trailing zeros."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def fields_of(layer: Layer | None) -> list[Field]:
    if layer is None:
        return []
    fields = [
        Field("name", "Name", layer.name),
        Field("opacity", "Opacity", number(layer.opacity)),
        Field("blend", "Blend", layer.blend, BLENDS),
    ]
    if isinstance(layer, TextLayer):
        fields += [
            Field("text", "Text", layer.text.replace("\n", NEWLINE)),
            Field("size", "Size (pt)", number(layer.size)),
            Field("color", "Colour", layer.color),
        ]
    elif isinstance(layer, ShapeLayer):
        fields += [
            Field("shape", "Shape", layer.shape, SHAPES),
            Field("fill", "Fill", layer.fill),
            Field("stroke", "Outline", layer.stroke),
            Field("width", "Width (in)", number(layer.width)),
            Field("height", "Height (in)", number(layer.height)),
        ]
    return fields


def _float(label: str, text: str) -> float:
    try:
        value = float(text.strip())
    except ValueError:
        raise EditError(f"{label}: {text.strip()!r} is not a number") from None
    if not math.isfinite(value):
        raise EditError(f"{label}: must be a finite number, not {text.strip()}")
    return value


def command_for(layer: Layer, index: int, key: str, text: str) -> Command[Any] | None:
    """The command that sets field ``key`` of ``layer`` (at ``index``) to ``text``; None when
    it holds that already. ``EditError`` when ``text`` is no value of the field's kind."""
    current = {f.key: f.value for f in fields_of(layer)}
    if key not in current:
        raise EditError(f"layer {layer.name!r} has no field {key!r}")
    if text == current[key]:
        return None
    if key == "name":
        return RenameLayer(index, text.strip())
    if key == "opacity":
        return SetLayerOpacity(index, _float("opacity", text))
    if key == "blend":
        return SetLayerBlend(index, text)  # type: ignore[arg-type]  # checked by the command
    if isinstance(layer, TextLayer):
        if key == "text":
            return SetText(index, text.replace(NEWLINE, "\n"))
        if key == "size":
            return SetTextSize(index, _float("size", text))
        if key == "color":
            return SetTextColor(index, text.strip())
    if isinstance(layer, ShapeLayer):
        if key == "shape":
            return SetShapeKind(index, text)  # type: ignore[arg-type]  # checked by the command
        if key == "fill":
            return SetShapeColors(index, text.strip(), layer.stroke, layer.stroke_width)
        if key == "stroke":
            width = layer.stroke_width if layer.stroke_width > 0 or not text.strip() else 0.05
            return SetShapeColors(index, layer.fill, text.strip(), width)
        if key == "width":
            return SetShapeSize(index, _float("width", text), layer.height)
        if key == "height":
            return SetShapeSize(index, layer.width, _float("height", text))
    raise EditError(f"layer {layer.name!r} has no field {key!r}")
