"""Read a Tiled map (``.tmx`` XML, or ``.tmj``/``.json`` JSON) into a :class:`LevelBuilder`.

Both front ends turn the file into the same plain structure, the shape of Tiled's JSON format
(dicts and lists; XML attribute values stay strings, which the typed getters below accept), so
the mapping onto a cocreate level is written once. External tilesets (``.tsx``/``.tsj``) and
object templates (``.tx``/``.tj``) are read the same way, relative to the file naming them.

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
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import io
import json
import math
import re
import warnings
import xml.etree.ElementTree as ET
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from engine import limits
from engine.importers.build import (
    TILE_FLIP_D,
    TILE_FLIP_H,
    TILE_FLIP_V,
    LevelBuilder,
    MapError,
    entity_kind,
)

__all__ = ["read_tiled"]

MAX_MAP_BYTES = 64 * 1024 * 1024
"""Map, tileset and template files larger than this are refused."""
_MAX_DEPTH = 32
"""Group layers nested deeper than this are refused."""

_FLAGS = TILE_FLIP_H | TILE_FLIP_V | TILE_FLIP_D
_HEX_120 = 0x1000_0000
_GID = 0x0FFF_FFFF
_TERRAIN_LAYER = re.compile(r"collision|solid|(?<!back)ground|terrain|platform|wall", re.IGNORECASE)
_SOLID_LAYER = re.compile(r"collision|solid", re.IGNORECASE)
_SOLID_PROPS = ("solid", "collides", "collision")
_BODIES = ("static", "dynamic", "kinematic")
_SIZED = ("goal", "hazard", "crate", "moving_platform", "switch", "door", "bounce_pad")
_LINK_PROPS = ("target", "door", "links")
_TERRAIN_COLOR = "#6b8e23"
_MIN_THICKNESS = 6.0
_Points = list[tuple[float, float]]
_Props = dict[str, tuple[str, Any]]


class _Bad(Exception):
    """Something wrong with the map; becomes a :class:`MapError` naming the map."""


def read_tiled(path: Path) -> LevelBuilder:
    """Read the Tiled map at ``path`` into a filled :class:`LevelBuilder` (not yet built).

    Raises :class:`MapError` (one line) for anything malformed, missing or unsupported."""
    path = Path(path)
    try:
        return _Importer(path).run()
    except _Bad as exc:
        raise MapError(str(exc), source=str(path)) from None
    except RecursionError:
        raise MapError("the map is nested too deeply to read", source=str(path)) from None


# -- reading files ------------------------------------------------------------------------------


def _read(path: Path, what: str) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_MAP_BYTES:
            raise _Bad(f"{what} is {size:,} bytes, over the {MAX_MAP_BYTES // 2**20} MiB limit")
        return path.read_bytes()
    except FileNotFoundError:
        raise _Bad(f"{what} not found") from None
    except IsADirectoryError:
        raise _Bad(f"{what} is a directory, not a file") from None
    except OSError as exc:
        raise _Bad(f"{what}: cannot read it ({exc.strerror or exc})") from None


def _load(path: Path, what: str, want: str) -> dict[str, Any]:
    """The Tiled file at ``path`` (XML or JSON) as a JSON-shaped dict whose ``type`` is
    ``want`` (``map``, ``tileset`` or ``template``)."""
    data = _read(path, what)
    xml = path.suffix.lower() in (".tmx", ".tsx", ".tx") or data.lstrip()[:1] == b"<"
    if xml:
        doc = _xml_document(data, what)
    else:
        try:
            doc = json.loads(data)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise _Bad(f"{what}: not valid JSON ({exc})") from None
        if not isinstance(doc, dict):
            raise _Bad(f"{what}: not a Tiled {want} (the JSON is not an object)")
        if want == "template" and "object" in doc:
            doc.setdefault("type", "template")
        doc.setdefault("type", want)
    if doc.get("type") != want:
        raise _Bad(f"{what}: not a Tiled {want} (it is a {doc.get('type')!r})")
    return doc


# -- the XML front end: XML → the JSON format's structure ------------------------------------


def _xml_document(data: bytes, what: str) -> dict[str, Any]:
    if b"<!ENTITY" in data:
        raise _Bad(f"{what}: XML entity declarations are not allowed")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise _Bad(f"{what}: not valid XML ({exc})") from None
    if root.tag == "map":
        doc = _xml_map(root)
    elif root.tag == "tileset":
        doc = _xml_tileset(root)
    elif root.tag == "template":
        doc = {"type": "template"}
        if (ts := root.find("tileset")) is not None:
            doc["tileset"] = _xml_tileset(ts)
        obj = root.find("object")
        doc["object"] = _xml_object(obj) if obj is not None else {}
    else:
        raise _Bad(f"{what}: not a Tiled file (its root element is <{root.tag}>)")
    return doc


def _xml_props(el: ET.Element) -> list[dict[str, Any]]:
    found = el.find("properties")
    if found is None:
        return []
    out = []
    for prop in found.findall("property"):
        kind = prop.get("type", "string")
        if prop.find("properties") is not None:
            kind = "class"
        value = prop.get("value")
        out.append({"name": prop.get("name", ""), "type": kind, "value": value or prop.text or ""})
    return out


def _xml_map(root: ET.Element) -> dict[str, Any]:
    doc: dict[str, Any] = dict(root.attrib)
    doc["type"] = "map"
    doc["properties"] = _xml_props(root)
    doc["tilesets"] = [_xml_tileset(t) for t in root.findall("tileset")]
    doc["layers"] = _xml_layers(root)
    return doc


def _xml_layers(parent: ET.Element) -> list[dict[str, Any]]:
    layers = []
    for el in parent:
        d: dict[str, Any] = dict(el.attrib)
        d["properties"] = _xml_props(el)
        if el.tag == "layer":
            d["type"] = "tilelayer"
            data = el.find("data")
            if data is None:
                raise _Bad(f"layer {el.get('name', '')!r} has no <data>")
            d["encoding"] = data.get("encoding") or "xml"
            d["compression"] = data.get("compression", "")
            chunks = data.findall("chunk")
            if chunks:
                d["chunks"] = [{**c.attrib, "data": _xml_cells(c, d["encoding"])} for c in chunks]
            else:
                d["data"] = _xml_cells(data, d["encoding"])
        elif el.tag == "objectgroup":
            d["type"] = "objectgroup"
            d["objects"] = [_xml_object(o) for o in el.findall("object")]
        elif el.tag == "imagelayer":
            d["type"] = "imagelayer"
            image = el.find("image")
            d["image"] = image.get("source", "") if image is not None else ""
        elif el.tag == "group":
            d["type"] = "group"
            d["layers"] = _xml_layers(el)
        else:
            continue
        layers.append(d)
    return layers


def _xml_cells(el: ET.Element, encoding: str) -> str | list[Any]:
    if encoding != "xml":
        return el.text or ""
    return [t.get("gid", "0") for t in el.findall("tile")]


def _xml_object(el: ET.Element) -> dict[str, Any]:
    d: dict[str, Any] = dict(el.attrib)
    d["properties"] = _xml_props(el)
    for child in el:
        if child.tag in ("ellipse", "point"):
            d[child.tag] = True
        elif child.tag in ("polygon", "polyline"):
            pairs = (p.split(",", 1) for p in child.get("points", "").split())
            d[child.tag] = [{"x": p[0], "y": p[1] if len(p) > 1 else ""} for p in pairs]
        elif child.tag == "text":
            d["text"] = {"text": child.text or ""}
    if not d["properties"]:
        del d["properties"]  # so that a template's properties are not hidden
    return d


def _xml_tileset(el: ET.Element) -> dict[str, Any]:
    d: dict[str, Any] = dict(el.attrib)
    d["type"] = "tileset"
    d["properties"] = _xml_props(el)
    image = el.find("image")
    if image is not None:
        d["image"] = image.get("source", "")
        d["imagewidth"] = image.get("width", "0")
        d["imageheight"] = image.get("height", "0")
    tiles = []
    for tile in el.findall("tile"):
        t: dict[str, Any] = dict(tile.attrib)
        t["properties"] = _xml_props(tile)
        if (timage := tile.find("image")) is not None:
            t["image"] = timage.get("source", "")
            t["imagewidth"] = timage.get("width", "0")
            t["imageheight"] = timage.get("height", "0")
        tiles.append(t)
    d["tiles"] = tiles
    return d


# -- typed getters (XML gives strings, JSON numbers) --------------------------------------------


def _num(d: dict[str, Any], key: str, default: float, where: str) -> float:
    value = d.get(key)
    if value is None or value == "":
        return default
    try:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise ValueError
        out = float(value)
    except ValueError:
        raise _Bad(f"{where}: {key} is {value!r}, not a number") from None
    if not math.isfinite(out) or abs(out) > limits.MAX_WORLD * 16:
        raise _Bad(f"{where}: {key} is {value!r}, out of range")
    return out


def _int(d: dict[str, Any], key: str, default: int, where: str, *, least: int = 0) -> int:
    value = _num(d, key, default, where)
    if value != int(value) or value < least:
        raise _Bad(f"{where}: {key} is {d.get(key)!r}, needs a whole number ≥ {least}")
    return int(value)


def _str(d: dict[str, Any], key: str, where: str) -> str:
    value = d.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _Bad(f"{where}: {key} is {value!r}, not a string")
    return value


def _bool(d: dict[str, Any], key: str, default: bool) -> bool:
    value = d.get(key)
    if isinstance(value, bool):
        return value
    if value in (0, 1, "0", "1", "true", "false"):
        return value in (1, "1", "true")
    return default


def _list(d: dict[str, Any], key: str, where: str) -> list[Any]:
    value = d.get(key) or []
    if not isinstance(value, list):
        raise _Bad(f"{where}: {key} is not a list")
    return value


def _dicts(d: dict[str, Any], key: str, where: str) -> list[dict[str, Any]]:
    items = _list(d, key, where)
    if not all(isinstance(i, dict) for i in items):
        raise _Bad(f"{where}: {key} holds something that is not an object")
    return items


def _props(d: dict[str, Any], where: str) -> _Props:
    raw = d.get("properties")
    if not raw:
        return {}
    if isinstance(raw, dict):  # JSON from Tiled before 1.2
        return {str(k): ("string" if isinstance(v, str) else "json", v) for k, v in raw.items()}
    if not isinstance(raw, list):
        raise _Bad(f"{where}: properties is not a list")
    out: _Props = {}
    for prop in raw:
        if not isinstance(prop, dict):
            raise _Bad(f"{where}: a property is not an object")
        name, kind = str(prop.get("name", "")), prop.get("type", "string")
        value: Any = prop.get("value")
        try:
            if kind == "bool":
                if value not in (True, False, "true", "false"):
                    raise ValueError
                out[name] = (kind, value in (True, "true"))
            elif kind in ("int", "object"):
                if isinstance(value, bool) or float(value) != int(float(value)):
                    raise ValueError
                out[name] = (kind, int(float(value)))
            elif kind == "float":
                if isinstance(value, bool) or not math.isfinite(float(value)):
                    raise ValueError
                out[name] = (kind, float(value))
            elif kind != "class":
                out[name] = ("string", "" if value is None else str(value))
        except (TypeError, ValueError, OverflowError):
            raise _Bad(f"{where}: property {name!r} is {value!r}, not a {kind}") from None
    return out


def _pbool(props: _Props, name: str) -> bool | None:
    kind, value = props.get(name, ("", ""))
    if kind == "bool":
        return bool(value)
    if kind == "string" and str(value).lower() in ("true", "false"):
        return str(value).lower() == "true"
    return None


def _pnum(props: _Props, name: str) -> float | None:
    kind, value = props.get(name, ("", ""))
    if kind in ("int", "float"):
        return float(value)
    if kind == "string":
        try:
            out = float(value)
        except ValueError:
            return None
        return out if math.isfinite(out) else None
    return None


def _pstr(props: _Props, name: str) -> str | None:
    kind, value = props.get(name, ("", ""))
    return value if kind == "string" and isinstance(value, str) else None


def _pobj(props: _Props, name: str) -> int | None:
    kind, value = props.get(name, ("", ""))
    return value if kind == "object" and isinstance(value, int) and value > 0 else None


def _solid_mark(props: _Props) -> bool | None:
    """True/False when a solid/collides/collision bool property says so, else None."""
    for name in _SOLID_PROPS:
        if (value := _pbool(props, name)) is not None:
            return value
    return None


# -- tile data --------------------------------------------------------------------------------


def _cells(
    d: dict[str, Any], encoding: str, compression: str, cols: int, rows: int, where: str
) -> npt.NDArray[np.uint32]:
    """The ``cols × rows`` global tile ids of a layer's or chunk's ``data``."""
    count = cols * rows
    data = d.get("data")
    if isinstance(data, list):
        try:
            values = [int(v) for v in data if not isinstance(v, bool | float)]
        except (TypeError, ValueError):
            raise _Bad(f"{where}: a cell is not a tile id") from None
        if len(values) != len(data):
            raise _Bad(f"{where}: a cell is not a tile id")
    elif not isinstance(data, str):
        raise _Bad(f"{where}: data is {type(data).__name__}, not cells")
    elif encoding == "csv":
        parts = [p.strip() for p in data.split(",")]
        if parts and parts[-1] == "":
            parts.pop()
        try:
            values = [int(p) for p in parts]
        except ValueError:
            bad = next(p for p in parts if not p.lstrip("-").isdigit())
            raise _Bad(f"{where}: CSV cell {bad[:20]!r} is not a tile id") from None
    elif encoding == "base64":
        try:
            raw = base64.b64decode("".join(data.split()), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise _Bad(f"{where}: the base64 data is broken ({exc})") from None
        raw = _decompress(raw, compression, count * 4, where)
        if len(raw) % 4:
            raise _Bad(f"{where}: {len(raw)} bytes of cells, not a multiple of 4")
        grid = np.frombuffer(raw, dtype="<u4").astype(np.uint32)
        if grid.size != count:
            raise _Bad(f"{where}: {grid.size} cells, needs {cols} × {rows} = {count}")
        return grid
    else:
        raise _Bad(f"{where}: unknown data encoding {encoding!r} (csv or base64)")
    if len(values) != count:
        raise _Bad(f"{where}: {len(values)} cells, needs {cols} × {rows} = {count}")
    if values and (min(values) < 0 or max(values) > 0xFFFF_FFFF):
        raise _Bad(
            f"{where}: a cell holds {min(values) if min(values) < 0 else max(values)}, "
            "not a tile id"
        )
    return np.array(values, dtype=np.uint32)


def _decompress(raw: bytes, compression: str, size: int, where: str) -> bytes:
    if not compression:
        return raw
    if compression == "zstd":
        raise _Bad(f"{where}: zstd compression is not supported; re-save the map with zlib")
    if compression not in ("zlib", "gzip"):
        raise _Bad(f"{where}: unknown compression {compression!r}")
    unpack = zlib.decompressobj(zlib.MAX_WBITS | (16 if compression == "gzip" else 0))
    try:
        out = unpack.decompress(raw, size + 1)
    except zlib.error as exc:
        raise _Bad(f"{where}: the {compression} data is broken ({exc})") from None
    if len(out) > size:
        raise _Bad(f"{where}: the {compression} data unpacks to more than {size:,} bytes")
    if not unpack.eof:
        raise _Bad(f"{where}: the {compression} data is truncated")
    return out


# -- the internal representation ----------------------------------------------------------------


@dataclass
class _Tile:
    cls: str
    props: _Props
    size: tuple[float, float]
    image: Path | None = None
    """The file holding the tile's art (its own, or its grid tileset's); None: no art."""
    box: tuple[int, int, int, int] | None = None
    """The tile's part of ``image`` (left, top, right, bottom); None: all of it."""
    art: str = ""
    """What to call the art: the image's name, and the tile's number for a grid tile."""


