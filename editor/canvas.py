"""Drawing the level being edited: grid, bounds, shapes, entities, links, selection, tool preview.

Everything is drawn in screen space through the editor's :class:`~editor.viewport.Viewport`, onto
the canvas surface (a subsurface of the window below the toolbar). Shapes are filled with their
material's colour with holes cut out (each shape is drawn onto a transparent layer whose holes are
cleared, then blitted), so the grid shows through a hole as it does around the shape.
"""

from __future__ import annotations

import pygame

from editor.picking import entity_size
from editor.session import EditorSession
from editor.tools import Preview
from editor.viewport import Viewport
from engine.level.entities import Entity, MovingPlatform
from engine.level.model import Shape
from engine.packed import unpack_points
from engine.render.sprites import hex_color

Color = tuple[int, int, int]
ScreenPoint = tuple[float, float]

BACKDROP: Color = (54, 57, 64)
"""Outside the level's bounds."""
BOUNDS: Color = (20, 22, 26)
SELECTED: Color = (0, 200, 255)
HANDLE: Color = (255, 255, 255)
PREVIEW: Color = (255, 140, 0)
LINK: Color = (250, 210, 40)
BODY_OUTLINE: dict[str, Color] = {
    "static": (30, 30, 30),
    "dynamic": (200, 60, 20),
    "kinematic": (30, 80, 200),
}
ENTITY_COLORS: dict[str, Color] = {
    "spawn": (40, 160, 255),
    "goal": (40, 200, 90),
    "checkpoint": (150, 110, 230),
    "collectible": (245, 200, 30),
    "hazard": (220, 40, 40),
    "crate": (170, 120, 60),
    "moving_platform": (90, 110, 140),
    "switch": (240, 120, 20),
    "door": (120, 80, 50),
    "sign": (200, 180, 140),
    "bounce_pad": (230, 70, 200),
}
ENTITY_LABELS: dict[str, str] = {"moving_platform": "platform", "bounce_pad": "bounce"}


def kind_of(ent: Entity) -> str:
    return str(type(ent).__struct_config__.tag)


def _darker(c: Color, k: float = 0.6) -> Color:
    return (int(c[0] * k), int(c[1] * k), int(c[2] * k))


def _mix(a: Color, b: Color, t: float) -> Color:
    return (
        int(a[0] + (b[0] - a[0]) * t),
        int(a[1] + (b[1] - a[1]) * t),
        int(a[2] + (b[2] - a[2]) * t),
    )


