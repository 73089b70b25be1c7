"""Playing a level: the window loop, and headless screenshots.

The loop runs the simulation at a fixed 60 Hz from an accumulator and draws at the display's
rate with poses interpolated between the last two ticks. Keyboard (arrows/WASD, Space/Up to
jump, Down to drop) and the first gamepad (stick or d-pad, A to jump) both drive the player.
P or Esc pauses, R restarts, Esc on the results screen quits.

Headless drawing (:func:`screenshot`, ``engine.render.clip``) opens SDL's display through
:func:`headless_pygame`, which keeps SDL's SIGINT/SIGTERM handlers out: they turn the signals
into quit events that only the window's loop reads, so a long render would outlive ``kill``.
The window keeps them: there SIGTERM or Ctrl+C closes it as its close button does.

A :class:`Session` keeps the last attempt (what ``--record`` saves) and, of every attempt, the
count and the fastest clear (what ``cocreate play`` reports to the gallery the level came from).
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from engine import limits
from engine.document import LevelDocument
from engine.fileio import write_atomic
from engine.sim.inputs import Buttons
from engine.sim.world import DT, Outcome, Status, World

VIEW = (1280, 720)
RESTART = -1
"""In a ``scripted`` feed: press R (restart the attempt). Where an attempt ends, the feed is
skipped to its next RESTART, as a player presses R on the results screen."""


@dataclass(frozen=True)
class Run:
    """One attempt: the inputs of its ticks and the world they left (not stepped again)."""

    inputs: list[int]
    world: World

    @property
    def outcome(self) -> Outcome:
        return self.world.outcome()


@dataclass
class Session:
    """What a play session produced: the last attempt's ``inputs`` and ``world``, how many
    attempts were played (an attempt with at least one tick), and the fastest that cleared.

    The window loop calls :meth:`begin` at each (re)start and :meth:`played` after each tick.
    """

    inputs: list[int] = field(default_factory=list)
    world: World | None = None
    attempts: int = 0
    fastest: Run | None = None
    """The attempt that cleared in the fewest ticks (on equal ticks, the earlier); None when
    none cleared."""
    interrupted: bool = False
    """Whether Ctrl+C ended it (what was played is kept all the same)."""

    def begin(self, world: World) -> None:
        """A new attempt on ``world`` (just made, not yet stepped)."""
        self.inputs = []
        self.world = world

    def played(self, buttons: int) -> None:
        """The current attempt's world has just stepped one tick with ``buttons``."""
        assert self.world is not None, "begin() an attempt first"
        self.inputs.append(buttons)
        if len(self.inputs) == 1:
            self.attempts += 1
        cleared = self.world.status is Status.CLEARED
        if cleared and (self.fastest is None or len(self.inputs) < len(self.fastest.inputs)):
            self.fastest = Run(list(self.inputs), self.world)


def _skip_to_restart(feed: Iterator[int]) -> bool:
    """Consume ``feed`` up to and including its next RESTART; False when it has none left."""
    return any(b == RESTART for b in feed)


def _pygame() -> ModuleType:
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    return pygame


@contextlib.contextmanager
def headless_pygame() -> Iterator[ModuleType]:
    """pygame with SDL's display open off screen (dummy drivers unless set), for drawing
    without a window; SDL is shut down on leaving.

    SDL reads ``SDL_NO_SIGNAL_HANDLERS`` while it initialises: set only then, so that a window
    opened later in the same process still closes on SIGTERM.
    """
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    pygame = _pygame()
    before = os.environ.get("SDL_NO_SIGNAL_HANDLERS")
    os.environ["SDL_NO_SIGNAL_HANDLERS"] = "1"
    try:
        pygame.display.init()
    finally:
        if before is None:
            del os.environ["SDL_NO_SIGNAL_HANDLERS"]
        else:
            os.environ["SDL_NO_SIGNAL_HANDLERS"] = before
    try:
        pygame.font.init()
        pygame.display.set_mode((1, 1))
        yield pygame
    finally:
        pygame.quit()


