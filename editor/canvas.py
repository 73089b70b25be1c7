"""Drawing the level being edited: grid, bounds, tile layers, shapes, entities, links, selection,
tool preview.

Everything is drawn in screen space through the editor's :class:`~editor.viewport.Viewport`, onto
the canvas surface (a subsurface of the window below the toolbar). A shape whose material has a
texture shows it as the play view does: tiled from the shape's bounding box's top-left (scaled to
the zoom), masked to the polygon minus its holes (``engine.render.level_view.tiled`` and
``cut_out``); the surfaces are kept per (shape, texture, zoom) in a bounded cache, and one too
large to keep is drawn afresh, only its visible part. Other shapes are filled with their
material's colour with holes cut out (each shape is drawn onto a transparent layer whose holes are
cleared, then blitted), so the grid shows through a hole as it does around the shape.

Tile layers are drawn under the shapes, in layer order, at their x/y offset (parallax is a play-time
effect: the editor shows every layer where it lies). Their tiles are cut from the tileset's image
asset as the play view cuts them (``engine.render.level_view.slice_tileset``) and scaled to the
zoom once: the scaled tiles are cached per (tileset, zoom), so a frame is one blit per visible
non-empty cell.

What has a problem (validation's, or what publishing needs: :func:`editor.problem_words.flagged`) is
outlined in red, under the selection's outline so both show. Labels (an entity's kind, a shape's
"one-way") are placed last, over everything: nearby labels of the same kind become one
("collectible ×4"), and a label with no room above or below what it names is stacked higher with
a line to it, so none is lost.
"""

from __future__ import annotations

import io
import math
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pygame

from editor.picking import decoration_corners, entity_size
from editor.problem_words import flagged
from editor.session import EditorSession
from editor.tools import Preview
from editor.viewport import Viewport
from engine.document import LevelDocument
from engine.level.entities import Entity, MovingPlatform
from engine.level.model import Decoration, Material, Shape, TileLayer, Tileset
from engine.packed import TILE_INDEX, tiles_array, unpack_points
from engine.render.level_view import (
    MAX_SURFACE_SIDE,
    cut_out,
    decoration_surface,
    tiled,
)
from engine.render.sprites import hex_color
from engine.render.tiles import TileVariants, slice_tileset

Color = tuple[int, int, int]
ScreenPoint = tuple[float, float]

BACKDROP: Color = (54, 57, 64)
"""Outside the level's bounds."""
BOUNDS: Color = (20, 22, 26)
SELECTED: Color = (0, 200, 255)
HANDLE: Color = (255, 255, 255)
PREVIEW: Color = (255, 140, 0)
LINK: Color = (250, 210, 40)
PROBLEM: Color = (235, 35, 35)
"""The outline of what has a problem."""
LABEL_TEXT: Color = (0, 0, 0)
LABEL_GAP = 12
"""Screen px between a label's middle and the edge of what it names (clear of a red outline)."""
LABEL_TRIES = 6
"""How many rows higher a label is tried when there is no room next to what it names."""
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
SCALED_CACHE = 8
"""How many (tileset, zoom) sets of scaled tiles are kept (the latest used)."""

TilesetKey = tuple[str, int, int, int, int, int]
ScaledTexture = tuple[pygame.Surface, tuple[float, float]]
"""A texture scaled to a zoom and the step between its tiled copies (its px × zoom)."""


def _tileset_key(ts: Tileset) -> TilesetKey:
    return (ts.image, ts.tile_width, ts.tile_height, ts.columns, ts.margin, ts.spacing)


