"""Garment mockups and thumbnails: the colour, the art in the print box, the art rendered once."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

import engine.render.mockup as mockup_module
from engine.design.model import GarmentStyle
from engine.document import DesignDocument
from engine.fileio import load
from engine.render.mockup import Mockups, template
from tests.engine.render.designs import design, px, rect

LEVELS = Path(__file__).resolve().parents[3] / "levels"
STYLES: list[GarmentStyle] = ["tshirt", "longsleeve", "hoodie", "tank"]


def _luma(pixel: tuple[int, ...]) -> float:
    r, g, b = pixel[:3]
    return 0.299 * r + 0.587 * g + 0.114 * b


def _fabric_point(style: GarmentStyle) -> tuple[int, int]:
    """A point on the garment, below the print area, away from folds and seams."""
    t = template(style)
    x, y = round(t.top[0]), round(t.top[1] + 17.0 * t.ppi)
    assert t.mask.getpixel((x, y)) == 255
    return x, y


@pytest.mark.parametrize("style", STYLES)
def test_every_garment_template_loads_with_a_garment_in_it(style: GarmentStyle) -> None:
    t = template(style)
    assert t.mask.size == t.shade.size == t.light.size == t.backdrop.size == (1000, 1000)
    box = t.mask.getbbox()
    assert box is not None and box[2] - box[0] > 500 and box[3] - box[1] > 600
    assert t.mask.getpixel((round(t.top[0]), round(t.top[1]))) == 255


def test_a_black_tee_is_dark_where_there_is_no_art_and_a_white_one_light() -> None:
    doc = design(rect(x=2.0, y=1.5, w=4.0, h=3.0, fill="#ff0000"))
    m = Mockups(doc)
    point = _fabric_point("tshirt")
    black = m.mockup("#111111")
    white = m.mockup("#ffffff")
    assert black.mode == "RGB" and black.size == (1000, 1000)
    assert _luma(px(black, point)) < 40
    assert _luma(px(white, point)) > 200
    assert px(black, (5, 5)) == px(white, (5, 5))  # the backdrop does not change


def test_the_art_sits_in_the_print_box_with_the_folds_over_it() -> None:
    doc = design(rect(x=2.0, y=1.5, w=4.0, h=3.0, fill="#ff0000"))
    m = Mockups(doc)
    t = m.template
    centre = (round(t.top[0]), round(t.top[1] + 1.5 * t.ppi))
    r, g, b = px(m.mockup("#111111"), centre)
    assert r > 150 and g < 90 and b < 90
    above = (round(t.top[0]), round(t.top[1] - 0.5 * t.ppi))
    assert _luma(px(m.mockup("#111111"), above)) < 60  # not art: the black fabric


def test_the_art_is_rendered_once_for_every_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    real = mockup_module.render_art  # type: ignore[attr-defined]

    def counting(*args: object, **kwargs: object) -> Image.Image:
        calls.append(args)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(mockup_module, "render_art", counting)
    m = Mockups(design(rect()))
    for color in ("#ffffff", "#111111", "#ff0000", "#00ff00", "#0000ff", "#888888"):
        m.mockup(color)
    m.thumbnail()
    assert len(calls) == 1


def test_a_thumbnail_is_a_square_of_400_px_in_the_first_colour() -> None:
    m = Mockups(design(rect(), colors=(("navy", "#1f2a44"), ("white", "#ffffff"))))
    thumb = m.thumbnail()
    assert thumb.size == (400, 400)
    x, y = _fabric_point("tshirt")
    assert _luma(px(thumb, (x * 400 // 1000, y * 400 // 1000))) < 80


def test_another_garment_style_can_be_asked_for() -> None:
    m = Mockups(design(rect()), "hoodie")
    assert m.template.style == "hoodie"


@pytest.mark.parametrize("name", ["sunrise-tee", "bold-type", "geo-shapes"])
def test_every_sample_design_has_a_mockup_in_each_of_its_colours(name: str) -> None:
    doc = load(LEVELS / f"{name}.cocreate")
    assert isinstance(doc, DesignDocument)
    m = Mockups(doc)
    assert m.art.getchannel("A").getbbox() is not None
    shots = [m.mockup(gc.color) for gc in doc.design.garment.colors]
    assert len({s.tobytes() for s in shots}) == len(shots)
