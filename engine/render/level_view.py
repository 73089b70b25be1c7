"""Draws a world with pygame: parallax background, textured terrain, entities, player, HUD.

Static terrain is rendered once into per-shape surfaces (texture tiled, polygon with holes
masked); moving bodies are drawn at interpolated poses handed in by the play loop, so a 60 Hz
simulation looks smooth at any display rate.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

import pygame

from engine.level.entities import (
    BouncePad,
    Checkpoint,
    Collectible,
    Crate,
    Door,
    Goal,
    Hazard,
    MovingPlatform,
    Sign,
    Switch,
)
from engine.level.model import Decoration, Material, Shape, TileLayer
from engine.packed import tiles_array
from engine.render import ASSETS, sprites
from engine.render.camera import Camera
from engine.render.tiles import Cells, TileVariants, slice_tileset, tile_groups
from engine.sim import player as tuning
from engine.sim.terrain import convex_pieces, rings_of
from engine.sim.world import TICK_RATE, Status, World

Pose = tuple[float, float, float]
"""x, y, angle (radians) of a body."""
MAX_SURFACE_SIDE = 8192
SIGN_RANGE = 140.0
OUTSIDE = (18, 20, 28)
"""The colour around a level smaller than the view."""
BUBBLE = (255, 255, 245)
"""The paper of a sign's speech bubble."""


TEXT_FONT = ASSETS / "fonts" / "LiberationSans-Bold.ttf"
"""The font of signs' text (SIL OFL 1.1): pygame's own has no arrows (a sign's "← →")."""


def _text_font() -> pygame.font.Font:
    """:data:`TEXT_FONT` at the size of the play view's small text (pygame's own font where
    the assets folder is not beside the code)."""
    if TEXT_FONT.is_file():
        return pygame.font.Font(TEXT_FONT, 17)
    return pygame.font.Font(None, 24)


def decoration_surface(
    image: pygame.Surface, deco: Decoration, scale: float = 1.0
) -> pygame.Surface | None:
    """``image`` as ``deco`` draws it at ``scale`` screen px per world px: scaled to its size,
    flipped, faded and rotated (None when it would be empty or larger than
    :data:`MAX_SURFACE_SIDE` on a side)."""
    w, h = round(deco.width * scale), round(deco.height * scale)
    if w < 1 or h < 1 or max(w, h) > MAX_SURFACE_SIDE:
        return None
    if image.get_bitsize() in (24, 32):
        surf = pygame.transform.smoothscale(image, (w, h))
    else:  # a palette image: smoothscale needs 24 or 32 bits
        surf = pygame.transform.scale(image, (w, h))
    if deco.flip_x or deco.flip_y:
        surf = pygame.transform.flip(surf, deco.flip_x, deco.flip_y)
    if deco.rotation % 360:
        surf = pygame.transform.rotate(surf, -deco.rotation)  # pygame turns anticlockwise
    if deco.opacity < 1:
        surf.set_alpha(round(255 * max(deco.opacity, 0.0)))
    return surf


def tiled(
    texture: pygame.Surface,
    size: tuple[int, int],
    step: tuple[float, float] | None = None,
    origin: tuple[float, float] = (0.0, 0.0),
) -> pygame.Surface:
    """A transparent surface of ``size`` with ``texture`` tiled over it: a copy every ``step``
    px (the texture's own size by default) across and down from ``origin`` (the tiling's phase,
    in the surface's px; it may lie outside). The play view tiles a shape's material from its
    bounding box's top-left; the editor does the same with the texture scaled to its zoom."""
    surf = pygame.Surface(size, pygame.SRCALPHA)
    sx, sy = step if step is not None else texture.get_size()
    if sx <= 0 or sy <= 0:
        return surf
    ox, oy = origin
    tw, th = texture.get_size()
    first_x, first_y = math.floor((-tw - ox) / sx) + 1, math.floor((-th - oy) / sy) + 1
    xs: list[int] = []
    k = first_x
    while (x := round(ox + k * sx)) < size[0]:
        xs.append(x)
        k += 1
    k = first_y
    while (y := round(oy + k * sy)) < size[1]:
        surf.fblits([(texture, (x, y)) for x in xs])
        k += 1
    return surf


