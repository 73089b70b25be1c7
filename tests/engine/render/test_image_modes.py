"""Embedded images in every mode Pillow decodes them to print as an image viewer shows them."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from engine.design.model import ImageLayer, PrintArea
from engine.design.model import Transform as T
from engine.document import DesignDocument
from engine.preflight import preflight
from engine.render.layers import decode_image
from engine.render.mockup import Mockups
from engine.render.print_art import render_print
from engine.validation import validate
from tests.engine.render.designs import design, px
from tests.factories import asset

SHARP = PrintArea(width=4.0, height=3.0, dpi=300, safe_margin=0.25)


def encoded(image: Image.Image, fmt: str = "PNG", **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def grey16(value: int, size: tuple[int, int] = (300, 300)) -> bytes:
    return encoded(Image.new("I;16", size, value))


def test_a_16_bit_grey_png_decodes_to_16_bit_samples() -> None:
    with Image.open(io.BytesIO(grey16(30_000))) as im:
        assert im.mode == "I;16"  # what Pillow gives (older Pillows: "I"); convert() clips it


@pytest.mark.parametrize(
    ("data", "want"),
    [
        (grey16(30_000), (117, 117, 117, 255)),
        (grey16(65_535), (255, 255, 255, 255)),
        (grey16(0), (0, 0, 0, 255)),
        (encoded(Image.new("I;16B", (4, 4), 30_000), "TIFF"), (117, 117, 117, 255)),
        (encoded(Image.new("I", (4, 4), 30_000), "TIFF"), (117, 117, 117, 255)),
        (encoded(Image.new("F", (4, 4), 117.4), "TIFF"), (117, 117, 117, 255)),
        (encoded(Image.new("LA", (4, 4), (117, 128))), (117, 117, 117, 128)),
        (encoded(Image.new("1", (4, 4), 1)), (255, 255, 255, 255)),
        (encoded(Image.new("CMYK", (4, 4), (0, 255, 255, 0)), "JPEG", quality=100),
         (254, 0, 0, 255)),
        (encoded(Image.new("L", (4, 4), 117), "JPEG", quality=100), (117, 117, 117, 255)),
    ],
    ids=["I;16", "I;16 white", "I;16 black", "I;16B", "I", "F", "LA", "1", "CMYK", "JPEG L"],
)  # fmt: skip
def test_every_mode_decodes_to_what_a_viewer_shows(data: bytes, want: tuple[int, ...]) -> None:
    im = decode_image(data)
    assert im.mode == "RGBA"
    got = px(im, (1, 1))
    assert all(abs(g - w) <= 1 for g, w in zip(got, want, strict=True)), got


def _keyed(image: Image.Image, key: object) -> bytes:
    image.putpixel((0, 0), key)  # type: ignore[arg-type]
    return encoded(image, transparency=key)


@pytest.mark.parametrize(
    "data",
    [
        _keyed(Image.new("I;16", (4, 4), 30_000), 1_234),
        _keyed(Image.new("L", (4, 4), 117), 7),
        _keyed(Image.new("RGB", (4, 4), (117, 117, 117)), (1, 2, 3)),
        _keyed(Image.new("P", (4, 4), 1), 0),
    ],
    ids=["I;16", "L", "RGB", "P"],
)
def test_a_transparent_colour_key_is_clear_in_every_mode(data: bytes) -> None:
    im = decode_image(data)
    assert px(im, (0, 0))[3] == 0
    assert px(im, (1, 1))[3] == 255


def _grey_design() -> DesignDocument:
    key, a = asset("image/png", "grey16.png", grey16(30_000))
    layer = ImageLayer(id=1, name="grey", transform=T(x=2.0, y=1.5), image=key)
    return design(layer, assets={key: a}, colors=(("white", "#ffffff"),), area=SHARP)


def test_a_16_bit_grey_image_prints_grey_and_is_not_light_on_light() -> None:
    doc = _grey_design()
    assert validate(doc) == []
    assert px(render_print(doc), (600, 450)) == (117, 117, 117, 255)
    assert [str(f) for f in preflight(doc).findings] == []


def test_mockups_and_thumbnails_show_a_16_bit_grey_image_grey() -> None:
    mockups = Mockups(_grey_design())
    art = mockups.art
    box = art.getchannel("A").getbbox()
    assert box is not None
    middle = ((box[0] + box[2]) // 2, (box[1] + box[3]) // 2)
    assert px(art, middle) == (117, 117, 117, 255)
    mockup = mockups.mockup("#ffffff")
    assert max(px(mockup, middle)) < 150  # grey ink on white fabric, shaded a little
    scale = 400 / mockup.width
    thumb = mockups.thumbnail()
    assert max(px(thumb, (round(middle[0] * scale), round(middle[1] * scale)))) < 150
