"""Ink colours of a design's art, counted as a screen printer would (one screen per ink).

The colours of printed pixels, near-identical ones (within ``SAME_INK``) merged, leaving out:

- anti-aliasing: a pixel whose colour lies between those of two opposite neighbours (the blend
  along an edge between two inks); and, when most of the art is opaque, the partly transparent
  edge, whose resampled colour drifts;
- specks: a colour covering under ``SPECK`` square inches (unless the art is only specks: it
  still takes one ink).

A photo or shading has many colours, each over a small area; :func:`ink_areas` gives every
colour's area so the caller can say so. Used by :mod:`engine.preflight`; numpy is imported only
when counting.
"""

from __future__ import annotations

from typing import Any

from PIL import Image

SAME_INK = 24.0
"""RGB distance (0-255 scale) under which two colours are one ink."""
BLEND_TOLERANCE = 12.0
"""How near (RGB distance) a pixel's colour must lie to the line between its neighbours' colours
to be their blend, and how far from each."""
SPECK = 0.01
"""Square inches under which a colour is a speck, not an ink."""
SOLID = 250
"""Alpha at or above which a pixel's colour is its ink's (when most printed pixels have it)."""


def ink_areas(art: Image.Image, ppi: float, printed_alpha: int) -> list[int]:
    """The pixels of each ink colour of ``art`` (RGBA at ``ppi``; a pixel prints from
    ``printed_alpha``), largest first."""
    import numpy as np

    box = art.getchannel("A").getbbox()
    if box is None:
        return []
    rgba = np.asarray(art.crop(box).convert("RGBA"))
    printed = rgba[..., 3] >= printed_alpha
    solid = rgba[..., 3] >= SOLID
    if 2 * int(solid.sum()) >= int(printed.sum()):
        printed = solid  # a resampled edge's colour drifts where its alpha is partial
    rgb = rgba[..., :3].astype(np.int16)
    kept = printed & ~_blends(rgb, printed)
    codes = (rgb[kept] // 8 * np.array([1024, 32, 1], dtype=np.int16)).sum(axis=1)
    counts = np.bincount(codes, minlength=32 * 32 * 32)
    order = np.argsort(-counts, kind="stable")[: int(np.count_nonzero(counts))]
    centres = np.stack([order // 1024, order // 32 % 32, order % 32], axis=1) * 8 + 4
    seeds = np.empty((0, 3))
    areas: list[int] = []
    for colour, n in zip(centres, counts[order].tolist(), strict=True):
        if areas:
            d = ((seeds - colour) ** 2).sum(axis=1)
            j = int(d.argmin())
            if d[j] <= SAME_INK**2:
                areas[j] += n
                continue
        seeds = np.vstack([seeds, colour])
        areas.append(n)
    speck = SPECK * ppi**2
    inks = sorted((n for n in areas if n >= speck), reverse=True)
    return inks or sorted(areas, reverse=True)[:1]  # art that is all specks takes one ink


def _blends(rgb: Any, printed: Any) -> Any:
    """Printed pixels whose colour lies between those of two opposite printed neighbours of
    different inks (within ``BLEND_TOLERANCE`` of the line between them, and not one of them):
    the blend an anti-aliased edge leaves between two inks. Only pixels on a colour edge (a
    neighbour differs) are looked at."""
    import numpy as np

    h, w = printed.shape
    edge = np.zeros((h, w), dtype=bool)
    across = np.abs(rgb[:, 1:] - rgb[:, :-1]).max(axis=2) > BLEND_TOLERANCE
    down = np.abs(rgb[1:] - rgb[:-1]).max(axis=2) > BLEND_TOLERANCE
    edge[:, 1:] |= across
    edge[:, :-1] |= across
    edge[1:] |= down
    edge[:-1] |= down
    edge[[0, -1], :] = False
    edge[:, [0, -1]] = False
    ys, xs = np.nonzero(edge & printed)
    c = rgb[ys, xs].astype(np.float64)
    found = np.zeros(len(ys), dtype=bool)
    for dy, dx in ((0, 1), (1, 0), (1, 1), (1, -1)):
        a = rgb[ys - dy, xs - dx].astype(np.float64)
        b = rgb[ys + dy, xs + dx].astype(np.float64)
        v = b - a
        span = (v * v).sum(axis=1)
        t = np.clip(((c - a) * v).sum(axis=1) / np.maximum(span, 1.0), 0.0, 1.0)
        off = np.sqrt(((a + t[:, None] * v - c) ** 2).sum(axis=1))
        ends = np.minimum(np.abs(c - a).max(axis=1), np.abs(c - b).max(axis=1))
        both = printed[ys - dy, xs - dx] & printed[ys + dy, xs + dx]
        found |= both & (span > SAME_INK**2) & (off <= BLEND_TOLERANCE) & (ends > BLEND_TOLERANCE)
    blend = np.zeros((h, w), dtype=bool)
    blend[ys[found], xs[found]] = True
    return blend
