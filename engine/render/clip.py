"""A level's run as a short animated WebP, rendered headless from a replay's inputs.

The replay is re-simulated at 60 Hz and drawn by the same :class:`LevelView` and follow camera
as the play window (a 1280 × 720 view, the camera following the player every tick), every
``60 / fps`` ticks, then scaled down to ``size`` and encoded as an animated WebP that loops.
The last frame is the tick the run ends on, with its result drawn over it ("Level cleared!"),
held for ``hold_seconds`` more.

A long run is shortened honestly: at most ``max_seconds`` of clip. A run longer than that is
sampled more sparsely (every ``ceil(ticks / frames)`` ticks instead of every 4), so the clip
plays it faster than real time, and every frame then says so in its corner ("2.5x speed");
the game clock in the HUD still shows the run's own time. Nothing is cut: the start, every part
of the way and the end are in the clip.

Deterministic: the simulation is (``engine.sim.world``), so is the drawing, and libwebp encodes
on one thread, so the same level and inputs give the same bytes with the same libraries on the
same kind of CPU (pygame's smoothscale and libwebp choose their SIMD code by CPU).
``bench/bench_clip.py`` measures the sample levels' clips: sizes and render times.
"""

from __future__ import annotations

import io
import math
import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
import pygame

from engine import limits
from engine.document import LevelDocument
from engine.render.camera import Camera
from engine.render.level_view import LevelView, Pose, poses_of
from engine.render.play import headless_pygame
from engine.sim.world import DT, TICK_RATE, Status, World

if TYPE_CHECKING:
    from PIL import Image

VIEW = (1280, 720)
"""What the camera sees, as in the play window."""
SIZE = (480, 270)
FPS = 15
MAX_SECONDS = 20.0
"""Longest clip before the run is sped up: keeps a clip near 1 MB and its render near 5 s."""
HOLD_SECONDS = 1.0
QUALITY = 40
"""WebP quality: a 10 s sample level is ~0.7 MB at 40, ~1 MB at 50 (their textures are noisy)."""
METHOD = 4
"""WebP effort: 3 and 4 give the same size and time here, 6 is 5% smaller and ten times slower,
2 twice as fast and 9% bigger. libwebp's default key frames (every 5 frames or less) are kept:
without them a clip is 9% smaller, but the sky's gradients turn to blocks as errors pile up."""

RESULT_TITLES = {
    Status.CLEARED: "Level cleared!",
    Status.DIED: "Out of lives",
    Status.TIMED_OUT: "The replay ended",
}


@dataclass(frozen=True)
class Clip:
    """An encoded clip and how it was made."""

    data: bytes
    """The animated WebP."""
    ticks: list[int]
    """The simulation tick each frame shows (the last is the tick the run ended on)."""
    durations: list[float]
    """Each frame's time on screen, in milliseconds."""
    stride: int
    """Ticks between frames: ``60 / fps``, more when the run was sped up."""
    speed: float
    """How many times faster than real time the clip plays the run (1.0 unless shortened)."""
    world: World
    """The world as the run ended (``verdict_of`` gives what the clear check says)."""

    @property
    def seconds(self) -> float:
        return sum(self.durations) / 1000.0


def clear_clip(
    doc: LevelDocument,
    inputs: Iterable[int],
    *,
    size: tuple[int, int] = SIZE,
    fps: int = FPS,
    max_seconds: float = MAX_SECONDS,
) -> bytes:
    """The run of ``inputs`` on ``doc`` as an animated WebP (see the module's docstring)."""
    return render_clip(doc, inputs, size=size, fps=fps, max_seconds=max_seconds).data


def render_clip(
    doc: LevelDocument,
    inputs: Iterable[int],
    *,
    size: tuple[int, int] = SIZE,
    fps: int = FPS,
    max_seconds: float = MAX_SECONDS,
    hold_seconds: float = HOLD_SECONDS,
    quality: int = QUALITY,
    method: int = METHOD,
) -> Clip:
    """Like :func:`clear_clip`, with the frames' ticks and the final world."""
    if fps < 1 or TICK_RATE % fps:
        raise ValueError(f"fps must divide {TICK_RATE} (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60)")
    if min(size) < 16 or max(size) > 1920:
        raise ValueError("size must be 16 to 1920 pixels a side")
    if max_seconds * fps < 1:
        raise ValueError("max_seconds must allow one frame")
    feed = list(_bounded(inputs))
    end = _end_tick(doc, feed)
    stride = stride_for(end, fps, max_seconds)
    speed = stride * fps / TICK_RATE
    frames, world, ticks = _draw(doc, feed, end, stride, size, speed=speed)
    durations = [1000.0 / fps] * len(frames)
    durations[-1] += hold_seconds * 1000.0
    data = _webp(frames, durations, quality, method)
    return Clip(data, ticks, durations, stride, speed, world)


