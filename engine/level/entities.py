"""Entities: the typed things placed in a level (``type`` tells which).

Positions are in level pixels, y down, at the entity's centre (``x``, ``y``); sizes are
``width`` × ``height`` in pixels. Every entity and shape in a level shares one id space
(``Level.next_id`` hands out the next), so links and editor selections name things by id.
"""

from __future__ import annotations

from typing import Literal

from engine.fields import Model, Name, PathPoints, Text


class _Entity(Model, tag_field="type", kw_only=True):
    id: int
    x: float
    y: float


class Spawn(_Entity, tag="spawn", kw_only=True):
    """Where the player starts."""

    facing: Literal["left", "right"] = "right"


class Goal(_Entity, tag="goal", kw_only=True):
    """Touching it clears the level."""

    width: float = 48.0
    height: float = 64.0


class Checkpoint(_Entity, tag="checkpoint", kw_only=True):
    """Touching it makes it the respawn point."""


class Collectible(_Entity, tag="collectible", kw_only=True):
    """Taken on touch; adds ``value`` to the score."""

    value: int = 1


class Hazard(_Entity, tag="hazard", kw_only=True):
    """Touching it costs a life."""

    style: Literal["spikes", "lava", "saw"] = "spikes"
    width: float = 32.0
    height: float = 16.0


class Crate(_Entity, tag="crate", kw_only=True):
    """A pushable dynamic box of a material."""

    width: float = 32.0
    height: float = 32.0
    material: Name


class MovingPlatform(_Entity, tag="moving_platform", kw_only=True):
    """A kinematic platform following ``path`` (points relative to ``x, y``) at ``speed`` px/s."""

    width: float = 96.0
    height: float = 16.0
    material: Name
    path: PathPoints
    speed: float = 60.0
    mode: Literal["loop", "pingpong"] = "pingpong"
    active: bool = True
    """False: waits for a linked switch."""


class Switch(_Entity, tag="switch", kw_only=True):
    """Toggles what it links to: a ``button`` latches, a ``plate`` is held down by weight."""

    mode: Literal["button", "plate"] = "button"
    width: float = 32.0
    height: float = 12.0


class Door(_Entity, tag="door", kw_only=True):
    """A solid block that a linked switch opens."""

    width: float = 24.0
    height: float = 96.0
    open: bool = False


class Sign(_Entity, tag="sign", kw_only=True):
    """Text shown when the player is near."""

    text: Text


class BouncePad(_Entity, tag="bounce_pad", kw_only=True):
    """Launches the player upward with ``strength`` px/s."""

    width: float = 48.0
    height: float = 12.0
    strength: float = 900.0


Entity = (
    Spawn
    | Goal
    | Checkpoint
    | Collectible
    | Hazard
    | Crate
    | MovingPlatform
    | Switch
    | Door
    | Sign
    | BouncePad
)
ENTITY_TYPES: tuple[type[_Entity], ...] = (
    Spawn,
    Goal,
    Checkpoint,
    Collectible,
    Hazard,
    Crate,
    MovingPlatform,
    Switch,
    Door,
    Sign,
    BouncePad,
)
LINK_SOURCES: tuple[type[_Entity], ...] = (Switch,)
LINK_TARGETS: tuple[type[_Entity], ...] = (Door, MovingPlatform)
