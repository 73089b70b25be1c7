"""The canvas tools: select/move, draw a polygon, place an entity, link a switch, paint tiles,
place an image (a decoration).

A tool turns pointer and key events, already in world px (the shell converts them with
``Viewport.to_world``), into commands applied through the session, and says what to draw over
the level while it works (:class:`Preview`). Every change is one undo step: a drag's moves
merge, and each tool ends the merge when the button goes down and up again.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from editor.picking import decoration_ids, nearest_point, pick, pick_rect, split_ids
from editor.session import EditorSession
from editor.viewport import snap
from engine import limits
from engine.document import IMAGE_TYPES, LevelDocument
from engine.edit import Command, Together
from engine.edit.level import (
    AddDecoration,
    AddEntity,
    AddLink,
    AddMaterial,
    AddShape,
    AddTileLayer,
    DeleteSelection,
    FillTiles,
    MoveSelection,
    PaintTiles,
    SetPoint,
)
from engine.edit.level.common import Body
from engine.errors import EditError
from engine.level.entities import (
    ENTITY_TYPES,
    LINK_SOURCES,
    LINK_TARGETS,
    Crate,
    Entity,
    MovingPlatform,
    Sign,
)
from engine.level.model import Decoration, TileLayer, Tileset
from engine.packed import pack_points, points_array, tiles_array
from engine.starter import new_level

CLOSE_DISTANCE = 8.0
"""A click this near (world px) the first point of a polygon being drawn closes it."""
HANDLE_DISTANCE = 8.0
"""A press this near (world px) a point of the one selected shape drags that point."""
PICK_TOLERANCE = 4.0
"""How near (world px) a click must be to a shape's edge to pick it, until ``set_scale``."""
PICK_PX = 6.0
HANDLE_PX = 8.0
CLOSE_PX = 8.0
"""The same three distances in screen px: ``set_scale`` makes them hold at any zoom."""

Point = tuple[float, float]


@dataclass
class Preview:
    """What the canvas draws over the level for the active tool (world px)."""

    points: list[Point] = field(default_factory=list)
    cursor: Point | None = None
    band: tuple[float, float, float, float] | None = None
    line: tuple[float, float, float, float] | None = None
    outline: list[Point] = field(default_factory=list)
    """A closed outline (where the Image tool would put its image)."""


class Tool(Protocol):
    name: str

    def press(self, session: EditorSession, x: float, y: float, *, shift: bool = False) -> None:
        """The left button went down at ``(x, y)``."""

    def drag(self, session: EditorSession, x: float, y: float) -> None:
        """The pointer moved with the button down."""

    def move(self, session: EditorSession, x: float, y: float) -> None:
        """The pointer moved with no button down (hover)."""

    def release(self, session: EditorSession, x: float, y: float) -> None:
        """The button went up."""

    def key(self, session: EditorSession, key: str) -> bool:
        """``"enter"``, ``"escape"``, ``"backspace"`` or ``"delete"``; True if handled."""
        return False

    def preview(self) -> Preview:
        return Preview()

    def set_scale(self, world_per_px: float) -> None:
        """The view shows ``world_per_px`` world px per screen px: pick distances follow."""


def _snapped(session: EditorSession, x: float, y: float) -> Point:
    return snap(x, session.grid), snap(y, session.grid)


def _entity(session: EditorSession, ident: int | None) -> Entity | None:
    if ident is None:
        return None
    return next((e for e in session.doc.level.entities if e.id == ident), None)


def _kind(ent: Entity) -> str:
    return str(type(ent).__struct_config__.tag).replace("_", " ")


def _ring_point(session: EditorSession, shape_id: int, hole: int | None, index: int) -> Point:
    shape = next(s for s in session.doc.level.shapes if s.id == shape_id)
    x, y = points_array(shape.points if hole is None else shape.holes[hole])[index]
    return float(x), float(y)


