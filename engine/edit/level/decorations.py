"""Adding and changing decorations: images placed freely in a level, for looks.

Moving, deleting, duplicating and pasting them goes with the selection
(:mod:`engine.edit.level.selection`). An image file added with a decoration is embedded as an
asset (the same bytes once); when the last decoration using an image goes, so does the asset,
unless something else (the background, a texture, a tileset) uses it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine import limits
from engine.document import LevelDocument
from engine.edit.assets import _embed
from engine.edit.command import Command, insert_at, replace, with_item
from engine.edit.level.common import (
    LevelCommand,
    _check_image,
    _require,
    _typed,
    _with_level,
)
from engine.errors import EditError
from engine.level.model import Decoration, Level
from engine.validation.level import check_decoration_values


def _check_decoration(doc: LevelDocument, base: str, deco: Decoration) -> Decoration:
    deco = _typed(deco, base)
    _require(lambda r: check_decoration_values(r, base, deco))
    if deco.image == "":
        raise EditError(f"{base}.image: a decoration needs an image")
    _check_image(doc, f"{base}.image", deco.image)
    return deco


def level_images(level: Level) -> set[str]:
    """The image assets a level uses: background, textures, tilesets and decorations."""
    used = {level.background.image, *(m.texture for m in level.materials)}
    used |= {t.tileset.image for t in level.tile_layers}
    used |= {d.image for d in level.decorations}
    return used - {""}


def drop_unused_images(doc: LevelDocument, keys: set[str]) -> LevelDocument:
    """``doc`` without those of ``keys`` that nothing in the level uses any more."""
    gone = (keys - level_images(doc.level)) & set(doc.assets)
    if not gone:
        return doc
    return replace(doc, assets={k: a for k, a in doc.assets.items() if k not in gone})


def decoration_index(level: Level, ident: int) -> int:
    for i, deco in enumerate(level.decorations):
        if deco.id == ident:
            return i
    raise EditError(f"$.level.decorations: no decoration has id {ident}")


@dataclass(frozen=True)
class AddDecoration(LevelCommand):
    """Add ``decoration`` (its ``id`` is ignored: it gets ``level.next_id``) at ``index``
    (None: at the end, drawn last). With ``image_data``, that PNG or JPEG file (named
    ``image_name``) is embedded and used as its image."""

    decoration: Decoration
    image_data: bytes | None = None
    image_name: str = ""
    index: int | None = None

    @property
    def label(self) -> str:
        return "Add decoration"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        level = doc.level
        if len(level.decorations) >= limits.MAX_DECORATIONS:
            raise EditError(
                f"$.level.decorations: already {limits.MAX_DECORATIONS:,} decorations "
                "(limit MAX_DECORATIONS)"
            )
        at = len(level.decorations) if self.index is None else self.index
        base = f"$.level.decorations[{at}]"
        deco = replace(self.decoration, id=level.next_id)
        if self.image_data is not None:
            key, assets = _embed(doc, self.image_data, self.image_name, "image", f"{base}.image")
            doc = replace(doc, assets=assets)
            deco = replace(deco, image=key)
        deco = _check_decoration(doc, base, deco)
        return _with_level(
            doc,
            decorations=insert_at(level.decorations, self.index, deco, "$.level.decorations"),
            next_id=level.next_id + 1,
        )


@dataclass(frozen=True)
class ChangeDecoration(LevelCommand):
    """Change the decoration ``id``'s fields (those left None keep their value); changes of
    the same decoration merge, so typing into a field is one undo step."""

    id: int
    image: str | None = None
    x: float | None = None
    y: float | None = None
    width: float | None = None
    height: float | None = None
    rotation: float | None = None
    flip_x: bool | None = None
    flip_y: bool | None = None
    opacity: float | None = None
    parallax: float | None = None
    front: bool | None = None

    _KEYS = (
        "image",
        "x",
        "y",
        "width",
        "height",
        "rotation",
        "flip_x",
        "flip_y",
        "opacity",
        "parallax",
        "front",
    )

    @property
    def label(self) -> str:
        return "Change decoration"

    def _changes(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self._KEYS if getattr(self, k) is not None}

    def apply(self, doc: LevelDocument) -> LevelDocument:
        level = doc.level
        i = decoration_index(level, self.id)
        old = level.decorations[i]
        new = _check_decoration(doc, f"$.level.decorations[{i}]", replace(old, **self._changes()))
        doc = _with_level(doc, decorations=with_item(level.decorations, i, new))
        return drop_unused_images(doc, {old.image})

    def merge(self, later: Command[Any]) -> Command[Any] | None:
        if isinstance(later, ChangeDecoration) and later.id == self.id:
            return ChangeDecoration(self.id, **{**self._changes(), **later._changes()})
        return None
