"""Checks on a level: world, materials, shapes (geometry), entities, links and tile layers."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from itertools import repeat
from typing import Any

import numpy as np
import numpy.typing as npt

from engine import limits
from engine.document import LevelDocument
from engine.level.entities import (
    ENTITY_TYPES,
    LINK_SOURCES,
    LINK_TARGETS,
    BouncePad,
    Collectible,
    Crate,
    Door,
    Entity,
    Goal,
    Hazard,
    MovingPlatform,
    Sign,
    Switch,
)
from engine.level.model import Decoration, Level, Link, Shape
from engine.packed import POINT_BYTES, TILE_FLAGS, TILE_INDEX, points_array, tiles_array
from engine.validation.assets import AssetIndex
from engine.validation.geometry import check_rings
from engine.validation.report import TEXT_CONTROL, Report, num

_W = limits.MAX_WORLD
MAX_GRAVITY = 100_000.0
MAX_SPEED = 100_000.0
MIN_DENSITY = 1e-6
"""Below this a dynamic body's mass rounds to 0 in the physics engine."""
MIN_THICKNESS = 6.0
"""px: dynamic and kinematic bodies thinner than this can fall through the ground."""
"""Most a platform's speed or a bounce pad's strength may be, in px/s."""
_SIZED = (Goal, Hazard, Crate, MovingPlatform, Switch, Door, BouncePad)
_CONTROL = re.compile(r"[\x00-\x1f]")


def check_level(doc: LevelDocument, assets: AssetIndex, report: Report) -> None:
    level = doc.level
    report.positive("$.level.size.width", level.size.width, most=_W, limit="MAX_WORLD")
    report.positive("$.level.size.height", level.size.height, most=_W, limit="MAX_WORLD")
    report.finite("$.level.gravity.x", level.gravity.x, bound=MAX_GRAVITY)
    report.finite("$.level.gravity.y", level.gravity.y, bound=MAX_GRAVITY)
    bg = level.background
    report.color("$.level.background.color", bg.color)
    assets.ref(report, "$.level.background.image", bg.image, want="image", optional=True)
    report.between("$.level.background.parallax", bg.parallax, 0.0, 1.0)
    if level.next_id > limits.MAX_ID:
        report.add("$.level.next_id", f"more than {limits.MAX_ID:,} (limit MAX_ID)")

    materials: set[str] = set()
    for i, mat in enumerate(level.materials):
        base = f"$.level.materials[{i}]"
        if report.name(f"{base}.name", mat.name) and mat.name in materials:
            report.add(f"{base}.name", f"material {mat.name!r} is defined twice")
        materials.add(mat.name)
        if report.positive(f"{base}.density", mat.density, most=1e6) and (
            mat.density < MIN_DENSITY
        ):
            report.add(f"{base}.density", f"must be at least {MIN_DENSITY:g}, not {mat.density:g}")
        report.between(f"{base}.friction", mat.friction, 0.0, 100.0)
        report.between(f"{base}.restitution", mat.restitution, 0.0, 1.0)
        report.color(f"{base}.color", mat.color)
        assets.ref(report, f"{base}.texture", mat.texture, want="image", optional=True)

    def material(path: str, name: str) -> None:
        if name not in materials:
            report.add(path, f"material {name!r} is not defined in $.level.materials")

    ids: dict[int, tuple[str, int]] = {}
    """Who holds each id: (``shapes`` or ``entities``, index)."""

    def claim(section: str, i: int, ident: int) -> None:
        path = f"$.level.{section}[{i}].id"
        if ident < 1:
            report.add(path, f"id must be 1 or more, not {ident}")
        elif ident >= level.next_id:
            report.add(path, f"id {ident} is not below $.level.next_id ({level.next_id})")
        if ident in ids:
            where, j = ids[ident]
            report.add(path, f"id {ident} is already used by $.level.{where}[{j}]")
        else:
            ids[ident] = (section, i)

    # Each section is first checked in bulk; only when that finds something is it walked one
    # item at a time, which words and orders the problems. A clean section reports nothing
    # either way, so the two paths agree. ``ids`` is only filled when a walk needs it.
    shapes = level.shapes
    shape_ids = [shape.id for shape in shapes]
    shape_set = set(shape_ids)
    taken: Collection[int] = shape_set
    materials_ok = {s.material for s in shapes} <= materials
    if _fresh_ids(shape_ids, shape_set, (), level.next_id) and materials_ok:
        unclaimed = shape_ids
    else:
        unclaimed, taken = [], ids
        for i, shape in enumerate(shapes):
            claim("shapes", i, shape.id)
            material(f"$.level.shapes[{i}].material", shape.material)
    measures = check_rings(
        report,
        [shape.points for shape in shapes],
        [shape.holes for shape in shapes],
        lambda i: (f"$.level.shapes[{i}].points", f"$.level.shapes[{i}].holes"),
    )
    _check_thickness(report, shapes, measures)

    entities = level.entities
    entity_ids = [ent.id for ent in entities]
    if _fresh_ids(entity_ids, set(entity_ids), taken, level.next_id) and _entities_clean(
        entities, materials
    ):
        kinds: dict[int, type] = dict(zip(entity_ids, map(type, entities), strict=True))
    else:
        places = zip(repeat("shapes"), range(len(unclaimed)), strict=False)  # repeat is endless
        ids.update(zip(unclaimed, places, strict=True))  # the shapes' ids, as a walk claims them
        kinds = {}
        for i, ent in enumerate(entities):
            claim("entities", i, ent.id)
            kinds[ent.id] = type(ent)
            _check_entity(report, f"$.level.entities[{i}]", ent, material)

    if not _links_clean(level.links, kinds):
        _check_links(report, level.links, kinds)

    for i, layer in enumerate(level.tile_layers):
        _check_tile_layer(report, assets, f"$.level.tile_layers[{i}]", layer, materials)

    if level.decorations:
        _check_decorations(report, assets, level, shape_set | set(entity_ids))


