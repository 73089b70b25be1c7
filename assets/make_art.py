"""Draw cocreate's bundled art with Pillow, from code: ``python assets/make_art.py [OUT_DIR]``.

Every picture is a pure function of this file: fixed sizes, seeded randomness, no timestamps or
metadata, PNGs written with ``optimize=False`` at a fixed compression level and the JPEG at a
fixed quality, so a run gives the same pixels (and, with the same Pillow and zlib, the same
bytes) every time. The outputs are committed in ``assets/art/``; ``levels/generate.py`` embeds
them in the sample creations. They are ours, released under CC0-1.0 (see ``assets/README.md``).
"""

from __future__ import annotations

import itertools
import math
import random
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

RGB = tuple[int, int, int]
RGBA = tuple[int, int, int, int]
Point = tuple[float, float]

ART_DIR = Path(__file__).resolve().parent / "art"
PNG_OPTIONS = {"optimize": False, "compress_level": 9}
JPEG_OPTIONS = {"quality": 85, "optimize": False, "progressive": False, "subsampling": 0}


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    t = min(max(t, 0.0), 1.0)
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def _shade(c: RGB, amount: int) -> RGB:
    return (
        min(max(c[0] + amount, 0), 255),
        min(max(c[1] + amount, 0), 255),
        min(max(c[2] + amount, 0), 255),
    )


_OFFSETS = [(dx, dy) for dy in (-1, 0, 1) for dx in (-1, 0, 1)]


def _wrapped_ellipse(
    draw: ImageDraw.ImageDraw, n: int, centre: Point, radii: Point, fill: RGB
) -> None:
    """An ellipse on an ``n`` × ``n`` tile, drawn nine times so that it wraps around the edges."""
    (x, y), (rx, ry) = centre, radii
    for dx, dy in _OFFSETS:
        cx, cy = x + dx * n, y + dy * n
        draw.ellipse([cx - rx, cy - ry, cx + rx, cy + ry], fill=fill)


def _wrapped_line(
    draw: ImageDraw.ImageDraw, n: int, a: Point, b: Point, fill: RGB, width: int
) -> None:
    for dx, dy in _OFFSETS:
        draw.line([(a[0] + dx * n, a[1] + dy * n), (b[0] + dx * n, b[1] + dy * n)], fill, width)


def _vertical_gradient(size: tuple[int, int], stops: Sequence[tuple[float, RGB]]) -> Image.Image:
    """An RGB image whose rows blend through ``stops`` (position 0..1 from the top, colour)."""
    w, h = size
    img = Image.new("RGB", size)
    draw = ImageDraw.Draw(img)
    for y in range(h):
        t = y / max(h - 1, 1)
        for (p0, c0), (p1, c1) in itertools.pairwise(stops):
            if p0 <= t <= p1:
                draw.line([(0, y), (w, y)], fill=_mix(c0, c1, (t - p0) / (p1 - p0)))
                break
    return img


# -- material textures (64 × 64, tileable) -------------------------------------------------------


def turf() -> Image.Image:
    """Grass and dirt: mottled soil, pebbles and grass tufts; wraps on every side."""
    n = 64
    rng = random.Random(1001)
    img = Image.new("RGB", (n, n), (112, 78, 46))
    draw = ImageDraw.Draw(img)
    for _ in range(90):  # soil mottling
        x, y, r = rng.uniform(0, n), rng.uniform(0, n), rng.uniform(1.5, 4.5)
        color = _shade((112, 78, 46), rng.choice((-18, -10, 8, 14)))
        _wrapped_ellipse(draw, n, (x, y), (r, r), color)
    for _ in range(10):  # pebbles
        x, y, r = rng.uniform(0, n), rng.uniform(0, n), rng.uniform(1.5, 2.8)
        grey = rng.randint(140, 175)
        _wrapped_ellipse(draw, n, (x, y), (r, r * 0.7), (grey, grey - 8, grey - 20))
    for _ in range(22):  # grass tufts: three blades each
        x, y = rng.uniform(0, n), rng.uniform(0, n)
        green = rng.choice(((86, 150, 52), (104, 170, 60), (70, 128, 44)))
        for _ in range(3):
            lean, height = rng.uniform(-4, 4), rng.uniform(5, 9)
            _wrapped_line(draw, n, (x, y), (x + lean, y - height), green, 2)
    return img


