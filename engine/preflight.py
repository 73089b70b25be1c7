"""Print preflight: what a print service checks before it accepts a design, done beforehand.

Each :class:`Finding` is an ``error`` (the print would come out wrong) or a ``warning`` (it
may), names the layer (``$.design.layers[2] (headline)``) and says what to do:

- the print area's own dpi: under ``GOOD_PRINT_DPI`` (what print shops ask for; ``MIN_PRINT_DPI``
  is the least most take) a warning, unless the print file cannot be that fine within
  ``MAX_IMAGE_PIXELS``;
- art outside the print area (clipped there, by how far), or inside the safe margin;
- an image layer's effective dpi as placed: under ``MIN_PRINT_DPI`` an error, under
  ``GOOD_PRINT_DPI`` a warning; both bars are at most the print area's dpi (the print file
  cannot be sharper than that, so an image at the print area's dpi is sharp enough);
- text under ``MIN_TEXT_PT`` points as placed, and text too big to set at the print area's dpi
  (it is set coarser and enlarged, so it prints soft);
- a layer too small to print (under one printed pixel as placed);
- text with characters its font has no glyph for (they print as the font's empty box, "tofu",
  or a blank); each font's character map is read once (fontTools, imported only here) and kept
  by its digest;
- light-on-light or dark-on-dark: art lying on bare fabric whose colours are too close in
  luminance to a garment colour (WCAG contrast under ``MIN_CONTRAST``);
- an empty design (nothing visible, or under ``MIN_ART_PIXELS`` pixels of art in the print file);
- more than ``MAX_SCREEN_COLORS`` ink colours (screen printing needs a screen per colour).

The art is looked at on a small render (``PREFLIGHT_PPI`` pixels per inch, with a border of
``BORDER`` inches round the print area so clipped art can be measured), never at full size;
art so small that the small render cannot tell whether it has ``MIN_ART_PIXELS`` is rendered
again at the print dpi, over just its box. How far art reaches past an edge comes from the
layer's geometry when it reaches past the border. Ink colours are counted by
:mod:`engine.inks`. The document must be valid.
"""

from __future__ import annotations

import io
import threading
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from PIL import Image, ImageChops

from engine import limits
from engine.design.model import Design, ImageLayer, Layer, ShapeLayer, TextLayer
from engine.document import Asset, DesignDocument
from engine.errors import one_line
from engine.inks import ink_areas

if TYPE_CHECKING:
    from engine.render.layers import Resources