class Canvas:
    """Draws a session's document as the editor shows it."""

    def __init__(self) -> None:
        self.font = pygame.font.Font(None, 18)
        self._labels: list[pygame.Rect] = []
        """Where labels went this frame: a label that would overlap one is left out."""

    def draw(
        self,
        target: pygame.Surface,
        session: EditorSession,
        viewport: Viewport,
        preview: Preview | None = None,
    ) -> None:
        level = session.doc.level
        background = hex_color(level.background.color)
        target.fill(BACKDROP)
        self._labels = []
        x0, y0 = viewport.to_screen(0.0, 0.0)
        x1, y1 = viewport.to_screen(level.size.width, level.size.height)
        bounds = pygame.Rect(round(x0), round(y0), round(x1 - x0), round(y1 - y0))
        target.fill(background, bounds)
        self._grid(target, viewport, bounds, background, session.grid)
        pygame.draw.rect(target, BOUNDS, bounds.inflate(2, 2), 2)
        materials = {m.name: hex_color(m.color) for m in level.materials}
        for shape in level.shapes:
            self._shape(target, viewport, shape, materials.get(shape.material, (136, 136, 136)))
        by_id = {e.id: e for e in level.entities}
        for ent in level.entities:
            self._entity(target, viewport, ent)
        for link in level.links:
            src, dst = by_id.get(link.source), by_id.get(link.target)
            if src is not None and dst is not None:
                a = viewport.to_screen(src.x, src.y)
                b = viewport.to_screen(dst.x, dst.y)
                pygame.draw.line(target, LINK, a, b, 2)
                pygame.draw.circle(target, LINK, (round(b[0]), round(b[1])), 5)
        shapes = {s.id: s for s in level.shapes}
        for ident in sorted(session.selection):
            if ident in shapes:
                self._selected_shape(target, viewport, shapes[ident])
            elif ident in by_id:
                rect = self._entity_rect(viewport, by_id[ident])
                pygame.draw.rect(target, SELECTED, rect.inflate(6, 6), 2)
        if preview is not None:
            self._preview(target, viewport, preview)

    # -- parts ---------------------------------------------------------------------------------

    def _grid(
        self,
        target: pygame.Surface,
        viewport: Viewport,
        bounds: pygame.Rect,
        background: Color,
        grid: float,
    ) -> None:
        step = max(grid, 8.0) if grid > 0 else 32.0
        while step * viewport.zoom < 12:
            step *= 2
        area = bounds.clip(target.get_rect())
        if area.width <= 0 or area.height <= 0:
            return
        minor = _mix(background, (255, 255, 255), 0.12)
        major = _mix(background, (255, 255, 255), 0.28)
        wx0, wy0 = viewport.to_world(area.left, area.top)
        wx1, wy1 = viewport.to_world(area.right, area.bottom)
        k = max(0, int(wx0 // step))
        while k * step <= wx1:
            sx, _ = viewport.to_screen(k * step, 0.0)
            color = major if k % 4 == 0 else minor
            pygame.draw.line(target, color, (round(sx), area.top), (round(sx), area.bottom - 1))
            k += 1
        k = max(0, int(wy0 // step))
        while k * step <= wy1:
            _, sy = viewport.to_screen(0.0, k * step)
            color = major if k % 4 == 0 else minor
            pygame.draw.line(target, color, (area.left, round(sy)), (area.right - 1, round(sy)))
            k += 1

    def _rings(self, viewport: Viewport, shape: Shape) -> list[list[ScreenPoint]]:
        rings = [shape.points, *shape.holes]
        return [[viewport.to_screen(x, y) for x, y in unpack_points(r)] for r in rings]

    def _shape(self, target: pygame.Surface, viewport: Viewport, shape: Shape, fill: Color) -> None:
        outline, *holes = self._rings(viewport, shape)
        if len(outline) < 3:
            if len(outline) >= 2:
                pygame.draw.lines(target, fill, False, outline, 2)
            return
        xs = [p[0] for p in outline]
        ys = [p[1] for p in outline]
        box = pygame.Rect(
            int(min(xs)) - 1,
            int(min(ys)) - 1,
            int(max(xs) - min(xs)) + 3,
            int(max(ys) - min(ys)) + 3,
        )
        area = box.clip(target.get_rect())
        if area.width <= 0 or area.height <= 0:
            return
        ox, oy = area.left, area.top
        layer = pygame.Surface(area.size, pygame.SRCALPHA)
        pygame.draw.polygon(layer, (*fill, 255), [(x - ox, y - oy) for x, y in outline])
        for hole in holes:
            if len(hole) >= 3:
                pygame.draw.polygon(layer, (0, 0, 0, 0), [(x - ox, y - oy) for x, y in hole])
        target.blit(layer, area.topleft)
        edge = BODY_OUTLINE.get(shape.body, BODY_OUTLINE["static"])
        pygame.draw.polygon(target, edge, outline, 2)
        for hole in holes:
            if len(hole) >= 3:
                pygame.draw.polygon(target, edge, hole, 1)
        if shape.one_way:
            top = min(outline, key=lambda p: p[1])
            self._label(target, "one-way", (top[0], top[1] - 8), edge)

    def _entity_rect(self, viewport: Viewport, ent: Entity) -> pygame.Rect:
        w, h = entity_size(ent)
        x0, y0 = viewport.to_screen(ent.x - w / 2, ent.y - h / 2)
        x1, y1 = viewport.to_screen(ent.x + w / 2, ent.y + h / 2)
        rect = pygame.Rect(round(x0), round(y0), max(3, round(x1 - x0)), max(3, round(y1 - y0)))
        return rect

    def _entity(self, target: pygame.Surface, viewport: Viewport, ent: Entity) -> None:
        kind = kind_of(ent)
        color = ENTITY_COLORS.get(kind, (200, 200, 200))
        if isinstance(ent, MovingPlatform) and ent.path:
            path = [
                viewport.to_screen(ent.x + px, ent.y + py) for px, py in unpack_points(ent.path)
            ]
            if len(path) >= 2:
                pygame.draw.lines(target, _mix(color, (255, 255, 255), 0.4), False, path, 1)
            for p in path:
                pygame.draw.circle(target, color, (round(p[0]), round(p[1])), 3)
        rect = self._entity_rect(viewport, ent)
        shade = pygame.Surface(rect.size, pygame.SRCALPHA)
        shade.fill((*color, 170))
        target.blit(shade, rect.topleft)
        pygame.draw.rect(target, _darker(color), rect, 2)
        self._label(target, ENTITY_LABELS.get(kind, kind), (rect.centerx, rect.top - 8), (0, 0, 0))

    def _label(self, target: pygame.Surface, text: str, center: ScreenPoint, color: Color) -> None:
        img = self.font.render(text, True, color)
        back = pygame.Surface((img.get_width() + 4, img.get_height()), pygame.SRCALPHA)
        back.fill((255, 255, 255, 150))
        rect = back.get_rect(center=(round(center[0]), round(center[1])))
        if rect.collidelist(self._labels) >= 0:
            return
        self._labels.append(rect)
        target.blit(back, rect)
        target.blit(img, (rect.left + 2, rect.top))

    def _selected_shape(self, target: pygame.Surface, viewport: Viewport, shape: Shape) -> None:
        for ring in self._rings(viewport, shape):
            if len(ring) >= 2:
                pygame.draw.lines(target, SELECTED, True, ring, 3)
            for p in ring:
                _handle(target, p)

    def _preview(self, target: pygame.Surface, viewport: Viewport, preview: Preview) -> None:
        pts = [viewport.to_screen(x, y) for x, y in preview.points]
        if len(pts) >= 2:
            pygame.draw.lines(target, PREVIEW, False, pts, 2)
        if pts and preview.cursor is not None:
            c = viewport.to_screen(*preview.cursor)
            pygame.draw.line(target, PREVIEW, pts[-1], c, 1)
        for p in pts:
            _handle(target, p, PREVIEW)
        if pts:  # the first point: clicking it closes the ring
            pygame.draw.circle(target, PREVIEW, (round(pts[0][0]), round(pts[0][1])), 7, 2)
        if preview.cursor is not None:
            cx, cy = (round(v) for v in viewport.to_screen(*preview.cursor))
            pygame.draw.line(target, PREVIEW, (cx - 6, cy), (cx + 6, cy), 1)
            pygame.draw.line(target, PREVIEW, (cx, cy - 6), (cx, cy + 6), 1)
        if preview.band is not None:
            bx0, by0, bx1, by1 = preview.band
            a = viewport.to_screen(min(bx0, bx1), min(by0, by1))
            b = viewport.to_screen(max(bx0, bx1), max(by0, by1))
            rect = pygame.Rect(round(a[0]), round(a[1]), round(b[0] - a[0]), round(b[1] - a[1]))
            band = pygame.Surface((max(1, rect.width), max(1, rect.height)), pygame.SRCALPHA)
            band.fill((*SELECTED, 40))
            target.blit(band, rect.topleft)
            pygame.draw.rect(target, SELECTED, rect, 1)
        if preview.line is not None:
            lx0, ly0, lx1, ly1 = preview.line
            pygame.draw.line(
                target, LINK, viewport.to_screen(lx0, ly0), viewport.to_screen(lx1, ly1), 2
            )


def _handle(target: pygame.Surface, p: ScreenPoint, color: Color = HANDLE) -> None:
    rect = pygame.Rect(0, 0, 7, 7)
    rect.center = (round(p[0]), round(p[1]))
    target.fill(color, rect)
    pygame.draw.rect(target, (0, 0, 0), rect, 1)