class TileCache:
    """Decoded tileset images, their tiles, and the tiles scaled to a zoom, for one canvas."""

    def __init__(self) -> None:
        self._images: dict[str, pygame.Surface | None] = {}
        self._tiles: dict[TilesetKey, list[pygame.Surface]] = {}
        self._scaled: OrderedDict[tuple[TilesetKey, float], list[pygame.Surface]] = OrderedDict()
        self._variants: OrderedDict[tuple[TilesetKey, float, float], TileVariants] = OrderedDict()

    def image(self, doc: LevelDocument, digest: str) -> pygame.Surface | None:
        """The image asset ``digest`` of ``doc`` as a surface (None when missing or unreadable)."""
        return self._image(doc, digest)

    def _image(self, doc: LevelDocument, digest: str) -> pygame.Surface | None:
        if digest not in self._images:
            asset = doc.assets.get(digest)
            img: pygame.Surface | None = None
            if asset is not None and asset.type.startswith("image/"):
                try:
                    img = pygame.image.load(io.BytesIO(asset.data))
                except (pygame.error, ValueError):
                    img = None
                if img is not None and pygame.display.get_surface() is not None:
                    img = img.convert_alpha()
            self._images[digest] = img
        return self._images[digest]

    def tiles(self, doc: LevelDocument, ts: Tileset) -> list[pygame.Surface]:
        """The tileset's tiles at their own size ([] when its image is missing or unreadable)."""
        key = _tileset_key(ts)
        if key not in self._tiles:
            sheet = self._image(doc, ts.image)
            self._tiles[key] = [] if sheet is None else slice_tileset(sheet, ts)
        return self._tiles[key]

    def scaled(self, doc: LevelDocument, ts: Tileset, zoom: float) -> list[pygame.Surface]:
        """The tileset's tiles scaled to ``zoom`` (screen px a side: ceil(tile px × zoom))."""
        key = (_tileset_key(ts), zoom)
        found = self._scaled.get(key)
        if found is not None:
            self._scaled.move_to_end(key)
            return found
        size = (max(1, math.ceil(ts.tile_width * zoom)), max(1, math.ceil(ts.tile_height * zoom)))
        out: list[pygame.Surface] = []
        for tile in self.tiles(doc, ts):
            if tile.get_size() == size:
                out.append(tile)
            elif zoom < 1 and tile.get_bitsize() in (24, 32):
                out.append(pygame.transform.smoothscale(tile, size))
            else:
                out.append(pygame.transform.scale(tile, size))
        self._scaled[key] = out
        while len(self._scaled) > SCALED_CACHE:
            self._scaled.popitem(last=False)
        return out

    def variants(
        self, doc: LevelDocument, ts: Tileset, zoom: float, opacity: float
    ) -> TileVariants:
        """The tileset's tiles scaled to ``zoom``, flipped and faded as each cell value says."""
        scaled = self.scaled(doc, ts, zoom)
        key = (_tileset_key(ts), zoom, opacity)
        found = self._variants.get(key)
        if found is None or found.tiles is not scaled:
            found = self._variants[key] = TileVariants(scaled, opacity)
        self._variants.move_to_end(key)
        while len(self._variants) > SCALED_CACHE:
            self._variants.popitem(last=False)
        return found