def _with_material(
    session: EditorSession, wanted: str, make: Callable[[str], Command[LevelDocument]], what: str
) -> tuple[Command[LevelDocument], str, bool]:
    """The command ``make(material)`` adding ``what`` in ``wanted`` (the level's first material
    when it has no such material), the material's name, and whether the command also adds
    that material: a level with none (an imported map) gets the starter level's, in the same
    undo step."""
    names = [m.name for m in session.doc.level.materials]
    material = wanted if wanted in names else (names[0] if names else "")
    if material:
        return make(material), material, False
    default = new_level().level.materials[0]
    return Together((AddMaterial(default), make(default.name)), f"Add {what}"), default.name, True


class SelectTool:
    """Click picks (shift adds or toggles); dragging a selected thing moves the selection;
    dragging on empty space draws a rubber band; with one shape selected, dragging near one of
    its points moves that point; delete removes the selection."""

    name = "select"

    def __init__(self) -> None:
        self.handle_distance = HANDLE_DISTANCE
        self.tolerance = PICK_TOLERANCE
        self._mode = ""  # "" | "move" | "point" | "band"
        self._start: Point = (0.0, 0.0)
        self._moved: Point = (0.0, 0.0)
        self._ids: tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]] = ((), (), ())
        self._point: tuple[int, int | None, int] | None = None  # shape id, hole, index
        self._narrow_to: int | None = None
        self._band: tuple[float, float, float, float] | None = None
        self._band_add = False

    def set_scale(self, world_per_px: float) -> None:
        self.tolerance = PICK_PX * world_per_px
        self.handle_distance = HANDLE_PX * world_per_px

    def press(self, session: EditorSession, x: float, y: float, *, shift: bool = False) -> None:
        session.end_drag()
        self._start, self._moved, self._narrow_to = (x, y), (0.0, 0.0), None
        doc = session.doc
        if not shift and len(session.selection) == 1:
            (only,) = session.selection
            handle = nearest_point(doc, only, x, y, self.handle_distance)
            if handle is not None:
                self._mode, self._point = "point", (only, *handle)
                return
        hit = pick(doc, x, y, tolerance=self.tolerance)
        if hit is None:
            self._mode, self._band, self._band_add = "band", (x, y, x, y), shift
            if not shift:
                session.select(())
            return
        if shift:
            if hit in session.selection:
                session.selection = session.selection - {hit}
                self._mode = ""
                return
            session.select([hit], add=True)
        elif hit not in session.selection:
            session.select([hit])
        else:
            self._narrow_to = hit  # a click without a drag selects only this one
        self._mode = "move"
        self._ids = (*split_ids(doc, session.selection), decoration_ids(doc, session.selection))

    def drag(self, session: EditorSession, x: float, y: float) -> None:
        if self._mode == "move":
            dx = snap(x - self._start[0], session.grid)
            dy = snap(y - self._start[1], session.grid)
            step = (dx - self._moved[0], dy - self._moved[1])
            if step != (0.0, 0.0):
                shapes, entities, decos = self._ids
                if session.apply(MoveSelection(shapes, entities, *step, decos), merge=True):
                    self._moved = (dx, dy)
                    self._narrow_to = None
        elif self._mode == "point" and self._point is not None:
            shape_id, hole, index = self._point
            px, py = _snapped(session, x, y)
            if _ring_point(session, shape_id, hole, index) != (px, py):
                session.apply(SetPoint(shape_id, index, px, py, hole), merge=True)
        elif self._mode == "band":
            self._band = (self._start[0], self._start[1], x, y)

    def move(self, session: EditorSession, x: float, y: float) -> None:
        pass

    def release(self, session: EditorSession, x: float, y: float) -> None:
        if self._mode == "band" and self._band is not None:
            x0, y0 = self._start
            if math.dist((x0, y0), (x, y)) > 0:
                session.select(pick_rect(session.doc, x0, y0, x, y), add=self._band_add)
        elif self._mode == "move" and self._narrow_to is not None:
            session.select([self._narrow_to])
        session.end_drag()
        self._mode, self._band, self._point, self._narrow_to = "", None, None, None

    def key(self, session: EditorSession, key: str) -> bool:
        if key in ("delete", "backspace"):
            shapes, entities = split_ids(session.doc, session.selection)
            decos = decoration_ids(session.doc, session.selection)
            if not shapes and not entities and not decos:
                return False
            if session.apply(DeleteSelection(shapes, entities, decos), merge=False):
                session.selection = frozenset()
            return True
        if key == "escape" and session.selection:
            session.select(())
            return True
        return False

    def preview(self) -> Preview:
        return Preview(band=self._band)


