"""Read an LDtk project (``.ldtk``, JSON) into a :class:`LevelBuilder`, one level at a time.

LDtk levels hold layers of four kinds, listed top-most first: IntGrid (a grid of integer
values, often the collision map, with auto-tiles painted from it), AutoLayer (auto-tiles only),
Tiles (hand-placed tiles) and Entities (typed objects with fields). Tiles become cocreate tile
layers (one tile per cell, so stacked or off-grid tiles spill into extra layers), the solid
IntGrid values become invisible solid layers, and entities become cocreate entities by name.
An entity with no cocreate equivalent (an enemy, a chest...) that has an editor tile comes in
as a picture: a decoration showing that tile, cut from its tileset image, stretched over the
entity's box and drawn in front. What has no cocreate equivalent otherwise (enemies without a
tile, ladders, parallax...) becomes a note.

Pure: stdlib, numpy and Pillow only.
"""

from __future__ import annotations

import io
import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from engine import limits
from engine.errors import image_trouble
from engine.importers.build import (
    TILE_FLIP_H,
    TILE_FLIP_V,
    LevelBuilder,
    MapError,
    entity_kind,
)
from engine.level.entities import ENTITY_TYPES

__all__ = ["level_names", "read_ldtk"]

_NON_SOLID = ("ladder", "water", "climb", "rope", "vine", "decor", "background", "bg")
"""An IntGrid value whose identifier contains one of these is not solid ground."""
_SIZED = {
    cls.__struct_config__.tag: cls
    for cls in ENTITY_TYPES
    if "width" in cls.__struct_fields__ and "height" in cls.__struct_fields__
}
"""Entity types that take the LDtk entity's width and height."""
_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
_MAX_GRID = 4096
"""The largest grid or tile size accepted, in pixels (LDtk's own limit is far lower)."""
_REQUIRED: Any = object()


def level_names(path: Path) -> list[str]:
    """The identifiers of the project's levels, in the project's order."""
    project = _Project.load(Path(path))
    return [name for name, _ in project.levels()]


def read_ldtk(path: Path, *, level: str | None = None, others_note: bool = True) -> LevelBuilder:
    """A builder filled with one level of the LDtk project at ``path``: the level called
    ``level`` (case-insensitive), else the first; with ``others_note``, a note names the
    project's other levels. Raises :class:`MapError` on anything malformed, naming the level
    and layer."""
    project = _Project.load(Path(path))
    levels = project.levels()
    if not levels:
        raise project.root.error("the project has no levels")
    names = [name for name, _ in levels]
    if level is None:
        index = 0
    else:
        found = [i for i, name in enumerate(names) if name.lower() == level.strip().lower()]
        if not found:
            raise project.root.error(
                f"no level {level!r}; the project's levels are {', '.join(names)}"
            )
        index = found[0]
    reader = _LevelReader(project, levels[index][1], names[index])
    builder = reader.read()
    others = [n for i, n in enumerate(names) if i != index]
    if others and others_note:
        shown = ", ".join(others[:5]) + (", …" if len(others) > 5 else "")
        builder.note(
            f"the project has {len(others)} more level{'s' if len(others) > 1 else ''} "
            f"({shown}); import another with --level NAME"
        )
    return builder


# -- typed JSON access ------------------------------------------------------------------------