def cut_out(surf: pygame.Surface, rings: Sequence[Sequence[tuple[float, float]]]) -> None:
    """Clear ``surf`` (with per-pixel alpha) outside the polygon ``rings[0]`` and inside its
    holes ``rings[1:]`` (points in the surface's px)."""
    mask = pygame.Surface(surf.get_size(), pygame.SRCALPHA)
    pygame.draw.polygon(mask, (255, 255, 255, 255), rings[0])
    for hole in rings[1:]:
        if len(hole) >= 3:
            pygame.draw.polygon(mask, (0, 0, 0, 0), hole)
    surf.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MULT)


@dataclass
class _Piece:
    surface: pygame.Surface
    offset: tuple[float, float]
    """World position of the surface's top-left (static) or of the body origin (moving)."""


def _image(data: bytes) -> pygame.Surface | None:
    try:
        return pygame.image.load(io.BytesIO(data))
    except (pygame.error, ValueError):
        return None


class LevelView:
    def __init__(self, world: World) -> None:
        self.world = world
        doc = world.doc
        self._images: dict[str, pygame.Surface] = {}
        for key, asset in doc.assets.items():
            if asset.type.startswith("image/"):
                img = _image(asset.data)
                if img is not None:
                    self._images[key] = img
        self._materials = {m.name: m for m in world.level.materials}
        self._static: list[_Piece] = []
        self._moving: dict[int, _Piece] = {}
        self._flat: list[tuple[list[tuple[float, float]], tuple[int, int, int]]] = []
        for shape in world.level.shapes:
            self._prepare_shape(shape)
        self._tile_groups = tile_groups(
            [self._prepare_tiles(layer) for layer in world.level.tile_layers]
        )
        self._decorations: list[tuple[Decoration, pygame.Surface]] = []
        for deco in world.level.decorations:
            image = self._images.get(deco.image)
            surf = decoration_surface(image, deco) if image is not None else None
            if surf is not None:
                self._decorations.append((deco, surf))
        self._crates: dict[int, pygame.Surface] = {}
        for ent in world.level.entities:
            if isinstance(ent, Crate):
                self._crates[ent.id] = sprites.crate(pygame.Surface((1, 1)), ent.width, ent.height)
        self.font = pygame.font.Font(None, 30)
        self.small = pygame.font.Font(None, 24)
        self.text = _text_font()
        """For what people write (signs, the gallery's note): it has arrows and accents."""
        self.big = pygame.font.Font(None, 64)
        self.note = ""
        """A line shown at the top right while playing (the gallery's record of the level)."""
        self._frame: pygame.Surface | None = None
        """The world drawn at its own scale, when the camera zooms (kept between frames)."""
        self._zoomed = pygame.Surface((1, 1), pygame.SRCALPHA)
        """:attr:`_frame` enlarged by the zoom (kept with it)."""
        self._bubbles: list[tuple[float, float, str]] = []
        """Signs' bubbles of the frame being drawn: where (world-scale view px) and what."""

    def play_again(self, world: World) -> None:
        """Show ``world``, a fresh start of the same level: what was made from the level (its
        images, terrain, tile chunks) is kept, so that a restart does not stall."""
        if world.doc is not self.world.doc:
            raise ValueError("play_again takes a world of the same level")
        self.world = world

    # -- terrain -----------------------------------------------------------------------------

    def _fill(self, material: Material, size: tuple[int, int]) -> pygame.Surface:
        texture = self._images.get(material.texture)
        if texture is not None:
            return tiled(texture, size)
        surf = pygame.Surface(size, pygame.SRCALPHA)
        surf.fill((*sprites.hex_color(material.color), 255))
        return surf

    def _prepare_shape(self, shape: Shape) -> None:
        if shape.hidden:
            return  # an invisible wall: it collides, nothing is drawn
        material = self._materials.get(shape.material, Material(name="", color="#888888"))
        rings = rings_of(shape)
        xs = [x for x, _ in rings[0]]
        ys = [y for _, y in rings[0]]
        x0, y0 = math.floor(min(xs)), math.floor(min(ys))
        # A flat colour's outline is drawn on the shape's last row and column too; a texture
        # ends where the shape does (one more row would start its next repeat: a hairline).
        more = 0 if material.texture in self._images else 1
        w = max(math.ceil(max(xs)) - x0 + more, 1)
        h = max(math.ceil(max(ys)) - y0 + more, 1)
        origin = (float(x0), float(y0))
        if shape.body != "static":
            body = self.world.bodies.get(shape.id)
            if body is not None:
                origin = (float(body.position.x), float(body.position.y))
        if max(w, h) > MAX_SURFACE_SIDE:  # too big to pre-render: flat triangles
            surf = None
        else:
            surf = self._fill(material, (w, h))
            local = [[(x - x0, y - y0) for x, y in ring] for ring in rings]
            cut_out(surf, local)
            if more:  # a texture is the art, outline included
                edge = sprites._shade(sprites.hex_color(material.color), 0.55)
                for ring in local:
                    pygame.draw.lines(surf, edge, True, ring, 2)
            if shape.one_way:
                pygame.draw.line(surf, (255, 255, 255), local[0][0], local[0][1], 2)
        if surf is None:
            surf = pygame.Surface((1, 1), pygame.SRCALPHA)
            for tri in convex_pieces(shape):
                self._flat.append((tri, sprites.hex_color(material.color)))
            return
        if shape.body == "static":
            self._static.append(_Piece(surf, (float(x0), float(y0))))
        else:
            # offset of the surface's top-left from the body's origin, in body space
            self._moving[shape.id] = _Piece(surf, (x0 - origin[0], y0 - origin[1]))

    def _prepare_tiles(self, layer: TileLayer) -> tuple[TileLayer, TileVariants, Cells]:
        """The layer, its tiles cut from the tileset (see :class:`TileVariants`), its cells."""
        sheet = self._images.get(layer.tileset.image)
        tiles = slice_tileset(sheet, layer.tileset) if sheet is not None and layer.visible else []
        cells = tiles_array(layer.data).reshape(layer.rows, layer.columns)
        return layer, TileVariants(tiles, layer.opacity), cells

    def _draw_tiles(self, target: pygame.Surface, camera: Camera) -> None:
        for group in self._tile_groups:
            group.draw(target, camera.x, camera.y)

    # -- drawing -----------------------------------------------------------------------------

    def draw(self, target: pygame.Surface, camera: Camera, poses: dict[int, Pose]) -> None:
        """The world as ``camera`` sees it, then the HUD (and the results card once the
        attempt is over). The camera's view is ``target``'s size. A level smaller than the
        view sits in the middle of a dark surround, and nothing of it is drawn outside its
        bounds. When the camera zooms, the level's layers are drawn at the world's scale and
        enlarged (nearest pixel: pixel art stays crisp); the backdrop, signs' bubbles and the
        HUD are drawn at the screen's."""
        zoom = camera.zoom
        level = self.world.level
        bounds = pygame.Rect(
            round(-camera.x * zoom),
            round(-camera.y * zoom),
            round(level.size.width * zoom),
            round(level.size.height * zoom),
        )
        visible = bounds.clip(target.get_rect())
        if visible != target.get_rect():
            target.fill(OUTSIDE)
        target.fill(sprites.hex_color(level.background.color), visible)
        self._draw_background(target, camera, visible)
        self._bubbles.clear()
        target.set_clip(visible)
        if zoom == 1:
            self._draw_layers(target, camera, poses)
        else:
            w, h = target.get_size()
            size = (-(-w // zoom), -(-h // zoom))
            if self._frame is None or self._frame.get_size() != size:
                self._frame = pygame.Surface(size, pygame.SRCALPHA)
                self._zoomed = pygame.Surface((size[0] * zoom, size[1] * zoom), pygame.SRCALPHA)
            self._frame.fill((0, 0, 0, 0))
            self._draw_layers(self._frame, camera, poses)
            pygame.transform.scale(self._frame, self._zoomed.get_size(), self._zoomed)
            target.blit(self._zoomed, (0, 0))
        target.set_clip(None)
        for x, y, text in self._bubbles:
            self._bubble(target, x * zoom, y * zoom, text)
        self._draw_hud(target)
        if self.world.status is not Status.PLAYING:
            self.draw_results(target)

    def _draw_layers(self, target: pygame.Surface, camera: Camera, poses: dict[int, Pose]) -> None:
        """The level's layers in world pixels, back to front: tiles, decorations behind,
        terrain, entities, the player, decorations in front (signs' bubbles are kept for
        :meth:`draw`)."""
        world = self.world
        self._draw_tiles(target, camera)
        self._draw_decorations(target, camera, front=False)
        cx, cy = camera.x, camera.y
        view = pygame.Rect(0, 0, target.get_width(), target.get_height())
        for piece in self._static:
            pos = (round(piece.offset[0] - cx), round(piece.offset[1] - cy))
            if view.colliderect(pygame.Rect(pos, piece.surface.get_size())):
                target.blit(piece.surface, pos)
        for tri, color in self._flat:
            pygame.draw.polygon(target, color, [(x - cx, y - cy) for x, y in tri])
        for ident, piece in self._moving.items():
            if ident not in poses:
                continue
            x, y, angle = poses[ident]
            self._blit_rotated(target, piece.surface, piece.offset, x - cx, y - cy, angle)
        self._draw_entities(target, camera, poses)
        px, py, _ = poses[0]
        sx, sy = camera.to_screen(px, py)
        sprites.player(target, sx, sy, tuning.WIDTH, tuning.HEIGHT, world.player_state.facing)
        self._draw_decorations(target, camera, front=True)

    def _draw_decorations(self, target: pygame.Surface, camera: Camera, *, front: bool) -> None:
        view = target.get_rect()
        for deco, surf in self._decorations:
            if deco.front is not front:
                continue
            cx = deco.x - camera.x * deco.parallax
            cy = deco.y - camera.y * deco.parallax
            rect = surf.get_rect(center=(round(cx), round(cy)))
            if view.colliderect(rect):
                target.blit(surf, rect)

    def _blit_rotated(
        self,
        target: pygame.Surface,
        surf: pygame.Surface,
        offset: tuple[float, float],
        sx: float,
        sy: float,
        angle: float,
    ) -> None:
        w, h = surf.get_size()
        # the surface's centre in body space, rotated into the world
        ox, oy = offset[0] + w / 2, offset[1] + h / 2
        c, s = math.cos(angle), math.sin(angle)
        center = (sx + ox * c - oy * s, sy + ox * s + oy * c)
        rotated = pygame.transform.rotate(surf, -math.degrees(angle)) if angle else surf
        target.blit(rotated, rotated.get_rect(center=(round(center[0]), round(center[1]))))

    def _draw_background(self, target: pygame.Surface, camera: Camera, area: pygame.Rect) -> None:
        """The backdrop image across ``area`` (the part of the level in view, in screen
        pixels), at that height and at the screen's scale, scrolled by the camera times its
        parallax; repeated across (each copy mirrored, so edges meet their own pixels) where
        it is narrower than the view."""
        bg = self.world.level.background
        img = self._images.get(bg.image)
        if img is None or area.height <= 0 or area.width <= 0:
            return
        vh = area.height
        scale = vh / img.get_height()
        if abs(scale - 1.0) > 0.01:
            key = f"bg{vh}"
            cached = self._images.get(key)
            if cached is None:
                size = (max(1, round(img.get_width() * scale)), vh)
                cached = pygame.transform.smoothscale(img.convert_alpha(), size)
                self._images[key] = cached
            img = cached
        mirror_key = f"bg-mirror{vh}"
        mirrored = self._images.get(mirror_key)
        if mirrored is None:
            mirrored = pygame.transform.flip(img, True, False)
            self._images[mirror_key] = mirrored
        iw = img.get_width()
        offset = max(camera.x, 0.0) * bg.parallax * camera.zoom
        first = int(offset // iw)
        x = area.left + first * iw - offset
        k = first
        target.set_clip(area)
        while x < area.right:
            target.blit(mirrored if k % 2 else img, (round(x), area.top))
            x += iw
            k += 1
        target.set_clip(None)

    def _draw_entities(
        self, target: pygame.Surface, camera: Camera, poses: dict[int, Pose]
    ) -> None:
        world = self.world
        tick = world.tick
        px, py, _ = poses[0]
        for ent in world.level.entities:
            x, y = camera.to_screen(ent.x, ent.y)
            if isinstance(ent, Goal):
                sprites.goal(target, x, y, ent.width, ent.height)
            elif isinstance(ent, Checkpoint):
                sprites.checkpoint(target, x, y, world.respawn_point == (ent.x, ent.y))
            elif isinstance(ent, Collectible):
                if ent.id not in world.collected:
                    sprites.collectible(target, x, y, tick + ent.id * 7)
            elif isinstance(ent, Hazard):
                sprites.hazard(target, x, y, ent.width, ent.height, ent.style)
            elif isinstance(ent, BouncePad):
                sprites.bounce_pad(target, x, y, ent.width, ent.height)
            elif isinstance(ent, Switch):
                sw = world.switches.get(ent.id)
                sprites.switch(target, x, y, ent.width, ent.height, bool(sw and sw.on))
            elif isinstance(ent, Door):
                shape = world.doors.get(ent.id)
                rect = pygame.Rect(0, 0, round(ent.width), round(ent.height))
                rect.center = (round(x), round(y))
                sprites.door(target, rect, bool(shape is not None and shape.sensor))
            elif isinstance(ent, MovingPlatform) and ent.id in poses:
                bx, by, _ = poses[ent.id]
                rect = pygame.Rect(0, 0, round(ent.width), round(ent.height))
                rect.center = (round(bx - camera.x), round(by - camera.y))
                mat = self._materials.get(ent.material)
                color = sprites.hex_color(mat.color) if mat else (150, 120, 90)
                sprites.platform(target, rect, color)
            elif isinstance(ent, Crate) and ent.id in poses:
                bx, by, angle = poses[ent.id]
                img = self._crates[ent.id]
                w, h = img.get_size()
                self._blit_rotated(
                    target, img, (-w / 2, -h / 2), bx - camera.x, by - camera.y, angle
                )
            elif isinstance(ent, Sign):
                sprites.sign(target, x, y)
                if math.dist((px, py), (ent.x, ent.y)) < SIGN_RANGE:
                    self._bubbles.append((x, y - 40, ent.text))

    def _bubble(self, target: pygame.Surface, x: float, y: float, text: str) -> None:
        lines = [self.text.render(line, True, (30, 30, 40)) for line in text.splitlines()[:6]]
        if not lines:
            return
        w = max(s.get_width() for s in lines) + 20
        h = sum(s.get_height() for s in lines) + 14
        box = pygame.Rect(0, 0, w, h)
        box.midbottom = (round(x), round(y))
        box.clamp_ip(target.get_rect())
        pygame.draw.rect(target, BUBBLE, box, border_radius=8)
        pygame.draw.rect(target, (60, 60, 70), box, 2, border_radius=8)
        yy = box.top + 7
        for s in lines:
            target.blit(s, (box.left + 10, yy))
            yy += s.get_height()

    def _draw_hud(self, target: pygame.Surface) -> None:
        world = self.world
        seconds = world.tick / TICK_RATE
        total = sum(1 for e in world.level.entities if isinstance(e, Collectible))
        text = f"{int(seconds // 60)}:{seconds % 60:05.2f}"
        panel = pygame.Rect(12, 10, 330, 38)
        shade = pygame.Surface(panel.size, pygame.SRCALPHA)
        shade.fill((0, 0, 0, 110))
        target.blit(shade, panel)
        target.blit(self.font.render(text, True, (255, 255, 255)), (panel.left + 10, 18))
        sprites.collectible(target, panel.left + 118, 29, 0)
        got = self.font.render(f"{len(world.collected)}/{total}", True, (255, 255, 255))
        target.blit(got, (panel.left + 134, 18))
        for i in range(world.player_state.lives):
            _heart(target, panel.left + 230 + i * 28, 29)
        if self.note:
            img = self.text.render(self.note, True, (255, 255, 255))
            box = img.get_rect(topright=(target.get_width() - 22, 20)).inflate(20, 14)
            shade = pygame.Surface(box.size, pygame.SRCALPHA)
            shade.fill((0, 0, 0, 110))
            target.blit(shade, box)
            target.blit(img, img.get_rect(center=box.center))

    def draw_results(self, target: pygame.Surface) -> None:
        world = self.world
        shade = pygame.Surface(target.get_size(), pygame.SRCALPHA)
        shade.fill((0, 0, 0, 150))
        target.blit(shade, (0, 0))
        title = {
            Status.CLEARED: "Level cleared!",
            Status.DIED: "Out of lives",
            Status.TIMED_OUT: "Time is up",
        }.get(world.status, "Paused")
        w, h = target.get_size()
        img = self.big.render(title, True, (255, 255, 255))
        target.blit(img, img.get_rect(center=(w // 2, h // 2 - 50)))
        seconds = world.tick / TICK_RATE
        detail = (
            f"time {int(seconds // 60)}:{seconds % 60:05.2f}   score {world.score}   "
            f"deaths {world.deaths}"
        )
        img = self.font.render(detail, True, (230, 230, 230))
        target.blit(img, img.get_rect(center=(w // 2, h // 2 + 5)))
        keys = (
            "P resume   R restart   Esc quit"
            if world.status is Status.PLAYING
            else "R restart   Esc quit"
        )
        img = self.small.render(keys, True, (200, 200, 200))
        target.blit(img, img.get_rect(center=(w // 2, h // 2 + 45)))


def _heart(target: pygame.Surface, cx: int, cy: int) -> None:
    red = (230, 50, 70)
    pygame.draw.circle(target, red, (cx - 5, cy - 3), 6)
    pygame.draw.circle(target, red, (cx + 5, cy - 3), 6)
    pygame.draw.polygon(target, red, [(cx - 11, cy - 1), (cx + 11, cy - 1), (cx, cy + 11)])


def poses_of(world: World) -> dict[int, Pose]:
    """The current pose of the player (id 0) and every moving body."""
    out: dict[int, Pose] = {
        0: (world.player.position.x, world.player.position.y, world.player.angle)
    }
    for ident, body in world.bodies.items():
        out[ident] = (body.position.x, body.position.y, body.angle)
    return out


def blend(prev: dict[int, Pose], cur: dict[int, Pose], alpha: float) -> dict[int, Pose]:
    """Poses between two ticks (``alpha`` 0 → ``prev``, 1 → ``cur``)."""
    out: dict[int, Pose] = {}
    for ident, (x1, y1, a1) in cur.items():
        x0, y0, a0 = prev.get(ident, (x1, y1, a1))
        if math.dist((x0, y0), (x1, y1)) > 200:  # a respawn: do not smear across the level
            x0, y0, a0 = x1, y1, a1
        out[ident] = (x0 + (x1 - x0) * alpha, y0 + (y1 - y0) * alpha, a0 + (a1 - a0) * alpha)
    return out