def _check_decorations(report: Report, assets: AssetIndex, level: Level, in_use: set[int]) -> None:
    """Decorations: their ids (in the level's one id space), images and placement. Checked in
    bulk; walked one by one (wording and ordering the problems) only when that finds
    something."""
    decorations = level.decorations
    if not decorations:
        return
    deco_ids = [d.id for d in decorations]
    images = {d.image for d in decorations}
    if (
        _fresh_ids(deco_ids, set(deco_ids), in_use, level.next_id)
        and all(assets.types.get(key, "").startswith("image/") for key in images)
        and _all_within([d.x for d in decorations] + [d.y for d in decorations], False, _W)
        and _all_within([d.width for d in decorations] + [d.height for d in decorations], True, _W)
        and _all_within([d.rotation for d in decorations], False, 1e9)
        and _all_within([d.parallax for d in decorations], False, 4.0)
        and min(d.parallax for d in decorations) >= 0.0
        and _all_within([d.opacity for d in decorations], False, 1.0)
        and min(d.opacity for d in decorations) >= 0.0
    ):
        assets.used.update(images)
        return
    owner: dict[int, str] = {}
    for section, items in (("shapes", level.shapes), ("entities", level.entities)):
        for i, thing in enumerate(items):
            owner.setdefault(thing.id, f"$.level.{section}[{i}]")
    for i, deco in enumerate(decorations):
        base = f"$.level.decorations[{i}]"
        ident = deco.id
        if ident < 1:
            report.add(f"{base}.id", f"id must be 1 or more, not {ident}")
        elif ident >= level.next_id:
            report.add(f"{base}.id", f"id {ident} is not below $.level.next_id ({level.next_id})")
        if ident in owner:
            report.add(f"{base}.id", f"id {ident} is already used by {owner[ident]}")
        else:
            owner[ident] = base
        assets.ref(report, f"{base}.image", deco.image, want="image", optional=False)
        check_decoration_values(report, base, deco)


