"""Preflight's ink colours: counted as a screen printer would, whatever each colour's share."""

from __future__ import annotations

import io
import itertools

from PIL import Image

from engine.design.model import ImageLayer, Layer, PrintArea, ShapeLayer
from engine.design.model import Transform as T
from engine.preflight import Preflight, preflight
from engine.validation import validate
from tests.engine.render.designs import design, rect
from tests.factories import asset

SHIRT = PrintArea(width=12.0, height=16.0, dpi=300, safe_margin=0.0)


def check(*layers: Layer, assets: dict[str, object] | None = None) -> Preflight:
    doc = design(*layers, assets=assets, area=SHIRT)  # type: ignore[arg-type]
    assert validate(doc) == []
    return preflight(doc)


def colour_lines(report: Preflight) -> list[str]:
    """The design-wide findings (the colour warning), not each layer's contrast."""
    return [str(f) for f in report.findings if f.path == "$.design.layers"]


def _stars(fills: list[str]) -> list[Layer]:
    return [
        ShapeLayer(
            id=i + 1,
            name=f"star {i + 1}",
            shape="star",
            width=0.5,
            height=0.5,
            fill=f,
            transform=T(x=0.5 + (i % 20) * 0.55, y=0.5 + (i // 20) * 0.6),
        )
        for i, f in enumerate(fills)
    ]


def test_500_stars_in_500_colours_are_about_500_colours_in_small_areas() -> None:
    levels = [0, 36, 72, 109, 145, 182, 218, 255]  # 36 apart: no two are near-identical
    fills = [f"#{r:02x}{g:02x}{b:02x}" for r, g, b in itertools.product(levels, repeat=3)]
    report = check(*_stars(fills[:500]))
    assert report.colors == 500
    assert colour_lines(report) == [
        "warning: $.design.layers: the art has about 500 colours, 500 of them in small areas "
        "(shading, a photo, or many small shapes): screen printing needs a screen for each; "
        "print it direct-to-garment (DTG) or reduce the palette"
    ]
    assert report.summary().endswith("; about 500 ink colours for screen printing")


def test_near_identical_colours_are_one_ink() -> None:
    fills = ["#cc3333", "#cd3434", "#ca3131", "#cc3535"] * 50
    report = check(*_stars(fills))
    assert report.colors == 1
    assert colour_lines(report) == []


def test_anti_aliased_edges_between_inks_are_not_inks() -> None:
    band = rect(1, x=6.0, y=8.0, w=8.0, h=3.0, fill="#2040c0",
                transform=T(x=6.0, y=8.0, rotation=30.0))  # fmt: skip
    over = rect(2, x=6.0, y=8.0, w=4.0, h=4.0, fill="#e03020", stroke="#ffffff",
                stroke_width=0.2, transform=T(x=6.0, y=8.0, rotation=-17.0))  # fmt: skip
    report = check(band, over)
    assert report.colors == 3  # blue, red, the white outline; not the blends along the edges
    assert (
        report.summary()
        == "ready to print: 0 errors, 0 warnings; 3 ink colours for screen printing"
    )


def test_a_speck_is_not_an_ink_and_a_small_shape_is() -> None:
    big = rect(1, x=6.0, y=8.0, w=4.0, h=4.0, fill="#e03020")
    assert check(big, rect(2, x=2.0, y=2.0, w=0.05, h=0.05, fill="#20c040")).colors == 1
    assert check(big, rect(2, x=2.0, y=2.0, w=0.15, h=0.15, fill="#20c040")).colors == 2


def test_see_through_art_still_has_its_ink() -> None:
    assert check(rect(1, x=6.0, y=8.0, w=4.0, h=4.0, fill="#e03020", opacity=0.6)).colors == 1


def _photo() -> tuple[str, object]:
    """A 1,200 × 1,200 px picture shaded smoothly in hue and lightness, like a photo."""
    hue = Image.linear_gradient("L").resize((1200, 1200)).rotate(90)
    light = Image.linear_gradient("L").resize((1200, 1200))
    sat = Image.new("L", (1200, 1200), 200)
    picture = Image.merge("HSV", (hue, sat, light.point(lambda v: 80 + v * 175 // 255)))
    out = io.BytesIO()
    picture.convert("RGB").save(out, "PNG")
    return asset("image/png", "photo.png", out.getvalue())


def test_a_photo_is_many_colours_not_none() -> None:
    key, a = _photo()
    layer = ImageLayer(id=1, name="photo", transform=T(x=6.0, y=6.0), image=key)
    report = check(layer, assets={key: a})
    assert report.colors > 20
    assert report.many_small
    (line,) = colour_lines(report)
    assert line.startswith(f"warning: $.design.layers: the art has about {report.colors} colours, ")
    assert line.endswith(
        "of them in small areas (shading, a photo, or many small shapes): screen printing needs a "
        "screen for each; print it direct-to-garment (DTG) or reduce the palette"
    )
    assert report.summary().endswith(f"; about {report.colors} ink colours for screen printing")
