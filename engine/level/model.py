"""The level: size, gravity, background, materials, terrain shapes, entities, links, tiles.

Coordinates are level pixels with y pointing down (as in Tiled); gravity is in px/s².
Bulk numbers are packed little-endian arrays in bin fields (see :mod:`engine.packed`).
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from engine.fields import Color, Digest, Model, Name, Ring, limited
from engine.level.entities import Entity


class Vec(Model, kw_only=True):
    x: float
    y: float


class Size(Model, kw_only=True):
    width: float
    height: float


class Background(Model, kw_only=True):
    color: Color = "#87ceeb"
    image: Digest = ""
    """An image asset drawn behind the level, or ``""``."""
    parallax: float = 0.5
    """How fast the image scrolls with the camera: 0 fixed, 1 with the terrain."""


class Material(Model, kw_only=True):
    """What terrain and crates are made of; shapes name it by ``name``."""

    name: Name
    density: float = 1.0
    """Mass per px² for dynamic bodies."""
    friction: float = 0.7
    restitution: float = 0.0
    """Bounciness, 0 (none) to 1 (perfect)."""
    color: Color = "#888888"
    texture: Digest = ""
    """An image asset tiled over the shape, or ``""``."""


class Shape(Model, kw_only=True):
    """A polygon with holes, of a material, on a static, dynamic or kinematic body."""

    id: int
    material: Name
    body: Literal["static", "dynamic", "kinematic"] = "static"
    points: Ring
    holes: Annotated[list[Ring], limited("MAX_HOLES")] = msgspec.field(default_factory=list)
    one_way: bool = False
    """Solid from above only (a platform the player can jump up through)."""
    hidden: bool = False
    """Collides but is not drawn: an invisible wall (the editor shows it hatched)."""


class Link(Model, kw_only=True):
    """``source`` (a switch) toggles ``target`` (a door or a moving platform)."""

    source: int
    target: int


class Tileset(Model, kw_only=True):
    """A grid of tiles cut from an image asset."""

    image: Digest
    tile_width: int
    tile_height: int
    columns: int
    margin: int = 0
    spacing: int = 0


class TileLayer(Model, kw_only=True):
    """A grid of tiles; ``data`` is little-endian uint32 per cell, row-major: the low 29 bits
    number the tile (0 empty, 1 the tileset's first tile), the top three flip it (see
    :data:`engine.packed.TILE_FLIP_H`, as in Tiled)."""

    name: Name
    tileset: Tileset
    columns: int
    rows: int
    x: float = 0.0
    y: float = 0.0
    data: Annotated[bytes, limited("MAX_TILES", 4)]
    solid: bool = False
    """Solid cells collide (of ``material``)."""
    material: Name = ""
    parallax: float = 1.0
    opacity: float = 1.0
    """0 (transparent) to 1 (opaque)."""
    visible: bool = True
    """False: not drawn; a solid invisible layer is a collision mask."""


class Decoration(Model, kw_only=True):
    """An image placed freely in the level, for looks only: it never collides. Drawn behind
    the terrain (after the tile layers), or in front of everything but the HUD when ``front``."""

    id: int
    image: Digest
    x: float
    """Centre, like an entity's."""
    y: float
    width: float
    """Drawn size in px (the image is scaled to it)."""
    height: float
    rotation: float = 0.0
    """Degrees, clockwise, about the centre."""
    flip_x: bool = False
    flip_y: bool = False
    opacity: float = 1.0
    parallax: float = 1.0
    """How fast it scrolls with the camera: 0 fixed, 1 with the terrain."""
    front: bool = False


class Level(Model, kw_only=True):
    size: Size
    gravity: Vec = msgspec.field(default_factory=lambda: Vec(x=0.0, y=980.0))
    background: Background = msgspec.field(default_factory=Background)
    materials: Annotated[list[Material], limited("MAX_MATERIALS")] = msgspec.field(
        default_factory=list
    )
    shapes: Annotated[list[Shape], limited("MAX_SHAPES")] = msgspec.field(default_factory=list)
    entities: Annotated[list[Entity], limited("MAX_ENTITIES")] = msgspec.field(default_factory=list)
    links: Annotated[list[Link], limited("MAX_LINKS")] = msgspec.field(default_factory=list)
    tile_layers: Annotated[list[TileLayer], limited("MAX_TILE_LAYERS")] = msgspec.field(
        default_factory=list
    )
    decorations: Annotated[list[Decoration], limited("MAX_DECORATIONS")] = msgspec.field(
        default_factory=list
    )
    next_id: int = 1
    """The id the next shape, entity or decoration gets; greater than every id in use."""
