"""The design editor's geometry: the view (print-area inches ↔ canvas px), each layer's box,
hit tests and the selection's handles. No pygame here.

Inches are the design's own: origin at the print area's top-left, y down; a layer's ``x, y`` is
its centre. Screen px are the canvas's, (0, 0) at its top-left.

A layer's box is its upright extent about its centre at scale 1 (``u0, v0, u1, v1`` inches:
a shape's width × height or its polygon's bounds, an image's pixels / dpi, a text's lines as
``engine.render.layers.text_masks`` sets them), then mirrored, scaled, rotated and moved as its
transform says (:func:`engine.render.layers.transformed`, so the box turns exactly as the art
does). A layer whose image or font cannot be drawn (:mod:`editor.design.drawable`) has a
stand-in box: ``STAND_IN_PX`` pixels, or about the text's size in em.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from PIL import ImageFont

from editor.design import drawable
from engine.design.model import Design, ImageLayer, Layer, ShapeLayer, TextLayer
from engine.document import Asset
from engine.render.layers import Frame, outline, text_masks, transformed

Point = tuple[float, float]
Box = tuple[float, float, float, float]

MIN_PPI = 4.0
MAX_PPI = 600.0
HANDLE_RADIUS = 7.0
"""How near (screen px) the pointer must be to a handle to grab it."""
ROTATE_REACH = 26.0
"""How far (screen px) above the box's top edge the rotate handle sits."""
MEASURE_PX = 200.0
"""Font size (px) at which a text's box is measured (then scaled to its real size)."""

Handle = Literal["nw", "ne", "se", "sw", "rotate"]
CORNERS: tuple[Handle, ...] = ("nw", "ne", "se", "sw")


def _clamp(ppi: float) -> float:
    if not math.isfinite(ppi):
        return 40.0
    return min(max(ppi, MIN_PPI), MAX_PPI)


@dataclass
class View:
    """``ppi`` screen px per inch of the print area, whose top-left is at ``(ox, oy)``."""

    ppi: float = 40.0
    ox: float = 0.0
    oy: float = 0.0

    def to_screen(self, x: float, y: float) -> Point:
        return self.ox + x * self.ppi, self.oy + y * self.ppi

    def to_inches(self, sx: float, sy: float) -> Point:
        return (sx - self.ox) / self.ppi, (sy - self.oy) / self.ppi

    def pan(self, dsx: float, dsy: float) -> None:
        self.ox += dsx
        self.oy += dsy

    def zoom_at(self, sx: float, sy: float, factor: float) -> None:
        """Zoom by ``factor`` (ppi kept within MIN_PPI..MAX_PPI) keeping the inch under the
        screen point ``(sx, sy)`` where it is."""
        x, y = self.to_inches(sx, sy)
        self.ppi = _clamp(self.ppi * factor)
        self.ox = sx - x * self.ppi
        self.oy = sy - y * self.ppi

    def fit(self, width: float, height: float, area_w: float, area_h: float, margin: float) -> None:
        """Show the ``area_w`` × ``area_h`` inch print area with ``margin`` inches around it,
        centred in a ``width`` × ``height`` px canvas."""
        room_w, room_h = area_w + 2 * margin, area_h + 2 * margin
        if room_w > 0 and room_h > 0 and width > 0 and height > 0:
            self.ppi = _clamp(min(width / room_w, height / room_h))
        self.ox = (width - area_w * self.ppi) / 2
        self.oy = (height - area_h * self.ppi) / 2


# -- layer boxes ---------------------------------------------------------------------------------

_TEXT_BOXES: dict[tuple[object, ...], Box] = {}
STAND_IN_PX = (300, 300)
"""The pixel size of an image that cannot be drawn (or is missing): its placeholder's."""


def _text_box(layer: TextLayer, assets: Mapping[str, Asset]) -> Box:
    """The text's box at scale 1 in inches, measured once per text, font and spacing (a
    stand-in when the font cannot be drawn: see :func:`_stand_in_em`)."""
    stroke = layer.stroke_width / layer.size if layer.stroke else 0.0
    key = (layer.font, layer.text, layer.align, layer.line_spacing, layer.letter_spacing, stroke)
    em = _TEXT_BOXES.get(key)
    if em is None:
        em = _measure(layer, assets, stroke) or _stand_in_em(layer)
        if len(_TEXT_BOXES) > 512:
            _TEXT_BOXES.clear()
        _TEXT_BOXES[key] = em
    inch = layer.size / 72.0
    return (em[0] * inch, em[1] * inch, em[2] * inch, em[3] * inch)


def _measure(layer: TextLayer, assets: Mapping[str, Asset], stroke: float) -> Box | None:
    """The text's box in em as ``text_masks`` sets it; None when its font cannot be drawn."""
    asset = assets.get(layer.font)
    if asset is None or drawable.problem(layer, assets):
        return None
    try:
        font = ImageFont.truetype(io.BytesIO(asset.data), MEASURE_PX)
        inner, _ = text_masks(layer.text.split("\n"), font, MEASURE_PX, layer, stroke * MEASURE_PX)
    except Exception as exc:  # FreeType fails on some fonts that load (a broken glyph)
        drawable.failed(layer.font, asset, exc)
        return None
    w, h = inner.width / MEASURE_PX, inner.height / MEASURE_PX
    return (-w / 2, -h / 2, w / 2, h / 2)


