"""One design layer drawn with Pillow: image, text or shape, placed on a frame of pixels.

A :class:`Frame` says how print-area inches map to pixels (``ppi``, the pixel at which the print
area's top-left lies) and which pixel rectangle may be drawn (``clip``). :func:`draw_layer` gives
a layer's pixels inside that rectangle as a :class:`Placed` RGBA image (colours not
premultiplied, the layer's opacity not yet applied), or ``None`` when nothing of it lands there.

- Shapes become polygons in frame pixels with their whole transform applied (so rotation costs
  no resampling) and are filled from a supersampled mask.
- Text is set upright at its final size from the embedded font (one mask for the letters, one
  for their outline), then placed like an image; a tab moves to the next tab stop (every
  ``TAB_SPACES`` spaces' width from the line's start). Text too big for ``TEXT_BUDGET`` is set
  smaller and enlarged (:func:`text_shrink` says by how much).
- Embedded images are decoded to 8-bit RGBA as an image viewer shows them
  (:func:`decode_image`): 16-bit grey scaled down, not clipped to white.
- Images and text are placed by one affine resample (scale, mirror, rotation and position at
  once; big reductions first by an integer box filter), only over the clipped region, so the
  memory used is bounded by the frame whatever the layer's scale.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from PIL import Image, ImageChops, ImageDraw, ImageFont

from engine.design.model import Layer, ShapeLayer, TextLayer, Transform
from engine.document import Asset
from engine.packed import unpack_points

Box = tuple[int, int, int, int]
Point = tuple[float, float]

MASK_BUDGET = 16_000_000
"""Most pixels of one supersampled shape mask (one byte each)."""
TEXT_BUDGET = 40_000_000
"""Most pixels of upright text before it is set smaller and enlarged when placed."""
TAB_SPACES = 4
"""A tab stop every this many spaces' width (Pillow draws a tab as the font's missing glyph)."""
WIDE_GREY = frozenset({"I", "I;16", "I;16B", "I;16L", "I;16N"})
"""Integer grey modes: a PNG's 16-bit grey (0 to 65,535) decodes to one of these."""


@dataclass(frozen=True)
class Frame:
    """How print-area inches map to the pixels of an image being drawn."""

    size: tuple[int, int]
    ppi: float
    """Pixels per inch of the print area."""
    origin: Point = (0.0, 0.0)
    """The pixel of the print area's top-left corner."""
    clip: Box | None = None
    """The pixels that may be drawn (left, top, right, bottom); the whole image when None."""
    dpi: int = 300
    """The print area's dpi (an image's natural size in inches is its pixels / dpi)."""

    @property
    def bounds(self) -> Box:
        w, h = self.size
        if self.clip is None:
            return (0, 0, w, h)
        x0, y0, x1, y1 = self.clip
        return (max(0, x0), max(0, y0), min(w, x1), min(h, y1))

    def px(self, x: float, y: float) -> Point:
        return (self.origin[0] + x * self.ppi, self.origin[1] + y * self.ppi)


@dataclass
class Placed:
    """A layer's pixels at ``(x, y)`` of the frame (RGBA, opacity not applied)."""

    image: Image.Image
    x: int
    y: int

    @property
    def box(self) -> Box:
        return (self.x, self.y, self.x + self.image.width, self.y + self.image.height)


@dataclass
class Resources:
    """Decoded images and loaded fonts of one document, shared by every layer of a render."""

    assets: dict[str, Asset]
    images: dict[str, Image.Image] = field(default_factory=dict)
    fonts: dict[tuple[str, float], ImageFont.FreeTypeFont] = field(default_factory=dict)

    def image(self, key: str) -> Image.Image:
        if key not in self.images:
            self.images[key] = decode_image(self.assets[key].data)
        return self.images[key]

    def font(self, key: str, size: float) -> ImageFont.FreeTypeFont:
        if (key, size) not in self.fonts:
            data = io.BytesIO(self.assets[key].data)
            self.fonts[key, size] = ImageFont.truetype(data, size)
        return self.fonts[key, size]


def draw_layer(layer: Layer, frame: Frame, res: Resources) -> Placed | None:
    if isinstance(layer, ShapeLayer):
        return _shape(layer, frame)
    if isinstance(layer, TextLayer):
        return _text(layer, frame, res)
    src = res.image(layer.image)
    k = frame.ppi * layer.transform.scale / frame.dpi
    return place(src, k, layer.transform, frame)


