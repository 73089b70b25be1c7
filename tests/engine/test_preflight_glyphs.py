"""Preflight: characters a text layer's font cannot draw, layers too small to print, and a
negative safe margin; each with the exact line a user sees."""

from __future__ import annotations

import io
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

import engine.preflight
from cocreate.cli import main
from engine.design.model import ImageLayer, Layer, PrintArea, TextLayer
from engine.design.model import Transform as T
from engine.document import DesignDocument
from engine.fileio import save
from engine.preflight import preflight
from engine.render.layers import Resources, draw_layer
from engine.render.print_art import area_frame
from engine.validation import validate
from tests.engine.render.designs import design, rect
from tests.factories import asset

ROOT = Path(__file__).resolve().parents[2]
SANS = (ROOT / "assets/fonts/LiberationSans-Bold.ttf").read_bytes()
SERIF = (ROOT / "assets/fonts/LiberationSerif-Regular.ttf").read_bytes()
TESTER = "Ünïcödé ✓ 😀 中文"
"""What a tester typed: Liberation has the accented letters, not the tick, emoji or Chinese."""

Ran = tuple[int, str, str]


def _headline(text: str, font: bytes = SANS, scale: float = 0.5, **more: Any) -> DesignDocument:
    key, a = asset("font/ttf", "font.ttf", font)
    layers: list[Layer] = [rect(1, x=2.0, y=2.5, w=1.0, h=0.4)]
    layers.append(TextLayer(id=2, name="headline", transform=T(x=2.0, y=1.2, scale=scale),
                            text=text, font=key, size=40.0, color="#cc3333", **more))  # fmt: skip
    return design(*layers, assets={key: a})


def lines(doc: DesignDocument) -> list[str]:
    """The findings, but the print area's own dpi (these designs are 100 dpi to keep renders
    small; tests/engine/render/test_preflight.py tests that finding)."""
    assert validate(doc) == []
    return [str(f) for f in preflight(doc).findings if f.path != "$.design.print_area.dpi"]


def test_characters_the_font_lacks_are_an_error_naming_three_and_counting_the_rest() -> None:
    assert lines(_headline(TESTER)) == [
        "error: $.design.layers[1] (headline): the font Liberation Sans Bold has no glyph for "
        "'✓' (U+2713), '😀' (U+1F600), '中' (U+4E2D) and 1 more: they print as empty boxes; use "
        "a font that has them, or remove them"
    ]
    assert preflight(_headline(TESTER)).summary().startswith("not ready to print: 1 error, ")


def test_one_two_and_three_missing_characters_read_as_english() -> None:
    assert lines(_headline("Done ✓")) == [
        "error: $.design.layers[1] (headline): the font Liberation Sans Bold has no glyph for "
        "'✓' (U+2713): it prints as an empty box; use a font that has it, or remove it"
    ]
    assert lines(_headline("中文 中文 ok")) == [
        "error: $.design.layers[1] (headline): the font Liberation Sans Bold has no glyph for "
        "'中' (U+4E2D) and '文' (U+6587): they print as empty boxes; use a font that has them, or "
        "remove them"
    ]
    assert lines(_headline("✓中文 ok"))[0].endswith(
        "'✓' (U+2713), '中' (U+4E2D) and '文' (U+6587): they print as empty boxes; use a font "
        "that has them, or remove them"
    )


def test_a_font_whose_missing_glyph_is_blank_leaves_gaps_and_says_so() -> None:
    assert _ink("a中文b", SERIF) == _ink("ab", SERIF)  # Liberation Serif's glyph 0 is empty
    assert lines(_headline("Tea 中文 time", font=SERIF)) == [
        "error: $.design.layers[1] (headline): the font Liberation Serif has no glyph for "
        "'中' (U+4E2D) and '文' (U+6587): they print as blank gaps; use a font that has them, or "
        "remove them"
    ]


def test_text_the_font_covers_has_no_finding() -> None:
    # accents precomposed and combining, a no-break space, a joiner, an emoji variation selector
    covered = "Ünïcödé\nCafe\u0301\u00a0déjà\u200dvu\ufe0f\n— “quoted” ½ €"
    assert lines(_headline(covered)) == []
    assert lines(_headline(covered, font=SERIF, letter_spacing=0.1)) == []


