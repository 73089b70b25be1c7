"""The play window and headless screenshots, on a real pygame display (SDL dummy driver)."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pytest

from engine.level import entities as E
from engine.render.play import play_window, screenshot
from engine.sim.inputs import Buttons
from engine.sim.world import Status
from tests.engine.sim.builders import GROUND_Y, LevelBuilder


def level() -> LevelBuilder:
    b = LevelBuilder(width=2400.0, height=1200.0)
    b.ground()
    b.spawn()
    b.entity(E.Collectible, x=400.0, y=GROUND_Y - 20)
    b.entity(E.Hazard, x=900.0, y=GROUND_Y - 8, style="spikes", width=64.0, height=16.0)
    b.entity(E.Sign, x=200.0, y=GROUND_Y - 16, text="Hello!\nJump the spikes")
    b.goal(2200.0)
    return b


def _count(img: pygame.Surface, rgb: tuple[int, int, int]) -> int:
    w, h = img.get_size()
    return sum(1 for x in range(0, w, 2) for y in range(0, h, 2) if img.get_at((x, y))[:3] == rgb)


def test_screenshot_draws_the_player_the_ground_and_the_hud(tmp_path: Path) -> None:
    out = tmp_path / "frame.png"
    world = screenshot(level().build(), out, at_tick=30)
    assert world.tick == 30
    pygame.init()
    img = pygame.image.load(str(out))
    assert img.get_size() == (1280, 720)
    assert _count(img, (235, 94, 40)) > 50  # the player's body colour
    assert _count(img, (136, 136, 136)) > 1000  # the ground material's default grey
    assert _count(img, (230, 50, 70)) > 20  # three hearts in the HUD
    pygame.quit()


def test_screenshot_follows_replay_inputs(tmp_path: Path) -> None:
    doc = level().build()
    world = screenshot(doc, tmp_path / "a.png", at_tick=100, inputs=[int(Buttons.RIGHT)] * 100)
    assert world.player.position.x > 350
    assert world.score == 1


def test_window_loop_plays_scripted_inputs_and_records_them() -> None:
    feed = iter([int(Buttons.RIGHT | Buttons.JUMP)] * 40 + [int(Buttons.RIGHT)] * 400)
    session = play_window(level().build(), scripted=feed, max_ticks=60)  # one second, real time
    assert session.world is not None
    assert len(session.inputs) == 60
    assert session.inputs[0] == int(Buttons.RIGHT | Buttons.JUMP)
    assert session.world.tick == 60
    assert session.world.status is Status.PLAYING


def test_the_note_is_shown_at_the_top_right_and_nowhere_else() -> None:
    from engine.render.camera import Camera
    from engine.render.level_view import LevelView, poses_of
    from engine.sim.world import World

    pygame.display.init()
    pygame.font.init()
    try:
        world = World(level().build())
        view = LevelView(world)
        camera = Camera(1280, 720, world.level.size.width, world.level.size.height)
        camera.center_on(*world.player.position)
        plain, noted = pygame.Surface((1280, 720)), pygame.Surface((1280, 720))
        view.draw(plain, camera, poses_of(world))
        view.note = "Record 5.75 s by bob"
        view.draw(noted, camera, poses_of(world))
        changed = [
            (x, y)
            for x in range(0, 1280, 4)
            for y in range(0, 720, 4)
            if plain.get_at((x, y)) != noted.get_at((x, y))
        ]
        assert len(changed) > 50
        assert min(x for x, _ in changed) > 900 and max(y for _, y in changed) < 60
    finally:
        pygame.quit()


def test_playing_again_keeps_the_view_and_draws_the_fresh_world() -> None:
    """A restart (R) shows a new world with the view made for the first one: what it made from
    the level is kept, and the frame is the one a fresh view draws."""
    from engine.render.camera import Camera
    from engine.render.level_view import LevelView, poses_of
    from engine.sim.world import World

    pygame.display.init()
    pygame.font.init()
    try:
        doc = level().build()
        view = LevelView(World(doc))
        for _ in range(90):
            view.world.step(int(Buttons.RIGHT))
        assert view.world.collected  # the coin is picked up: this world is not a fresh one
        fresh = World(doc)
        view.play_again(fresh)
        assert view.world is fresh
        camera = Camera(1280, 720, doc.level.size.width, doc.level.size.height)
        camera.center_on(*fresh.player.position)
        kept, new = pygame.Surface((1280, 720)), pygame.Surface((1280, 720))
        view.draw(kept, camera, poses_of(fresh))
        LevelView(fresh).draw(new, camera, poses_of(fresh))
        assert pygame.image.tobytes(kept, "RGB") == pygame.image.tobytes(new, "RGB")
        other = level()
        other.goal(1800.0)
        with pytest.raises(ValueError, match="same level"):
            view.play_again(World(other.build()))
    finally:
        pygame.quit()
