"""Print preflight: each finding with the exact message a user sees."""

from __future__ import annotations

import io

from PIL import Image, ImageFont

from engine.design.model import ImageLayer, PrintArea, TextLayer
from engine.design.model import Transform as T
from engine.document import DesignDocument
from engine.preflight import preflight
from engine.render.layers import text_shrink
from engine.render.print_art import print_frame, render_print
from engine.validation import validate
from tests.engine.render.designs import design, rect
from tests.factories import asset, font_bytes

CLEAN = {"x": 2.0, "y": 1.5, "fill": "#cc3333"}
AREA_DPI = "$.design.print_area.dpi"
SHARP = PrintArea(width=4.0, height=3.0, dpi=300, safe_margin=0.25)


def lines(doc: DesignDocument) -> list[str]:
    """The findings as a user reads them, but the print area's own dpi: these designs are
    100 dpi to keep renders small (that finding has tests of its own)."""
    assert validate(doc) == []
    return [str(f) for f in preflight(doc).findings if f.path != AREA_DPI]


def test_a_clean_design_has_no_findings_and_one_ink_colour() -> None:
    doc = design(rect(**CLEAN), area=SHARP)  # type: ignore[arg-type]
    report = preflight(doc)
    assert report.findings == []
    assert (
        report.summary() == "ready to print: 0 errors, 0 warnings; 1 ink colour for screen printing"
    )


def _photo(dpi: int, scale: float) -> DesignDocument:
    out = io.BytesIO()
    Image.new("RGB", (100, 80), (200, 60, 60)).save(out, "PNG")
    key, a = asset("image/png", "photo.png", out.getvalue())
    area = PrintArea(width=4.0, height=3.0, dpi=dpi, safe_margin=0.25)
    layer = ImageLayer(id=1, name="photo", transform=T(x=2.0, y=1.5, scale=scale), image=key)
    return design(layer, assets={key: a}, area=area)


def test_an_image_under_150_dpi_as_placed_is_an_error() -> None:
    assert lines(_photo(300, 2.5)) == [
        "error: $.design.layers[0] (photo): image is 120 dpi as placed; print needs 150 dpi "
        "(300 for a sharp print): use a larger image, or scale it to 2.00 or less"
    ]
    assert preflight(_photo(300, 2.5)).summary().startswith("not ready to print: 1 error, ")


def test_an_image_needs_no_more_dpi_than_the_print_file_has() -> None:
    assert lines(_photo(150, 1.0)) == []  # as sharp as a 150 dpi print file can show it
    assert lines(_photo(150, 1.25)) == [
        "error: $.design.layers[0] (photo): image is 120 dpi as placed; print needs 150 dpi "
        "(the print file's dpi): use a larger image, or scale it to 1.00 or less"
    ]
    assert lines(_photo(200, 1.2)) == [
        "warning: $.design.layers[0] (photo): image is 167 dpi as placed; print needs 200 dpi "
        "(the print file's dpi): use a larger image, or scale it to 1.00 or less"
    ]
    assert lines(_photo(200, 1.5)) == [
        "error: $.design.layers[0] (photo): image is 133 dpi as placed; print needs 150 dpi "
        "(200 for a sharp print): use a larger image, or scale it to 1.33 or less"
    ]
    assert lines(_photo(100, 1.0)) == []


def test_an_image_under_300_dpi_as_placed_is_a_warning() -> None:
    assert lines(_photo(300, 1.5)) == [
        "warning: $.design.layers[0] (photo): image is 200 dpi as placed; print needs 300 dpi: "
        "use a larger image, or scale it to 1.00 or less"
    ]
    assert lines(_photo(300, 1.0)) == []


def test_art_past_an_edge_is_clipped_and_said_so() -> None:
    assert lines(design(rect(x=0.0, y=1.5))) == [
        "warning: $.design.layers[0] (rect 1): art reaches 0.5 in past the left edge of the "
        "print area and is cut off there: move it in or scale it down"
    ]
    assert lines(design(rect(x=4.5, y=3.5, w=2.0, h=2.0))) == [
        "warning: $.design.layers[0] (rect 1): art reaches 1.5 in past the right, 1.5 in past "
        "the bottom edge of the print area and is cut off there: move it in or scale it down"
    ]


def test_art_wholly_outside_the_print_area_is_an_error() -> None:
    message = (
        "error: $.design.layers[0] (rect 1): layer lies wholly outside the print area and does "
        "not print: move it in, or hide it"
    )
    found = lines(design(rect(x=-1.0, y=1.5, w=1.0)))
    assert found[0] == message
    far = lines(design(rect(x=-20.0, y=1.5)))
    assert far[0] == message


