"""A camera that follows the player with look-ahead, kept inside the level (pure arithmetic)."""

from __future__ import annotations

from dataclasses import dataclass

LOOK_AHEAD = 0.35
"""Seconds of the player's horizontal speed the camera looks ahead."""
SMOOTHING = 6.0
"""How fast the camera catches up, per second (higher is stiffer)."""


@dataclass
class Camera:
    view_width: float
    view_height: float
    level_width: float
    level_height: float
    x: float = 0.0
    """World coordinate of the view's left edge."""
    y: float = 0.0

    def center_on(self, px: float, py: float) -> None:
        self.x, self.y = self._clamped(px - self.view_width / 2, py - self.view_height * 0.55)

    def follow(self, px: float, py: float, vx: float, dt: float) -> None:
        """Ease toward the player plus a look-ahead in the direction of travel."""
        tx = px + vx * LOOK_AHEAD - self.view_width / 2
        ty = py - self.view_height * 0.55
        tx, ty = self._clamped(tx, ty)
        k = min(1.0, SMOOTHING * dt)
        self.x += (tx - self.x) * k
        self.y += (ty - self.y) * k
        self.x, self.y = self._clamped(self.x, self.y)

    def _clamped(self, x: float, y: float) -> tuple[float, float]:
        max_x = max(0.0, self.level_width - self.view_width)
        max_y = max(0.0, self.level_height - self.view_height)
        return min(max(x, 0.0), max_x), min(max(y, 0.0), max_y)

    def to_screen(self, wx: float, wy: float) -> tuple[float, float]:
        return wx - self.x, wy - self.y