def screenshot(
    doc: LevelDocument,
    out: str | os.PathLike[str],
    *,
    at_tick: int = 0,
    inputs: Iterable[int] = (),
    size: tuple[int, int] = VIEW,
) -> World:
    """Simulate ``at_tick`` ticks (with ``inputs``, then none) and save that frame as a PNG.

    ``at_tick`` goes up to the longest replay (``limits.MAX_REPLAY_TICKS``): past it a caller's
    slip would run for hours.
    """
    if not 0 <= at_tick <= limits.MAX_REPLAY_TICKS:
        raise ValueError(f"at_tick must be 0 to {limits.MAX_REPLAY_TICKS}, not {at_tick}")
    with headless_pygame() as pygame:  # first: it hides pygame's banner, these import pygame
        from engine.render.camera import Camera
        from engine.render.level_view import LevelView, poses_of

        world = World(doc)
        feed = iter(inputs)
        camera = Camera(size[0], size[1], doc.level.size.width, doc.level.size.height)
        camera.center_on(*world.player.position)
        for _ in range(at_tick):
            if world.status is not Status.PLAYING:
                break
            world.step(next(feed, 0))
            p = world.player
            camera.follow(p.position.x, p.position.y, p.velocity.x, DT)
        surface = pygame.Surface(size)
        LevelView(world).draw(surface, camera, poses_of(world))
        png = io.BytesIO()
        pygame.image.save(surface, png, "frame.png")
    write_atomic(out, png.getvalue())  # a bad path is a SaveError, not a pygame.error
    return world


def _buttons(pygame, keys, stick) -> int:  # type: ignore[no-untyped-def]
    b = 0
    if keys[pygame.K_LEFT] or keys[pygame.K_a]:
        b |= Buttons.LEFT
    if keys[pygame.K_RIGHT] or keys[pygame.K_d]:
        b |= Buttons.RIGHT
    if keys[pygame.K_SPACE] or keys[pygame.K_UP] or keys[pygame.K_w]:
        b |= Buttons.JUMP
    if keys[pygame.K_DOWN] or keys[pygame.K_s]:
        b |= Buttons.DOWN
    if stick is not None:
        ax = stick.get_axis(0) if stick.get_numaxes() else 0.0
        hat = stick.get_hat(0) if stick.get_numhats() else (0, 0)
        if ax < -0.4 or hat[0] < 0:
            b |= Buttons.LEFT
        if ax > 0.4 or hat[0] > 0:
            b |= Buttons.RIGHT
        if stick.get_numbuttons() and stick.get_button(0):
            b |= Buttons.JUMP
        ay = stick.get_axis(1) if stick.get_numaxes() > 1 else 0.0
        if ay > 0.6 or hat[1] < 0:
            b |= Buttons.DOWN
    return b


def key_action(key: str, *, paused: bool, over: bool) -> str | None:
    """What a key (pygame's name for it) does in the play window: "quit" (Esc once the game is
    paused or over, as the card says), "pause" (P, or Esc while playing: pause or resume),
    "restart" (R), or None."""
    if key == "escape":
        return "quit" if paused or over else "pause"
    return {"p": "pause", "r": "restart"}.get(key)


