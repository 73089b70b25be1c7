"""Terrain in the level editor's canvas is drawn as the play view draws it: a shape whose material
has a texture shows the texture tiled from its bounding box's top-left (scaled to the zoom),
masked to the polygon minus its holes; a shape without one keeps its flat colour."""

from __future__ import annotations

import io
from collections.abc import Iterator

import msgspec
import pygame
import pytest
from PIL import Image

from editor.app import EditorApp
from editor.canvas import Canvas
from editor.pilot import Pilot
from editor.session import EditorSession
from engine.document import LevelDocument
from engine.level.model import Material, Shape
from engine.packed import pack_points
from engine.render.sprites import hex_color
from engine.starter import new_level
from tests.editor.conftest import running
from tests.factories import asset

RED = (220, 30, 30)
BLUE = (30, 60, 220)
BLOCK = 4
"""The texture is 8 × 8 px: 4 px squares, red where (x // 4 + y // 4) is even, else blue."""
LEFT, TOP, RIGHT, BOTTOM = 200.6, 300.4, 400.0, 460.0
"""The textured shape; its box's top-left (where the tiling starts) is (200, 300)."""
HOLE = (260.0, 360.0, 340.0, 420.0)
FLAT = (440.0, 300.0, 520.0, 400.0)
"""An untextured shape (the starter's "ground" material)."""


def _checker() -> bytes:
    img = Image.new("RGB", (2 * BLOCK, 2 * BLOCK))
    for y in range(2 * BLOCK):
        for x in range(2 * BLOCK):
            img.putpixel((x, y), RED if (x // BLOCK + y // BLOCK) % 2 == 0 else BLUE)
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def _rect(x0: float, y0: float, x1: float, y1: float) -> bytes:
    return pack_points([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])


def _doc(*, textured: bool = True) -> LevelDocument:
    key, image = asset("image/png", "checker.png", _checker())
    doc = new_level("Textured")
    checker = Material(name="checker", color="#ff00ff", texture=key)
    shapes = [
        *doc.level.shapes,
        Shape(id=4, material="ground", points=_rect(*FLAT)),
    ]
    if textured:
        outline = _rect(LEFT, TOP, RIGHT, BOTTOM)
        shapes.append(Shape(id=5, material="checker", points=outline, holes=[_rect(*HOLE)]))
    level = msgspec.structs.replace(
        doc.level, materials=[*doc.level.materials, checker], shapes=shapes, next_id=6
    )
    return msgspec.structs.replace(doc, level=level, assets={key: image})


@pytest.fixture
def app() -> Iterator[EditorApp]:
    yield from running(EditorSession(_doc()))


def _show(app: EditorApp, pilot: Pilot, zoom: float) -> None:
    """The shape at ``zoom``; close up (too large a surface to keep), its top-left corner."""
    app.viewport.zoom = zoom
    app.viewport.x, app.viewport.y = (150.0, 250.0) if zoom < 4 else (196.0, 296.0)
    pilot.frames(1)


def _visible(app: EditorApp, wx: float, wy: float) -> bool:
    sx, sy = app.to_screen(wx, wy)
    return app.canvas_rect.inflate(-4, -4).collidepoint(round(sx), round(sy))


def _at(app: EditorApp, wx: float, wy: float) -> tuple[int, int, int]:
    sx, sy = app.to_screen(wx, wy)
    r, g, b, _ = app.surface.get_at((round(sx), round(sy)))
    return (r, g, b)


def _samples() -> Iterator[tuple[float, float, tuple[int, int, int]]]:
    """Middles of the texture's squares inside the shape (clear of its edges and the hole),
    with the colour the play view's tiling puts there."""
    hx0, hy0, hx1, hy1 = HOLE
    for j in range(int((BOTTOM - 300) // BLOCK)):
        for i in range(int((RIGHT - 200) // BLOCK)):
            wx, wy = 200 + i * BLOCK + BLOCK / 2, 300 + j * BLOCK + BLOCK / 2
            if not (LEFT + 4 <= wx <= RIGHT - 4 and TOP + 4 <= wy <= BOTTOM - 4):
                continue
            if hx0 - 4 <= wx <= hx1 + 4 and hy0 - 4 <= wy <= hy1 + 4:
                continue
            yield wx, wy, RED if (i + j) % 2 == 0 else BLUE


@pytest.mark.parametrize("zoom", [1.0, 2.0, 1.3, 16.0])
def test_a_textured_shape_shows_its_texture_tiled_from_its_box(
    app: EditorApp, pilot: Pilot, zoom: float
) -> None:
    _show(app, pilot, zoom)
    samples = [s for s in _samples() if _visible(app, s[0], s[1])]
    assert len(samples) > (100 if zoom > 4 else 1000)
    wrong = [(wx, wy, want, got) for wx, wy, want in samples if (got := _at(app, wx, wy)) != want]
    assert wrong == []
    if zoom > 4:  # drawn afresh, only the part on screen: too large a surface to keep
        assert all(key[-1] != zoom for key in app.canvas.textured._made)
        return
    # the untextured shape keeps its material's flat colour
    fx0, fy0, fx1, fy1 = FLAT
    ground = hex_color(app.session.doc.level.materials[0].color)
    assert _at(app, (fx0 + fx1) / 2, (fy0 + fy1) / 2) == ground
    assert _at(app, fx0 + 6, fy0 + 6) == ground


@pytest.mark.parametrize("zoom", [1.0, 2.0, 1.3])
def test_nothing_of_the_shape_is_drawn_in_its_hole(
    app: EditorApp, pilot: Pilot, zoom: float
) -> None:
    _show(app, pilot, zoom)
    # the same view of the level without the textured shape: the hole shows just that
    bare = pygame.Surface(app.canvas_rect.size)
    Canvas().draw(bare, EditorSession(_doc(textured=False)), app.viewport)
    hx0, hy0, hx1, hy1 = HOLE
    for wx in range(int(hx0) + 4, int(hx1) - 3, 7):
        for wy in range(int(hy0) + 4, int(hy1) - 3, 7):
            sx, sy = app.viewport.to_screen(wx, wy)
            want = tuple(bare.get_at((round(sx), round(sy))))[:3]
            assert _at(app, wx, wy) == want
            assert want not in (RED, BLUE)


def test_textured_surfaces_are_kept_per_zoom_and_shape(app: EditorApp, pilot: Pilot) -> None:
    app.canvas.textured._made.clear()  # forget the first frames' (at the fitted zoom)
    _show(app, pilot, 1.0)
    made = dict(app.canvas.textured._made)
    assert len(made) == 1
    pilot.frames(2)  # the same view: the same surface again
    assert next(iter(app.canvas.textured._made.values())) is next(iter(made.values()))
    _show(app, pilot, 2.0)
    assert len(app.canvas.textured._made) == 2
    app.viewport.x = 5000.0  # off screen: nothing made
    pilot.frames(1)
    app.viewport.zoom = 3.0
    pilot.frames(1)
    assert len(app.canvas.textured._made) == 2