def decode_image(data: bytes) -> Image.Image:
    """An embedded PNG or JPEG as 8-bit RGBA, as an image viewer shows it: 16- and 32-bit grey
    scaled to 8 bits (Pillow's ``convert`` clips them, so mid grey came out white), float grey
    on Pillow's 0-255 scale, a transparent colour key (grey, RGB or palette) made clear, and
    grey with alpha, palettes, CMYK and bilevel converted by Pillow."""
    with Image.open(io.BytesIO(data)) as im:
        im.load()
        if im.mode in WIDE_GREY or im.mode == "F":
            return _grey_to_rgba(im)
        return im.convert("RGBA")


def _grey_to_rgba(im: Image.Image) -> Image.Image:
    """A wide grey image (16- or 32-bit integer, or float) as RGBA; a PNG's 16-bit
    ``transparency`` value is clear."""
    import numpy as np

    values = np.asarray(im)
    level = values.astype(np.float64) if im.mode == "F" else values / 257.0
    grey = Image.fromarray(np.clip(np.rint(level), 0, 255).astype(np.uint8))
    out = grey.convert("RGBA")
    key = im.info.get("transparency")
    if isinstance(key, int) and im.mode != "F":
        out.putalpha(Image.fromarray(np.where(values == key, 0, 255).astype(np.uint8)))
    return out


def rgb(color: str) -> tuple[int, int, int]:
    return (int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16))


# -- placing an upright picture -----------------------------------------------------------------


def place(src: Image.Image, k: float, t: Transform, frame: Frame) -> Placed | None:
    """``src`` enlarged ``k`` times, mirrored and rotated as ``t`` says, centred on ``t.x, t.y``;
    only the part inside the frame's bounds. RGBA is resampled premultiplied (transparent
    pixels' colours do not bleed); L and RGB as they are."""
    cx, cy = frame.px(t.x, t.y)
    turns = t.rotation % 360.0
    if k == 1.0 and turns == 0.0:
        return _place_upright(src, t, cx, cy, frame)
    if turns == 0.0:
        return _place_scaled(src, k, t, cx, cy, frame)
    work = src.convert("RGBa") if src.mode == "RGBA" else src
    if k < 0.5:
        n = int(1.0 / k)
        work = work.reduce(n)
        k *= src.width / work.width
    w, h = work.size
    theta = math.radians(t.rotation)
    cos, sin = math.cos(theta), math.sin(theta)
    corners = [(-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2)]
    xs = [cx + k * (u * cos - v * sin) for u, v in corners]
    ys = [cy + k * (u * sin + v * cos) for u, v in corners]
    region = _intersect((math.floor(min(xs)), math.floor(min(ys)), math.ceil(max(xs)),
                         math.ceil(max(ys))), frame.bounds)  # fmt: skip
    if region is None:
        return None
    x0, y0, x1, y1 = region
    fx = -1.0 if t.flip_x else 1.0
    fy = -1.0 if t.flip_y else 1.0
    dx, dy = x0 - cx, y0 - cy
    matrix = (
        fx * cos / k,
        fx * sin / k,
        fx * (cos * dx + sin * dy) / k + w / 2,
        -fy * sin / k,
        fy * cos / k,
        fy * (-sin * dx + cos * dy) / k + h / 2,
    )
    out = work.transform(
        (x1 - x0, y1 - y0), Image.Transform.AFFINE, matrix, Image.Resampling.BICUBIC
    )
    return Placed(out.convert("RGBA") if out.mode == "RGBa" else out, x0, y0)


def _place_scaled(
    src: Image.Image, k: float, t: Transform, cx: float, cy: float, frame: Frame
) -> Placed | None:
    """Not rotated: one resize of just the source pixels that land in the frame (Pillow's
    resize filters by area when it shrinks and weights by alpha)."""
    if t.flip_x:
        src = src.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    if t.flip_y:
        src = src.transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    left, top = cx - k * src.width / 2, cy - k * src.height / 2
    outer = (math.floor(left), math.floor(top), math.ceil(left + k * src.width),
             math.ceil(top + k * src.height))  # fmt: skip
    region = _intersect(outer, frame.bounds)
    if region is None:
        return None
    x0, y0, x1, y1 = region
    box = (
        max(0.0, (x0 - left) / k),
        max(0.0, (y0 - top) / k),
        min(float(src.width), (x1 - left) / k),
        min(float(src.height), (y1 - top) / k),
    )
    out = src.resize((x1 - x0, y1 - y0), Image.Resampling.BICUBIC, box=box)
    return Placed(out, x0, y0)


