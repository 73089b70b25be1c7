"""The level editor's commands: one frozen value per edit a player makes to a level.

Shapes and entities are named by **id** (stable while others are added, deleted or reordered,
as an editor's selection is); materials by **name** (what shapes refer to); tile layers, rings
and points by index. A new shape or entity takes ``level.next_id`` (so the editor selects
``doc.level.next_id - 1`` after adding). Points are ``(x, y)`` pairs in level px; ``hole=None``
is a shape's outline, ``hole=k`` its ``k``-th hole.

Each command checks what it needs (the target exists, a name or id is free, a referenced
material, asset or entity exists, a number is finite and within ``engine.limits``) and raises
``EditError`` with a JSON path otherwise. It does not make the whole level valid: a ring being
drawn may have fewer than 3 points, a sign may be empty for a moment, polygons may cross;
``engine.validation`` reports those. Moves, point drags, prop edits and tile strokes merge
with the next command on the same target, so a drag is one undo step.

The commands live in small modules re-exported here: ``world`` (size, gravity, background),
``materials``, ``shapes``, ``entities``, ``links``, ``selection``, ``decorations`` and
``tiles`` (tile layers and their cells); ``common`` holds the helpers and constants they
share.
"""

from engine.edit.level.common import MAX_ID, MAX_TILE, Body, LevelCommand, Point
from engine.edit.level.decorations import AddDecoration, ChangeDecoration
from engine.edit.level.entities import (
    AddEntity,
    ChangeEntityId,
    DeleteEntity,
    MoveEntity,
    SetEntityProp,
)
from engine.edit.level.links import AddLink, DeleteLink
from engine.edit.level.materials import AddMaterial, ChangeMaterial, DeleteMaterial, RenameMaterial
from engine.edit.level.selection import (
    DeleteSelection,
    DuplicateSelection,
    MoveSelection,
    PasteItems,
)
from engine.edit.level.shapes import (
    AddHole,
    AddShape,
    DeleteHole,
    DeletePoint,
    DeleteShape,
    InsertPoint,
    MovePoint,
    MoveShape,
    ReorderShape,
    SetPoint,
    SetShapeBody,
    SetShapeHidden,
    SetShapeMaterial,
    SetShapeOneWay,
)
from engine.edit.level.tiles import (
    AddTileLayer,
    ChangeTileLayer,
    DeleteTileLayer,
    FillTiles,
    MoveTileLayer,
    PaintTiles,
)
from engine.edit.level.world import SetBackground, SetGravity, SetSize

__all__ = [
    "MAX_ID",
    "MAX_TILE",
    "AddDecoration",
    "AddEntity",
    "AddHole",
    "AddLink",
    "AddMaterial",
    "AddShape",
    "AddTileLayer",
    "Body",
    "ChangeDecoration",
    "ChangeEntityId",
    "ChangeMaterial",
    "ChangeTileLayer",
    "DeleteEntity",
    "DeleteHole",
    "DeleteLink",
    "DeleteMaterial",
    "DeletePoint",
    "DeleteSelection",
    "DeleteShape",
    "DeleteTileLayer",
    "DuplicateSelection",
    "FillTiles",
    "InsertPoint",
    "LevelCommand",
    "MoveEntity",
    "MovePoint",
    "MoveSelection",
    "MoveShape",
    "MoveTileLayer",
    "PaintTiles",
    "PasteItems",
    "Point",
    "RenameMaterial",
    "ReorderShape",
    "SetBackground",
    "SetEntityProp",
    "SetGravity",
    "SetPoint",
    "SetShapeBody",
    "SetShapeHidden",
    "SetShapeMaterial",
    "SetShapeOneWay",
    "SetSize",
]
