"""Polygon checks with shapely, vectorised: point counts, finite coordinates, zero area,
self-intersection, holes outside their polygon or touching each other."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from engine import limits
from engine.packed import POINT_BYTES
from engine.validation.report import Report, num
from engine.validation.starshaped import measure, offsets


class PolygonInput(NamedTuple):
    path: str
    """JSON path of the polygon's outline field, e.g. ``$.level.shapes[3].points``."""
    holes_path: str
    outline: bytes
    holes: Sequence[bytes]


class Bound(NamedTuple):
    """How far out a point may be: the value, its unit and the limit's name."""

    most: float = limits.MAX_WORLD
    unit: str = "px"
    limit: str = "MAX_WORLD"


WORLD = Bound()


def _ring_ok(report: Report, path: str, data: bytes, *, what: str, bound: Bound = WORLD) -> bool:
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
    if np.abs(arr).max() > bound.most:
        report.add(
            path, f"a point is more than {num(bound.most)} {bound.unit} out (limit {bound.limit})"
        )
        return False
    return True


_REASONS = [
    (r"Ring Self-intersection\[(\S+) (\S+)\]", "ring touches itself at ({}, {})"),
    (r"Self-intersection\[(\S+) (\S+)\]", "edges cross at ({}, {})"),
    (r"Hole lies outside shell\[(\S+) (\S+)\]", "a hole lies outside the outline"),
    (r"Nested holes\[(\S+) (\S+)\]", "a hole lies inside another hole"),
    (r"Interior is disconnected\[(\S+) (\S+)\]", "holes cut the polygon in two"),
    (r"Too few points\[(\S+) (\S+)\]", "too few distinct points"),
]


def _reason(text: str) -> str:
    for pattern, message in _REASONS:  # compiled when first needed (re caches them)
        m = re.match(pattern, text)
        if m:
            return message.format(*(f"{float(v):g}" for v in m.groups()))
    return f"invalid polygon ({text})"


def check_polygons(
    report: Report, polygons: Sequence[PolygonInput], *, bound: Bound = WORLD
) -> None:
    """Check every polygon; report each problem at its path."""
    check_rings(
        report,
        [p.outline for p in polygons],
        [p.holes for p in polygons],
        lambda i: (polygons[i].path, polygons[i].holes_path),
        bound=bound,
    )


def check_rings(
    report: Report,
    outlines: Sequence[bytes],
    holes: Sequence[Sequence[bytes]],
    paths: Callable[[int], tuple[str, str]],
    *,
    bound: Bound = WORLD,
) -> npt.NDArray[np.float64]:
    """Check polygon ``i`` of outline ``outlines[i]`` and holes ``holes[i]``; ``paths(i)`` gives
    the JSON paths of its outline and holes fields, built only when a problem is reported.

    Well-formed rings (whole points, at least 3, finite and in the world) are checked for the
    whole batch at once; if any ring is not, every ring is checked one by one so that the
    problems come out exactly as :func:`_ring_ok` words and orders them.

    Returns each polygon's area and perimeter (NaN for one whose rings are not well formed).
    """
    measures = np.full((len(outlines), 2), np.nan)
    if not outlines:
        return measures
    rings: list[bytes] = []
    ring_counts: list[int] = []
    for outline, inner in zip(outlines, holes, strict=True):
        rings.append(outline)
        rings.extend(inner)
        ring_counts.append(1 + len(inner))
    sizes = np.fromiter(map(len, rings), dtype=np.int64, count=len(rings))
    coords: npt.NDArray[np.float64] | None = None
    if not ((sizes % POINT_BYTES).any() or (sizes < 3 * POINT_BYTES).any()):
        flat = np.frombuffer(b"".join(rings), dtype="<f8")
        if (np.abs(flat) <= bound.most).all():  # false for NaN and inf too
            coords = flat.reshape(-1, 2)
    kept: Sequence[int]
    if coords is not None:
        kept = range(len(outlines))
        counts = sizes // POINT_BYTES
        per_polygon = np.asarray(ring_counts, dtype=np.int64)
        measures, easy = measure(coords, counts, per_polygon)
    else:
        kept, coords, counts, per_polygon = _rings_one_by_one(report, outlines, holes, paths, bound)
        if not kept:
            return measures
        measures[kept], easy = measure(coords, counts, per_polygon)
    if not easy.all():
        _check_shapes(report, coords, counts, per_polygon, kept, paths, easy)
    return measures