def stride_for(end: int, fps: int, max_seconds: float) -> int:
    """Ticks between frames for a run of ``end`` ticks: ``60 / fps``, or more past the cap."""
    base = TICK_RATE // fps
    most = max(1, int(max_seconds * fps))
    return max(base, math.ceil(end / most))


def _bounded(inputs: Iterable[int]) -> Iterable[int]:
    for i, buttons in enumerate(inputs):
        if i >= limits.MAX_REPLAY_TICKS:
            return
        yield buttons


def _end_tick(doc: LevelDocument, inputs: list[int]) -> int:
    """The tick the run ends on: first simulated without drawing (a few ms a second of play)."""
    from engine.sim.verify import simulate

    return simulate(doc, inputs).tick


def _draw(
    doc: LevelDocument,
    inputs: list[int],
    end: int,
    stride: int,
    size: tuple[int, int],
    *,
    speed: float,
) -> tuple[list[Image.Image], World, list[int]]:
    with headless_pygame():  # without SDL's signal handlers: SIGTERM stops a long render
        world = World(doc)
        view = _ClipView(world, speed)
        camera = Camera(VIEW[0], VIEW[1], doc.level.size.width, doc.level.size.height)
        camera.center_on(*world.player.position)
        surface = pygame.Surface(VIEW)
        frames: list[Image.Image] = []
        ticks: list[int] = []

        def capture() -> None:
            view.draw(surface, camera, poses_of(world))
            frames.append(_scaled(surface, size))
            ticks.append(world.tick)

        for tick, buttons in enumerate(inputs[:end]):
            if world.status is not Status.PLAYING:  # never: the first pass ended at ``end``
                break
            if tick % stride == 0:
                capture()
            world.step(buttons)
            p = world.player
            camera.follow(p.position.x, p.position.y, p.velocity.x, DT)
        if world.status is Status.PLAYING:
            world.time_out()  # as the clear check does when the inputs run out
        capture()
        return frames, world, ticks


def _scaled(surface: pygame.Surface, size: tuple[int, int]) -> Image.Image:
    from PIL import Image

    small = pygame.transform.smoothscale(surface, size)
    return Image.frombytes("RGB", size, pygame.image.tobytes(small, "RGB"))


def _webp(frames: list[Image.Image], durations: list[float], quality: int, method: int) -> bytes:
    out = io.BytesIO()
    first, *rest = frames
    first.save(
        out,
        "WEBP",
        save_all=True,
        append_images=rest,
        duration=durations,
        loop=0,
        quality=quality,
        method=method,
    )
    return out.getvalue()


class _ClipView(LevelView):
    """:class:`LevelView` with the clip's result card (no keys to press) and its speed label."""

    def __init__(self, world: World, speed: float) -> None:
        super().__init__(world)
        self.speed = speed

    def draw(self, target: pygame.Surface, camera: Camera, poses: dict[int, Pose]) -> None:
        super().draw(target, camera, poses)
        if self.speed > 1.0 and self.world.status is Status.PLAYING:
            text = f"{self.speed:.2f}".rstrip("0").rstrip(".")
            label = self.font.render(f"{text}x speed", True, (255, 255, 255))
            panel = label.get_rect(topright=(target.get_width() - 22, 18)).inflate(20, 12)
            shade = pygame.Surface(panel.size, pygame.SRCALPHA)
            shade.fill((0, 0, 0, 110))
            target.blit(shade, panel)
            target.blit(label, label.get_rect(center=panel.center))

    def draw_results(self, target: pygame.Surface) -> None:
        world = self.world
        shade = pygame.Surface(target.get_size(), pygame.SRCALPHA)
        shade.fill((0, 0, 0, 130))
        target.blit(shade, (0, 0))
        w, h = target.get_size()
        title = self.big.render(RESULT_TITLES.get(world.status, ""), True, (255, 255, 255))
        target.blit(title, title.get_rect(center=(w // 2, h // 2 - 30)))
        seconds = world.tick / TICK_RATE
        detail = (
            f"time {int(seconds // 60)}:{seconds % 60:05.2f}   score {world.score}   "
            f"deaths {world.deaths}"
        )
        img = self.font.render(detail, True, (230, 230, 230))
        target.blit(img, img.get_rect(center=(w // 2, h // 2 + 25)))