class ShapeCache:
    """Textured shapes drawn at a zoom (the material's texture scaled to the zoom, tiled from
    the shape's bounding box's top-left as the play view tiles it, masked to the polygon minus
    its holes), the latest kept within a count and a pixel budget."""

    SIZE = 256
    PIXELS = 24_000_000
    """Pixels kept at most over all the surfaces (about 96 MB); a single surface larger than a
    quarter of it is not kept: the visible part of its shape is drawn each frame instead."""

    def __init__(self, tiles: TileCache) -> None:
        self._tiles = tiles
        self._made: OrderedDict[tuple[object, ...], pygame.Surface] = OrderedDict()
        self._pixels = 0
        self._textures: OrderedDict[tuple[str, float], ScaledTexture | None] = OrderedDict()

    def texture(self, doc: LevelDocument, digest: str, zoom: float) -> ScaledTexture | None:
        """The texture image scaled to ``zoom`` (ceil(px × zoom) a side) and the step between
        its copies (px × zoom); None when the image is missing or unreadable."""
        key = (digest, zoom)
        if key in self._textures:
            self._textures.move_to_end(key)
            return self._textures[key]
        image = self._tiles.image(doc, digest)
        found: ScaledTexture | None = None
        if image is not None:
            w, h = image.get_size()
            size = (max(1, math.ceil(w * zoom)), max(1, math.ceil(h * zoom)))
            if size != (w, h):
                smooth = zoom < 1 and image.get_bitsize() in (24, 32)
                scale = pygame.transform.smoothscale if smooth else pygame.transform.scale
                image = scale(image, size)
            found = (image, (w * zoom, h * zoom))
        self._textures[key] = found
        while len(self._textures) > SCALED_CACHE:
            self._textures.popitem(last=False)
        return found

    def draw(
        self,
        target: pygame.Surface,
        viewport: Viewport,
        doc: LevelDocument,
        shape: Shape,
        material: Material,
    ) -> bool:
        """Draw ``shape`` textured onto ``target`` (nothing when it is off screen); False,
        drawing nothing, when its texture is missing: the caller fills it with the flat
        colour."""
        zoom = viewport.zoom
        scaled = self.texture(doc, material.texture, zoom)
        if scaled is None:
            return False
        texture, step = scaled
        rings = [unpack_points(r) for r in (shape.points, *shape.holes)]
        xs = [x for x, _ in rings[0]]
        ys = [y for _, y in rings[0]]
        x0, y0 = math.floor(min(xs)), math.floor(min(ys))  # the play view's box
        w = max(1, math.ceil((math.ceil(max(xs)) - x0) * zoom))  # where the shape ends
        h = max(1, math.ceil((math.ceil(max(ys)) - y0) * zoom))
        sx, sy = viewport.to_screen(x0, y0)
        box = pygame.Rect(round(sx), round(sy), w, h)
        view = target.get_rect()
        if not view.colliderect(box):
            return True
        if max(w, h) > MAX_SURFACE_SIDE or w * h > self.PIXELS // 4:
            area = box.clip(view)  # too big to keep: only what shows, drawn afresh
            dx, dy = box.left - area.left, box.top - area.top
            surf = tiled(texture, area.size, step, (dx, dy))
            cut_out(
                surf, [[((x - x0) * zoom + dx, (y - y0) * zoom + dy) for x, y in r] for r in rings]
            )
            target.blit(surf, area.topleft)
            return True
        key = (shape.points, tuple(shape.holes), material.texture, zoom)
        found = self._made.get(key)
        if found is None:
            found = tiled(texture, (w, h), step)
            cut_out(found, [[((x - x0) * zoom, (y - y0) * zoom) for x, y in r] for r in rings])
            self._made[key] = found
            self._pixels += w * h
            while len(self._made) > self.SIZE or self._pixels > self.PIXELS:
                _, old = self._made.popitem(last=False)
                self._pixels -= old.get_width() * old.get_height()
        else:
            self._made.move_to_end(key)
        target.blit(found, box)
        return True


class DecorationCache:
    """Decorations drawn at a zoom (scaled, flipped, turned, faded), the latest kept."""

    SIZE = 512

    def __init__(self, tiles: TileCache) -> None:
        self._tiles = tiles
        self._made: OrderedDict[tuple[object, ...], pygame.Surface | None] = OrderedDict()

    def get(self, doc: LevelDocument, deco: Decoration, zoom: float) -> pygame.Surface | None:
        key = (
            deco.image,
            deco.width,
            deco.height,
            deco.rotation,
            deco.flip_x,
            deco.flip_y,
            deco.opacity,
            zoom,
        )
        if key in self._made:
            self._made.move_to_end(key)
            return self._made[key]
        image = self._tiles.image(doc, deco.image)
        surf = decoration_surface(image, deco, zoom) if image is not None else None
        self._made[key] = surf
        while len(self._made) > self.SIZE:
            self._made.popitem(last=False)
        return surf