def _rings_one_by_one(
    report: Report,
    outlines: Sequence[bytes],
    holes: Sequence[Sequence[bytes]],
    paths: Callable[[int], tuple[str, str]],
    bound: Bound,
) -> tuple[list[int], npt.NDArray[np.float64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    kept: list[int] = []
    rings: list[bytes] = []
    ring_counts: list[int] = []
    for i, (outline, inner) in enumerate(zip(outlines, holes, strict=True)):
        path, holes_path = paths(i)
        ok = _ring_ok(report, path, outline, what="polygon", bound=bound)
        for j, hole in enumerate(inner):
            ok = _ring_ok(report, f"{holes_path}[{j}]", hole, what="hole", bound=bound) and ok
        if not ok:
            continue
        kept.append(i)
        rings.append(outline)
        rings.extend(inner)
        ring_counts.append(1 + len(inner))
    counts = np.fromiter((len(r) // POINT_BYTES for r in rings), dtype=np.int64, count=len(rings))
    coords = np.frombuffer(b"".join(rings), dtype="<f8").reshape(-1, 2)
    return kept, coords, counts, np.asarray(ring_counts, dtype=np.int64)


PARALLEL_POLYGONS = 2_000
"""From this many polygons on, GEOS checks them on several threads (it releases the GIL)."""


def _check_shapes(
    report: Report,
    coords: npt.NDArray[np.float64],
    counts: npt.NDArray[np.int64],
    per_polygon: npt.NDArray[np.int64],
    kept: Sequence[int],
    paths: Callable[[int], tuple[str, str]],
    easy: npt.NDArray[np.bool_],
) -> None:
    """Zero area and GEOS validity of the polygons built from well-formed rings, but those
    already proven valid (``easy``; see :mod:`engine.validation.starshaped`)."""
    import shapely

    if easy.any():  # only the others need GEOS
        hard = ~easy
        ring_mask = np.repeat(hard, per_polygon)
        coords = coords[np.repeat(ring_mask, counts)]
        counts = counts[ring_mask]
        per_polygon = per_polygon[hard]
        kept = [kept[int(i)] for i in np.flatnonzero(hard)]
    ring_at = offsets(counts)
    first_ring = offsets(per_polygon)
    n = len(per_polygon)
    parts = 1
    if n >= PARALLEL_POLYGONS:
        from engine.validation.workers import cores

        parts = cores()
    bounds = [n * k // parts for k in range(parts + 1)]

    def measure(k: int) -> tuple[npt.NDArray[np.object_], npt.NDArray[Any], npt.NDArray[Any]]:
        # ``from_ragged_array`` closes each ring that is not closed (and pads one of 3
        # coordinates) exactly as ``linearrings`` does, in one pass.
        lo, hi = first_ring[bounds[k]], first_ring[bounds[k + 1]]
        rings = ring_at[lo : hi + 1]
        geoms = shapely.from_ragged_array(
            shapely.GeometryType.POLYGON,
            coords[rings[0] : rings[-1]],
            (rings - rings[0], first_ring[bounds[k] : bounds[k + 1] + 1] - lo),
        )
        return geoms, shapely.area(geoms), shapely.is_valid(geoms)

    if parts > 1:
        from engine.validation.workers import map_parallel

        measured = map_parallel(measure, range(parts))
    else:
        measured = [measure(0)]
    geoms = np.concatenate([m[0] for m in measured])
    areas = np.concatenate([m[1] for m in measured])
    valid = np.concatenate([m[2] for m in measured])
    for i in np.flatnonzero((areas <= 0) | ~valid):
        path, holes_path = paths(kept[int(i)])
        geom = geoms[i]
        if shapely.area(shapely.convex_hull(geom.exterior)) <= 0:
            report.add(path, "polygon has zero area")
            continue
        reason = str(shapely.is_valid_reason(geom))
        if reason.startswith(("Hole lies outside shell", "Nested holes")):
            shell = shapely.Polygon(geom.exterior)
            for j, hole in enumerate(geom.interiors):
                if not shell.covers(hole):
                    report.add(f"{holes_path}[{j}]", "hole lies outside the polygon")
                    break
            else:
                report.add(path, _reason(reason))
        else:
            report.add(path, _reason(reason))