@dataclass
class _Tileset:
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
    tiles: dict[int, _Tile]

    def tile(self, local: int) -> _Tile:
        found = self.tiles.get(local)
        tile = found or _Tile("", {}, (float(self.tile_width), float(self.tile_height)))
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
class _Layer:
    kind: str
    name: str
    raw: dict[str, Any]
    x: float
    y: float
    opacity: float
    visible: bool
    parallax: tuple[float, float]
    props: _Props


@dataclass
class _Obj:
    id: int
    name: str
    cls: str
    layer: _Layer
    x: float
    y: float
    w: float
    h: float
    rotation: float
    shape: str
    """tile, rect, ellipse, point, polygon, polyline or text."""
    points: _Points
    text: str
    props: _Props
    tile: _Tile | None
    flags: int = 0
    """Tiled's flip flags on its gid (:data:`TILE_FLIP_H` / ``_V`` / ``_D``)."""
    visible: bool = True
    opacity: float = 1.0

    @property
    def flipped(self) -> bool:
        """Its tile is drawn flipped."""
        return bool(self.flags & _FLAGS)

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

    def outline(self) -> _Points | None:
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


# -- the importer ---------------------------------------------------------------------------------


@dataclass
class _Importer:
    path: Path
    _tilesets: dict[Path, _Tileset] = field(default_factory=dict)
    _templates: dict[Path, dict[str, Any]] = field(default_factory=dict)

    def run(self) -> LevelBuilder:
        doc = _load(self.path, "the map file", "map")
        orientation = _str(doc, "orientation", "map") or "orthogonal"
        if orientation != "orthogonal":
            raise _Bad(f"{orientation} maps are not supported; only orthogonal ones")
        tw = _int(doc, "tilewidth", 0, "map", least=1)
        th = _int(doc, "tileheight", 0, "map", least=1)
        cols = _int(doc, "width", 0, "map", least=0)
        rows = _int(doc, "height", 0, "map", least=0)
        props = _props(doc, "map")
        tilesets = self._tileset_refs(_dicts(doc, "tilesets", "map"), self.path.parent, "map")
        layers: list[_Layer] = []
        self._flatten(_dicts(doc, "layers", "map"), layers, 0.0, 0.0, 1.0, True, (1.0, 1.0), 0)
        grids = {
            id(layer): self._grid(layer, cols, rows)
            for layer in layers
            if layer.kind == "tilelayer"
        }

        shift = (0.0, 0.0)
        if _bool(doc, "infinite", False):
            boxes = [(g[0], g[1], g[0] + g[2], g[1] + g[3]) for g in grids.values() if g[2]]
            if boxes:
                x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
                cols = max(b[2] for b in boxes) - x0
                rows = max(b[3] for b in boxes) - y0
                shift = (-x0 * tw, -y0 * th)
        if cols < 1 or rows < 1:
            raise _Bad(f"map: it is {cols} × {rows} tiles; needs at least 1 × 1")
        if shift != (0.0, 0.0):
            for layer in layers:
                layer.x += shift[0]
                layer.y += shift[1]
            self_note = f"infinite map: moved by {shift[0]:g}, {shift[1]:g} px so it starts at 0, 0"
        else:
            self_note = ""

        title = _pstr(props, "title") or self.path.stem
        b = LevelBuilder(source=str(self.path), title=title, width=cols * tw, height=rows * th)
        if self_note:
            b.note(self_note)
        if color := _str(doc, "backgroundcolor", "map"):
            b.background.color = _color(color)
        if (gravity := _pnum(props, "gravity")) is not None:
            b.gravity = (0.0, gravity)

        solid = _TileLayers(b, tilesets, (tw, th)).add(layers, grids)
        self._image_layers(b, [layer for layer in layers if layer.kind == "imagelayer"])
        objects = [
            self._object(raw, layer, tilesets, self.path.parent)
            for layer in layers
            if layer.kind == "objectgroup"
            for raw in _dicts(layer.raw, "objects", f"layer {layer.name!r}")
        ]
        _Objects(b, objects, layers, solid).add()
        if any(layer.parallax != (1.0, 1.0) for layer in layers):
            origin = (
                _num(doc, "parallaxoriginx", 0.0, "map"),
                _num(doc, "parallaxoriginy", 0.0, "map"),
            )
            if origin != (0.0, 0.0):
                b.note(
                    f"the map's parallax origin {origin[0]:g}, {origin[1]:g} is not kept: "
                    "layers with parallax are placed as if it were 0, 0"
                )
        return b

    # -- layers ------------------------------------------------------------------------------

    def _flatten(
        self,
        raws: list[dict[str, Any]],
        out: list[_Layer],
        x: float,
        y: float,
        opacity: float,
        visible: bool,
        parallax: tuple[float, float],
        depth: int,
    ) -> None:
        if depth > _MAX_DEPTH:
            raise _Bad(f"group layers are nested more than {_MAX_DEPTH} deep")
        for raw in raws:
            name = _str(raw, "name", "a layer")
            where = f"layer {name!r}"
            kind = _str(raw, "type", where)
            lx = x + _num(raw, "offsetx", 0.0, where)
            ly = y + _num(raw, "offsety", 0.0, where)
            lo = opacity * min(max(_num(raw, "opacity", 1.0, where), 0.0), 1.0)
            lv = visible and _bool(raw, "visible", True)
            lp = (
                parallax[0] * _num(raw, "parallaxx", 1.0, where),
                parallax[1] * _num(raw, "parallaxy", 1.0, where),
            )
            if kind == "group":
                self._flatten(_dicts(raw, "layers", where), out, lx, ly, lo, lv, lp, depth + 1)
            elif kind in ("tilelayer", "objectgroup", "imagelayer"):
                out.append(_Layer(kind, name, raw, lx, ly, lo, lv, lp, _props(raw, where)))
            else:
                raise _Bad(f"{where}: unknown layer type {kind!r}")

    def _grid(
        self, layer: _Layer, cols: int, rows: int
    ) -> tuple[int, int, int, int, npt.NDArray[np.uint32]]:
        """A tile layer's cells: its top-left column and row, size, and the global ids."""
        raw, where = layer.raw, f"layer {layer.name!r}"
        encoding = _str(raw, "encoding", where) or "csv"
        compression = _str(raw, "compression", where)
        if "chunks" not in raw:
            cols = _int(raw, "width", cols, where)
            rows = _int(raw, "height", rows, where)
            _check_tiles(cols, rows, where)
            return 0, 0, cols, rows, _cells(raw, encoding, compression, cols, rows, where)
        chunks = []
        for chunk in _dicts(raw, "chunks", where):
            cx, cy = int(_num(chunk, "x", 0, where)), int(_num(chunk, "y", 0, where))
            cw, ch = _int(chunk, "width", 0, where), _int(chunk, "height", 0, where)
            cwhere = f"{where}: chunk at {cx}, {cy}"
            _check_tiles(cw, ch, cwhere)
            chunks.append((cx, cy, cw, ch, _cells(chunk, encoding, compression, cw, ch, cwhere)))
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

    def _image_layers(self, b: LevelBuilder, layers: list[_Layer]) -> None:
        rest = []
        for layer in layers:
            source = _str(layer.raw, "image", f"layer {layer.name!r}")
            if b.background.image or not layer.visible or not source:
                rest.append(layer.name)
                continue
            b.background.image = b.image(self.path.parent / source)
            b.background.parallax = min(max(layer.parallax[0], 0.0), 1.0)
        if rest:
            b.note(
                f"skipped {len(rest)} image layers ({_names(rest)}): a level has one "
                "background image, the first visible image layer"
            )

    # -- tilesets and templates ------------------------------------------------------------

    def _tileset_refs(
        self, refs: list[dict[str, Any]], base: Path, where: str
    ) -> list[tuple[int, _Tileset]]:
        """(firstgid, tileset) for each tileset a map or template names, by firstgid."""
        out = []
        for ref in refs:
            first = _int(ref, "firstgid", 1, f"{where}: tileset", least=1)
            if source := _str(ref, "source", f"{where}: tileset"):
                path = base / source
                key = path.resolve()
                if key not in self._tilesets:
                    doc = _load(path, f"tileset {source}", "tileset")
                    self._tilesets[key] = _tileset(doc, path.parent, f"tileset {source}")
                out.append((first, self._tilesets[key]))
            else:
                name = _str(ref, "name", where)
                out.append((first, _tileset(ref, base, f"tileset {name!r}")))
        return sorted(out, key=lambda t: t[0])

    def _template(self, source: str, base: Path) -> dict[str, Any]:
        """A template's object, normalised (see :meth:`_normal`)."""
        path = base / source
        key = path.resolve()
        if key not in self._templates:
            what = f"template {source}"
            doc = _load(path, what, "template")
            tilesets = []
            if isinstance(ts := doc.get("tileset"), dict):
                tilesets = self._tileset_refs([ts], path.parent, what)
            obj = doc.get("object")
            if not isinstance(obj, dict):
                raise _Bad(f"{what}: it holds no object")
            self._templates[key] = _normal(obj, tilesets, what)
        return self._templates[key]

    def _object(
        self, raw: dict[str, Any], layer: _Layer, tilesets: list[tuple[int, _Tileset]], base: Path
    ) -> _Obj:
        where = f"layer {layer.name!r}: object {raw.get('id', '?')}"
        own = _normal(raw, tilesets, where)
        if template := _str(raw, "template", where):
            base_obj = self._template(template, base)
            merged = {**base_obj, **own, "props": {**base_obj["props"], **own["props"]}}
        else:
            merged = own
        tile: _Tile | None = merged.get("tile")
        props = {**tile.props, **merged["props"]} if tile else merged["props"]
        w, h = merged.get("width", 0.0), merged.get("height", 0.0)
        if tile and (w <= 0 or h <= 0):
            w, h = tile.size
        return _Obj(
            id=merged.get("id", 0),
            name=merged.get("name", ""),
            cls=merged.get("cls", ""),
            layer=layer,
            x=merged.get("x", 0.0) + layer.x,
            y=merged.get("y", 0.0) + layer.y,
            w=w,
            h=h,
            rotation=merged.get("rotation", 0.0),
            shape=merged.get("shape") or ("tile" if tile else "rect"),
            points=merged.get("points", []),
            text=merged.get("text", ""),
            props=props,
            tile=tile,
            flags=merged.get("flags", 0),
            visible=merged.get("visible", True),
            opacity=merged.get("opacity", 1.0),
        )


