"""Polygon checks with shapely, vectorised: point counts, finite coordinates, zero area,
self-intersection, holes outside their polygon or touching each other."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from engine import limits
from engine.packed import POINT_BYTES
from engine.validation.report import Report


@dataclass(frozen=True, slots=True)
class PolygonInput:
    path: str
    """JSON path of the polygon's outline field, e.g. ``$.level.shapes[3].points``."""
    holes_path: str
    outline: bytes
    holes: Sequence[bytes]


def _ring_ok(report: Report, path: str, data: bytes, *, what: str) -> bool:
    if len(data) % POINT_BYTES:
        report.add(path, f"{len(data)} bytes is not a whole number of points (16 bytes each)")
        return False
    n = len(data) // POINT_BYTES
    if n < 3:
        report.add(path, f"{what} has {n} points, needs at least 3")
        return False
    arr = np.frombuffer(data, dtype="<f8")
    if not np.isfinite(arr).all():
        i = int(np.flatnonzero(~np.isfinite(arr))[0])
        report.add(path, f"point {i // 2} has a coordinate that is not finite ({arr[i]})")
        return False
    if np.abs(arr).max() > limits.MAX_WORLD:
        report.add(path, f"a point is more than {limits.MAX_WORLD:g} px out (limit MAX_WORLD)")
        return False
    return True


_REASONS = [
    (re.compile(r"Ring Self-intersection\[(\S+) (\S+)\]"), "ring touches itself at ({}, {})"),
    (re.compile(r"Self-intersection\[(\S+) (\S+)\]"), "edges cross at ({}, {})"),
    (re.compile(r"Hole lies outside shell\[(\S+) (\S+)\]"), "a hole lies outside the outline"),
    (re.compile(r"Nested holes\[(\S+) (\S+)\]"), "a hole lies inside another hole"),
    (re.compile(r"Interior is disconnected\[(\S+) (\S+)\]"), "holes cut the polygon in two"),
    (re.compile(r"Too few points\[(\S+) (\S+)\]"), "too few distinct points"),
]


def _reason(text: str) -> str:
    for pattern, message in _REASONS:
        m = pattern.match(text)
        if m:
            return message.format(*(f"{float(v):g}" for v in m.groups()))
    return f"invalid polygon ({text})"


def check_polygons(report: Report, polygons: Sequence[PolygonInput]) -> None:
    """Check every polygon; report each problem at its path."""
    import shapely

    rings: list[bytes] = []
    owners: list[int] = []
    kept: list[PolygonInput] = []
    for poly in polygons:
        ok = _ring_ok(report, poly.path, poly.outline, what="polygon")
        for j, hole in enumerate(poly.holes):
            ok = _ring_ok(report, f"{poly.holes_path}[{j}]", hole, what="hole") and ok
        if not ok:
            continue
        idx = len(kept)
        kept.append(poly)
        rings.append(poly.outline)
        owners.append(idx)
        for hole in poly.holes:
            rings.append(hole)
            owners.append(idx)
    if not kept:
        return
    counts = np.fromiter((len(r) // POINT_BYTES for r in rings), dtype=np.int64, count=len(rings))
    coords = np.frombuffer(b"".join(rings), dtype="<f8").reshape(-1, 2)
    ring_geoms = shapely.linearrings(coords, indices=np.repeat(np.arange(len(rings)), counts))
    geoms = shapely.polygons(ring_geoms, indices=np.asarray(owners))
    areas = shapely.area(geoms)
    valid = shapely.is_valid(geoms)
    for i in np.flatnonzero((areas <= 0) | ~valid):
        poly = kept[int(i)]
        if areas[i] <= 0:
            report.add(poly.path, "polygon has zero area")
        else:
            report.add(poly.path, _reason(str(shapely.is_valid_reason(geoms[i]))))
