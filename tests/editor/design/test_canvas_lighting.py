"""The design editor draws the art as the gallery's mockups show it: lit by the garment's folds
and highlights. At the template's own scale, a print area filled with one colour looks on the
canvas as on ``Mockups.mockup`` (up to rounding), and the unlit colour would not."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import numpy as np
import pygame
import pytest

from editor.design.canvas import Canvas
from editor.design.geometry import View
from editor.design.session import DesignSession
from engine.design.model import ShapeLayer, Transform
from engine.edit.command import replace
from engine.render.layers import rgb
from engine.render.mockup import Mockups, template
from engine.starter import new_design

INK = "#e0b040"
STYLE = "hoodie"  # its pocket's seam and folds cross the print area


@pytest.mark.parametrize("color", ["white", "black"])
def test_the_canvas_shows_the_art_lit_as_the_mockup_does(color: str) -> None:
    pygame.display.init()
    doc = new_design()
    doc = replace(doc, design=replace(doc.design, garment=replace(doc.design.garment, style=STYLE)))
    area = doc.design.print_area
    fill = ShapeLayer(
        id=1,
        name="fill",
        transform=Transform(x=area.width / 2, y=area.height / 2),
        width=area.width,
        height=area.height,
        fill=INK,
    )
    doc = replace(doc, design=replace(doc.design, layers=[fill]))
    session = DesignSession(doc)
    session.color = color
    t = template(doc.design.garment.style)
    left, top = t.top[0] - area.width * t.ppi / 2, t.top[1]
    surface = pygame.Surface(t.mask.size)
    Canvas().draw(surface, session, View(ppi=t.ppi, ox=left, oy=top))
    drawn = pygame.surfarray.array3d(surface).transpose(1, 0, 2).astype(int)
    value = next(c.color for c in doc.design.garment.colors if c.name == color)
    mockup = np.asarray(Mockups(doc).mockup(value), dtype=int)
    # inside the print area, clear of its outline and the dashed safe margin
    m = area.safe_margin * t.ppi + 3
    x0, y0 = round(left + m), round(top + m)
    x1, y1 = round(left + area.width * t.ppi - m), round(top + area.height * t.ppi - m)
    want = mockup[y0:y1, x0:x1]
    off = np.abs(drawn[y0:y1, x0:x1] - want).max(axis=2)
    # (the seams' sharp lines may differ more: the canvas puts the print area on whole
    # pixels, the template has it at 400.4 px)
    assert np.median(off) <= 1 and (off <= 3).mean() > 0.97, np.percentile(off, [50, 97, 100])
    # the seams, folds and grain show on the ink: unlit, it would be off by more than 6 levels
    # over a tenth of the area; lit, hardly anywhere
    unlit = np.abs(np.array(rgb(INK)) - want).max(axis=2)
    assert (unlit > 6).mean() > 0.1 > 10 * (off > 6).mean(), np.percentile(unlit, [50, 90])
    pygame.display.quit()