@dataclass
class Label:
    """A label asked for while drawing: its text, the screen box of what it names (of all the
    things it names, when nearby ones of a kind share it), and how many things it names."""

    text: str
    anchor: pygame.Rect
    color: Color
    count: int = 1

    @property
    def shown(self) -> str:
        return self.text if self.count == 1 else f"{self.text} ×{self.count}"


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
        self.labels: list[Label] = []
        """The labels asked for this frame, placed and drawn at its end."""
        self.placed: list[pygame.Rect] = []
        """Where this frame's labels went, in the order of ``labels``."""
        self._flags: tuple[LevelDocument | None, frozenset[int]] = (None, frozenset())
        self.tiles = TileCache()
        self.decorations = DecorationCache(self.tiles)
        self.textured = ShapeCache(self.tiles)

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
        self.labels = []
        x0, y0 = viewport.to_screen(0.0, 0.0)
        x1, y1 = viewport.to_screen(level.size.width, level.size.height)
        bounds = pygame.Rect(round(x0), round(y0), round(x1 - x0), round(y1 - y0))
        target.fill(background, bounds)
        self._grid(target, viewport, bounds, background, session.grid)
        pygame.draw.rect(target, BOUNDS, bounds.inflate(2, 2), 2)
        for layer in level.tile_layers:
            self._tile_layer(target, viewport, session.doc, layer)
        self._decorations(target, viewport, session.doc, front=False)
        materials = {m.name: m for m in level.materials}
        for shape in level.shapes:
            self._shape(target, viewport, session.doc, shape, materials.get(shape.material))
        by_id = {e.id: e for e in level.entities}
        for ent in level.entities:
            self._entity(target, viewport, ent)
        self._decorations(target, viewport, session.doc, front=True)
        for link in level.links:
            src, dst = by_id.get(link.source), by_id.get(link.target)
            if src is not None and dst is not None:
                a = viewport.to_screen(src.x, src.y)
                b = viewport.to_screen(dst.x, dst.y)
                pygame.draw.line(target, LINK, a, b, 2)
                pygame.draw.circle(target, LINK, (round(b[0]), round(b[1])), 5)
        shapes = {s.id: s for s in level.shapes}
        decorations = {d.id: d for d in level.decorations}
        for ident in sorted(self.flagged(session)):
            if ident in shapes:
                for ring in self._rings(viewport, shapes[ident]):
                    if len(ring) >= 2:
                        pygame.draw.lines(target, PROBLEM, True, ring, 7)
            elif ident in by_id:
                rect = self._entity_rect(viewport, by_id[ident])
                pygame.draw.rect(target, PROBLEM, rect.inflate(12, 12), 3)
            elif ident in decorations:
                box = [viewport.to_screen(x, y) for x, y in decoration_corners(decorations[ident])]
                pygame.draw.polygon(target, PROBLEM, box, 6)
        for ident in sorted(session.selection):
            if ident in shapes:
                self._selected_shape(target, viewport, shapes[ident])
            elif ident in by_id:
                rect = self._entity_rect(viewport, by_id[ident])
                pygame.draw.rect(target, SELECTED, rect.inflate(6, 6), 2)
            elif ident in decorations:
                box = [viewport.to_screen(x, y) for x, y in decoration_corners(decorations[ident])]
                pygame.draw.polygon(target, SELECTED, box, 2)
        self._place_labels(target)
        if preview is not None:
            self._preview(target, viewport, preview)

    def flagged(self, session: EditorSession) -> frozenset[int]:
        """The ids of what has a problem in the session's level (found once per document)."""
        doc = session.doc
        if self._flags[0] is not doc:
            self._flags = (doc, flagged(doc, session.problems()))
        return self._flags[1]

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

    def _tile_layer(
        self, target: pygame.Surface, viewport: Viewport, doc: LevelDocument, layer: TileLayer
    ) -> None:
        """The layer's tiles; an invisible solid layer (a collision mask) as translucent cells
        of its material's colour, an invisible other layer not at all."""
        ts = layer.tileset
        cells = tiles_array(layer.data)
        if len(cells) != layer.columns * layer.rows or not (layer.visible or layer.solid):
            return  # a broken layer (validation says so), or one with nothing to show
        variants = None
        if layer.visible:
            variants = self.tiles.variants(doc, ts, viewport.zoom, layer.opacity)
            if not variants.tiles:
                return
        grid = cells.reshape(layer.rows, layer.columns)
        tw, th = ts.tile_width * viewport.zoom, ts.tile_height * viewport.zoom
        ox, oy = viewport.to_screen(layer.x, layer.y)
        vw, vh = target.get_size()
        c0, c1 = max(0, math.floor(-ox / tw)), min(layer.columns, math.floor((vw - ox) / tw) + 1)
        r0, r1 = max(0, math.floor(-oy / th)), min(layer.rows, math.floor((vh - oy) / th) + 1)
        if c0 >= c1 or r0 >= r1:
            return
        view = grid[r0:r1, c0:c1]
        rows, cols = np.nonzero(view & TILE_INDEX)
        if len(rows) == 0:
            return
        xs = np.rint(ox + (cols + c0) * tw).astype(np.int64).tolist()
        ys = np.rint(oy + (rows + r0) * th).astype(np.int64).tolist()
        if variants is None:
            color = next(
                (hex_color(m.color) for m in doc.level.materials if m.name == layer.material),
                (136, 136, 136),
            )
            mask = pygame.Surface((math.ceil(tw), math.ceil(th)), pygame.SRCALPHA)
            mask.fill((*color, 90))
            target.fblits([(mask, (x, y)) for x, y in zip(xs, ys, strict=True)])
            return
        values = view[rows, cols].tolist()
        blits = []
        for value, x, y in zip(values, xs, ys, strict=True):
            surf = variants.get(value)
            if surf is not None:
                blits.append((surf, (x, y)))
        target.fblits(blits)

    def _decorations(
        self, target: pygame.Surface, viewport: Viewport, doc: LevelDocument, *, front: bool
    ) -> None:
        """The decorations behind (or in front of) the terrain, at their world places (the
        edit view does not scroll them by their parallax); one too large to draw at this zoom
        is outlined."""
        view = target.get_rect()
        for deco in doc.level.decorations:
            if deco.front is not front:
                continue
            cx, cy = viewport.to_screen(deco.x, deco.y)
            surf = self.decorations.get(doc, deco, viewport.zoom)
            if surf is None:
                w, h = deco.width * viewport.zoom, deco.height * viewport.zoom
                box = pygame.Rect(0, 0, max(1, round(w)), max(1, round(h)))
                box.center = (round(cx), round(cy))
                if view.colliderect(box):
                    pygame.draw.rect(target, HANDLE, box, 1)
                continue
            rect = surf.get_rect(center=(round(cx), round(cy)))
            if view.colliderect(rect):
                target.blit(surf, rect)

    def _rings(self, viewport: Viewport, shape: Shape) -> list[list[ScreenPoint]]:
        rings = [shape.points, *shape.holes]
        return [[viewport.to_screen(x, y) for x, y in unpack_points(r)] for r in rings]

    def _shape(
        self,
        target: pygame.Surface,
        viewport: Viewport,
        doc: LevelDocument,
        shape: Shape,
        material: Material | None,
    ) -> None:
        """A shape filled with its material's texture (see :class:`ShapeCache`) or, without
        one, its flat colour; then its body's outline."""
        fill = hex_color(material.color) if material is not None else (136, 136, 136)
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
        if shape.hidden:
            _hatched(target, area, outline, holes, fill)
        textured = shape.hidden or (
            material is not None
            and material.texture != ""
            and self.textured.draw(target, viewport, doc, shape, material)
        )
        if not textured:
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
        words = [w for w, on in (("one-way", shape.one_way), ("hidden", shape.hidden)) if on]
        if words:
            top = min(outline, key=lambda p: p[1])
            self._label(", ".join(words), pygame.Rect(round(top[0]), round(top[1]), 1, 1), edge)

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
        self._label(ENTITY_LABELS.get(kind, kind), rect, LABEL_TEXT)

    def _label_box(self, text: str, anchor: pygame.Rect, row: int = 0) -> pygame.Rect:
        """Where ``text``'s label goes: over ``anchor`` (row 0), under it (row 1), or ``row -
        1`` rows higher than over it."""
        w, h = self.font.size(text)
        box = pygame.Rect(0, 0, w + 4, h)
        if row == 1:
            box.center = (anchor.centerx, anchor.bottom + LABEL_GAP)
        else:
            box.center = (anchor.centerx, anchor.top - LABEL_GAP - max(0, row - 1) * (h + 2))
        return box

    def _label(self, text: str, anchor: pygame.Rect, color: Color) -> None:
        """Ask for a label over ``anchor``; one of the same text whose place it would overlap
        takes this one's thing too ("collectible ×2")."""
        box = self._label_box(text, anchor)
        for other in self.labels:
            if other.text == text and self._label_box(text, other.anchor).colliderect(box):
                other.anchor = other.anchor.union(anchor)
                other.count += 1
                return
        self.labels.append(Label(text, anchor, color))

    def _place_labels(self, target: pygame.Surface) -> None:
        """Draw the labels asked for, each where it overlaps no label placed before it (nor,
        when there is room, what the others name), inside the view; one moved up from what
        it names gets a line to it."""
        view = target.get_rect()
        self.placed = []
        shown = [label for label in self.labels if label.anchor.inflate(2, 2).colliderect(view)]
        anchors = [label.anchor for label in shown]
        for label in shown:
            text = label.shown
            rows = [
                self._label_box(text, label.anchor, r).clamp(view) for r in range(2 + LABEL_TRIES)
            ]
            free = [r for r in rows if r.collidelist(self.placed) < 0]
            clear = [r for r in free if r.collidelist(anchors) < 0]
            box = (clear or free or rows)[0]
            self.placed.append(box)
            if box not in rows[:2]:
                a = label.anchor
                pygame.draw.line(target, label.color, (box.centerx, box.bottom), (a.centerx, a.top))
            back = pygame.Surface(box.size, pygame.SRCALPHA)
            back.fill((255, 255, 255, 170))
            target.blit(back, box)
            target.blit(self.font.render(text, True, label.color), (box.left + 2, box.top))

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
        if len(preview.outline) >= 2:
            ring = [viewport.to_screen(x, y) for x, y in preview.outline]
            pygame.draw.lines(target, PREVIEW, True, ring, 1)
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


