"""Level geometry → pymunk shapes.

Static terrain becomes chains of segments along every ring (with neighbours set, so boxes slide
over the joints); dynamic and kinematic polygons are cut into convex triangles with shapely's
constrained Delaunay triangulation (holes respected), which pymunk accepts.
"""

from __future__ import annotations

from collections.abc import Sequence

import pymunk

from engine.level.model import Material, Shape, TileLayer
from engine.packed import TILE_INDEX, tiles_array, unpack_points

Point = tuple[float, float]


def rings_of(shape: Shape) -> list[list[Point]]:
    return [unpack_points(shape.points), *(unpack_points(h) for h in shape.holes)]


SEGMENT_RADIUS = 3.0
"""Static terrain is a chain of segments this thick, laid along the polygon shrunk by the same
amount: the surface is where it is drawn, and a thin or fast body that sinks into it is pushed
back out instead of slipping through an infinitely thin line."""


def add_segment_chain(
    body: pymunk.Body, ring: Sequence[Point], material: Material, *, radius: float = SEGMENT_RADIUS
) -> list[pymunk.Segment]:
    """A closed chain of segments along ``ring``, attached to ``body``.

    Segment neighbours (``set_neighbors``) are deliberately not set: with them, a body landing
    on a joint where the surface bends could fall through the ground (seen in 4 of 60 drops on
    bumpy ground, 0 without; ``tests/engine/sim/test_world.py`` drops the player 40 times).
    """
    n = len(ring)
    segs = [
        pymunk.Segment(body, ring[i], ring[(i + 1) % n], radius)
        for i in range(n)
        if ring[i] != ring[(i + 1) % n]
    ]
    for seg in segs:
        seg.friction = material.friction
        seg.elasticity = material.restitution
    return segs


def convex_pieces(shape: Shape) -> list[list[Point]]:
    """Convex pieces covering the polygon (holes left out), in document coordinates: the
    polygon itself when it is convex, else triangles."""
    import shapely

    rings = rings_of(shape)
    poly = shapely.Polygon(rings[0], rings[1:])
    if not shape.holes and poly.convex_hull.area - poly.area <= 1e-9 * poly.area:
        return [rings[0]]  # convex: one piece, which pymunk takes whole
    tris = shapely.constrained_delaunay_triangles(poly)
    out: list[list[Point]] = []
    for tri in getattr(tris, "geoms", []):
        coords = list(tri.exterior.coords)[:3]
        out.append([(float(x), float(y)) for x, y in coords])
    return out


def _rings_of_polygons(geom: object) -> list[list[Point]]:
    rings: list[list[Point]] = []
    for poly in getattr(geom, "geoms", [geom]):
        if poly.is_empty:
            continue
        for ring in [poly.exterior, *poly.interiors]:
            rings.append([(float(x), float(y)) for x, y in list(ring.coords)[:-1]])
    return rings


def inset_rings(
    outline: Sequence[Point], holes: Sequence[Sequence[Point]], radius: float = SEGMENT_RADIUS
) -> tuple[list[list[Point]], float, list[list[Point]]]:
    """Rings for static segments of ``radius`` whose outer surface is the polygon's outline
    (the polygon shrunk by ``radius``, holes grown), their radius, and triangles filling the
    shrunk polygon. A polygon too thin to shrink keeps its own rings, thin, and its triangles."""
    import shapely

    poly = shapely.Polygon(outline, holes)
    inner = poly.buffer(-radius, join_style="mitre", mitre_limit=4.0)
    if inner.is_empty or inner.area < 0.25 * poly.area:
        inner, radius = poly, 0.0
        rings = [list(outline), *(list(h) for h in holes)]
    else:
        rings = _rings_of_polygons(inner)
    filling: list[list[Point]] = []
    for tri in getattr(shapely.constrained_delaunay_triangles(inner), "geoms", []):
        coords = [(float(x), float(y)) for x, y in list(tri.exterior.coords)[:3]]
        if shapely.Polygon(coords).area > 1e-6:
            filling.append(coords)
    return rings, radius, filling


def solid_tile_polygons(layer: TileLayer) -> list[tuple[list[Point], list[list[Point]]]]:
    """(outline, holes) of the solid cells of a tile layer, cells merged first."""
    import numpy as np
    import shapely

    cells = tiles_array(layer.data).reshape(layer.rows, layer.columns)
    rows, cols = np.nonzero(cells & TILE_INDEX)
    if len(rows) == 0:
        return []
    tw, th = layer.tileset.tile_width, layer.tileset.tile_height
    x0 = layer.x + cols * tw
    y0 = layer.y + rows * th
    # GEOS can leave a floating-point flag set, which numpy reports after the call as "divide
    # by zero encountered in box" (pygeos#357); these finite boxes cannot divide by zero.
    with np.errstate(divide="ignore", invalid="ignore"):
        boxes = shapely.box(x0, y0, x0 + tw, y0 + th)
        merged = shapely.union_all(boxes)
    out: list[tuple[list[Point], list[list[Point]]]] = []
    for poly in getattr(merged, "geoms", [merged]):
        if poly.is_empty:
            continue
        rings = _rings_of_polygons(poly)
        out.append((rings[0], rings[1:]))
    return out
