"""The print file: layers in order, transforms, opacity, blend modes, clipping, PNG dpi."""

from __future__ import annotations

import io
import math
from pathlib import Path

import msgspec
import pytest
from PIL import Image, ImageChops, ImageFont

from engine.design.model import ImageLayer, PrintArea, ShapeLayer, TextLayer
from engine.design.model import Transform as T
from engine.document import DesignDocument
from engine.fileio import load
from engine.render.layers import line_width, text_shrink
from engine.render.print_art import print_png, render_print
from engine.validation import validate
from tests.engine.render.designs import design, px, rect
from tests.factories import asset, font_bytes

LEVELS = Path(__file__).resolve().parents[3] / "levels"
SAMPLE_DESIGNS = ["sunrise-tee", "bold-type", "geo-shapes"]


def inked(im: Image.Image) -> tuple[int, int, int, int] | None:
    """The box of pixels at least half covered (an edge may bleed a supersample's worth)."""
    return im.getchannel("A").point(lambda a: 255 if a >= 128 else 0).getbbox()


def opaque_colors(im: Image.Image) -> set[tuple[int, ...]]:
    found = set()
    for _, color in im.getcolors(100_000) or []:
        assert isinstance(color, tuple)
        if color[3] == 255:
            found.add(color)
    return found


def render(doc: DesignDocument) -> Image.Image:
    assert validate(doc) == []
    return render_print(doc)


def test_a_red_rect_gives_red_pixels_where_it_sits_and_nothing_elsewhere() -> None:
    im = render(design(rect(x=1.0, y=1.0, w=1.0, h=1.0)))
    assert im.size == (400, 300)
    assert im.mode == "RGBA"
    assert px(im, (100, 100)) == (255, 0, 0, 255)
    assert px(im, (55, 55)) == (255, 0, 0, 255)
    assert px(im, (10, 10))[3] == 0
    assert px(im, (160, 100))[3] == 0
    assert inked(im) == (50, 50, 150, 150)


def test_opacity_half_halves_alpha() -> None:
    im = render(design(rect(opacity=0.5)))
    assert px(im, (100, 100)) == (255, 0, 0, 128)


def test_hidden_layers_are_not_drawn() -> None:
    im = render(design(rect(visible=False)))
    assert im.getchannel("A").getbbox() is None


def test_layers_are_drawn_bottom_first() -> None:
    im = render(design(rect(1, fill="#ff0000"), rect(2, x=1.5, fill="#0000ff")))
    assert px(im, (60, 100)) == (255, 0, 0, 255)
    assert px(im, (120, 100)) == (0, 0, 255, 255)


def test_multiply_darkens_what_is_below_and_keeps_its_colour_over_nothing() -> None:
    below = rect(1, w=1.0, fill="#808080")
    above = rect(2, x=1.5, w=1.0, fill="#808080", blend="multiply")
    im = render(design(below, above))
    assert px(im, (120, 100)) == (64, 64, 64, 255)  # 128 × 128 / 255
    assert px(im, (60, 100)) == (128, 128, 128, 255)  # the bottom rect alone
    assert px(im, (180, 100)) == (128, 128, 128, 255)  # over nothing: its own colour


@pytest.mark.parametrize(
    ("blend", "want"),
    [
        ("multiply", (78, 59, 39)),
        ("screen", (222, 191, 211)),
        ("overlay", (189, 118, 78)),
        ("darken", (100, 100, 50)),
        ("lighten", (200, 150, 200)),
        ("normal", (100, 150, 200)),
    ],
)
def test_each_blend_mode_mixes_as_the_w3c_rules_say(blend: str, want: tuple[int, ...]) -> None:
    below = rect(1, fill="#c86432")  # (200, 100, 50)
    above = rect(2, fill="#6496c8", blend=blend)  # (100, 150, 200)
    got = px(render(design(below, above)), (100, 100))
    assert all(abs(g - w) <= 1 for g, w in zip(got[:3], want, strict=True)), got
    assert got[3] == 255


