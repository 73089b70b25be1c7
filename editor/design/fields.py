"""The design inspector's fields (pure, no widgets): which fields the selected layer has
(:func:`fields_of`) and the command that sets one to what the user typed or chose
(:func:`command_for`; an ``EditError`` says why a value is refused); the same for the garment
panel (:func:`garment_fields`, :func:`garment_command`).

Every layer: name, opacity (0 to 1), blend mode, flips (yes/no), rotation (degrees) and scale.
A text layer also: its text (``\\n`` typed for a new line), size (points), colour, font (one
of the design's embedded fonts, or :data:`ADD_FONT` to embed a file), alignment, line and letter
spacing, outline colour and width (points); a shape layer: its kind, fill, outline colour, width
and height (inches), a rect's corner radius, a star's points and inner ratio. Fields marked
``half`` share a row with the next one; a colour field names the title of the colour picker
that sets it (``picker``).

The garment: style, print area width and height (inches), dpi and safe margin.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, get_args

from editor.values import parse_float as _float
from editor.values import parse_int as _int
from engine.design.model import BlendMode, Design, GarmentStyle, Layer, ShapeLayer, TextLayer
from engine.document import FONT_TYPES, Asset
from engine.edit import Command
from engine.edit.design import (
    Align,
    FlipLayer,
    RenameLayer,
    ResizePrintArea,
    RotateLayer,
    ScaleLayer,
    SetCornerRadius,
    SetGarmentStyle,
    SetLayerBlend,
    SetLayerOpacity,
    SetPrintDpi,
    SetSafeMargin,
    SetShapeColors,
    SetShapeKind,
    SetShapeSize,
    SetStarShape,
    SetText,
    SetTextAlign,
    SetTextColor,
    SetTextFont,
    SetTextSize,
    SetTextSpacing,
    SetTextStroke,
    ShapeKind,
)
from engine.errors import EditError

BLENDS: tuple[str, ...] = get_args(BlendMode)
SHAPES: tuple[str, ...] = get_args(ShapeKind)
ALIGNS: tuple[str, ...] = get_args(Align)
STYLES: tuple[str, ...] = get_args(GarmentStyle)
YES_NO = ("no", "yes")
NEWLINE = "\\n"
"""What stands for a line break in the one-line text field."""
ADD_FONT = "Add font…"
"""The font drop-down's last choice: embed a TTF or OTF file (the app asks which)."""


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    value: str
    options: tuple[str, ...] = ()
    """A drop-down's choices; empty for a text field."""
    half: bool = False
    """Half a row wide: it shares its row with the next field."""
    picker: str = ""
    """The title of the colour picker that sets this field; empty: it is no colour."""


def number(value: float) -> str:
    """``value`` as a field shows it: at most 3 decimals, no trailing zeros; a value that small
    rounds to 0 shows 3 significant digits instead (a scale of 0.0001 is not 0)."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    if text in ("0", "-0"):
        return "0" if value == 0 else f"{value:.3g}"
    return text


def fonts_of(assets: Mapping[str, Asset]) -> dict[str, str]:
    """The design's embedded fonts: file name → asset key (the first of a name wins)."""
    fonts: dict[str, str] = {}
    for key, asset in sorted(assets.items(), key=lambda kv: kv[1].name.lower()):
        if asset.type in FONT_TYPES:
            fonts.setdefault(asset.name, key)
    return fonts


def _yes(on: bool) -> str:
    return YES_NO[1] if on else YES_NO[0]


