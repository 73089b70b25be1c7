"""Play-testing the document being edited, inside the editor's canvas.

It does what ``engine.render.play`` does for a window — a fixed 60 Hz simulation stepped from an
accumulator, the camera following the player, poses blended between ticks, ``LevelView`` drawing
— but frame by frame, driven by the editor's loop. The keys held are tracked from the events the
loop hands in (not ``pygame.key.get_pressed``), so synthetic events drive the player too. The
document is only read: stopping returns to exactly the document that was being edited.

The buttons of every tick of the current attempt are kept in ``inputs`` (a restart clears them).
When an attempt reaches the goal they become ``clear_run`` (an ``editor.publish.ClearRun``: the
replay that proves this document can be cleared, what Publish uploads); it stays after a restart
and is replaced by the next clear. ``tick(buttons)`` steps one tick with the buttons given,
for a caller that has them (a test feeding a replay) rather than keys.
"""

from __future__ import annotations

import pygame

from editor.publish import ClearRun
from editor.session import EditorSession
from engine.document import LevelDocument
from engine.level.entities import Spawn
from engine.render.camera import Camera
from engine.render.level_view import LevelView, Pose, blend, poses_of
from engine.sim.inputs import Buttons
from engine.sim.world import DT, Status, World

KEYS: dict[int, int] = {
    pygame.K_LEFT: Buttons.LEFT,
    pygame.K_a: Buttons.LEFT,
    pygame.K_RIGHT: Buttons.RIGHT,
    pygame.K_d: Buttons.RIGHT,
    pygame.K_SPACE: Buttons.JUMP,
    pygame.K_UP: Buttons.JUMP,
    pygame.K_w: Buttons.JUMP,
    pygame.K_DOWN: Buttons.DOWN,
    pygame.K_s: Buttons.DOWN,
}
MAX_FRAME = 0.25
"""Seconds: a longer frame (a stall) is simulated as this long."""


def why_not_playable(session: EditorSession) -> str | None:
    """Why the session's level cannot be played now, or None when it can."""
    doc = session.doc
    if not any(isinstance(e, Spawn) for e in doc.level.entities):
        return "Cannot play: the level has no spawn (place one with the Entity tool)"
    problems = session.problems()
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        return f"Cannot play: {problems[0]}{more}"
    return None


class Playtest:
    """One play test of ``doc`` in a view of ``size`` pixels."""

    def __init__(self, doc: LevelDocument, size: tuple[int, int]) -> None:
        self.doc = doc
        level = doc.level
        self.camera = Camera(size[0], size[1], level.size.width, level.size.height)
        self.held: set[int] = set()
        self.clear_run: ClearRun | None = None
        """The last attempt that reached the goal (kept across restarts), or None."""
        self.world = World(doc)
        self.view = LevelView(self.world)
        """Kept across restarts: what it made from the level (images, terrain, tiles)."""
        self._begin()

    def restart(self) -> None:
        """Start the attempt over (keys held stay held)."""
        self.world = World(self.doc)
        self.view.play_again(self.world)
        self._begin()

    def _begin(self) -> None:
        """The camera, poses and inputs of a new attempt on :attr:`world`."""
        self.camera.center_on(*self.world.player.position)
        self.prev: dict[int, Pose] = poses_of(self.world)
        self.cur: dict[int, Pose] = self.prev
        self.acc = 0.0
        self.inputs: list[int] = []
        """The buttons of every tick of this attempt."""

    @property
    def buttons(self) -> int:
        b = 0
        for key in self.held:
            b |= KEYS.get(key, 0)
        return b

    def handle(self, event: pygame.event.Event) -> str | None:
        """Track held keys; "stop" for Esc, "restart" for R."""
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                return "stop"
            if event.key == pygame.K_r:
                self.restart()
                return "restart"
            self.held.add(event.key)
        elif event.type == pygame.KEYUP:
            self.held.discard(event.key)
        return None

    def advance(self, dt: float) -> int:
        """Simulate the ticks that ``dt`` seconds of real time hold; return how many ran."""
        world = self.world
        ran = 0
        if world.status is not Status.PLAYING:
            return 0
        self.acc += min(dt, MAX_FRAME)
        while self.acc >= DT and world.status is Status.PLAYING:
            self.acc -= DT
            self.tick()
            ran += 1
        return ran

    def tick(self, buttons: int | None = None) -> bool:
        """Step one tick with ``buttons`` (default: the keys held); False when the attempt had
        already ended. Reaching the goal records ``clear_run``."""
        world = self.world
        if world.status is not Status.PLAYING:
            return False
        b = self.buttons if buttons is None else int(buttons)
        self.inputs.append(b)
        self.prev = self.cur
        world.step(b)
        self.cur = poses_of(world)
        p = world.player
        self.camera.follow(p.position.x, p.position.y, p.velocity.x, DT)
        if self.world.status is Status.CLEARED:  # (step changed it: read it again)
            self.clear_run = ClearRun.record(self.doc, self.inputs, world)
        return True

    def draw(self, target: pygame.Surface) -> None:
        alpha = self.acc / DT if self.world.status is Status.PLAYING else 1.0
        self.view.draw(target, self.camera, blend(self.prev, self.cur, alpha))
