"""Tile data: a tile layer's cells (CSV, base64 with zlib or gzip, or XML; whole or in the
chunks of an infinite map) as global tile ids, and the bits of such an id."""

from __future__ import annotations

import base64
import binascii
import zlib
from typing import Any

import numpy as np
import numpy.typing as npt

from engine import limits
from engine.importers.build import TILE_FLIP_D, TILE_FLIP_H, TILE_FLIP_V
from engine.importers.tiled.values import Bad, get_dicts, get_int, get_num, get_str

FLAGS = TILE_FLIP_H | TILE_FLIP_V | TILE_FLIP_D
"""The flip flags of a global tile id that cocreate keeps."""
_HEX_120 = 0x1000_0000
GID = 0x0FFF_FFFF
"""The tile id bits of a global tile id."""


def layer_cells(
    raw: dict[str, Any], where: str, cols: int, rows: int
) -> tuple[int, int, int, int, npt.NDArray[np.uint32]]:
    """A tile layer's cells (``raw`` is the layer): its top-left column and row, size, and
    the global ids."""
    encoding = get_str(raw, "encoding", where) or "csv"
    compression = get_str(raw, "compression", where)
    if "chunks" not in raw:
        cols = get_int(raw, "width", cols, where)
        rows = get_int(raw, "height", rows, where)
        _check_tiles(cols, rows, where)
        return 0, 0, cols, rows, decode_cells(raw, encoding, compression, cols, rows, where)
    chunks = []
    for chunk in get_dicts(raw, "chunks", where):
        cx, cy = int(get_num(chunk, "x", 0, where)), int(get_num(chunk, "y", 0, where))
        cw, ch = get_int(chunk, "width", 0, where), get_int(chunk, "height", 0, where)
        cwhere = f"{where}: chunk at {cx}, {cy}"
        _check_tiles(cw, ch, cwhere)
        chunks.append((cx, cy, cw, ch, decode_cells(chunk, encoding, compression, cw, ch, cwhere)))
    if not chunks:
        return 0, 0, 0, 0, np.zeros(0, dtype=np.uint32)
    x0, y0 = min(c[0] for c in chunks), min(c[1] for c in chunks)
    w = max(c[0] + c[2] for c in chunks) - x0
    h = max(c[1] + c[3] for c in chunks) - y0
    _check_tiles(w, h, where)
    grid = np.zeros((h, w), dtype=np.uint32)
    for cx, cy, cw, ch, cells in chunks:
        grid[cy - y0 : cy - y0 + ch, cx - x0 : cx - x0 + cw] = cells.reshape(ch, cw)
    return x0, y0, w, h, grid.reshape(-1)


def decode_cells(
    d: dict[str, Any], encoding: str, compression: str, cols: int, rows: int, where: str
) -> npt.NDArray[np.uint32]:
    """The ``cols × rows`` global tile ids of a layer's or chunk's ``data``."""
    count = cols * rows
    data = d.get("data")
    if isinstance(data, list):
        try:
            values = [int(v) for v in data if not isinstance(v, bool | float)]
        except (TypeError, ValueError):
            raise Bad(f"{where}: a cell is not a tile id") from None
        if len(values) != len(data):
            raise Bad(f"{where}: a cell is not a tile id")
    elif not isinstance(data, str):
        raise Bad(f"{where}: data is {type(data).__name__}, not cells")
    elif encoding == "csv":
        parts = [p.strip() for p in data.split(",")]
        if parts and parts[-1] == "":
            parts.pop()
        try:
            values = [int(p) for p in parts]
        except ValueError:
            bad = next(p for p in parts if not p.lstrip("-").isdigit())
            raise Bad(f"{where}: CSV cell {bad[:20]!r} is not a tile id") from None
    elif encoding == "base64":
        try:
            raw = base64.b64decode("".join(data.split()), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise Bad(f"{where}: the base64 data is broken ({exc})") from None
        raw = _decompress(raw, compression, count * 4, where)
        if len(raw) % 4:
            raise Bad(f"{where}: {len(raw)} bytes of cells, not a multiple of 4")
        grid = np.frombuffer(raw, dtype="<u4").astype(np.uint32)
        if grid.size != count:
            raise Bad(f"{where}: {grid.size} cells, needs {cols} × {rows} = {count}")
        return grid
    else:
        raise Bad(f"{where}: unknown data encoding {encoding!r} (csv or base64)")
    if len(values) != count:
        raise Bad(f"{where}: {len(values)} cells, needs {cols} × {rows} = {count}")
    if values and (min(values) < 0 or max(values) > 0xFFFF_FFFF):
        raise Bad(
            f"{where}: a cell holds {min(values) if min(values) < 0 else max(values)}, "
            "not a tile id"
        )
    return np.array(values, dtype=np.uint32)


def _decompress(raw: bytes, compression: str, size: int, where: str) -> bytes:
    if not compression:
        return raw
    if compression == "zstd":
        raise Bad(f"{where}: zstd compression is not supported; re-save the map with zlib")
    if compression not in ("zlib", "gzip"):
        raise Bad(f"{where}: unknown compression {compression!r}")
    unpack = zlib.decompressobj(zlib.MAX_WBITS | (16 if compression == "gzip" else 0))
    try:
        out = unpack.decompress(raw, size + 1)
    except zlib.error as exc:
        raise Bad(f"{where}: the {compression} data is broken ({exc})") from None
    if len(out) > size:
        raise Bad(f"{where}: the {compression} data unpacks to more than {size:,} bytes")
    if not unpack.eof:
        raise Bad(f"{where}: the {compression} data is truncated")
    return out


def _check_tiles(cols: int, rows: int, where: str) -> None:
    if cols * rows > limits.MAX_TILES:
        raise Bad(
            f"{where}: {cols} × {rows} tiles, more than {limits.MAX_TILES:,} (limit MAX_TILES)"
        )