def _kind(value: Any) -> str:
    """How a JSON value's type is called in messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


@dataclass
class _Obj:
    """A JSON object with its place in the project (``level 'Top': layer 'Walls'``), so that
    every read of a missing or mistyped key fails with one line saying where."""

    data: dict[str, Any]
    where: str
    source: str

    @classmethod
    def of(cls, value: Any, where: str, source: str) -> _Obj:
        if not isinstance(value, dict):
            place = f"{where}: " if where else ""
            raise MapError(f"{place}expected a JSON object, found {_kind(value)}", source=source)
        return cls(value, where, source)

    def error(self, message: str) -> MapError:
        return MapError(f"{self.where}: {message}" if self.where else message, source=self.source)

    def child(self, value: Any, where: str) -> _Obj:
        return _Obj.of(value, f"{self.where}: {where}" if self.where else where, self.source)

    def raw(self, key: str, default: Any = _REQUIRED) -> Any:
        if key in self.data:
            return self.data[key]
        if default is _REQUIRED:
            raise self.error(f"{key} is missing")
        return default

    def integer(self, key: str, default: Any = _REQUIRED) -> int:
        value = self.raw(key, default)
        if type(value) is not int:
            if isinstance(value, float) and value.is_integer():
                return int(value)
            raise self.error(f"{key} should be an integer, not {_kind(value)}")
        return value

    def opt_integer(self, key: str) -> int | None:
        if self.raw(key, None) is None:
            return None
        return self.integer(key)

    def number(self, key: str, default: Any = _REQUIRED) -> float:
        value = self.raw(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.error(f"{key} should be a number, not {_kind(value)}")
        if not math.isfinite(value):
            raise self.error(f"{key} should be a finite number")
        return float(value)

    def text(self, key: str, default: Any = _REQUIRED) -> str:
        value = self.raw(key, default)
        if not isinstance(value, str):
            raise self.error(f"{key} should be a string, not {_kind(value)}")
        return value

    def opt_text(self, key: str) -> str | None:
        if self.raw(key, None) is None:
            return None
        return self.text(key)

    def flag(self, key: str, default: Any = _REQUIRED) -> bool:
        value = self.raw(key, default)
        if not isinstance(value, bool):
            raise self.error(f"{key} should be true or false, not {_kind(value)}")
        return value

    def array(self, key: str, default: Any = _REQUIRED) -> list[Any]:
        value = self.raw(key, default)
        if value is None and default is not _REQUIRED:
            return []
        if not isinstance(value, list):
            raise self.error(f"{key} should be an array, not {_kind(value)}")
        return value

    def objects(self, key: str, kind: str, name_key: str = "identifier") -> list[_Obj]:
        """The objects of the array at ``key`` (missing: none), each placed as ``kind 'Name'``
        by its ``name_key``."""
        return [
            self.child(item, _ident(i, item, kind, name_key))
            for i, item in enumerate(self.array(key, []))
        ]


def _ident(index: int, item: Any, kind: str, key: str = "identifier") -> str:
    """``kind 'Name'`` for an item of an array (``kind #3`` when it has no usable name)."""
    name = item.get(key) if isinstance(item, dict) else None
    return f"{kind} {name!r}" if isinstance(name, str) else f"{kind} #{index}"


def _load_json(path: Path, source: str, where: str = "") -> Any:
    """The JSON in the file at ``path``; ``where`` places it in messages (the project file
    itself: nothing)."""
    what = f"{where}: file" if where else "file"
    try:
        size = path.stat().st_size
        if size > limits.MAX_FILE_BYTES:
            raise MapError(
                f"{what} is {size:,} bytes, over the {limits.MAX_FILE_BYTES // limits.MIB} MiB "
                "limit for maps",
                source=source,
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise MapError(f"{what} not found", source=source) from None
    except IsADirectoryError:
        raise MapError(f"{what} is a directory", source=source) from None
    except OSError as exc:
        raise MapError(f"{what}: cannot read it ({exc.strerror or exc})", source=source) from None

    def refuse(constant: str) -> Any:
        raise ValueError(f"{constant} is not a JSON number")

    try:
        return json.loads(data.decode("utf-8-sig"), parse_constant=refuse)
    except UnicodeDecodeError as exc:
        raise MapError(f"{what} is not UTF-8 text (byte {exc.start})", source=source) from None
    except json.JSONDecodeError as exc:
        raise MapError(
            f"{what} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
            source=source,
        ) from None
    except ValueError as exc:
        raise MapError(f"{what} is not valid JSON: {exc}", source=source) from None
    except RecursionError:
        raise MapError(f"{what} is nested too deeply", source=source) from None


# -- the project ------------------------------------------------------------------------------


@dataclass
class _Tileset:
    uid: int
    name: str
    rel_path: str | None
    embed: str | None
    grid: int
    columns: int
    rows: int
    padding: int
    spacing: int


@dataclass
class _Project:
    path: Path
    root: _Obj
    tilesets: dict[int, _Tileset]
    layer_defs: dict[int, _Obj]

    @classmethod
    def load(cls, path: Path) -> _Project:
        source = str(path)
        root = _Obj.of(_load_json(path, source), "", source)
        if "defs" not in root.data:
            raise root.error("not an LDtk project (it has no defs)")
        defs = root.child(root.data["defs"], "defs")
        tilesets: dict[int, _Tileset] = {}
        for ts in defs.objects("tilesets", "tileset"):
            uid = ts.integer("uid")
            grid = ts.integer("tileGridSize")
            if not 0 < grid <= _MAX_GRID:
                raise ts.error(f"tileGridSize {grid} is not between 1 and {_MAX_GRID}")
            tilesets[uid] = _Tileset(
                uid=uid,
                name=ts.text("identifier"),
                rel_path=ts.opt_text("relPath"),
                embed=ts.opt_text("embedAtlas"),
                grid=grid,
                columns=max(ts.integer("__cWid"), 0),
                rows=max(ts.integer("__cHei"), 0),
                padding=max(ts.integer("padding", 0), 0),
                spacing=max(ts.integer("spacing", 0), 0),
            )
        layer_defs = {d.integer("uid"): d for d in defs.objects("layers", "layer definition")}
        return cls(path, root, tilesets, layer_defs)

    @property
    def folder(self) -> Path:
        return self.path.parent

    def levels(self) -> list[tuple[str, _Obj]]:
        """The levels (identifier, object) of every world, in order."""
        found = self.root.objects("levels", "level")
        for world in self.root.objects("worlds", "world"):
            found += world.objects("levels", "level")
        return [(lv.text("identifier"), lv) for lv in found]


# -- one level --------------------------------------------------------------------------------


@dataclass
class _Notes:
    """What a level loses, gathered over all its layers and said once each at the end."""

    non_solid: dict[str, Counter[str]] = field(default_factory=dict)
    undefined_values: Counter[str] = field(default_factory=Counter)
    embedded: Counter[str] = field(default_factory=Counter)
    outside: Counter[str] = field(default_factory=Counter)
    alpha: Counter[str] = field(default_factory=Counter)
    parallax: list[str] = field(default_factory=list)
    unmatched: Counter[str] = field(default_factory=Counter)
    pictures: Counter[str] = field(default_factory=Counter)
    """Entities with no cocreate equivalent that came in as decorations, by identifier."""
    no_picture: dict[str, Counter[str]] = field(default_factory=dict)
    """Such entities whose tile could not be shown, by why, then identifier."""
    fields: Counter[str] = field(default_factory=Counter)
    links: Counter[str] = field(default_factory=Counter)


def _layers_list(counter: Counter[str]) -> str:
    return ", ".join(counter)


class _LevelReader:
    """Fills a builder from one level: its layers bottom-most first, then the switch links,
    then the notes."""

    def __init__(self, project: _Project, level: _Obj, name: str) -> None:
        self.project = project
        self.level = level
        self.name = name
        width = level.integer("pxWid")
        height = level.integer("pxHei")
        if not (0 < width <= limits.MAX_WORLD and 0 < height <= limits.MAX_WORLD):
            raise level.error(f"size {width} × {height} is not a level size")
        self.builder = LevelBuilder(
            source=level.source, title=name.replace("_", " "), width=width, height=height
        )
        self.notes = _Notes()
        self.layer_count = 0
        self.entity_ids: dict[str, int] = {}
        """Cocreate entity ids by LDtk ``iid``, to resolve entity references."""
        self.entity_kinds: dict[int, str] = {}
        self.links: list[tuple[int, str]] = []
        """(switch id, target iid) pairs, resolved once every entity exists."""
        self.blank_images: dict[int, str] = {}
        self.sheets: dict[int, Any] = {}
        """Tileset images decoded for cutting entity tiles (PIL images), by tileset uid."""
        self.pictures: dict[tuple[int, int, int, int, int], str | None] = {}
        """(tileset uid, x, y, w, h) → the cut-out tile's asset digest (None: outside)."""

    # -- the level as a whole ---------------------------------------------------------------

    def read(self) -> LevelBuilder:
        """The builder, filled."""
        self._background()
        for layer in reversed(self._layer_instances()):
            kind = layer.text("__type")
            if kind == "Entities":
                self._entities(layer)
            elif kind in ("IntGrid", "AutoLayer", "Tiles"):
                self._tiles(layer, "gridTiles" if kind == "Tiles" else "autoLayerTiles")
                if kind == "IntGrid":
                    self._collisions(layer)
            else:
                raise layer.error(f"unknown layer type {kind!r}")
        self._resolve_links()
        if self.level.array("fieldInstances", []):
            count = len(self.level.array("fieldInstances", []))
            self.builder.note(
                f"skipped {count} level field{'s' if count > 1 else ''} "
                "(cocreate levels have no custom fields)"
            )
        self._say_notes()
        return self.builder

    def _layer_instances(self) -> list[_Obj]:
        level = self.level
        if level.raw("layerInstances", None) is not None:
            return level.objects("layerInstances", "layer", "__identifier")
        rel = level.opt_text("externalRelPath")
        if rel is None:
            raise level.error("layerInstances is missing (and the level has no externalRelPath)")
        path = self.project.folder / rel
        where = f"{level.where}: external level file {rel}"
        external = _Obj.of(_load_json(path, level.source, where), where, level.source)
        if external.raw("layerInstances", None) is None:
            raise external.error("layerInstances is missing")
        return external.objects("layerInstances", "layer", "__identifier")

    def _background(self) -> None:
        level = self.level
        color = level.opt_text("__bgColor") or level.opt_text("bgColor")
        color = color or self.project.root.opt_text("defaultLevelBgColor")
        if color is not None:
            if not _COLOR.fullmatch(color):
                raise level.error(f"background colour {color!r} is not #rrggbb")
            self.builder.background.color = color.lower()
        rel = level.opt_text("bgRelPath")
        if rel:
            self.builder.background.image = self.builder.image(self.project.folder / rel)
            self.builder.note(
                "the background image is kept, but not LDtk's position and scale for it"
            )

    def _say_notes(self) -> None:
        n, note = self.notes, self.builder.note
        for layer, values in n.non_solid.items():
            listed = ", ".join(f"{name} ({count} cells)" for name, count in values.items())
            note(
                f"skipped IntGrid values that are not solid ground on layer '{layer}': {listed} "
                "(cocreate has no ladders, water or decoration cells)"
            )
        if n.undefined_values:
            note(
                f"skipped {sum(n.undefined_values.values())} IntGrid cells with values that "
                f"the layer does not define, on layers {_layers_list(n.undefined_values)}"
            )
        for atlas, count in n.embedded.items():
            note(f"skipped {count} tiles from LDtk's embedded atlas {atlas} (no image file)")
        if n.outside:
            note(
                f"skipped {sum(n.outside.values())} tiles outside the level, on layers "
                f"{_layers_list(n.outside)}"
            )
        if n.alpha:
            note(
                f"{sum(n.alpha.values())} semi-transparent tiles are drawn opaque, on layers "
                f"{_layers_list(n.alpha)}"
            )
        if n.parallax:
            note(
                f"layers {', '.join(n.parallax)} have parallax in LDtk; imported without "
                "(they scroll with the level)"
            )
        if n.unmatched:
            listed = ", ".join(f"{name} ×{count}" for name, count in n.unmatched.items())
            total = sum(n.unmatched.values())
            note(
                f"skipped {total} entit{'ies' if total > 1 else 'y'} with no cocreate "
                f"equivalent: {listed}"
            )
        if n.pictures:
            listed = ", ".join(f"{name} ×{count}" for name, count in n.pictures.items())
            total = sum(n.pictures.values())
            note(
                f"{total} entit{'ies' if total > 1 else 'y'} with no cocreate equivalent came "
                f"in as pictures: {listed}"
            )
        for why, counts in n.no_picture.items():
            listed = ", ".join(f"{name} ×{count}" for name, count in counts.items())
            total = sum(counts.values())
            note(
                f"skipped {total} entit{'ies' if total > 1 else 'y'} with no cocreate "
                f"equivalent: {listed} ({why})"
            )
        if n.fields:
            listed = ", ".join(f"{name} ×{count}" for name, count in n.fields.items())
            note(f"entity fields not kept: {listed}")
        for reason, count in n.links.items():
            note(f"skipped {count} switch link{'s' if count > 1 else ''}: {reason}")

    # -- tiles ------------------------------------------------------------------------------

    def _grid(self, layer: _Obj) -> tuple[int, int, int]:
        """The layer's cell size, columns and rows, checked."""
        size = layer.integer("__gridSize")
        cols, rows = layer.integer("__cWid"), layer.integer("__cHei")
        if not 0 < size <= _MAX_GRID:
            raise layer.error(f"__gridSize {size} is not between 1 and {_MAX_GRID}")
        if cols < 0 or rows < 0 or cols * rows > limits.MAX_TILES:
            raise layer.error(
                f"{cols} × {rows} cells is not a grid size (MAX_TILES {limits.MAX_TILES:,})"
            )
        return size, cols, rows

    def _offset(self, layer: _Obj) -> tuple[float, float]:
        return layer.number("__pxTotalOffsetX", 0), layer.number("__pxTotalOffsetY", 0)

    def _tileset(self, layer: _Obj) -> _Tileset | None:
        uid = layer.opt_integer("overrideTilesetUid")
        if uid is None:
            uid = layer.opt_integer("__tilesetDefUid")
        if uid is None:
            return None
        if uid not in self.project.tilesets:
            raise layer.error(f"tileset {uid} is not defined in defs.tilesets")
        return self.project.tilesets[uid]

    def _layer_def(self, layer: _Obj) -> _Obj:
        uid = layer.integer("layerDefUid")
        if uid not in self.project.layer_defs:
            raise layer.error(f"layer definition {uid} is not defined in defs.layers")
        return self.project.layer_defs[uid]

    def _take_layers(self, layer: _Obj, count: int) -> None:
        self.layer_count += count
        if self.layer_count > limits.MAX_TILE_LAYERS:
            raise layer.error(
                f"the level needs more than {limits.MAX_TILE_LAYERS} tile layers "
                "(stacked and off-grid tiles each take one)"
            )

    def _tiles(self, layer: _Obj, key: str) -> None:
        """The layer's tiles as one or more cocreate tile layers (see the module doc)."""
        ident = layer.text("__identifier")
        tiles = layer.array(key, [])
        layer_def = self._layer_def(layer)
        if layer_def.number("parallaxFactorX", 0) or layer_def.number("parallaxFactorY", 0):
            self.notes.parallax.append(ident)
        if not tiles:
            return
        size, cols, rows = self._grid(layer)
        tileset = self._tileset(layer)
        if tileset is None:
            raise layer.error(f"{key} has {len(tiles)} tiles but the layer has no tileset")
        if tileset.rel_path is None:
            self.notes.embedded[tileset.embed or tileset.name] += len(tiles)
            return
        grid = tileset.grid
        width, height = cols * size, rows * size
        tile_count = tileset.columns * tileset.rows
        # groups[(ox, oy)][depth][(row, col)] = cell value
        groups: dict[tuple[int, int], list[dict[tuple[int, int], int]]] = {}
        for i, tile in enumerate(tiles):
            if not isinstance(tile, dict):
                raise layer.error(f"{key}[{i}] should be an object, not {_kind(tile)}")
            px, t, f = tile.get("px"), tile.get("t"), tile.get("f", 0)
            if (
                not isinstance(px, list)
                or len(px) != 2
                or not all(type(v) is int for v in px)
                or type(t) is not int
                or type(f) is not int
            ):
                raise layer.error(
                    f"{key}[{i}] should have px [x, y], t and f as integers: {_short(tile)}"
                )
            if not 0 <= t < tile_count:
                raise layer.error(
                    f"{key}[{i}]: tile {t} is not in tileset '{tileset.name}' "
                    f"({tileset.columns} × {tileset.rows} tiles)"
                )
            alpha = tile.get("a", 1)
            if alpha != 1:
                self.notes.alpha[ident] += 1
            x, y = px
            ox, oy = x % grid, y % grid
            col, row = (x - ox) // grid, (y - oy) // grid
            gcols = -(-width // grid) + (1 if ox else 0)
            grows = -(-height // grid) + (1 if oy else 0)
            if not (0 <= col < gcols and 0 <= row < grows):
                self.notes.outside[ident] += 1
                continue
            value = (t + 1) | (TILE_FLIP_H if f & 1 else 0) | (TILE_FLIP_V if f & 2 else 0)
            stack = groups.setdefault((ox, oy), [])
            for cells in stack:
                if (row, col) not in cells:
                    cells[(row, col)] = value
                    break
            else:
                self._take_layers(layer, 1)
                stack.append({(row, col): value})
        image = self.builder.image(self.project.folder / tileset.rel_path)
        dx, dy = self._offset(layer)
        opacity = min(max(layer.number("__opacity", 1), 0.0), 1.0)
        visible = layer.flag("visible", True)
        number = 0
        for (ox, oy), stack in sorted(groups.items()):
            gcols = -(-width // grid) + (1 if ox else 0)
            grows = -(-height // grid) + (1 if oy else 0)
            for cells in stack:
                data = np.zeros((grows, gcols), dtype=np.uint32)
                where = np.array(list(cells), dtype=np.int64).reshape(-1, 2)
                data[where[:, 0], where[:, 1]] = np.array(list(cells.values()), dtype=np.uint32)
                number += 1
                self.builder.tile_layer(
                    ident if number == 1 else f"{ident} {number}",
                    image=image,
                    tile_width=grid,
                    tile_height=grid,
                    tileset_columns=max(tileset.columns, 1),
                    margin=tileset.padding,
                    spacing=tileset.spacing,
                    columns=gcols,
                    rows=grows,
                    cells=data,
                    x=dx + ox,
                    y=dy + oy,
                    opacity=opacity,
                    visible=visible,
                )

    # -- IntGrid collision ------------------------------------------------------------------

    def _collisions(self, layer: _Obj) -> None:
        """One invisible solid layer per solid IntGrid value that the layer uses."""
        ident = layer.text("__identifier")
        size, cols, rows = self._grid(layer)
        csv = layer.array("intGridCsv")
        if len(csv) != cols * rows:
            raise layer.error(f"intGridCsv has {len(csv)} values, needs {cols} × {rows}")
        if not all(type(v) is int for v in csv):
            bad = next(v for v in csv if type(v) is not int)
            raise layer.error(f"intGridCsv holds {_kind(bad)}; it should hold integers")
        grid = np.array(csv, dtype=np.int64).reshape(rows, cols) if csv else np.zeros((rows, cols))
        values: dict[int, tuple[str, str]] = {}
        for value in self._layer_def(layer).objects("intGridValues", "intGridValues"):
            number = value.integer("value")
            name = value.opt_text("identifier") or f"value {number}"
            color = value.opt_text("color") or "#888888"
            values[number] = (name, color.lower() if _COLOR.fullmatch(color) else "#888888")
        found, counts = np.unique(grid[grid != 0], return_counts=True)
        used = dict(zip(found.tolist(), counts.tolist(), strict=True))
        undefined = sum(count for v, count in used.items() if v not in values)
        if undefined:
            self.notes.undefined_values[ident] += undefined
        dx, dy = self._offset(layer)
        tileset = self._tileset(layer)
        for number, (name, color) in values.items():
            if not used.get(number):
                continue
            lowered = name.lower()
            if any(word in lowered for word in _NON_SOLID):
                self.notes.non_solid.setdefault(ident, Counter())[name] += used[number]
                continue
            material = self.builder.material(name, color=color)
            image, columns, margin, spacing = self._mask_image(tileset, size)
            self._take_layers(layer, 1)
            self.builder.tile_layer(
                f"{ident} {name}",
                image=image,
                tile_width=size,
                tile_height=size,
                tileset_columns=columns,
                margin=margin,
                spacing=spacing,
                columns=cols,
                rows=rows,
                cells=(grid == number).astype(np.uint32),
                x=dx,
                y=dy,
                visible=False,
                solid=True,
                material=material,
            )

    def _mask_image(self, tileset: _Tileset | None, size: int) -> tuple[str, int, int, int]:
        """The image (digest, columns, margin, spacing) for an invisible collision layer: the
        layer's tileset when it fits the grid, else a transparent tile made here."""
        if tileset is not None and tileset.rel_path is not None and tileset.grid == size:
            digest = self.builder.image(self.project.folder / tileset.rel_path)
            return digest, max(tileset.columns, 1), tileset.padding, tileset.spacing
        if size not in self.blank_images:
            from PIL import Image

            out = io.BytesIO()
            Image.new("RGBA", (size, size), (0, 0, 0, 0)).save(out, format="PNG")
            self.blank_images[size] = self.builder.image_bytes(
                out.getvalue(), f"ldtk-collision-{size}.png"
            )
        return self.blank_images[size], 1, 0, 0

    # -- entities ---------------------------------------------------------------------------

    def _entities(self, layer: _Obj) -> None:
        dx, dy = self._offset(layer)
        size = layer.integer("__gridSize", 16)
        opacity = min(max(layer.number("__opacity", 1), 0.0), 1.0)
        for entity in layer.objects("entityInstances", "entity", "__identifier"):
            self._entity(entity, dx, dy, size, opacity)

    def _entity(self, entity: _Obj, dx: float, dy: float, grid: int, opacity: float) -> None:
        ident = entity.text("__identifier")
        tags = [t for t in entity.array("__tags", []) if isinstance(t, str)]
        fields = {
            f.text("__identifier"): f
            for f in entity.objects("fieldInstances", "field", "__identifier")
        }
        hint = fields["cocreate"].raw("__value", None) if "cocreate" in fields else None
        kind = entity_kind(hint if isinstance(hint, str) else None, ident, *tags)
        px = entity.array("px")
        pivot = entity.array("__pivot", [0.5, 0.5])
        if len(px) != 2 or len(pivot) != 2:
            raise entity.error("px and __pivot should each be [x, y]")
        coords = {"px": px, "__pivot": pivot}
        for key, pair in coords.items():
            if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in pair):
                raise entity.error(f"{key} should hold two numbers")
            if not all(math.isfinite(v) for v in pair):
                raise entity.error(f"{key} should hold finite numbers")
        width, height = entity.number("width"), entity.number("height")
        x = px[0] - pivot[0] * width + width / 2 + dx
        y = px[1] - pivot[1] * height + height / 2 + dy
        if kind is None:
            self._picture(entity, ident, (x, y, width, height), opacity)
            return
        props: dict[str, Any] = {}
        if kind in _SIZED:
            props["width"], props["height"] = width, height
        refs: list[str] = []
        for name, fi in fields.items():
            ftype, value = fi.text("__type"), fi.raw("__value", None)
            lname = name.lower()
            if value is None or name == "cocreate":
                continue
            if kind == "collectible" and lname == "value" and ftype == "Int":
                props["value"] = fi.integer("__value")
            elif kind == "sign" and lname == "text" and ftype in ("String", "Multilines"):
                props["text"] = fi.text("__value")
            elif kind == "door" and lname in ("locked", "open") and ftype == "Bool":
                locked = fi.flag("__value")
                props["open"] = not locked if lname == "locked" else locked
            elif kind == "switch" and ftype in ("EntityRef", "Array<EntityRef>"):
                for ref in value if isinstance(value, list) else [value]:
                    refs.append(fi.child(ref, "reference").text("entityIid"))
            elif (
                kind == "moving_platform"
                and lname in ("path", "patrol")
                and ftype in ("Point", "Array<Point>")
            ):
                path = [(0.0, 0.0)]
                for point in value if isinstance(value, list) else [value]:
                    p = fi.child(point, "point")
                    cx = (p.integer("cx") + 0.5) * grid + dx
                    cy = (p.integer("cy") + 0.5) * grid + dy
                    path.append((cx - x, cy - y))
                if len(path) > limits.MAX_PATH_POINTS:
                    raise fi.error(f"{len(path)} points, over MAX_PATH_POINTS")
                props["path"] = path
            elif value != [] and value != "":
                self.notes.fields[f"{ident}.{name}"] += 1
        if kind == "sign":
            props.setdefault("text", "")
        eid = self.builder.entity(kind, x, y, **props)
        self.entity_kinds[eid] = kind
        self.links += [(eid, target) for target in refs]
        iid = entity.opt_text("iid")
        if iid:
            self.entity_ids[iid] = eid

    def _picture(
        self, entity: _Obj, ident: str, box: tuple[float, float, float, float], opacity: float
    ) -> None:
        """An entity with no cocreate equivalent: a decoration showing its editor tile over
        ``box`` (centre x, y, width, height), or counted for a note when it has none."""
        raw = entity.raw("__tile", None)
        if raw is None:
            self.notes.unmatched[ident] += 1
            return
        tile = entity.child(raw, "__tile")
        uid = tile.integer("tilesetUid")
        rect = (tile.integer("x"), tile.integer("y"), tile.integer("w"), tile.integer("h"))
        if min(rect) < 0 or min(rect[2:]) < 1:
            raise tile.error(f"the tile's rectangle {list(rect)} is not x, y ≥ 0 and w, h ≥ 1")
        if uid not in self.project.tilesets:
            raise tile.error(f"tileset {uid} is not defined in defs.tilesets")
        tileset = self.project.tilesets[uid]
        x, y, width, height = box
        world = limits.MAX_WORLD
        digest = None
        if tileset.rel_path is None:
            why = (
                f"picture in LDtk's embedded atlas {tileset.embed or tileset.name}, "
                "which has no image file"
            )
        elif not (
            abs(x) <= world and abs(y) <= world and 0 < width <= world and 0 < height <= world
        ):
            why = f"beyond the world's limits (MAX_WORLD {world:,} px) or with no size"
        elif (digest := self._cut(tileset, rect)) is None:
            why = "picture outside its tileset image"
        if digest is None:
            self.notes.no_picture.setdefault(why, Counter())[ident] += 1
            return
        self.builder.decoration(digest, x, y, width, height, opacity=opacity, front=True)
        self.notes.pictures[ident] += 1

    def _cut(self, tileset: _Tileset, rect: tuple[int, int, int, int]) -> str | None:
        """The part ``rect`` (x, y, w, h) of a tileset's image embedded as a PNG; None when it
        lies outside the image."""
        key = (tileset.uid, *rect)
        if key in self.pictures:
            return self.pictures[key]
        assert tileset.rel_path is not None
        path = self.project.folder / tileset.rel_path
        if tileset.uid not in self.sheets:
            self.sheets[tileset.uid] = self._sheet(path)
        sheet = self.sheets[tileset.uid]
        x, y, w, h = rect
        digest = None
        if x + w <= sheet.width and y + h <= sheet.height:
            out = io.BytesIO()
            sheet.crop((x, y, x + w, y + h)).save(out, format="PNG")
            name = f"{path.stem} {x},{y}.png"
            digest = self.builder.image_bytes(out.getvalue(), name, where=f"{name} of {path}")
        self.pictures[key] = digest
        return digest

    def _sheet(self, path: Path) -> Any:
        """The image at ``path`` decoded (RGBA), within the image limits."""
        import warnings

        from PIL import Image

        self.builder.image(path)  # checks that it exists, is readable, within the limits
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(path) as im:
                    return im.convert("RGBA")
        except Exception as exc:  # Pillow raises many kinds on broken images
            raise self.builder.error(f"image {path} cannot be read: {image_trouble(exc)}") from None

    def _resolve_links(self) -> None:
        """Switch → door / moving platform links, now that every entity has an id."""
        for source, target in self.links:
            eid = self.entity_ids.get(target)
            if eid is None:
                self.notes.links["the entity referred to is not in this level or was skipped"] += 1
            elif self.entity_kinds[eid] not in ("door", "moving_platform"):
                self.notes.links["a switch can only open doors and move platforms"] += 1
            else:
                self.builder.link(source, eid)


def _short(value: Any) -> str:
    """A JSON value shown briefly in a message."""
    text = json.dumps(value)
    return text if len(text) <= 80 else text[:77] + "..."
