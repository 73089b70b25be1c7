"""Tile layers in the play view: a frame of a tile-heavy level drawn from cached chunks
(``engine.render.tiles.TileChunks``, what ``LevelView`` does) against the same layers drawn
cell by cell every frame (``draw_cells``, what the play view did before), in the same run.

The level: 6 layers of 32 px tiles over 4,000 × 1,600 px (pixel art as an LDtk or Tiled map
has it, 16 px tiles enlarged 2× on import: every pixel opaque or clear), 70 % of cells filled,
one layer at parallax 0.5. The camera pans across it faster than a player runs, 1280 × 720;
each side draws the same 120 frames, from a fresh cache: chunks are made as they come into view
(their cost is in the median); the first frame's is shown on its own. For information, the same
with one layer of soft-edged tiles and one faded, which start chunk groups of their own with
per-pixel alpha.

Target: on the typical map, a frame's tile layers take at most a quarter of a 60 Hz frame
(4.17 ms), chunks made on the way included; the rest of the frame is the world's simulation,
the terrain, entities, HUD and the display's flip. Cell by cell took 5.2 ms here.

Run: ``.venv/bin/python bench/bench_tiles.py``; exits 1 when the target is missed.
"""

from __future__ import annotations

import math
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import numpy as np  # noqa: E402
import pygame  # noqa: E402

from bench.timing import medians, ms  # noqa: E402
from engine.level.model import TileLayer, Tileset  # noqa: E402
from engine.packed import pack_tiles  # noqa: E402
from engine.render.tiles import (  # noqa: E402
    Cells,
    TileVariants,
    draw_cells,
    slice_tileset,
    tile_groups,
)

VIEW = (1280, 720)
FRAMES = 120
BUDGET = 1 / 60 / 4
"""Seconds: a quarter of a 60 Hz frame."""
TILE = 32
COLUMNS, ROWS = 125, 50


def _sheet(rng: random.Random, soft: bool) -> pygame.Surface:
    sheet = pygame.Surface((TILE * 8, TILE * 4), pygame.SRCALPHA)
    for ty in range(4):
        for tx in range(8):
            colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256), 255)
            sheet.fill(colour, (tx * TILE, ty * TILE, TILE, TILE))
            sheet.fill((0, 0, 0, 0), (tx * TILE, ty * TILE, TILE // 4, TILE // 4))
            if soft:
                sheet.fill((*colour[:3], 120), (tx * TILE + TILE // 2, ty * TILE, 4, TILE))
    return sheet


TYPICAL = [(1.0, 1.0, False)] * 5 + [(0.5, 1.0, False)]
"""Each layer's parallax, opacity and whether its tiles have soft edges."""
SOFT = [(1.0, 1.0, False), (1.0, 1.0, True), (1.0, 1.0, False), (1.0, 0.7, False)]
SOFT += [(1.0, 1.0, False), (0.5, 1.0, False)]


def layers(
    specs: list[tuple[float, float, bool]], seed: int = 1
) -> list[tuple[TileLayer, TileVariants, Cells]]:
    rng = random.Random(seed)
    out = []
    for parallax, opacity, soft in specs:
        cells = [0 if rng.random() < 0.3 else rng.randrange(1, 33) for _ in range(COLUMNS * ROWS)]
        ts = Tileset(image="0" * 64, tile_width=TILE, tile_height=TILE, columns=8)
        layer = TileLayer(
            name="t",
            tileset=ts,
            columns=COLUMNS,
            rows=ROWS,
            data=pack_tiles(cells),
            parallax=parallax,
            opacity=opacity,
        )
        grid = np.asarray(cells, dtype=np.uint32).reshape(ROWS, COLUMNS)
        out.append((layer, TileVariants(slice_tileset(_sheet(rng, soft), ts), opacity), grid))
    return out


def _path() -> list[tuple[float, float]]:
    """Where the camera is, frame by frame: running right and bobbing up and down."""
    return [(i * 9.0, 400 + 120 * math.sin(i / 15)) for i in range(FRAMES)]


def measure(
    specs: list[tuple[float, float, bool]], frame: pygame.Surface
) -> tuple[float, float, float, int]:
    """Median seconds of the 120 frames chunked and cell by cell; the first frame's seconds;
    how many chunk groups."""
    made = layers(specs)
    path = _path()

    def chunked() -> None:
        groups = tile_groups(made)  # a fresh start, as a level's: chunks made as they show
        for x, y in path:
            frame.fill((20, 30, 40))
            for group in groups:
                group.draw(frame, x, y)

    fixed = tile_groups(made)

    def cells() -> None:
        for x, y in path:
            frame.fill((20, 30, 40))
            for group in fixed:  # their layers and parallax only: no chunks
                sx = math.floor(-x * group.parallax + 0.5)
                sy = math.floor(-y * group.parallax + 0.5)
                draw_cells(frame, group.layers, sx, sy)

    start = time.perf_counter()
    groups = tile_groups(made)
    for group in groups:
        group.draw(frame, *path[0])
    first = time.perf_counter() - start
    ours, peer = medians(chunked, cells, repeats=7, warmup=1)
    return ours, peer, first, len(groups)


def main() -> int:
    pygame.display.init()
    pygame.display.set_mode((1, 1))
    frame = pygame.Surface(VIEW)
    ours, peer, first, groups = measure(TYPICAL, frame)
    per_frame = ours / FRAMES
    passed = per_frame <= BUDGET
    print(
        f"tile layers, typical map, {VIEW[0]} × {VIEW[1]}: chunked {ms(per_frame)} a frame · "
        f"limit {ms(BUDGET)} (a quarter of a 60 Hz frame) · ratio {per_frame / BUDGET:.2f} · "
        f"target ratio ≤ 1 · {'PASS' if passed else 'FAIL'}"
    )
    print(
        f"(info) the same frames cell by cell: {ms(peer / FRAMES)} a frame "
        f"({peer / ours:.2f}× slower than chunked); the first frame, making its chunks: "
        f"{ms(first)}; {groups} chunk groups"
    )
    ours, peer, first, groups = measure(SOFT, frame)
    print(
        f"(info) with a soft-edged and a faded layer: per frame chunked {ms(ours / FRAMES)} · "
        f"cell by cell {ms(peer / FRAMES)} ({peer / ours:.2f}×); first frame {ms(first)}; "
        f"{groups} chunk groups"
    )
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