def _place_upright(src: Image.Image, t: Transform, cx: float, cy: float, frame: Frame) -> Placed:
    if t.flip_x:
        src = src.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    if t.flip_y:
        src = src.transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    x = round(cx - src.width / 2)
    y = round(cy - src.height / 2)
    return _crop(src, x, y, frame)  # type: ignore[return-value]


def _crop(src: Image.Image, x: int, y: int, frame: Frame) -> Placed | None:
    region = _intersect((x, y, x + src.width, y + src.height), frame.bounds)
    if region is None:
        return None
    if region != (x, y, x + src.width, y + src.height):
        src = src.crop((region[0] - x, region[1] - y, region[2] - x, region[3] - y))
    return Placed(src, region[0], region[1])


def _intersect(a: Box, b: Box) -> Box | None:
    box = (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))
    return box if box[0] < box[2] and box[1] < box[3] else None


def _solid(mask: Image.Image, color: str) -> Image.Image:
    out = Image.new("RGBA", mask.size, (*rgb(color), 0))
    out.putalpha(mask)
    return out


def _two_tone(
    top: Image.Image, under: Image.Image, top_color: str, under_color: str
) -> Image.Image:
    """``top_color`` in the ``top`` mask laid over ``under_color`` in the ``under`` mask (so an
    anti-aliased edge between the two is not see-through, and where only ``top`` covers, as
    along a shape's outline outside its fill, the colour is ``top_color`` alone)."""
    return Image.alpha_composite(_solid(under, under_color), _solid(top, top_color))


def _tinted(top: Image.Image, top_color: str, under_color: str) -> Image.Image:
    """RGB: ``top_color`` where the ``top`` mask covers, ``under_color`` elsewhere, defined in
    every pixel (so it resamples without a dark fringe)."""
    return Image.composite(
        Image.new("RGB", top.size, rgb(top_color)),
        Image.new("RGB", top.size, rgb(under_color)),
        top,
    )


# -- text ---------------------------------------------------------------------------------------


def text_shrink(layer: TextLayer, ppi: float) -> float:
    """How much smaller than its size at ``ppi`` the layer's text is set, to stay within
    ``TEXT_BUDGET`` pixels (1.0: at full size; under 1 it is enlarged when placed, so soft)."""
    t = layer.transform
    px = layer.size / 72.0 * ppi * t.scale
    stroke_px = layer.stroke_width / 72.0 * ppi * t.scale if layer.stroke else 0.0
    lines = layer.text.split("\n")
    columns = max(len(line.expandtabs(TAB_SPACES)) for line in lines)
    est_w = px * (0.7 + max(0.0, layer.letter_spacing)) * columns + 2 * stroke_px
    est_h = px * (1.3 + layer.line_spacing * (len(lines) - 1)) + 2 * stroke_px
    if est_w * est_h <= TEXT_BUDGET:
        return 1.0
    return math.sqrt(TEXT_BUDGET / (est_w * est_h))


def _text(layer: TextLayer, frame: Frame, res: Resources) -> Placed | None:
    t = layer.transform
    px = layer.size / 72.0 * frame.ppi * t.scale
    if px < 0.5:
        return None
    stroke_px = layer.stroke_width / 72.0 * frame.ppi * t.scale if layer.stroke else 0.0
    shrink = text_shrink(layer, frame.ppi)
    px *= shrink
    stroke_px *= shrink
    font = res.font(layer.font, round(px, 2))
    inner, outer = text_masks(layer.text.split("\n"), font, px, layer, stroke_px)
    # The mask and the colours are placed apart, unpremultiplied: a resampled edge's colour
    # then stays the ink's (premultiplied, bicubic overshoot clipped in alpha lightens it).
    alpha = ImageChops.lighter(inner, outer) if outer else inner
    placed = place(alpha, 1.0 / shrink, t, frame)
    if placed is None:
        return None
    if outer is None:
        art = Image.new("RGB", placed.image.size, rgb(layer.color))
    else:  # the outline's mask holds the letters', so only the letters' edge is a blend
        colors = _tinted(inner, layer.color, layer.stroke)
        art = place(colors, 1.0 / shrink, t, frame).image  # type: ignore[union-attr]
    art.putalpha(placed.image)
    return Placed(art, placed.x, placed.y)


