"""Draw the garment templates in ``assets/garments/``: ``python assets/make_garments.py``.

Each style (tshirt, longsleeve, hoodie, tank) is a front view drawn from a few curves in inches,
as a flat-lay photo of a white garment would show it, in three grey PNGs of the same size:

- ``<style>-mask.png``: the garment's silhouette (255 inside), anti-aliased;
- ``<style>-shade.png``: what the fabric does to light, multiplied over the garment's colour and
  the printed art (255: nothing; lower: folds, seams, the inside of the neck, edges turning away);
- ``<style>-light.png``: highlights screened over it (0: nothing), so folds show on dark colours.

``garments.json`` says for each style where the print area goes: the template's pixels per inch
and the pixel of the print area's top centre. ``engine/render/mockup.py`` tints a template to a
garment colour and lays the art in. Seeded randomness and fixed encoder settings: a run draws
the same pixels.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter

OUT = Path(__file__).resolve().parent / "garments"
SIZE = 1000
"""Templates are SIZE × SIZE pixels."""
PPI = 24
"""Template pixels per garment inch."""
SS = 2
"""Drawn at SS × the size, then reduced (anti-aliasing)."""

Point = tuple[float, float]
Path_ = list[tuple[str, Sequence[Point]]]
"""A half outline: ``("L", [p])`` line to p, ``("Q", [c, p])`` quadratic curve to p."""


def trace(start: Point, segments: Path_, steps: int = 24) -> list[Point]:
    pts = [start]
    for kind, args in segments:
        if kind == "L":
            pts.append(args[0])
            continue
        (cx, cy), (px, py) = args
        x0, y0 = pts[-1]
        for i in range(1, steps + 1):
            t = i / steps
            a, b, c = (1 - t) ** 2, 2 * (1 - t) * t, t * t
            pts.append((a * x0 + b * cx + c * px, a * y0 + b * cy + c * py))
    return pts


def mirrored(half: list[Point]) -> list[Point]:
    """A closed outline from its right half (which runs from x = 0 back to x = 0)."""
    return half + [(-x, y) for x, y in reversed(half[1:-1])]


def both(line: list[Point]) -> list[list[Point]]:
    return [line, [(-x, y) for x, y in line]]


@dataclass
class Style:
    body: Path_
    body_start: Point
    inside: list[Point]
    """The inside of the neck (or hood) that shows above the front: drawn dark."""
    print_top: float
    """Inches below the neck point where the print area starts."""
    seams: list[list[Point]] = field(default_factory=list)
    folds: list[tuple[list[Point], float, float]] = field(default_factory=list)
    """(line, darkness 0-255, width in inches), each mirrored."""
    lights: list[tuple[list[Point], float, float]] = field(default_factory=list)
    ribs: list[tuple[float, float, float, float]] = field(default_factory=list)
    """Ribbed bands (x0, y0, x1, y1) in inches: fine vertical lines."""
    extra_dark: list[tuple[list[Point], float]] = field(default_factory=list)
    """Closed regions (already whole, not mirrored) and how dark they are."""


def q(c: Point, p: Point) -> tuple[str, Sequence[Point]]:
    return ("Q", [c, p])


def ln(p: Point) -> tuple[str, Sequence[Point]]:
    return ("L", [p])


CREW_INSIDE = mirrored(trace((0.0, 0.8), [q((2.4, 0.7), (3.6, 0.0)), q((3.3, 3.3), (0.0, 3.4))]))
CREW_RIB = trace((4.5, 0.2), [q((4.1, 4.2), (0.0, 4.3))])
SHORT_SLEEVE = [q((12.6, 2.6), (16.2, 8.4)), ln((12.9, 11.3)), q((11.4, 9.9), (10.9, 9.3))]
LONG_SLEEVE = [
    q((13.0, 2.8), (14.4, 10.0)),
    ln((16.7, 26.6)),
    ln((13.3, 27.3)),
    q((12.6, 16.0), (11.0, 10.0)),
]
TEE_BODY_END = [q((10.7, 16.0), (11.2, 29.4)), q((5.6, 29.9), (0.0, 29.9))]
TEE_FOLDS = [
    (trace((10.4, 10.2), [q((8.6, 11.8), (6.4, 13.6))]), 46, 0.5),
    (trace((10.6, 12.4), [q((9.2, 14.8), (7.4, 17.5))]), 34, 0.55),
    (trace((8.2, 29.4), [q((8.0, 27.0), (8.6, 24.6))]), 40, 0.5),
    (trace((3.8, 29.7), [q((3.5, 28.0), (3.9, 26.2))]), 30, 0.45),
    (trace((5.5, 1.0), [q((6.4, 2.6), (6.2, 4.6))]), 26, 0.6),
]
TEE_LIGHTS = [
    (trace((10.0, 11.2), [q((8.3, 12.8), (6.0, 14.8))]), 60, 0.5),
    (trace((8.9, 29.2), [q((8.8, 27.0), (9.3, 25.0))]), 50, 0.45),
    (trace((4.6, 29.5), [q((4.3, 28.0), (4.7, 26.6))]), 40, 0.4),
]
SLEEVE_FOLDS = [
    (trace((12.2, 4.2), [q((13.2, 6.2), (13.6, 9.4))]), 34, 0.5),
]
LONG_SLEEVE_FOLDS = [
    (trace((12.4, 13.0), [q((13.8, 14.6), (15.0, 14.4))]), 40, 0.45),
    (trace((12.9, 18.6), [q((14.4, 20.0), (15.7, 19.8))]), 40, 0.45),
    (trace((13.1, 23.0), [q((14.6, 23.6), (16.2, 23.4))]), 34, 0.4),
]
LONG_SLEEVE_LIGHTS = [
    (trace((12.5, 14.2), [q((13.9, 15.6), (15.2, 15.5))]), 48, 0.4),
    (trace((13.0, 19.8), [q((14.5, 21.1), (15.9, 21.0))]), 48, 0.4),
]
HEM_SEAM = trace((11.1, 28.4), [q((5.6, 28.9), (0.0, 28.9))])
CUFF = [(12.9, 24.6), (16.3, 24.0)]


def tshirt() -> Style:
    return Style(
        body=[q((2.4, 0.7), (3.6, 0.0)), ln((10.0, 1.7)), *SHORT_SLEEVE, *TEE_BODY_END],
        body_start=(0.0, 0.8),
        inside=CREW_INSIDE,
        print_top=5.0,
        seams=[CREW_RIB, HEM_SEAM, [(3.6, 0.0), (10.0, 1.7)], [(15.4, 8.9), (12.4, 11.0)]],
        folds=TEE_FOLDS + SLEEVE_FOLDS,
        lights=TEE_LIGHTS,
    )


def longsleeve() -> Style:
    return Style(
        body=[q((2.4, 0.7), (3.6, 0.0)), ln((10.0, 1.7)), *LONG_SLEEVE, *TEE_BODY_END],
        body_start=(0.0, 0.8),
        inside=CREW_INSIDE,
        print_top=5.0,
        seams=[CREW_RIB, HEM_SEAM, [(3.6, 0.0), (10.0, 1.7)], CUFF],
        folds=TEE_FOLDS + LONG_SLEEVE_FOLDS,
        lights=TEE_LIGHTS + LONG_SLEEVE_LIGHTS,
        ribs=[(13.0, 24.3, 16.7, 27.3)],
    )


def hoodie() -> Style:
    hood_inside = mirrored(
        trace((0.0, -6.2), [q((4.6, -6.0), (4.7, -1.0)), q((4.3, 2.6), (0.0, 4.8))])
    )
    pocket = trace((4.6, 17.0), [q((6.5, 18.8), (7.4, 24.4)), ln((-7.4, 24.4)), ln((-4.6, 17.0))])
    pocket += [(4.6, 17.0)]
    return Style(
        body=[
            q((5.8, -8.0), (6.7, -2.2)),
            q((7.1, 1.0), (10.4, 2.1)),
            *LONG_SLEEVE,
            q((10.9, 18.0), (10.9, 25.0)),
            ln((10.3, 28.5)),
            q((5.2, 28.8), (0.0, 28.8)),
        ],
        body_start=(0.0, -8.1),
        inside=hood_inside,
        print_top=6.2,
        seams=[
            trace((5.4, -6.6), [q((5.9, -1.2), (9.6, 1.6))]),
            [(10.8, 25.0), (-10.8, 25.0)],
            CUFF,
            pocket,
            trace((0.0, -6.9), [q((5.3, -6.7), (5.5, -1.0)), q((5.1, 3.2), (0.0, 5.6))]),
        ],
        folds=[
            *TEE_FOLDS[:2],
            *LONG_SLEEVE_FOLDS,
            (trace((4.8, 18.0), [q((6.4, 19.8), (7.1, 24.0))]), 60, 0.5),
            (trace((1.6, 3.4), [q((1.8, 8.0), (1.7, 12.2))]), 70, 0.28),
            (trace((-1.6, 3.4), [q((-1.9, 8.0), (-1.6, 11.4))]), 70, 0.28),
            (trace((7.0, -3.0), [q((7.2, 0.0), (9.4, 1.5))]), 40, 0.6),
        ],
        lights=[
            *TEE_LIGHTS[:1],
            *LONG_SLEEVE_LIGHTS,
            (trace((1.3, 3.6), [q((1.5, 8.0), (1.4, 12.0))]), 60, 0.16),
            (trace((-1.3, 3.6), [q((-1.6, 8.0), (-1.3, 11.2))]), 60, 0.16),
            (trace((3.0, -7.2), [q((5.5, -6.4), (5.9, -2.6))]), 40, 0.7),
        ],
        ribs=[(-10.4, 25.0, 10.4, 28.6), (13.0, 24.3, 16.7, 27.3)],
    )


def tank() -> Style:
    return Style(
        body=[
            q((2.0, 0.8), (3.4, 0.0)),
            ln((5.8, 0.3)),
            q((6.5, 7.4), (10.7, 9.6)),
            q((10.6, 17.0), (11.0, 29.2)),
            q((5.5, 29.7), (0.0, 29.7)),
        ],
        body_start=(0.0, 0.9),
        inside=mirrored(trace((0.0, 0.9), [q((2.0, 0.8), (3.4, 0.0)), q((3.0, 5.6), (0.0, 5.8))])),
        print_top=7.0,
        seams=[
            trace((4.2, 0.2), [q((3.8, 6.5), (0.0, 6.6))]),
            trace((5.0, 0.3), [q((5.7, 7.8), (10.6, 10.4))]),
            trace((11.0, 28.2), [q((5.5, 28.7), (0.0, 28.7))]),
        ],
        folds=[
            (trace((9.8, 10.6), [q((8.4, 12.4), (6.6, 14.4))]), 40, 0.5),
            (trace((8.2, 29.2), [q((8.0, 27.0), (8.6, 24.6))]), 40, 0.5),
            (trace((3.8, 29.5), [q((3.5, 28.0), (3.9, 26.2))]), 30, 0.45),
        ],
        lights=[
            (trace((9.5, 11.6), [q((8.0, 13.2), (6.2, 15.2))]), 55, 0.5),
            (trace((8.9, 29.0), [q((8.8, 27.0), (9.3, 25.0))]), 50, 0.45),
        ],
    )


STYLES = {"tshirt": tshirt, "longsleeve": longsleeve, "hoodie": hoodie, "tank": tank}


class Canvas:
    """Inches → supersampled pixels, the garment centred on the template."""

    def __init__(self, outline: list[Point]) -> None:
        xs = [p[0] for p in outline]
        ys = [p[1] for p in outline]
        self.k = PPI * SS
        self.ox = SIZE * SS / 2 - (min(xs) + max(xs)) / 2 * self.k
        self.oy = SIZE * SS / 2 - (min(ys) + max(ys)) / 2 * self.k

    def px(self, pts: Sequence[Point]) -> list[Point]:
        return [(self.ox + x * self.k, self.oy + y * self.k) for x, y in pts]

    def new(self, value: int = 0) -> Image.Image:
        return Image.new("L", (SIZE * SS, SIZE * SS), value)


def draw(style: Style) -> tuple[Image.Image, Image.Image, Image.Image, dict[str, float]]:
    outline = mirrored(trace(style.body_start, style.body))
    cv = Canvas(outline)
    mask = cv.new()
    ImageDraw.Draw(mask).polygon(cv.px(outline), fill=255)

    # Shade: edges turning away, folds, seams, the dark inside of the neck, a little texture.
    edge = mask.filter(ImageFilter.GaussianBlur(22 * SS))
    shade = edge.point([int(255 - 70 * (1 - v / 255) ** 1.6) for v in range(256)])
    dark = cv.new()
    dd = ImageDraw.Draw(dark)
    for line, value, width in style.folds:
        for side in both(line):
            dd.line(cv.px(side), fill=int(value), width=round(width * cv.k), joint="curve")
    dark = dark.filter(ImageFilter.GaussianBlur(0.35 * cv.k))
    seams = cv.new()
    sd = ImageDraw.Draw(seams)
    for line in style.seams:
        for side in both(line):
            sd.line(cv.px(side), fill=70, width=max(1, round(0.06 * cv.k)), joint="curve")
    for x0, y0, x1, y1 in style.ribs:
        for sign in (1, -1) if x0 > 0 else (1,):
            x = x0
            while x < x1:
                sd.line(cv.px([(sign * x, y0), (sign * x, y1)]), fill=26, width=SS)
                x += 0.22
    seams = seams.filter(ImageFilter.GaussianBlur(0.6 * SS))
    shade = ImageChops.subtract(shade, ImageChops.add(dark, seams))
    inside = cv.new()
    ImageDraw.Draw(inside).polygon(cv.px(style.inside), fill=255)
    inside = inside.filter(ImageFilter.GaussianBlur(0.15 * cv.k))
    depth = Image.linear_gradient("L").resize(shade.size).point(lambda v: 70 + v // 3)
    shade = Image.composite(depth, shade, inside)
    rng = random.Random(7)
    tile = Image.frombytes("L", (64, 64), bytes(rng.randrange(247, 256) for _ in range(64 * 64)))
    texture = Image.new("L", shade.size)
    for y in range(0, shade.height, 64):
        for x in range(0, shade.width, 64):
            texture.paste(tile, (x, y))
    shade = ImageChops.multiply(shade, texture)

    light = cv.new()
    ld = ImageDraw.Draw(light)
    for line, value, width in style.lights:
        for side in both(line):
            ld.line(cv.px(side), fill=int(value), width=round(width * cv.k), joint="curve")
    light = light.filter(ImageFilter.GaussianBlur(0.45 * cv.k))
    light = ImageChops.multiply(light, ImageChops.invert(inside))

    out = [im.reduce(SS) for im in (mask, shade, light)]
    shade_in = Image.composite(out[1], Image.new("L", out[1].size, 255), out[0])
    light_in = ImageChops.multiply(out[2], out[0])
    top = cv.px([(0.0, style.print_top)])[0]
    placement = {"ppi": float(PPI), "x": round(top[0] / SS, 2), "y": round(top[1] / SS, 2)}
    return out[0], shade_in, light_in, placement


def main() -> int:
    OUT.mkdir(exist_ok=True)
    index: dict[str, dict[str, float]] = {}
    for name, make in STYLES.items():
        mask, shade, light, placement = draw(make())
        for part, im in (("mask", mask), ("shade", shade), ("light", light)):
            path = OUT / f"{name}-{part}.png"
            im.save(path, "PNG", optimize=False, compress_level=9)
            print(f"{path}: {im.width} × {im.height}")
        index[name] = placement
    doc = {"size": [SIZE, SIZE], "styles": index}
    (OUT / "garments.json").write_text(json.dumps(doc, indent=2, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