def test_art_inside_the_safe_margin_is_a_warning() -> None:
    assert lines(design(rect(x=0.6, y=1.5, w=1.0, h=1.0))) == [
        "warning: $.design.layers[0] (rect 1): art is inside the 0.25 in safe margin at the "
        "left: keep important art 0.25 in from the edge"
    ]


def _text(size: float, scale: float = 1.0) -> DesignDocument:
    key, a = asset("font/ttf", "Aileron.ttf", font_bytes())
    layer = TextLayer(id=1, name="fine print", transform=T(x=2.0, y=1.5, scale=scale),
                      text="small", font=key, size=size, color="#cc3333")  # fmt: skip
    return design(layer, assets={key: a})


def test_text_under_6_pt_as_placed_is_too_small() -> None:
    assert lines(_text(8.0, scale=0.5)) == [
        "warning: $.design.layers[0] (fine print): text is 4.0 pt as placed, too small to print "
        "clearly: make it 6 pt or more"
    ]
    assert lines(_text(12.0, scale=0.5)) == []


def test_light_on_light_and_dark_on_dark_name_the_garment_colours() -> None:
    colors = (("white", "#ffffff"), ("natural", "#f3ead8"), ("black", "#111111"))
    assert lines(design(rect(**{**CLEAN, "fill": "#fafafa"}), colors=colors)) == [  # type: ignore[arg-type]
        "warning: $.design.layers[0] (rect 1): light on light: hard to see on white, natural "
        "(contrast under 1.4:1): change its colour, add an outline, or drop those garment colours"
    ]
    assert lines(design(rect(**{**CLEAN, "fill": "#000000"}), colors=colors)) == [  # type: ignore[arg-type]
        "warning: $.design.layers[0] (rect 1): dark on dark: hard to see on black (contrast "
        "under 1.4:1): change its colour, add an outline, or drop that garment colour"
    ]


def test_art_lying_on_other_art_is_not_judged_against_the_fabric() -> None:
    backing = rect(1, **{**CLEAN, "w": 2.0, "h": 2.0, "fill": "#cc3333"})  # type: ignore[arg-type]
    white_text_box = rect(2, **{**CLEAN, "w": 1.0, "h": 1.0, "fill": "#ffffff"})  # type: ignore[arg-type]
    assert lines(design(backing, white_text_box)) == []


def test_an_empty_design_is_an_error() -> None:
    assert lines(design()) == [
        "error: $.design.layers: nothing would print (no layer is visible): add a layer, or "
        "show one"
    ]
    assert lines(design(rect(**CLEAN, opacity=0.0))) == [  # type: ignore[arg-type]
        "error: $.design.layers: nothing would print (the art is empty or transparent): add a "
        "layer, or show one"
    ]
    tiny = rect(**{**CLEAN, "w": 0.01, "h": 0.01})  # type: ignore[arg-type]  # 1 px at 100 dpi
    assert lines(design(tiny))[-1] == (
        "error: $.design.layers: the art is only 1.6 printed pixels (under 10), too little to "
        "print: make it bigger, or add art"
    )  # 1.6: a polygon's edge bleeds a supersample into the next pixel


def test_many_ink_colours_are_a_warning_for_screen_printing() -> None:
    fills = ["#cc3333", "#33cc33", "#3333cc", "#cccc33", "#cc33cc", "#33cccc", "#996633"]
    layers = [
        rect(i + 1, x=0.5 + i * 0.45, y=1.5, w=0.4, h=2.0, fill=f) for i, f in enumerate(fills)
    ]
    report = preflight(design(*layers, area=PrintArea(width=4.0, height=3.0, dpi=300,
                                                      safe_margin=0.0)))  # fmt: skip
    assert [str(f) for f in report.findings] == [
        "warning: $.design.layers: the art has 7 ink colours; screen printing charges per "
        "colour (up to 6 is usual): use fewer colours, or print it direct-to-garment"
    ]
    assert report.colors == 7
    assert (
        report.summary() == "ready to print: 0 errors, 1 warning; 7 ink colours for screen printing"
    )


# -- the print area's dpi -------------------------------------------------------------------------


def _area(dpi: int, width: float = 12.0, height: float = 16.0) -> DesignDocument:
    area = PrintArea(width=width, height=height, dpi=dpi, safe_margin=0.5)
    return design(rect(x=width / 2, y=height / 2, w=4.0, h=4.0), area=area)