def _check_tiles(cols: int, rows: int, where: str) -> None:
    if cols * rows > limits.MAX_TILES:
        raise _Bad(
            f"{where}: {cols} × {rows} tiles, more than {limits.MAX_TILES:,} (limit MAX_TILES)"
        )


def _tileset(doc: dict[str, Any], base: Path, where: str) -> _Tileset:
    """A tileset from its JSON-shaped dict; image paths are relative to ``base``."""
    tw = _int(doc, "tilewidth", 0, where, least=1)
    th = _int(doc, "tileheight", 0, where, least=1)
    margin, spacing = _int(doc, "margin", 0, where), _int(doc, "spacing", 0, where)
    tiles = {}
    for tile in _dicts(doc, "tiles", where):
        tid = _int(tile, "id", 0, f"{where}: tile")
        twhere = f"{where}: tile {tid}"
        size = (_num(tile, "imagewidth", tw, twhere), _num(tile, "imageheight", th, twhere))
        cls = _str(tile, "class", twhere) or _str(tile, "type", twhere)
        tiles[tid] = _Tile(cls, _props(tile, twhere), size)
        if own := _str(tile, "image", twhere):
            tiles[tid].image, tiles[tid].art = base / own, Path(own).stem
            if "width" in tile or "height" in tile:  # a part of the image (Tiled 1.9)
                x, y = _int(tile, "x", 0, twhere), _int(tile, "y", 0, twhere)
                w = _int(tile, "width", int(size[0]), twhere, least=1)
                h = _int(tile, "height", int(size[1]), twhere, least=1)
                if (x, y, w, h) != (0, 0, size[0], size[1]):
                    tiles[tid].box, tiles[tid].size = (x, y, x + w, y + h), (w, h)
    image = _str(doc, "image", where)
    columns = _int(doc, "columns", 0, where)
    if image and columns < 1:
        width = _int(doc, "imagewidth", 0, where)
        columns = max((width - 2 * margin + spacing) // (tw + spacing), 1)
    return _Tileset(
        name=_str(doc, "name", where) or Path(where).stem,
        where=where,
        tile_width=tw,
        tile_height=th,
        margin=margin,
        spacing=spacing,
        columns=columns,
        count=_int(doc, "tilecount", 0, where),
        image=base / image if image else None,
        tiles=tiles,
    )


def _lookup(tilesets: list[tuple[int, _Tileset]], gid: int) -> tuple[_Tileset, int] | None:
    """The tileset holding global id ``gid`` (flags cleared) and the tile's local id."""
    found = None
    for first, ts in tilesets:
        if first <= gid:
            found = (ts, gid - first)
    return found


def _normal(
    raw: dict[str, Any], tilesets: list[tuple[int, _Tileset]], where: str
) -> dict[str, Any]:
    """An object's fields, typed, holding only what ``raw`` sets (so that an instance
    overrides only what it names in its template): its tile is resolved against ``tilesets``
    (the map's, or the template's own)."""
    out: dict[str, Any] = {"props": _props(raw, where)}
    if "id" in raw:
        out["id"] = _int(raw, "id", 0, where)
    for key in ("name",):
        if key in raw:
            out[key] = _str(raw, key, where)
    if raw.get("class") or raw.get("type"):
        out["cls"] = _str(raw, "class", where) or _str(raw, "type", where)
    for key in ("x", "y", "width", "height", "rotation"):
        if key in raw:
            out[key] = _num(raw, key, 0.0, where)
    if "visible" in raw:
        out["visible"] = _bool(raw, "visible", True)
    if "opacity" in raw:
        out["opacity"] = min(max(_num(raw, "opacity", 1.0, where), 0.0), 1.0)
    if "gid" in raw:
        gid = _gid(raw.get("gid"), where)
        out["flags"] = gid & _FLAGS
        gid &= _GID
        if gid:
            found = _lookup(tilesets, gid)
            if found is None:
                raise _Bad(f"{where}: tile {gid} is in no tileset")
            out["tile"] = found[0].tile(found[1])
    for shape in ("ellipse", "point"):
        if raw.get(shape):
            out["shape"] = shape
    for shape in ("polygon", "polyline"):
        if shape in raw:
            pts = [
                (_num(p, "x", 0.0, where), _num(p, "y", 0.0, where))
                for p in _dicts(raw, shape, where)
            ]
            out["shape"], out["points"] = shape, pts
    if isinstance(text := raw.get("text"), dict):
        out["shape"], out["text"] = "text", _str(text, "text", where)
    return out


def _gid(value: Any, where: str) -> int:
    """A global tile id with its flag bits (Tiled writes them as large unsigned numbers)."""
    try:
        if isinstance(value, bool | float):
            raise ValueError
        gid = int(value)
    except (TypeError, ValueError):
        raise _Bad(f"{where}: gid {value!r} is not a tile id") from None
    if not 0 <= gid <= 0xFFFF_FFFF:
        raise _Bad(f"{where}: gid {gid} is not a tile id")
    return gid


def _color(text: str) -> str:
    """``#rrggbb`` from Tiled's ``#rrggbb`` or ``#aarrggbb``."""
    digits = text.strip().lstrip("#").lower()
    if not re.fullmatch(r"[0-9a-f]{6}([0-9a-f]{2})?", digits):
        raise _Bad(f"map: backgroundcolor {text[:20]!r} is not #rrggbb or #aarrggbb")
    return "#" + digits[-6:]


def _names(names: Iterable[str], most: int = 5) -> str:
    unique = list(dict.fromkeys(n or "(unnamed)" for n in names))
    shown = ", ".join(unique[:most])
    return shown + (f" and {len(unique) - most} more" if len(unique) > most else "")


# -- tile layers -----------------------------------------------------------------------------------


@dataclass
class _TileLayers:
    b: LevelBuilder
    tilesets: list[tuple[int, _Tileset]]
    grid: tuple[int, int]

    def add(
        self,
        layers: list[_Layer],
        grids: dict[int, tuple[int, int, int, int, npt.NDArray[np.uint32]]],
    ) -> set[int]:
        """Add the tile layers; returns the ids (``id()``) of those that gave solid cells."""
        empty: list[str] = []
        solid: set[int] = set()
        collection: Counter[str] = Counter()
        for layer in layers:
            if layer.kind != "tilelayer":
                continue
            x0, y0, cols, rows, cells = grids[id(layer)]
            if not cells.any():
                empty.append(layer.name)
                continue
            if self._layer(layer, x0, y0, cols, rows, cells, collection):
                solid.add(id(layer))
        if empty:
            self.b.note(f"skipped {len(empty)} empty tile layers ({_names(empty)})")
        if collection:
            total = sum(collection.values())
            self.b.note(
                f"skipped {total} tiles from image-collection tilesets "
                f"({_names(collection)}) on tile layers: a tile layer needs one "
                "tileset image cut into a grid"
            )
        return solid

    def _layer(
        self,
        layer: _Layer,
        x0: int,
        y0: int,
        cols: int,
        rows: int,
        cells: npt.NDArray[np.uint32],
        collection: Counter[str],
    ) -> bool:
        """Add one tile layer; returns whether it gave solid cells."""
        where = f"layer {layer.name!r}"
        b, (tw, th) = self.b, self.grid
        gids = (cells & _GID).astype(np.int64)
        flags = cells & np.uint32(_FLAGS)
        full = gids != 0
        firsts = np.array([first for first, _ in self.tilesets], dtype=np.int64)
        which = np.searchsorted(firsts, gids, side="right") - 1
        orphans = np.flatnonzero(full & (which < 0))
        if len(orphans):
            i = int(orphans[0])
            raise _Bad(
                f"{where}: cell {i % cols}, {i // cols} holds tile {gids[i]}, "
                "which is in no tileset"
            )
        solid = bool(_solid_mark(layer.props)) or (
            _solid_mark(layer.props) is None and bool(_SOLID_LAYER.search(layer.name))
        )
        material = ""
        if solid:
            material = b.material(_pstr(layer.props, "material") or "terrain", color=_TERRAIN_COLOR)
        used = [i for i in range(len(self.tilesets)) if (full & (which == i)).any()]
        if abs(layer.parallax[1] - layer.parallax[0]) > 1e-9:
            b.note(
                f"{where}: vertical parallax {layer.parallax[1]:g} became "
                f"{layer.parallax[0]:g}, the horizontal one (cocreate has one)"
            )
        parallax = min(max(layer.parallax[0], 0.0), 4.0)
        if parallax != layer.parallax[0]:
            b.note(f"{where}: parallax {layer.parallax[0]:g} clamped to {parallax:g}")
        grids = [i for i in used if self.tilesets[i][1].image is not None]
        gave = False
        for i in used:
            first, ts = self.tilesets[i]
            mask = full & (which == i)
            local = gids - first
            if ts.count and int(local[mask].max()) >= ts.count:
                j = int(np.flatnonzero(mask & (local >= ts.count))[0])
                raise _Bad(
                    f"{where}: cell {j % cols}, {j // cols} holds tile {gids[j]}, past "
                    f"the end of tileset {ts.name!r} ({ts.count} tiles)"
                )
            if ts.image is None:
                collection[ts.name] += int(mask.sum())
                continue
            if (ts.tile_width, ts.tile_height) != (tw, th):
                b.note(
                    f"{where}: tileset {ts.name!r} has {ts.tile_width} × {ts.tile_height} "
                    f"tiles on the map's {tw} × {th} grid; the layer is laid out on the "
                    "tiles' size"
                )
            values = np.where(mask, (local + 1).astype(np.uint32) | flags, 0).astype(np.uint32)
            name = layer.name if len(grids) == 1 else f"{layer.name} ({ts.name})"
            b.tile_layer(
                name,
                image=b.image(ts.image),
                tile_width=ts.tile_width,
                tile_height=ts.tile_height,
                tileset_columns=ts.columns,
                columns=cols,
                rows=rows,
                cells=values,
                margin=ts.margin,
                spacing=ts.spacing,
                x=layer.x + x0 * tw,
                y=layer.y + y0 * th,
                parallax=parallax,
                opacity=layer.opacity,
                visible=layer.visible,
                solid=solid,
                material=material,
            )
            gave = gave or solid
        return gave


# -- objects -------------------------------------------------------------------------------------


@dataclass
class _Objects:
    b: LevelBuilder
    objects: list[_Obj]
    layers: list[_Layer] = field(default_factory=list)
    """Every layer, in the order Tiled draws them (bottom first)."""
    solid_layers: set[int] = field(default_factory=set)
    """The tile layers (by ``id()``) that gave solid cells."""
    _ids: dict[int, int] = field(default_factory=dict)
    """Tiled object id → cocreate entity id."""
    _kinds: dict[int, str] = field(default_factory=dict)
    _paths: set[int] = field(default_factory=set)
    _skipped: dict[str, list[_Obj]] = field(default_factory=dict)
    _textured: dict[tuple[Any, ...], str] = field(default_factory=dict)
    """(name, texture, friction, density, restitution) → the textured material made for it."""
    _art: dict[tuple[Path, tuple[int, int, int, int] | None], str | None] = field(
        default_factory=dict
    )
    """A tile's image and part → its asset digest (None: the part lies outside the image)."""
    _sheets: dict[Path, Any] = field(default_factory=dict)
    """Grid tileset images, decoded once (PIL images)."""
    _changed: Counter[str] = field(default_factory=Counter)
    """Textured terrain and decorations drawn otherwise than in Tiled, by why."""
    _terrain_from: set[int] = field(default_factory=set)
    _entities_from: set[int] = field(default_factory=set)
    """The layers (by ``id()``) that gave terrain shapes, and entities."""
    _decor: list[_Obj] = field(default_factory=list)
    """Tile objects that are neither entities nor terrain: the decorations to be."""
    _decorations: int = 0

    def add(self) -> None:
        by_id = {o.id: o for o in self.objects if o.id}
        rest = []
        switches = []
        for obj in self.objects:
            kind = entity_kind(
                _pstr(obj.props, "cocreate"), obj.cls, obj.tile.cls if obj.tile else None, obj.name
            )
            if kind is None:
                rest.append(obj)
                continue
            ident = self._entity(obj, kind, by_id)
            self._entities_from.add(id(obj.layer))
            self._ids[obj.id] = ident
            self._kinds[ident] = kind
            if kind == "switch":
                switches.append((obj, ident))
        self._links(switches)
        marked_layers = {id(o.layer) for o in rest if _terrain_mark(o.props)}
        for obj in rest:
            if obj.id in self._paths:
                continue
            mark = _terrain_mark(obj.props)
            layer_solid = _solid_mark(obj.layer.props) is True or (
                bool(_TERRAIN_LAYER.search(obj.layer.name)) and id(obj.layer) not in marked_layers
            )
            if (mark or (mark is None and layer_solid)) and obj.outline() is not None:
                if self._terrain(obj):
                    self._terrain_from.add(id(obj.layer))
            elif (other := _other_kind(obj)) == "tile":
                self._decor.append(obj)
            else:
                self._skip(other, obj)
        self._add_decorations()
        self._notes()

    def _skip(self, kind: str, obj: _Obj) -> None:
        self._skipped.setdefault(kind, []).append(obj)

    def _entity(self, obj: _Obj, kind: str, by_id: dict[int, _Obj]) -> int:
        props = obj.props
        x, y = obj.centre()
        fields: dict[str, Any] = {}
        if kind in _SIZED and obj.w > 0 and obj.h > 0:
            least = _MIN_THICKNESS if kind in ("crate", "moving_platform") else 0.0
            fields["width"], fields["height"] = max(obj.w, least), max(obj.h, least)
        words = " ".join(
            (_pstr(props, "style") or "", obj.cls, obj.tile.cls if obj.tile else "", obj.name)
        ).lower()
        if kind == "collectible" and (value := _pnum(props, "value")) is not None:
            fields["value"] = int(value)
        elif kind == "sign":
            fields["text"] = (_pstr(props, "text") or obj.text)[: limits.MAX_TEXT_CHARS]
        elif kind == "hazard":
            fields["style"] = next((s for s in ("lava", "saw", "spike") if s in words), "spike")
            fields["style"] = "spikes" if fields["style"] == "spike" else fields["style"]
        elif kind == "door" and (opened := _pbool(props, "open")) is not None:
            fields["open"] = opened
        elif kind == "switch":
            mode = _pstr(props, "mode")
            if mode in ("button", "plate") or "plate" in words:
                fields["mode"] = mode if mode in ("button", "plate") else "plate"
        elif kind == "crate":
            self._crate_material(obj, fields)
        elif kind == "moving_platform":
            x, y = self._platform(obj, by_id, fields, (x, y))
        return self.b.entity(kind, x, y, **fields)

    def _crate_material(self, obj: _Obj, fields: dict[str, Any]) -> None:
        props = obj.props
        friction, density = _pnum(props, "friction"), _pnum(props, "density")
        restitution = _pnum(props, "restitution")
        name = _pstr(props, "material")
        if name or friction is not None or density is not None or restitution is not None:
            fields["material"] = self.b.material(
                name or f"{obj.name or 'crate'} material",
                color="#a0522d",
                friction=friction,
                density=density,
                restitution=restitution,
            )

    def _platform(
        self, obj: _Obj, by_id: dict[int, _Obj], fields: dict[str, Any], centre: tuple[float, float]
    ) -> tuple[float, float]:
        props = obj.props
        if (speed := _pnum(props, "speed")) is not None and speed > 0:
            fields["speed"] = speed
        if (mode := _pstr(props, "mode")) in ("loop", "pingpong"):
            fields["mode"] = mode
        if (active := _pbool(props, "active")) is not None:
            fields["active"] = active
        ref = _pobj(props, "path")
        path_obj = by_id.get(ref) if ref else None
        if ref and (path_obj is None or path_obj.shape not in ("polyline", "polygon")):
            self.b.note(
                f"moving platform {obj.id}: its path property names object {ref}, "
                "which is not a polyline or polygon; it stays still"
            )
        elif path_obj is not None:
            self._paths.add(path_obj.id)
            pts = [path_obj.world(px, py) for px, py in path_obj.points]
            if path_obj.shape == "polygon" and pts:
                pts.append(pts[0])
            fields["path"] = [(px - centre[0], py - centre[1]) for px, py in pts]
        elif obj.shape == "polyline" and obj.points:
            pts = [obj.world(px, py) for px, py in obj.points]
            centre = pts[0]
            fields["path"] = [(px - centre[0], py - centre[1]) for px, py in pts]
        if "path" in fields and len(fields["path"]) < 2:
            fields["path"].append((0.0, 0.0))
        return centre

    def _links(self, switches: list[tuple[_Obj, int]]) -> None:
        bad = 0
        done: set[tuple[int, int]] = set()
        for obj, ident in switches:
            for name in _LINK_PROPS:
                ref = _pobj(obj.props, name)
                if ref is None:
                    continue
                target = self._ids.get(ref)
                if target is None or self._kinds[target] not in ("door", "moving_platform"):
                    bad += 1
                elif (ident, target) not in done:
                    done.add((ident, target))
                    self.b.link(ident, target)
        if bad:
            self.b.note(
                f"skipped {bad} switch links to objects that are not doors or moving platforms"
            )

    def _terrain(self, obj: _Obj) -> bool:
        """Add a terrain object as a shape; False when it is skipped (and counted)."""
        import shapely

        points = obj.outline()
        assert points is not None
        body = (_pstr(obj.props, "bodyType") or "static").lower()
        if body not in _BODIES:
            self._skip("bad body", obj)
            return False
        try:
            poly = shapely.Polygon(points) if len(points) >= 3 else None
        except (ValueError, shapely.errors.GEOSException):
            poly = None
        if poly is None or poly.area <= 0:
            self._skip("flat", obj)
            return False
        if not poly.is_valid:
            self._skip("crossing", obj)
            return False
        if body != "static" and poly.buffer(1e-6 - _MIN_THICKNESS / 2).is_empty:
            self._skip("thin", obj)
            return False
        props = obj.props
        texture = self._texture(obj)
        if texture:
            material = self._textured_material(obj, texture)
        else:
            material = self.b.material(
                _pstr(props, "material") or obj.layer.name or "terrain",
                color=_TERRAIN_COLOR,
                friction=_pnum(props, "friction"),
                density=_pnum(props, "density"),
                restitution=_pnum(props, "restitution"),
            )
        self.b.shape(points, material=material, body=body)
        return True

    def _add_decorations(self) -> None:
        """The tile objects that are neither entities nor terrain, as decorations, in the
        order Tiled draws them: layer by layer, a layer's objects by their y (Tiled's default
        ``topdown`` draw order) or as listed (``index``). Those on layers above the last that
        gives entities (or, with none, from the first that gives terrain) are drawn in front;
        the others behind the terrain."""
        order = {id(layer): i for i, layer in enumerate(self.layers)}
        gives = self._terrain_from | self._entities_from | self.solid_layers
        first = min((order[k] for k in gives if k in order), default=len(self.layers))
        last_entities = max((order[k] for k in self._entities_from if k in order), default=-1)
        by_layer: dict[int, list[_Obj]] = {}
        for obj in self._decor:
            by_layer.setdefault(id(obj.layer), []).append(obj)
        under: list[str] = []
        for layer in self.layers:
            objs = by_layer.get(id(layer))
            if not objs:
                continue
            if _str(layer.raw, "draworder", f"layer {layer.name!r}") != "index":
                objs = sorted(objs, key=lambda o: o.y)
            at = order[id(layer)]
            front = at > last_entities if last_entities >= 0 else at >= first
            parallax = self._parallax(layer)
            over_terrain = not front and at >= first
            for obj in objs:
                if self._decoration(obj, front, parallax) and over_terrain:
                    under.append(layer.name)
        if under:
            self.b.note(
                f"{len(under)} decorations on layers {_names(under)} are drawn behind the "
                "terrain: in Tiled they lie over it but under the player's layer, and a "
                "cocreate decoration is either behind the terrain or in front of everything"
            )

    def _parallax(self, layer: _Layer) -> float:
        """A decoration layer's parallax (the horizontal one, clamped), noting changes."""
        where = f"layer {layer.name!r}"
        px, py = layer.parallax
        if abs(py - px) > 1e-9:
            self.b.note(
                f"{where}: vertical parallax {py:g} became {px:g}, the horizontal one "
                "(cocreate has one)"
            )
        parallax = min(max(px, 0.0), 4.0)
        if parallax != px:
            self.b.note(f"{where}: parallax {px:g} clamped to {parallax:g}")
        return parallax

    def _decoration(self, obj: _Obj, front: bool, parallax: float) -> bool:
        """Add a tile object as a decoration; False when it is skipped (and counted). Tiled
        places it by its bottom-left corner and turns it about that point."""
        tile = obj.tile
        if not (obj.layer.visible and obj.visible):
            self._skip("hidden", obj)
            return False
        if tile is None or tile.image is None:
            self._skip("no art", obj)
            return False
        digest = self._art_of(tile)
        if digest is None:
            self._skip("outside", obj)
            return False
        w, h = obj.w, obj.h
        if w <= 0 or h <= 0:
            w, h = self._image_size(tile)
        x, y = obj.world(w / 2, -h / 2)
        world = limits.MAX_WORLD
        if not (abs(x) <= world and abs(y) <= world and 0 < w <= world and 0 < h <= world):
            self._skip("far", obj)
            return False
        if self._decorations >= limits.MAX_DECORATIONS:
            self._skip("many", obj)
            return False
        if obj.flags & TILE_FLIP_D:
            self._changed["diagonal"] += 1
        self.b.decoration(
            digest,
            x,
            y,
            w,
            h,
            rotation=obj.rotation,
            flip_x=bool(obj.flags & TILE_FLIP_H),
            flip_y=bool(obj.flags & TILE_FLIP_V),
            opacity=obj.layer.opacity * obj.opacity,
            parallax=parallax,
            front=front,
        )
        self._decorations += 1
        return True

    def _image_size(self, tile: _Tile) -> tuple[float, float]:
        """The size of a tile's art, read from its image (for a tile whose size the map
        does not give); 0, 0 when unreadable."""
        from PIL import Image

        if tile.box is not None:
            return float(tile.box[2] - tile.box[0]), float(tile.box[3] - tile.box[1])
        assert tile.image is not None
        try:
            with Image.open(tile.image) as im:
                return float(im.width), float(im.height)
        except Exception:  # already read once by the builder: unlikely
            return 0.0, 0.0

    def _art_of(self, tile: _Tile) -> str | None:
        """The asset digest of a tile's art (its image, or its part cut out), embedded once;
        None when the part lies outside the image."""
        assert tile.image is not None
        key = (tile.image, tile.box)
        if key not in self._art:
            self._art[key] = self._cut(tile) if tile.box else self.b.image(tile.image)
        return self._art[key]

    def _texture(self, obj: _Obj) -> str:
        """The asset digest of a tile object's art ("" when it has none), counting in
        :attr:`_changed` how the level will draw it otherwise than Tiled."""
        tile = obj.tile
        if obj.shape != "tile" or tile is None or tile.image is None:
            return ""
        digest = self._art_of(tile)
        if digest is None:
            self._changed["outside"] += 1
            return ""
        if obj.rotation % 360:
            self._changed["rotated"] += 1
        if obj.flipped:
            self._changed["flipped"] += 1
        if (obj.w, obj.h) != tile.size:
            self._changed["sized"] += 1
        return digest

    def _cut(self, tile: _Tile) -> str | None:
        """Embed the part ``tile.box`` of ``tile.image`` as a PNG; None when it lies outside
        the image."""
        from PIL import Image

        assert tile.image is not None and tile.box is not None
        path, box = tile.image, tile.box
        if path not in self._sheets:
            where = f"image {path}"
            data = _read(path, where)
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("error", Image.DecompressionBombWarning)
                    im = Image.open(io.BytesIO(data))
                    w, h = im.size
                    if max(w, h) > limits.MAX_IMAGE_SIDE or w * h > limits.MAX_IMAGE_PIXELS:
                        raise _Bad(
                            f"{where} is {w} × {h}, over the image limits (MAX_IMAGE_SIDE "
                            f"{limits.MAX_IMAGE_SIDE:,}, MAX_IMAGE_PIXELS "
                            f"{limits.MAX_IMAGE_PIXELS:,})"
                        )
                    self._sheets[path] = im.convert("RGBA")
            except _Bad:
                raise
            except Exception as exc:  # Pillow raises many kinds on broken images
                raise _Bad(f"{where} cannot be read: {exc}") from None
        sheet = self._sheets[path]
        if box[2] > sheet.width or box[3] > sheet.height:
            return None
        out = io.BytesIO()
        sheet.crop(box).save(out, format="PNG")
        return self.b.image_bytes(out.getvalue(), f"{tile.art}.png", where=f"{tile.art} of {path}")

    def _textured_material(self, obj: _Obj, texture: str) -> str:
        """The material textured with ``texture`` for a terrain tile object: named by its
        ``material`` property or its image, made distinct from other materials of that name."""
        props, tile = obj.props, obj.tile
        assert tile is not None
        friction, density = _pnum(props, "friction"), _pnum(props, "density")
        restitution = _pnum(props, "restitution")
        base = _pstr(props, "material") or tile.art or obj.layer.name or "terrain"
        base = re.sub(r"[\x00-\x1f\x7f]+", " ", base).strip()
        base = base[: limits.MAX_NAME_CHARS - 6].strip() or "terrain"
        key = (base, texture, friction, density, restitution)
        if key not in self._textured:
            taken = self.b.material_names
            name, n = base, 1
            while name in taken:
                n += 1
                name = f"{base} {n}"
            self._textured[key] = self.b.material(
                name,
                color=_TERRAIN_COLOR,
                friction=friction,
                density=density,
                restitution=restitution,
                texture=texture,
            )
        return self._textured[key]

    def _notes(self) -> None:
        for why, n in self._changed.items():
            self.b.note(_CHANGED_NOTES[why].format(n=n))
        for kind, objs in self._skipped.items():
            n, layers = len(objs), _names(o.layer.name for o in objs)
            if kind == "type":
                counts = Counter(_type_name(o) for o in objs)
                types = ", ".join(f"{t} ×{c}" for t, c in counts.most_common(8))
                message = (
                    f"skipped {n} objects of types cocreate has no entity for ({types}): "
                    "cocreate levels have no enemies or custom objects"
                )
            else:
                message = _SKIP_NOTES[kind].format(n=n, layers=layers)
            self.b.note(message)


_SKIP_NOTES = {
    "hidden": "skipped {n} decoration tile objects on layers {layers} that are hidden in Tiled",
    "no art": "skipped {n} tile objects on layers {layers} whose tile has no image",
    "outside": "skipped {n} decoration tile objects on layers {layers}: their tile lies outside "
    "its tileset image",
    "far": "skipped {n} decoration tile objects on layers {layers} beyond the world's limits "
    f"(MAX_WORLD {limits.MAX_WORLD:,} px)",
    "many": f"skipped {{n}} decoration tile objects on layers {{layers}}: a level holds at most "
    f"{limits.MAX_DECORATIONS:,} decorations (MAX_DECORATIONS)",
    "point": "skipped {n} point objects on layers {layers} (not an entity cocreate knows)",
    "text": "skipped {n} text objects on layers {layers} (only signs carry text)",
    "polyline": "skipped {n} polylines on layers {layers} that no moving platform follows",
    "shape": "skipped {n} shapes on layers {layers} that are neither entities nor terrain (name "
    "the layer 'collision' or give them a bool property 'solid')",
    "bad body": "skipped {n} objects on layers {layers} whose bodyType is not static, dynamic "
    "or kinematic",
    "flat": "skipped {n} terrain objects on layers {layers} with no area",
    "crossing": "skipped {n} terrain polygons on layers {layers} whose outline crosses itself",
    "thin": "skipped {n} dynamic or kinematic terrain objects on layers {layers} thinner than "
    f"{_MIN_THICKNESS:g} px (they would fall through the ground)",
}


_CHANGED_NOTES = {
    "outside": "{n} terrain tile objects are flat-coloured: their tile lies outside its "
    "tileset image",
    "rotated": "{n} textured terrain tile objects are rotated: their art is drawn unrotated",
    "flipped": "{n} textured terrain tile objects are flipped: their art is drawn unflipped",
    "sized": "{n} textured terrain tile objects differ in size from their tile: their art "
    "repeats at its own size instead of being scaled",
    "diagonal": "{n} decoration tile objects are flipped diagonally in Tiled: drawn without "
    "the diagonal flip",
}


def _terrain_mark(props: _Props) -> bool | None:
    """Whether an object's own properties say it is terrain (None: they do not say)."""
    if (mark := _solid_mark(props)) is not None:
        return mark
    body = _pstr(props, "bodyType")
    return True if body is not None and body.lower() in _BODIES else None


def _type_name(obj: _Obj) -> str:
    return obj.cls or (obj.tile.cls if obj.tile else "") or "?"


def _other_kind(obj: _Obj) -> str:
    if _type_name(obj) != "?":
        return "type"
    if obj.shape in ("tile", "point", "text", "polyline"):
        return obj.shape
    return "shape"