def stone() -> Image.Image:
    """Running-bond stone blocks with mortar and a chisel highlight; wraps on every side."""
    n, rows, block_w = 64, 4, 32
    block_h = n // rows
    rng = random.Random(2002)
    img = Image.new("RGB", (n, n), (92, 90, 96))  # mortar
    draw = ImageDraw.Draw(img)
    for row in range(rows):
        offset = (block_w // 2) * (row % 2)
        for col in range(-1, n // block_w + 1):
            x0 = col * block_w + offset
            y0 = row * block_h
            base = _shade((150, 146, 140), rng.randint(-16, 16))
            box = [x0 + 1, y0 + 1, x0 + block_w - 2, y0 + block_h - 2]
            draw.rectangle(box, fill=base)
            draw.line([(box[0], box[1]), (box[2], box[1])], fill=_shade(base, 22))
            draw.line([(box[0], box[3]), (box[2], box[3])], fill=_shade(base, -26))
            for _ in range(5):  # speckles
                sx, sy = rng.uniform(box[0], box[2]), rng.uniform(box[1], box[3])
                draw.point((sx, sy), fill=_shade(base, rng.choice((-30, 25))))
    return img


# -- level backgrounds ---------------------------------------------------------------------------


def _ridge(
    width: int, base: float, waves: Sequence[tuple[float, int, float]], step: int = 4
) -> list[Point]:
    """A hill line: ``base`` plus sines whose periods divide ``width`` (so it tiles across)."""
    pts: list[Point] = []
    for x in range(0, width + step, step):
        y = base + sum(a * math.sin(2 * math.pi * k * x / width + ph) for a, k, ph in waves)
        pts.append((float(x), y))
    return pts


def meadow_background() -> Image.Image:
    """1920 × 540 parallax backdrop: sky gradient, one sun, clouds, two rows of hills; it
    tiles across. Scaled to a 720 px view it is two views wide, so the one sun shows once
    even while the camera travels across the sample levels (a backdrop as wide as the view
    repeats on screen, sun and all)."""
    w, h = 1920, 540
    img = _vertical_gradient(
        (w, h), [(0.0, (74, 144, 217)), (0.62, (190, 226, 250)), (1.0, (214, 236, 246))]
    )
    draw = ImageDraw.Draw(img)
    draw.ellipse([700, 70, 800, 170], fill=(255, 244, 196))
    draw.ellipse([712, 82, 788, 158], fill=(255, 250, 226))
    rng = random.Random(3003)
    clouds = ((150, 110), (430, 70), (610, 150), (880, 60), (1180, 120), (1460, 80), (1750, 140))
    for cx, cy in clouds:
        for _ in range(6):
            dx, dy = rng.uniform(-55, 55), rng.uniform(-10, 12)
            rx, ry = rng.uniform(26, 44), rng.uniform(16, 24)
            for wrap in (-w, 0, w):  # clouds near an edge wrap round, so the backdrop tiles
                x = cx + dx + wrap
                draw.ellipse([x - rx, cy + dy - ry, x + rx, cy + dy + ry], fill=(250, 252, 255))
    far = _ridge(w, 330, [(38, 4, 0.4), (18, 9, 1.3), (7, 23, 2.0)])
    draw.polygon([*far, (w, h), (0, h)], fill=(126, 170, 160))
    near = _ridge(w, 420, [(30, 5, 2.1), (14, 13, 0.2), (5, 31, 1.0)])
    draw.polygon([*near, (w, h), (0, h)], fill=(96, 160, 84))
    for x0 in range(0, w, 120):  # a row of round trees on the near hills, period 120 divides w
        x = x0 + 40
        top = min(y for px, y in near if abs(px - x) <= 4) - 6
        draw.rectangle([x - 3, top - 4, x + 3, top + 16], fill=(92, 66, 40))
        draw.ellipse([x - 18, top - 38, x + 18, top], fill=(62, 124, 60))
    return img


def dusk_photo() -> Image.Image:
    """A photo-like 960 × 540 dusk scene: soft gradient, blurred bokeh, skyline, film grain."""
    w, h = 960, 540
    img = _vertical_gradient(
        (w, h),
        [
            (0.0, (34, 30, 78)),
            (0.45, (170, 74, 110)),
            (0.7, (246, 150, 86)),
            (1.0, (255, 206, 140)),
        ],
    )
    glow = Image.new("RGB", (w, h), (0, 0, 0))
    gd = ImageDraw.Draw(glow)
    rng = random.Random(4004)
    for _ in range(40):
        x, y, r = rng.uniform(0, w), rng.uniform(0, h * 0.7), rng.uniform(8, 40)
        v = rng.randint(40, 110)
        gd.ellipse([x - r, y - r, x + r, y + r], fill=(v, round(v * 0.8), round(v * 0.6)))
    glow = glow.filter(ImageFilter.GaussianBlur(6))
    img = Image.eval(
        Image.merge(
            "RGB",
            [  # additive light: img + glow, clipped
                Image.blend(a, b, 0.5) for a, b in zip(img.split(), glow.split(), strict=True)
            ],
        ),
        lambda v: min(255, v * 2),
    )
    draw = ImageDraw.Draw(img)
    draw.ellipse([560, 300, 720, 460], fill=(255, 226, 170))
    skyline: list[Point] = [(0.0, float(h))]
    x = 0.0
    while x < w:
        bw, bh = rng.uniform(30, 80), rng.uniform(60, 190)
        skyline += [(x, h - bh), (x + bw, h - bh)]
        x += bw
    skyline.append((float(w), float(h)))
    draw.polygon(skyline, fill=(28, 22, 44))
    noise = np.random.default_rng(4005).normal(0.0, 6.0, (h, w, 1))  # film grain, seeded
    pixels = np.asarray(img, dtype=np.float64) + noise
    img = Image.fromarray(np.clip(np.rint(pixels), 0, 255).astype(np.uint8), "RGB")
    return img.filter(ImageFilter.GaussianBlur(0.6))


# -- tileset (4 × 2 tiles of 32 × 32) --------------------------------------------------------------


def _tile(kind: str, rng: random.Random) -> Image.Image:
    t = 32
    img = Image.new("RGBA", (t, t), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    if kind == "grass":
        d.rectangle([0, 0, t - 1, t - 1], fill=(120, 84, 50, 255))
        d.rectangle([0, 0, t - 1, 9], fill=(92, 168, 60, 255))
        for x in range(0, t, 4):
            d.polygon([(x, 9), (x + 2, 9 + rng.randint(2, 5)), (x + 4, 9)], fill=(92, 168, 60, 255))
        d.line([(0, 0), (t - 1, 0)], fill=(140, 206, 92, 255))
    elif kind == "dirt":
        d.rectangle([0, 0, t - 1, t - 1], fill=(120, 84, 50, 255))
        for _ in range(14):
            x, y = rng.randint(1, t - 3), rng.randint(1, t - 3)
            d.rectangle([x, y, x + 1, y + 1], fill=(96, 66, 38, 255))
    elif kind == "stone":
        d.rectangle([0, 0, t - 1, t - 1], fill=(96, 94, 100, 255))
        for y0, off in ((0, 0), (16, 8)):
            for x0 in range(-off, t, 16):
                c = _shade((150, 146, 140), rng.randint(-12, 12))
                d.rectangle([x0 + 1, y0 + 1, x0 + 14, y0 + 14], fill=(*c, 255))
    elif kind == "brick":
        d.rectangle([0, 0, t - 1, t - 1], fill=(210, 200, 186, 255))
        for row in range(4):
            off = 8 * (row % 2)
            for x0 in range(-off, t, 16):
                c = _shade((170, 74, 52), rng.randint(-14, 14))
                d.rectangle([x0 + 1, row * 8 + 1, x0 + 14, row * 8 + 6], fill=(*c, 255))
    elif kind == "wood":
        d.rectangle([0, 0, t - 1, t - 1], fill=(164, 112, 62, 255))
        for y in (0, 10, 21):
            d.line([(0, y), (t - 1, y)], fill=(112, 72, 38, 255), width=2)
        for y in range(3, t, 5):
            d.line([(2, y), (t - 3, y + rng.randint(-1, 1))], fill=(150, 100, 54, 255))
        for x, y in ((4, 4), (27, 4), (4, 15), (27, 15), (4, 26), (27, 26)):
            d.point((x, y), fill=(70, 60, 56, 255))
    elif kind == "leaves":
        for _ in range(26):
            x, y, r = rng.randint(0, t), rng.randint(0, t), rng.randint(4, 7)
            c = rng.choice(((54, 118, 52), (70, 140, 60), (46, 100, 46)))
            d.ellipse([x - r, y - r, x + r, y + r], fill=(*c, 255))
    elif kind == "flower":
        d.line([(16, 31), (16, 14)], fill=(70, 140, 60, 255), width=2)
        d.ellipse([17, 20, 25, 25], fill=(70, 140, 60, 255))
        for a in range(0, 360, 60):
            px = 16 + 6 * math.cos(math.radians(a))
            py = 10 + 6 * math.sin(math.radians(a))
            d.ellipse([px - 4, py - 4, px + 4, py + 4], fill=(236, 96, 140, 255))
        d.ellipse([12, 6, 20, 14], fill=(252, 210, 60, 255))
    elif kind == "water":
        d.rectangle([0, 0, t - 1, t - 1], fill=(60, 130, 200, 200))
        for y in (6, 16, 26):
            pts = [(x, y + 2 * math.sin(x / 4)) for x in range(0, t + 1, 2)]
            d.line(pts, fill=(170, 210, 245, 230), width=1)
    else:  # pragma: no cover - a typo in TILE_NAMES
        raise ValueError(kind)
    return img


TILE_NAMES = ("grass", "dirt", "stone", "brick", "wood", "leaves", "flower", "water")
"""Tile ids 1..8 of ``tileset.png`` in order (row-major, 4 columns)."""


def tileset() -> Image.Image:
    rng = random.Random(5005)
    sheet = Image.new("RGBA", (128, 64), (0, 0, 0, 0))
    for i, name in enumerate(TILE_NAMES):
        sheet.paste(_tile(name, rng), ((i % 4) * 32, (i // 4) * 32))
    return sheet


# -- design illustration ---------------------------------------------------------------------------


def sunrise() -> Image.Image:
    """1200 × 1200 RGBA: a retro sun with rays over snowy mountains in a round badge, transparent
    outside. Drawn at 2× and reduced, so the edges are smooth."""
    s = 2400
    scene = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(scene)
    c = s / 2
    bands = [(255, 214, 120), (255, 180, 96), (246, 132, 92), (214, 88, 104), (140, 62, 112)]
    for i, color in enumerate(bands):  # sky in flat bands, hottest at the horizon
        y0 = 300 + i * 260
        d.rectangle([0, y0 - 300 if i == 0 else y0, s, y0 + 260], fill=(*color, 255))
    rays = Image.new("RGBA", (s, s), (0, 0, 0, 0))  # translucent, composited over the bands
    rd = ImageDraw.Draw(rays)
    for k in range(16):
        a0 = math.radians(180 + k * 11.25 + 2)
        a1 = a0 + math.radians(5.5)
        rd.polygon(
            [
                (c, 1450),
                (c + 1700 * math.cos(a0), 1450 + 1700 * math.sin(a0)),
                (c + 1700 * math.cos(a1), 1450 + 1700 * math.sin(a1)),
            ],
            fill=(255, 236, 170, 110),
        )
    scene = Image.alpha_composite(scene, rays)
    d = ImageDraw.Draw(scene)
    sun = Image.new("L", (s, s), 0)  # the sun's shape, with the retro cut lines taken out
    sd = ImageDraw.Draw(sun)
    sd.ellipse([c - 520, 930, c + 520, 1970], fill=255)
    for i, y in enumerate(range(1260, 1460, 44)):
        sd.rectangle([c - 540, y, c + 540, y + 8 + 4 * i], fill=0)
    scene.paste((255, 238, 150, 255), (0, 0, s, s), sun)
    back = [
        (0, 1700),
        (420, 1180),
        (700, 1420),
        (1000, 1060),
        (1380, 1500),
        (1760, 1120),
        (2080, 1380),
        (s, 1240),
        (s, s),
        (0, s),
    ]
    d.polygon(back, fill=(86, 70, 134, 255))
    front = [
        (0, 1900),
        (520, 1330),
        (860, 1700),
        (1240, 1240),
        (1700, 1760),
        (2400, 1480),
        (s, s),
        (0, s),
    ]
    d.polygon(front, fill=(44, 42, 92, 255))
    for px, py in ((520, 1330), (1240, 1240)):  # snow caps
        d.polygon(
            [
                (px, py),
                (px - 120, py + 150),
                (px - 40, py + 120),
                (px + 10, py + 160),
                (px + 60, py + 115),
                (px + 130, py + 150),
            ],
            fill=(248, 246, 255, 255),
        )
    d.rectangle([0, 2000, s, s], fill=(44, 42, 92, 255))
    for i, y in enumerate(range(2040, 2300, 60)):  # the lake's reflections
        half = 420 - i * 70
        d.rectangle([c - half, y, c + half, y + 14], fill=(255, 214, 120, 255))

    mask = Image.new("L", (s, s), 0)
    md = ImageDraw.Draw(mask)
    md.ellipse([60, 60, s - 60, s - 60], fill=255)
    badge = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    badge.paste(scene, (0, 0), mask)
    ring = ImageDraw.Draw(badge)
    ring.ellipse([60, 60, s - 60, s - 60], outline=(44, 42, 92, 255), width=36)
    return badge.resize((1200, 1200), Image.Resampling.LANCZOS)


ART: dict[str, Callable[[], Image.Image]] = {
    "turf.png": turf,
    "stone.png": stone,
    "meadow.png": meadow_background,
    "dusk.jpg": dusk_photo,
    "tileset.png": tileset,
    "sunrise.png": sunrise,
}
"""Every file this script writes into ``assets/art/``, by name."""


def write(name: str, img: Image.Image, folder: Path) -> Path:
    path = folder / name
    if name.endswith(".png"):
        img.save(path, format="PNG", **PNG_OPTIONS)
    else:
        img.convert("RGB").save(path, format="JPEG", **JPEG_OPTIONS)
    return path


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    folder = Path(args[0]) if args else ART_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for name, draw in ART.items():
        path = write(name, draw(), folder)
        print(f"{path}: {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
