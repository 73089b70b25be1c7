"""Moving and deleting a selection of shapes and entities at once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from engine.document import LevelDocument
from engine.edit.command import Command, replace
from engine.edit.level.common import LevelCommand, _with_level
from engine.edit.level.entities import _check_entity
from engine.edit.level.shapes import _check_delta, _moved_shape
from engine.errors import EditError
from engine.level.entities import (
    Entity,
)
from engine.level.model import Shape


def _indices(
    items: Sequence[Shape] | Sequence[Entity], ids: Sequence[int], section: str, what: str
) -> list[int]:
    """The indices in ``$.level.<section>`` of the ``what`` (shape or entity) with ``ids``."""
    where = {thing.id: i for i, thing in enumerate(items)}
    for ident in ids:
        if ident not in where:
            raise EditError(f"$.level.{section}: no {what} has id {ident}")
    return sorted({where[ident] for ident in ids})


def _count(shape_ids: Sequence[int], entity_ids: Sequence[int]) -> str:
    n = len(set(shape_ids)) + len(set(entity_ids))
    return f"{n} thing{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class MoveSelection(LevelCommand):
    """Move several shapes and entities by ``dx, dy`` px at once (an editor's selection); a
    drag of the same selection merges into one."""

    shape_ids: tuple[int, ...]
    entity_ids: tuple[int, ...]
    dx: float
    dy: float

    @property
    def label(self) -> str:
        return f"Move {_count(self.shape_ids, self.entity_ids)}"

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
        return _with_level(doc, shapes=shapes, entities=entities)

    def merge(self, later: Command[Any]) -> Command[Any] | None:
        if isinstance(later, MoveSelection) and (later.shape_ids, later.entity_ids) == (
            self.shape_ids,
            self.entity_ids,
        ):
            return MoveSelection(
                self.shape_ids, self.entity_ids, self.dx + later.dx, self.dy + later.dy
            )
        return None


@dataclass(frozen=True)
class DeleteSelection(LevelCommand):
    """Delete several shapes and entities at once, and every link that names a deleted
    entity."""

    shape_ids: tuple[int, ...]
    entity_ids: tuple[int, ...]

    @property
    def label(self) -> str:
        return f"Delete {_count(self.shape_ids, self.entity_ids)}"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        level = doc.level
        gone_shapes = set(_indices(level.shapes, self.shape_ids, "shapes", "shape"))
        gone_entities = set(_indices(level.entities, self.entity_ids, "entities", "entity"))
        gone = set(self.entity_ids)
        return _with_level(
            doc,
            shapes=[s for i, s in enumerate(level.shapes) if i not in gone_shapes],
            entities=[e for i, e in enumerate(level.entities) if i not in gone_entities],
            links=[k for k in level.links if k.source not in gone and k.target not in gone],
        )
