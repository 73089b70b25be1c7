"""Adding, changing, renaming and deleting a level's materials."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine import limits
from engine.document import LevelDocument
from engine.edit.command import Command, insert_at, remove_at, replace, with_item
from engine.edit.level.common import (
    LevelCommand,
    _check_image,
    _kind,
    _material_index,
    _require,
    _typed,
    _with_level,
)
from engine.errors import EditError
from engine.level.entities import (
    Crate,
    MovingPlatform,
)
from engine.level.model import Level, Material
from engine.validation.level import MIN_DENSITY
from engine.validation.report import Report


def _check_material(doc: LevelDocument, base: str, mat: Material) -> Material:
    mat = _typed(mat, base)

    def check(r: Report) -> None:
        r.name(f"{base}.name", mat.name)
        if r.positive(f"{base}.density", mat.density, most=1e6) and mat.density < MIN_DENSITY:
            r.add(f"{base}.density", f"must be at least {MIN_DENSITY:g}, not {mat.density:g}")
        r.between(f"{base}.friction", mat.friction, 0.0, 100.0)
        r.between(f"{base}.restitution", mat.restitution, 0.0, 1.0)
        r.color(f"{base}.color", mat.color)

    _require(check)
    _check_image(doc, f"{base}.texture", mat.texture)
    return mat


@dataclass(frozen=True)
class AddMaterial(LevelCommand):
    """Add ``material`` (its name not yet used) at ``index`` (None: at the end)."""

    material: Material
    index: int | None = None

    @property
    def label(self) -> str:
        return f"Add material {self.material.name!r}"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        level = doc.level
        if len(level.materials) >= limits.MAX_MATERIALS:
            raise EditError(
                f"$.level.materials: already {limits.MAX_MATERIALS} materials (limit MAX_MATERIALS)"
            )
        at = len(level.materials) if self.index is None else self.index
        mat = _check_material(doc, f"$.level.materials[{at}]", self.material)
        if any(m.name == mat.name for m in level.materials):
            raise EditError(f"$.level.materials: a material is already named {mat.name!r}")
        return _with_level(
            doc, materials=insert_at(level.materials, self.index, mat, "$.level.materials")
        )


@dataclass(frozen=True)
class ChangeMaterial(LevelCommand):
    """Change the properties of the material ``name`` (fields left None keep their value; to
    rename it use ``RenameMaterial``). Merges with the next change of the same material."""

    name: str
    density: float | None = None
    friction: float | None = None
    restitution: float | None = None
    color: str | None = None
    texture: str | None = None

    @property
    def label(self) -> str:
        return f"Change material {self.name!r}"

    def _changes(self) -> dict[str, Any]:
        keys = ("density", "friction", "restitution", "color", "texture")
        return {k: getattr(self, k) for k in keys if getattr(self, k) is not None}

    def apply(self, doc: LevelDocument) -> LevelDocument:
        level = doc.level
        i = _material_index(level, self.name)
        base = f"$.level.materials[{i}]"
        mat = _check_material(doc, base, replace(level.materials[i], **self._changes()))
        return _with_level(doc, materials=with_item(level.materials, i, mat))

    def merge(self, later: Command[Any]) -> Command[Any] | None:
        if isinstance(later, ChangeMaterial) and later.name == self.name:
            return ChangeMaterial(self.name, **{**self._changes(), **later._changes()})
        return None


def _material_users(level: Level, name: str) -> list[str]:
    users = [f"shape {s.id}" for s in level.shapes if s.material == name]
    users += [
        f"{_kind(e)} {e.id}"
        for e in level.entities
        if isinstance(e, Crate | MovingPlatform) and e.material == name
    ]
    users += [f"tile layer {t.name!r}" for t in level.tile_layers if t.material == name]
    return users


@dataclass(frozen=True)
class RenameMaterial(LevelCommand):
    """Rename a material; every shape, crate, moving platform and tile layer that names it is
    changed to the new name."""

    name: str
    new_name: str

    @property
    def label(self) -> str:
        return f"Rename material {self.name!r} to {self.new_name!r}"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        level = doc.level
        i = _material_index(level, self.name)
        if self.new_name == self.name:
            return doc
        mat = _check_material(
            doc, f"$.level.materials[{i}]", replace(level.materials[i], name=self.new_name)
        )
        if any(m.name == self.new_name for m in level.materials):
            raise EditError(
                f"$.level.materials[{i}].name: a material is already named {self.new_name!r}"
            )
        old, new = self.name, self.new_name
        shapes = [replace(s, material=new) if s.material == old else s for s in level.shapes]
        entities = [
            replace(e, material=new)
            if isinstance(e, Crate | MovingPlatform) and e.material == old
            else e
            for e in level.entities
        ]
        layers = [replace(t, material=new) if t.material == old else t for t in level.tile_layers]
        return _with_level(
            doc,
            materials=with_item(level.materials, i, mat),
            shapes=shapes,
            entities=entities,
            tile_layers=layers,
        )


@dataclass(frozen=True)
class DeleteMaterial(LevelCommand):
    """Delete an unused material. A material still in use is not deleted: the ``EditError``
    names what uses it (change their material first), as losing terrain silently is worse."""

    name: str

    @property
    def label(self) -> str:
        return f"Delete material {self.name!r}"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        level = doc.level
        i = _material_index(level, self.name)
        users = _material_users(level, self.name)
        if users:
            shown = ", ".join(users[:5]) + (f" and {len(users) - 5} more" if len(users) > 5 else "")
            raise EditError(f"$.level.materials[{i}]: material {self.name!r} is used by {shown}")
        return _with_level(
            doc, materials=remove_at(level.materials, i, "$.level.materials", "material")
        )
