"""The canvas viewport: world ↔ screen, pan, zoom about the pointer, fit, and grid snapping."""

from __future__ import annotations

import subprocess
import sys

import pytest

from editor.viewport import MAX_ZOOM, MIN_ZOOM, Viewport, snap


@pytest.mark.parametrize("zoom", [MIN_ZOOM, 0.5, 1.0, 3.0, MAX_ZOOM])
def test_to_world_undoes_to_screen(zoom: float) -> None:
    vp = Viewport(800, 600, x=-120.5, y=37.25, zoom=zoom)
    for wx, wy in [(0.0, 0.0), (1920.0, 1080.0), (-33.3, 401.7)]:
        sx, sy = vp.to_screen(wx, wy)
        assert vp.to_world(sx, sy) == pytest.approx((wx, wy))


def test_top_left_of_canvas_is_the_viewport_origin() -> None:
    vp = Viewport(800, 600, x=100.0, y=50.0, zoom=2.0)
    assert vp.to_screen(100.0, 50.0) == (0.0, 0.0)
    assert vp.to_screen(110.0, 60.0) == (20.0, 20.0)


def test_pan_moves_content_by_screen_pixels() -> None:
    vp = Viewport(800, 600, zoom=2.0)
    before = vp.to_screen(300.0, 200.0)
    vp.pan(40.0, -10.0)
    after = vp.to_screen(300.0, 200.0)
    assert after == pytest.approx((before[0] + 40.0, before[1] - 10.0))


@pytest.mark.parametrize("factor", [1.25, 0.8, 4.0, 0.1])
def test_zoom_at_keeps_the_point_under_the_pointer(factor: float) -> None:
    vp = Viewport(800, 600, x=10.0, y=-20.0, zoom=1.5)
    under = vp.to_world(613.0, 97.0)
    vp.zoom_at(613.0, 97.0, factor)
    assert vp.zoom == pytest.approx(1.5 * factor)
    assert vp.to_world(613.0, 97.0) == pytest.approx(under)


def test_zoom_is_clamped_and_the_point_still_stays() -> None:
    vp = Viewport(800, 600)
    under = vp.to_world(400.0, 300.0)
    vp.zoom_at(400.0, 300.0, 1000.0)
    assert vp.zoom == MAX_ZOOM
    assert vp.to_world(400.0, 300.0) == pytest.approx(under)
    vp.zoom_at(400.0, 300.0, 1e-9)
    assert vp.zoom == MIN_ZOOM
    assert vp.to_world(400.0, 300.0) == pytest.approx(under)
    assert Viewport(10, 10, zoom=99.0).zoom == MAX_ZOOM


def test_fit_shows_the_whole_world_centred_within_the_margin() -> None:
    vp = Viewport(1000, 600)
    vp.fit(1920.0, 1080.0, margin=24)
    x0, y0 = vp.to_screen(0.0, 0.0)
    x1, y1 = vp.to_screen(1920.0, 1080.0)
    assert x0 >= 24 - 1e-9 and y0 >= 24 - 1e-9
    assert x1 <= 1000 - 24 + 1e-9 and y1 <= 600 - 24 + 1e-9
    assert (x0 + x1) / 2 == pytest.approx(500.0)
    assert (y0 + y1) / 2 == pytest.approx(300.0)
    assert min(x0, y0) == pytest.approx(24.0)  # the tighter side touches the margin


def test_snap_rounds_to_the_grid_and_zero_grid_is_off() -> None:
    assert snap(13.0, 8.0) == 16.0
    assert snap(11.9, 8.0) == 8.0
    assert snap(-13.0, 8.0) == -16.0
    assert snap(-20.0, 8.0) == -16.0  # halves round up, the same on both sides of 0
    assert snap(20.0, 8.0) == 24.0
    assert snap(13.7, 0.0) == 13.7
    assert snap(13.7, -1.0) == 13.7


def test_pure_editor_modules_import_no_pygame() -> None:
    code = (
        "import sys\n"
        "import editor.viewport, editor.session, editor.picking, editor.tools\n"
        "import editor.document_session, editor.design.session, editor.design.geometry\n"
        "import editor.design.fields, editor.problem_words\n"
        "print(sorted(m for m in sys.modules if m.partition('.')[0] in ('pygame', 'pygame_gui')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