def fields_of(layer: Layer | None, assets: Mapping[str, Asset] | None = None) -> list[Field]:
    """The fields of ``layer``; ``assets`` (the design's) name a text layer's font and offer
    the others."""
    if layer is None:
        return []
    t = layer.transform
    fields = [
        Field("name", "Name", layer.name),
        Field("opacity", "Opacity", number(layer.opacity), half=True),
        Field("blend", "Blend", layer.blend, BLENDS, half=True),
        Field("flip_x", "Flip X", _yes(t.flip_x), YES_NO, half=True),
        Field("flip_y", "Flip Y", _yes(t.flip_y), YES_NO, half=True),
        Field("rotation", "Rotation", number(t.rotation), half=True),
        Field("scale", "Scale", number(t.scale), half=True),
    ]
    if isinstance(layer, TextLayer):
        fonts = fonts_of(assets or {})
        font = next((n for n, k in fonts.items() if k == layer.font), "")
        names = tuple(fonts) if font else (*fonts, font)
        fields += [
            Field("text", "Text", layer.text.replace("\n", NEWLINE)),
            Field("size", "Size (pt)", number(layer.size), half=True),
            Field("color", "Colour", layer.color, half=True, picker="Text colour"),
            Field("font", "Font", font, (*names, ADD_FONT)),
            Field("align", "Align", layer.align, ALIGNS),
            Field("line_spacing", "Line sp.", number(layer.line_spacing), half=True),
            Field("letter_spacing", "Letter sp.", number(layer.letter_spacing), half=True),
            Field("stroke", "Outline", layer.stroke, half=True, picker="Text outline colour"),
            Field("stroke_width", "Width (pt)", number(layer.stroke_width), half=True),
        ]
    elif isinstance(layer, ShapeLayer):
        fields += [
            Field("shape", "Shape", layer.shape, SHAPES),
            Field("fill", "Fill", layer.fill, half=True, picker="Shape fill colour"),
            Field("stroke", "Outline", layer.stroke, half=True, picker="Shape outline colour"),
            Field("width", "Width (in)", number(layer.width), half=True),
            Field("height", "Height (in)", number(layer.height), half=True),
        ]
        if layer.shape == "rect":
            fields.append(Field("corner_radius", "Corners (in)", number(layer.corner_radius)))
        elif layer.shape == "star":
            fields += [
                Field("star_points", "Points", str(layer.star_points), half=True),
                Field("inner_ratio", "Inner", number(layer.inner_ratio), half=True),
            ]
    return fields


def command_for(
    layer: Layer, index: int, key: str, text: str, assets: Mapping[str, Asset] | None = None
) -> Command[Any] | None:
    """The command that sets field ``key`` of ``layer`` (at ``index``) to ``text``; None when
    it holds that already. ``EditError`` when ``text`` is no value of the field's kind. The
    font field takes one of the fonts in ``assets`` (not :data:`ADD_FONT`: the app asks for a
    file and uses :class:`~engine.edit.design.SetTextFont` itself)."""
    current = {f.key: f.value for f in fields_of(layer, assets)}
    if key not in current:
        raise EditError(f"layer {layer.name!r} has no field {key!r}")
    if text == current[key]:
        return None
    t = layer.transform
    if key == "name":
        return RenameLayer(index, text.strip())
    if key == "opacity":
        return SetLayerOpacity(index, _float("opacity", text))
    if key == "blend":
        return SetLayerBlend(index, text)  # type: ignore[arg-type]  # checked by the command
    if key in ("flip_x", "flip_y"):
        return FlipLayer(index, "x" if key == "flip_x" else "y")
    if key == "rotation":
        turn = _float("rotation", text) - t.rotation
        return RotateLayer(index, turn) if turn else None
    if key == "scale":
        scale = _float("scale", text)
        if scale <= 0:
            raise EditError(f"scale: must be more than 0, not {text.strip()}")
        return ScaleLayer(index, scale / t.scale)
    if isinstance(layer, TextLayer):
        return _text_command(layer, index, key, text, assets or {})
    if isinstance(layer, ShapeLayer):
        return _shape_command(layer, index, key, text)
    raise EditError(f"layer {layer.name!r} has no field {key!r}")


