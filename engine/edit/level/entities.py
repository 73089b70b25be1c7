"""Entities: adding, deleting and moving them, their props and ids."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import msgspec

from engine import limits
from engine.document import LevelDocument
from engine.edit.command import Command, insert_at, remove_at, replace, with_item
from engine.edit.level.common import (
    _SIZED,
    _W,
    MAX_ID,
    LevelCommand,
    _check_material_ref,
    _check_xy,
    _entity_index,
    _kind,
    _packed_ring,
    _require,
    _typed,
    _with_level,
)
from engine.edit.level.shapes import _check_delta
from engine.errors import EditError
from engine.level.entities import (
    ENTITY_TYPES,
    BouncePad,
    Collectible,
    Crate,
    Entity,
    MovingPlatform,
)
from engine.level.model import Link
from engine.validation.level import MAX_SPEED


def _check_entity(doc: LevelDocument, base: str, ent: Entity) -> Entity:
    """``ent`` with the decoder's types, its values in range and its material defined."""
    ent = _typed(ent, base)
    _check_xy(base, ent.x, ent.y)
    if isinstance(ent, _SIZED):
        size = (ent.width, ent.height)
        _require(
            lambda r: (
                r.positive(f"{base}.width", size[0], most=_W, limit="MAX_WORLD")
                and r.positive(f"{base}.height", size[1], most=_W, limit="MAX_WORLD")
            )
        )
    if isinstance(ent, Crate | MovingPlatform):
        _check_material_ref(doc.level, f"{base}.material", ent.material)
    if isinstance(ent, MovingPlatform):
        _packed_ring(f"{base}.path", ent.path, limits.MAX_PATH_POINTS, "MAX_PATH_POINTS")
        _require(lambda r: r.positive(f"{base}.speed", ent.speed, most=MAX_SPEED))
    elif isinstance(ent, BouncePad):
        _require(lambda r: r.positive(f"{base}.strength", ent.strength, most=MAX_SPEED))
    elif isinstance(ent, Collectible) and ent.value < 1:
        raise EditError(f"{base}.value: must be 1 or more, not {ent.value}")
    return ent


def _change_entity(
    doc: LevelDocument, entity_id: int, change: Callable[[str, Entity], Entity]
) -> LevelDocument:
    level = doc.level
    i = _entity_index(level, entity_id)
    base = f"$.level.entities[{i}]"
    new = _check_entity(doc, base, change(base, level.entities[i]))
    return _with_level(doc, entities=with_item(level.entities, i, new))


@dataclass(frozen=True)
class AddEntity(LevelCommand):
    """Add ``entity`` (any entity type with its props; its ``id`` is ignored: it gets
    ``level.next_id``) at ``index`` (None: at the end)."""

    entity: Entity

    index: int | None = None

    @property
    def label(self) -> str:
        return f"Add {_kind(self.entity)}"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        level = doc.level
        if len(level.entities) >= limits.MAX_ENTITIES:
            raise EditError(
                f"$.level.entities: already {limits.MAX_ENTITIES:,} entities (limit MAX_ENTITIES)"
            )
        base = f"$.level.entities[{len(level.entities) if self.index is None else self.index}]"
        if not isinstance(self.entity, ENTITY_TYPES):
            raise EditError(f"{base}: {type(self.entity).__name__} is not an entity type")
        ent = _check_entity(doc, base, replace(self.entity, id=level.next_id))
        return _with_level(
            doc,
            entities=insert_at(level.entities, self.index, ent, "$.level.entities"),
            next_id=level.next_id + 1,
        )


@dataclass(frozen=True)
class DeleteEntity(LevelCommand):
    """Delete an entity and every link that names it (a switch's wires go with it)."""

    entity_id: int

    @property
    def label(self) -> str:
        return f"Delete entity {self.entity_id}"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        level = doc.level
        i = _entity_index(level, self.entity_id)
        gone = self.entity_id
        return _with_level(
            doc,
            entities=remove_at(level.entities, i, "$.level.entities", "entity"),
            links=[k for k in level.links if gone not in (k.source, k.target)],
        )


@dataclass(frozen=True)
class MoveEntity(LevelCommand):
    """Move an entity by ``dx, dy`` px (a moving platform's path moves with it, being
    relative); a drag's moves merge into one."""

    entity_id: int
    dx: float
    dy: float

    @property
    def label(self) -> str:
        return f"Move entity {self.entity_id}"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        _check_delta(self.dx, self.dy)
        return _change_entity(
            doc, self.entity_id, lambda _, e: replace(e, x=e.x + self.dx, y=e.y + self.dy)
        )

    def merge(self, later: Command[Any]) -> Command[Any] | None:
        if isinstance(later, MoveEntity) and later.entity_id == self.entity_id:
            return MoveEntity(self.entity_id, self.dx + later.dx, self.dy + later.dy)
        return None


@dataclass(frozen=True)
class SetEntityProp(LevelCommand):
    """Set one prop of an entity (``"width"``, ``"material"``, ``"facing"``, ...; not ``id``:
    see ``ChangeEntityId``). A moving platform's ``path`` may be given as ``(x, y)`` pairs.
    Consecutive changes of the same prop (a slider) merge into one."""

    entity_id: int
    prop: str
    value: Any

    @property
    def label(self) -> str:
        return f"Set {self.prop.replace('_', ' ')} of entity {self.entity_id}"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        def change(base: str, ent: Entity) -> Entity:
            fields = {f.name for f in msgspec.structs.fields(type(ent))}
            if self.prop == "id":
                raise EditError(f"{base}.id: change an id with ChangeEntityId")
            if self.prop not in fields:
                raise EditError(f"{base}: a {_kind(ent)} has no prop {self.prop!r}")
            value = self.value
            if self.prop == "path" and not isinstance(value, bytes):
                value = _packed_ring(
                    f"{base}.path", value, limits.MAX_PATH_POINTS, "MAX_PATH_POINTS"
                )
            return replace(ent, **{self.prop: value})

        return _change_entity(doc, self.entity_id, change)

    def merge(self, later: Command[Any]) -> Command[Any] | None:
        if isinstance(later, SetEntityProp) and (later.entity_id, later.prop) == (
            self.entity_id,
            self.prop,
        ):
            return later
        return None


@dataclass(frozen=True)
class ChangeEntityId(LevelCommand):
    """Give an entity another id (1 or more, used by no shape or entity); links that name it
    follow, and ``next_id`` grows past it when needed."""

    entity_id: int
    new_id: int

    @property
    def label(self) -> str:
        return f"Change id of entity {self.entity_id} to {self.new_id}"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        level = doc.level
        i = _entity_index(level, self.entity_id)
        old, new = self.entity_id, self.new_id
        path = f"$.level.entities[{i}].id"
        if new == old:
            return doc
        if not 1 <= new <= MAX_ID:
            raise EditError(f"{path}: id must be 1 to {MAX_ID}, not {new}")
        for section, things in (("shapes", level.shapes), ("entities", level.entities)):
            for j, thing in enumerate(things):
                if thing.id == new:
                    raise EditError(f"{path}: id {new} is already used by $.level.{section}[{j}]")
        links = [
            Link(
                source=new if k.source == old else k.source,
                target=new if k.target == old else k.target,
            )
            if old in (k.source, k.target)
            else k
            for k in level.links
        ]
        return _with_level(
            doc,
            entities=with_item(level.entities, i, replace(level.entities[i], id=new)),
            links=links,
            next_id=max(level.next_id, new + 1),
        )