def test_a_print_area_under_150_dpi_is_a_warning_naming_the_floor() -> None:
    doc = _area(72)
    assert validate(doc) == []
    assert print_frame(doc.design).size == (864, 1152)  # what --print writes for 12 × 16 in
    report = preflight(doc)
    assert [str(f) for f in report.findings] == [
        "warning: $.design.print_area.dpi: the print file is 72 dpi, under the 150 dpi most "
        "print shops take at the least, so the print comes out blocky: set the print area's "
        "dpi to 300"
    ]
    assert report.summary() == (
        "ready to print: 0 errors, 1 warning; 1 ink colour for screen printing"
    )


def test_a_print_area_under_300_dpi_is_a_warning_naming_the_target() -> None:
    assert [str(f) for f in preflight(_area(299)).findings] == [
        "warning: $.design.print_area.dpi: the print file is 299 dpi, under the 300 dpi print "
        "shops usually ask for, so edges and fine lines print soft: set the print area's dpi "
        "to 300"
    ]
    assert preflight(_area(300)).findings == []


def test_a_print_area_too_big_for_300_dpi_is_asked_only_for_what_fits() -> None:
    # 60 × 60 in: 105 dpi is the finest print file within MAX_IMAGE_PIXELS (6300² = 39.7 M)
    assert [str(f) for f in preflight(_area(100, 60.0, 60.0)).findings] == [
        "warning: $.design.print_area.dpi: the print file is 100 dpi, under the 150 dpi most "
        "print shops take at the least, so the print comes out blocky: set the print area's "
        "dpi to 105"
    ]
    assert validate(_area(105, 60.0, 60.0)) == []
    assert validate(_area(106, 60.0, 60.0)) != []
    assert preflight(_area(105, 60.0, 60.0)).findings == []


# -- art too small to print ----------------------------------------------------------------------


def _dots(w: int, h: int) -> DesignDocument:
    """A ``w`` × ``h`` px image at scale 1 on a 300 dpi print area: that many printed pixels."""
    out = io.BytesIO()
    Image.new("RGB", (w, h), (200, 30, 30)).save(out, "PNG")
    key, a = asset("image/png", "dot.png", out.getvalue())
    layer = ImageLayer(id=1, name="dot", transform=T(x=2.0, y=1.5), image=key)
    return design(layer, assets={key: a}, area=SHARP)


def test_art_under_10_printed_pixels_is_an_error_measured_on_the_print_file() -> None:
    assert lines(_dots(1, 1)) == [
        "error: $.design.layers: the art is only 1 printed pixel (under 10), too little to "
        "print: make it bigger, or add art"
    ]
    assert lines(_dots(3, 3)) == [
        "error: $.design.layers: the art is only 9 printed pixels (under 10), too little to "
        "print: make it bigger, or add art"
    ]
    assert lines(_dots(5, 2)) == []
    assert render_print(_dots(3, 3)).getchannel("A").histogram()[255] == 9


# -- text ---------------------------------------------------------------------------------------


def _long_line(chars: int) -> DesignDocument:
    key, a = asset("font/ttf", "Aileron.ttf", font_bytes())
    layer = TextLayer(id=1, name="long", transform=T(x=2.0, y=1.5), text="x" * chars, font=key,
                      size=200.0, color="#cc3333")  # fmt: skip
    return design(layer, assets={key: a}, area=SHARP)


def test_text_far_past_the_edges_says_how_far_and_that_it_prints_blurred() -> None:
    doc = _long_line(20_000)
    font = ImageFont.truetype(io.BytesIO(font_bytes()), 64)
    inches = font.getlength("x" * 20_000) / 64 * 200 / 72
    past = f"{inches / 2 - 2.0:,.0f} in"
    assert lines(doc) == [
        "warning: $.design.layers[0] (long): text is too big to draw at 300 dpi: it is drawn "
        "at 17 dpi and enlarged, so its edges print blurred: shorten it or make it smaller",
        f"warning: $.design.layers[0] (long): art reaches {past} past the left, {past} past "
        "the right edge of the print area and is cut off there: move it in or scale it down",
    ]
    assert int(past.split()[0].replace(",", "")) > 10_000
    assert text_shrink(doc.design.layers[0], 300.0) < 0.06  # type: ignore[arg-type]


def test_text_within_the_budget_is_drawn_at_print_resolution_without_a_warning() -> None:
    doc = _long_line(8)
    assert text_shrink(doc.design.layers[0], 300.0) == 1.0  # type: ignore[arg-type]
    assert not any("too big to draw" in line for line in lines(doc))


def test_a_tab_is_not_a_missing_glyph() -> None:
    key, a = asset("font/ttf", "Aileron.ttf", font_bytes())
    layer = TextLayer(id=1, name="table", transform=T(x=2.0, y=1.5), text="a\tb\nccc\td",
                      font=key, size=24.0, color="#cc3333")  # fmt: skip
    assert lines(design(layer, assets={key: a}, area=SHARP)) == []
