"""The design editor never dies of an image or font file, and keeps the work not saved yet.

A broken font or image picked with Add font… or Add image… is refused in one line (validation's
words) and nothing changes; a design whose file holds one opens, lists the problem, and draws
the layer as a hatched placeholder; a file that validation passes but Pillow or FreeType cannot
draw is found while drawing, named, and drawn the same way. Colours may be typed in upper case.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pygame
import pygame_gui
import pytest

from editor.design.app import DesignApp
from editor.design.canvas import PLACEHOLDER, Canvas
from editor.design.fields import command_for
from editor.design.geometry import View
from editor.design.panels import status_text
from editor.design.pilot import DesignPilot
from editor.design.publish import blockers
from editor.design.session import DesignSession
from engine.design.model import ShapeLayer, TextLayer
from engine.document import DesignDocument
from engine.fileio import save
from engine.validation import validate
from tests.editor.design.conftest import edit_in_a_process
from tests.editor.design.test_panels import type_into
from tests.engine.edit import broken_files as bad


@pytest.fixture
def app() -> Iterator[DesignApp]:
    """A window on a new design with a text and a shape layer added (not saved)."""
    session = DesignSession.new()
    assert session.add_text() and session.add_shape()
    editor = DesignApp(session)
    DesignPilot(editor).frames(2)
    yield editor
    pygame.quit()


def _pick(app: DesignApp, path: Path) -> None:
    """Pick ``path`` in the file dialog that is open, and let two frames draw."""
    dialog = app.file_dialog
    assert dialog is not None
    pygame.event.post(
        pygame.event.Event(pygame_gui.UI_FILE_DIALOG_PATH_PICKED, text=str(path), ui_element=dialog)
    )
    DesignPilot(app).frames(2)


def test_add_font_with_a_corrupt_ttf_is_refused_and_the_work_kept(
    app: DesignApp, tmp_path: Path
) -> None:
    session = app.session
    session.select(0)
    before, steps = session.doc, session.history.undo_label
    font = tmp_path / "f.ttf"
    font.write_bytes(bad.corrupt_ttf())
    app.add_font()
    _pick(app, font)  # the next frames draw: nothing raises
    assert status_text(session) == (
        "Layer 1 'Text 1': font: 'f.ttf': font cannot be read: unknown file format"
    )
    assert session.doc is before and session.history.undo_label == steps and session.dirty


def test_add_image_of_a_truncated_png_is_refused_in_one_line(
    app: DesignApp, tmp_path: Path
) -> None:
    session = app.session
    before = session.doc
    cut = tmp_path / "cut.png"
    cut.write_bytes(bad.truncated_png())
    app.add_image()
    _pick(app, cut)
    assert status_text(session).startswith("Not added: 'cut.png': image cannot be read: ")
    assert "\n" not in session.status and session.doc is before


def _placeholder_pixels(app: DesignApp, layer: int) -> int:
    """How many pixels around the middle of ``layer`` on screen have the placeholder's colour
    (its edge, or its hatching over the white garment)."""
    t = app.session.doc.design.layers[layer].transform
    x, y = (round(v) for v in app.to_screen(t.x, t.y))
    pixels = pygame.surfarray.array3d(app.surface)[x - 40 : x + 40, y - 40 : y + 40].astype(int)
    near = np.abs(pixels - np.array(PLACEHOLDER)).max(axis=2) < 60
    return int(near.sum())


def _opened(tmp_path: Path, doc: DesignDocument) -> DesignApp:
    path = tmp_path / "tee.cocreate"
    save(doc, path)
    editor = DesignApp(DesignSession.open(path))
    DesignPilot(editor).frames(2)
    return editor


@pytest.mark.parametrize(
    ("layer", "make"),
    [
        (0, bad.corrupt_ttf),
        (1, bad.truncated_png),
        (1, bad.fake_png),
        (1, bad.png_bomb),
        (1, bad.jpeg_bomb),
        (1, bad.bad_filter_png),
    ],
)
def test_a_design_holding_a_bad_file_opens_with_a_placeholder_and_its_problem(
    tmp_path: Path, layer: int, make: Callable[[], bytes]
) -> None:
    doc = bad.with_asset_data(bad.design(), layer, make())
    editor = _opened(tmp_path, doc)
    try:
        session = editor.session
        assert session.problems() == [str(p) for p in validate(doc)]
        assert re.search(r"\$\.assets\[\w+…\]\.data: (image|font) ", session.problems()[0])
        assert _placeholder_pixels(editor, layer) > 100
        assert _placeholder_pixels(editor, 1 - layer) == 0  # the other layer is drawn
        session.select(layer)  # its box and handles draw too
        DesignPilot(editor).frames(2)
        assert session.doc is session.history.doc and not session.dirty
    finally:
        pygame.quit()


@pytest.mark.parametrize(("layer", "make"), [(0, bad.broken_glyph_font)])
def test_a_file_validation_passes_but_cannot_be_drawn_is_named_and_a_placeholder(
    tmp_path: Path, layer: int, make: Callable[[], bytes]
) -> None:
    doc = bad.with_asset_data(bad.design(), layer, make())
    assert validate(doc) == []
    editor = _opened(tmp_path, doc)
    try:
        session = editor.session
        assert session.problems()[0].startswith(f"error: $.design.layers[{layer}]: cannot be")
        assert blockers(session.doc) == session.problems()  # Publish says so, no traceback
        assert _placeholder_pixels(editor, layer) > 100
        session.select(layer)
        DesignPilot(editor).frames(2)
    finally:
        pygame.quit()


@pytest.mark.parametrize(("layer", "make"), [(0, bad.broken_glyph_font)])
def test_the_canvas_names_a_layer_it_finds_it_cannot_draw(
    layer: int, make: Callable[[], bytes]
) -> None:
    """Drawn before the problems list is asked for: the status line names the layer."""
    pygame.display.init()
    session = DesignSession(bad.with_asset_data(bad.design(), layer, make()))
    surface = pygame.Surface((900, 700))
    Canvas().draw(surface, session, View(ppi=40.0, ox=200.0, oy=50.0))
    name = session.doc.design.layers[layer].name
    assert status_text(session).startswith(f"Layer {layer + 1} '{name}': cannot be drawn: ")
    pygame.quit()


def test_preflight_on_a_file_it_cannot_draw_names_the_layer() -> None:
    """The problems list is asked for before the canvas has drawn anything."""
    doc = bad.with_asset_data(bad.design(), 0, bad.broken_glyph_font())
    problems = DesignSession(doc).problems()
    assert problems == ["error: $.design.layers[0]: cannot be drawn: invalid composite glyph"]


def test_cocreate_edit_opens_a_design_holding_a_broken_font(tmp_path: Path) -> None:
    """The real ``cocreate edit`` path: the window draws a few frames and closes, exit 0."""
    design = tmp_path / "tee.cocreate"
    save(bad.with_asset_data(bad.design(), 0, bad.corrupt_ttf()), design)
    done = edit_in_a_process(
        design,
        "    DesignPilot(self).frames(3)\n",
        "    print('ran', self.session.problems())\n",
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert "font cannot be read: unknown file format" in done.stdout


def test_colours_typed_in_upper_case_are_taken_in_lower_case(app: DesignApp) -> None:
    session = app.session
    session.select(0)
    DesignPilot(app).frames(2)
    type_into(DesignPilot(app), app.side.entries["color"], "#FF0000")
    text = session.doc.design.layers[0]
    assert isinstance(text, TextLayer) and text.color == "#ff0000"
    for key in ("fill", "stroke"):
        command = command_for(session.doc.design.layers[1], 1, key, " #00AAFF ")
        assert command is not None and session.apply(command)
    shape = session.doc.design.layers[1]
    assert isinstance(shape, ShapeLayer) and (shape.fill, shape.stroke) == ("#00aaff", "#00aaff")
    assert session.recolor("#1F2A44")
    assert session.doc.design.garment.colors[0].color == "#1f2a44"
    assert not session.recolor("#GG0000")  # what is no colour is still refused
    assert "is not a colour (#rrggbb, lower case)" in session.status
