"""Tile layers in the play view: tiles cut from a tileset, each cell value's surface (flipped,
faded), and the layers drawn once into square chunks that are kept, so that a frame blits a
few chunks instead of every cell of every layer.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Sequence
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt
import pygame

from engine.level.model import TileLayer, Tileset
from engine.packed import TILE_FLIP_D, TILE_FLIP_H, TILE_FLIP_V, TILE_INDEX

CHUNK = 256
"""World px on a side of a chunk."""
MAX_CHUNKS = 128
"""Chunks kept by a group of layers (256 KB each: 32 MB at most; a 1280 × 720 view shows about
24), the least recently drawn dropped first."""


def slice_tileset(sheet: pygame.Surface, ts: Tileset) -> list[pygame.Surface]:
    """The tiles of ``ts`` cut from its image ``sheet``, index k-1 for cell value k (the play
    view and the editor cut them the same way)."""
    tiles: list[pygame.Surface] = []
    if ts.tile_width <= 0 or ts.tile_height <= 0:
        return tiles
    sw, sh = sheet.get_size()
    y = ts.margin
    while y + ts.tile_height <= sh - ts.margin + 1e-9:
        x = ts.margin
        for _ in range(ts.columns):
            if x + ts.tile_width > sw:
                break
            tiles.append(sheet.subsurface((x, y, ts.tile_width, ts.tile_height)))
            x += ts.tile_width + ts.spacing
        y += ts.tile_height + ts.spacing
    return tiles


def flipped(tile: pygame.Surface, cell: int) -> pygame.Surface:
    """``tile`` as a cell with flip flags draws it: across the diagonal first (a transpose),
    then left to right, then top to bottom (Tiled's order)."""
    if cell & TILE_FLIP_D:
        tile = pygame.transform.flip(pygame.transform.rotate(tile, 90), False, True)
    h, v = bool(cell & TILE_FLIP_H), bool(cell & TILE_FLIP_V)
    return pygame.transform.flip(tile, h, v) if h or v else tile


class TileVariants:
    """The surface for each cell value of a layer (a tile, flipped as its flags say, at the
    layer's opacity), made on first use and kept."""

    def __init__(self, tiles: list[pygame.Surface], opacity: float = 1.0) -> None:
        self.tiles = tiles
        self.alpha = round(255 * min(max(opacity, 0.0), 1.0))
        self._made: dict[int, pygame.Surface | None] = {}

    def get(self, cell: int) -> pygame.Surface | None:
        """The surface of a cell value, None for an empty cell or a tile the tileset lacks."""
        found = self._made.get(cell, False)
        if found is not False:
            return found  # type: ignore[return-value]
        k = cell & TILE_INDEX
        surf: pygame.Surface | None = None
        if 0 < k <= len(self.tiles):
            surf = flipped(self.tiles[k - 1], cell)
            if self.alpha < 255:
                surf = surf.copy()
                surf.set_alpha(self.alpha)
        self._made[cell] = surf
        return surf

    @cached_property
    def solid_or_clear(self) -> bool:
        """Whether every pixel it draws is either opaque or fully clear (no fading, no soft
        edges): such tiles stack on others in a chunk exactly as they would on the frame."""
        if self.alpha < 255:
            return False
        sheets = {id(t.get_parent() or t): t.get_parent() or t for t in self.tiles}
        for sheet in sheets.values():
            if sheet.get_flags() & pygame.SRCALPHA or sheet.get_alpha() is not None:
                alpha = pygame.surfarray.array_alpha(sheet)
                if not ((alpha == 0) | (alpha == 255)).all():
                    return False
        return True


Cells = npt.NDArray[np.uint32]
"""A layer's cell values, ``rows × columns``."""


class TileChunks:
    """Tile layers that scroll alike (one parallax), drawn in their order into chunks of
    :data:`CHUNK` px made when first in view and kept (at most :data:`MAX_CHUNKS`).

    A chunk's pixels are the layers' as a frame would have drawn them cell by cell, each tile
    placed at its position rounded to the pixel; the chunk is then placed at the camera's
    offset rounded the same way for every chunk, so neighbouring chunks meet without a seam.
    """

    def __init__(
        self, layers: Sequence[tuple[TileLayer, TileVariants, Cells]], parallax: float
    ) -> None:
        self.layers = list(layers)
        self.parallax = parallax
        self._chunks: OrderedDict[tuple[int, int], pygame.Surface | None] = OrderedDict()
        lefts = [layer.x for layer, _, _ in self.layers]
        tops = [layer.y for layer, _, _ in self.layers]
        rights = [layer.x + layer.columns * layer.tileset.tile_width for layer, _, _ in layers]
        bottoms = [layer.y + layer.rows * layer.tileset.tile_height for layer, _, _ in layers]
        self._span = (  # a pixel more each way: tiles are placed rounded to the pixel
            math.floor((min(lefts) - 1) / CHUNK),
            math.floor((min(tops) - 1) / CHUNK),
            math.ceil((max(rights) + 1) / CHUNK) - 1,
            math.ceil((max(bottoms) + 1) / CHUNK) - 1,
        )
        """The chunks the layers reach: first and last column, first and last row."""
        self._key = _free_key(self.layers)
        """The colour that stands for clear in chunks without alpha (None: chunks have alpha)."""

    def draw(self, target: pygame.Surface, camera_x: float, camera_y: float) -> None:
        """The layers as a camera at ``camera_x, camera_y`` (world px) sees them."""
        vw, vh = target.get_size()
        sx = math.floor(-camera_x * self.parallax + 0.5)
        sy = math.floor(-camera_y * self.parallax + 0.5)
        first_i, first_j, last_i, last_j = self._span
        i0, i1 = max(first_i, (-sx) // CHUNK), min(last_i, (vw - sx - 1) // CHUNK)
        j0, j1 = max(first_j, (-sy) // CHUNK), min(last_j, (vh - sy - 1) // CHUNK)
        for j in range(j0, j1 + 1):
            for i in range(i0, i1 + 1):
                chunk = self._chunk(i, j)
                if chunk is not None:
                    target.blit(chunk, (i * CHUNK + sx, j * CHUNK + sy))

    def _chunk(self, i: int, j: int) -> pygame.Surface | None:
        key = (i, j)
        if key in self._chunks:
            self._chunks.move_to_end(key)
            return self._chunks[key]
        chunk = self._draw_chunk(i, j)
        self._chunks[key] = chunk
        if len(self._chunks) > MAX_CHUNKS:
            self._chunks.popitem(last=False)
        return chunk

    def _draw_chunk(self, i: int, j: int) -> pygame.Surface | None:
        """Chunk ``i, j`` (None when no tile falls in it): with a colour key, run-length
        encoded, when every pixel of its tiles is opaque or clear (blitted without blending,
        about twice as fast), else with per-pixel alpha."""
        if self._key is None:
            chunk = pygame.Surface((CHUNK, CHUNK), pygame.SRCALPHA)
        else:
            chunk = pygame.Surface((CHUNK, CHUNK), 0, 32)
            chunk.fill(self._key)
        if not draw_cells(chunk, self.layers, -i * CHUNK, -j * CHUNK):
            return None
        if self._key is not None:
            chunk.set_colorkey(self._key, pygame.RLEACCEL)
        return chunk


KEYS = ((255, 0, 254), (1, 254, 3), (254, 3, 251), (2, 1, 253))
"""Colours tried, in turn, as a chunk's see-through colour."""


def _free_key(
    layers: Sequence[tuple[TileLayer, TileVariants, Cells]],
) -> tuple[int, int, int] | None:
    """A colour of :data:`KEYS` that no tile of ``layers`` has, when every pixel of their
    tiles is opaque or clear (then a chunk needs no alpha); else None."""
    if not all(variants.solid_or_clear for _, variants, _ in layers):
        return None
    colours: list[npt.NDArray[np.integer[Any]]] = []
    for sheet in {id(s): s for s in _sheets(layers)}.values():
        rgb = pygame.surfarray.pixels3d(sheet)
        packed = (rgb[..., 0].astype(np.uint32) << 16) | (rgb[..., 1].astype(np.uint32) << 8)
        packed |= rgb[..., 2]
        del rgb  # unlocks the sheet
        if sheet.get_flags() & pygame.SRCALPHA:
            packed = packed[pygame.surfarray.array_alpha(sheet) > 0]
        colours.append(packed)
    for key in KEYS:
        value = (key[0] << 16) | (key[1] << 8) | key[2]
        if not any((packed == value).any() for packed in colours):
            return key
    return None


def _sheets(layers: Sequence[tuple[TileLayer, TileVariants, Cells]]) -> list[pygame.Surface]:
    """The images the layers' tiles are cut from."""
    return [t.get_parent() or t for _, variants, _ in layers for t in variants.tiles]


def draw_cells(
    target: pygame.Surface,
    layers: Sequence[tuple[TileLayer, TileVariants, Cells]],
    sx: int,
    sy: int,
) -> bool:
    """Draw, layer after layer, every cell whose tile falls on ``target``: cell ``c, r`` of a
    layer at its world position rounded to the pixel, plus ``sx, sy``. Whether any was drawn.

    :class:`TileChunks` draws its chunks with this; drawn straight onto a frame it is what a
    chunked frame must look like (the tests' reference, the benchmark's peer)."""
    vw, vh = target.get_size()
    drew = False
    for layer, variants, cells in layers:
        tw, th = layer.tileset.tile_width, layer.tileset.tile_height
        # a cell more each way: a tile rounded to the pixel may reach 1 px past its place
        c0 = max(0, math.floor((-sx - layer.x) / tw) - 1)
        c1 = min(layer.columns, math.ceil((vw - sx - layer.x) / tw) + 1)
        r0 = max(0, math.floor((-sy - layer.y) / th) - 1)
        r1 = min(layer.rows, math.ceil((vh - sy - layer.y) / th) + 1)
        if c0 >= c1 or r0 >= r1:
            continue
        block = cells[r0:r1, c0:c1]
        rows, cols = np.nonzero(block)
        values = block[rows, cols].tolist()
        for r, c, k in zip((rows + r0).tolist(), (cols + c0).tolist(), values, strict=True):
            surf = variants.get(k)
            if surf is not None:
                x = math.floor(layer.x + c * tw + 0.5) + sx
                y = math.floor(layer.y + r * th + 0.5) + sy
                target.blit(surf, (x, y))
                drew = True
    return drew


def tile_groups(
    layers: Sequence[tuple[TileLayer, TileVariants, Cells]],
) -> list[TileChunks]:
    """The drawn layers (those with tiles to show) as chunked groups: each run of consecutive
    layers with the same parallax draws as one, but a layer with faded or soft-edged pixels
    starts a group of its own (blended onto the see-through pixels of a chunk, they would come
    out unlike on the frame; on an empty chunk, and under layers that are only opaque or
    clear, they come out the same)."""
    groups: list[TileChunks] = []
    run: list[tuple[TileLayer, TileVariants, Cells]] = []
    for item in layers:
        if not item[1].tiles:
            continue
        if run and (item[0].parallax != run[0][0].parallax or not item[1].solid_or_clear):
            groups.append(TileChunks(run, run[0][0].parallax))
            run = []
        run.append(item)
    if run:
        groups.append(TileChunks(run, run[0][0].parallax))
    return groups
