"""Drawing the design editor's canvas: the garment in the colour shown, the design's art on it,
the print area and its safe margin, and the selected layer's box with its handles.

The garment is the mockup template of ``engine.render.mockup`` (shading, highlights, backdrop)
in the chosen colour, scaled to the view; the art is ``engine.render.print_art.render_art`` at
the view's pixels per inch, so it stays sharp at any zoom, lit by the same template's folds and
highlights (``on_fabric``) so that it looks as on the gallery's mockups. All are cached: the
garment per style, colour and view, the art per document and zoom (the whole print area when it
is small enough, else just the part on screen), its lit copy per colour, so panning an
unchanged design costs a blit.

A layer whose image or font cannot be drawn (:mod:`editor.design.drawable`) is left out of the
art and drawn over it as a hatched box; one found only while drawing is named in the status
line. So no file kills the window with the work in it.
"""

from __future__ import annotations

import math

import pygame
from PIL import Image

from editor.canvas import _hatched
from editor.design import drawable
from editor.design.geometry import View, corners, handles
from editor.design.session import DesignSession
from engine.design.model import GarmentStyle
from engine.document import DesignDocument
from engine.edit.command import replace
from engine.render.layers import Frame
from engine.render.mockup import Mockups, Template, on_fabric, template

BACKGROUND = (52, 55, 61)
AREA_EDGE = (90, 150, 230)
SAFE_EDGE = (90, 150, 230)
BOX = (255, 170, 40)
HANDLE_FILL = (255, 255, 255)
LOCKED = (200, 80, 80)
PLACEHOLDER = (235, 60, 90)
"""A layer that cannot be drawn: its hatching and edge."""
WHOLE_AREA_PIXELS = 6_000_000
"""Up to this many pixels the art of the whole print area is rendered (panning is then free);
beyond, only the part on screen."""


def to_surface(image: Image.Image) -> pygame.Surface:
    """A Pillow image as a pygame surface (RGBA keeps its alpha)."""
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA")
    surface = pygame.image.frombytes(image.tobytes(), image.size, image.mode)  # type: ignore[arg-type]
    return (
        surface.convert_alpha()
        if image.mode == "RGBA" and pygame.display.get_surface()
        else surface
    )