class _PlacesAtCursor:
    """A tool that shows where a click would put a point: the pointer, snapped to the grid,
    followed while it moves or drags; releasing the button does nothing."""

    cursor: Point | None

    def drag(self, session: EditorSession, x: float, y: float) -> None:
        self.cursor = _snapped(session, x, y)

    def move(self, session: EditorSession, x: float, y: float) -> None:
        self.cursor = _snapped(session, x, y)

    def release(self, session: EditorSession, x: float, y: float) -> None:
        pass


class PolygonTool(_PlacesAtCursor):
    """Click adds a (snapped) point; a click within ``CLOSE_DISTANCE`` of the first point, or
    enter, closes the polygon (3 points or more) as a new shape and selects it; backspace drops
    the last point; escape cancels."""

    name = "polygon"

    def __init__(self, material: str = "", body: Body = "static") -> None:
        self.material = material
        self.body: Body = body
        self.points: list[Point] = []
        self.cursor: Point | None = None
        self.close_distance = CLOSE_DISTANCE

    def set_scale(self, world_per_px: float) -> None:
        self.close_distance = CLOSE_PX * world_per_px

    def press(self, session: EditorSession, x: float, y: float, *, shift: bool = False) -> None:
        session.end_drag()
        p = _snapped(session, x, y)
        if len(self.points) >= 3:
            first = self.points[0]
            if math.dist(first, (x, y)) <= self.close_distance or p == first:
                self.close(session)
                return
        if self.points and self.points[-1] == p:
            return  # a double click: one point
        self.points.append(p)
        self.cursor = p
        session.status = f"{len(self.points)} points: click the first point or press Enter to close"

    def close(self, session: EditorSession) -> bool:
        """Add the polygon drawn so far as a shape; False (status says why) when it cannot."""
        if len(self.points) < 3:
            session.status = f"A shape needs at least 3 points, not {len(self.points)}"
            return False
        points, body = list(self.points), self.body
        shape, material, made = _with_material(
            session, self.material, lambda m: AddShape(points, m, body), "shape"
        )
        if not session.apply(shape, merge=False):
            return False
        new_id = session.doc.level.next_id - 1
        session.select([new_id])
        session.status = f"Added shape {new_id} ({len(self.points)} points, {material})"
        if made:
            session.status += f" and its material {material!r}: the level had none"
        self.points = []
        return True

    def key(self, session: EditorSession, key: str) -> bool:
        if not self.points:
            return False
        if key == "enter":
            self.close(session)
        elif key == "backspace":
            self.points.pop()
        elif key == "escape":
            self.points = []
            session.status = "Shape cancelled"
        else:
            return False
        return True

    def preview(self) -> Preview:
        return Preview(points=list(self.points), cursor=self.cursor)


_TYPES: dict[str, type[Any]] = {str(t.__struct_config__.tag): t for t in ENTITY_TYPES}
ENTITY_KINDS: tuple[str, ...] = tuple(_TYPES)
"""The entity types, as the format names them (``"spawn"``, ``"moving_platform"``, ...)."""


def default_entity(kind: str, x: float, y: float, material: str) -> Entity:
    """A new entity of ``kind`` at ``(x, y)`` with the props a player would start from."""
    cls = _TYPES[kind]
    extra: dict[str, Any] = {}
    if cls in (Crate, MovingPlatform):
        extra["material"] = material
    if cls is MovingPlatform:
        extra["path"] = pack_points([(0.0, 0.0), (192.0, 0.0)])
    if cls is Sign:
        extra["text"] = "Hello!"
    ent: Entity = cls(id=0, x=x, y=y, **extra)
    return ent