def check_decoration_values(report: Report, base: str, deco: Decoration) -> None:
    """A decoration's placement and looks: in the world, a size above 0, opacity 0 to 1,
    parallax 0 to 4 (the editor's commands check the same)."""
    report.finite(f"{base}.x", deco.x, bound=_W, limit="MAX_WORLD")
    report.finite(f"{base}.y", deco.y, bound=_W, limit="MAX_WORLD")
    report.positive(f"{base}.width", deco.width, most=_W, limit="MAX_WORLD")
    report.positive(f"{base}.height", deco.height, most=_W, limit="MAX_WORLD")
    report.finite(f"{base}.rotation", deco.rotation)
    report.between(f"{base}.opacity", deco.opacity, 0.0, 1.0)
    report.between(f"{base}.parallax", deco.parallax, 0.0, 4.0)


def _links_clean(links: Sequence[Link], kinds: dict[int, type]) -> bool:
    """Whether :func:`_check_links` would find nothing, in bulk: every link from a switch to a
    door or moving platform, none listed twice."""
    if not links:
        return True
    sources = [link.source for link in links]
    targets = [link.target for link in links]
    return (
        all(k is not None and issubclass(k, LINK_SOURCES) for k in set(map(kinds.get, sources)))
        and all(k is not None and issubclass(k, LINK_TARGETS) for k in set(map(kinds.get, targets)))
        and len(set(zip(sources, targets, strict=True))) == len(links)
    )


def _check_links(report: Report, links: Sequence[Link], kinds: dict[int, type]) -> None:
    linked: set[tuple[int, int]] = set()
    for i, link in enumerate(links):
        base = f"$.level.links[{i}]"
        source, target = kinds.get(link.source), kinds.get(link.target)
        if source is None:
            report.add(f"{base}.source", f"no entity has id {link.source}")
        elif not issubclass(source, LINK_SOURCES):
            report.add(f"{base}.source", f"entity {link.source} is not a switch")
        if target is None:
            report.add(f"{base}.target", f"no entity has id {link.target}")
        elif not issubclass(target, LINK_TARGETS):
            report.add(f"{base}.target", f"entity {link.target} is not a door or moving platform")
        if (link.source, link.target) in linked:
            report.add(base, "this link is listed twice")
        linked.add((link.source, link.target))


def _check_thickness(
    report: Report, shapes: Sequence[Shape], measures: npt.NDArray[np.float64]
) -> None:
    """Bodies that move must be thick enough not to pass through the ground."""
    # A polygon whose area is at least r × its perimeter has a point r from every edge (the
    # part of a polygon within r of its boundary has an area of at most r × perimeter), so
    # only the rest need the exact (slow) check.
    area, perimeter = measures[:, 0], measures[:, 1]
    with np.errstate(invalid="ignore"):
        sure = area >= MIN_THICKNESS / 2 * perimeter  # False for NaN: not well formed
    moving = [(i, shapes[i]) for i in np.flatnonzero(~sure).tolist()]
    moving = [(i, s) for i, s in moving if s.body != "static"]
    if not moving:
        return
    import shapely

    from engine.packed import unpack_points

    for i, shape in moving:
        if not all(shape.holes):
            continue  # GEOS crashes buffering a polygon with an empty hole; the ring checks
            # have said what is wrong with it
        try:
            poly = shapely.Polygon(
                unpack_points(shape.points), [unpack_points(h) for h in shape.holes]
            )
        except (ValueError, shapely.errors.GEOSException):
            continue  # the ring checks have said what is wrong
        if not poly.is_valid or poly.area <= 0:
            continue
        if poly.buffer(1e-6 - MIN_THICKNESS / 2).is_empty:  # exactly MIN_THICKNESS is fine
            report.add(
                f"$.level.shapes[{i}].points",
                f"a {shape.body} polygon must be at least {MIN_THICKNESS:g} px thick somewhere "
                "(thinner bodies can fall through the ground)",
            )


