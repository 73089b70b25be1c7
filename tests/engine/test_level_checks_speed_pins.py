"""Pins for the faster level checks: the outlines-first ring order measures exactly as the
polygon order does, and a moving shape with an empty hole is reported, not a GEOS crash."""

from __future__ import annotations

import numpy as np

from engine import codec
from engine.packed import pack_points
from engine.validation import check_bytes
from engine.validation.starshaped import measure, measure_outlines_first
from tests.factories import raw, simple_level


def _square(x: float, y: float, side: float) -> list[tuple[float, float]]:
    return [(x, y), (x + side, y), (x + side, y + side), (x, y + side)]


def test_outlines_first_order_measures_bit_for_bit_as_polygon_order() -> None:
    Ring = list[tuple[float, float]]
    polygons: list[tuple[Ring, list[Ring]]] = [
        (_square(0, 0, 100), [_square(40, 40, 20)]),
        (_square(200, 0, 10), []),
        (_square(300, 0, 100), [_square(310, 10, 10), _square(350, 50, 10)]),
        ([(0.0, 0.0), (10.0, 10.0), (10.0, 0.0), (0.0, 10.0)], []),
        (_square(500, 500, 3)[::-1], [_square(501, 501, 1)]),
    ]
    rings = [r for outline, holes in polygons for r in (outline, *holes)]
    coords = np.asarray([p for r in rings for p in r], dtype=np.float64)
    counts = np.asarray([len(r) for r in rings], dtype=np.int64)
    per_polygon = np.asarray([1 + len(h) for _, h in polygons], dtype=np.int64)
    first = [o for o, _ in polygons] + [h for _, hs in polygons for h in hs]
    coords_first = np.asarray([p for r in first for p in r], dtype=np.float64)
    counts_first = np.asarray([len(r) for r in first], dtype=np.int64)
    expected = measure(coords, counts, per_polygon)
    got = measure_outlines_first(coords_first, counts_first, per_polygon - 1)
    assert np.array_equal(got[0], expected[0]) and np.array_equal(got[1], expected[1])
    assert got[1].tolist() == [True, True, False, False, True]


def test_a_moving_shape_with_an_empty_hole_is_reported_not_a_crash() -> None:
    doc = raw(simple_level())
    shape = doc["level"]["shapes"][0]
    shape["body"] = "dynamic"
    shape["holes"] = [b"", pack_points(_square(10, 510, 5))]
    problems = [str(p) for p in check_bytes(codec.encode_any(doc)).problems]
    assert problems == ["$.level.shapes[0].holes[0]: hole has 0 points, needs at least 3"]