def _halves_png() -> bytes:
    im = Image.new("RGB", (100, 50), (255, 0, 0))
    im.paste((0, 0, 255), (50, 0, 100, 50))
    out = io.BytesIO()
    im.save(out, "PNG")
    return out.getvalue()


def _image_doc(**transform: object) -> DesignDocument:
    key, a = asset("image/png", "halves.png", _halves_png())
    t = T(x=2.0, y=1.5, **transform)  # type: ignore[arg-type]
    layer = ImageLayer(id=1, name="halves", transform=t, image=key)
    return design(layer, assets={key: a})


def test_an_image_is_drawn_at_the_print_dpi_times_its_scale() -> None:
    im = render(_image_doc())
    assert im.getchannel("A").getbbox() == (150, 125, 250, 175)  # 100 × 50 px at 100 dpi
    im = render(_image_doc(scale=2.0))
    assert im.getchannel("A").getbbox() == (100, 100, 300, 200)
    assert px(im, (120, 150)) == (255, 0, 0, 255)
    assert px(im, (280, 150)) == (0, 0, 255, 255)


def test_flip_x_mirrors_left_and_right() -> None:
    im = render(_image_doc(flip_x=True))
    assert px(im, (160, 150)) == (0, 0, 255, 255)
    assert px(im, (240, 150)) == (255, 0, 0, 255)


def test_flip_y_of_a_shape_mirrors_top_and_bottom() -> None:
    wedge = ShapeLayer(id=1, name="wedge", transform=T(x=2.0, y=1.5, flip_y=True),
                       shape="polygon", points=_tri())  # fmt: skip
    up = render(design(msgspec.structs.replace(wedge, transform=T(x=2.0, y=1.5))))
    assert px(up, (160, 190))[3] == 255 and px(up, (160, 110))[3] == 0
    im = render(design(wedge))
    assert px(im, (160, 190))[3] == 0  # the tip is at the bottom now
    assert px(im, (160, 110))[3] == 255


def _tri() -> bytes:
    from engine.packed import pack_points

    return pack_points([(0.0, -0.5), (0.5, 0.5), (-0.5, 0.5)])  # tip up


def test_rotation_is_clockwise_about_the_centre() -> None:
    bar = rect(x=2.0, y=1.5, w=2.0, h=0.4)
    im = render(design(bar))
    assert px(im, (280, 150))[3] == 255 and px(im, (200, 80))[3] == 0
    turned = rect(transform=T(x=2.0, y=1.5, rotation=90.0), w=2.0, h=0.4)
    im = render(design(turned))
    assert px(im, (280, 150))[3] == 0
    assert px(im, (200, 80))[3] == 255
    tilted = rect(transform=T(x=2.0, y=1.5, rotation=30.0), w=2.0, h=0.1)
    im = render(design(tilted))
    assert px(im, (200 + 70, 150 + 40))[3] == 255  # clockwise: the right end goes down
    assert px(im, (200 + 70, 150 - 40))[3] == 0


def test_a_rounded_rect_has_no_corner_and_a_star_has_its_tips() -> None:
    square = render(design(rect(x=2.0, y=1.5, w=2.0, h=2.0)))
    round_ = render(design(rect(x=2.0, y=1.5, w=2.0, h=2.0, corner_radius=0.5)))
    assert px(square, (102, 52))[3] == 255
    assert px(round_, (102, 52))[3] == 0
    assert px(round_, (200, 52))[3] == 255
    star = ShapeLayer(id=1, name="star", transform=T(x=2.0, y=1.5), shape="star",
                      width=2.0, height=2.0, fill="#ff0000")  # fmt: skip
    im = render(design(star))
    assert px(im, (200, 150))[3] == 255
    assert px(im, (200, 55))[3] == 255  # the top tip
    assert px(im, (130, 60))[3] == 0  # between two tips