def typed_color(text: str) -> str:
    """A colour as the user typed it, in the form documents hold: trimmed and in lower case
    (``#FF0000`` is ``#ff0000``); what is no colour at all is still refused by the command."""
    return text.strip().lower()


def _text_command(
    layer: TextLayer, index: int, key: str, text: str, assets: Mapping[str, Asset]
) -> Command[Any]:
    if key == "text":
        return SetText(index, text.replace(NEWLINE, "\n"))
    if key == "size":
        return SetTextSize(index, _float("size", text))
    if key == "color":
        return SetTextColor(index, typed_color(text))
    if key == "font":
        font = fonts_of(assets).get(text)
        if font is None:
            raise EditError(f"font: {text!r} is not one of the design's fonts")
        return SetTextFont(index, assets[font].data, assets[font].name)
    if key == "align":
        return SetTextAlign(index, text)  # type: ignore[arg-type]  # checked by the command
    if key == "line_spacing":
        return SetTextSpacing(index, _float("line spacing", text), layer.letter_spacing)
    if key == "letter_spacing":
        return SetTextSpacing(index, layer.line_spacing, _float("letter spacing", text))
    if key == "stroke":
        color = typed_color(text)
        width = layer.stroke_width if layer.stroke_width > 0 or not color else 2.0
        return SetTextStroke(index, color, width)
    if key == "stroke_width":
        return SetTextStroke(index, layer.stroke, _float("outline width", text))
    raise EditError(f"layer {layer.name!r} has no field {key!r}")


def _shape_command(layer: ShapeLayer, index: int, key: str, text: str) -> Command[Any]:
    if key == "shape":
        return SetShapeKind(index, text)  # type: ignore[arg-type]  # checked by the command
    if key == "fill":
        return SetShapeColors(index, typed_color(text), layer.stroke, layer.stroke_width)
    if key == "stroke":
        color = typed_color(text)
        width = layer.stroke_width if layer.stroke_width > 0 or not color else 0.05
        return SetShapeColors(index, layer.fill, color, width)
    if key == "width":
        return SetShapeSize(index, _float("width", text), layer.height)
    if key == "height":
        return SetShapeSize(index, layer.width, _float("height", text))
    if key == "corner_radius":
        return SetCornerRadius(index, _float("corner radius", text))
    if key == "star_points":
        return SetStarShape(index, _int("star points", text), layer.inner_ratio)
    if key == "inner_ratio":
        return SetStarShape(index, layer.star_points, _float("inner ratio", text))
    raise EditError(f"layer {layer.name!r} has no field {key!r}")


# -- the garment -----------------------------------------------------------------------------------


def garment_fields(design: Design) -> list[Field]:
    """The garment panel's fields: style, and the print area's size, dpi and safe margin."""
    area = design.print_area
    return [
        Field("style", "Style", design.garment.style, STYLES),
        Field("area_width", "Width (in)", number(area.width), half=True),
        Field("area_height", "Height (in)", number(area.height), half=True),
        Field("dpi", "DPI", str(area.dpi), half=True),
        Field("safe_margin", "Margin (in)", number(area.safe_margin), half=True),
    ]


def garment_command(design: Design, key: str, text: str) -> Command[Any] | None:
    """The command that sets garment field ``key`` to ``text`` (None: it holds that already;
    ``EditError``: no value of the field's kind)."""
    current = {f.key: f.value for f in garment_fields(design)}
    if key not in current:
        raise EditError(f"the garment has no field {key!r}")
    if text == current[key]:
        return None
    area = design.print_area
    if key == "style":
        return SetGarmentStyle(text)  # type: ignore[arg-type]  # checked by the command
    if key == "area_width":
        return ResizePrintArea(_float("print area width", text), area.height)
    if key == "area_height":
        return ResizePrintArea(area.width, _float("print area height", text))
    if key == "dpi":
        return SetPrintDpi(_int("dpi", text))
    return SetSafeMargin(_float("safe margin", text))
