"""Read a Tiled map (``.tmx`` XML, or ``.tmj``/``.json`` JSON) into a :class:`LevelBuilder`.

Both front ends turn the file into the same plain structure, the shape of Tiled's JSON format
(dicts and lists; XML attribute values stay strings, which the typed getters of :mod:`.values`
accept), so the mapping onto a cocreate level is written once. External tilesets
(``.tsx``/``.tsj``) and object templates (``.tx``/``.tj``) are read the same way, relative to the
file naming them.

How a map becomes a level:

* Only orthogonal maps. Level size = map width × tilewidth by height × tileheight; an infinite
  map's grid is the bounding box of its chunks, and everything is moved so that box starts at 0, 0.
* Tile layers become tile layers, one per grid tileset they use (``<layer> (<tileset>)`` when
  there are several). Cells = tile number in that tileset counted from 1, or-ed with Tiled's
  flip flags (the hexagonal 120° flag is dropped). Cells from image-collection tilesets cannot be
  drawn in a grid: they are dropped with a note.
* A tile layer is **solid** when it has a bool property ``solid``, ``collides`` or ``collision``
  set true, or its name (any case) contains ``collision`` or ``solid``; its material is the
  string property ``material``, else ``terrain``.
* Objects become, in this order of preference: an **entity** when :func:`entity_kind` knows the
  property ``cocreate``, the object's class/type, its tile's class/type or its name; **terrain**
  (a shape) when it has a bool property ``solid``/``collides``/``collision`` set true or a
  ``bodyType`` of static/dynamic/kinematic, or lies on a layer named like terrain
  (``collision``, ``solid``, ``ground`` but not ``background``, ``terrain``, ``platform``,
  ``wall``). On such a layer, when some objects are marked with those properties, only the
  marked ones are terrain: the rest are the art drawn over it (as in Tiled's own
  sticker-knight example). Any other tile object without a type is a **decoration** (below).
  Everything else is counted and noted, one note per kind.
* A decoration shows its tile's image (a grid tile cut out of its tileset image) at the
  object's size, turned and flipped as in Tiled (Tiled turns a tile object about its
  bottom-left corner: the centre is worked out from that; a diagonal flip is dropped with a
  note), with its layer's opacity (groups multiplied) times its own, and its layer's
  horizontal parallax (clamped to 0..4). Decorations keep Tiled's drawing order (layer by
  layer; within a layer by y, unless its draw order is ``index``). Those on layers above the
  last layer that gives entities (above the first that gives terrain, when none gives
  entities) are drawn in front of everything; the others behind the terrain, so that the
  player is never hidden by scenery it walks in front of in Tiled. Hidden ones are skipped
  with a note.
* Terrain made from a **tile object** keeps its art: its material's ``texture`` is the tile's
  image (an image-collection tile's file as it is; a grid tileset's tile cut out of the tileset
  image), and the material is named after the image (``platform1``; ``<image> tile <n>`` for a
  grid tile) unless the object sets ``material``. Two objects wanting one name with different
  textures or properties get distinct names (``platform1 2``). cocreate tiles a texture over a
  shape from its bounding box's top-left corner at the image's own size, so an unrotated object
  as large as its image shows it exactly; a larger or smaller one shows it repeated or cut off
  (Tiled scales it), a rotated or flipped one unrotated and unflipped: each is noted.
* The first visible image layer is the background image; the map's ``backgroundcolor`` its
  colour; map properties ``title`` and ``gravity`` (px/s², downward) are used when present.

The modules: :mod:`.files` reads files (the XML front end too), :mod:`.values` the typed getters,
:mod:`.cells` tile data, :mod:`.model` the internal representation, :mod:`.importer` the map
(layers, tilesets, templates), :mod:`.tile_layers` and :mod:`.objects` (with :mod:`.art`, tile
objects' images and textures) what they become.
"""

from __future__ import annotations

from pathlib import Path

from engine.importers.build import LevelBuilder, MapError
from engine.importers.tiled.importer import Importer
from engine.importers.tiled.values import Bad

__all__ = ["read_tiled"]


def read_tiled(path: Path) -> LevelBuilder:
    """Read the Tiled map at ``path`` into a filled :class:`LevelBuilder` (not yet built).

    Raises :class:`MapError` (one line) for anything malformed, missing or unsupported."""
    path = Path(path)
    try:
        return Importer(path).run()
    except Bad as exc:
        raise MapError(str(exc), source=str(path)) from None
    except RecursionError:
        raise MapError("the map is nested too deeply to read", source=str(path)) from None