def test_a_stroke_is_centred_on_the_outline_and_fill_can_be_none() -> None:
    ring = rect(x=2.0, y=1.5, w=2.0, h=2.0, fill="", stroke="#0000ff", stroke_width=0.2)
    im = render(design(ring))
    assert px(im, (200, 150))[3] == 0
    assert px(im, (100, 150)) == (0, 0, 255, 255)  # on the edge
    assert px(im, (93, 150)) == (0, 0, 255, 255)  # 0.07 in outside
    assert px(im, (107, 150)) == (0, 0, 255, 255)  # 0.07 in inside
    assert px(im, (85, 150))[3] == 0


def _text_doc(**more: object) -> DesignDocument:
    key, a = asset("font/ttf", "Aileron.ttf", font_bytes())
    fields: dict[str, object] = {"text": "HELLO", "size": 36.0, "color": "#00ff00", **more}
    layer = TextLayer(id=1, name="hello", transform=T(x=2.0, y=1.5), font=key, **fields)  # type: ignore[arg-type]
    return design(layer, assets={key: a})


def test_text_draws_inside_its_box_centred_on_the_layer() -> None:
    im = render(_text_doc())
    box = im.getchannel("A").getbbox()
    assert box is not None
    x0, y0, x1, y1 = box
    assert abs((x0 + x1) / 2 - 200) <= 2
    assert 20 <= y1 - y0 <= 50  # capitals of 36 pt (50 px of em) at 100 dpi
    assert y0 >= 150 - 35 and y1 <= 150 + 35
    assert opaque_colors(im) == {(0, 255, 0, 255)}


def test_letter_spacing_widens_and_a_stroke_outlines_the_text() -> None:
    plain = render(_text_doc()).getchannel("A").getbbox()
    spaced = render(_text_doc(letter_spacing=0.5)).getchannel("A").getbbox()
    assert plain is not None and spaced is not None
    # four gaps of half an em (25 px) each
    assert abs((spaced[2] - spaced[0]) - (plain[2] - plain[0]) - 100) <= 6
    stroked = render(_text_doc(stroke="#ff0000", stroke_width=3.0))
    box = stroked.getchannel("A").getbbox()
    assert box is not None
    assert abs((box[2] - box[0]) - (plain[2] - plain[0]) - 2 * 3 / 72 * 100) <= 2
    assert {(255, 0, 0, 255), (0, 255, 0, 255)} <= opaque_colors(stroked)


def test_text_lines_are_aligned_within_the_widest() -> None:
    def ink_x(doc: DesignDocument, row: int) -> tuple[int, int]:
        im = render(doc).getchannel("A")
        xs = [x for x in range(im.width) if im.getpixel((x, row))]
        return xs[0], xs[-1]

    left = _text_doc(text="HELLO\nHI", align="left", line_spacing=1.5)
    right = _text_doc(text="HELLO\nHI", align="right", line_spacing=1.5)
    box = render(left).getchannel("A").getbbox()
    assert box is not None
    row = box[3] - 8  # inside the second line
    assert abs(ink_x(left, row)[0] - box[0]) <= 2
    assert abs(ink_x(right, row)[1] - box[2]) <= 2


def test_a_tab_moves_to_the_next_stop_and_draws_no_box() -> None:
    font = ImageFont.truetype(io.BytesIO(font_bytes()), 50)
    stop = 4 * font.getlength(" ")
    assert line_width(font, "A\tB", 0.0) == stop + font.getlength("B")
    after = (math.floor(font.getlength("ABCDEFGH") / stop) + 1) * stop
    assert line_width(font, "ABCDEFGH\tB", 0.0) == after + font.getlength("B")
    tabbed = render(_text_doc(text="A\tB", align="left")).getchannel("A")
    apart = render(_text_doc(text="A" + " " * 8 + "B", align="left")).getchannel("A")
    inked_sum = sum(n * a for a, n in enumerate(tabbed.histogram()))
    plain_sum = sum(n * a for a, n in enumerate(apart.histogram()))
    assert abs(inked_sum - plain_sum) <= plain_sum * 0.01  # the letters, and no box between
    # B where four spaces put it (both lines are a stop and a B wide, so placed alike)
    spaced = render(_text_doc(text="    B", align="left")).getchannel("A")
    b_box = spaced.getbbox()
    assert b_box is not None
    assert ImageChops.difference(tabbed.crop(b_box), spaced.crop(b_box)).getbbox() is None


