"""Packed little-endian arrays: how bulk numbers are stored in bin fields.

A ring or path is ``x0 y0 x1 y1 ...`` as float64 little-endian (16 bytes a point); tile data is
uint32 little-endian per cell. numpy reads them without copying.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

POINT_BYTES = 16

TILE_FLIP_H = 0x8000_0000
"""A tile cell's flag: the tile is drawn flipped left to right (Tiled's convention)."""
TILE_FLIP_V = 0x4000_0000
"""A tile cell's flag: the tile is drawn flipped top to bottom."""
TILE_FLIP_D = 0x2000_0000
"""A tile cell's flag: the tile is drawn flipped across its top-left to bottom-right diagonal
(applied before the other two flips: with FLIP_H it is a quarter turn clockwise)."""
TILE_FLAGS = TILE_FLIP_H | TILE_FLIP_V | TILE_FLIP_D
TILE_INDEX = 0x1FFF_FFFF
"""The bits of a cell that number its tile (0 empty, 1 the tileset's first tile)."""
_F8 = np.dtype("<f8")
_U4 = np.dtype("<u4")


def pack_points(points: Iterable[Sequence[float]]) -> bytes:
    """``[(x, y), ...]`` → packed bytes."""
    flat = [float(c) for p in points for c in (p[0], p[1])]
    return np.asarray(flat, dtype=_F8).tobytes()


def unpack_points(data: bytes) -> list[tuple[float, float]]:
    """Packed bytes → ``[(x, y), ...]`` (``data`` must be a whole number of points)."""
    arr = points_array(data)
    return [(float(x), float(y)) for x, y in arr]


def points_array(data: bytes) -> npt.NDArray[np.float64]:
    """Packed bytes → an ``(n, 2)`` float64 array viewing ``data``."""
    return np.frombuffer(data, dtype=_F8).reshape(-1, 2)


def point_count(data: bytes) -> int:
    return len(data) // POINT_BYTES


def pack_tiles(cells: Iterable[int]) -> bytes:
    return np.asarray(list(cells), dtype=_U4).tobytes()


def tiles_array(data: bytes) -> npt.NDArray[np.uint32]:
    return np.frombuffer(data, dtype=_U4)