def _ink(text: str, font: bytes = SANS) -> int:
    """The alpha the renderer lays down for ``text`` in the font."""
    doc = _headline(text, font)
    res = Resources(doc.assets)
    placed = draw_layer(doc.design.layers[1], area_frame(doc.design, 100.0, 0.0), res)
    assert placed is not None
    return sum(a * n for a, n in enumerate(placed.image.getchannel("A").histogram()))


def test_what_is_called_a_missing_glyph_is_what_the_renderer_draws_as_a_box() -> None:
    plain = _ink("a b")
    for hidden in ("a\u200d b", "a\ufe0f b", "a\u00ad b", "a\u2003b"):  # joiner, selector…
        assert _ink(hidden) == plain, repr(hidden)
        assert lines(_headline(hidden)) == []
    tab = _ink("a\tb")  # Liberation has no tab: the renderer moves to the next tab stop
    assert abs(tab - plain) <= plain * 0.01  # the two letters, no empty box
    assert lines(_headline("a\tb")) == []


def test_each_font_is_read_once_for_many_layers_and_later_preflights(monkeypatch) -> None:
    import fontTools.ttLib  # type: ignore[import-untyped]

    opened: list[int] = []
    real = fontTools.ttLib.TTFont

    def counting(*args: Any, **kwargs: Any) -> Any:
        opened.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(fontTools.ttLib, "TTFont", counting)
    engine.preflight._cmaps.clear()
    key, a = asset("font/ttf", "font.ttf", SERIF)
    many = [TextLayer(id=i, name=f"line {i}", transform=T(x=2.0, y=0.4 + i * 0.25),
                      text=f"Line {i} ✓", font=key, size=12.0) for i in range(1, 9)]  # fmt: skip
    doc = design(*many, assets={key: a})
    assert len(preflight(doc).errors) == 8
    preflight(doc)
    assert opened == [1]


def _broken_cmap(font: bytes) -> bytes:
    """The font with its character map's table count raised past its data: FreeType still opens
    it (so it is a valid design), fontTools cannot read the map."""
    data = bytearray(font)
    for k in range(struct.unpack(">H", data[4:6])[0]):
        record = 12 + 16 * k
        if data[record : record + 4] == b"cmap":
            (offset,) = struct.unpack(">I", data[record + 8 : record + 12])
            data[offset + 2 : offset + 4] = b"\x00\x40"
    return bytes(data)


def test_a_font_whose_character_map_cannot_be_read_is_a_warning() -> None:
    broken = _broken_cmap(SERIF)
    key = asset("font/ttf", "font.ttf", broken)[0]
    assert lines(_headline("Hello", font=broken)) == [
        "warning: $.design.layers[1] (headline): the font font.ttf's character map cannot be "
        "read (cmap subtable is truncated: needs 9827 bytes, only 1334 available), so "
        "characters it lacks cannot be found: check the mockup for empty boxes"
    ]
    assert engine.preflight._cmaps[key].unreadable


def test_check_in_the_cli_exits_1_with_the_line(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    save(_headline(TESTER), "tofu.cocreate")
    code = main(["preview", "tofu.cocreate", "--check"])
    out, err = capsys.readouterr()
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        "tofu.cocreate: warning: $.design.print_area.dpi: the print file is 100 dpi, under the "
        "150 dpi most print shops take at the least, so the print comes out blocky: set the "
        "print area's dpi to 300",
        "tofu.cocreate: error: $.design.layers[1] (headline): the font Liberation Sans Bold has "
        "no glyph for '✓' (U+2713), '😀' (U+1F600), '中' (U+4E2D) and 1 more: they print as "
        "empty boxes; use a font that has them, or remove them",
        "tofu.cocreate: not ready to print: 1 error, 1 warning; 2 ink colours for screen printing",
    ]


def test_validate_does_not_read_fonts_with_fonttools(python_cmd: Callable[..., Ran]) -> None:
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print(' '.join(sorted(sys.modules)), file=sys.stderr))\n"
        "from cocreate.cli import main\n"
        "sys.exit(main(['validate', 'levels/first-steps.cocreate', 'levels/bold-type.cocreate']))\n"
    )
    exit_code, out, err = python_cmd("-c", code, cwd=ROOT)
    assert (exit_code, out.count(": ok\n")) == (0, 2)
    loaded = set(err.split())
    assert "engine.validation" in loaded
    assert sorted(m for m in loaded if m.startswith(("fontTools", "engine.preflight"))) == []


