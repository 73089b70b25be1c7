"""What is under the pointer: hit tests on shapes, entities and decorations, in world px.

The canvas draws back decorations, then shapes, entities and front decorations, later items
over earlier ones; a pick looks the other way round: front decorations from last to first, then
entities, shapes and back decorations, each from last to first. An entity is its box (centred on
``x, y``; types without a size use the size they are drawn at). A shape is the inside of its
outline less its holes, plus a band ``tolerance`` wide along its edges (so thin shapes can be
clicked). A decoration is its rectangle turned by its rotation about its centre, where it lies
in the level (the edit view does not scroll it by its parallax).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

from engine.document import LevelDocument
from engine.level.entities import Checkpoint, Collectible, Entity, Sign, Spawn
from engine.level.model import Decoration, Shape
from engine.packed import points_array
from engine.sim import player
from engine.sim.world import CHECKPOINT_SIZE, COLLECTIBLE_RADIUS

Bounds = tuple[float, float, float, float]
"""``x0, y0, x1, y1`` with ``x0 <= x1`` and ``y0 <= y1``."""

# Entities without a size: the box they are drawn (or collide) at, width × height in px.
UNSIZED: dict[type, tuple[float, float]] = {
    Spawn: (player.WIDTH, player.HEIGHT),
    Checkpoint: CHECKPOINT_SIZE,
    Collectible: (2 * COLLECTIBLE_RADIUS, 2 * COLLECTIBLE_RADIUS),
    Sign: (40.0, 48.0),
}


def entity_size(ent: Entity) -> tuple[float, float]:
    if type(ent) in UNSIZED:
        return UNSIZED[type(ent)]
    width: float = getattr(ent, "width", 32.0)
    height: float = getattr(ent, "height", 32.0)
    return width, height


def entity_bounds(ent: Entity) -> Bounds:
    w, h = entity_size(ent)
    return ent.x - w / 2, ent.y - h / 2, ent.x + w / 2, ent.y + h / 2


def shape_bounds(shape: Shape) -> Bounds:
    arr = points_array(shape.points)
    if not len(arr):
        return 0.0, 0.0, 0.0, 0.0
    (x0, y0), (x1, y1) = arr.min(axis=0), arr.max(axis=0)
    return float(x0), float(y0), float(x1), float(y1)


def decoration_corners(deco: Decoration) -> list[tuple[float, float]]:
    """The corners of the decoration's turned rectangle (top-left, top-right, bottom-right,
    bottom-left before the turn), in world px."""
    turn = math.radians(deco.rotation)  # clockwise on screen, where y points down
    c, s = math.cos(turn), math.sin(turn)
    w, h = deco.width / 2, deco.height / 2
    return [
        (deco.x + dx * c - dy * s, deco.y + dx * s + dy * c)
        for dx, dy in ((-w, -h), (w, -h), (w, h), (-w, h))
    ]


def decoration_bounds(deco: Decoration) -> Bounds:
    corners = decoration_corners(deco)
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    return min(xs), min(ys), max(xs), max(ys)


def decoration_hit(deco: Decoration, x: float, y: float, tolerance: float = 0.0) -> bool:
    """Whether ``(x, y)`` is within ``tolerance`` of the decoration's turned rectangle."""
    turn = math.radians(deco.rotation)
    c, s = math.cos(turn), math.sin(turn)
    px, py = x - deco.x, y - deco.y
    local_x, local_y = px * c + py * s, -px * s + py * c  # turned back
    return (
        abs(local_x) <= deco.width / 2 + tolerance and abs(local_y) <= deco.height / 2 + tolerance
    )


def bounds(doc: LevelDocument, ident: int) -> Bounds | None:
    """The bounding box of the shape, entity or decoration ``ident`` (None when there is
    none)."""
    for ent in doc.level.entities:
        if ent.id == ident:
            return entity_bounds(ent)
    for shape in doc.level.shapes:
        if shape.id == ident:
            return shape_bounds(shape)
    for deco in doc.level.decorations:
        if deco.id == ident:
            return decoration_bounds(deco)
    return None


