"""The design editor's second slice without a window: every layer field, the garment's fields
and colours, problems that name a layer, a new design, fonts and what stands in Publish's way."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import msgspec
import pytest

from editor.design.fields import (
    ADD_FONT,
    command_for,
    fields_of,
    fonts_of,
    garment_command,
    garment_fields,
)
from editor.design.publish import blockers
from editor.design.session import FONT, DesignSession, layer_of
from engine.design.model import ShapeLayer, TextLayer
from engine.edit.design import SetTextFont
from engine.errors import EditError
from engine.fileio import load
from engine.render import ASSETS
from engine.starter import new_design

SERIF = ASSETS / "fonts" / "LiberationSerif-Regular.ttf"
LEVELS = Path(__file__).resolve().parents[3] / "levels"


def values(s: DesignSession) -> dict[str, str]:
    return {f.key: f.value for f in fields_of(s.selected_layer, s.doc.assets)}


def set_field(s: DesignSession, key: str, text: str) -> bool:
    layer, index = s.selected_layer, s.selected_index
    assert layer is not None and index is not None
    command = command_for(layer, index, key, text, s.doc.assets)
    assert command is not None
    return s.apply(command, merge=False)


def test_flips_rotation_and_scale_are_fields_of_every_layer() -> None:
    s = DesignSession(new_design())
    s.add_shape()
    got = values(s)
    assert (got["flip_x"], got["flip_y"], got["rotation"], got["scale"]) == ("no", "no", "0", "1")
    assert set_field(s, "flip_x", "yes")
    assert set_field(s, "rotation", "30")
    assert set_field(s, "scale", "2")
    layer = s.selected_layer
    assert layer is not None
    t = layer.transform
    assert (t.flip_x, t.flip_y, t.rotation, t.scale) == (True, False, 30.0, 2.0)
    assert values(s)["flip_x"] == "yes"
    assert command_for(layer, 0, "rotation", "30") is None
    with pytest.raises(EditError, match="more than 0"):
        command_for(layer, 0, "scale", "0")
    with pytest.raises(EditError, match="not a number"):
        command_for(layer, 0, "rotation", "north")
    assert set_field(s, "flip_x", "no") and not s.doc.design.layers[0].transform.flip_x


def test_text_fields_font_align_spacing_and_outline() -> None:
    s = DesignSession(new_design())
    s.add_text("first")
    s.add_text("second")
    assert s.set_font_file(SERIF)
    assert s.status == "Set in LiberationSerif-Regular.ttf"
    fonts = fonts_of(s.doc.assets)
    assert list(fonts) == ["LiberationSans-Bold.ttf", "LiberationSerif-Regular.ttf"]
    s.select(0)
    font_field = next(f for f in fields_of(s.selected_layer, s.doc.assets) if f.key == "font")
    assert font_field.value == FONT.name
    assert font_field.options == (*fonts, ADD_FONT)
    assert set_field(s, "font", SERIF.name)
    assert s.history.undo_label == "Font of layer 1"
    assert list(fonts_of(s.doc.assets)) == [SERIF.name]  # the bold font is used no more
    with pytest.raises(EditError, match="not one of the design's fonts"):
        layer = s.selected_layer
        assert layer is not None
        command_for(layer, 0, "font", ADD_FONT, s.doc.assets)
    assert set_field(s, "align", "left")
    assert set_field(s, "line_spacing", "1.5")
    assert set_field(s, "letter_spacing", "0.1")
    assert not set_field(s, "line_spacing", "20")  # refused by the command
    assert "line_spacing" in s.status
    assert set_field(s, "stroke", "#ff0000")  # an outline gets a width to show
    assert set_field(s, "stroke_width", "4")
    text = s.selected_layer
    assert isinstance(text, TextLayer)
    assert (text.align, text.line_spacing, text.letter_spacing) == ("left", 1.5, 0.1)
    assert (text.stroke, text.stroke_width) == ("#ff0000", 4.0)
    assert text.font == fonts[SERIF.name]


def test_a_file_that_is_no_font_is_refused(tmp_path: Path) -> None:
    s = DesignSession(new_design())
    assert not s.set_font_file(FONT)  # no text layer selected
    s.add_text()
    bad = tmp_path / "notes.ttf"
    bad.write_text("not a font")
    before = s.doc
    assert not s.set_font_file(bad)
    assert s.doc is before and "is not a TTF or OTF font" in s.status
    assert not s.set_font_file(tmp_path / "gone.otf")
    assert s.status.startswith("Font not added: gone.otf")


def test_shape_corner_radius_and_star_fields() -> None:
    s = DesignSession(new_design())
    s.add_shape()
    assert "corner_radius" in values(s) and "star_points" not in values(s)
    assert set_field(s, "corner_radius", "0.5")
    assert not set_field(s, "corner_radius", "9")  # more than half the side
    assert set_field(s, "shape", "star")
    assert "corner_radius" not in values(s)
    assert set_field(s, "star_points", "7")
    assert set_field(s, "inner_ratio", "0.3")
    layer = s.selected_layer
    assert isinstance(layer, ShapeLayer)
    assert (layer.star_points, layer.inner_ratio) == (7, 0.3)
    with pytest.raises(EditError, match="not a whole number"):
        command_for(layer, 0, "star_points", "7.5")
    assert not set_field(s, "star_points", "2")
    assert "out of range" in s.status


def test_garment_fields_and_bad_values() -> None:
    s = DesignSession(new_design())
    got = {f.key: f.value for f in garment_fields(s.doc.design)}
    assert got == {
        "style": "tshirt",
        "area_width": "12",
        "area_height": "16",
        "dpi": "300",
        "safe_margin": "0.5",
    }
    for key, text in (("style", "hoodie"), ("area_width", "10"), ("dpi", "150")):
        command = garment_command(s.doc.design, key, text)
        assert command is not None and s.apply(command)
    command = garment_command(s.doc.design, "safe_margin", "0.75")
    assert command is not None and s.apply(command)
    area = s.doc.design.print_area
    assert s.doc.design.garment.style == "hoodie"
    assert (area.width, area.height, area.dpi, area.safe_margin) == (10.0, 16.0, 150, 0.75)
    assert garment_command(s.doc.design, "dpi", "150") is None
    with pytest.raises(EditError, match="not a whole number"):
        garment_command(s.doc.design, "dpi", "high")
    before = s.doc
    for key, text in (("style", "cape"), ("area_width", "-1"), ("safe_margin", "9")):
        command = garment_command(s.doc.design, key, text)
        assert command is not None and not s.apply(command)
        assert s.doc is before and s.status


def test_garment_colours_add_rename_recolour_move_and_remove() -> None:
    s = DesignSession(new_design())
    assert s.colors() == ["white", "black", "heather grey"]
    assert s.add_color()
    assert s.colors()[-1] == "colour 1" and s.color_index == 3
    assert s.rename_color("navy") and s.recolor("#1f2a44")
    assert s.doc.design.garment.colors[3].color == "#1f2a44"
    assert not s.rename_color("white")  # offered already
    assert "already offered" in s.status
    assert not s.recolor("blue")
    assert s.color_up() and s.color_index == 2
    s.color_index = 1
    assert s.color_up() and s.colors()[0] == "black" and s.color_index == 0
    assert not s.color_up()
    assert s.status == "The first colour is the default already"
    s.color = "black"
    assert s.rename_color("jet")
    assert s.color == "jet"  # the canvas keeps showing the colour renamed
    s.color_index = 3
    assert s.remove_color() and s.color_index == 2 and len(s.colors()) == 3
    while len(s.colors()) > 1:
        assert s.remove_color()
    assert not s.remove_color()
    assert "only colour" in s.status


def test_a_problem_naming_a_layer_selects_it() -> None:
    assert layer_of("warning: $.design.layers[2] (x): art reaches past the top edge") == 2
    assert layer_of("$.design.layers[10].text: must not be empty") == 10
    assert layer_of("warning: $.design.layers: the art has 8 ink colours") is None
    s = DesignSession(new_design())
    s.add_shape()
    s.add_text()
    line = "warning: $.design.layers[0] (Rect 1): art reaches past the top edge"
    assert s.select_problem(line) and s.selected_index == 0 and s.status == line
    assert not s.select_problem("$.design.layers[7]: gone") and s.selected_index == 0


def test_new_design_and_adopting_the_gallerys_identity() -> None:
    s = DesignSession.new()
    assert s.path is None and not s.dirty and s.status == "New design (not saved yet)"
    held = msgspec.structs.replace(s.doc, revision=3)
    assert s.adopt_identity(held)
    assert s.doc.revision == 3 and s.dirty
    assert not s.adopt_identity(held)
    s.undo()
    assert s.doc.revision == 1


def test_blockers_are_validation_problems_then_preflight_errors() -> None:
    sample = load(LEVELS / "sunrise-tee.cocreate")
    s = DesignSession(sample)
    assert blockers(s.doc) == []  # warnings do not stop a publish
    s.select(1)
    assert set_field(s, "text", "")
    found = blockers(s.doc)
    assert found and "layers[1]" in found[0]


def test_set_text_font_keeps_one_asset_per_font() -> None:
    s = DesignSession(new_design())
    s.add_text()
    assert s.apply(SetTextFont(0, SERIF.read_bytes(), SERIF.name))
    assert [a.name for a in s.doc.assets.values()] == [SERIF.name]


def test_the_publish_module_imports_no_pygame() -> None:
    code = (
        "import sys, editor.design.publish, editor.design.fields\n"
        "print(sorted(m for m in sys.modules if m.partition('.')[0] in ('pygame', 'pygame_gui')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
