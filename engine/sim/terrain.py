"""Level geometry → pymunk shapes.

Static terrain becomes chains of segments along every ring (with neighbours set, so boxes slide
over the joints); dynamic and kinematic polygons are cut into convex triangles with shapely's
constrained Delaunay triangulation (holes respected), which pymunk accepts.
"""

from __future__ import annotations

from collections.abc import Sequence

import pymunk

from engine.level.model import Material, Shape, TileLayer
from engine.packed import tiles_array, unpack_points

Point = tuple[float, float]


def rings_of(shape: Shape) -> list[list[Point]]:
    return [unpack_points(shape.points), *(unpack_points(h) for h in shape.holes)]


def add_segment_chain(
    body: pymunk.Body, ring: Sequence[Point], material: Material, *, radius: float = 0.0
) -> list[pymunk.Segment]:
    """A closed chain of segments along ``ring``, attached to ``body``."""
    n = len(ring)
    segs = [
        pymunk.Segment(body, ring[i], ring[(i + 1) % n], radius)
        for i in range(n)
        if ring[i] != ring[(i + 1) % n]
    ]
    m = len(segs)
    for i, seg in enumerate(segs):
        prev_seg, next_seg = segs[i - 1], segs[(i + 1) % m]
        seg.set_neighbors(prev_seg.a, next_seg.b)
        seg.friction = material.friction
        seg.elasticity = material.restitution
    return segs


def convex_pieces(shape: Shape) -> list[list[Point]]:
    """Triangles covering the polygon (holes left out), in document coordinates."""
    import shapely

    rings = rings_of(shape)
    poly = shapely.Polygon(rings[0], rings[1:])
    tris = shapely.constrained_delaunay_triangles(poly)
    out: list[list[Point]] = []
    for tri in getattr(tris, "geoms", []):
        coords = list(tri.exterior.coords)[:3]
        out.append([(float(x), float(y)) for x, y in coords])
    return out


def solid_tile_rings(layer: TileLayer) -> list[list[Point]]:
    """Outlines of the solid cells of a tile layer (cells merged first)."""
    import numpy as np
    import shapely

    cells = tiles_array(layer.data).reshape(layer.rows, layer.columns)
    rows, cols = np.nonzero(cells)
    if len(rows) == 0:
        return []
    tw, th = layer.tileset.tile_width, layer.tileset.tile_height
    x0 = layer.x + cols * tw
    y0 = layer.y + rows * th
    boxes = shapely.box(x0, y0, x0 + tw, y0 + th)
    merged = shapely.union_all(boxes)
    polys = getattr(merged, "geoms", [merged])
    rings: list[list[Point]] = []
    for poly in polys:
        for ring in [poly.exterior, *poly.interiors]:
            coords = [(float(x), float(y)) for x, y in list(ring.coords)[:-1]]
            rings.append(coords)
    return rings
