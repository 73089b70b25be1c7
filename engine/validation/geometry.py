"""Polygon checks with shapely, vectorised: point counts, finite coordinates, zero area,
self-intersection, holes outside their polygon or touching each other."""

from __future__ import annotations

import re
import struct
from collections.abc import Callable, Sequence
from itertools import chain, compress
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from engine import limits
from engine.packed import POINT_BYTES
from engine.validation.report import Report, num
from engine.validation.starshaped import measure_outlines_first, offsets, points_of


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
    rings, hole_counts = _outlines_first(outlines, holes)
    sizes = _sizes(rings)
    coords: npt.NDArray[np.float64] | None = None
    if sizes.min() >= 3 * POINT_BYTES and not (sizes % POINT_BYTES).any():
        flat = np.frombuffer(b"".join(rings), dtype="<f8")
        if flat.max() <= bound.most and flat.min() >= -bound.most:  # false for NaN too
            coords = flat.reshape(-1, 2)
    kept: Sequence[int]
    if coords is not None:
        kept = range(len(outlines))
        counts = sizes // POINT_BYTES
        measures, easy = measure_outlines_first(coords, counts, hole_counts)
    else:
        kept = _rings_one_by_one(report, outlines, holes, paths, bound)
        if not kept:
            return measures
        rings, hole_counts = _outlines_first([outlines[i] for i in kept], [holes[i] for i in kept])
        counts = _sizes(rings) // POINT_BYTES
        coords = np.frombuffer(b"".join(rings), dtype="<f8").reshape(-1, 2)
        measures[kept], easy = measure_outlines_first(coords, counts, hole_counts)
    if not easy.all():
        _check_shapes(report, coords, counts, hole_counts, kept, paths, easy)
    return measures


def _outlines_first(
    outlines: Sequence[bytes], holes: Sequence[Sequence[bytes]]
) -> tuple[list[bytes], npt.NDArray[np.int64] | None]:
    """Every ring, the outlines first and then the holes polygon after polygon, and how many
    holes each polygon has (None when none has any): the order
    :func:`~engine.validation.starshaped.measure_outlines_first` takes."""
    if len(outlines) != len(holes):
        raise ValueError("outlines and holes differ in length")
    holed = list(compress(range(len(holes)), holes))
    if not holed:
        return list(outlines), None
    inner = [holes[i] for i in holed]
    hole_counts = np.zeros(len(holes), dtype=np.int64)
    hole_counts[holed] = list(map(len, inner))
    return [*outlines, *chain.from_iterable(inner)], hole_counts


def _sizes(rings: list[bytes]) -> npt.NDArray[np.int64]:
    """Each ring's length in bytes."""
    return np.frombuffer(struct.pack(f"<{len(rings)}q", *map(len, rings)), dtype="<i8")


def _rings_one_by_one(
    report: Report,
    outlines: Sequence[bytes],
    holes: Sequence[Sequence[bytes]],
    paths: Callable[[int], tuple[str, str]],
    bound: Bound,
) -> list[int]:
    """Check every ring one by one; the polygons whose rings are all well formed."""
    kept: list[int] = []
    for i, (outline, inner) in enumerate(zip(outlines, holes, strict=True)):
        path, holes_path = paths(i)
        ok = _ring_ok(report, path, outline, what="polygon", bound=bound)
        for j, hole in enumerate(inner):
            ok = _ring_ok(report, f"{holes_path}[{j}]", hole, what="hole", bound=bound) and ok
        if ok:
            kept.append(i)
    return kept


PARALLEL_POLYGONS = 2_000
"""From this many polygons on, GEOS checks them on several threads (it releases the GIL)."""


def _check_shapes(
    report: Report,
    coords: npt.NDArray[np.float64],
    counts: npt.NDArray[np.int64],
    hole_counts: npt.NDArray[np.int64] | None,
    kept: Sequence[int],
    paths: Callable[[int], tuple[str, str]],
    easy: npt.NDArray[np.bool_],
) -> None:
    """Zero area and GEOS validity of the polygons built from well-formed rings (in the order
    of :func:`_outlines_first`), but those already proven valid (``easy``; see
    :mod:`engine.validation.starshaped`)."""
    import shapely

    # Only the others need GEOS: their rings, polygon after polygon, each outline first.
    n = len(easy)
    hard = np.flatnonzero(~easy)
    if hole_counts is None:
        order = hard
        per_polygon = np.ones(len(hard), dtype=np.int64)
    else:
        inner = hole_counts[hard]
        per_polygon = inner + 1
        order = np.empty(int(per_polygon.sum()), dtype=np.int64)
        outline_at = offsets(per_polygon)[:-1]
        order[outline_at] = hard
        is_hole = np.ones(len(order), dtype=bool)
        is_hole[outline_at] = False
        order[is_hole] = points_of(hard, offsets(hole_counts)[:-1] + n, hole_counts)
    coords = coords[points_of(order, offsets(counts)[:-1], counts)]
    counts = counts[order]
    kept = [kept[i] for i in hard.tolist()]
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
