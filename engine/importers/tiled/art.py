"""The art of tile objects: a tile's image embedded in the level once (a grid tile cut out of
its tileset image), and the textured materials of terrain made from tile objects."""

from __future__ import annotations

import io
import re
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine import limits
from engine.errors import image_trouble
from engine.importers.build import LevelBuilder
from engine.importers.tiled.files import read
from engine.importers.tiled.model import TERRAIN_COLOR, Obj, Tile
from engine.importers.tiled.values import Bad, prop_num, prop_str


@dataclass
class TileArt:
    """The art of a map's tile objects, for decorations and textured terrain."""

    b: LevelBuilder
    changed: Counter[str] = field(default_factory=Counter)
    """Textured terrain and decorations drawn otherwise than in Tiled, by why."""
    _textured: dict[tuple[Any, ...], str] = field(default_factory=dict)
    """(name, texture, friction, density, restitution) → the textured material made for it."""
    _art: dict[tuple[Path, tuple[int, int, int, int] | None], str | None] = field(
        default_factory=dict
    )
    """A tile's image and part → its asset digest (None: the part lies outside the image)."""
    _sheets: dict[Path, Any] = field(default_factory=dict)
    """Grid tileset images, decoded once (PIL images)."""

    def digest(self, tile: Tile) -> str | None:
        """The asset digest of a tile's art (its image, or its part cut out), embedded once;
        None when the part lies outside the image."""
        assert tile.image is not None
        key = (tile.image, tile.box)
        if key not in self._art:
            self._art[key] = self._cut(tile) if tile.box else self.b.image(tile.image)
        return self._art[key]

    def size(self, tile: Tile) -> tuple[float, float]:
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

    def texture(self, obj: Obj) -> str:
        """The asset digest of a tile object's art ("" when it has none), counting in
        :attr:`changed` how the level will draw it otherwise than Tiled."""
        tile = obj.tile
        if obj.shape != "tile" or tile is None or tile.image is None:
            return ""
        digest = self.digest(tile)
        if digest is None:
            self.changed["outside"] += 1
            return ""
        if obj.rotation % 360:
            self.changed["rotated"] += 1
        if obj.flipped:
            self.changed["flipped"] += 1
        if (obj.w, obj.h) != tile.size:
            self.changed["sized"] += 1
        return digest

    def material(self, obj: Obj, texture: str) -> str:
        """The material textured with ``texture`` for a terrain tile object: named by its
        ``material`` property or its image, made distinct from other materials of that name."""
        props, tile = obj.props, obj.tile
        assert tile is not None
        friction, density = prop_num(props, "friction"), prop_num(props, "density")
        restitution = prop_num(props, "restitution")
        base = prop_str(props, "material") or tile.art or obj.layer.name or "terrain"
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
                color=TERRAIN_COLOR,
                friction=friction,
                density=density,
                restitution=restitution,
                texture=texture,
            )
        return self._textured[key]

    def _cut(self, tile: Tile) -> str | None:
        """Embed the part ``tile.box`` of ``tile.image`` as a PNG; None when it lies outside
        the image."""
        from PIL import Image

        assert tile.image is not None and tile.box is not None
        path, box = tile.image, tile.box
        if path not in self._sheets:
            where = f"image {path}"
            data = read(path, where)
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("error", Image.DecompressionBombWarning)
                    im = Image.open(io.BytesIO(data))
                    w, h = im.size
                    if max(w, h) > limits.MAX_IMAGE_SIDE or w * h > limits.MAX_IMAGE_PIXELS:
                        raise Bad(
                            f"{where} is {w} × {h}, over the image limits (MAX_IMAGE_SIDE "
                            f"{limits.MAX_IMAGE_SIDE:,}, MAX_IMAGE_PIXELS "
                            f"{limits.MAX_IMAGE_PIXELS:,})"
                        )
                    self._sheets[path] = im.convert("RGBA")
            except Bad:
                raise
            except Exception as exc:  # Pillow raises many kinds on broken images
                raise Bad(f"{where} cannot be read: {image_trouble(exc)}") from None
        sheet = self._sheets[path]
        if box[2] > sheet.width or box[3] > sheet.height:
            return None
        out = io.BytesIO()
        sheet.crop(box).save(out, format="PNG")
        return self.b.image_bytes(out.getvalue(), f"{tile.art}.png", where=f"{tile.art} of {path}")