def _stand_in_em(layer: TextLayer) -> Box:
    """A box in em for text whose font cannot be drawn: 0.6 em a character of its longest
    line, a line's spacing a line."""
    lines = layer.text.split("\n")
    w = max(1.0, 0.6 * max(len(line) for line in lines)) / 2
    h = (1.2 + layer.line_spacing * (len(lines) - 1)) / 2
    return (-w, -h, w, h)


def upright_box(layer: Layer, assets: Mapping[str, Asset], dpi: int) -> Box:
    """``u0, v0, u1, v1``: the layer's extent about its centre, inches, at scale 1, unturned."""
    if isinstance(layer, ShapeLayer):
        if layer.shape == "polygon":
            pts = outline(layer, 1.0)
            if pts:
                us, vs = [p[0] for p in pts], [p[1] for p in pts]
                return (min(us), min(vs), max(us), max(vs))
        w, h = layer.width / 2, layer.height / 2
        return (-w, -h, w, h)
    if isinstance(layer, TextLayer):
        return _text_box(layer, assets)
    assert isinstance(layer, ImageLayer)
    pw, ph = drawable.image_size(layer.image, assets) or STAND_IN_PX
    w, h = pw / dpi / 2, ph / dpi / 2
    return (-w, -h, w, h)


_INCHES = Frame((0, 0), 1.0)
"""A frame whose pixels are inches: ``transformed`` on it gives print-area inches."""


def corners(layer: Layer, assets: Mapping[str, Asset], dpi: int) -> list[Point]:
    """The layer's box turned as its transform says: its top-left, top-right, bottom-right and
    bottom-left corners (as seen upright), in inches."""
    u0, v0, u1, v1 = upright_box(layer, assets, dpi)
    return transformed([(u0, v0), (u1, v0), (u1, v1), (u0, v1)], layer.transform, _INCHES)


def contains(layer: Layer, assets: Mapping[str, Asset], dpi: int, x: float, y: float) -> bool:
    """Whether the inch point ``(x, y)`` lies in the layer's turned box."""
    t = layer.transform
    if t.scale <= 0:
        return False
    theta = math.radians(t.rotation)
    cos, sin = math.cos(theta), math.sin(theta)
    dx, dy = x - t.x, y - t.y
    u = (dx * cos + dy * sin) / t.scale
    v = (-dx * sin + dy * cos) / t.scale
    u = -u if t.flip_x else u
    v = -v if t.flip_y else v
    u0, v0, u1, v1 = upright_box(layer, assets, dpi)
    return u0 <= u <= u1 and v0 <= v <= v1


def layer_at(design: Design, assets: Mapping[str, Asset], x: float, y: float) -> int | None:
    """The index of the topmost visible layer (locked or not) whose box holds ``(x, y)``."""
    dpi = design.print_area.dpi
    for index in range(len(design.layers) - 1, -1, -1):
        layer = design.layers[index]
        if layer.visible and contains(layer, assets, dpi, x, y):
            return index
    return None


# -- handles -------------------------------------------------------------------------------------


def handles(screen_corners: Sequence[Point]) -> dict[Handle, Point]:
    """The selection's handles in screen px from its box's four screen corners (top-left,
    top-right, bottom-right, bottom-left as seen upright): one at each corner (scale about
    the centre) and ``rotate`` ``ROTATE_REACH`` px beyond the middle of the top edge."""
    out: dict[Handle, Point] = dict(zip(CORNERS, screen_corners, strict=True))
    (ax, ay), (bx, by) = screen_corners[0], screen_corners[1]
    (cx, cy), (dx, dy) = screen_corners[2], screen_corners[3]
    top = ((ax + bx) / 2, (ay + by) / 2)
    bottom = ((cx + dx) / 2, (cy + dy) / 2)
    ux, uy = top[0] - bottom[0], top[1] - bottom[1]
    length = math.hypot(ux, uy)
    if length < 1e-9:
        ux, uy, length = 0.0, -1.0, 1.0
    out["rotate"] = (top[0] + ux / length * ROTATE_REACH, top[1] + uy / length * ROTATE_REACH)
    return out


def handle_at(points: Mapping[Handle, Point], sx: float, sy: float) -> Handle | None:
    """The handle within ``HANDLE_RADIUS`` px of ``(sx, sy)`` (the rotate one first)."""
    order: tuple[Handle, ...] = ("rotate", *CORNERS)
    for name in order:
        hx, hy = points[name]
        if math.hypot(sx - hx, sy - hy) <= HANDLE_RADIUS:
            return name
    return None


def angle(cx: float, cy: float, x: float, y: float) -> float:
    """Degrees clockwise (y down) from the +x axis of the point ``(x, y)`` seen from the
    centre ``(cx, cy)``."""
    return math.degrees(math.atan2(y - cy, x - cx))


def snap_angle(degrees: float, step: float = 15.0) -> float:
    return round(degrees / step) * step