class EntityTool(_PlacesAtCursor):
    """Click places an entity of ``kind`` (snapped) and selects it."""

    name = "entity"

    def __init__(self, kind: str = "spawn") -> None:
        if kind not in _TYPES:
            raise ValueError(f"unknown entity kind {kind!r}: one of {', '.join(ENTITY_KINDS)}")
        self.kind = kind
        self.cursor: Point | None = None

    def set_scale(self, world_per_px: float) -> None:
        pass  # a click places at the pointer: no distance to scale

    def press(self, session: EditorSession, x: float, y: float, *, shift: bool = False) -> None:
        session.end_drag()
        ex, ey = _snapped(session, x, y)
        kind = self.kind
        if _TYPES[kind] in (Crate, MovingPlatform):
            add, material, made = _with_material(
                session, "", lambda m: AddEntity(default_entity(kind, ex, ey, m)), "entity"
            )
        else:
            add, material, made = AddEntity(default_entity(kind, ex, ey, "")), "", False
        if session.apply(add, merge=False):
            new_id = session.doc.level.next_id - 1
            session.select([new_id])
            session.status = f"Added {kind.replace('_', ' ')} {new_id}"
            if made:
                session.status += f" and its material {material!r}: the level had none"

    def key(self, session: EditorSession, key: str) -> bool:
        return False

    def preview(self) -> Preview:
        return Preview(cursor=self.cursor)


class LinkTool:
    """Click a switch, then a door or moving platform: the switch now drives it. Escape (or a
    click on empty space) lets go of the switch."""

    name = "link"

    def __init__(self) -> None:
        self.source: int | None = None
        self._from: Point | None = None
        self.cursor: Point | None = None
        self.tolerance = PICK_TOLERANCE

    def set_scale(self, world_per_px: float) -> None:
        self.tolerance = PICK_PX * world_per_px

    def press(self, session: EditorSession, x: float, y: float, *, shift: bool = False) -> None:
        session.end_drag()
        hit = pick(session.doc, x, y, tolerance=self.tolerance)
        ent = _entity(session, hit)
        if self.source is None or (ent is not None and isinstance(ent, LINK_SOURCES)):
            if ent is None or not isinstance(ent, LINK_SOURCES):
                what = f"that is a {_kind(ent)}" if ent is not None else "nothing is there"
                session.status = f"Click a switch first ({what}): links go from a switch"
                return
            self.source, self._from, self.cursor = ent.id, (ent.x, ent.y), (x, y)
            session.select([ent.id])
            session.status = f"Switch {ent.id}: now click a door or moving platform"
            return
        if ent is None:
            session.status = "Link cancelled"
            self._reset()
            return
        if not isinstance(ent, LINK_TARGETS):
            session.status = (
                f"A switch drives a door or moving platform, not a {_kind(ent)} "
                f"(entity {ent.id}): click a door or moving platform"
            )
            return
        source = self.source
        if session.apply(AddLink(source, ent.id), merge=False):
            session.status = f"Linked switch {source} to {_kind(ent)} {ent.id}"
            session.select([ent.id])
        self._reset()

    def _reset(self) -> None:
        self.source, self._from = None, None

    def drag(self, session: EditorSession, x: float, y: float) -> None:
        self.cursor = (x, y)

    def move(self, session: EditorSession, x: float, y: float) -> None:
        self.cursor = (x, y)

    def release(self, session: EditorSession, x: float, y: float) -> None:
        pass

    def key(self, session: EditorSession, key: str) -> bool:
        if key == "escape" and self.source is not None:
            self._reset()
            session.status = "Link cancelled"
            return True
        return False

    def preview(self) -> Preview:
        if self._from is None or self.cursor is None:
            return Preview()
        return Preview(line=(*self._from, *self.cursor))


NO_TILE_LAYERS = (
    "This level has no tile layers: choose New tile layer… in the toolbar's layer drop-down"
)
NEW_TILE_SIZE = 32
"""A new tile layer's tile width and height, px (less for a smaller tileset image)."""


def fresh_tile_layer_name(doc: LevelDocument) -> str:
    """A name no tile layer has yet: "tiles 2" for the second one, and so on."""
    names = {t.name for t in doc.level.tile_layers}
    n = len(doc.level.tile_layers) + 1
    while f"tiles {n}" in names:
        n += 1
    return f"tiles {n}"


