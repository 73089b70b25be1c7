"""Keyboard and gamepad → buttons. No joystick device exists on the test machines and SDL's
virtual joysticks are not exposed by pygame-ce, so the gamepad side is driven by a small object
with the four `pygame.joystick.Joystick` methods the mapping reads."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import pygame

from engine.render.play import _buttons
from engine.sim.inputs import Buttons


class Keys(dict[int, bool]):
    def __missing__(self, key: int) -> bool:
        return False


@dataclass
class Pad:
    axes: list[float] = field(default_factory=lambda: [0.0, 0.0])
    hat: tuple[int, int] = (0, 0)
    button: bool = False

    def get_numaxes(self) -> int:
        return len(self.axes)

    def get_axis(self, i: int) -> float:
        return self.axes[i]

    def get_numhats(self) -> int:
        return 1

    def get_hat(self, i: int) -> tuple[int, int]:
        return self.hat

    def get_numbuttons(self) -> int:
        return 4

    def get_button(self, i: int) -> bool:
        return self.button and i == 0


def test_keyboard_arrows_wasd_and_space() -> None:
    assert _buttons(pygame, Keys(), None) == 0
    assert _buttons(pygame, Keys({pygame.K_RIGHT: True, pygame.K_SPACE: True}), None) == int(
        Buttons.RIGHT | Buttons.JUMP
    )
    assert _buttons(pygame, Keys({pygame.K_a: True, pygame.K_s: True}), None) == int(
        Buttons.LEFT | Buttons.DOWN
    )
    assert _buttons(pygame, Keys({pygame.K_w: True}), None) == int(Buttons.JUMP)


def test_gamepad_stick_dpad_and_a_button() -> None:
    keys = Keys()
    assert _buttons(pygame, keys, Pad()) == 0
    assert _buttons(pygame, keys, Pad(axes=[0.3, 0.0])) == 0  # inside the dead zone
    assert _buttons(pygame, keys, Pad(axes=[0.9, 0.0], button=True)) == int(
        Buttons.RIGHT | Buttons.JUMP
    )
    assert _buttons(pygame, keys, Pad(hat=(-1, -1))) == int(Buttons.LEFT | Buttons.DOWN)
    assert _buttons(pygame, keys, Pad(axes=[0.0, 0.8])) == int(Buttons.DOWN)