# -- layers that do not print ---------------------------------------------------------------------


def _tiny_photo(scale: float) -> DesignDocument:
    out = io.BytesIO()
    Image.new("RGB", (100, 80), (200, 60, 60)).save(out, "PNG")
    key, a = asset("image/png", "photo.png", out.getvalue())
    layer = ImageLayer(id=1, name="photo", transform=T(x=2.0, y=1.5, scale=scale), image=key)
    return design(layer, assets={key: a})


def test_a_layer_under_one_printed_pixel_is_too_small_not_outside() -> None:
    tiny = _headline("Hello", scale=0.0001)
    assert lines(tiny)[1] == (
        "error: $.design.layers[1] (headline): layer is too small to print (0.014 × 0.0063 px "
        "as placed at 100 dpi): scale it up, or delete it"
    )
    assert lines(design(rect(x=2.0, y=1.5, transform=T(x=2.0, y=1.5, scale=0.0001)))) == [
        "error: $.design.layers[0] (rect 1): layer is too small to print (0.01 × 0.01 px as "
        "placed at 100 dpi): scale it up, or delete it",
        "error: $.design.layers: nothing would print (the art is empty or transparent): add a "
        "layer, or show one",
    ]
    too_little = (
        "error: $.design.layers: the art is only 4 printed pixels (under 10), too little to "
        "print: make it bigger, or add art"
    )  # the renderer fills the 2 × 2 pixels a sub-pixel image straddles
    assert lines(_tiny_photo(0.005)) == [
        "error: $.design.layers[0] (photo): layer is too small to print (0.5 × 0.4 px as placed "
        "at 100 dpi): scale it up, or delete it",
        too_little,
    ]
    assert lines(_tiny_photo(0.0125)) == [too_little]  # 1.25 × 1 px: it prints, too little


def test_text_too_fine_for_the_small_render_is_too_small_and_outside_is_outside() -> None:
    fine = PrintArea(width=4.0, height=3.0, dpi=600, safe_margin=0.25)
    key, a = asset("font/ttf", "font.ttf", SANS)
    layer = TextLayer(id=1, name="fine print", transform=T(x=2.0, y=1.5, scale=0.01), text="Hi",
                      font=key, size=40.0)  # fmt: skip
    assert lines(design(layer, assets={key: a}, area=fine))[1] == (
        "error: $.design.layers[0] (fine print): layer is too small to print (3.3 × 3.8 px as "
        "placed at 600 dpi): scale it up, or delete it"
    )
    layer.transform.x = -1.0
    assert lines(design(layer, assets={key: a}, area=fine))[1] == (
        "error: $.design.layers[0] (fine print): layer lies wholly outside the print area and "
        "does not print: move it in, or hide it"
    )


def test_a_transparent_layer_in_the_print_area_says_so() -> None:
    out = io.BytesIO()
    Image.new("RGBA", (300, 300), (0, 0, 0, 0)).save(out, "PNG")
    key, a = asset("image/png", "clear.png", out.getvalue())
    layer = ImageLayer(id=1, name="clear", transform=T(x=2.0, y=1.5, scale=0.3), image=key)
    assert lines(design(layer, assets={key: a}))[0] == (
        "error: $.design.layers[0] (clear): layer has nothing that prints (its pixels are all "
        "transparent): give it visible art, or delete it"
    )


# -- the safe margin ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("margin", "message"),
    [
        (-1.0, "$.design.print_area.safe_margin: must not be negative, not -1"),
        (-0.25, "$.design.print_area.safe_margin: must not be negative, not -0.25"),
        (1.5, "$.design.print_area.safe_margin: 1.5 in leaves no safe area inside 4 × 3 in"),
    ],
)
def test_a_negative_safe_margin_says_so(margin: float, message: str) -> None:
    area = PrintArea(width=4.0, height=3.0, dpi=100, safe_margin=margin)
    assert [str(p) for p in validate(design(rect(x=2.0, y=1.5), area=area))] == [message]
    assert (
        validate(
            design(
                rect(x=2.0, y=1.5), area=PrintArea(width=4.0, height=3.0, dpi=100, safe_margin=0.0)
            )
        )
        == []
    )
