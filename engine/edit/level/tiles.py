"""Painting and filling tile layers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from engine.document import LevelDocument
from engine.edit.command import Command, item, replace, with_item
from engine.edit.level.common import _U4, MAX_TILE, LevelCommand, _with_level
from engine.errors import EditError
from engine.level.model import TileLayer
from engine.packed import tiles_array


def _paint(
    doc: LevelDocument, layer: int, tile: int, cells: Callable[[str, TileLayer], npt.NDArray[Any]]
) -> LevelDocument:
    """Set the cells of tile layer ``layer`` chosen by ``cells(path, layer)`` (a boolean mask or
    flat indices) to ``tile``."""
    level = doc.level
    base = f"$.level.tile_layers[{layer}]"
    old = item(level.tile_layers, layer, "$.level.tile_layers", "tile layer")
    if not 0 <= tile <= MAX_TILE:
        raise EditError(f"{base}.data: tile {tile} is not 0 (empty) to {MAX_TILE}")
    data = tiles_array(old.data)
    if len(data) != old.columns * old.rows:
        raise EditError(f"{base}.data: does not hold {old.columns} × {old.rows} cells")
    out = data.copy()
    out[cells(base, old)] = tile
    new = replace(old, data=np.ascontiguousarray(out, dtype=_U4).tobytes())
    return _with_level(doc, tile_layers=with_item(level.tile_layers, layer, new))


@dataclass(frozen=True)
class PaintTiles(LevelCommand):
    """Set the cells ``(column, row)`` of a tile layer to ``tile`` (0 erases); a brush stroke's
    commands (same layer, same tile) merge into one."""

    layer: int
    cells: tuple[tuple[int, int], ...]
    tile: int

    @property
    def label(self) -> str:
        return "Erase tiles" if self.tile == 0 else "Paint tiles"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        def flat(base: str, layer: TileLayer) -> npt.NDArray[Any]:
            for col, row in self.cells:
                if not (0 <= col < layer.columns and 0 <= row < layer.rows):
                    raise EditError(
                        f"{base}: no cell ({col}, {row}) in {layer.columns} × {layer.rows}"
                    )
            return np.array([row * layer.columns + col for col, row in self.cells], dtype=np.int64)

        return _paint(doc, self.layer, self.tile, flat)

    def merge(self, later: Command[Any]) -> Command[Any] | None:
        if isinstance(later, PaintTiles) and (later.layer, later.tile) == (self.layer, self.tile):
            return PaintTiles(self.layer, self.cells + later.cells, self.tile)
        return None


@dataclass(frozen=True)
class FillTiles(LevelCommand):
    """Set a rectangle of cells (``columns`` × ``rows`` from ``column, row``) to ``tile``."""

    layer: int
    column: int
    row: int
    columns: int
    rows: int
    tile: int

    @property
    def label(self) -> str:
        return "Clear tiles" if self.tile == 0 else "Fill tiles"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        def rect(base: str, layer: TileLayer) -> npt.NDArray[Any]:
            c0, r0, c1, r1 = self.column, self.row, self.column + self.columns, self.row + self.rows
            if not (0 <= c0 < c1 <= layer.columns and 0 <= r0 < r1 <= layer.rows):
                raise EditError(
                    f"{base}: the rectangle {self.columns} × {self.rows} at ({c0}, {r0}) is not "
                    f"inside the {layer.columns} × {layer.rows} grid"
                )
            mask = np.zeros((layer.rows, layer.columns), dtype=bool)
            mask[r0:r1, c0:c1] = True
            return mask.reshape(-1)

        return _paint(doc, self.layer, self.tile, rect)


@dataclass(frozen=True)
class ChangeTileLayer(LevelCommand):
    """Change tile layer ``layer``'s drawing and collision properties (fields left None keep
    their value): ``name``, ``x``, ``y``, ``parallax``, ``opacity``, ``visible``, ``solid`` and
    ``material`` (a solid layer's material must exist). Merges with the next change of the
    same layer, so typing into a field is one undo step."""

    layer: int
    name: str | None = None
    x: float | None = None
    y: float | None = None
    parallax: float | None = None
    opacity: float | None = None
    visible: bool | None = None
    solid: bool | None = None
    material: str | None = None

    _KEYS = ("name", "x", "y", "parallax", "opacity", "visible", "solid", "material")

    @property
    def label(self) -> str:
        return "Change tile layer"

    def _changes(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self._KEYS if getattr(self, k) is not None}

    def apply(self, doc: LevelDocument) -> LevelDocument:
        from engine import limits
        from engine.edit.level.common import _require, _typed
        from engine.validation.report import Report

        level = doc.level
        base = f"$.level.tile_layers[{self.layer}]"
        old = item(level.tile_layers, self.layer, "$.level.tile_layers", "tile layer")
        new = _typed(replace(old, **self._changes()), base)

        def check(r: Report) -> None:
            r.name(f"{base}.name", new.name)
            r.finite(f"{base}.x", new.x, bound=limits.MAX_WORLD, limit="MAX_WORLD")
            r.finite(f"{base}.y", new.y, bound=limits.MAX_WORLD, limit="MAX_WORLD")
            r.between(f"{base}.parallax", new.parallax, 0.0, 4.0)
            r.between(f"{base}.opacity", new.opacity, 0.0, 1.0)

        _require(check)
        if new.solid and new.material not in {m.name for m in level.materials}:
            what = f"material {new.material!r} is not defined" if new.material else "needs one"
            raise EditError(f"{base}.material: a solid layer's {what}")
        return _with_level(doc, tile_layers=with_item(level.tile_layers, self.layer, new))

    def merge(self, later: Command[Any]) -> Command[Any] | None:
        if isinstance(later, ChangeTileLayer) and later.layer == self.layer:
            return ChangeTileLayer(self.layer, **{**self._changes(), **later._changes()})
        return None
