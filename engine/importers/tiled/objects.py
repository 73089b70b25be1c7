"""Objects: each becomes an entity, terrain (a shape), a decoration or a note, in that order of
preference (see :mod:`engine.importers.tiled`)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from engine import limits
from engine.importers.build import TILE_FLIP_D, TILE_FLIP_H, TILE_FLIP_V, LevelBuilder, entity_kind
from engine.importers.tiled.art import TileArt
from engine.importers.tiled.model import TERRAIN_COLOR, Layer, Obj
from engine.importers.tiled.values import (
    Props,
    few_names,
    get_str,
    prop_bool,
    prop_num,
    prop_obj,
    prop_str,
    solid_mark,
)

_TERRAIN_LAYER = re.compile(r"collision|solid|(?<!back)ground|terrain|platform|wall", re.IGNORECASE)
_BODIES = ("static", "dynamic", "kinematic")
_SIZED = ("goal", "hazard", "crate", "moving_platform", "switch", "door", "bounce_pad")
_LINK_PROPS = ("target", "door", "links")
_MIN_THICKNESS = 6.0


@dataclass
class Objects:
    b: LevelBuilder
    objects: list[Obj]
    layers: list[Layer] = field(default_factory=list)
    """Every layer, in the order Tiled draws them (bottom first)."""
    solid_layers: set[int] = field(default_factory=set)
    """The tile layers (by ``id()``) that gave solid cells."""
    _ids: dict[int, int] = field(default_factory=dict)
    """Tiled object id → cocreate entity id."""
    _kinds: dict[int, str] = field(default_factory=dict)
    _paths: set[int] = field(default_factory=set)
    _skipped: dict[str, list[Obj]] = field(default_factory=dict)
    _art: TileArt = field(init=False)
    """Tile objects' art, embedded once; what is drawn otherwise than in Tiled."""
    _terrain_from: set[int] = field(default_factory=set)
    _entities_from: set[int] = field(default_factory=set)
    """The layers (by ``id()``) that gave terrain shapes, and entities."""
    _decor: list[Obj] = field(default_factory=list)
    """Tile objects that are neither entities nor terrain: the decorations to be."""
    _decorations: int = 0
    _pictured: list[Obj] = field(default_factory=list)
    """Tile objects of a type cocreate has no entity for, which come in as decorations."""

    def __post_init__(self) -> None:
        self._art = TileArt(self.b)

    def add(self) -> None:
        by_id = {o.id: o for o in self.objects if o.id}
        rest = []
        switches = []
        for obj in self.objects:
            kind = entity_kind(
                prop_str(obj.props, "cocreate"),
                obj.cls,
                obj.tile.cls if obj.tile else None,
                obj.name,
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
            layer_solid = solid_mark(obj.layer.props) is True or (
                bool(_TERRAIN_LAYER.search(obj.layer.name)) and id(obj.layer) not in marked_layers
            )
            if (mark or (mark is None and layer_solid)) and obj.outline() is not None:
                if self._terrain(obj):
                    self._terrain_from.add(id(obj.layer))
            elif obj.shape == "tile":  # a picture, also when its type has no entity (an enemy)
                self._decor.append(obj)
                if _type_name(obj) != "?":
                    self._pictured.append(obj)
            else:
                self._skip(_other_kind(obj), obj)
        self._add_decorations()
        self._notes()

    def _skip(self, kind: str, obj: Obj) -> None:
        self._skipped.setdefault(kind, []).append(obj)

    def _entity(self, obj: Obj, kind: str, by_id: dict[int, Obj]) -> int:
        props = obj.props
        x, y = obj.centre()
        fields: dict[str, Any] = {}
        if kind in _SIZED and obj.w > 0 and obj.h > 0:
            least = _MIN_THICKNESS if kind in ("crate", "moving_platform") else 0.0
            fields["width"], fields["height"] = max(obj.w, least), max(obj.h, least)
        words = " ".join(
            (prop_str(props, "style") or "", obj.cls, obj.tile.cls if obj.tile else "", obj.name)
        ).lower()
        if kind == "collectible" and (value := prop_num(props, "value")) is not None:
            fields["value"] = int(value)
        elif kind == "sign":
            fields["text"] = (prop_str(props, "text") or obj.text)[: limits.MAX_TEXT_CHARS]
        elif kind == "hazard":
            fields["style"] = next((s for s in ("lava", "saw", "spike") if s in words), "spike")
            fields["style"] = "spikes" if fields["style"] == "spike" else fields["style"]
        elif kind == "door" and (opened := prop_bool(props, "open")) is not None:
            fields["open"] = opened
        elif kind == "switch":
            mode = prop_str(props, "mode")
            if mode in ("button", "plate") or "plate" in words:
                fields["mode"] = mode if mode in ("button", "plate") else "plate"
        elif kind == "crate":
            self._crate_material(obj, fields)
        elif kind == "moving_platform":
            x, y = self._platform(obj, by_id, fields, (x, y))
        return self.b.entity(kind, x, y, **fields)

    def _crate_material(self, obj: Obj, fields: dict[str, Any]) -> None:
        props = obj.props
        friction, density = prop_num(props, "friction"), prop_num(props, "density")
        restitution = prop_num(props, "restitution")
        name = prop_str(props, "material")
        if name or friction is not None or density is not None or restitution is not None:
            fields["material"] = self.b.material(
                name or f"{obj.name or 'crate'} material",
                color="#a0522d",
                friction=friction,
                density=density,
                restitution=restitution,
            )

    def _platform(
        self, obj: Obj, by_id: dict[int, Obj], fields: dict[str, Any], centre: tuple[float, float]
    ) -> tuple[float, float]:
        props = obj.props
        if (speed := prop_num(props, "speed")) is not None and speed > 0:
            fields["speed"] = speed
        if (mode := prop_str(props, "mode")) in ("loop", "pingpong"):
            fields["mode"] = mode
        if (active := prop_bool(props, "active")) is not None:
            fields["active"] = active
        ref = prop_obj(props, "path")
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

    def _links(self, switches: list[tuple[Obj, int]]) -> None:
        bad = 0
        done: set[tuple[int, int]] = set()
        for obj, ident in switches:
            for name in _LINK_PROPS:
                ref = prop_obj(obj.props, name)
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

    def _terrain(self, obj: Obj) -> bool:
        """Add a terrain object as a shape; False when it is skipped (and counted)."""
        import shapely

        points = obj.outline()
        assert points is not None
        body = (prop_str(obj.props, "bodyType") or "static").lower()
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
        texture = self._art.texture(obj)
        if texture:
            material = self._art.material(obj, texture)
        else:
            material = self.b.material(
                prop_str(props, "material") or obj.layer.name or "terrain",
                color=TERRAIN_COLOR,
                friction=prop_num(props, "friction"),
                density=prop_num(props, "density"),
                restitution=prop_num(props, "restitution"),
            )
        # a collision object on a hidden layer (or hidden itself) is an invisible wall
        hidden = not (obj.layer.visible and obj.visible)
        self.b.shape(points, material=material, body=body, hidden=hidden)
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
        by_layer: dict[int, list[Obj]] = {}
        for obj in self._decor:
            by_layer.setdefault(id(obj.layer), []).append(obj)
        under: list[str] = []
        for layer in self.layers:
            objs = by_layer.get(id(layer))
            if not objs:
                continue
            if get_str(layer.raw, "draworder", f"layer {layer.name!r}") != "index":
                objs = sorted(objs, key=lambda o: o.y)
            at = order[id(layer)]
            front = at > last_entities if last_entities >= 0 else at >= first
            parallax = self._parallax(layer)
            over_terrain = not front and at >= first
            for obj in objs:
                if self._decoration(obj, front, parallax) and over_terrain:
                    under.append(layer.name)
        if under:
            one, layers = len(under) == 1, len(set(under)) == 1
            self.b.note(
                f"{len(under)} {'decoration' if one else 'decorations'} on "
                f"{'layer' if layers else 'layers'} {few_names(under)} "
                f"{'is' if one else 'are'} drawn behind the terrain: in Tiled "
                f"{'it lies' if one else 'they lie'} over it but under the player's layer, and "
                "a cocreate decoration is either behind the terrain or in front of everything"
            )

    def _parallax(self, layer: Layer) -> float:
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

    def _decoration(self, obj: Obj, front: bool, parallax: float) -> bool:
        """Add a tile object as a decoration; False when it is skipped (and counted). Tiled
        places it by its bottom-left corner and turns it about that point."""
        tile = obj.tile
        if not (obj.layer.visible and obj.visible):
            self._skip("hidden", obj)
            return False
        if tile is None or tile.image is None:
            self._skip("no art", obj)
            return False
        digest = self._art.digest(tile)
        if digest is None:
            self._skip("outside", obj)
            return False
        w, h = obj.w, obj.h
        if w <= 0 or h <= 0:
            w, h = self._art.size(tile)
        x, y = obj.world(w / 2, -h / 2)
        world = limits.MAX_WORLD
        if not (abs(x) <= world and abs(y) <= world and 0 < w <= world and 0 < h <= world):
            self._skip("far", obj)
            return False
        if self._decorations >= limits.MAX_DECORATIONS:
            self._skip("many", obj)
            return False
        if obj.flags & TILE_FLIP_D:
            self._art.changed["diagonal"] += 1
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

    def _notes(self) -> None:
        if self._pictured:
            w = _words(len(self._pictured))
            self.b.note(
                "{n} tile object{s} of types cocreate has no entity for ".format(**w)
                + f"({_type_counts(self._pictured)}) "
                + "{are} pictures only (decorations): cocreate levels have no enemies or "
                "custom objects".format(**w)
            )
        for why, n in self._art.changed.items():
            self.b.note(_CHANGED_NOTES[why].format(**_words(n)))
        for kind, objs in self._skipped.items():
            names = [o.layer.name for o in objs]
            w = _words(len(objs), len(set(names)))
            if kind == "type":
                message = (
                    "skipped {n} object{s} of types cocreate has no entity for ".format(**w)
                    + f"({_type_counts(objs)}): cocreate levels have no enemies or custom objects"
                )
            else:
                message = _SKIP_NOTES[kind].format(layers=few_names(names), **w)
            self.b.note(message)


_SKIP_NOTES = {
    "hidden": "skipped {n} decoration tile object{s} on layer{ls} {layers} that {are} hidden "
    "in Tiled",
    "no art": "skipped {n} tile object{s} on layer{ls} {layers} whose tile has no image",
    "outside": "skipped {n} decoration tile object{s} on layer{ls} {layers}: {its} tile lies "
    "outside its tileset image",
    "far": "skipped {n} decoration tile object{s} on layer{ls} {layers} beyond the world's "
    f"limits (MAX_WORLD {limits.MAX_WORLD:,} px)",
    "many": "skipped {n} decoration tile object{s} on layer{ls} {layers}: a level holds at "
    f"most {limits.MAX_DECORATIONS:,} decorations (MAX_DECORATIONS)",
    "point": "skipped {n} point object{s} on layer{ls} {layers} (not an entity cocreate knows)",
    "text": "skipped {n} text object{s} on layer{ls} {layers} (only signs carry text)",
    "polyline": "skipped {n} polyline{s} on layer{ls} {layers} that no moving platform follows",
    "shape": "skipped {n} shape{s} on layer{ls} {layers} that {are} neither entities nor "
    "terrain (name the layer 'collision' or give {them} a bool property 'solid')",
    "bad body": "skipped {n} object{s} on layer{ls} {layers} whose bodyType is not static, "
    "dynamic or kinematic",
    "flat": "skipped {n} terrain object{s} on layer{ls} {layers} with no area",
    "crossing": "skipped {n} terrain polygon{s} on layer{ls} {layers} whose outline crosses itself",
    "thin": "skipped {n} dynamic or kinematic terrain object{s} on layer{ls} {layers} thinner "
    f"than {_MIN_THICKNESS:g} px ({{they}} would fall through the ground)",
}


_CHANGED_NOTES = {
    "outside": "{n} terrain tile object{s} {are} flat-coloured: {its} tile lies outside its "
    "tileset image",
    "rotated": "{n} textured terrain tile object{s} {are} rotated: {its} art is drawn unrotated",
    "flipped": "{n} textured terrain tile object{s} {are} flipped: {its} art is drawn unflipped",
    "sized": "{n} textured terrain tile object{s} differ{v} in size from {its} tile: {its} art "
    "repeats at its own size instead of being scaled",
    "diagonal": "{n} decoration tile object{s} {are} flipped diagonally in Tiled: drawn "
    "without the diagonal flip",
}


def _words(n: int, layers: int = 1) -> dict[str, object]:
    """What the notes' templates take: ``n`` and the words that agree with it (``{s}`` after a
    noun, ``{v}`` after a verb, ``{are}``, ``{its}``, ``{they}``, ``{them}``) and with the
    number of layers (``layer{ls}``)."""
    one = n == 1
    return {
        "n": n,
        "s": "" if one else "s",
        "v": "s" if one else "",
        "are": "is" if one else "are",
        "its": "its" if one else "their",
        "they": "it" if one else "they",
        "them": "it" if one else "them",
        "ls": "" if layers == 1 else "s",
    }


def _terrain_mark(props: Props) -> bool | None:
    """Whether an object's own properties say it is terrain (None: they do not say)."""
    if (mark := solid_mark(props)) is not None:
        return mark
    body = prop_str(props, "bodyType")
    return True if body is not None and body.lower() in _BODIES else None


def _type_name(obj: Obj) -> str:
    return obj.cls or (obj.tile.cls if obj.tile else "") or "?"


def _type_counts(objs: list[Obj]) -> str:
    """``enemy ×3, blob ×2``: the commonest types first, at most 8."""
    counts = Counter(_type_name(o) for o in objs)
    return ", ".join(f"{t} ×{c}" for t, c in counts.most_common(8))


def _other_kind(obj: Obj) -> str:
    """Why an object that is no entity, terrain nor tile object is skipped."""
    if _type_name(obj) != "?":
        return "type"
    if obj.shape in ("point", "text", "polyline"):
        return obj.shape
    return "shape"