def new_tile_layer(
    doc: LevelDocument, data: bytes, file_name: str, tile: int = NEW_TILE_SIZE
) -> AddTileLayer:
    """The command adding an empty tile layer over the whole level, its tileset the image file
    ``data`` (``file_name``) cut into ``tile`` px squares (no larger than the image), named
    "tiles N"; ``EditError`` when the file is no readable PNG or JPEG."""
    size = image_size(data)
    if size is None:
        raise EditError(f"{file_name!r} is not a PNG or JPEG image")
    width, height = min(tile, size[0]), min(tile, size[1])
    level_size = doc.level.size
    columns = max(1, math.ceil(level_size.width / width))
    rows = max(1, math.ceil(level_size.height / height))
    tileset = Tileset(
        image="", tile_width=width, tile_height=height, columns=max(1, size[0] // width)
    )
    cells = bytes(4 * columns * rows) if columns * rows <= limits.MAX_TILES else b""
    layer = TileLayer(
        name=fresh_tile_layer_name(doc), tileset=tileset, columns=columns, rows=rows, data=cells
    )
    return AddTileLayer(layer, data, file_name)


def cell_at(layer: TileLayer, x: float, y: float) -> tuple[int, int] | None:
    """The ``(column, row)`` of ``layer`` under the world point ``(x, y)`` (its x/y offset
    counted, parallax not: the editor shows layers as they lie at parallax 1), or None."""
    tw, th = layer.tileset.tile_width, layer.tileset.tile_height
    if tw <= 0 or th <= 0:
        return None
    col, row = math.floor((x - layer.x) / tw), math.floor((y - layer.y) / th)
    if 0 <= col < layer.columns and 0 <= row < layer.rows:
        return col, row
    return None


def _cells_between(a: tuple[int, int], b: tuple[int, int]) -> list[tuple[int, int]]:
    """The cells on the straight line from ``a`` to ``b``, both ends included (a fast drag
    still paints an unbroken stroke)."""
    n = max(abs(b[0] - a[0]), abs(b[1] - a[1]))
    if n == 0:
        return [a]
    return [
        (round(a[0] + (b[0] - a[0]) * k / n), round(a[1] + (b[1] - a[1]) * k / n))
        for k in range(n + 1)
    ]


class TileTool:
    """Click or drag paints the cells under the pointer of tile layer ``layer`` with ``tile``
    (0 erases); a stroke is one undo step (``PaintTiles`` merge). Shift+drag fills the
    rectangle of cells from the press to the release (``FillTiles``: a rectangle, not a flood
    fill); a Shift+click fills the one cell."""

    name = "tiles"

    def __init__(self, layer: int = 0, tile: int = 1) -> None:
        self.layer = layer
        self.tile = tile
        self._last: tuple[int, int] | None = None
        self._rect_from: tuple[int, int] | None = None
        self._rect_to: tuple[int, int] | None = None
        self._hover: tuple[int, int] | None = None
        self._geometry: tuple[float, float, int, int] = (0.0, 0.0, 0, 0)
        """The current layer's x, y, tile width and height (for the preview)."""

    def set_scale(self, world_per_px: float) -> None:
        pass  # cells are picked exactly

    def _layer(self, session: EditorSession) -> TileLayer | None:
        layers = session.doc.level.tile_layers
        if not layers:
            session.status = NO_TILE_LAYERS
            return None
        if not 0 <= self.layer < len(layers):
            self.layer = 0
        layer = layers[self.layer]
        ts = layer.tileset
        self._geometry = (layer.x, layer.y, ts.tile_width, ts.tile_height)
        return layer

    def press(self, session: EditorSession, x: float, y: float, *, shift: bool = False) -> None:
        session.end_drag()
        self._last = self._rect_from = self._rect_to = None
        layer = self._layer(session)
        if layer is None:
            return
        cell = cell_at(layer, x, y)
        if cell is None:
            session.status = (
                f"Outside tile layer {layer.name!r} ({layer.columns} × {layer.rows} cells)"
            )
            return
        if shift:
            self._rect_from = self._rect_to = cell
            return
        self._last = cell
        self._paint(session, layer, [cell])

    def _paint(
        self, session: EditorSession, layer: TileLayer, cells: list[tuple[int, int]]
    ) -> None:
        data = tiles_array(layer.data)
        todo = tuple(
            dict.fromkeys(
                (c, r)
                for c, r in cells
                if 0 <= c < layer.columns
                and 0 <= r < layer.rows
                and int(data[r * layer.columns + c]) != self.tile
            )
        )
        if todo and session.apply(PaintTiles(self.layer, todo, self.tile), merge=True):
            verb = "Erased" if self.tile == 0 else f"Painted tile {self.tile} at"
            col, row = todo[-1]
            session.status = f"{verb} ({col}, {row}) of {layer.name!r}"

    def drag(self, session: EditorSession, x: float, y: float) -> None:
        layers = session.doc.level.tile_layers
        if not 0 <= self.layer < len(layers):
            return
        layer = layers[self.layer]
        cell = cell_at(layer, x, y)
        self._hover = cell
        if self._rect_from is not None:
            if cell is not None:
                self._rect_to = cell
            return
        if cell is None:
            self._last = None  # off the grid: the stroke goes on when it comes back
            return
        if cell == self._last:
            return
        cells = [cell] if self._last is None else _cells_between(self._last, cell)
        self._last = cell
        self._paint(session, layer, cells)

    def move(self, session: EditorSession, x: float, y: float) -> None:
        layers = session.doc.level.tile_layers
        if 0 <= self.layer < len(layers):
            layer = layers[self.layer]
            ts = layer.tileset
            self._geometry = (layer.x, layer.y, ts.tile_width, ts.tile_height)
            self._hover = cell_at(layer, x, y)
        else:
            self._hover = None

    def release(self, session: EditorSession, x: float, y: float) -> None:
        start, end = self._rect_from, self._rect_to
        self._last = self._rect_from = self._rect_to = None
        if start is None or end is None:
            session.end_drag()
            return
        c0, c1 = sorted((start[0], end[0]))
        r0, r1 = sorted((start[1], end[1]))
        fill = FillTiles(self.layer, c0, r0, c1 - c0 + 1, r1 - r0 + 1, self.tile)
        if session.apply(fill, merge=False):
            what = "Cleared" if self.tile == 0 else f"Filled with tile {self.tile}"
            session.status = f"{what}: {c1 - c0 + 1} × {r1 - r0 + 1} cells from ({c0}, {r0})"
        session.end_drag()

    def key(self, session: EditorSession, key: str) -> bool:
        if key == "escape" and self._rect_from is not None:
            self._rect_from = self._rect_to = None
            session.status = "Fill cancelled"
            return True
        return False

    def preview(self) -> Preview:
        lx, ly, tw, th = self._geometry
        if self._rect_from is not None and self._rect_to is not None:
            (a, b), (c, d) = self._rect_from, self._rect_to
            c0, c1, r0, r1 = min(a, c), max(a, c) + 1, min(b, d), max(b, d) + 1
        elif self._hover is not None:
            c0, r0 = self._hover
            c1, r1 = c0 + 1, r0 + 1
        else:
            return Preview()
        return Preview(band=(lx + c0 * tw, ly + r0 * th, lx + c1 * tw, ly + r1 * th))


MAX_NATURAL = 2048.0
"""A new decoration is its image's size in px, shrunk to at most this on its longer side."""
NO_IMAGE = "No image chosen: pick one of the level's images, or Add image…, in the toolbar"


def image_size(data: bytes) -> tuple[int, int] | None:
    """The pixel size of a PNG or JPEG file (None when it is neither, or unreadable)."""
    import io

    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as img:
            if img.format not in ("PNG", "JPEG"):
                return None
            width, height = img.size
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError):
        return None
    return (width, height) if width > 0 and height > 0 else None