def text_masks(
    lines: Sequence[str],
    font: ImageFont.FreeTypeFont,
    px: float,
    layer: TextLayer,
    stroke_px: float,
) -> tuple[Image.Image, Image.Image | None]:
    """The letters' mask and, with an outline, the mask of letters and outline together; the
    box is the text's lines (ascent to descent) with the outline around it."""
    ascent, descent = font.getmetrics()
    gap = layer.letter_spacing * px
    widths = [line_width(font, line, gap) for line in lines]
    widest = max(widths)
    step = px * layer.line_spacing
    pad = math.ceil(stroke_px) + 1
    size = (
        math.ceil(widest) + 2 * pad,
        math.ceil(ascent + descent + step * (len(lines) - 1)) + 2 * pad,
    )
    inner = Image.new("L", size)
    outer = Image.new("L", size) if stroke_px > 0 else None
    for i, (line, width) in enumerate(zip(lines, widths, strict=True)):
        x: float
        if layer.align == "left":
            x = pad
        elif layer.align == "right":
            x = pad + widest - width
        else:
            x = pad + (widest - width) / 2
        y = pad + ascent + i * step
        for at, run in tab_runs(font, line, gap):
            for mask, sw in ((inner, 0.0), (outer, stroke_px)):
                if mask is not None and run:
                    _draw_run(ImageDraw.Draw(mask), (x + at, y), run, font, gap, sw)
    return inner, outer


def _draw_run(
    draw: ImageDraw.ImageDraw,
    xy: Point,
    run: str,
    font: ImageFont.FreeTypeFont,
    gap: float,
    stroke: float,
) -> None:
    """One run of text (no tab in it) from its baseline start, letter by letter when spaced."""
    if gap == 0.0:
        draw.text(xy, run, fill=255, font=font, anchor="ls", stroke_width=stroke)
        return
    cx, y = xy
    for ch in run:
        draw.text((cx, y), ch, fill=255, font=font, anchor="ls", stroke_width=stroke)
        cx += font.getlength(ch) + gap


def tab_runs(font: ImageFont.FreeTypeFont, line: str, gap: float) -> list[tuple[float, str]]:
    """The line's runs between tabs, each with its x from the line's start: a tab moves on to
    the next stop, every ``TAB_SPACES`` spaces' width (``gap`` is the letter spacing)."""
    stop = TAB_SPACES * (font.getlength(" ") + gap) or TAB_SPACES * font.size
    runs: list[tuple[float, str]] = []
    x = 0.0
    for j, run in enumerate(line.split("\t")):
        if j:
            x = (math.floor(x / stop + 1e-6) + 1) * stop
        runs.append((x, run))
        x += _run_width(font, run, gap)
    return runs


def line_width(font: ImageFont.FreeTypeFont, line: str, gap: float) -> float:
    """The width of one line of text in pixels of ``font`` (tabs to their stops)."""
    at, run = tab_runs(font, line, gap)[-1]
    return at + _run_width(font, run, gap)


def _run_width(font: ImageFont.FreeTypeFont, run: str, gap: float) -> float:
    if not run:
        return 0.0
    if gap == 0.0:
        return float(font.getlength(run))
    return float(sum(font.getlength(ch) for ch in run)) + gap * (len(run) - 1)


# -- shapes -------------------------------------------------------------------------------------