def _fresh_ids(
    idents: Sequence[int], fresh: set[int], taken: Collection[int], next_id: int
) -> bool:
    """Whether ``idents`` (whose set is ``fresh``) are distinct, in 1 to ``next_id - 1`` and not
    already ``taken``."""
    if not idents:
        return True
    return (
        len(fresh) == len(idents)
        and min(idents) >= 1
        and max(idents) < next_id
        and fresh.isdisjoint(taken)
    )


def _check_entity(
    report: Report, base: str, ent: Entity, material: Callable[[str, str], None]
) -> None:
    report.finite(f"{base}.x", ent.x, bound=_W, limit="MAX_WORLD")
    report.finite(f"{base}.y", ent.y, bound=_W, limit="MAX_WORLD")
    if isinstance(ent, Goal | Hazard | Crate | MovingPlatform | Switch | Door | BouncePad):
        report.positive(f"{base}.width", ent.width, most=_W, limit="MAX_WORLD")
        report.positive(f"{base}.height", ent.height, most=_W, limit="MAX_WORLD")
    if isinstance(ent, Crate | MovingPlatform):
        material(f"{base}.material", ent.material)
        for side in ("width", "height"):
            value = getattr(ent, side)
            if 0 < value < MIN_THICKNESS:
                report.add(
                    f"{base}.{side}",
                    f"must be at least {MIN_THICKNESS:g} px for a body that moves, "
                    f"not {num(value)}",
                )
    if isinstance(ent, MovingPlatform):
        _check_path(report, f"{base}.path", ent.path)
        report.positive(f"{base}.speed", ent.speed, most=MAX_SPEED)
    elif isinstance(ent, Collectible) and ent.value < 1:
        report.add(f"{base}.value", f"must be 1 or more, not {ent.value}")
    elif isinstance(ent, Sign):
        report.text(f"{base}.text", ent.text)
    elif isinstance(ent, BouncePad):
        report.positive(f"{base}.strength", ent.strength, most=MAX_SPEED)


def _all_within(values: list[float], low_exclusive: bool, most: float) -> bool:
    """All finite, at most ``most`` in size, and more than 0 when ``low_exclusive``."""
    if not values:
        return True
    arr = np.asarray(values, dtype=np.float64)
    if low_exclusive:
        return bool(((arr > 0) & (arr <= most)).all())
    return bool((np.abs(arr) <= most).all())  # false for NaN and inf


def _entities_clean(entities: Sequence[Entity], materials: set[str]) -> bool:
    """Whether the one-by-one entity checks (other than ids) would find nothing, in bulk."""
    groups: defaultdict[type, list[Any]] = defaultdict(list)
    for ent in entities:
        groups[type(ent)].append(ent)
    if not groups.keys() <= set(ENTITY_TYPES):
        return False  # a subclass: let the one-by-one checks judge it
    if not _all_within([e.x for e in entities] + [e.y for e in entities], False, _W):
        return False
    sized = [e for kind in _SIZED for e in groups.get(kind, ())]
    if not _all_within([e.width for e in sized] + [e.height for e in sized], True, _W):
        return False
    platforms: list[MovingPlatform] = groups.get(MovingPlatform, [])
    crates: list[Crate] = groups.get(Crate, [])
    moving = crates + platforms
    if moving and min([e.width for e in moving] + [e.height for e in moving]) < MIN_THICKNESS:
        return False
    if not {e.material for e in crates} | {e.material for e in platforms} <= materials:
        return False
    speeds = [e.speed for e in platforms] + [e.strength for e in groups.get(BouncePad, ())]
    if not _all_within(speeds, True, MAX_SPEED):
        return False
    if any(e.value < 1 for e in groups.get(Collectible, ())):
        return False
    if not all(e.text.strip() and not TEXT_CONTROL.search(e.text) for e in groups.get(Sign, ())):
        return False
    paths = [e.path for e in platforms]
    if any(len(p) % POINT_BYTES or len(p) < 2 * POINT_BYTES for p in paths):
        return False
    return bool(not paths or (np.abs(np.frombuffer(b"".join(paths), dtype="<f8")) <= _W).all())


