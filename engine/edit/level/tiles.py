"""Tile layers: adding, deleting and reordering them, painting and filling their cells, and
changing their properties.

A tileset image added with a layer is embedded as an asset (the same bytes once); when the last
layer using an image goes, so does the asset, unless something else (the background, a texture,
a decoration) uses it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from engine import limits
from engine.document import LevelDocument
from engine.edit.assets import _embed
from engine.edit.command import Command, insert_at, item, remove_at, replace, with_item
from engine.edit.level.common import _U4, MAX_TILE, LevelCommand, _require, _typed, _with_level
from engine.edit.level.decorations import drop_unused_images
from engine.errors import EditError
from engine.level.model import TileLayer
from engine.packed import tiles_array

_LAYERS = "$.level.tile_layers"


def _check_layer(doc: LevelDocument, base: str, layer: TileLayer) -> TileLayer:
    """``layer`` typed as the decoder would, checked as validation checks a tile layer of
    ``doc`` (grid, cell count, data length, tileset sizes, image, name); the first problem
    is an ``EditError``."""
    from engine.validation.assets import AssetIndex
    from engine.validation.level import _check_tile_layer

    cells = layer.columns * layer.rows
    if layer.columns >= 1 and layer.rows >= 1 and cells > limits.MAX_TILES:
        raise EditError(
            f"{base}: {cells:,} cells, more than {limits.MAX_TILES:,} (limit MAX_TILES)"
        )
    layer = _typed(layer, base)
    assets = AssetIndex()
    assets.types.update({key: asset.type for key, asset in doc.assets.items()})
    materials = {m.name for m in doc.level.materials}
    _require(lambda r: _check_tile_layer(r, assets, base, layer, materials))
    return layer


def empty_cells(columns: int, rows: int) -> bytes:
    """The data of a ``columns`` × ``rows`` layer with no tiles."""
    return bytes(4 * max(columns, 0) * max(rows, 0))


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


def _recut(base: str, layer: TileLayer, cut: dict[str, int]) -> TileLayer:
    """``layer`` with its tileset cut anew (``tile_width``, ``tile_height``,
    ``tileset_columns``, ``tileset_margin``, ``tileset_spacing``); a new tile size regrids the
    (empty) layer over the same area."""
    ts = layer.tileset
    width, height = cut.get("tile_width", ts.tile_width), cut.get("tile_height", ts.tile_height)
    tileset = replace(
        ts,
        tile_width=width,
        tile_height=height,
        columns=cut.get("tileset_columns", ts.columns),
        margin=cut.get("tileset_margin", ts.margin),
        spacing=cut.get("tileset_spacing", ts.spacing),
    )
    if (width, height) == (ts.tile_width, ts.tile_height):
        return replace(layer, tileset=tileset)
    if width < 1 or height < 1:  # refused by the checks, with the field's path
        return replace(layer, tileset=tileset)
    if tiles_array(layer.data).any():
        raise EditError(
            f"{base}.tileset: the layer has painted cells; erase them before changing the tile size"
        )
    cols = max(1, -(-layer.columns * ts.tile_width // width))
    rows = max(1, -(-layer.rows * ts.tile_height // height))
    if cols * rows > limits.MAX_TILES:
        raise EditError(
            f"{base}: {width} × {height} px tiles make {cols * rows:,} cells, more than "
            f"{limits.MAX_TILES:,} (limit MAX_TILES)"
        )
    return replace(layer, tileset=tileset, columns=cols, rows=rows, data=empty_cells(cols, rows))


@dataclass(frozen=True)
class ChangeTileLayer(LevelCommand):
    """Change tile layer ``layer``'s drawing and collision properties (fields left None keep
    their value): ``name``, ``x``, ``y``, ``parallax``, ``opacity``, ``visible``, ``solid`` and
    ``material`` (a solid layer's material must exist), and how its tileset is cut:
    ``tileset_columns`` (tiles per row of the image), ``tileset_margin`` (px around the tiles)
    and ``tileset_spacing`` (px between them) at any time, ``tile_width`` and
    ``tile_height`` only while no cell is painted (the grid then takes as many cells as cover
    the area it covered). Merges with the next change of the same layer, so typing into a
    field is one undo step."""

    layer: int
    name: str | None = None
    x: float | None = None
    y: float | None = None
    parallax: float | None = None
    opacity: float | None = None
    visible: bool | None = None
    solid: bool | None = None
    material: str | None = None
    tile_width: int | None = None
    tile_height: int | None = None
    tileset_columns: int | None = None
    tileset_margin: int | None = None
    tileset_spacing: int | None = None

    _KEYS = (
        "name",
        "x",
        "y",
        "parallax",
        "opacity",
        "visible",
        "solid",
        "material",
        "tile_width",
        "tile_height",
        "tileset_columns",
        "tileset_margin",
        "tileset_spacing",
    )
    _TILESET = (
        "tile_width",
        "tile_height",
        "tileset_columns",
        "tileset_margin",
        "tileset_spacing",
    )

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
        changes = self._changes()
        cut = {k: changes.pop(k) for k in self._TILESET if k in changes}
        new = _typed(replace(old, **changes), base)
        if cut:
            new = _check_layer(doc, base, _recut(base, new, cut))

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


@dataclass(frozen=True)
class AddTileLayer(LevelCommand):
    """Add ``layer`` at ``index`` (None: at the end, drawn in front of the others). With
    ``image_data``, that PNG or JPEG file (named ``image_name``) is embedded and used as its
    tileset's image. The layer is checked as validation checks one (at most
    ``MAX_TILE_LAYERS`` of them)."""

    layer: TileLayer
    image_data: bytes | None = None
    image_name: str = ""
    index: int | None = None

    @property
    def label(self) -> str:
        return "Add tile layer"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        level = doc.level
        if len(level.tile_layers) >= limits.MAX_TILE_LAYERS:
            raise EditError(
                f"{_LAYERS}: already {limits.MAX_TILE_LAYERS} tile layers (limit MAX_TILE_LAYERS)"
            )
        at = len(level.tile_layers) if self.index is None else self.index
        base = f"{_LAYERS}[{at}]"
        layer = self.layer
        if self.image_data is not None:
            path = f"{base}.tileset.image"
            key, assets = _embed(doc, self.image_data, self.image_name, "image", path)
            doc = replace(doc, assets=assets)
            layer = replace(layer, tileset=replace(layer.tileset, image=key))
        layer = _check_layer(doc, base, layer)
        layers = insert_at(level.tile_layers, self.index, layer, _LAYERS)
        return _with_level(doc, tile_layers=layers)


@dataclass(frozen=True)
class DeleteTileLayer(LevelCommand):
    """Delete tile layer ``index``, and its tileset image when nothing else uses it."""

    index: int

    @property
    def label(self) -> str:
        return "Delete tile layer"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        layers = doc.level.tile_layers
        old = item(layers, self.index, _LAYERS, "tile layer")
        doc = _with_level(doc, tile_layers=remove_at(layers, self.index, _LAYERS, "tile layer"))
        return drop_unused_images(doc, {old.tileset.image})


@dataclass(frozen=True)
class MoveTileLayer(LevelCommand):
    """Move tile layer ``index`` to position ``to`` in the drawing order (the first layer is
    drawn at the back); the others keep their order."""

    index: int
    to: int

    @property
    def label(self) -> str:
        return "Move tile layer"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        layers = list(doc.level.tile_layers)
        item(layers, self.index, _LAYERS, "tile layer")
        if not 0 <= self.to < len(layers):
            raise EditError(
                f"{_LAYERS}[{self.index}]: cannot move it to {self.to} "
                f"(there are {len(layers)} tile layers)"
            )
        if self.to == self.index:
            raise EditError(f"{_LAYERS}[{self.index}]: the layer is at {self.to} already")
        layers.insert(self.to, layers.pop(self.index))
        return _with_level(doc, tile_layers=layers)
