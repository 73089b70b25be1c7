"""A level smaller than the view: shown larger by a whole-number zoom, and in the middle."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import msgspec
import pygame
import pytest

from engine.document import LevelDocument
from engine.fileio import load
from engine.level import entities as E
from engine.render.camera import MAX_ZOOM, Camera, fit_zoom
from engine.render.level_view import BUBBLE, OUTSIDE
from engine.render.play import screenshot
from tests.engine.sim.builders import LevelBuilder


@pytest.mark.parametrize(
    ("level", "zoom"),
    [
        ((2400, 1200), 1),  # larger than the view
        ((1280, 720), 1),  # just the view
        ((1000, 600), 1),  # most of it: shown whole, with a margin
        ((848, 336), 2),  # LDtk's typical platformer map: its width fills the view at 2×
        ((640, 360), 2),  # exactly half
        ((400, 720), 1),  # as tall as the view: only centred
        ((320, 180), 4),
        ((60, 40), MAX_ZOOM),  # tiny: enlarged only so far
    ],
)
def test_the_zoom_shows_a_small_level_larger(level: tuple[int, int], zoom: int) -> None:
    assert fit_zoom(1280, 720, *level) == zoom
    camera = Camera(1280, 720, *level)
    assert camera.zoom == zoom
    assert (camera.width, camera.height) == (1280 / zoom, 720 / zoom)


def test_a_level_smaller_than_the_view_is_centred_and_larger_ones_are_kept_in_view() -> None:
    camera = Camera(1280, 720, 400, 720)
    camera.center_on(390, 700)  # wherever the player is, the level stays in the middle
    assert camera.x == (400 - 1280) / 2 and camera.y == 0
    camera.follow(10, 10, -300, 1 / 60)
    assert camera.x == (400 - 1280) / 2 and camera.y == 0
    wide = Camera(1280, 720, 5000, 300)
    wide.center_on(2500, 100)
    assert wide.x == 2500 - 1280 / 2 and wide.y == (300 - 720) / 2
    wide.center_on(4990, 100)
    assert wide.x == 5000 - 1280


def test_resizing_the_view_picks_the_zoom_again() -> None:
    camera = Camera(1280, 720, 640, 360)
    assert camera.zoom == 2
    camera.resize(640, 360)
    assert camera.zoom == 1 and (camera.x, camera.y) == (0, 0)
    camera.resize(2560, 1440)
    assert camera.zoom == 4


def _small_level(width: float, height: float) -> LevelBuilder:
    b = LevelBuilder(width=width, height=height)
    b.box(0, height - 40, width, height)
    b.spawn(60, height - 62)
    b.goal(width - 40, height - 72)
    return b


def _shot(tmp_path: Path, b: LevelBuilder) -> pygame.Surface:
    out = tmp_path / "frame.png"
    screenshot(b.build(), out)
    return pygame.image.load(os.fspath(out))


def test_a_zoomed_level_fills_the_view_in_whole_pixels(tmp_path: Path) -> None:
    frame = _shot(tmp_path, _small_level(320, 180))  # 4×: exactly the view
    assert frame.get_size() == (1280, 720)
    below_hud = [(x, y) for x in range(0, 1280, 8) for y in range(64, 720, 8)]
    assert all(frame.get_at(p)[:3] != OUTSIDE for p in below_hud)
    # each world pixel is a 4 × 4 block of one colour: enlarged, not smoothed
    for x, y in below_hud[::7]:
        block = {frame.get_at((x + i, y + j))[:3] for i in range(4) for j in range(4)}
        assert len(block) == 1, (x, y, block)
    # the ground, 40 world px high, is 160 screen px at the bottom
    ground = frame.get_at((640, 719))[:3]
    assert frame.get_at((640, 720 - 150))[:3] == ground
    assert frame.get_at((640, 720 - 170))[:3] != ground


def test_a_narrow_level_sits_in_the_middle_of_a_dark_surround(tmp_path: Path) -> None:
    frame = _shot(tmp_path, _small_level(400, 720))  # as tall as the view: 1×, centred
    left, right = (1280 - 400) // 2, (1280 + 400) // 2
    for y in range(80, 720, 40):
        assert frame.get_at((left - 2, y))[:3] == OUTSIDE
        assert frame.get_at((right + 1, y))[:3] == OUTSIDE
        assert frame.get_at((left + 2, y))[:3] != OUTSIDE
        assert frame.get_at((right - 3, y))[:3] != OUTSIDE
    assert frame.get_at((5, 700))[:3] == OUTSIDE  # the level's ground stops at its edge


def _with_backdrop(b: LevelBuilder) -> LevelDocument:
    """``b``'s level with first-steps' backdrop (a sky gradient, clouds, hills)."""
    sample = load(Path(__file__).resolve().parents[3] / "levels" / "first-steps.cocreate")
    assert isinstance(sample, LevelDocument)
    doc = b.build()
    bg = sample.level.background
    level = msgspec.structs.replace(doc.level, background=bg)
    return msgspec.structs.replace(doc, level=level, assets={bg.image: sample.assets[bg.image]})


def test_the_backdrop_fills_the_level_at_the_screens_scale(tmp_path: Path) -> None:
    wide = tmp_path / "wide.png"
    screenshot(_with_backdrop(_small_level(1000, 200)), wide)  # 1×, centred: y 260 to 460
    frame = pygame.image.load(os.fspath(wide))
    assert frame.get_at((640, 255))[:3] == OUTSIDE
    sky = frame.get_at((640, 262))[:3]
    assert sky != OUTSIDE and sky[2] > sky[0] + 60  # the backdrop's blue sky, from the top
    zoomed = tmp_path / "zoomed.png"
    screenshot(_with_backdrop(_small_level(320, 180)), zoomed)  # 4×
    frame = pygame.image.load(os.fspath(zoomed))
    blocks = [
        len({frame.get_at((x + i, y + j))[:3] for i in range(4) for j in range(4)})
        for x in range(400, 1280, 4)
        for y in range(80, 360, 24)
    ]
    assert max(blocks) > 1  # drawn at the screen's scale, not enlarged 4× with the layers


def test_a_signs_bubble_is_whole_and_at_the_screens_scale(tmp_path: Path) -> None:
    b = _small_level(400, 300)  # 2×, centred: x 240 to 1040
    b.entity(E.Sign, x=20.0, y=300 - 56.0, text="A long sign text that says something")
    out = tmp_path / "sign.png"
    screenshot(b.build(), out, at_tick=5)
    frame = pygame.image.load(os.fspath(out))
    paper = [
        (x, y)
        for x in range(0, 640, 2)
        for y in range(60, 720, 2)
        if frame.get_at((x, y))[:3] == BUBBLE
    ]
    assert paper and min(x for x, _ in paper) < 240  # past the level's edge: not cut off
    rows = {y for _, y in paper}
    assert max(rows) - min(rows) < 40  # one line of screen-size text, not twice as tall


def test_signs_are_written_in_a_font_with_arrows_and_accents() -> None:
    """A sign saying "← → to run" (first-steps') showed two empty boxes in pygame's own font."""
    from engine.render.level_view import LevelView
    from engine.sim.world import World

    pygame.display.init()
    pygame.font.init()
    try:
        view = LevelView(World(_small_level(640, 360).build()))

        def glyph(text: str) -> bytes:
            drawn = view.text.render(text, True, (0, 0, 0), (255, 255, 255))
            return pygame.image.tobytes(drawn, "RGB") + bytes(drawn.get_size())

        missing = glyph("\U0010fffd")  # a character no font has: the empty box
        assert all(glyph(c) != missing for c in "←→↑↓éüß")
    finally:
        pygame.quit()
