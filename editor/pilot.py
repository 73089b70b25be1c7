"""Driving a real :class:`~editor.app.EditorApp` from tests: synthetic pygame events, real loop.

Each action posts events to pygame's queue and runs frames of ``app.step`` on what the queue
holds, so pygame_gui sees the clicks as it would a user's (and the events it posts back, such as
``UI_BUTTON_PRESSED``, reach the app on the next frame). Coordinates are window pixels; use
``app.to_screen(wx, wy)`` for a world point.
"""

from __future__ import annotations

import pygame

from editor.app import EditorApp

FRAME = 1 / 60


class Pilot:
    def __init__(self, app: EditorApp) -> None:
        self.app = app

    def frames(self, n: int = 1, dt: float = FRAME) -> None:
        """Run ``n`` frames on whatever events are queued."""
        for _ in range(n):
            self.app.step(pygame.event.get(), dt)

    def _post(self, kind: int, **attrs: object) -> None:
        pygame.event.post(pygame.event.Event(kind, attrs))

    def move(self, sx: float, sy: float, *, buttons: tuple[int, int, int] = (0, 0, 0)) -> None:
        last = self.app.mouse
        pos = (round(sx), round(sy))
        rel = (pos[0] - last[0], pos[1] - last[1])
        self._post(pygame.MOUSEMOTION, pos=pos, rel=rel, buttons=buttons, touch=False)
        self.frames(1)

    def click(self, sx: float, sy: float, button: int = 1, shift: bool = False) -> None:
        pos = (round(sx), round(sy))
        self.move(*pos)
        with _mods(pygame.KMOD_SHIFT if shift else pygame.KMOD_NONE):
            self._post(pygame.MOUSEBUTTONDOWN, pos=pos, button=button, touch=False)
            self.frames(1)
            self._post(pygame.MOUSEBUTTONUP, pos=pos, button=button, touch=False)
            self.frames(3)  # the release; the widget's event; what that widget posts in turn

    def drag(
        self,
        start: tuple[float, float],
        end: tuple[float, float],
        steps: int = 6,
        button: int = 1,
        shift: bool = False,
    ) -> None:
        """Press at ``start``, move in ``steps`` even steps to ``end``, release there."""
        held = (1 if button == 1 else 0, 1 if button == 2 else 0, 1 if button == 3 else 0)
        self.move(*start)
        with _mods(pygame.KMOD_SHIFT if shift else pygame.KMOD_NONE):
            first = (round(start[0]), round(start[1]))
            self._post(pygame.MOUSEBUTTONDOWN, pos=first, button=button, touch=False)
            self.frames(1)
            for k in range(1, steps + 1):
                t = k / steps
                x = start[0] + (end[0] - start[0]) * t
                y = start[1] + (end[1] - start[1]) * t
                self.move(x, y, buttons=held)
            last = (round(end[0]), round(end[1]))
            self._post(pygame.MOUSEBUTTONUP, pos=last, button=button, touch=False)
            self.frames(2)

    def wheel(self, sx: float, sy: float, notches: int = 1) -> None:
        """Turn the wheel ``notches`` (positive: away from the user, zoom in) at a point."""
        self.move(sx, sy)
        self._post(
            pygame.MOUSEWHEEL,
            x=0,
            y=notches,
            precise_x=0.0,
            precise_y=float(notches),
            flipped=False,
        )
        self.frames(1)

    def press(self, key: int, ctrl: bool = False, shift: bool = False) -> None:
        """Press and release ``key`` (a ``pygame.K_*``) with the modifiers given."""
        mod = (pygame.KMOD_LCTRL if ctrl else 0) | (pygame.KMOD_LSHIFT if shift else 0)
        with _mods(mod):
            self._post(pygame.KEYDOWN, key=key, mod=mod, unicode="", scancode=0)
            self.frames(1)
            self._post(pygame.KEYUP, key=key, mod=mod, unicode="", scancode=0)
            self.frames(1)

    def hold(self, key: int, frames: int) -> None:
        """Hold ``key`` down for ``frames`` frames (for driving the player in a play test)."""
        self._post(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0)
        self.frames(frames)
        self._post(pygame.KEYUP, key=key, mod=0, unicode="", scancode=0)
        self.frames(1)


class _mods:
    """Set the keyboard modifier state for the duration of a block."""

    def __init__(self, mod: int) -> None:
        self.mod = mod

    def __enter__(self) -> None:
        pygame.key.set_mods(self.mod)

    def __exit__(self, *exc: object) -> None:
        pygame.key.set_mods(pygame.KMOD_NONE)