HATCH_STEP = 10
"""px between the diagonal lines that show a hidden shape."""


def _hatched(
    target: pygame.Surface,
    area: pygame.Rect,
    outline: Sequence[ScreenPoint],
    holes: Sequence[Sequence[ScreenPoint]],
    color: tuple[int, int, int],
) -> None:
    """A hidden shape (an invisible wall): a faint fill crossed by diagonal lines, so it can
    be seen and picked in the editor but does not look like terrain that is drawn."""
    ox, oy = area.left, area.top
    w, h = area.size
    shape = pygame.Surface(area.size, pygame.SRCALPHA)
    pygame.draw.polygon(shape, (255, 255, 255, 255), [(x - ox, y - oy) for x, y in outline])
    for hole in holes:
        if len(hole) >= 3:
            pygame.draw.polygon(shape, (0, 0, 0, 0), [(x - ox, y - oy) for x, y in hole])
    layer = pygame.Surface(area.size, pygame.SRCALPHA)
    layer.fill((*color, 50))
    # lines fixed to the screen grid (not the area), so neighbouring shapes' hatching lines up
    start = -((ox + oy) % HATCH_STEP)
    for d in range(start - h, w, HATCH_STEP):
        pygame.draw.line(layer, (*color, 210), (d, h), (d + h, 0), 2)
    layer.blit(shape, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
    target.blit(layer, area.topleft)
