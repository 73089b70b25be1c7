"""The internal representation of a map's tiles, tilesets, layers and objects."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.importers.tiled.cells import FLAGS
from engine.importers.tiled.values import Props, get_dicts, get_int, get_num, get_props, get_str

TERRAIN_COLOR = "#6b8e23"
"""The colour of terrain materials."""
Points = list[tuple[float, float]]


@dataclass
class Tile:
    cls: str
    props: Props
    size: tuple[float, float]
    image: Path | None = None
    """The file holding the tile's art (its own, or its grid tileset's); None: no art."""
    box: tuple[int, int, int, int] | None = None
    """The tile's part of ``image`` (left, top, right, bottom); None: all of it."""
    art: str = ""
    """What to call the art: the image's name, and the tile's number for a grid tile."""


@dataclass
class Tileset:
    name: str
    where: str
    tile_width: int
    tile_height: int
    margin: int
    spacing: int
    columns: int
    count: int
    image: Path | None
    """The grid image; None for an image-collection tileset."""
    tiles: dict[int, Tile]

    def tile(self, local: int) -> Tile:
        found = self.tiles.get(local)
        tile = found or Tile("", {}, (float(self.tile_width), float(self.tile_height)))
        if self.image is None or self.columns < 1:
            return tile
        col, row = local % self.columns, local // self.columns
        left = self.margin + col * (self.tile_width + self.spacing)
        top = self.margin + row * (self.tile_height + self.spacing)
        box = (left, top, left + self.tile_width, top + self.tile_height)
        return dataclasses.replace(
            tile, image=self.image, box=box, art=f"{self.image.stem} tile {local}"
        )


@dataclass
class Layer:
    kind: str
    name: str
    raw: dict[str, Any]
    x: float
    y: float
    opacity: float
    visible: bool
    parallax: tuple[float, float]
    props: Props


@dataclass
class Obj:
    id: int
    name: str
    cls: str
    layer: Layer
    x: float
    y: float
    w: float
    h: float
    rotation: float
    shape: str
    """tile, rect, ellipse, point, polygon, polyline or text."""
    points: Points
    text: str
    props: Props
    tile: Tile | None
    flags: int = 0
    """Tiled's flip flags on its gid (:data:`TILE_FLIP_H` / ``_V`` / ``_D``)."""
    visible: bool = True
    opacity: float = 1.0

    @property
    def flipped(self) -> bool:
        """Its tile is drawn flipped."""
        return bool(self.flags & FLAGS)

    def world(self, px: float, py: float) -> tuple[float, float]:
        """A point in the object's frame (rotated about x, y) in level pixels."""
        if not self.rotation:
            return self.x + px, self.y + py
        a = math.radians(self.rotation)
        c, s = math.cos(a), math.sin(a)
        return self.x + px * c - py * s, self.y + px * s + py * c

    def centre(self) -> tuple[float, float]:
        if self.shape == "tile":
            return self.world(self.w / 2, -self.h / 2)
        if self.shape in ("polygon", "polyline") and self.points:
            xs, ys = [p[0] for p in self.points], [p[1] for p in self.points]
            return self.world((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
        if self.shape == "point":
            return self.x, self.y
        return self.world(self.w / 2, self.h / 2)

    def outline(self) -> Points | None:
        """The object's outline in level pixels, or None when it has no area to give."""
        w, h = self.w, self.h
        if self.shape == "rect":
            local = [(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)]
        elif self.shape == "tile":
            local = [(0.0, -h), (w, -h), (w, 0.0), (0.0, 0.0)]
        elif self.shape == "ellipse":
            steps = [2 * math.pi * i / 32 for i in range(32)]
            local = [(w / 2 + w / 2 * math.cos(t), h / 2 + h / 2 * math.sin(t)) for t in steps]
        elif self.shape == "polygon":
            local = self.points
        else:
            return None
        return [self.world(px, py) for px, py in local]


def tileset_from(doc: dict[str, Any], base: Path, where: str) -> Tileset:
    """A tileset from its JSON-shaped dict; image paths are relative to ``base``."""
    tw = get_int(doc, "tilewidth", 0, where, least=1)
    th = get_int(doc, "tileheight", 0, where, least=1)
    margin, spacing = get_int(doc, "margin", 0, where), get_int(doc, "spacing", 0, where)
    tiles = {}
    for tile in get_dicts(doc, "tiles", where):
        tid = get_int(tile, "id", 0, f"{where}: tile")
        twhere = f"{where}: tile {tid}"
        size = (get_num(tile, "imagewidth", tw, twhere), get_num(tile, "imageheight", th, twhere))
        cls = get_str(tile, "class", twhere) or get_str(tile, "type", twhere)
        tiles[tid] = Tile(cls, get_props(tile, twhere), size)
        if own := get_str(tile, "image", twhere):
            tiles[tid].image, tiles[tid].art = base / own, Path(own).stem
            if "width" in tile or "height" in tile:  # a part of the image (Tiled 1.9)
                x, y = get_int(tile, "x", 0, twhere), get_int(tile, "y", 0, twhere)
                w = get_int(tile, "width", int(size[0]), twhere, least=1)
                h = get_int(tile, "height", int(size[1]), twhere, least=1)
                if (x, y, w, h) != (0, 0, size[0], size[1]):
                    tiles[tid].box, tiles[tid].size = (x, y, x + w, y + h), (w, h)
    image = get_str(doc, "image", where)
    columns = get_int(doc, "columns", 0, where)
    if image and columns < 1:
        width = get_int(doc, "imagewidth", 0, where)
        columns = max((width - 2 * margin + spacing) // (tw + spacing), 1)
    return Tileset(
        name=get_str(doc, "name", where) or Path(where).stem,
        where=where,
        tile_width=tw,
        tile_height=th,
        margin=margin,
        spacing=spacing,
        columns=columns,
        count=get_int(doc, "tilecount", 0, where),
        image=base / image if image else None,
        tiles=tiles,
    )
