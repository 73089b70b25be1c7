"""The design: a garment, its print area, and a stack of image, text and shape layers.

Lengths are in inches on the print area, origin at its top-left, y down; a layer's ``x, y`` is
the centre of the layer. Layers are listed bottom first.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from engine.fields import Color, Digest, Model, Name, Ring, Text, limited

GarmentStyle = Literal["tshirt", "longsleeve", "hoodie", "tank"]
BlendMode = Literal["normal", "multiply", "screen", "overlay", "darken", "lighten"]


class GarmentColor(Model, kw_only=True):
    name: Name
    color: Color


class Garment(Model, kw_only=True):
    style: GarmentStyle = "tshirt"
    colors: Annotated[list[GarmentColor], limited("MAX_GARMENT_COLORS")]
    """The colours the design is offered in; the first is the default."""


class PrintArea(Model, kw_only=True):
    width: float = 12.0
    """Inches."""
    height: float = 16.0
    dpi: int = 300
    safe_margin: float = 0.5
    """Inches kept clear of important art on every side."""


class Transform(Model, kw_only=True):
    x: float
    y: float
    scale: float = 1.0
    rotation: float = 0.0
    """Degrees, clockwise."""
    flip_x: bool = False
    flip_y: bool = False


class _Layer(Model, tag_field="type", kw_only=True):
    id: int
    name: Name
    transform: Transform
    opacity: float = 1.0
    blend: BlendMode = "normal"
    visible: bool = True
    locked: bool = False


class ImageLayer(_Layer, tag="image", kw_only=True):
    """An embedded image, drawn at ``dpi`` of the print area × ``scale``."""

    image: Digest


class TextLayer(_Layer, tag="text", kw_only=True):
    text: Text
    font: Digest
    """An embedded TTF/OTF font asset."""
    size: float = 48.0
    """Points (1/72 inch) at scale 1."""
    color: Color = "#000000"
    align: Literal["left", "center", "right"] = "center"
    line_spacing: float = 1.2
    """× ``size``, baseline to baseline."""
    letter_spacing: float = 0.0
    """Added between letters, in em (× ``size``); negative brings them closer."""
    stroke: Color = ""
    """Outline colour of the letters; ``""`` for none."""
    stroke_width: float = 0.0
    """Points at scale 1, centred on the letters' outline."""


class ShapeLayer(_Layer, tag="shape", kw_only=True):
    shape: Literal["rect", "ellipse", "polygon", "star"] = "rect"
    width: float = 2.0
    """Inches (rect, ellipse, star: the box the shape fills)."""
    height: float = 2.0
    corner_radius: float = 0.0
    """Inches; a rect with corners rounded by this radius (0: square corners)."""
    star_points: int = 5
    """Tips of a star."""
    inner_ratio: float = 0.5
    """A star's inner radius as a fraction of its outer radius."""
    points: Ring = b""
    """Polygon points in inches relative to the layer centre (polygon only)."""
    fill: Color = "#000000"
    """``""`` for no fill."""
    stroke: Color = ""
    """``""`` for no outline."""
    stroke_width: float = 0.0
    """Inches."""


Layer = ImageLayer | TextLayer | ShapeLayer


class Design(Model, kw_only=True):
    garment: Garment
    print_area: PrintArea = msgspec.field(default_factory=PrintArea)
    layers: Annotated[list[Layer], limited("MAX_LAYERS")] = msgspec.field(default_factory=list)
    next_id: int = 1
    """The id the next layer gets; greater than every id in use."""