def _check_path(report: Report, path: str, data: bytes) -> None:
    if len(data) % POINT_BYTES:
        report.add(path, f"{len(data)} bytes is not a whole number of points (16 bytes each)")
        return
    pts = points_array(data)
    if len(pts) < 2:
        report.add(
            path, f"path has {len(pts)} point{'' if len(pts) == 1 else 's'}, needs 2 or more"
        )
    elif not np.isfinite(pts).all():
        report.add(path, "a point has a coordinate that is not finite")
    elif not bool(abs(pts).max() <= _W):
        report.add(path, f"a point is more than {num(_W)} px out (limit MAX_WORLD)")


def _check_tile_layer(
    report: Report, assets: AssetIndex, base: str, layer: object, materials: set[str]
) -> None:
    from engine.level.model import TileLayer

    assert isinstance(layer, TileLayer)
    report.name(f"{base}.name", layer.name)
    ts = layer.tileset
    assets.ref(report, f"{base}.tileset.image", ts.image, want="image", optional=False)
    for key in ("tile_width", "tile_height", "columns"):
        if getattr(ts, key) < 1:
            report.add(f"{base}.tileset.{key}", f"must be 1 or more, not {getattr(ts, key)}")
    for key in ("margin", "spacing"):
        if getattr(ts, key) < 0:
            report.add(f"{base}.tileset.{key}", f"must be 0 or more, not {getattr(ts, key)}")
    if layer.columns < 1 or layer.rows < 1:
        report.add(base, f"grid is {layer.columns} × {layer.rows}, needs at least 1 × 1")
        return
    cells = layer.columns * layer.rows
    if cells > limits.MAX_TILES:
        report.add(base, f"{cells:,} cells, more than {limits.MAX_TILES:,} (limit MAX_TILES)")
        return
    if len(layer.data) != cells * 4:
        report.add(
            f"{base}.data",
            f"{len(layer.data)} bytes, expected {cells * 4} ({layer.columns} × {layer.rows} "
            "cells of 4 bytes)",
        )
        return
    report.finite(f"{base}.x", layer.x, bound=_W, limit="MAX_WORLD")
    report.finite(f"{base}.y", layer.y, bound=_W, limit="MAX_WORLD")
    report.between(f"{base}.parallax", layer.parallax, 0.0, 4.0)
    report.between(f"{base}.opacity", layer.opacity, 0.0, 1.0)
    grid = tiles_array(layer.data)
    flagged_empty = np.flatnonzero(((grid & TILE_INDEX) == 0) & ((grid & TILE_FLAGS) != 0))
    if len(flagged_empty):
        i = int(flagged_empty[0])
        report.add(
            f"{base}.data",
            f"cell {i % layer.columns}, {i // layer.columns} has flip flags but no tile",
        )
    if layer.solid and layer.material not in materials:
        report.add(f"{base}.material", f"material {layer.material!r} is not defined")
    size = assets.image_size(ts.image)
    if size and ts.tile_width >= 1 and ts.tile_height >= 1 and ts.columns >= 1:
        w, h = size
        step_x, step_y = ts.tile_width + ts.spacing, ts.tile_height + ts.spacing
        cols = (w - 2 * ts.margin + ts.spacing) // step_x
        rows = (h - 2 * ts.margin + ts.spacing) // step_y
        count = min(cols, ts.columns) * rows
        top = int((grid & TILE_INDEX).max(initial=0))
        if top > count:
            report.add(f"{base}.data", f"tile {top} does not exist; the tileset has {count}")
