"""Decorations (format 3): images placed freely in a level, checked, migrated and drawn."""

from __future__ import annotations

import io
import os
from typing import Any

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import msgspec
import pygame
from PIL import Image

from engine import codec
from engine.document import LevelDocument
from engine.level.model import Decoration
from engine.render.camera import Camera
from engine.render.level_view import LevelView, decoration_surface
from engine.sim.world import World
from engine.validation import check_bytes, check_file, validate
from tests.factories import asset, rich_level


def _with(*decorations: Decoration, **level_fields: Any) -> LevelDocument:
    doc = rich_level()
    level = msgspec.structs.replace(doc.level, decorations=list(decorations), **level_fields)
    return msgspec.structs.replace(doc, level=level)


def _deco(**fields: Any) -> Decoration:
    doc = rich_level()
    base = doc.level.decorations[0]
    return msgspec.structs.replace(base, **fields)


def test_the_rich_level_has_a_decoration_that_round_trips() -> None:
    doc = rich_level()
    assert len(doc.level.decorations) == 1 and validate(doc) == []
    data = codec.encode(doc)
    assert check_bytes(data).ok
    assert codec.decode(data) == doc


def test_every_problem_of_a_decoration_is_reported_with_its_path() -> None:
    doc = _with(
        _deco(id=3),  # the id of a shape
        _deco(id=17, image="ab" * 32, width=0.0, opacity=1.5, parallax=-1.0, x=float("nan")),
        _deco(id=99),
        next_id=18,
    )
    assert [str(p) for p in validate(doc)] == [
        "$.level.decorations[0].id: id 3 is already used by $.level.shapes[2]",
        "$.level.decorations[1].image: asset abababababab… is not in $.assets",
        "$.level.decorations[1].x: must be a finite number, not nan",
        "$.level.decorations[1].width: must be more than 0, not 0",
        "$.level.decorations[1].opacity: 1.5 is out of range (0 to 1)",
        "$.level.decorations[1].parallax: -1 is out of range (0 to 4)",
        "$.level.decorations[2].id: id 99 is not below $.level.next_id (18)",
    ]


def test_a_version_2_level_gets_no_decorations() -> None:
    from pathlib import Path

    checked = check_file(Path(__file__).parents[1] / "fixtures" / "v2-level.cocreate")
    assert checked.ok and isinstance(checked.document, LevelDocument)
    assert checked.document.level.decorations == []


def test_the_play_view_draws_back_and_front_decorations_where_they_are() -> None:
    pygame.init()
    pygame.display.set_mode((1, 1))
    red = io.BytesIO()
    Image.new("RGB", (4, 4), (250, 10, 10)).save(red, format="PNG")
    key, red_asset = asset("image/png", "red.png", red.getvalue())
    doc = rich_level()
    back = _deco(id=16, image=key, x=100.0, y=100.0, width=40.0, height=20.0, rotation=0.0)
    back = msgspec.structs.replace(back, opacity=1.0, parallax=1.0, flip_x=False)
    front = msgspec.structs.replace(back, id=17, x=300.0, front=True, parallax=0.0)
    level = msgspec.structs.replace(doc.level, decorations=[back, front], next_id=18)
    assets = {**doc.assets, key: red_asset}
    doc = msgspec.structs.replace(doc, level=level, assets=assets)
    assert validate(doc) == []
    view = LevelView(World(doc))
    target = pygame.Surface((400, 200))
    camera = Camera(400, 200, 1000, 1000)
    camera.x = 50.0  # the back one scrolls with the terrain, the front one (parallax 0) not
    target.fill((0, 0, 0))
    view._draw_decorations(target, camera, front=False)
    assert target.get_at((50, 100))[:3] == (250, 10, 10)  # 100 - 50
    assert target.get_at((50 + 21, 100))[:3] == (0, 0, 0)  # past its right edge
    target.fill((0, 0, 0))
    view._draw_decorations(target, camera, front=True)
    assert target.get_at((300, 100))[:3] == (250, 10, 10)  # parallax 0: fixed on screen


def test_a_decoration_surface_is_scaled_flipped_rotated_and_faded() -> None:
    pygame.init()
    image = pygame.Surface((2, 1), pygame.SRCALPHA)
    image.set_at((0, 0), (255, 0, 0, 255))
    image.set_at((1, 0), (0, 0, 255, 255))
    deco = _deco(width=20.0, height=10.0, rotation=0.0, flip_x=True, opacity=0.5)
    surf = decoration_surface(image, deco)
    assert surf is not None and surf.get_size() == (20, 10) and surf.get_alpha() == 128
    assert surf.get_at((2, 5))[2] > 200  # flipped: blue on the left
    turned = decoration_surface(image, _deco(width=20.0, height=10.0, rotation=90.0))
    assert turned is not None and turned.get_size() == (10, 20)
    assert decoration_surface(image, _deco(width=100_000.0)) is None  # too big to draw