def split_ids(doc: LevelDocument, ids: Iterable[int]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """``ids`` as (shape ids, entity ids), each in document order; unknown ids (and those of
    decorations: see :func:`decoration_ids`) are dropped."""
    wanted = set(ids)
    shapes = tuple(s.id for s in doc.level.shapes if s.id in wanted)
    entities = tuple(e.id for e in doc.level.entities if e.id in wanted)
    return shapes, entities


def decoration_ids(doc: LevelDocument, ids: Iterable[int]) -> tuple[int, ...]:
    """The ids among ``ids`` that are decorations', in document order."""
    wanted = set(ids)
    return tuple(d.id for d in doc.level.decorations if d.id in wanted)


def _inside(ring: npt.NDArray[np.float64], x: float, y: float) -> bool:
    """Even-odd rule: whether ``(x, y)`` is inside the closed ring."""
    if len(ring) < 3:
        return False
    xs, ys = ring[:, 0], ring[:, 1]
    xn, yn = np.roll(xs, -1), np.roll(ys, -1)
    crosses = (ys > y) != (yn > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        at = xs + (y - ys) * (xn - xs) / (yn - ys)
    return bool(np.count_nonzero(crosses & (x < at)) % 2)


def _edge_distance(ring: npt.NDArray[np.float64], x: float, y: float) -> float:
    """Distance from ``(x, y)`` to the closed ring's edges (inf for an empty ring)."""
    if not len(ring):
        return float("inf")
    a = ring
    b = np.roll(ring, -1, axis=0)
    ab = b - a
    ap = np.array([x, y]) - a
    length2 = (ab * ab).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(length2 > 0, (ap * ab).sum(axis=1) / length2, 0.0)
    t = np.clip(t, 0.0, 1.0)
    nearest = a + ab * t[:, None]
    return float(np.hypot(*(nearest - (x, y)).T).min())


def shape_hit(shape: Shape, x: float, y: float, tolerance: float = 0.0) -> bool:
    """Whether ``(x, y)`` is on the shape: inside its outline and in none of its holes, or
    within ``tolerance`` of one of its edges."""
    rings = [points_array(shape.points)] + [points_array(h) for h in shape.holes]
    if tolerance > 0 and any(_edge_distance(r, x, y) <= tolerance for r in rings):
        return True
    return _inside(rings[0], x, y) and not any(_inside(h, x, y) for h in rings[1:])


def pick(doc: LevelDocument, x: float, y: float, *, tolerance: float = 4.0) -> int | None:
    """The id of the topmost decoration, entity or shape at ``(x, y)``, or None."""
    level = doc.level
    for deco in reversed(level.decorations):
        if deco.front and decoration_hit(deco, x, y, tolerance):
            return deco.id
    for ent in reversed(level.entities):
        x0, y0, x1, y1 = entity_bounds(ent)
        if x0 - tolerance <= x <= x1 + tolerance and y0 - tolerance <= y <= y1 + tolerance:
            return ent.id
    for shape in reversed(level.shapes):
        x0, y0, x1, y1 = shape_bounds(shape)
        if not (x0 - tolerance <= x <= x1 + tolerance and y0 - tolerance <= y <= y1 + tolerance):
            continue
        if shape_hit(shape, x, y, tolerance):
            return shape.id
    for deco in reversed(level.decorations):
        if not deco.front and decoration_hit(deco, x, y, tolerance):
            return deco.id
    return None


def pick_rect(doc: LevelDocument, x0: float, y0: float, x1: float, y1: float) -> set[int]:
    """The ids of the shapes, entities and decorations whose bounds (a decoration's: of its
    turned rectangle) lie wholly inside the rectangle (its corners in any order)."""
    left, right = min(x0, x1), max(x0, x1)
    top, bottom = min(y0, y1), max(y0, y1)

    def within(b: Bounds) -> bool:
        return left <= b[0] and b[2] <= right and top <= b[1] and b[3] <= bottom

    level = doc.level
    found = {s.id for s in level.shapes if len(s.points) and within(shape_bounds(s))}
    found |= {e.id for e in level.entities if within(entity_bounds(e))}
    found |= {d.id for d in level.decorations if within(decoration_bounds(d))}
    return found


def nearest_point(
    doc: LevelDocument, shape_id: int, x: float, y: float, tolerance: float
) -> tuple[int | None, int] | None:
    """``(hole, index)`` of the point of shape ``shape_id`` nearest ``(x, y)`` within
    ``tolerance`` (``hole`` None: the outline), or None (also when there is no such shape)."""
    shape = next((s for s in doc.level.shapes if s.id == shape_id), None)
    if shape is None:
        return None
    best: tuple[int | None, int] | None = None
    best_d = tolerance
    rings: list[tuple[int | None, bytes]] = [(None, shape.points)]
    rings += list(enumerate(shape.holes))
    for hole, data in rings:
        arr = points_array(data)
        if not len(arr):
            continue
        d = np.hypot(arr[:, 0] - x, arr[:, 1] - y)
        i = int(d.argmin())
        if float(d[i]) <= best_d and (best is None or float(d[i]) < best_d):
            best, best_d = (hole, i), float(d[i])
    return best
