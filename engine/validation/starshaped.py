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

from typing import Any

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


def points_of(rings: Ints, starts: Ints, counts: Ints) -> Ints:
    """The indices of the points of ``rings`` (ring ``r``'s run from ``starts[r]``, ``counts[r]``
    long), ring after ring."""
    sizes = counts[rings]
    out = np.arange(int(sizes.sum()), dtype=np.int64)
    out += np.repeat(starts[rings] - offsets(sizes)[:-1], sizes)
    return out


def _shifted(values: npt.NDArray[Any], starts: Ints, ends: Ints) -> npt.NDArray[Any]:
    """Each point's value at the next point of its ring (the first after the last)."""
    out = np.empty_like(values)
    out[:-1] = values[1:]
    out[ends] = values[starts]
    return out


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
    # The same rings, outlines first (see :func:`measure_outlines_first`).
    first = offsets(per_polygon)[:-1]
    is_hole = np.ones(len(counts), dtype=bool)
    is_hole[first] = False
    order = np.concatenate([first, np.flatnonzero(is_hole)])
    starts = offsets(counts)[:-1]
    coords = np.asarray(coords, dtype=np.float64)[points_of(order, starts, counts)]
    return measure_outlines_first(coords, counts[order], per_polygon - 1)


def measure_outlines_first(
    coords: Floats, counts: Ints, holes: Ints | None
) -> tuple[Floats, Bools]:
    """:func:`measure` of polygons whose rings come in another order: the ``n`` outlines first,
    then the holes, polygon after polygon (``holes[i]`` of them for polygon ``i``; ``None``:
    none at all). The results are the same, bit for bit, as :func:`measure`'s."""
    r = len(counts)
    n = r if holes is None else len(holes)
    if n == 0:
        return np.zeros((0, 2)), np.zeros(0, dtype=bool)
    bounds = offsets(counts)
    starts, ends = bounds[:-1], bounds[1:] - 1
    x, y = coords[:, 0], coords[:, 1]
    cx = np.add.reduceat(x, starts)
    cx /= counts
    cy = np.add.reduceat(y, starts)
    cy /= counts
    dx = np.repeat(cx, counts)
    np.subtract(x, dx, out=dx)
    dy = np.repeat(cy, counts)
    np.subtract(y, dy, out=dy)
    dxn, dyn = _shifted(dx, starts, ends), _shifted(dy, starts, ends)
    cross = dx * dyn
    cross -= dy * dxn
    ex = np.subtract(dxn, dx, out=dxn)
    ex *= ex
    ey = np.subtract(dyn, dy, out=dyn)
    ey *= ey
    edge2 = np.add(ex, ey, out=ex)
    r2 = dx * dx
    r2 += np.multiply(dy, dy, out=ey)
    # Twice a ring's signed area is the sum of its steps' cross products (around any point).
    ring = np.empty((r, 2))
    area, length = ring[:, 0], ring[:, 1]
    np.abs(np.add.reduceat(cross, starts), out=area)
    area /= -2  # a hole's counts against
    np.add.reduceat(np.sqrt(edge2, out=ey), starts, out=length)
    measures = ring[:n].copy()
    measures[:, 0] *= -1
    if (
        holes is not None and r > n
    ):  # each hole's area and length added in turn, as the outline's were
        owner = np.repeat(np.arange(n), holes)
        if holes.max() <= 1:  # one hole each, or none: one sum a polygon
            measures[owner] += ring[n:]
        else:
            np.add.at(measures, owner, ring[n:])

    near = (NEAR * (1 + np.maximum(np.abs(cx), np.abs(cy)))) ** 2
    wide = r2 > near.max()  # the same as against each ring's own, when all are
    if not wide.all():
        wide = r2 > np.repeat(near, counts)
    least = np.multiply(r2, TURN * TURN, out=ey)
    least *= _shifted(r2, starts, ends)
    wide &= np.multiply(cross, cross, out=dx) > least  # dx is not needed any more
    # Going round one way, each step turning less than half a turn, a ring crosses the ray from
    # c along +x once a turn: anticlockwise from below the x axis (y < 0) to on or above it,
    # clockwise the other way. A closed ring crosses the axis as often one way as the other, so
    # the crossings from below count the turns either way.
    below = dy < 0
    up = _shifted(below, starts, ends)
    np.greater(below, up, out=up)  # below here, not at the next point
    # One pass adds up three counts a ring, packed in 16-bit fields (a ring has < 65,536
    # points): steps wide enough (and not too near c), anticlockwise steps, and turns.
    tally = np.left_shift(cross > 0, 16, dtype=np.int64)
    tally += wide
    tally += np.left_shift(up, 32, dtype=np.int64)
    t = np.add.reduceat(tally, starts)
    wide_steps, ccw, turns = t & 0xFFFF, (t >> 16) & 0xFFFF, t >> 32
    star = (wide_steps == counts) & ((ccw == counts) | (ccw == 0)) & (turns == 1)

    proven = star[:n]
    if holes is None or r == n:
        return measures, proven
    proven &= holes <= 1
    holed = np.flatnonzero(proven & (holes == 1))
    if len(holed):
        hole = offsets(holes)[holed] + n
        # Squared distance from c to each edge's line, which no point of the edge is nearer
        # (the edges of these outlines have lengths above 0: their steps turn).
        edges = points_of(holed, starts, counts)
        line2 = cross[edges]
        line2 *= line2
        line2 /= edge2[edges]
        clear = np.sqrt(np.minimum.reduceat(line2, offsets(counts[holed])[:-1]))
        reach2 = r2[points_of(hole, starts, counts)]
        reach = np.sqrt(np.maximum.reduceat(reach2, offsets(counts[hole])[:-1]))
        apart = np.hypot(cx[hole] - cx[holed], cy[hole] - cy[holed])
        proven[holed] = star[hole] & (reach + apart < clear * (1 - CLEAR))
    return measures, proven
