"""The Tiles tool's palette: the chosen layer's tileset as a grid of its tiles, in a small window
over the canvas's right edge, with the tile being painted outlined.

Clicking a tile chooses it (as the toolbar's tile drop-down does; the two always agree) and
"Erase" chooses 0. The palette shows while the Tiles tool is active; its close button hides it
until the toolbar's "Palette" button (or choosing the Tiles tool again) brings it back. A tileset
too tall for the window scrolls. The layout is plain arithmetic (:func:`layout`, :func:`tile_at`)
so it is tested without a display.
"""

from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIImage, UILabel, UIScrollingContainer, UIWindow

WIDTH = 300
"""The palette window's widest, px; it fits its tileset, from :data:`LEAST_WIDTH`, and so does
its height, up to :data:`MOST_HEIGHT` (taller tilesets scroll)."""
LEAST_WIDTH = 220
MOST_HEIGHT = 420
CELL_MOST = 48
"""Largest a tile is shown, px a side (smaller tiles are shown at a whole multiple of their size
up to this, larger ones scaled down to it)."""
GAP = 2
HIGHLIGHT = (255, 210, 64)
_CHROME = 66
"""The window's title bar and the row with the Erase button, px."""
_SIDES = 16
"""The window's borders and margins, px."""
_BAR = 20
"""A scroll bar's width, px."""


def columns_of(tiles: list[pygame.Surface]) -> int:
    """How many tiles the tileset's first row holds (its tiles are subsurfaces of the sheet:
    the row is the run of tiles at the first one's height)."""
    if not tiles:
        return 0
    top = tiles[0].get_offset()[1]
    return sum(1 for t in tiles if t.get_offset()[1] == top) or 1