def play_window(
    doc: LevelDocument,
    *,
    title: str = "cocreate",
    max_frames: int | None = None,
    max_ticks: int | None = None,
    scripted: Iterator[int] | None = None,
    note: str = "",
) -> Session:
    """Open a window and play until the player quits; return the session (every attempt's
    count, the fastest clear, the last attempt's inputs).

    ``scripted`` feeds inputs instead of the keyboard (:data:`RESTART` in it restarts, as R
    does). ``max_frames`` stops the loop after that many frames; ``max_ticks`` after that many
    simulated ticks (of all attempts), or when an attempt ends sooner with no restart scripted
    after it, so that it always stops (demos and tests). ``note`` is shown at the top right
    (``cocreate play`` puts the gallery's record of the level there).
    """
    pygame = _pygame()
    from engine.render.camera import Camera
    from engine.render.level_view import LevelView, Pose, blend, poses_of

    pygame.display.init()
    pygame.font.init()
    pygame.joystick.init()
    session = Session()
    try:
        screen = pygame.display.set_mode(VIEW, pygame.RESIZABLE)
        pygame.display.set_caption(f"{title} — cocreate")
        clock = pygame.time.Clock()
        stick = pygame.joystick.Joystick(0) if pygame.joystick.get_count() else None

        first = World(doc)
        view = LevelView(first)  # kept across restarts: what it made from the level stays
        view.note = note

        def start(world: World | None = None) -> tuple[World, Camera, dict[int, Pose]]:
            """A new attempt (on ``world``, else a fresh one)."""
            world = World(doc) if world is None else world
            view.play_again(world)
            w, h = screen.get_size()
            camera = Camera(w, h, doc.level.size.width, doc.level.size.height)
            camera.center_on(*world.player.position)
            session.begin(world)
            return world, camera, poses_of(world)

        world, camera, cur = start(first)
        prev = cur
        paused = False
        acc = 0.0
        frames = ticks = 0
        running = True
        try:
            while running:
                dt = min(clock.tick(120) / 1000.0, 0.25)
                frames += 1
                if max_frames is not None and frames > max_frames:
                    break
                if max_ticks is not None and (
                    ticks >= max_ticks or world.status is not Status.PLAYING
                ):
                    break
                for event in pygame.event.get():
                    if event.type == pygame.QUIT:
                        running = False
                    elif event.type == pygame.KEYDOWN:
                        action = key_action(
                            pygame.key.name(event.key),
                            paused=paused,
                            over=world.status is not Status.PLAYING,
                        )
                        if action == "quit":
                            running = False
                        elif action == "pause":
                            paused = not paused
                        elif action == "restart":
                            world, camera, cur = start()
                            prev = cur
                            paused = False
                    elif event.type == pygame.VIDEORESIZE:
                        camera.resize(*screen.get_size())
                if not paused and world.status is Status.PLAYING:
                    acc += dt  # real time, replays too: watching one shows it as it was played
                    while acc >= DT and (max_ticks is None or ticks < max_ticks):
                        acc -= DT
                        if scripted is not None:
                            b = next(scripted, 0)
                        else:
                            b = _buttons(pygame, pygame.key.get_pressed(), stick)
                        if b == RESTART:
                            world, camera, cur = start()
                            prev = cur
                            continue
                        ticks += 1
                        prev = cur
                        world.step(b)
                        session.played(b)
                        cur = poses_of(world)
                        p = world.player
                        camera.follow(p.position.x, p.position.y, p.velocity.x, DT)
                        if world.status is not Status.PLAYING:  # cleared, or out of lives
                            if scripted is None or not _skip_to_restart(scripted):
                                acc = 0.0
                                break
                            world, camera, cur = start()
                            prev = cur
                alpha = acc / DT if not paused else 1.0
                view.draw(screen, camera, blend(prev, cur, alpha))
                if paused:
                    view.draw_results(screen)
                pygame.display.flip()
        except KeyboardInterrupt:  # Ctrl+C: end as a quit does, keeping what was played
            session.interrupted = True
            cut = session.world
            if cut is not None and cut.tick != len(session.inputs):
                from engine.sim.verify import simulate

                session.world = simulate(doc, session.inputs)  # a tick cut in two: undone
        return session
    finally:
        pygame.quit()


def save_frame_png(surface: object, path: Path) -> None:  # pragma: no cover - debug helper
    pygame = _pygame()
    pygame.image.save(surface, os.fspath(path))
