"""Polygons proven valid in numpy (``engine.validation.starshaped``) are ones GEOS finds valid with
an area above 0, and their measures agree with GEOS's; everything else is left to GEOS."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import codec
from engine.packed import pack_points
from engine.validation import check_bytes
from engine.validation.starshaped import measure
from tests.factories import raw, simple_level

Ring = Sequence[tuple[float, float]]


def _measure(polygons: Sequence[tuple[Ring, Sequence[Ring]]]) -> tuple[np.ndarray, np.ndarray]:
    rings = [r for outline, holes in polygons for r in (outline, *holes)]
    coords = np.asarray([p for r in rings for p in r], dtype=np.float64).reshape(-1, 2)
    counts = np.asarray([len(r) for r in rings], dtype=np.int64)
    per_polygon = np.asarray([1 + len(holes) for _, holes in polygons], dtype=np.int64)
    return measure(coords, counts, per_polygon)


def _proven(outline: Ring, holes: Sequence[Ring] = ()) -> bool:
    return bool(_measure([(outline, holes)])[1][0])


def _square(x: float, y: float, side: float) -> list[tuple[float, float]]:
    return [(x, y), (x + side, y), (x + side, y + side), (x, y + side)]


def _star(
    n: int, cx: float, cy: float, radii: Sequence[float], turn: float = 0.0
) -> list[tuple[float, float]]:
    return [
        (
            cx + r * math.cos(turn + 2 * math.pi * k / n),
            cy + r * math.sin(turn + 2 * math.pi * k / n),
        )
        for k, r in zip(range(n), radii, strict=False)
    ]


def test_convex_and_star_shaped_rings_either_way_round_are_proven() -> None:
    assert _proven(_square(0, 0, 10))
    assert _proven(_square(0, 0, 10)[::-1])
    assert _proven(_star(10, 5e5, -3e5, [40, 80] * 5))
    assert _proven([(0, 0), (1e-3, 0), (0, 1e-3)])


@pytest.mark.parametrize(
    "outline",
    [
        [(0, 0), (10, 10), (10, 0), (0, 10)],  # a bow tie
        [(0, 0), (5, 5), (10, 10)],  # no area
        [(0, 0), (10, 0), (10, 0), (10, 10)],  # a repeated point
        [(0, 0), (10, 0), (10, 10), (0, 0)],  # closed by hand: the last point is the first
        _star(5, 0, 0, [100] * 5, 0)[::2] + _star(5, 0, 0, [100] * 5, 0)[1::2],  # pentagram
        [(100 * math.cos(t), 100 * math.sin(t)) for t in np.linspace(0, 4 * math.pi, 13)[:-1]],
        [(0, 0), (30, 0), (30, 30), (20, 30), (20, 10), (10, 10), (10, 30), (0, 30)],  # a U
    ],
    ids=["bow-tie", "flat", "repeat", "closed", "pentagram", "twice-round", "concave-U"],
)
def test_rings_that_do_not_go_round_their_centre_once_are_left_to_geos(outline: Ring) -> None:
    assert not _proven(outline)


def test_a_hole_is_proven_only_inside_the_outlines_clear_disc() -> None:
    outline = _square(0, 0, 100)  # centre (50, 50); the nearest edge is 50 away
    assert _proven(outline, [_square(40, 40, 20)])
    assert _proven(outline, [_square(40, 40, 20)[::-1]])
    assert not _proven(outline, [_square(70, 70, 25)])  # inside, but not in the disc: GEOS
    assert not _proven(outline, [_square(200, 200, 5)])  # outside
    assert not _proven(outline, [[(40, 40), (60, 60), (60, 40), (40, 60)]])  # a bow tie
    assert not _proven(outline, [_square(40, 40, 5), _square(55, 55, 5)])  # two holes: GEOS


def test_the_measures_are_the_polygons_area_and_every_rings_length() -> None:
    outline, hole = _star(9, 1e5, 2e5, [50, 70, 60] * 3), _square(1e5 - 5, 2e5 - 5, 10)
    measures, proven = _measure([(outline, [hole]), (_square(0, 0, 3), [])])
    geom = shapely.Polygon(outline, [hole])
    assert proven.tolist() == [True, True]
    assert measures[0] == pytest.approx([geom.area, geom.length], rel=1e-12)
    assert measures[1].tolist() == [9.0, 12.0]


coordinate = st.integers(-6, 6).map(float) | st.floats(-1e3, 1e3, allow_nan=False)
points = st.lists(st.tuples(coordinate, coordinate), min_size=3, max_size=9)


@st.composite
def _polygons(draw: st.DrawFn) -> tuple[Ring, list[Ring]]:
    """Rings of every kind: random points (often degenerate), stars, and stars with holes."""
    kind = draw(st.sampled_from(["random", "star", "holed"]))
    if kind == "random":
        return draw(points), draw(st.lists(points, max_size=1))
    n = draw(st.integers(3, 12))
    cx, cy = draw(coordinate), draw(coordinate)
    radii = draw(st.lists(st.floats(0.5, 100), min_size=n, max_size=n))
    outline = _star(n, cx, cy, radii, draw(st.floats(0, 6.3)))
    if draw(st.booleans()):
        outline = outline[::-1]
    if kind == "star":
        return outline, []
    m = draw(st.integers(3, 8))
    room = min(radii) * draw(st.floats(0.05, 1.5))  # from well inside to across the outline
    hx, hy = cx + room * draw(st.floats(-1, 1)), cy + room * draw(st.floats(-1, 1))
    hole = _star(m, hx, hy, draw(st.lists(st.floats(0.01, 1), min_size=m, max_size=m)))
    hole = [(hx + (x - hx) * room, hy + (y - hy) * room) for x, y in hole]
    return outline, [hole]


@settings(max_examples=600, deadline=None)
@given(_polygons())
def test_whatever_is_proven_geos_finds_valid_with_area(polygon: tuple[Ring, list[Ring]]) -> None:
    outline, holes = polygon
    measures, proven = _measure([(outline, holes)])
    if proven[0]:
        geom = shapely.Polygon(outline, holes)
        assert geom.is_valid, shapely.is_valid_reason(geom)
        assert geom.area > 0
        assert measures[0, 0] == pytest.approx(geom.area, rel=1e-9)


def test_a_tiny_moving_polygon_far_out_is_too_thin() -> None:
    """Its area is measured around its own centre: a shoelace sum of coordinates near 1e6 once
    gave it an area of 6e-5 (not 5e-19) and so took it for thick enough."""
    doc = raw(simple_level())
    shape = doc["level"]["shapes"][0]
    shape["body"] = "dynamic"
    x = y = 999_999.0
    shape["points"] = pack_points([(x, y), (x + 1e-9, y), (x, y + 1e-9)])
    problems = [str(p) for p in check_bytes(codec.encode_any(doc)).problems]
    assert problems == [
        "$.level.shapes[0].points: a dynamic polygon must be at least 6 px thick somewhere "
        "(thinner bodies can fall through the ground)"
    ]
