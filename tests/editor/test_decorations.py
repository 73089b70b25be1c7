"""Decorations in the level editor's canvas: drawn where they are, behind or in front."""

from __future__ import annotations

import io
from collections.abc import Iterator

import msgspec
import pytest
from PIL import Image

from editor.app import EditorApp
from editor.pilot import Pilot
from editor.session import EditorSession
from engine.starter import new_level
from tests.editor.conftest import running
from tests.factories import asset


@pytest.fixture
def app() -> Iterator[EditorApp]:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (240, 20, 200)).save(out, format="PNG")
    key, image = asset("image/png", "pink.png", out.getvalue())
    doc = new_level("Decorated")
    from engine.level.model import Decoration

    ground = doc.level.shapes[0]  # y 960 to 1080
    behind = Decoration(id=4, image=key, x=400.0, y=1000.0, width=200.0, height=200.0)
    before = Decoration(id=5, image=key, x=1200.0, y=1000.0, width=200.0, height=200.0, front=True)
    level = msgspec.structs.replace(doc.level, decorations=[behind, before], next_id=6)
    doc = msgspec.structs.replace(doc, level=level, assets={key: image})
    assert ground.material == "ground"
    yield from running(EditorSession(doc))


def test_back_decorations_sit_behind_the_terrain_and_front_ones_over_it(
    app: EditorApp, pilot: Pilot
) -> None:
    pilot.frames(1)
    pink = (240, 20, 200)
    sx, sy = app.to_screen(400.0, 930.0)  # above the ground: the decoration shows
    assert tuple(app.surface.get_at((round(sx), round(sy))))[:3] == pink
    sx, sy = app.to_screen(400.0, 1040.0)  # on the ground: the terrain covers it
    assert tuple(app.surface.get_at((round(sx), round(sy))))[:3] != pink
    sx, sy = app.to_screen(1200.0, 1040.0)  # a front decoration covers the ground
    assert tuple(app.surface.get_at((round(sx), round(sy))))[:3] == pink