def test_enlarged_and_turned_text_keeps_its_ink_colour_to_the_edge() -> None:
    key, a = asset("font/ttf", "Aileron.ttf", font_bytes())
    area = PrintArea(width=12.0, height=16.0, dpi=300, safe_margin=0.0)
    huge = TextLayer(id=1, name="long", transform=T(x=6.0, y=8.0), text="x" * 20_000, font=key,
                     size=200.0, color="#cc3333")  # fmt: skip
    turned = TextLayer(id=1, name="turned", transform=T(x=6.0, y=8.0, rotation=17.0),
                       text="HELLO", font=key, size=72.0, color="#cc3333")  # fmt: skip
    assert text_shrink(huge, 300.0) < 0.1  # set small, then enlarged by bicubic resampling
    for layer in (huge, turned):
        im = render(design(layer, assets={key: a}, area=area))
        colors = {c[:3] for _, c in im.getcolors(1_000_000) or [] if c[3] > 0}  # type: ignore[index]
        assert colors == {(0xCC, 0x33, 0x33)}, layer.name  # the edges too: no lighter fringe


def test_a_shapes_outline_outside_its_fill_is_the_outline_colour_alone() -> None:
    im = render(design(rect(x=2.0, y=1.5, w=2.0, h=1.0, fill="#ff0000", stroke="#0000ff",
                            stroke_width=0.1)))  # fmt: skip
    # the outline's outer edge, partly covered: blue with partial alpha, no red in it
    edge = [px(im, (x, 150)) for x in range(90, 100) if 0 < px(im, (x, 150))[3] < 255]
    assert edge and all(p[:3] == (0, 0, 255) for p in edge)


def test_art_is_clipped_to_the_print_area() -> None:
    im = render(design(rect(x=0.0, y=1.0)))
    assert inked(im) == (0, 50, 50, 150)
    data, frame = print_png(design(rect(x=0.0, y=1.0)), (600, 300))
    out = Image.open(io.BytesIO(data))
    assert frame.clip == (100, 0, 500, 300)
    assert inked(out) == (100, 50, 150, 150)
    assert out.getchannel("A").crop((0, 0, 100, 300)).getbbox() is None


def test_the_png_has_the_dpi_and_a_size_override_fits_and_centres_the_area() -> None:
    data, _ = print_png(design(rect()))
    im = Image.open(io.BytesIO(data))
    assert im.size == (400, 300) and im.mode == "RGBA"
    assert im.info["dpi"] == pytest.approx((100, 100), abs=0.01)
    data, frame = print_png(design(rect(x=2.0, y=1.5, w=4.0, h=3.0)), (450, 540))
    im = Image.open(io.BytesIO(data))
    assert im.size == (450, 540)
    assert frame.ppi == 112.5
    assert im.info["dpi"] == pytest.approx((112.5, 112.5), abs=0.01)
    assert inked(im) == (0, 101, 450, 439)  # 337.5 px tall, centred


def test_the_same_design_gives_the_same_bytes() -> None:
    doc = load(LEVELS / "bold-type.cocreate")
    assert isinstance(doc, DesignDocument)
    first, _ = print_png(doc, (900, 1050))
    second, _ = print_png(doc, (900, 1050))
    assert first == second


@pytest.mark.parametrize("name", SAMPLE_DESIGNS)
def test_every_sample_design_renders_its_print_file(name: str) -> None:
    doc = load(LEVELS / f"{name}.cocreate")
    assert isinstance(doc, DesignDocument)
    im = render_print(doc)
    area = doc.design.print_area
    assert im.size == (round(area.width * area.dpi), round(area.height * area.dpi))
    box = im.getchannel("A").getbbox()
    assert box is not None
    inked = sum(im.getchannel("A").point(lambda a: 1 if a else 0).histogram()[1:])
    assert inked > 0.05 * im.width * im.height