MIN_PRINT_DPI = 150
GOOD_PRINT_DPI = 300
MIN_TEXT_PT = 6.0
MIN_CONTRAST = 1.4
LOW_CONTRAST_SHARE = 0.6
"""A layer is hard to see when this share of its pixels on bare fabric is under MIN_CONTRAST."""
MIN_ART_PIXELS = 10
MAX_SCREEN_COLORS = 6
SMALL_SHARE = 0.02
"""Share of the printed pixels under which an ink colour is a small one."""
PREFLIGHT_PPI = 40.0
BORDER = 2.0
INK = 128
"""Alpha at or above which a pixel counts as printed."""
MEASURE_PX = 64.0
"""Pixels per em at which text is measured for its box."""
MISSING_SHOWN = 3
"""Characters a font lacks that a finding names; the rest are counted."""
FONT_CACHE = 32
"""Fonts whose character maps are kept between preflights, by digest."""
UNDRAWN = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x17B4, 0x17B5), (0x180B, 0x180F),
    (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
    (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
)  # fmt: skip
"""Default-ignorable characters (joiners, variation selectors, direction marks…) that text
layout hides when a font lacks them; Unicode spaces it sets as a space, ``\n`` breaks the line
and the renderer moves a tab to the next tab stop. Every other character a font lacks prints as
the font's glyph 0."""

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    severity: Severity
    path: str
    message: str

    def __str__(self) -> str:
        return one_line(f"{self.severity}: {self.path}: {self.message}")


@dataclass
class Preflight:
    findings: list[Finding] = field(default_factory=list)
    colors: int = 0
    """Ink colours counted for screen printing."""
    many_small: bool = False
    """More than ``MAX_SCREEN_COLORS`` of the colours cover small areas (shading, a photo, many
    small shapes), so ``colors`` is an estimate."""

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def summary(self) -> str:
        e, w = len(self.errors), len(self.warnings)
        verdict = "ready to print" if not e else "not ready to print"
        about = "about " if self.many_small else ""
        return (
            f"{verdict}: {_n(e, 'error')}, {_n(w, 'warning')}; "
            f"{about}{_n(self.colors, 'ink colour')} for screen printing"
        )


def _n(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _where(i: int, layer: Layer) -> str:
    return f"$.design.layers[{i}] ({layer.name})"


def preflight(doc: DesignDocument) -> Preflight:
    from engine.render.layers import Resources, draw_layer
    from engine.render.print_art import area_frame, composite

    design = doc.design
    report = Preflight()
    _print_dpi(report, design)
    frame = area_frame(design, PREFLIGHT_PPI, BORDER)
    res = Resources(doc.assets)
    canvas = Image.new("RGBA", frame.size, (0, 0, 0, 0))
    covered = Image.new("L", frame.size, 0)
    inside = _area_box(design)
    shown = [(i, layer) for i, layer in enumerate(design.layers) if layer.visible]
    for i, layer in shown:
        _resolution(report, i, layer, design)
        if layer.opacity <= 0:
            continue
        if isinstance(layer, TextLayer):
            _glyphs(report, i, layer, doc.assets[layer.font])
        placed = draw_layer(layer, frame, res)
        box = _layer_box(layer, res, design.print_area.dpi)
        if placed is None:
            _edges(report, i, layer, None, box, design)
            continue
        alpha = Image.new("L", frame.size, 0)
        alpha.paste(placed.image.getchannel("A"), placed.box)
        ink = alpha.point([255 if a * layer.opacity >= INK else 0 for a in range(256)])
        _edges(report, i, layer, _reach(alpha.getbbox(), frame.size, box), box, design)
        bare = ImageChops.subtract(ink.crop(inside), covered.crop(inside))
        colors = Image.new("RGB", frame.size)
        colors.paste(placed.image.convert("RGB"), placed.box)
        _contrast(report, i, layer, _luminance_image(colors.crop(inside)), bare, design)
        covered = ImageChops.lighter(covered, ink)
        composite(canvas, placed, layer.opacity, layer.blend)
    art = canvas.crop(inside)
    _empty(report, doc, art, res, has_layers=bool(shown))
    _ink_colors(report, art)
    return report


def _area_box(design: Design) -> tuple[int, int, int, int]:
    area = design.print_area
    b = round(BORDER * PREFLIGHT_PPI)
    return (b, b, b + round(area.width * PREFLIGHT_PPI), b + round(area.height * PREFLIGHT_PPI))


def _print_dpi(report: Preflight, design: Design) -> None:
    """The print area's own dpi: the print file is never sharper than that, whatever its art."""
    area = design.print_area
    best = min(GOOD_PRINT_DPI, _finest_dpi(area.width, area.height))
    if area.dpi >= best:
        return
    if area.dpi < MIN_PRINT_DPI:
        why = (
            f"under the {MIN_PRINT_DPI} dpi most print shops take at the least, so the print "
            "comes out blocky"
        )
    else:
        why = (
            f"under the {GOOD_PRINT_DPI} dpi print shops usually ask for, so edges and fine "
            "lines print soft"
        )
    report.findings.append(
        Finding(
            "warning",
            "$.design.print_area.dpi",
            f"the print file is {area.dpi} dpi, {why}: set the print area's dpi to {best}",
        )
    )


def _finest_dpi(width: float, height: float) -> int:
    """The highest dpi whose print file of ``width`` × ``height`` inches is within
    ``MAX_IMAGE_PIXELS`` (and the dpi limits)."""
    dpi = min(limits.MAX_DPI, int((limits.MAX_IMAGE_PIXELS / (width * height)) ** 0.5))
    while dpi > limits.MIN_DPI and round(width * dpi) * round(height * dpi) > (
        limits.MAX_IMAGE_PIXELS
    ):
        dpi -= 1
    return dpi


def _resolution(report: Preflight, i: int, layer: Layer, design: Design) -> None:
    if isinstance(layer, ImageLayer):
        _image_dpi(report, i, layer, design.print_area.dpi)
    elif isinstance(layer, TextLayer):
        pt = layer.size * layer.transform.scale
        if pt < MIN_TEXT_PT:
            report.findings.append(
                Finding(
                    "warning",
                    _where(i, layer),
                    f"text is {pt:.1f} pt as placed, too small to print clearly: make it "
                    f"{MIN_TEXT_PT:g} pt or more",
                )
            )
        _text_dpi(report, i, layer, design.print_area.dpi)


def _image_dpi(report: Preflight, i: int, layer: ImageLayer, area_dpi: int) -> None:
    """An image under the dpi a print needs as placed; the bars are at most the print area's
    dpi, so the advice (a scale) can always be followed."""
    dpi = area_dpi / layer.transform.scale
    sharp = min(GOOD_PRINT_DPI, area_dpi)
    if dpi >= sharp:
        return
    least = min(MIN_PRINT_DPI, area_dpi)
    severity: Severity = "error" if dpi < least else "warning"
    need = least if severity == "error" else sharp
    if need == area_dpi and need < GOOD_PRINT_DPI:
        why = " (the print file's dpi)"
    elif need < sharp:
        why = f" ({sharp} for a sharp print)"
    else:
        why = ""
    report.findings.append(
        Finding(
            severity,
            _where(i, layer),
            f"image is {dpi:.0f} dpi as placed; print needs {need} dpi{why}: use a larger "
            f"image, or scale it to {area_dpi / need:.2f} or less",
        )
    )


def _text_dpi(report: Preflight, i: int, layer: TextLayer, area_dpi: int) -> None:
    """Text too big to set at the print area's dpi within the renderer's budget."""
    from engine.render.layers import text_shrink

    shrink = text_shrink(layer, area_dpi)
    if shrink < 1.0:
        report.findings.append(
            Finding(
                "warning",
                _where(i, layer),
                f"text is too big to draw at {area_dpi} dpi: it is drawn at "
                f"{area_dpi * shrink:.0f} dpi and enlarged, so its edges print blurred: "
                "shorten it or make it smaller",
            )
        )


@dataclass(frozen=True)
class _Box:
    """Where a layer lies as placed: its rotated bounding box in print-area inches, and its
    upright size in printed pixels."""

    left: float
    top: float
    right: float
    bottom: float
    printed: tuple[float, float]

    def misses(self, width: float, height: float) -> bool:
        """True when the box lies wholly outside a print area of that size."""
        return self.right <= 0 or self.bottom <= 0 or self.left >= width or self.top >= height


def _layer_box(layer: Layer, res: Resources, dpi: int) -> _Box:
    """The layer's box as placed, from its geometry (not from the small render)."""
    from engine.render.layers import Frame, outline, transformed

    t = layer.transform
    if isinstance(layer, ShapeLayer):
        points = outline(layer, PREFLIGHT_PPI)
        grow = layer.stroke_width / 2 if layer.stroke else 0.0
        x0, x1 = min(p[0] for p in points) - grow, max(p[0] for p in points) + grow
        y0, y1 = min(p[1] for p in points) - grow, max(p[1] for p in points) + grow
    else:
        w, h = _upright_size(layer, res, dpi)
        x0, y0, x1, y1 = -w / 2, -h / 2, w / 2, h / 2
    corners = transformed([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], t, Frame((0, 0), 1.0))
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    printed = ((x1 - x0) * t.scale * dpi, (y1 - y0) * t.scale * dpi)
    return _Box(min(xs), min(ys), max(xs), max(ys), printed)


def _upright_size(layer: ImageLayer | TextLayer, res: Resources, dpi: int) -> tuple[float, float]:
    """An image's or text's width and height in inches at scale 1: an image's pixels at the
    print dpi; text's widest line, and its lines from the first ascent to the last descent."""
    if isinstance(layer, ImageLayer):
        w, h = res.image(layer.image).size
        return w / dpi, h / dpi
    from engine.render.layers import line_width

    font = res.font(layer.font, MEASURE_PX)
    gap = layer.letter_spacing * MEASURE_PX
    lines = layer.text.split("\n")
    widest = max(line_width(font, line, gap) for line in lines)
    ascent, descent = font.getmetrics()
    tall = ascent + descent + MEASURE_PX * layer.line_spacing * (len(lines) - 1)
    inch = layer.size / 72.0 / MEASURE_PX
    return max(0.0, widest) * inch, tall * inch


Reach = tuple[float, float, float, float]
"""Left, top, right, bottom of a layer's printed pixels in print-area inches."""


def _reach(
    bbox: tuple[int, int, int, int] | None, size: tuple[int, int], box: _Box
) -> Reach | None:
    """Where the layer's pixels on the small render reach, in inches; on a side where they
    reach the render's edge (the border round the print area) the layer's geometry says how
    far they go on."""
    if bbox is None:
        return None
    x0, y0, x1, y1 = ((v / PREFLIGHT_PPI) - BORDER for v in bbox)
    return (
        min(x0, box.left) if bbox[0] <= 0 else x0,
        min(y0, box.top) if bbox[1] <= 0 else y0,
        max(x1, box.right) if bbox[2] >= size[0] else x1,
        max(y1, box.bottom) if bbox[3] >= size[1] else y1,
    )


OUTSIDE = "layer lies wholly outside the print area and does not print: move it in, or hide it"


def _edges(
    report: Preflight,
    i: int,
    layer: Layer,
    reach: Reach | None,
    box: _Box,
    design: Design,
) -> None:
    """A layer that does not print, clipped art, and art inside the safe margin, from the
    layer's box and where its pixels reach (:func:`_reach`)."""
    area = design.print_area
    where = _where(i, layer)
    unprinted = _unprinted(reach, box, design)
    if unprinted or reach is None:
        report.findings.append(Finding("error", where, unprinted))
        return
    x0, y0, x1, y1 = reach
    past = {"left": -x0, "top": -y0, "right": x1 - area.width, "bottom": y1 - area.height}
    tol = 1.0 / PREFLIGHT_PPI
    clipped = [f"{_inches(v)} past the {side}" for side, v in past.items() if v > tol]
    if clipped:
        if x1 <= 0 or y1 <= 0 or x0 >= area.width or y0 >= area.height:
            report.findings.append(Finding("error", where, OUTSIDE))
            return
        report.findings.append(
            Finding(
                "warning",
                where,
                f"art reaches {', '.join(clipped)} edge of the print area and is cut off "
                "there: move it in or scale it down",
            )
        )
        return
    m = area.safe_margin
    close = [side for side, v in past.items() if v > -m + tol]
    if close:
        report.findings.append(
            Finding(
                "warning",
                where,
                f"art is inside the {m:g} in safe margin at the {', '.join(close)}: keep "
                f"important art {m:g} in from the edge",
            )
        )


def _unprinted(reach: Reach | None, box: _Box, design: Design) -> str:
    """Why the layer does not print ("" when it does): under one printed pixel as placed (or
    left no pixel on the small render, which is coarser, while in the print area), wholly
    outside the print area, or transparent."""
    area = design.print_area
    w, h = box.printed
    outside = box.misses(area.width, area.height)
    coarse = min(w, h) * PREFLIGHT_PPI / area.dpi < 1
    if min(w, h) < 1 or (reach is None and coarse and not outside):
        return (
            f"layer is too small to print ({_px(w)} × {_px(h)} px as placed at {area.dpi} "
            "dpi): scale it up, or delete it"
        )
    if reach is not None:
        return ""
    if outside:
        return OUTSIDE
    return (
        "layer has nothing that prints (its pixels are all transparent): give it visible art, "
        "or delete it"
    )


def _px(v: float) -> str:
    return f"{v:.2g}" if v < 10 else f"{v:.0f}"


def _inches(v: float) -> str:
    return f"{v:.1f} in" if v < 100 else f"{v:,.0f} in"


@dataclass(frozen=True)
class _Cmap:
    """What one font can draw: its name and the characters its character map has."""

    name: str
    chars: frozenset[int]
    blank: bool = False
    """The font's glyph 0, drawn for every character it lacks, has no outline (a gap, not a
    box)."""
    unreadable: str = ""
    """Why fontTools could not read the map (FreeType, which renders, could)."""


_cmaps: dict[str, _Cmap] = {}
_cmaps_lock = threading.Lock()


def _cmap(key: str, asset: Asset) -> _Cmap:
    """The font's character map, read once per digest (kept for the last ``FONT_CACHE`` fonts,
    so the editor's preflight after each edit does not read them again)."""
    with _cmaps_lock:
        found = _cmaps.get(key)
    if found is not None:
        return found
    found = _read_cmap(asset)
    with _cmaps_lock:
        while len(_cmaps) >= FONT_CACHE:
            del _cmaps[next(iter(_cmaps))]
        _cmaps[key] = found
    return found


def _read_cmap(asset: Asset) -> _Cmap:
    from fontTools.pens.boundsPen import BoundsPen  # type: ignore[import-untyped]
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    try:
        font = TTFont(io.BytesIO(asset.data), lazy=True)
        chars = frozenset(font.getBestCmap() or {})
        name = font["name"].getBestFullName() if "name" in font else None
        glyphs = font.getGlyphSet()
        pen = BoundsPen(glyphs)
        glyphs[font.getGlyphOrder()[0]].draw(pen)
    except Exception as exc:  # a damaged table: fontTools raises many kinds
        return _Cmap(asset.name, frozenset(), unreadable=one_line(str(exc)) or type(exc).__name__)
    return _Cmap(str(name or asset.name), chars, blank=pen.bounds is None)


def _glyphs(report: Preflight, i: int, layer: TextLayer, asset: Asset) -> None:
    """Characters of the layer's text that its font has no glyph for: FreeType draws the font's
    glyph 0 for them (an empty box, or in some fonts a blank), never a glyph of another font."""
    cmap = _cmap(layer.font, asset)
    where = _where(i, layer)
    if cmap.unreadable:
        report.findings.append(
            Finding(
                "warning",
                where,
                f"the font {cmap.name}'s character map cannot be read ({cmap.unreadable}), so "
                "characters it lacks cannot be found: check the mockup for empty boxes",
            )
        )
        return
    missing = _missing(layer.text, cmap.chars, spaced=layer.letter_spacing != 0)
    if not missing:
        return
    listed = _listing([f"{ch!r} (U+{ord(ch):04X})" for ch in missing])
    shown = ("a blank gap", "blank gaps") if cmap.blank else ("an empty box", "empty boxes")
    if len(missing) == 1:
        fate = f"it prints as {shown[0]}; use a font that has it, or remove it"
    else:
        fate = f"they print as {shown[1]}; use a font that has them, or remove them"
    report.findings.append(
        Finding("error", where, f"the font {cmap.name} has no glyph for {listed}: {fate}")
    )


def _listing(named: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``, or the first ``MISSING_SHOWN`` and how many more."""
    more = len(named) - MISSING_SHOWN
    if more > 0:
        return f"{', '.join(named[:MISSING_SHOWN])} and {more} more"
    if len(named) == 1:
        return named[0]
    return f"{', '.join(named[:-1])} and {named[-1]}"


def _missing(text: str, chars: frozenset[int], *, spaced: bool) -> list[str]:
    """The text's characters the font lacks, each once, in order. Text set as a whole (no
    letter spacing) is composed first, as layout does (``e`` + U+0301 is drawn as ``é`` when
    the font has it); a character is drawn from its parts when the font has those."""
    out: list[str] = []
    for ch in text if spaced else unicodedata.normalize("NFC", text):
        if ch in out or ord(ch) in chars or _undrawn(ch):
            continue
        parts = unicodedata.normalize("NFD", ch)
        if len(parts) > 1 and all(ord(p) in chars for p in parts):
            continue
        out.append(ch)
    return out


def _undrawn(ch: str) -> bool:
    """A line break, a tab, a space (set as a space when missing) or an invisible format
    character."""
    cp = ord(ch)
    if ch in "\n\t" or unicodedata.category(ch) == "Zs":
        return True
    return any(lo <= cp <= hi for lo, hi in UNDRAWN)


def _relative_luminance(value: float) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _luminance(color: str) -> float:
    r, g, b = (_relative_luminance(int(color[k : k + 2], 16)) for k in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _luminance_image(image: Image.Image) -> Image.Image:
    """Relative luminance (linear light, WCAG) × 255 of an RGB image, pixel by pixel."""
    r, g, b = image.split()
    weights = (0.2126, 0.7152, 0.0722)
    parts = [
        band.point([round(w * _relative_luminance(v) * 255) for v in range(256)])
        for band, w in zip((r, g, b), weights, strict=True)
    ]
    return ImageChops.add(ImageChops.add(parts[0], parts[1]), parts[2])


def _contrast_ratio(a: float, b: float) -> float:
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def _contrast(
    report: Preflight,
    i: int,
    layer: Layer,
    luma: Image.Image,
    bare: Image.Image,
    design: Design,
) -> None:
    """The layer's pixels that lie on bare fabric, by luminance, against each garment colour."""
    hist = luma.histogram(mask=bare)
    total = sum(hist)
    if total < 4:
        return
    lum = [v / 255 for v in range(256)]
    poor: list[str] = []
    light = 0.0
    for gc in design.garment.colors:
        g = _luminance(gc.color)
        low = sum(n for v, n in enumerate(hist) if _contrast_ratio(lum[v], g) < MIN_CONTRAST)
        if low / total >= LOW_CONTRAST_SHARE:
            poor.append(gc.name)
            light += g
    if poor:
        kind = "light on light" if light / len(poor) > 0.18 else "dark on dark"
        report.findings.append(
            Finding(
                "warning",
                _where(i, layer),
                f"{kind}: hard to see on {', '.join(poor)} (contrast under "
                f"{MIN_CONTRAST:g}:1): change its colour, add an outline, or drop "
                f"{'that garment colour' if len(poor) == 1 else 'those garment colours'}",
            )
        )


def _empty(
    report: Preflight, doc: DesignDocument, art: Image.Image, res: Resources, *, has_layers: bool
) -> None:
    """Under ``MIN_ART_PIXELS`` pixels of art in the print file (alpha summed): measured on the
    small render, or, when that shows so little that a dot rounded up to a whole small pixel
    could be all of it, on the print file's pixels under the art."""
    covered = _coverage(art)
    if 0 < covered < 4 * MIN_ART_PIXELS:
        covered = _printed_pixels(doc, art, res)
    else:
        covered *= (doc.design.print_area.dpi / PREFLIGHT_PPI) ** 2
    if covered >= MIN_ART_PIXELS:
        return
    if covered < 0.5:
        why = "no layer is visible" if not has_layers else "the art is empty or transparent"
        message = f"nothing would print ({why}): add a layer, or show one"
    else:
        pixels = "printed pixel" if covered < 1.5 else "printed pixels"
        message = (
            f"the art is only {_px(covered)} {pixels} (under {MIN_ART_PIXELS}), too little to "
            "print: make it bigger, or add art"
        )
    report.findings.append(Finding("error", "$.design.layers", message))


def _coverage(art: Image.Image) -> float:
    """Pixels of ``art`` covered, each counted by its alpha."""
    hist = art.getchannel("A").histogram()
    return sum(a * n for a, n in enumerate(hist)) / 255


def _printed_pixels(doc: DesignDocument, art: Image.Image, res: Resources) -> float:
    """The coverage of the print file itself over the box of ``art`` (the small render of the
    print area): that box rendered at the print dpi, on the print file's own pixel grid."""
    from engine.render.layers import Frame
    from engine.render.print_art import render_art

    box = art.getchannel("A").getbbox()
    assert box is not None  # called only when something is covered
    area = doc.design.print_area
    k = area.dpi / PREFLIGHT_PPI
    full = (round(area.width * area.dpi), round(area.height * area.dpi))
    x0, y0 = max(0, int(box[0] * k) - 1), max(0, int(box[1] * k) - 1)
    x1, y1 = min(full[0], int(box[2] * k) + 2), min(full[1], int(box[3] * k) + 2)
    frame = Frame((x1 - x0, y1 - y0), float(area.dpi), (-x0, -y0), None, area.dpi)
    return _coverage(render_art(doc, frame, res))


def _ink_colors(report: Preflight, art: Image.Image) -> None:
    """Count the ink colours of ``art`` (:mod:`engine.inks`) and warn when there are
    more than ``MAX_SCREEN_COLORS``."""
    inks = ink_areas(art, PREFLIGHT_PPI, INK)
    printed = sum(inks)
    report.colors = len(inks)
    small = sum(1 for n in inks if n < SMALL_SHARE * printed)
    report.many_small = len(inks) > MAX_SCREEN_COLORS and small > MAX_SCREEN_COLORS
    if report.many_small:
        message = (
            f"the art has about {len(inks)} colours, {small} of them in small areas (shading, "
            "a photo, or many small shapes): screen printing needs a screen for each; print it "
            "direct-to-garment (DTG) or reduce the palette"
        )
    elif len(inks) > MAX_SCREEN_COLORS:
        message = (
            f"the art has {len(inks)} ink colours; screen printing charges per colour (up to "
            f"{MAX_SCREEN_COLORS} is usual): use fewer colours, or print it direct-to-garment"
        )
    else:
        return
    report.findings.append(Finding("warning", "$.design.layers", message))