def cell_size(tile_size: tuple[int, int], columns: int, width: int) -> int:
    """The side of the square each tile is shown in: its larger side times the largest whole
    number that fits ``columns`` across ``width`` (at least 1: pixel art stays sharp, and a wide
    tileset scrolls), but tiles larger than :data:`CELL_MOST` are scaled down to it."""
    side = max(1, *tile_size)
    if side > CELL_MOST:
        return CELL_MOST
    fit = (width - GAP) // max(1, columns) - GAP
    return side * max(1, min(CELL_MOST, fit) // side)


def layout(count: int, columns: int, cell: int) -> list[pygame.Rect]:
    """Where tile ``k`` (1 to ``count``) is drawn in the palette image: ``rects[k - 1]``."""
    columns = max(1, columns)
    step = cell + GAP
    return [
        pygame.Rect(GAP + (i % columns) * step, GAP + (i // columns) * step, cell, cell)
        for i in range(count)
    ]


def tile_at(pos: tuple[int, int], rects: list[pygame.Rect]) -> int | None:
    """The tile (1 to ``len(rects)``) at ``pos`` in the palette image, None between tiles."""
    for k, rect in enumerate(rects, start=1):
        if rect.collidepoint(pos):
            return k
    return None


def palette_image(
    tiles: list[pygame.Surface], rects: list[pygame.Rect], chosen: int, width: int
) -> pygame.Surface:
    """The palette: each tile scaled into its cell (keeping its shape) on a dark ground, the
    ``chosen`` one outlined."""
    height = max((r.bottom for r in rects), default=0) + GAP
    image = pygame.Surface((width, max(height, 1)), pygame.SRCALPHA)
    image.fill((38, 41, 46, 255))
    for tile, rect in zip(tiles, rects, strict=True):
        pygame.draw.rect(image, (56, 60, 66), rect)
        tw, th = tile.get_size()
        scale = min(rect.w / max(1, tw), rect.h / max(1, th))
        size = (max(1, round(tw * scale)), max(1, round(th * scale)))
        shown = tile if size == (tw, th) else pygame.transform.scale(tile, size)
        image.blit(shown, shown.get_rect(center=rect.center))
    if 1 <= chosen <= len(rects):
        pygame.draw.rect(image, HIGHLIGHT, rects[chosen - 1].inflate(4, 4), width=2)
    return image


class TilePalette:
    """The palette window (made when first shown, remade when its tileset changes)."""

    def __init__(self, manager: pygame_gui.UIManager, canvas: pygame.Rect) -> None:
        self.manager = manager
        self.canvas = canvas
        self.window: UIWindow | None = None
        self.closed = False
        """Closed with its close button: stays hidden until :meth:`reopen`."""
        self._tiles: list[pygame.Surface] = []
        self._title = ""
        self._chosen = -1
        self._rects: list[pygame.Rect] = []
        self._image: UIImage | None = None
        self._scroll: UIScrollingContainer | None = None
        self._erase: UIButton | None = None
        self._label: UILabel | None = None

    @property
    def shown(self) -> bool:
        return self.window is not None and self.window.alive() and self.window.visible  # type: ignore[no-untyped-call]

    def reopen(self) -> None:
        self.closed = False

    def sync(self, wanted: bool, tiles: list[pygame.Surface], chosen: int, title: str) -> None:
        """Show the palette of ``tiles`` with ``chosen`` outlined when ``wanted`` (the Tiles
        tool is active and the user has not closed it), else hide it."""
        if self.window is not None and not self.window.alive():  # type: ignore[no-untyped-call]
            self.window, self.closed = None, True  # its close button was pressed
        if not wanted or self.closed or not tiles:
            if self.window is not None and self.window.visible:
                self.window.hide()
            return
        if self.window is None or tiles is not self._tiles or title != self._title:
            self._build(tiles, title)
        if chosen != self._chosen:
            self._draw(chosen)
        if self.window is not None and not self.window.visible:
            self.window.show()

    def _build(self, tiles: list[pygame.Surface], title: str) -> None:
        if self.window is not None:
            self.window.kill()  # type: ignore[no-untyped-call]
        self._tiles, self._title, self._chosen = tiles, title, -1
        columns = columns_of(tiles)
        cell = cell_size(tiles[0].get_size(), columns, WIDTH - _SIDES)
        self._rects = layout(len(tiles), columns, cell)
        wide = max(r.right for r in self._rects) + GAP
        content = max(r.bottom for r in self._rects) + GAP
        view_w = min(max(wide, LEAST_WIDTH - _SIDES), WIDTH - _SIDES)
        view_h = min(content, MOST_HEIGHT - _CHROME, self.canvas.height - _CHROME - 16)
        bar_w = _BAR if content > view_h else 0  # room for the scroll bars that are needed
        bar_h = _BAR if wide > view_w else 0
        rect = pygame.Rect(0, 0, view_w + bar_w + _SIDES, view_h + bar_h + _CHROME)
        rect.topright = (self.canvas.right - 8, self.canvas.top + 8)
        self.window = UIWindow(rect, self.manager, f"Tiles: {title}", draggable=True)
        box = self.window.get_container()
        self._erase = UIButton(pygame.Rect(4, 2, 80, 26), "Erase", self.manager, container=box)
        self._label = UILabel(
            pygame.Rect(88, 2, view_w + bar_w - 88, 26),
            "",
            self.manager,
            container=box,
            object_id="#field",
        )
        self._scroll = UIScrollingContainer(
            pygame.Rect(4, 32, view_w + bar_w, view_h + bar_h), self.manager, container=box
        )
        self._scroll.set_scrollable_area_dimensions((wide, content))
        self._image = UIImage(
            pygame.Rect(0, 0, wide, content),
            palette_image(tiles, self._rects, 0, wide),
            self.manager,
            container=self._scroll,
        )

    def _draw(self, chosen: int) -> None:
        self._chosen = chosen
        if self._image is None or self._label is None:
            return
        width = self._image.rect.width
        self._image.set_image(palette_image(self._tiles, self._rects, chosen, width))
        self._label.set_text("painting: erase" if chosen == 0 else f"painting: tile {chosen}")

    def pick(self, event: pygame.event.Event) -> int | None:
        """The tile a click on the palette chooses (0: Erase), or None."""
        if not self.shown:
            return None
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self._erase:
            return 0
        if event.type != pygame.MOUSEBUTTONDOWN or event.button != 1:
            return None
        image = self._image
        if image is None or not image.rect.collidepoint(event.pos):
            return None
        local = (event.pos[0] - image.rect.x, event.pos[1] - image.rect.y)
        shown = image.get_image_clipping_rect()  # the part not scrolled out of view
        if shown is not None and not shown.collidepoint(local):
            return None
        return tile_at(local, self._rects)
