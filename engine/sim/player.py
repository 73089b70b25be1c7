"""The player's feel: run, jump with coyote time and buffering, variable height, slopes.

Pure arithmetic on the player's state and the ground under it; :mod:`engine.sim.world` applies
the result to the pymunk body once per tick, before the physics step.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from engine.sim.inputs import Buttons

WIDTH = 28.0
HEIGHT = 44.0
MASS = WIDTH * HEIGHT
"""As if the player were of density 1, like the default material (crates weigh in alike)."""
RUN_SPEED = 300.0
"""px/s at full run."""
GROUND_ACCEL = 3000.0
AIR_ACCEL = 1800.0
JUMP_SPEED = 640.0
"""Take-off speed, px/s: about 210 px high under the default gravity of 980 px/s²."""
JUMP_CUT = 0.45
"""Releasing jump while rising keeps this much of the upward speed (variable jump height)."""
COYOTE_TICKS = 6
"""A jump still works this many ticks after running off a ledge."""
BUFFER_TICKS = 6
"""A jump pressed this many ticks before landing happens on landing."""
MAX_FALL = 1400.0
GRIP_FRICTION = 0.6
"""Ground of at least this friction gives full grip; on less (ice) the player speeds up and
stops proportionally slower, down to ``MIN_GRIP`` of it."""
MIN_GRIP = 0.03
GROUND_NORMAL_Y = 0.6
"""A contact counts as ground when its normal points down at least this much (slopes ≤ 53°)."""
LIVES = 3
DROP_TICKS = 12
"""Ticks during which one-way platforms are ignored after down + jump."""


@dataclass
class PlayerState:
    lives: int = LIVES
    grounded: bool = False
    ground_normal: tuple[float, float] = (0.0, 1.0)
    """From the player into the ground (y down)."""
    ground_velocity: tuple[float, float] = (0.0, 0.0)
    ground_friction: float = 1.0
    ticks_since_ground: int = 1_000
    ticks_since_jump_press: int = 1_000
    jump_held: bool = False
    rising_from_jump: bool = False
    drop_ticks: int = 0
    facing: int = 1


# the button bits as plain ints: ``control`` runs every tick, and ``IntFlag`` arithmetic is slow
_LEFT = int(Buttons.LEFT)
_RIGHT = int(Buttons.RIGHT)
_JUMP = int(Buttons.JUMP)
_DOWN = int(Buttons.DOWN)


def _approach(value: float, target: float, step: float) -> float:
    if value < target:
        return min(value + step, target)
    return max(value - step, target)


def control(
    state: PlayerState, buttons: int, velocity: tuple[float, float], dt: float
) -> tuple[float, float]:
    """The player's velocity after this tick's input (before the physics step)."""
    b = int(buttons)
    direction = (1 if b & _RIGHT else 0) - (1 if b & _LEFT else 0)
    if direction:
        state.facing = direction
    jump = bool(b & _JUMP)
    jump_pressed = jump and not state.jump_held
    state.jump_held = jump
    state.ticks_since_jump_press = 0 if jump_pressed else state.ticks_since_jump_press + 1
    state.ticks_since_ground = 0 if state.grounded else state.ticks_since_ground + 1
    if state.drop_ticks:
        state.drop_ticks -= 1

    vx, vy = velocity
    if state.grounded:
        nx, ny = state.ground_normal
        tx, ty = -ny, nx  # along the surface, pointing right when the ground is below
        if tx < 0:
            tx, ty = -tx, -ty
        gx, gy = state.ground_velocity
        rel_x, rel_y = vx - gx, vy - gy
        along = rel_x * tx + rel_y * ty
        grip = min(1.0, max(MIN_GRIP, state.ground_friction / GRIP_FRICTION))
        new_along = _approach(along, direction * RUN_SPEED, GROUND_ACCEL * grip * dt)
        vx += (new_along - along) * tx
        vy += (new_along - along) * ty
    else:
        vx = _approach(vx, direction * RUN_SPEED, AIR_ACCEL * dt)

    can_jump = state.ticks_since_ground <= COYOTE_TICKS and not state.rising_from_jump
    wants_jump = state.ticks_since_jump_press <= BUFFER_TICKS
    if wants_jump and b & _DOWN and state.grounded:
        state.drop_ticks = DROP_TICKS  # drop through a one-way platform instead of jumping
        state.ticks_since_jump_press = 1_000
    elif wants_jump and can_jump:
        vy = -JUMP_SPEED + min(0.0, state.ground_velocity[1])
        state.rising_from_jump = True
        state.ticks_since_jump_press = 1_000
        state.ticks_since_ground = 1_000
    if state.rising_from_jump:
        if vy >= 0:
            state.rising_from_jump = False
        elif not state.jump_held:
            vy *= JUMP_CUT
            state.rising_from_jump = False
    vy = min(vy, MAX_FALL)
    if not math.isfinite(vx) or not math.isfinite(vy):
        vx, vy = 0.0, 0.0
    return vx, vy
