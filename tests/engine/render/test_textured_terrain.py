"""Textured terrain is drawn as its art: no outline of the material's colour around it, and
nothing past the shape's edge (a row more used to start the texture's next repeat: imported
maps made of textured pieces showed hairlines between them)."""

from __future__ import annotations

import io
import os
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import msgspec
from PIL import Image

from engine.level.model import Background, Material
from engine.render.play import screenshot
from tests.engine.sim.builders import LevelBuilder
from tests.factories import asset

SKY = (16, 32, 48)
BRICK = (200, 100, 50)
STROKE = (0, 0, 0)


def _texture() -> bytes:
    """32 × 32 px: a black top row (the art's own stroke), brick below, the last 4 rows clear
    (as sticker-style art with a soft bottom is)."""
    image = Image.new("RGBA", (32, 32), (*BRICK, 255))
    image.paste((*STROKE, 255), (0, 0, 32, 1))
    image.paste((0, 0, 0, 0), (0, 28, 32, 32))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def test_textured_pieces_meet_without_lines_and_flat_ones_keep_their_outline(
    tmp_path: Path,
) -> None:
    key, art = asset("image/png", "brick.png", _texture())
    b = LevelBuilder(1280, 720)
    b.materials = [
        Material(name="brick", color="#6b8e23", texture=key),
        Material(name="rock", color="#808080"),
    ]
    b.box(100, 500, 228, 596, material="brick")  # three texture repeats tall, as maps are
    b.box(228, 500, 356, 596, material="brick")
    b.box(600, 500, 728, 596, material="rock")
    b.spawn(1000, 300)
    doc = b.build()
    doc = msgspec.structs.replace(
        doc,
        assets={key: art},
        level=msgspec.structs.replace(doc.level, background=Background(color="#102030")),
    )
    out = tmp_path / "frame.png"
    screenshot(doc, out)
    frame = Image.open(out).convert("RGB")
    # The level is the view's size: one world px is one screen px, from the top-left.
    for x in (150, 228, 300):
        assert frame.getpixel((x, 596)) == SKY, f"the row under the shapes at x={x}"
        assert frame.getpixel((x, 500)) == STROKE, f"the art's own top row at x={x}"
    for y in (510, 540, 570):
        assert frame.getpixel((227, y)) == BRICK, f"the left piece's last column at y={y}"
        assert frame.getpixel((228, y)) == BRICK, f"the right piece's first column at y={y}"
        assert frame.getpixel((100, y)) == BRICK, f"the left piece's first column at y={y}"
    assert frame.getpixel((300, 593)) == SKY  # the art's clear rows show what is behind
    rock_edge = frame.getpixel((600, 540))
    assert rock_edge not in (SKY, (128, 128, 128)), "a flat colour keeps its darker outline"
    assert frame.getpixel((660, 540)) == (128, 128, 128)
