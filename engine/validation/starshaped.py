"""Measures of polygons, and polygons proven valid in numpy so that only the others need GEOS.

A ring is *star-shaped around a point c* here when its points go round c strictly one way, each
step turning by more than 0 and less than half a turn, and all the steps together exactly one
turn. Each edge then lies in its own wedge of the plane around c, and two edges meet only where
neighbours share a point: the ring is simple, its points are distinct, and it encloses c with
positive area. GEOS finds a polygon of one such ring valid, with an area above 0. So it does a
polygon of such an outline with one hole that is itself star-shaped (around its own centre) and
lies inside the open disc around the outline's c that no edge of the outline reaches: the hole
is then strictly inside the outline and touches nothing. c is each ring's mean point.

Rounding is bounded, not ignored. ``p − c`` of two float64 values is rounded once, so each
vector is off by at most 2⁻⁵³ of itself, and a cross product by about 10⁻¹⁵ × the product of
the two lengths. A step must turn by a sine above :data:`TURN` (10⁶ × that), so its direction
and the count of turns hold for the exact points. The distance from c to an edge's line is
|cross| / |edge|: with those sines its error is under 2 × 10⁻⁶ of itself, and a hole must stay
:data:`CLEAR` inside the disc. Points within :data:`NEAR` × (1 + |c|) of c are not judged (no
value underflows). A polygon that misses a margin is not judged here: GEOS decides it, exactly
as before.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

TURN = 1e-9
"""Least sine of a step's turn around c."""
CLEAR = 1e-5
"""A hole's farthest point must be nearer c than (1 − CLEAR) × the outline's nearest edge."""
NEAR = 1e-6
"""A point this close to c, relative to 1 + c's largest coordinate, is too close to judge."""

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]


def offsets(counts: Ints) -> Ints:
    """``[0, c0, c0 + c1, ...]``: where each run starts, and the total at the end."""
    out = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=out[1:])
    return out


def _points_of(rings: Ints, counts: Ints) -> npt.NDArray[np.bool_]:
    """Which points belong to one of ``rings``."""
    chosen = np.zeros(len(counts), dtype=bool)
    chosen[rings] = True
    return np.repeat(chosen, counts)


def measure(coords: Floats, counts: Ints, per_polygon: Ints) -> tuple[Floats, Bools]:
    """Each polygon's (area, perimeter), and which polygons are proven valid with an area
    above 0 (see the module's docstring).

    ``coords`` holds every ring's points, ring after ring (``counts[r]`` points each, at least
    3; a ring's last point joins its first), polygon after polygon (``per_polygon[i]`` rings
    each, the outline first). The area is the outline's less its holes'; the perimeter is the
    length of every ring.
    """
    n = len(per_polygon)
    if n == 0:
        return np.zeros((0, 2)), np.zeros(0, dtype=bool)
    starts = offsets(counts)[:-1]
    first = offsets(per_polygon)[:-1]
    nxt = np.arange(1, len(coords) + 1)
    nxt[starts + counts - 1] = starts  # the point after each point in its ring
    x, y = np.ascontiguousarray(coords.T)  # each coordinate in one run of memory
    cx = np.add.reduceat(x, starts) / counts
    cy = np.add.reduceat(y, starts) / counts
    dx = x - np.repeat(cx, counts)
    dy = y - np.repeat(cy, counts)
    dxn, dyn = dx[nxt], dy[nxt]
    cross = dx * dyn - dy * dxn
    ex, ey = dxn - dx, dyn - dy
    edge2 = ex * ex + ey * ey
    r2 = dx * dx + dy * dy
    # Twice a ring's signed area is the sum of its steps' cross products (around any point).
    ring_area = np.abs(np.add.reduceat(cross, starts)) / -2  # a hole's counts against
    ring_area[first] *= -1
    owner = np.repeat(np.arange(n), per_polygon)
    measures = np.empty((n, 2))
    measures[:, 0] = np.bincount(owner, weights=ring_area, minlength=n)
    perimeter = np.add.reduceat(np.sqrt(edge2), starts)
    measures[:, 1] = np.bincount(owner, weights=perimeter, minlength=n)

    near = (NEAR * (1 + np.maximum(np.abs(cx), np.abs(cy)))) ** 2
    wide = (cross * cross > (TURN * TURN) * r2 * r2[nxt]) & (r2 > np.repeat(near, counts))
    # Going round one way, each step turning less than half a turn, a ring crosses the ray from
    # c along +x once a turn: anticlockwise from below the x axis (y < 0) to on or above it,
    # clockwise the other way. A closed ring crosses the axis as often one way as the other, so
    # the crossings from below count the turns either way.
    below = dy < 0
    # One pass adds up three counts a ring, packed in 16-bit fields (a ring has < 65,536
    # points): steps wide enough (and not too near c), anticlockwise steps, and turns.
    tally = wide.astype(np.int64)
    tally |= (cross > 0).astype(np.int64) << 16
    tally |= (below & ~below[nxt]).astype(np.int64) << 32
    t = np.add.reduceat(tally, starts)
    wide_steps, ccw, turns = t & 0xFFFF, (t >> 16) & 0xFFFF, t >> 32
    star = (wide_steps == counts) & ((ccw == counts) | (ccw == 0)) & (turns == 1)

    proven = star[first] & (per_polygon <= 2)
    holed = np.flatnonzero(proven & (per_polygon == 2))
    if len(holed):
        outline = first[holed]
        hole = outline + 1
        # Squared distance from c to each edge's line, which no point of the edge is nearer
        # (the edges of these outlines have lengths above 0: their steps turn).
        edges = _points_of(outline, counts)
        line2 = cross[edges] ** 2 / edge2[edges]
        clear = np.sqrt(np.minimum.reduceat(line2, offsets(counts[outline])[:-1]))
        reach2 = r2[_points_of(hole, counts)]
        reach = np.sqrt(np.maximum.reduceat(reach2, offsets(counts[hole])[:-1]))
        apart = np.hypot(cx[hole] - cx[outline], cy[hole] - cy[outline])
        proven[holed] = star[hole] & (reach + apart < clear * (1 - CLEAR))
    return measures, np.asarray(proven)
