"""The design session and geometry, without a window: selection, adding and removing layers,
nudges, undo, save, problems, layer boxes, hit tests and handles."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pytest

from editor.design.fields import command_for, fields_of
from editor.design.geometry import View, corners, handle_at, handles, layer_at, upright_box
from editor.design.session import DesignSession
from engine import fileio
from engine.design.model import TextLayer
from engine.edit.design import MoveLayer, RotateLayer, SetLayerLocked
from engine.errors import CocreateError, EditError
from engine.starter import new_design, new_level
from engine.validation import check_file

LEVELS = Path(__file__).resolve().parents[3] / "levels"
TEE = LEVELS / "sunrise-tee.cocreate"


def test_opens_a_design_and_refuses_a_level(tmp_path: Path) -> None:
    s = DesignSession.open(TEE)
    assert s.title == "sunrise-tee.cocreate — cocreate"
    assert s.selected is None and not s.dirty
    assert s.color == "white"
    level = tmp_path / "level.cocreate"
    fileio.save(new_level(), level)
    with pytest.raises(CocreateError, match="not a design"):
        DesignSession.open(level)
    assert DesignSession(new_design()).title == "untitled design — cocreate"


def test_add_text_and_shape_select_them_and_undo_removes_them() -> None:
    s = DesignSession(new_design())
    assert s.add_text()
    text = s.selected_layer
    assert isinstance(text, TextLayer)
    assert (text.name, text.text, text.color) == ("Text 1", "Your text", "#000000")
    assert text.font in s.doc.assets  # the default font is embedded
    assert s.add_shape("ellipse")
    assert s.selected_layer is not None and s.selected_layer.name == "Ellipse 1"
    assert s.selected_index == 1
    assert s.undo()
    assert s.selected is None  # the selected layer is gone
    assert len(s.doc.design.layers) == 1


def test_new_layers_step_aside_instead_of_hiding_the_last_one() -> None:
    s = DesignSession(new_design())
    area = s.doc.design.print_area
    middle = (area.width / 2, area.height / 2)
    assert s.add_text() and s.add_shape() and s.add_text()
    spots = [(la.transform.x, la.transform.y) for la in s.doc.design.layers]
    assert spots == [middle, (middle[0] + 0.5, middle[1] + 0.5), (middle[0] + 1, middle[1] + 1)]
    assert s.apply(MoveLayer(0, 2.0, 0.0))  # the middle is free again: the next goes there
    assert s.add_shape("star")
    last = s.doc.design.layers[-1].transform
    assert (last.x, last.y) == middle


def test_text_on_a_dark_garment_is_white() -> None:
    s = DesignSession(new_design())
    s.color = "black"
    assert s.add_text("hi")
    assert isinstance(s.selected_layer, TextLayer) and s.selected_layer.color == "#ffffff"


def test_add_image_fits_a_large_image_and_reports_a_bad_file(tmp_path: Path) -> None:
    from PIL import Image

    big = tmp_path / "big.png"
    Image.new("RGB", (9000, 3000), "red").save(big)
    s = DesignSession(new_design())
    assert s.add_image(big)
    layer = s.selected_layer
    assert layer is not None and layer.name == "big"
    assert layer.transform.scale == pytest.approx(0.8 * 12 / 30)
    junk = tmp_path / "junk.png"
    junk.write_bytes(b"not an image")
    assert not s.add_image(junk)
    assert s.status == "Not added: 'junk.png' is not a PNG or JPEG image"


def test_nudges_merge_into_one_undo_step() -> None:
    s = DesignSession(new_design())
    s.add_shape()
    before = s.doc
    x = s.doc.design.layers[0].transform.x
    assert s.nudge(1, 0)
    assert s.nudge(1, 0)
    assert s.nudge(0, 1, big=True)
    t = s.doc.design.layers[0].transform
    assert (t.x, t.y) == pytest.approx((x + 0.1, 8.5))
    assert s.undo()
    assert s.doc is before


def test_delete_duplicate_restack_and_locks() -> None:
    s = DesignSession(new_design())
    s.add_shape()
    s.add_text()
    assert s.lower_layer()
    assert [layer.name for layer in s.doc.design.layers] == ["Text 1", "Rect 1"]
    assert s.duplicate()
    assert s.selected_layer is not None and s.selected_layer.name == "Text 1 copy"
    assert s.toggle_locked()
    assert not s.delete()
    assert "locked" in s.status
    assert s.toggle_locked()
    assert s.toggle_visible()
    assert s.selected_layer is not None and not s.selected_layer.visible
    assert s.delete()
    assert s.selected is None
    assert [layer.name for layer in s.doc.design.layers] == ["Text 1", "Rect 1"]
    assert not s.delete()
    assert s.status == "Select a layer to delete first"


def test_a_refused_command_leaves_the_design_and_says_why() -> None:
    s = DesignSession(new_design())
    s.add_shape()
    s.apply(SetLayerLocked(0, True), merge=False)
    before = s.doc
    assert not s.apply(MoveLayer(0, 1.0, 0.0))
    assert s.doc is before
    assert "locked" in s.status


def test_save_writes_a_valid_file_and_stamps_modified(tmp_path: Path) -> None:
    s = DesignSession(new_design())
    s.add_text()
    with pytest.raises(ValueError, match="never been saved"):
        s.save()
    target = tmp_path / "tee.cocreate"
    s.save(target)
    assert not s.dirty and s.status == "Saved tee.cocreate"
    checked = check_file(target)
    assert checked.ok, checked.problems
    assert fileio.load(target) == s.doc
    assert s.doc.meta.modified >= s.doc.meta.created
    assert s.undo()  # the stamp goes with the edit before it
    assert s.doc.design.layers == []


def test_problems_list_preflight_findings_once_per_document() -> None:
    s = DesignSession(new_design())
    problems = s.problems()
    assert any("empty" in p or "nothing" in p for p in problems), problems
    assert s.problems() == problems
    cached = s._problems
    s.problems()
    assert s._problems is cached
    s.add_shape()
    s.nudge(0, -1, big=True)
    for _ in range(14):  # out into the safe margin and beyond the top edge
        s.nudge(0, -1, big=True)
    found = s.problems()
    assert any(p.startswith("warning: $.design.layers[0] (Rect 1): art reaches") for p in found)
    assert all("\n" not in p for p in found)


def test_fields_and_commands_for_a_text_layer() -> None:
    s = DesignSession(new_design())
    s.add_text("one\ntwo")
    layer, index = s.selected_layer, s.selected_index
    assert layer is not None and index is not None
    values = {f.key: f.value for f in fields_of(layer)}
    assert values["text"] == "one\\ntwo"
    assert values["opacity"] == "1"
    assert command_for(layer, index, "text", "one\\ntwo") is None
    assert s.apply(command_for(layer, index, "text", "three\\nfour"))  # type: ignore[arg-type]
    assert isinstance(s.selected_layer, TextLayer) and s.selected_layer.text == "three\nfour"
    with pytest.raises(EditError, match="not a number"):
        command_for(layer, index, "opacity", "lots")
    refused = command_for(layer, index, "opacity", "2")
    assert refused is not None and not s.apply(refused)
    assert "opacity" in s.status


# -- geometry ------------------------------------------------------------------------------------


def test_view_round_trips_zooms_about_a_point_and_fits() -> None:
    view = View(ppi=40.0, ox=100.0, oy=50.0)
    assert view.to_screen(1.0, 2.0) == (140.0, 130.0)
    assert view.to_inches(140.0, 130.0) == (1.0, 2.0)
    view.zoom_at(300.0, 200.0, 2.0)
    assert view.ppi == 80.0
    assert view.to_screen(*view.to_inches(300.0, 200.0)) == pytest.approx((300.0, 200.0))
    assert view.to_inches(300.0, 200.0) == pytest.approx(((300 - 100) / 40, (200 - 50) / 40))
    view.fit(800, 600, 12.0, 16.0, 1.0)
    assert view.ppi == pytest.approx(600 / 18)
    assert view.to_screen(6.0, 8.0) == pytest.approx((400.0, 300.0))


def test_boxes_turn_with_the_layer_and_hits_take_the_topmost() -> None:
    s = DesignSession(new_design())
    s.add_shape()  # 3 × 3 in at the centre (6, 8)
    s.add_text("WIDE TEXT")
    doc = s.doc
    dpi = doc.design.print_area.dpi
    shape, text = doc.design.layers
    assert corners(shape, doc.assets, dpi) == [(4.5, 6.5), (7.5, 6.5), (7.5, 9.5), (4.5, 9.5)]
    u0, v0, u1, v1 = upright_box(text, doc.assets, dpi)
    assert u1 - u0 > 2 * (v1 - v0)  # a line of text is wider than tall
    assert (v1 - v0) == pytest.approx(48 / 72 * 1.2, rel=0.25)
    assert layer_at(doc.design, doc.assets, 6.5, 8.5) == 1  # the text (stepped aside), over it
    assert layer_at(doc.design, doc.assets, 5.0, 9.2) == 0
    assert layer_at(doc.design, doc.assets, 1.0, 1.0) is None
    s.apply(RotateLayer(0, 45.0))
    turned = s.doc.design.layers[0]
    tip = corners(turned, s.doc.assets, dpi)[1]  # top-right goes to the right-hand tip
    assert tip == pytest.approx((6.0 + 1.5 * math.sqrt(2), 8.0))
    assert layer_at(s.doc.design, s.doc.assets, 4.6, 9.4) is None  # a corner cut off by the turn


def test_handles_are_at_the_corners_and_above_the_top_edge() -> None:
    spots = handles([(0.0, 0.0), (100.0, 0.0), (100.0, 50.0), (0.0, 50.0)])
    assert spots["nw"] == (0.0, 0.0) and spots["se"] == (100.0, 50.0)
    assert spots["rotate"] == (50.0, -26.0)
    assert handle_at(spots, 98.0, 52.0) == "se"
    assert handle_at(spots, 50.0, -24.0) == "rotate"
    assert handle_at(spots, 50.0, 25.0) is None


def test_pure_design_editor_modules_import_no_pygame() -> None:
    code = (
        "import sys\n"
        "import editor.document_session, editor.design.session, editor.design.geometry\n"
        "import editor.design.fields, editor.design.drawable\n"
        "print(sorted(m for m in sys.modules if m.partition('.')[0] in ('pygame', 'pygame_gui')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
