"""The importer: a map file's layers, tilesets and templates read into a :class:`LevelBuilder`,
with its tile layers and objects handed to :mod:`.tile_layers` and :mod:`.objects`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.importers.build import LevelBuilder
from engine.importers.tiled.cells import FLAGS, GID, layer_cells
from engine.importers.tiled.files import load
from engine.importers.tiled.model import Layer, Obj, Tile, Tileset, tileset_from
from engine.importers.tiled.objects import Objects
from engine.importers.tiled.tile_layers import TileLayers
from engine.importers.tiled.values import (
    Bad,
    few_names,
    get_bool,
    get_dicts,
    get_int,
    get_num,
    get_props,
    get_str,
    prop_num,
    prop_str,
)

_MAX_DEPTH = 32
"""Group layers nested deeper than this are refused."""


@dataclass
class Importer:
    path: Path
    _tilesets: dict[Path, Tileset] = field(default_factory=dict)
    _templates: dict[Path, dict[str, Any]] = field(default_factory=dict)

    def run(self) -> LevelBuilder:
        doc = load(self.path, "the map file", "map")
        orientation = get_str(doc, "orientation", "map") or "orthogonal"
        if orientation != "orthogonal":
            raise Bad(f"{orientation} maps are not supported; only orthogonal ones")
        tw = get_int(doc, "tilewidth", 0, "map", least=1)
        th = get_int(doc, "tileheight", 0, "map", least=1)
        cols = get_int(doc, "width", 0, "map", least=0)
        rows = get_int(doc, "height", 0, "map", least=0)
        props = get_props(doc, "map")
        tilesets = self._tileset_refs(get_dicts(doc, "tilesets", "map"), self.path.parent, "map")
        layers: list[Layer] = []
        self._flatten(get_dicts(doc, "layers", "map"), layers, 0.0, 0.0, 1.0, True, (1.0, 1.0), 0)
        grids = {
            id(layer): layer_cells(layer.raw, f"layer {layer.name!r}", cols, rows)
            for layer in layers
            if layer.kind == "tilelayer"
        }

        shift = (0.0, 0.0)
        if get_bool(doc, "infinite", False):
            boxes = [(g[0], g[1], g[0] + g[2], g[1] + g[3]) for g in grids.values() if g[2]]
            if boxes:
                x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
                cols = max(b[2] for b in boxes) - x0
                rows = max(b[3] for b in boxes) - y0
                shift = (-x0 * tw, -y0 * th)
        if cols < 1 or rows < 1:
            raise Bad(f"map: it is {cols} × {rows} tiles; needs at least 1 × 1")
        if shift != (0.0, 0.0):
            for layer in layers:
                layer.x += shift[0]
                layer.y += shift[1]
            self_note = f"infinite map: moved by {shift[0]:g}, {shift[1]:g} px so it starts at 0, 0"
        else:
            self_note = ""

        title = prop_str(props, "title") or self.path.stem
        b = LevelBuilder(source=str(self.path), title=title, width=cols * tw, height=rows * th)
        if self_note:
            b.note(self_note)
        if color := get_str(doc, "backgroundcolor", "map"):
            b.background.color = _color(color)
        if (gravity := prop_num(props, "gravity")) is not None:
            b.gravity = (0.0, gravity)

        solid = TileLayers(b, tilesets, (tw, th)).add(layers, grids)
        self._image_layers(b, [layer for layer in layers if layer.kind == "imagelayer"])
        objects = [
            self._object(raw, layer, tilesets, self.path.parent)
            for layer in layers
            if layer.kind == "objectgroup"
            for raw in get_dicts(layer.raw, "objects", f"layer {layer.name!r}")
        ]
        Objects(b, objects, layers, solid).add()
        if any(layer.parallax != (1.0, 1.0) for layer in layers):
            origin = (
                get_num(doc, "parallaxoriginx", 0.0, "map"),
                get_num(doc, "parallaxoriginy", 0.0, "map"),
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
        out: list[Layer],
        x: float,
        y: float,
        opacity: float,
        visible: bool,
        parallax: tuple[float, float],
        depth: int,
    ) -> None:
        if depth > _MAX_DEPTH:
            raise Bad(f"group layers are nested more than {_MAX_DEPTH} deep")
        for raw in raws:
            name = get_str(raw, "name", "a layer")
            where = f"layer {name!r}"
            kind = get_str(raw, "type", where)
            lx = x + get_num(raw, "offsetx", 0.0, where)
            ly = y + get_num(raw, "offsety", 0.0, where)
            lo = opacity * min(max(get_num(raw, "opacity", 1.0, where), 0.0), 1.0)
            lv = visible and get_bool(raw, "visible", True)
            lp = (
                parallax[0] * get_num(raw, "parallaxx", 1.0, where),
                parallax[1] * get_num(raw, "parallaxy", 1.0, where),
            )
            if kind == "group":
                self._flatten(get_dicts(raw, "layers", where), out, lx, ly, lo, lv, lp, depth + 1)
            elif kind in ("tilelayer", "objectgroup", "imagelayer"):
                out.append(Layer(kind, name, raw, lx, ly, lo, lv, lp, get_props(raw, where)))
            else:
                raise Bad(f"{where}: unknown layer type {kind!r}")

    def _image_layers(self, b: LevelBuilder, layers: list[Layer]) -> None:
        rest = []
        for layer in layers:
            source = get_str(layer.raw, "image", f"layer {layer.name!r}")
            if b.background.image or not layer.visible or not source:
                rest.append(layer.name)
                continue
            b.background.image = b.image(self.path.parent / source)
            b.background.parallax = min(max(layer.parallax[0], 0.0), 1.0)
        if rest:
            b.note(
                f"skipped {len(rest)} image layer{'' if len(rest) == 1 else 's'} "
                f"({few_names(rest)}): a level has one "
                "background image, the first visible image layer"
            )

    # -- tilesets and templates ------------------------------------------------------------

    def _tileset_refs(
        self, refs: list[dict[str, Any]], base: Path, where: str
    ) -> list[tuple[int, Tileset]]:
        """(firstgid, tileset) for each tileset a map or template names, by firstgid."""
        out = []
        for ref in refs:
            first = get_int(ref, "firstgid", 1, f"{where}: tileset", least=1)
            if source := get_str(ref, "source", f"{where}: tileset"):
                path = base / source
                key = path.resolve()
                if key not in self._tilesets:
                    doc = load(path, f"tileset {source}", "tileset")
                    self._tilesets[key] = tileset_from(doc, path.parent, f"tileset {source}")
                out.append((first, self._tilesets[key]))
            else:
                name = get_str(ref, "name", where)
                out.append((first, tileset_from(ref, base, f"tileset {name!r}")))
        return sorted(out, key=lambda t: t[0])

    def _template(self, source: str, base: Path) -> dict[str, Any]:
        """A template's object, normalised (see :func:`_normal`)."""
        path = base / source
        key = path.resolve()
        if key not in self._templates:
            what = f"template {source}"
            doc = load(path, what, "template")
            tilesets = []
            if isinstance(ts := doc.get("tileset"), dict):
                tilesets = self._tileset_refs([ts], path.parent, what)
            obj = doc.get("object")
            if not isinstance(obj, dict):
                raise Bad(f"{what}: it holds no object")
            self._templates[key] = _normal(obj, tilesets, what)
        return self._templates[key]

    def _object(
        self, raw: dict[str, Any], layer: Layer, tilesets: list[tuple[int, Tileset]], base: Path
    ) -> Obj:
        where = f"layer {layer.name!r}: object {raw.get('id', '?')}"
        own = _normal(raw, tilesets, where)
        if template := get_str(raw, "template", where):
            base_obj = self._template(template, base)
            merged = {**base_obj, **own, "props": {**base_obj["props"], **own["props"]}}
        else:
            merged = own
        tile: Tile | None = merged.get("tile")
        props = {**tile.props, **merged["props"]} if tile else merged["props"]
        w, h = merged.get("width", 0.0), merged.get("height", 0.0)
        if tile and (w <= 0 or h <= 0):
            w, h = tile.size
        return Obj(
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


def _lookup(tilesets: list[tuple[int, Tileset]], gid: int) -> tuple[Tileset, int] | None:
    """The tileset holding global id ``gid`` (flags cleared) and the tile's local id."""
    found = None
    for first, ts in tilesets:
        if first <= gid:
            found = (ts, gid - first)
    return found


def _normal(raw: dict[str, Any], tilesets: list[tuple[int, Tileset]], where: str) -> dict[str, Any]:
    """An object's fields, typed, holding only what ``raw`` sets (so that an instance
    overrides only what it names in its template): its tile is resolved against ``tilesets``
    (the map's, or the template's own)."""
    out: dict[str, Any] = {"props": get_props(raw, where)}
    if "id" in raw:
        out["id"] = get_int(raw, "id", 0, where)
    for key in ("name",):
        if key in raw:
            out[key] = get_str(raw, key, where)
    if raw.get("class") or raw.get("type"):
        out["cls"] = get_str(raw, "class", where) or get_str(raw, "type", where)
    for key in ("x", "y", "width", "height", "rotation"):
        if key in raw:
            out[key] = get_num(raw, key, 0.0, where)
    if "visible" in raw:
        out["visible"] = get_bool(raw, "visible", True)
    if "opacity" in raw:
        out["opacity"] = min(max(get_num(raw, "opacity", 1.0, where), 0.0), 1.0)
    if "gid" in raw:
        gid = _gid(raw.get("gid"), where)
        out["flags"] = gid & FLAGS
        gid &= GID
        if gid:
            found = _lookup(tilesets, gid)
            if found is None:
                raise Bad(f"{where}: tile {gid} is in no tileset")
            out["tile"] = found[0].tile(found[1])
    for shape in ("ellipse", "point"):
        if raw.get(shape):
            out["shape"] = shape
    for shape in ("polygon", "polyline"):
        if shape in raw:
            pts = [
                (get_num(p, "x", 0.0, where), get_num(p, "y", 0.0, where))
                for p in get_dicts(raw, shape, where)
            ]
            out["shape"], out["points"] = shape, pts
    if isinstance(text := raw.get("text"), dict):
        out["shape"], out["text"] = "text", get_str(text, "text", where)
    return out


def _gid(value: Any, where: str) -> int:
    """A global tile id with its flag bits (Tiled writes them as large unsigned numbers)."""
    try:
        if isinstance(value, bool | float):
            raise ValueError
        gid = int(value)
    except (TypeError, ValueError):
        raise Bad(f"{where}: gid {value!r} is not a tile id") from None
    if not 0 <= gid <= 0xFFFF_FFFF:
        raise Bad(f"{where}: gid {gid} is not a tile id")
    return gid


def _color(text: str) -> str:
    """``#rrggbb`` from Tiled's ``#rrggbb`` or ``#aarrggbb``."""
    digits = text.strip().lstrip("#").lower()
    if not re.fullmatch(r"[0-9a-f]{6}([0-9a-f]{2})?", digits):
        raise Bad(f"map: backgroundcolor {text[:20]!r} is not #rrggbb or #aarrggbb")
    return "#" + digits[-6:]
