"""Hidden shapes (format 4): invisible walls that collide but are not drawn; older files
migrate with every shape shown."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame

from engine import codec
from engine.document import FORMAT_VERSION, LevelDocument
from engine.edit.level import SetShapeHidden
from engine.fileio import load
from engine.render.play import screenshot
from engine.sim.world import World
from engine.validation import check_file
from tests.engine.sim.builders import GROUND_Y, LevelBuilder

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_a_version_3_file_migrates_with_every_shape_shown() -> None:
    data = (FIXTURES / "v3-level.cocreate").read_bytes()
    assert codec.decode_untyped(data)["version"] == 3 == FORMAT_VERSION - 1
    checked = check_file(FIXTURES / "v3-level.cocreate")
    assert checked.ok and checked.version_read == 3
    doc = load(FIXTURES / "v3-level.cocreate")
    assert isinstance(doc, LevelDocument) and doc.version == FORMAT_VERSION
    assert doc.level.shapes and not any(s.hidden for s in doc.level.shapes)
    again = codec.decode(codec.encode(doc))  # written as version 4, with every key
    assert isinstance(again, LevelDocument)
    assert all(
        "hidden" in raw for raw in codec.decode_untyped(codec.encode(doc))["level"]["shapes"]
    )


def _level(*, hidden: bool) -> LevelDocument:
    b = LevelBuilder(width=1280.0, height=1100.0)
    ground = b.ground()
    b.spawn(300.0)
    b.goal(1200.0)
    doc = b.build()
    return SetShapeHidden(ground, hidden).apply(doc) if hidden else doc


def test_a_hidden_shape_is_not_drawn(tmp_path: Path) -> None:
    shots = {}
    for hidden in (False, True):
        out = tmp_path / f"{hidden}.png"
        screenshot(_level(hidden=hidden), out)
        shots[hidden] = pygame.image.load(os.fspath(out))
    drawn, invisible = shots[False], shots[True]
    below = (640, 715)  # inside the ground, near the bottom of the view
    sky = invisible.get_at((640, 300))
    assert drawn.get_at(below) != sky  # the ground is drawn...
    assert invisible.get_at(below) == sky  # ...unless it is hidden


def test_a_hidden_shape_still_collides() -> None:
    for hidden in (False, True):
        world = World(_level(hidden=hidden))
        for _ in range(120):
            world.step(0)
        assert abs(world.player.position.y - (GROUND_Y - 22.0)) < 4, hidden  # standing on it


def test_hiding_is_one_command_with_a_label() -> None:
    doc = _level(hidden=False)
    ident = doc.level.shapes[0].id
    command = SetShapeHidden(ident, True)
    assert command.label == f"Hide shape {ident}"
    hidden = command.apply(doc)
    assert hidden.level.shapes[0].hidden and not doc.level.shapes[0].hidden
    assert SetShapeHidden(ident, False).label == f"Show shape {ident}"
    assert not SetShapeHidden(ident, False).apply(hidden).level.shapes[0].hidden