class Canvas:
    """Draws one session on a surface through a :class:`View`; keeps the rendered pictures."""

    def __init__(self) -> None:
        self._fabric: dict[tuple[GarmentStyle, str], Image.Image] = {}
        self._garment: tuple[tuple[object, ...], pygame.Surface, tuple[int, int]] | None = None
        self._art: tuple[tuple[object, ...], Image.Image, tuple[int, int]] | None = None
        """The art as rendered (key: document, zoom, part), and where it goes."""
        self._lit: tuple[tuple[object, ...], pygame.Surface] | None = None
        """The art lit for a garment colour (key: the art's, and the colour)."""
        self._undrawable: tuple[DesignDocument, list[int]] | None = None
        """The visible layers that cannot be drawn (placeholders), for one document."""
        self.renders = 0
        """How many times the art was rendered (tests check the cache)."""

    # -- the garment ---------------------------------------------------------------------------

    def fabric(self, doc: DesignDocument, color: str) -> Image.Image:
        """The empty garment of ``doc``'s style in ``color`` at the template's scale."""
        style = doc.design.garment.style
        key = (style, color)
        if key not in self._fabric:
            empty = replace(doc, design=replace(doc.design, layers=[]))
            if len(self._fabric) > 16:
                self._fabric.clear()
            self._fabric[key] = Mockups(empty).mockup(color)
        return self._fabric[key]

    def _draw_garment(
        self, surface: pygame.Surface, doc: DesignDocument, color: str, view: View
    ) -> None:
        t = template(doc.design.garment.style)
        area = doc.design.print_area
        k = view.ppi / t.ppi
        # the template pixel (0, 0) on screen: the print area's top-left is at (ox, oy)
        left = view.ox - (t.top[0] - area.width * t.ppi / 2) * k
        top = view.oy - t.top[1] * k
        w, h = surface.get_size()
        key = (doc.design.garment.style, color, view.ppi, round(left), round(top), w, h)
        if self._garment is None or self._garment[0] != key:
            image = self.fabric(doc, color)
            # the template pixels that land on the canvas
            x0, y0 = max(0, math.floor(-left / k)), max(0, math.floor(-top / k))
            x1 = min(image.width, math.ceil((w - left) / k))
            y1 = min(image.height, math.ceil((h - top) / k))
            if x1 <= x0 or y1 <= y0:
                self._garment = (key, pygame.Surface((1, 1)), (-10, -10))
            else:
                size = (max(1, round((x1 - x0) * k)), max(1, round((y1 - y0) * k)))
                part = image.crop((x0, y0, x1, y1)).resize(size, Image.Resampling.BILINEAR)
                where = (round(left + x0 * k), round(top + y0 * k))
                self._garment = (key, to_surface(part), where)
        surface.blit(self._garment[1], self._garment[2])

    # -- the art -------------------------------------------------------------------------------

    def _draw_art(
        self, surface: pygame.Surface, doc: DesignDocument, color: str, view: View
    ) -> str:
        """The art lit on the garment; what was found while rendering that cannot be drawn
        (``""``: nothing new)."""
        area = doc.design.print_area
        aw, ah = area.width * view.ppi, area.height * view.ppi
        if aw * ah <= WHOLE_AREA_PIXELS:
            clip = (0, 0, math.ceil(aw), math.ceil(ah))
        else:  # only the part of the print area on the canvas
            w, h = surface.get_size()
            clip = (
                max(0, math.floor(-view.ox)),
                max(0, math.floor(-view.oy)),
                min(math.ceil(aw), math.ceil(w - view.ox)),
                min(math.ceil(ah), math.ceil(h - view.oy)),
            )
            if clip[2] <= clip[0] or clip[3] <= clip[1]:
                return ""
        key = (doc, view.ppi, clip)
        told = ""
        if self._art is None or self._art[0][0] is not doc or self._art[0][1:] != key[1:]:
            x0, y0, x1, y1 = clip
            frame = Frame((x1 - x0, y1 - y0), view.ppi, (-x0, -y0), None, area.dpi)
            art, told = drawable.render(doc, frame)
            self._art = (key, art, (x0, y0))
            self.renders += 1
        lit_key = (*self._art[0], color)
        if self._lit is None or self._lit[0][0] is not doc or self._lit[0][1:] != lit_key[1:]:
            t = template(doc.design.garment.style)
            self._lit = (
                lit_key,
                to_surface(_lit_art(self._art[1], t, area.width, view, clip, color)),
            )
        x0, y0 = self._art[2]
        surface.blit(self._lit[1], (round(view.ox) + x0, round(view.oy) + y0))
        return told

    def _draw_placeholders(self, surface: pygame.Surface, doc: DesignDocument, view: View) -> None:
        """Each visible layer that cannot be drawn as a hatched box (its image's size, or a
        stand-in's) with a red edge, over the art: seen, picked and fixed or deleted."""
        if self._undrawable is None or self._undrawable[0] is not doc:
            self._undrawable = (doc, drawable.undrawable(doc))
        dpi = doc.design.print_area.dpi
        for index in self._undrawable[1]:
            layer = doc.design.layers[index]
            points = [view.to_screen(*p) for p in corners(layer, doc.assets, dpi)]
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            box = pygame.Rect(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
            area = box.clip(surface.get_rect())
            if area.width > 0 and area.height > 0:
                _hatched(surface, area, points, [], PLACEHOLDER)
                pygame.draw.polygon(surface, PLACEHOLDER, points, 2)

    # -- the frame -----------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface, session: DesignSession, view: View) -> None:
        surface.fill(BACKGROUND)
        doc = session.doc
        color = session.garment_color()
        self._draw_garment(surface, doc, color, view)
        told = self._draw_art(surface, doc, color, view)
        if told:
            session.status = told
            self._undrawable = None
        self._draw_placeholders(surface, doc, view)
        area = doc.design.print_area
        x0, y0 = view.to_screen(0, 0)
        x1, y1 = view.to_screen(area.width, area.height)
        pygame.draw.rect(surface, AREA_EDGE, pygame.Rect(round(x0), round(y0),
                         round(x1 - x0), round(y1 - y0)), 1)  # fmt: skip
        m = area.safe_margin * view.ppi
        if m > 2:
            _dashed_rect(surface, SAFE_EDGE, (x0 + m, y0 + m, x1 - m, y1 - m))
        layer = session.selected_layer
        if layer is not None:
            points = [view.to_screen(*p) for p in corners(layer, doc.assets, area.dpi)]
            edge = LOCKED if layer.locked else BOX
            pygame.draw.polygon(surface, edge, points, 2)
            if not layer.locked:
                spots = handles(points)
                top = ((points[0][0] + points[1][0]) / 2, (points[0][1] + points[1][1]) / 2)
                pygame.draw.line(surface, edge, top, spots["rotate"], 2)
                for name, (hx, hy) in spots.items():
                    if name == "rotate":
                        pygame.draw.circle(surface, HANDLE_FILL, (hx, hy), 6)
                        pygame.draw.circle(surface, edge, (hx, hy), 6, 2)
                    else:
                        box = pygame.Rect(0, 0, 11, 11)
                        box.center = (round(hx), round(hy))
                        pygame.draw.rect(surface, HANDLE_FILL, box)
                        pygame.draw.rect(surface, edge, box, 2)


def _lit_art(
    art: Image.Image,
    t: Template,
    area_width: float,
    view: View,
    clip: tuple[int, int, int, int],
    color: str,
) -> Image.Image:
    """``art`` (RGBA, the print area's pixels ``clip`` at the view's zoom) lit by the template's
    shading and highlights there for a garment of ``color``, its alpha kept."""
    k = t.ppi / view.ppi  # template px per view px
    ox, oy = t.top[0] - area_width * t.ppi / 2, t.top[1]
    x0, y0, x1, y1 = clip
    box = (ox + x0 * k, oy + y0 * k, ox + x1 * k, oy + y1 * k)
    shade = t.shade.resize(art.size, Image.Resampling.BILINEAR, box=box)
    light = t.light.resize(art.size, Image.Resampling.BILINEAR, box=box)
    lit = on_fabric(art.convert("RGB"), shade, light, color).convert("RGBA")
    lit.putalpha(art.getchannel("A"))
    return lit


def _dashed_rect(
    surface: pygame.Surface, color: tuple[int, int, int], box: tuple[float, float, float, float]
) -> None:
    x0, y0, x1, y1 = box
    for a, b in (((x0, y0), (x1, y0)), ((x1, y0), (x1, y1)), ((x1, y1), (x0, y1)),
                 ((x0, y1), (x0, y0))):  # fmt: skip
        length = math.hypot(b[0] - a[0], b[1] - a[1])
        n = max(1, int(length // 6))
        for i in range(0, n, 2):
            s, e = i / n, min(1.0, (i + 1) / n)
            pygame.draw.line(
                surface,
                color,
                (a[0] + (b[0] - a[0]) * s, a[1] + (b[1] - a[1]) * s),
                (a[0] + (b[0] - a[0]) * e, a[1] + (b[1] - a[1]) * e),
            )