def outline(layer: ShapeLayer, ppi: float) -> list[Point]:
    """The shape's points in inches about its centre, upright (``ppi`` sets how finely curves
    are cut: a chord every few pixels)."""
    w, h = layer.width / 2, layer.height / 2
    radius_px = max(w, h) * ppi * layer.transform.scale
    if layer.shape == "polygon":
        return unpack_points(layer.points)
    if layer.shape == "star":
        n = layer.star_points
        pts: list[Point] = []
        for i in range(2 * n):
            a = math.pi * i / n - math.pi / 2
            r = 1.0 if i % 2 == 0 else layer.inner_ratio
            pts.append((w * r * math.cos(a), h * r * math.sin(a)))
        return pts
    if layer.shape == "ellipse":
        n = _segments(radius_px)
        return [
            (w * math.cos(2 * math.pi * i / n), h * math.sin(2 * math.pi * i / n)) for i in range(n)
        ]
    r = min(layer.corner_radius, w, h)
    if r <= 0:
        return [(-w, -h), (w, -h), (w, h), (-w, h)]
    n = max(4, _segments(r * ppi * layer.transform.scale) // 4)
    pts = []
    for cx, cy, start in ((w - r, -h + r, -90.0), (w - r, h - r, 0.0), (-w + r, h - r, 90.0),
                          (-w + r, -h + r, 180.0)):  # fmt: skip
        for i in range(n + 1):
            a = math.radians(start + 90.0 * i / n)
            pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return pts


def _segments(radius_px: float) -> int:
    return max(24, min(2048, math.ceil(2 * math.pi * radius_px / 3)))


def transformed(points: Sequence[Point], t: Transform, frame: Frame) -> list[Point]:
    """Points in inches about a layer's centre → frame pixels (mirror, scale, rotate, move)."""
    theta = math.radians(t.rotation)
    cos, sin = math.cos(theta), math.sin(theta)
    k = frame.ppi * t.scale
    fx = -k if t.flip_x else k
    fy = -k if t.flip_y else k
    cx, cy = frame.px(t.x, t.y)
    return [(cx + fx * u * cos - fy * v * sin, cy + fx * u * sin + fy * v * cos) for u, v in points]


def _shape(layer: ShapeLayer, frame: Frame) -> Placed | None:
    t = layer.transform
    pts = transformed(outline(layer, frame.ppi), t, frame)
    stroke_px = layer.stroke_width * frame.ppi * t.scale if layer.stroke else 0.0
    fill = layer.fill != ""
    if not fill and stroke_px <= 0:
        return None
    grow = stroke_px / 2 + 1
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    box = (math.floor(min(xs) - grow), math.floor(min(ys) - grow), math.ceil(max(xs) + grow),
           math.ceil(max(ys) + grow))  # fmt: skip
    region = _intersect(box, frame.bounds)
    if region is None:
        return None
    x0, y0, x1, y1 = region
    area = (x1 - x0) * (y1 - y0)
    ss = max(1, min(4, int(math.sqrt(MASK_BUDGET / area))))
    # Pillow fills pixels floor(left) to floor(right), both ends: at most a supersample's bleed.
    local = [((x - x0) * ss - 0.5, (y - y0) * ss - 0.5) for x, y in pts]
    size = ((x1 - x0) * ss, (y1 - y0) * ss)
    inner = Image.new("L", size)
    if fill:
        ImageDraw.Draw(inner).polygon(local, fill=255)
    outer = None
    if stroke_px > 0:
        outer = _stroke_mask(local, stroke_px * ss, size)
    if ss > 1:
        inner = inner.reduce(ss)
        outer = outer.reduce(ss) if outer is not None else None
    if outer is None:
        art = _solid(inner, layer.fill)
    elif not fill:
        art = _solid(outer, layer.stroke)
    else:
        art = _two_tone(outer, inner, layer.stroke, layer.fill)  # the outline over the fill
    return Placed(art, x0, y0)


def _stroke_mask(points: Sequence[Point], width: float, size: tuple[int, int]) -> Image.Image:
    """A band ``width`` wide centred on the closed outline through ``points`` (mitred corners,
    bevelled where a mitre would reach past 4 × the half width)."""
    from shapely.geometry import LinearRing

    band = LinearRing(points).buffer(width / 2, join_style="mitre", mitre_limit=4.0)
    mask = Image.new("L", size)
    draw = ImageDraw.Draw(mask)
    for poly in getattr(band, "geoms", [band]):
        if poly.is_empty:
            continue
        draw.polygon(list(poly.exterior.coords), fill=255)
        for hole in poly.interiors:
            draw.polygon(list(hole.coords), fill=0)
    return mask
