"""Print preflight: what a print service checks before it accepts a design, done beforehand.

Each :class:`Finding` is an ``error`` (the print would come out wrong) or a ``warning`` (it
may), names the layer (``$.design.layers[2] (headline)``) and says what to do:

- art outside the print area (clipped there), or inside the safe margin;
- an image layer's effective dpi as placed: under ``MIN_PRINT_DPI`` an error, under
  ``GOOD_PRINT_DPI`` a warning;
- text under ``MIN_TEXT_PT`` points as placed;
- light-on-light or dark-on-dark: art lying on bare fabric whose colours are too close in
  luminance to a garment colour (WCAG contrast under ``MIN_CONTRAST``);
- an empty design (nothing visible, or under ``MIN_ART_PIXELS`` pixels of art in the print file);
- more than ``MAX_SCREEN_COLORS`` ink colours (screen printing charges per colour).

The art is looked at on a small render (``PREFLIGHT_PPI`` pixels per inch, with a border of
``BORDER`` inches round the print area so clipped art can be measured), never at full size.
The document must be valid.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from PIL import Image, ImageChops

from engine.design.model import Design, ImageLayer, Layer, TextLayer
from engine.document import DesignDocument
from engine.errors import one_line

MIN_PRINT_DPI = 150
GOOD_PRINT_DPI = 300
MIN_TEXT_PT = 6.0
MIN_CONTRAST = 1.4
LOW_CONTRAST_SHARE = 0.6
"""A layer is hard to see when this share of its pixels on bare fabric is under MIN_CONTRAST."""
MIN_ART_PIXELS = 10
MAX_SCREEN_COLORS = 6
PREFLIGHT_PPI = 40.0
BORDER = 2.0
INK = 128
"""Alpha at or above which a pixel counts as printed."""

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

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def summary(self) -> str:
        e, w = len(self.errors), len(self.warnings)
        verdict = "ready to print" if not e else "not ready to print"
        return (
            f"{verdict}: {_n(e, 'error')}, {_n(w, 'warning')}; "
            f"{_n(self.colors, 'ink colour')} for screen printing"
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
        placed = draw_layer(layer, frame, res)
        if placed is None:
            _edges(report, i, layer, None, design)
            continue
        alpha = Image.new("L", frame.size, 0)
        alpha.paste(placed.image.getchannel("A"), placed.box)
        ink = alpha.point([255 if a * layer.opacity >= INK else 0 for a in range(256)])
        _edges(report, i, layer, alpha.getbbox(), design)
        bare = ImageChops.subtract(ink.crop(inside), covered.crop(inside))
        colors = Image.new("RGB", frame.size)
        colors.paste(placed.image.convert("RGB"), placed.box)
        _contrast(report, i, layer, _luminance_image(colors.crop(inside)), bare, design)
        covered = ImageChops.lighter(covered, ink)
        composite(canvas, placed, layer.opacity, layer.blend)
    art = canvas.crop(inside)
    _empty(report, art, design, has_layers=bool(shown))
    report.colors = _ink_colors(art)
    if report.colors > MAX_SCREEN_COLORS:
        report.findings.append(
            Finding(
                "warning",
                "$.design.layers",
                f"the art has {report.colors} ink colours; screen printing charges per colour "
                f"(up to {MAX_SCREEN_COLORS} is usual): use fewer colours, or print it "
                "direct-to-garment",
            )
        )
    return report


def _area_box(design: Design) -> tuple[int, int, int, int]:
    area = design.print_area
    b = round(BORDER * PREFLIGHT_PPI)
    return (b, b, b + round(area.width * PREFLIGHT_PPI), b + round(area.height * PREFLIGHT_PPI))


def _resolution(report: Preflight, i: int, layer: Layer, design: Design) -> None:
    if isinstance(layer, ImageLayer):
        dpi = design.print_area.dpi / layer.transform.scale
        if dpi >= GOOD_PRINT_DPI:
            return
        severity: Severity = "error" if dpi < MIN_PRINT_DPI else "warning"
        need = GOOD_PRINT_DPI if severity == "warning" else MIN_PRINT_DPI
        most = design.print_area.dpi / need
        report.findings.append(
            Finding(
                severity,
                _where(i, layer),
                f"image is {dpi:.0f} dpi as placed; print needs {need} dpi"
                + (" (300 for a sharp print)" if need == MIN_PRINT_DPI else "")
                + f": use a larger image, or scale it to {most:.2f} or less",
            )
        )
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


def _edges(
    report: Preflight,
    i: int,
    layer: Layer,
    bbox: tuple[int, int, int, int] | None,
    design: Design,
) -> None:
    """Clipped art, and art inside the safe margin, from the layer's inked box."""
    area = design.print_area
    where = _where(i, layer)
    if bbox is None:
        report.findings.append(
            Finding(
                "error",
                where,
                "layer lies wholly outside the print area and does not print: move it in, "
                "or hide it",
            )
        )
        return
    x0, y0, x1, y1 = ((v / PREFLIGHT_PPI) - BORDER for v in bbox)
    past = {"left": -x0, "top": -y0, "right": x1 - area.width, "bottom": y1 - area.height}
    tol = 1.0 / PREFLIGHT_PPI
    clipped = [f"{_inches(v)} past the {side}" for side, v in past.items() if v > tol]
    if clipped:
        if x1 <= 0 or y1 <= 0 or x0 >= area.width or y0 >= area.height:
            msg = "layer lies wholly outside the print area and does not print: move it in"
            report.findings.append(Finding("error", where, msg + ", or hide it"))
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


def _inches(v: float) -> str:
    return f"more than {BORDER:g} in" if v >= BORDER - 0.01 else f"{v:.1f} in"


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


def _empty(report: Preflight, art: Image.Image, design: Design, *, has_layers: bool) -> None:
    alpha = art.getchannel("A")
    hist = alpha.histogram()
    covered = sum(a * n for a, n in enumerate(hist)) / 255
    scale = (design.print_area.dpi / PREFLIGHT_PPI) ** 2
    if covered * scale < MIN_ART_PIXELS:
        why = "no layer is visible" if not has_layers else "the art is empty or transparent"
        report.findings.append(
            Finding(
                "error",
                "$.design.layers",
                f"nothing would print ({why}): add a layer, or show one",
            )
        )


def _ink_colors(art: Image.Image) -> int:
    """Colours that each cover at least 2% of the printed pixels, counted on a coarse grid (so
    anti-aliased edges and shading do not count as inks)."""
    mask = art.getchannel("A").point(lambda a: 255 if a >= INK else 0)
    coarse = art.convert("RGB").point(lambda v: (v // 48) * 48 + 24)
    marked = Image.composite(coarse, Image.new("RGB", art.size, (0, 0, 0)), mask)
    counts = marked.getcolors(maxcolors=art.width * art.height + 1) or []
    printed = sum(n for n, c in counts if c != (0, 0, 0))
    if not printed:
        return 0
    return sum(1 for n, c in counts if c != (0, 0, 0) and n / printed >= 0.02)
