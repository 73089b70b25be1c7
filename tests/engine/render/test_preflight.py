"""Print preflight: each finding with the exact message a user sees."""

from __future__ import annotations

import io

from PIL import Image

from engine.design.model import ImageLayer, PrintArea, TextLayer
from engine.design.model import Transform as T
from engine.document import DesignDocument
from engine.preflight import preflight
from engine.validation import validate
from tests.engine.render.designs import design, rect
from tests.factories import asset, font_bytes

CLEAN = {"x": 2.0, "y": 1.5, "fill": "#cc3333"}


def lines(doc: DesignDocument) -> list[str]:
    assert validate(doc) == []
    return [str(f) for f in preflight(doc).findings]


def test_a_clean_design_has_no_findings_and_one_ink_colour() -> None:
    doc = design(rect(**CLEAN))  # type: ignore[arg-type]
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
    assert lines(_photo(100, 1.0)) == [
        "error: $.design.layers[0] (photo): image is 100 dpi as placed; print needs 150 dpi "
        "(300 for a sharp print): use a larger image, or scale it to 0.67 or less"
    ]
    assert preflight(_photo(100, 1.0)).summary().startswith("not ready to print: 1 error, ")


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
        "error: $.design.layers: nothing would print (the art is empty or transparent): add a "
        "layer, or show one"
    )


def test_many_ink_colours_are_a_warning_for_screen_printing() -> None:
    fills = ["#cc3333", "#33cc33", "#3333cc", "#cccc33", "#cc33cc", "#33cccc", "#996633"]
    layers = [
        rect(i + 1, x=0.5 + i * 0.45, y=1.5, w=0.4, h=2.0, fill=f) for i, f in enumerate(fills)
    ]
    report = preflight(design(*layers, area=PrintArea(width=4.0, height=3.0, dpi=100,
                                                      safe_margin=0.0)))  # fmt: skip
    assert [str(f) for f in report.findings] == [
        "warning: $.design.layers: the art has 7 ink colours; screen printing charges per "
        "colour (up to 6 is usual): use fewer colours, or print it direct-to-garment"
    ]
    assert report.colors == 7
    assert (
        report.summary() == "ready to print: 0 errors, 1 warning; 7 ink colours for screen printing"
    )
