"""Tile layers drawn from cached chunks look exactly as drawn cell by cell, wherever the camera
is; the cache stays bounded."""

from __future__ import annotations

import os
import random
from collections.abc import Iterator

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import numpy as np
import pygame
import pytest

from engine.level.model import TileLayer, Tileset
from engine.packed import TILE_FLIP_D, TILE_FLIP_H, TILE_FLIP_V, pack_tiles
from engine.render import tiles
from engine.render.tiles import CHUNK, TileVariants, draw_cells, slice_tileset, tile_groups


@pytest.fixture(autouse=True)
def display() -> Iterator[None]:
    pygame.display.init()
    pygame.display.set_mode((1, 1))
    yield
    pygame.quit()


def _sheet(soft: bool) -> pygame.Surface:
    """Eight 16 px tiles, each a different pattern with clear pixels (``soft``: half-clear
    ones too)."""
    sheet = pygame.Surface((64, 32), pygame.SRCALPHA)
    rng = random.Random(7)
    for y in range(32):
        for x in range(64):
            alpha = 0 if (x * 7 + y * 3) % 11 == 0 else 255 if (x + y) % 5 or not soft else 120
            sheet.set_at((x, y), (rng.randrange(256), rng.randrange(256), x * 4 % 256, alpha))
    return sheet


def _layer(
    rng: random.Random,
    *,
    x: float,
    y: float,
    parallax: float,
    opacity: float = 1.0,
    soft: bool = False,
) -> tuple[TileLayer, TileVariants, tiles.Cells]:
    columns, rows = 70, 30
    flags = [0, TILE_FLIP_H, TILE_FLIP_V, TILE_FLIP_D, TILE_FLIP_H | TILE_FLIP_D]
    cells = [
        0 if rng.random() < 0.3 else rng.randrange(1, 9) | rng.choice(flags)
        for _ in range(columns * rows)
    ]
    ts = Tileset(image="0" * 64, tile_width=16, tile_height=16, columns=4)
    layer = TileLayer(
        name="t",
        tileset=ts,
        columns=columns,
        rows=rows,
        x=x,
        y=y,
        data=pack_tiles(cells),
        parallax=parallax,
        opacity=opacity,
    )
    grid = np.asarray(cells, dtype=np.uint32).reshape(rows, columns)
    return layer, TileVariants(slice_tileset(_sheet(soft), ts), opacity), grid


def test_chunks_draw_what_cells_draw_wherever_the_camera_is() -> None:
    rng = random.Random(3)
    layers = [
        _layer(rng, x=0.0, y=0.0, parallax=1.0, soft=True),  # soft edges, on an empty chunk
        _layer(rng, x=5.5, y=-3.25, parallax=1.0),  # off the pixel grid; opaque or clear
        _layer(rng, x=2.0, y=1.0, parallax=1.0, opacity=0.6),  # faded: a group of its own
        _layer(rng, x=-40.0, y=12.0, parallax=0.5),  # another parallax: another group
    ]
    groups = tile_groups(layers)
    assert [len(g.layers) for g in groups] == [2, 1, 1]
    for _ in range(25):
        cx, cy = rng.uniform(-300, 1400), rng.uniform(-200, 600)
        chunked = pygame.Surface((400, 240))
        cells = pygame.Surface((400, 240))
        for surface in (chunked, cells):
            surface.fill((30, 40, 50))
        for group in groups:
            group.draw(chunked, cx, cy)
            sx = int(np.floor(-cx * group.parallax + 0.5))
            sy = int(np.floor(-cy * group.parallax + 0.5))
            draw_cells(cells, group.layers, sx, sy)
        assert pygame.image.tobytes(chunked, "RGB") == pygame.image.tobytes(cells, "RGB"), (cx, cy)


def test_the_chunk_cache_is_bounded_and_empty_chunks_cost_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(tiles, "MAX_CHUNKS", 5)
    rng = random.Random(5)
    (group,) = tile_groups([_layer(rng, x=0.0, y=0.0, parallax=1.0)])
    frame = pygame.Surface((CHUNK, CHUNK))
    for step in range(12):
        group.draw(frame, step * CHUNK / 3, 0.0)
    assert 0 < len(group._chunks) <= 5
    empty = _layer(rng, x=0.0, y=0.0, parallax=1.0)
    empty[2][:] = 0
    (blank,) = tile_groups([empty])
    blank.draw(frame, 0.0, 0.0)
    assert set(blank._chunks.values()) == {None}  # looked at once, nothing kept to blit
