"""The canvas's view of the level: which world point is at the top-left, and the zoom.

World coordinates are level pixels (y down, as in the document); screen coordinates are pixels
of the canvas, (0, 0) at its top-left. ``screen = (world - (x, y)) * zoom``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MIN_ZOOM = 0.05
MAX_ZOOM = 16.0


def _clamp_zoom(zoom: float) -> float:
    if not math.isfinite(zoom):
        return 1.0
    return min(max(zoom, MIN_ZOOM), MAX_ZOOM)


@dataclass
class Viewport:
    """A canvas of ``width`` × ``height`` screen px showing the world from ``(x, y)`` at
    ``zoom`` screen px per world px."""

    width: int
    height: int
    x: float = 0.0
    y: float = 0.0
    zoom: float = 1.0

    def __post_init__(self) -> None:
        self.zoom = _clamp_zoom(self.zoom)

    def to_screen(self, wx: float, wy: float) -> tuple[float, float]:
        return (wx - self.x) * self.zoom, (wy - self.y) * self.zoom

    def to_world(self, sx: float, sy: float) -> tuple[float, float]:
        return sx / self.zoom + self.x, sy / self.zoom + self.y

    def pan(self, dsx: float, dsy: float) -> None:
        """Move the content by ``dsx, dsy`` screen px (a drag with the middle button)."""
        self.x -= dsx / self.zoom
        self.y -= dsy / self.zoom

    def zoom_at(self, sx: float, sy: float, factor: float) -> None:
        """Zoom by ``factor`` (clamped to [MIN_ZOOM, MAX_ZOOM]) keeping the world point under
        the screen point ``(sx, sy)`` where it is."""
        wx, wy = self.to_world(sx, sy)
        self.zoom = _clamp_zoom(self.zoom * factor)
        self.x = wx - sx / self.zoom
        self.y = wy - sy / self.zoom

    def fit(self, world_w: float, world_h: float, margin: float = 24) -> None:
        """Show the whole world (``world_w`` × ``world_h`` from the origin), centred, with at
        least ``margin`` screen px around it."""
        room_w = max(self.width - 2 * margin, 1.0)
        room_h = max(self.height - 2 * margin, 1.0)
        if world_w > 0 and world_h > 0:
            self.zoom = _clamp_zoom(min(room_w / world_w, room_h / world_h))
        self.x = world_w / 2 - self.width / (2 * self.zoom)
        self.y = world_h / 2 - self.height / (2 * self.zoom)

    def visible(self) -> tuple[float, float, float, float]:
        """The world rectangle on the canvas: ``x0, y0, x1, y1``."""
        x1, y1 = self.to_world(self.width, self.height)
        return self.x, self.y, x1, y1


def snap(value: float, grid: float) -> float:
    """``value`` rounded to the nearest multiple of ``grid``, halves up (``grid <= 0``: as is)."""
    if grid <= 0:
        return value
    return math.floor(value / grid + 0.5) * grid
