"""Moving, deleting, duplicating and pasting a selection of shapes, entities and decorations at
once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from engine import limits
from engine.document import LevelDocument
from engine.edit.command import Command, replace
from engine.edit.level.common import (
    MAX_ID,
    LevelCommand,
    _check_material_ref,
    _typed,
    _with_level,
)
from engine.edit.level.decorations import _check_decoration, drop_unused_images
from engine.edit.level.entities import _check_entity
from engine.edit.level.shapes import _check_delta, _moved_shape
from engine.errors import EditError
from engine.level.entities import ENTITY_TYPES, Entity
from engine.level.model import Decoration, Link, Shape


def _indices(
    items: Sequence[Shape] | Sequence[Entity] | Sequence[Decoration],
    ids: Sequence[int],
    section: str,
    what: str,
) -> list[int]:
    """The indices in ``$.level.<section>`` of the ``what`` (shape, entity, decoration) with
    ``ids``."""
    where = {thing.id: i for i, thing in enumerate(items)}
    for ident in ids:
        if ident not in where:
            raise EditError(f"$.level.{section}: no {what} has id {ident}")
    return sorted({where[ident] for ident in ids})


def _count(
    shape_ids: Sequence[int], entity_ids: Sequence[int], decoration_ids: Sequence[int]
) -> str:
    """What a selection holds, for a label: "shape 3", "entity 5", "2 shapes and 1 entity"."""
    groups = [
        (noun, sorted(set(ids)))
        for noun, ids in (
            ("shape", shape_ids),
            ("entity", entity_ids),
            ("decoration", decoration_ids),
        )
        if ids
    ]
    if len(groups) == 1 and len(groups[0][1]) == 1:
        noun, (ident,) = groups[0]
        return f"{noun} {ident}"
    parts = [f"{len(ids)} {_plural(noun, len(ids))}" for noun, ids in groups]
    return " and ".join(parts) if parts else _things(0)


def _plural(noun: str, n: int) -> str:
    if n == 1:
        return noun
    return "entities" if noun == "entity" else f"{noun}s"


@dataclass(frozen=True)
class MoveSelection(LevelCommand):
    """Move several shapes, entities and decorations by ``dx, dy`` px at once (an editor's
    selection); a drag of the same selection merges into one."""

    shape_ids: tuple[int, ...]
    entity_ids: tuple[int, ...]
    dx: float
    dy: float
    decoration_ids: tuple[int, ...] = ()

    @property
    def label(self) -> str:
        return f"Move {_count(self.shape_ids, self.entity_ids, self.decoration_ids)}"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        _check_delta(self.dx, self.dy)
        level = doc.level
        shapes, entities = list(level.shapes), list(level.entities)
        for i in _indices(shapes, self.shape_ids, "shapes", "shape"):
            shapes[i] = _moved_shape(f"$.level.shapes[{i}]", shapes[i], self.dx, self.dy)
        for i in _indices(entities, self.entity_ids, "entities", "entity"):
            ent = entities[i]
            entities[i] = _check_entity(
                doc, f"$.level.entities[{i}]", replace(ent, x=ent.x + self.dx, y=ent.y + self.dy)
            )
        decorations = list(level.decorations)
        for i in _indices(decorations, self.decoration_ids, "decorations", "decoration"):
            deco = decorations[i]
            decorations[i] = _check_decoration(
                doc,
                f"$.level.decorations[{i}]",
                replace(deco, x=deco.x + self.dx, y=deco.y + self.dy),
            )
        return _with_level(doc, shapes=shapes, entities=entities, decorations=decorations)

    def merge(self, later: Command[Any]) -> Command[Any] | None:
        mine = (self.shape_ids, self.entity_ids, self.decoration_ids)
        if (
            isinstance(later, MoveSelection)
            and (
                later.shape_ids,
                later.entity_ids,
                later.decoration_ids,
            )
            == mine
        ):
            return MoveSelection(
                self.shape_ids,
                self.entity_ids,
                self.dx + later.dx,
                self.dy + later.dy,
                self.decoration_ids,
            )
        return None


@dataclass(frozen=True)
class DeleteSelection(LevelCommand):
    """Delete several shapes, entities and decorations at once, every link that names a
    deleted entity, and the images only deleted decorations used."""

    shape_ids: tuple[int, ...]
    entity_ids: tuple[int, ...]
    decoration_ids: tuple[int, ...] = ()

    @property
    def label(self) -> str:
        return f"Delete {_count(self.shape_ids, self.entity_ids, self.decoration_ids)}"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        level = doc.level
        gone_shapes = set(_indices(level.shapes, self.shape_ids, "shapes", "shape"))
        gone_entities = set(_indices(level.entities, self.entity_ids, "entities", "entity"))
        gone_decos = set(
            _indices(level.decorations, self.decoration_ids, "decorations", "decoration")
        )
        gone = set(self.entity_ids)
        images = {d.image for i, d in enumerate(level.decorations) if i in gone_decos}
        doc = _with_level(
            doc,
            shapes=[s for i, s in enumerate(level.shapes) if i not in gone_shapes],
            entities=[e for i, e in enumerate(level.entities) if i not in gone_entities],
            links=[k for k in level.links if k.source not in gone and k.target not in gone],
            decorations=[d for i, d in enumerate(level.decorations) if i not in gone_decos],
        )
        return drop_unused_images(doc, images)


Item = Shape | Entity | Decoration
"""A shape, an entity or a decoration: what a selection, a copy and a paste hold."""


def _things(n: int) -> str:
    return f"{n} thing{'' if n == 1 else 's'}"


def _pasted(
    doc: LevelDocument, items: Sequence[Item], links: Sequence[Link], dx: float, dy: float
) -> LevelDocument:
    """``doc`` with copies of ``items`` moved by ``dx, dy``: new ids from ``level.next_id`` in
    the order of ``items``, shapes in front of all others, entities and decorations at the end;
    and a copy of each of ``links`` whose source and target are both among the copied
    entities. A decoration's image must be in ``doc``'s assets."""
    _check_delta(dx, dy)
    level = doc.level
    if not items:
        raise EditError("$.level: nothing to copy (no shape or entity given)")
    shapes, entities = list(level.shapes), list(level.entities)
    decorations = list(level.decorations)
    new_shapes = sum(isinstance(thing, Shape) for thing in items)
    new_decos = sum(isinstance(thing, Decoration) for thing in items)
    if len(decorations) + new_decos > limits.MAX_DECORATIONS:
        raise EditError(
            f"$.level.decorations: {len(decorations):,} decorations and {new_decos:,} more "
            f"would pass {limits.MAX_DECORATIONS:,} (limit MAX_DECORATIONS)"
        )
    if len(shapes) + new_shapes > limits.MAX_SHAPES:
        raise EditError(
            f"$.level.shapes: {len(shapes):,} shapes and {new_shapes:,} more would pass "
            f"{limits.MAX_SHAPES:,} (limit MAX_SHAPES)"
        )
    new_entities = len(items) - new_shapes - new_decos
    if len(entities) + new_entities > limits.MAX_ENTITIES:
        raise EditError(
            f"$.level.entities: {len(entities):,} entities and {new_entities:,} "
            f"more would pass {limits.MAX_ENTITIES:,} (limit MAX_ENTITIES)"
        )
    if level.next_id + len(items) - 1 > MAX_ID:
        raise EditError(f"$.level.next_id: no ids left for {_things(len(items))}")
    new_ids: dict[int, int] = {}
    next_id = level.next_id
    for thing in items:
        if isinstance(thing, Shape):
            base = f"$.level.shapes[{len(shapes)}]"
            if len(thing.holes) > limits.MAX_HOLES:
                raise EditError(
                    f"{base}.holes: {len(thing.holes)} holes, more than {limits.MAX_HOLES} "
                    "(limit MAX_HOLES)"
                )
            shape = _typed(replace(thing, id=next_id), base)
            _check_material_ref(level, f"{base}.material", shape.material)
            shapes.append(_moved_shape(base, shape, dx, dy))
        elif isinstance(thing, ENTITY_TYPES):
            base = f"$.level.entities[{len(entities)}]"
            moved = replace(thing, id=next_id, x=thing.x + dx, y=thing.y + dy)
            entities.append(_check_entity(doc, base, moved))
            new_ids[thing.id] = next_id
        elif isinstance(thing, Decoration):
            base = f"$.level.decorations[{len(decorations)}]"
            moved_deco = replace(thing, id=next_id, x=thing.x + dx, y=thing.y + dy)
            decorations.append(_check_decoration(doc, base, moved_deco))
        else:
            raise EditError(f"$.level: a {type(thing).__name__} is no shape, entity or decoration")
        next_id += 1
    copied = [
        Link(source=new_ids[k.source], target=new_ids[k.target])
        for k in links
        if k.source in new_ids and k.target in new_ids
    ]
    if len(level.links) + len(copied) > limits.MAX_LINKS:
        raise EditError(
            f"$.level.links: {len(level.links):,} links and {len(copied):,} more would pass "
            f"{limits.MAX_LINKS:,} (limit MAX_LINKS)"
        )
    return _with_level(
        doc,
        shapes=shapes,
        entities=entities,
        links=[*level.links, *copied],
        decorations=decorations,
        next_id=next_id,
    )


@dataclass(frozen=True)
class DuplicateSelection(LevelCommand):
    """Add a copy of each shape and entity ``ids`` names, moved by ``dx, dy`` px, with new ids
    from ``level.next_id`` in the order of ``ids`` (a repeated id is copied once); links
    between two copied entities are copied too, between the copies. Copied shapes go in front
    of all others, copied entities at the end (so the editor selects ``range(next_id before,
    next_id after)``)."""

    ids: tuple[int, ...]
    dx: float
    dy: float

    @property
    def label(self) -> str:
        return f"Duplicate {_things(len(set(self.ids)))}"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        level = doc.level
        where: dict[int, Item] = {s.id: s for s in level.shapes}
        where.update({e.id: e for e in level.entities})
        where.update({d.id: d for d in level.decorations})
        items: list[Item] = []
        for ident in dict.fromkeys(self.ids):
            if ident not in where:
                raise EditError(f"$.level: no shape, entity or decoration has id {ident}")
            items.append(where[ident])
        return _pasted(doc, items, level.links, self.dx, self.dy)


@dataclass(frozen=True)
class PasteItems(LevelCommand):
    """Add copies of shape and entity values (copied earlier, perhaps from another level)
    moved by ``dx, dy`` px, with new ids from ``level.next_id`` in the order of ``items``;
    their own ids only say which of ``links`` (source and target both among ``items``) to copy
    between the new entities. Materials they name must be defined in the level."""

    items: tuple[Item, ...]
    dx: float
    dy: float
    links: tuple[Link, ...] = ()

    @property
    def label(self) -> str:
        return f"Paste {_things(len(self.items))}"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        return _pasted(doc, self.items, self.links, self.dx, self.dy)
