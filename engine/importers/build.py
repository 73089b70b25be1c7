"""What the map importers build with: a level assembled from another editor's map, with notes.

The Tiled and LDtk readers turn what they read into calls on a :class:`LevelBuilder`; it owns
ids, materials, embedded images and the tile-cell encoding, and :meth:`LevelBuilder.build`
checks the result with the engine's own validation. What a map holds that a cocreate level
cannot (decorations, enemies, isometric art...) becomes one line in :attr:`LevelBuilder.notes`
instead of vanishing silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from engine import limits
from engine.document import LevelDocument
from engine.errors import FormatError, Problem, image_trouble
from engine.level.entities import ENTITY_TYPES, Entity, MovingPlatform
from engine.level.model import (
    Background,
    Decoration,
    Level,
    Link,
    Material,
    Shape,
    Size,
    TileLayer,
    Tileset,
)
from engine.packed import TILE_FLIP_D, TILE_FLIP_H, TILE_FLIP_V, pack_points
from engine.sim import player as tuning

__all__ = [
    "TILE_FLIP_D",
    "TILE_FLIP_H",
    "TILE_FLIP_V",
    "LevelBuilder",
    "MapError",
    "entity_kind",
]


class MapError(FormatError):
    """A map that cannot be imported: one line, naming the file and what in it."""


_KINDS: dict[str, tuple[str, ...]] = {
    "spawn": ("spawn", "player", "hero", "start", "playerstart", "spawnpoint", "begin"),
    "goal": ("goal", "exit", "finish", "flag", "end", "levelend", "win"),
    "checkpoint": ("checkpoint", "savepoint", "respawn"),
    "collectible": ("collectible", "coin", "gem", "diamond", "pickup", "item", "star", "key"),
    "hazard": ("hazard", "spike", "spikes", "lava", "trap", "saw", "fire", "acid", "kill"),
    "crate": ("crate", "box", "pushblock", "block", "barrel"),
    "moving_platform": ("movingplatform", "moving", "elevator", "lift", "platform"),
    "switch": ("switch", "lever", "button", "plate", "pressureplate", "trigger"),
    "door": ("door", "gate"),
    "sign": ("sign", "text", "message", "note", "hint", "tutorial"),
    "bounce_pad": ("bouncepad", "bounce", "spring", "trampoline", "jumppad", "bumper"),
}
_BY_NAME = {alias: kind for kind, names in _KINDS.items() for alias in names}
_TAGS = {cls.__struct_config__.tag: cls for cls in ENTITY_TYPES}


def entity_kind(*names: str | None) -> str | None:
    """The cocreate entity type (``spawn``, ``goal``, ...) that the first of ``names`` to mean
    one names (an object's class or type, then its name, say), or None.

    Matching ignores case, spaces, ``-`` and ``_``, and a trailing ``s`` or digits
    (``Coins``, ``spike_2``, ``Player Start``); an exact entity type name (``bounce_pad``)
    always matches."""
    for name in names:
        if not name:
            continue
        key = re.sub(r"[\s_\-]+", "", name.strip().lower())
        if key in _TAGS:
            return key
        key = key.replace("_", "")
        for candidate in (key, key.rstrip("0123456789"), key.rstrip("0123456789").rstrip("s")):
            if candidate in _BY_NAME:
                return _BY_NAME[candidate]
        compact = name.strip().lower().replace(" ", "_").replace("-", "_")
        if compact in _TAGS:
            return compact
    return None


_IMAGE_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


@dataclass
class LevelBuilder:
    """A level under construction. Coordinates are level pixels, y down (as both editors)."""

    source: str
    """The map's path as the user gave it, for messages."""
    title: str
    width: float
    height: float
    notes: list[str] = field(default_factory=list)
    """What was not carried over, one line each, without the source."""
    background: Background = field(default_factory=Background)
    gravity: tuple[float, float] = (0.0, 980.0)
    _assets: dict[str, tuple[str, str, bytes]] = field(default_factory=dict)
    _materials: dict[str, Material] = field(default_factory=dict)
    _shapes: list[Shape] = field(default_factory=list)
    _entities: list[Entity] = field(default_factory=list)
    _links: list[Link] = field(default_factory=list)
    _layers: list[TileLayer] = field(default_factory=list)
    _decorations: list[Decoration] = field(default_factory=list)
    _next_id: int = 1
    _images: dict[Path, str] = field(default_factory=dict)
    _sized: dict[int, set[str]] = field(default_factory=dict)
    """Per entity, the lengths the map gave it (the rest are cocreate's defaults)."""

    # -- messages ---------------------------------------------------------------------------

    def error(self, message: str) -> MapError:
        """A :class:`MapError` about the map (raise it)."""
        return MapError(message, source=self.source)

    def note(self, message: str) -> None:
        """Say that something in the map was not carried over (or was changed), once."""
        if message not in self.notes:
            self.notes.append(message)

    # -- assets -----------------------------------------------------------------------------

    def image(self, path: Path) -> str:
        """Embed the image file at ``path`` (PNG or JPEG as it is; any other format Pillow
        reads, such as GIF, BMP or WebP, converted to PNG) and return its asset digest.
        Raises :class:`MapError` when it is missing, unreadable or over the image limits."""
        path = Path(path)
        key = path.resolve()
        if key in self._images:
            return self._images[key]
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise self.error(f"image {path} not found (the map refers to it)") from None
        except OSError as exc:
            raise self.error(f"image {path}: cannot read it ({exc.strerror or exc})") from None
        digest = self.image_bytes(data, path.name, where=str(path))
        self._images[key] = digest
        return digest

    def image_bytes(self, data: bytes, name: str, *, where: str = "") -> str:
        """Embed an image given as bytes (see :meth:`image`); ``where`` names it in errors."""
        import hashlib
        import io
        import warnings

        from PIL import Image

        where = where or name
        kind = next((t for magic, t in _IMAGE_TYPES.items() if data.startswith(magic)), None)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(io.BytesIO(data)) as im:
                    w, h = im.size
                    if max(w, h) > limits.MAX_IMAGE_SIDE or w * h > limits.MAX_IMAGE_PIXELS:
                        raise self.error(
                            f"image {where} is {w} × {h}, over the image limits "
                            f"(MAX_IMAGE_SIDE {limits.MAX_IMAGE_SIDE:,}, "
                            f"MAX_IMAGE_PIXELS {limits.MAX_IMAGE_PIXELS:,})"
                        )
                    if kind is None:  # GIF, BMP, WebP...: stored as PNG
                        im.load()
                        out = io.BytesIO()
                        im.convert("RGBA").save(out, format="PNG")
                        data, kind = out.getvalue(), "image/png"
                        name = Path(name).with_suffix(".png").name
                    else:
                        im.load()
        except MapError:
            raise
        except Exception as exc:  # Pillow raises many kinds on broken images
            raise self.error(f"image {where} cannot be read: {image_trouble(exc)}") from None
        if len(data) > limits.MAX_ASSET_BYTES:
            raise self.error(f"image {where} is over {limits.MAX_ASSET_BYTES:,} bytes")
        digest = hashlib.sha256(data).hexdigest()
        self._assets.setdefault(digest, (kind, name[: limits.MAX_NAME_CHARS], data))
        return digest

    # -- level content ----------------------------------------------------------------------

    def material(
        self,
        name: str,
        *,
        color: str = "#888888",
        friction: float | None = None,
        density: float | None = None,
        restitution: float | None = None,
        texture: str = "",
    ) -> str:
        """A material called ``name`` (made the first time; later calls return the same one,
        whatever they pass). Returns its name."""
        name = _name(name) or "terrain"
        if name not in self._materials:
            mat = Material(name=name, color=color, texture=texture)
            if friction is not None:
                mat.friction = float(min(max(friction, 0.0), 100.0))
            if density is not None and density > 0:
                mat.density = float(min(max(density, 1e-6), 1e6))
            if restitution is not None:
                mat.restitution = float(min(max(restitution, 0.0), 1.0))
            self._materials[name] = mat
        return name

    def _take_id(self) -> int:
        ident = self._next_id
        self._next_id += 1
        return ident

    def shape(
        self,
        points: Sequence[tuple[float, float]],
        *,
        material: str,
        body: str = "static",
        one_way: bool = False,
        hidden: bool = False,
        holes: Iterable[Sequence[tuple[float, float]]] = (),
    ) -> int:
        """Add a terrain polygon (``material`` must have been made with :meth:`material`;
        ``hidden``: it collides but is not drawn); returns its id."""
        if material not in self._materials:
            raise ValueError(f"material {material!r} was not made first")
        if body not in ("static", "dynamic", "kinematic"):
            raise ValueError(f"body {body!r}")
        ident = self._take_id()
        self._shapes.append(
            Shape(
                id=ident,
                material=material,
                body=body,  # type: ignore[arg-type]
                points=pack_points(points),
                holes=[pack_points(h) for h in holes],
                one_way=one_way,
                hidden=hidden,
            )
        )
        return ident

    def entity(self, kind: str, x: float, y: float, **props: Any) -> int:
        """Add an entity of type ``kind`` (``spawn``, ``goal``...; see
        :mod:`engine.level.entities`) centred at ``x, y`` with the given fields (a moving
        platform's ``path`` as ``[(x, y), ...]`` relative to ``x, y``; a crate's or platform's
        ``material`` defaults to one called ``crate``/``platform``). Returns its id."""
        cls = _TAGS[kind]
        if kind in ("crate", "moving_platform") and "material" not in props:
            props["material"] = self.material(
                "crate" if kind == "crate" else "platform",
                color="#a0522d" if kind == "crate" else "#708090",
            )
        if kind == "moving_platform":
            props["path"] = pack_points(props.get("path") or [(0.0, 0.0), (0.0, 0.0)])
        ident = self._take_id()
        self._entities.append(cls(id=ident, x=float(x), y=float(y), **props))  # type: ignore[arg-type]
        self._sized[ident] = set(props) & _LENGTHS  # the map's sizes: enlarged with it
        return ident

    def decoration(
        self,
        image: str,
        x: float,
        y: float,
        width: float,
        height: float,
        *,
        rotation: float = 0.0,
        flip_x: bool = False,
        flip_y: bool = False,
        opacity: float = 1.0,
        parallax: float = 1.0,
        front: bool = False,
    ) -> int:
        """Add an image placed freely, for looks (``image`` an asset digest from
        :meth:`image`), centred at ``x, y``, drawn ``width`` × ``height`` px, turned
        ``rotation`` degrees clockwise about its centre, behind the terrain or (``front``) in
        front of everything. Decorations are drawn in the order added. Returns its id."""
        ident = self._take_id()
        self._decorations.append(
            Decoration(
                id=ident,
                image=image,
                x=float(x),
                y=float(y),
                width=float(width),
                height=float(height),
                rotation=float(rotation),
                flip_x=flip_x,
                flip_y=flip_y,
                opacity=float(min(max(opacity, 0.0), 1.0)),
                parallax=float(min(max(parallax, 0.0), 4.0)),
                front=front,
            )
        )
        return ident

    def link(self, source: int, target: int) -> None:
        """A switch (``source``) toggles a door or moving platform (``target``)."""
        self._links.append(Link(source=source, target=target))

    def tile_layer(
        self,
        name: str,
        *,
        image: str,
        tile_width: int,
        tile_height: int,
        tileset_columns: int,
        columns: int,
        rows: int,
        cells: npt.ArrayLike,
        margin: int = 0,
        spacing: int = 0,
        x: float = 0.0,
        y: float = 0.0,
        parallax: float = 1.0,
        opacity: float = 1.0,
        visible: bool = True,
        solid: bool = False,
        material: str = "",
    ) -> None:
        """Add a grid of tiles cut from ``image`` (an asset digest from :meth:`image`).

        ``cells`` holds ``rows × columns`` values, row by row: 0 for an empty cell, else the
        tile's number in the tileset counted from 1 (left to right, top to bottom), or-ed with
        :data:`TILE_FLIP_H` / :data:`TILE_FLIP_V` / :data:`TILE_FLIP_D` (Tiled's flags: flipped
        horizontally, vertically, and across the top-left to bottom-right diagonal, the
        diagonal applied first). A ``solid`` layer collides in every non-empty cell, as
        ``material`` (made with :meth:`material`). An invisible layer is not drawn (a collision
        mask) but still collides."""
        grid = np.asarray(cells, dtype=np.uint32).reshape(-1)
        if grid.size != rows * columns:
            raise ValueError(f"{grid.size} cells for a {columns} × {rows} grid")
        if solid and material not in self._materials:
            raise ValueError(f"material {material!r} was not made first")
        self._layers.append(
            TileLayer(
                name=_name(name) or f"layer {len(self._layers) + 1}",
                tileset=Tileset(
                    image=image,
                    tile_width=tile_width,
                    tile_height=tile_height,
                    columns=tileset_columns,
                    margin=margin,
                    spacing=spacing,
                ),
                columns=columns,
                rows=rows,
                x=float(x),
                y=float(y),
                data=grid.astype("<u4").tobytes(),
                solid=solid,
                material=material if solid else "",
                parallax=float(parallax),
                opacity=float(min(max(opacity, 0.0), 1.0)),
                visible=visible,
            )
        )

    @property
    def material_names(self) -> set[str]:
        """The names of the materials made so far."""
        return set(self._materials)

    @property
    def entity_count(self) -> int:
        return len(self._entities)

    def has(self, kind: str) -> bool:
        """Whether an entity of type ``kind`` has been added."""
        cls = _TAGS[kind]
        return any(type(e) is cls for e in self._entities)

    # -- the result -------------------------------------------------------------------------

    def grid(self) -> int | None:
        """The map's tile size (the tile height most of its drawn or solid layers use), or
        None when it has no tile layers."""
        heights = [t.tileset.tile_height for t in self._layers if t.visible or t.solid]
        return max(set(heights), key=heights.count) if heights else None

    def fitting_scale(self) -> int:
        """How many times to enlarge the map so that its tiles are about :data:`PLAYER_TILE`
        px, the size cocreate's player is made for (1 for a map with no tiles): a 16 px map
        is enlarged 2 times, an 8 px one 4 times (at most :data:`MAX_SCALE`)."""
        grid = self.grid()
        if not grid:
            return 1
        return max(1, min(MAX_SCALE, round(PLAYER_TILE / grid)))

    def enlarge(self, scale: int) -> None:
        """Make everything ``scale`` times larger: the level, every position and size the map
        gave, moving platforms' paths and speeds (so they keep their timing), and the images
        of tilesets, textures and decorations (each pixel a ``scale`` × ``scale`` block, so
        pixel art stays crisp). cocreate's defaults (a goal's size when the map gave none),
        gravity, bounce strength and the backdrop (drawn at the view's height) stay as they
        are. Raises :class:`MapError` when the result would be over a limit (nothing is
        changed then)."""
        if scale == 1:
            return
        too_large = self.too_large(scale)
        if too_large:
            raise self.error(f"{too_large}; try a smaller --scale")
        pixels = {digest: self._enlarged_png(digest, scale) for digest in self._drawn()}
        for data, name in pixels.values():
            if len(data) > limits.MAX_ASSET_BYTES:
                raise self.error(
                    f"image {name} enlarged {scale} times would be {len(data):,} bytes, over "
                    f"MAX_ASSET_BYTES ({limits.MAX_ASSET_BYTES:,}); try a smaller --scale"
                )
        enlarged = {digest: self.image_bytes(*pixels[digest]) for digest in pixels}
        k = float(scale)
        self.width, self.height = self.width * k, self.height * k
        for shape in self._shapes:
            shape.points = _times(shape.points, k)
            shape.holes = [_times(h, k) for h in shape.holes]
        for ent in self._entities:
            ent.x, ent.y = ent.x * k, ent.y * k
            for name in self._sized.get(ent.id, ()):
                setattr(ent, name, getattr(ent, name) * k)
            if isinstance(ent, MovingPlatform):
                ent.path = _times(ent.path, k)
                if "speed" not in self._sized.get(ent.id, ()):
                    ent.speed *= k  # the default speed too: the longer path takes as long
        for deco in self._decorations:
            deco.x, deco.y = deco.x * k, deco.y * k
            deco.width, deco.height = deco.width * k, deco.height * k
            deco.image = enlarged[deco.image]
        for layer in self._layers:
            ts = layer.tileset
            ts.image = enlarged[ts.image]
            ts.tile_width, ts.tile_height = ts.tile_width * scale, ts.tile_height * scale
            ts.margin, ts.spacing = ts.margin * scale, ts.spacing * scale
            layer.x, layer.y = layer.x * k, layer.y * k
        for mat in self._materials.values():
            if mat.texture:
                mat.texture = enlarged[mat.texture]
        for digest in set(enlarged) - {self.background.image}:  # the originals, now unused
            del self._assets[digest]

    def _drawn(self) -> set[str]:
        """The images drawn at the level's scale: tilesets, textures and decorations (not the
        backdrop, drawn at the view's height)."""
        return (
            {t.tileset.image for t in self._layers}
            | {m.texture for m in self._materials.values() if m.texture}
            | {d.image for d in self._decorations}
        )

    def too_large(self, scale: int) -> str | None:
        """What would be over a limit if the map were enlarged ``scale`` times, or None."""
        import io

        from PIL import Image

        world = limits.MAX_WORLD
        if max(self.width, self.height) * scale > world:
            return (
                f"enlarged {scale} times the level would be {self.width * scale:g} × "
                f"{self.height * scale:g} px, over MAX_WORLD ({world:g})"
            )
        for digest in sorted(self._drawn()):
            _, name, data = self._assets[digest]
            with Image.open(io.BytesIO(data)) as im:
                w, h = im.size
            if (
                max(w, h) * scale > limits.MAX_IMAGE_SIDE
                or w * h * scale**2 > limits.MAX_IMAGE_PIXELS
            ):
                return (
                    f"image {name} enlarged {scale} times would be {w * scale} × {h * scale}, "
                    f"over the image limits (MAX_IMAGE_SIDE {limits.MAX_IMAGE_SIDE:,}, "
                    f"MAX_IMAGE_PIXELS {limits.MAX_IMAGE_PIXELS:,})"
                )
        return None

    def _enlarged_png(self, digest: str, scale: int) -> tuple[bytes, str]:
        """The image of asset ``digest`` enlarged ``scale`` times, nearest pixel, as PNG
        bytes, and its name."""
        import io

        from PIL import Image

        _, name, data = self._assets[digest]
        with Image.open(io.BytesIO(data)) as im:
            w, h = im.size
            big = im.convert("RGBA").resize((w * scale, h * scale), Image.Resampling.NEAREST)
        out = io.BytesIO()
        big.save(out, format="PNG", optimize=True)
        return out.getvalue(), str(Path(name).with_suffix(".png"))

    def _enlarge_to_fit(self) -> None:
        """Enlarge by :meth:`fitting_scale`, or as much less as the limits allow, and say so."""
        grid = self.grid()
        for scale in range(self.fitting_scale(), 1, -1):
            try:
                self.enlarge(scale)
            except MapError:
                continue  # over a limit (nothing was changed): try a smaller factor
            self.note(
                f"enlarged {scale} times: the map's {grid} px tiles are "
                f"{(grid or 0) * scale} px here, about the size cocreate's player ({_PLAYER}) "
                "is made for (`cocreate import --scale 1` keeps the map's size)"
            )
            return

    def build(self, scale: int | None = 1) -> LevelDocument:
        """The level, checked with the engine's validation; raises :class:`MapError` with the
        first problem when what was built is not valid (a map too large, say).

        ``scale``: enlarge the map this many times first (see :meth:`enlarge`); None picks
        :meth:`fitting_scale` and says so in a note."""
        from engine import starter
        from engine.document import Asset
        from engine.validation import validate

        if scale is None:
            self._enlarge_to_fit()
        else:
            self.enlarge(scale)
        if not self.has("spawn"):
            self.note("the map has no player start; add a spawn in the editor before playing")
        if not self.has("goal"):
            self.note("the map has no goal; add one in the editor before publishing")
        doc = starter.new_level(_name(self.title) or "Imported level")
        doc.level = Level(
            size=Size(width=float(self.width), height=float(self.height)),
            background=self.background,
            gravity=_vec(self.gravity),
            materials=list(self._materials.values()),
            shapes=self._shapes,
            entities=self._entities,
            links=self._links,
            tile_layers=self._layers,
            decorations=self._decorations,
            next_id=self._next_id,
        )
        doc.assets = {
            digest: Asset(type=kind, name=name or "image", data=data)  # type: ignore[arg-type]
            for digest, (kind, name, data) in sorted(self._assets.items())
        }
        problems: list[Problem] = validate(doc)
        if problems:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise self.error(f"the imported level is not valid: {problems[0]}{more}")
        return doc


PLAYER_TILE = 32
"""px: the tile size cocreate's player is made for; maps on a smaller grid are enlarged to it."""
MAX_SCALE = 8
"""The most a map is enlarged (by choice or to fit the player)."""
_PLAYER = f"{tuning.WIDTH:g} × {tuning.HEIGHT:g} px"
_LENGTHS = {"width", "height", "speed"}
"""Entity fields that are lengths (or lengths a second): enlarged with the map when it gave
them (a moving platform's speed always is, with its path)."""


def _times(packed: bytes, k: float) -> bytes:
    """Packed points, each coordinate times ``k``."""
    return (np.frombuffer(packed, dtype="<f8") * k).astype("<f8").tobytes()


def _name(text: str) -> str:
    """``text`` fit to be a name: one line, no control characters, within the length limit."""
    clean = re.sub(r"[\x00-\x1f\x7f]+", " ", text).strip()
    return clean[: limits.MAX_NAME_CHARS]


def _vec(xy: tuple[float, float]) -> Any:
    from engine.level.model import Vec

    return Vec(x=float(xy[0]), y=float(xy[1]))
