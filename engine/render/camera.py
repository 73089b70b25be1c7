"""A camera that follows the player with look-ahead, kept inside the level (pure arithmetic).

A level much smaller than the view is shown larger: the camera picks a whole-number zoom
(:func:`fit_zoom`) so that pixel art stays crisp, and centres the level in any direction where
it is still smaller than the view.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

LOOK_AHEAD = 0.35
"""Seconds of the player's horizontal speed the camera looks ahead."""
SMOOTHING = 6.0
"""How fast the camera catches up, per second (higher is stiffer)."""
MAX_ZOOM = 4
"""The most a small level is enlarged (a 16 px tile shows as 64 px)."""


def fit_zoom(view_width: float, view_height: float, level_width: float, level_height: float) -> int:
    """The whole-number zoom that shows a level in a view: 1 for a level at least about as large
    as the view in one direction, else the zoom nearest to filling the view in the level's
    tighter direction (at most :data:`MAX_ZOOM`). A 848 × 336 map in a 1280 × 720 view: 2."""
    if level_width <= 0 or level_height <= 0 or view_width <= 0 or view_height <= 0:
        return 1
    ratio = min(view_width / level_width, view_height / level_height)
    return max(1, min(MAX_ZOOM, math.floor(ratio + 0.5)))


@dataclass
class Camera:
    view_width: float
    """Screen pixels across the view (see :meth:`resize`)."""
    view_height: float
    level_width: float
    level_height: float
    x: float = 0.0
    """World coordinate of the view's left edge (below 0 when the level is centred in it)."""
    y: float = 0.0
    zoom: int = field(init=False, default=1)
    """Screen pixels per world pixel (see :func:`fit_zoom`)."""

    def __post_init__(self) -> None:
        self.resize(self.view_width, self.view_height)

    def resize(self, view_width: float, view_height: float) -> None:
        """The view is now this many screen pixels: pick the zoom again, stay in the level."""
        self.view_width, self.view_height = view_width, view_height
        self.zoom = fit_zoom(view_width, view_height, self.level_width, self.level_height)
        self.x, self.y = self._clamped(self.x, self.y)

    @property
    def width(self) -> float:
        """World pixels across the view."""
        return self.view_width / self.zoom

    @property
    def height(self) -> float:
        return self.view_height / self.zoom

    def center_on(self, px: float, py: float) -> None:
        self.x, self.y = self._clamped(px - self.width / 2, py - self.height * 0.55)

    def follow(self, px: float, py: float, vx: float, dt: float) -> None:
        """Ease toward the player plus a look-ahead in the direction of travel."""
        tx = px + vx * LOOK_AHEAD - self.width / 2
        ty = py - self.height * 0.55
        tx, ty = self._clamped(tx, ty)
        k = min(1.0, SMOOTHING * dt)
        self.x += (tx - self.x) * k
        self.y += (ty - self.y) * k
        self.x, self.y = self._clamped(self.x, self.y)

    def _clamped(self, x: float, y: float) -> tuple[float, float]:
        return (
            _within(x, self.level_width, self.width),
            _within(y, self.level_height, self.height),
        )

    def to_screen(self, wx: float, wy: float) -> tuple[float, float]:
        """Where a world point is in the (unzoomed) frame the level is drawn into."""
        return wx - self.x, wy - self.y


def _within(start: float, level: float, view: float) -> float:
    """The view's start kept in the level along one direction; centred when the level is the
    smaller of the two."""
    if level <= view:
        return (level - view) / 2
    return min(max(start, 0.0), level - view)