def natural_size(width: float, height: float) -> tuple[float, float]:
    """An image's size as a decoration's: 1 image px = 1 world px, at most ``MAX_NATURAL`` on
    the longer side."""
    k = min(1.0, MAX_NATURAL / max(width, height, 1.0))
    return width * k, height * k


def image_assets(doc: LevelDocument) -> list[tuple[str, str]]:
    """The level's image assets as (digest, name), in the document's order."""
    return [(key, a.name or key[:12]) for key, a in doc.assets.items() if a.type in IMAGE_TYPES]


class ImageTool(_PlacesAtCursor):
    """Click places a decoration of the chosen image (``image``: an image asset's digest) at
    its natural size (see :func:`natural_size`), centred on the (snapped) pointer, behind the
    terrain (Shift: in front), and selects it. :meth:`choose_file` chooses a PNG or JPEG file
    instead: the next click embeds it with the decoration, and from then on it is ``image``."""

    name = "image"

    def __init__(self, image: str | None = None) -> None:
        self.image = image
        self.file: tuple[str, bytes, tuple[int, int]] | None = None
        """A file chosen to place next: its name, bytes and pixel size."""
        self.cursor: Point | None = None
        self._size: tuple[float, float] | None = None
        """The size the next decoration would take (for the preview's outline)."""
        self._known: tuple[str, tuple[int, int] | None] = ("", None)

    def set_scale(self, world_per_px: float) -> None:
        pass  # a click places at the pointer: no distance to scale

    def choose(self, image: str | None) -> None:
        """Place the image asset ``image`` from now on (a file chosen before is forgotten)."""
        self.image, self.file = image, None

    def choose_file(self, session: EditorSession, data: bytes, name: str) -> bool:
        """Place the file ``name`` (its bytes ``data``) with the next click; False (status
        says why) when it is no PNG or JPEG image."""
        size = image_size(data)
        if size is None:
            session.status = f"Not added: {name!r} is not a PNG or JPEG image"
            return False
        self.file = (name, data, size)
        session.status = f"{name} ({size[0]} × {size[1]} px): click on the canvas to place it"
        return True

    def _pixels(self, session: EditorSession) -> tuple[int, int] | None:
        if self.file is not None:
            return self.file[2]
        key = self.image or ""
        asset = session.doc.assets.get(key)
        if asset is None or asset.type not in IMAGE_TYPES:
            return None
        if self._known[0] != key:
            self._known = (key, image_size(asset.data))
        return self._known[1]

    def move(self, session: EditorSession, x: float, y: float) -> None:
        self.cursor = _snapped(session, x, y)
        pixels = self._pixels(session)
        self._size = natural_size(*pixels) if pixels is not None else None

    def drag(self, session: EditorSession, x: float, y: float) -> None:
        self.move(session, x, y)

    def press(self, session: EditorSession, x: float, y: float, *, shift: bool = False) -> None:
        session.end_drag()
        pixels = self._pixels(session)
        if pixels is None:
            session.status = NO_IMAGE
            return
        cx, cy = _snapped(session, x, y)
        width, height = natural_size(*pixels)
        deco = Decoration(
            id=0, image=self.image or "", x=cx, y=cy, width=width, height=height, front=shift
        )
        file = self.file
        if file is None:
            command = AddDecoration(deco)
        else:
            command = AddDecoration(deco, image_data=file[1], image_name=file[0])
        if not session.apply(command, merge=False):
            return
        new_id = session.doc.level.next_id - 1
        added = next(d for d in session.doc.level.decorations if d.id == new_id)
        self.image, self.file = added.image, None
        session.select([new_id])
        where = "in front" if shift else "behind the terrain"
        session.status = f"Added decoration {new_id} ({where})"

    def key(self, session: EditorSession, key: str) -> bool:
        return False

    def preview(self) -> Preview:
        if self.cursor is None or self._size is None:
            return Preview(cursor=self.cursor)
        (x, y), (w, h) = self.cursor, self._size
        box = [(x - w / 2, y - h / 2), (x + w / 2, y - h / 2), (x + w / 2, y + h / 2)]
        return Preview(cursor=self.cursor, outline=[*box, (x - w / 2, y + h / 2)])


TOOLS: dict[str, type[Tool]] = {
    "select": SelectTool,
    "polygon": PolygonTool,
    "entity": EntityTool,
    "link": LinkTool,
    "tiles": TileTool,
    "image": ImageTool,
}
"""Every tool by its name (each made with its defaults here; the app passes its options)."""
