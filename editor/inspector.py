"""The inspector: the fields of what is selected, edited in place.

One entity: its position and every prop of its kind; one shape: material, body, one-way, and
its point count and area (read only); one decoration: its image (read only), position, size,
rotation, opacity, parallax, flips and whether it is drawn in front; nothing: the level's size,
gravity and background colour, and under them its materials (a drop-down to choose one, its
name, colour, density, friction and restitution, and Add material / Delete buttons), or with
the Tiles tool active the chosen tile layer's fields (its tileset's tile size and columns too)
and Delete layer / Up (drawn in front of the next) / Down buttons; several things: how many,
and a Delete button.
:func:`fields_of` says which fields (pure, no widgets) and :func:`command_for` turns what the
user typed or chose into the level command that makes it so; :class:`Inspector` shows them as
pygame_gui widgets and applies a change through ``session.apply`` when Enter is pressed, a field
loses focus or a drop-down changes. A change that does not apply, or would make what it edits
invalid (validation's reason: "Not changed: width must be at least 6 px …"), leaves the level
as it was, says why in the status bar, and the field shows the level's value again; after a
change every field shows what the level holds, and Esc leaves a field as it was. Rows shrink
(down to :data:`MIN_ROW`) rather than reach the problems list under the inspector. A colour
field has a swatch beside it that opens a colour picker (:mod:`editor.colour_picker`); its OK
sets the field as typing the colour would.
"""

from __future__ import annotations

import math
import typing
from dataclasses import dataclass
from typing import Any, Literal

import msgspec
import numpy as np
import pygame
import pygame_gui
from pygame_gui.core import UIElement
from pygame_gui.elements import UIButton, UIDropDownMenu, UILabel, UITextEntryLine

from editor import colour_picker
from editor.colour_picker import SWATCH, ColourPicker
from editor.field_panel import FieldPanel
from editor.picking import decoration_ids, split_ids
from editor.session import EditorSession
from editor.values import parse_float as _float
from editor.values import parse_int as _int
from engine.document import LevelDocument
from engine.edit import Command
from engine.edit.level import (
    AddMaterial,
    Body,
    ChangeDecoration,
    ChangeMaterial,
    ChangeTileLayer,
    DeleteMaterial,
    DeleteSelection,
    DeleteTileLayer,
    MoveEntity,
    MoveTileLayer,
    RenameMaterial,
    SetBackground,
    SetEntityProp,
    SetGravity,
    SetShapeBody,
    SetShapeHidden,
    SetShapeMaterial,
    SetShapeOneWay,
    SetSize,
)
from engine.errors import EditError
from engine.level.entities import Entity
from engine.level.model import Decoration, Material, Shape
from engine.packed import pack_points, points_array

BODIES: tuple[Body, ...] = ("static", "dynamic", "kinematic")
YES_NO = ("yes", "no")
ROW = 30
"""Height of one field's row, px (less when that many rows would not fit: see :func:`pitch`)."""
MIN_ROW = 22
"""The least a row may shrink to, px: a text field's line still shows whole."""
TOP = 40
"""Where the first row starts under the inspector's top (below its heading), px."""
BOTTOM_GAP = 8
"""Room left under the last row or button, px: the window draws its divider 4 px above the
problems list, which starts where the inspector's rect ends."""
LABEL_WIDTH = 96
MATERIAL_COLORS = ("#8a8f98", "#b5835a", "#6f9d5a", "#5a86b5", "#b55a6f", "#c9b458")
"""Colours new materials take in turn."""
MATERIAL_FIELDS = (
    ("density", "density"),
    ("friction", "friction"),
    ("restitution", "restitution"),
)


@dataclass(frozen=True)
class Field:
    """One row of the inspector: ``prop`` of ``target`` (an entity or shape id, None for the
    level), shown as ``value``; a drop-down of ``options`` when there are any; text to type
    when ``editable``; otherwise read only."""

    target: int | None
    prop: str
    label: str
    value: str
    options: tuple[str, ...] = ()
    editable: bool = True
    material: str = ""
    """The material a ``material_*`` field of the level belongs to."""
    layer: int = -1
    """The tile layer a ``tile_*`` field belongs to."""
    picker: str = ""
    """The title of the colour picker that sets this field; empty: it is no colour."""

    @property
    def key(self) -> str:
        return self.prop


def number(value: float) -> str:
    """``120.0`` as ``"120"``, ``0.5`` as ``"0.5"``; at most three decimals from 1 on (a
    dragged point's ``1594.0016942449668`` shows as ``"1594.002"``) and six significant digits
    below. A field left as shown changes nothing (only typed text is applied)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float) and math.isfinite(value) and abs(value) >= 1:
        return f"{value:.3f}".rstrip("0").rstrip(".")
    if isinstance(value, float) and math.isfinite(value):
        return f"{value:.6g}"
    return repr(value)


def pitch(room: int, rows: int, extra: int) -> int:
    """The height of a row when ``rows`` of them and ``extra`` px (buttons, gaps) share
    ``room`` px: :data:`ROW`, less when that would run past the bottom (a tile layer's fields
    and buttons would reach into the problems list), never under :data:`MIN_ROW`."""
    if rows == 0:
        return ROW
    return max(MIN_ROW, min(ROW, (room - extra) // rows))


def _kind(ent: Entity) -> str:
    return str(type(ent).__struct_config__.tag).replace("_", " ")


def _path_text(path: bytes) -> str:
    return " ".join(f"{number(float(x))},{number(float(y))}" for x, y in points_array(path))


def _path_length(path: bytes) -> float:
    arr = points_array(path)
    return float(np.hypot(*np.diff(arr, axis=0).T).sum())


def ring_area(points: bytes) -> float:
    """The area enclosed by a packed ring (shoelace), px²."""
    arr = points_array(points)
    if len(arr) < 3:
        return 0.0
    x, y = arr[:, 0], arr[:, 1]
    return abs(float((x * np.roll(y, -1) - y * np.roll(x, -1)).sum())) / 2


def shape_area(shape: Shape) -> float:
    """The outline's area less the holes', px²."""
    return max(ring_area(shape.points) - sum(ring_area(h) for h in shape.holes), 0.0)


def _prop_types(ent: Entity) -> list[tuple[str, Any]]:
    return [
        (f.name, f.type)
        for f in msgspec.structs.fields(type(ent))
        if f.name not in ("id", "x", "y")
    ]


def _base(tp: Any) -> Any:
    """``Annotated[str, ...]`` as ``str``."""
    if typing.get_origin(tp) is typing.Annotated:
        return typing.get_args(tp)[0]
    return tp


def _entity_fields(doc: LevelDocument, ent: Entity) -> list[Field]:
    materials = tuple(m.name for m in doc.level.materials)
    out = [
        Field(ent.id, "x", "x", number(ent.x)),
        Field(ent.id, "y", "y", number(ent.y)),
    ]
    for name, tp in _prop_types(ent):
        value = getattr(ent, name)
        label = name.replace("_", " ")
        base = _base(tp)
        if typing.get_origin(base) is Literal:
            out.append(Field(ent.id, name, label, str(value), tuple(typing.get_args(base))))
        elif base is bool:
            out.append(Field(ent.id, name, label, YES_NO[0] if value else YES_NO[1], YES_NO))
        elif name == "material":
            options = materials if value in materials else (*materials, value)
            out.append(Field(ent.id, name, label, str(value), options))
        elif name == "path":
            out.append(Field(ent.id, name, label, _path_text(value)))
            length = number(round(_path_length(value), 1))
            out.append(Field(ent.id, "path_length", "path length", length, editable=False))
        elif base in (int, float):
            out.append(Field(ent.id, name, label, number(value)))
        else:
            out.append(Field(ent.id, name, label, str(value)))
    return out


def _shape_fields(doc: LevelDocument, shape: Shape) -> list[Field]:
    materials = tuple(m.name for m in doc.level.materials)
    options = materials if shape.material in materials else (*materials, shape.material)
    points = len(points_array(shape.points))
    count = str(points) if not shape.holes else f"{points} + {len(shape.holes)} holes"
    out = [
        Field(shape.id, "material", "material", shape.material, options),
        Field(shape.id, "body", "body", shape.body, BODIES),
    ]
    if hasattr(shape, "one_way"):
        one_way = YES_NO[0] if shape.one_way else YES_NO[1]
        out.append(Field(shape.id, "one_way", "one-way", one_way, YES_NO))
    hidden = YES_NO[0] if shape.hidden else YES_NO[1]
    out.append(Field(shape.id, "hidden", "hidden", hidden, YES_NO))
    out.append(Field(shape.id, "points", "points", count, editable=False))
    area = number(round(shape_area(shape), 1))
    out.append(Field(shape.id, "area", "area", f"{area} px²", editable=False))
    return out


DECORATION_NUMBERS = ("x", "y", "width", "height", "rotation", "opacity", "parallax")
DECORATION_FLAGS = (("flip_x", "flip x"), ("flip_y", "flip y"), ("front", "front"))


def _decoration_fields(doc: LevelDocument, deco: Decoration) -> list[Field]:
    asset = doc.assets.get(deco.image)
    image = asset.name if asset is not None and asset.name else deco.image[:12]
    out = [Field(deco.id, "image", "image", image, editable=False)]
    out += [Field(deco.id, p, p, number(getattr(deco, p))) for p in DECORATION_NUMBERS]
    for prop, label in DECORATION_FLAGS:
        value = YES_NO[0] if getattr(deco, prop) else YES_NO[1]
        out.append(Field(deco.id, prop, label, value, YES_NO))
    return out


def _decoration_command(deco: Decoration, field: Field, text: str) -> Command[Any] | None:
    prop = field.prop
    value: Any
    if prop in DECORATION_NUMBERS:
        value = _float(field.label, text)
    elif prop in dict(DECORATION_FLAGS):
        value = text == YES_NO[0]
    else:
        return None
    if value == getattr(deco, prop):
        return None
    return ChangeDecoration(deco.id, **{prop: value})


def chosen_material(doc: LevelDocument, name: str | None, index: int = 0) -> Material | None:
    """The material named ``name``; else the one at ``index`` (or the last); None without any."""
    materials = doc.level.materials
    found = next((m for m in materials if m.name == name), None)
    if found is not None or not materials:
        return found
    return materials[min(max(index, 0), len(materials) - 1)]


def fresh_material_name(doc: LevelDocument) -> str:
    """A name no material has yet: "material 2" for the second one, and so on."""
    names = {m.name for m in doc.level.materials}
    n = len(names) + 1
    while f"material {n}" in names:
        n += 1
    return f"material {n}"


def _material_fields(doc: LevelDocument, mat: Material | None) -> list[Field]:
    if mat is None:
        return []
    names = tuple(m.name for m in doc.level.materials)
    name = mat.name
    out = [
        Field(None, "materials", "material", name, names, material=name),
        Field(None, "material_name", "name", name, material=name),
        Field(
            None,
            "material_color",
            "colour",
            mat.color,
            material=name,
            picker=f"Material {name!r} colour",
        ),
    ]
    for prop, label in MATERIAL_FIELDS:
        value = number(getattr(mat, prop))
        out.append(Field(None, f"material_{prop}", label, value, material=name))
    return out


def _tile_layer_fields(doc: LevelDocument, index: int) -> tuple[str, list[Field]]:
    layer = doc.level.tile_layers[index]
    materials = ("", *(m.name for m in doc.level.materials))

    def row(prop: str, label: str, value: str, options: tuple[str, ...] = ()) -> Field:
        return Field(None, f"tile_{prop}", label, value, options, layer=index)

    ts = layer.tileset
    asset = doc.assets.get(ts.image)
    image = asset.name if asset is not None and asset.name else ts.image[:12]
    count = len(doc.level.tile_layers)
    where = (
        "" if count == 1 else " (back)" if index == 0 else " (front)" if index == count - 1 else ""
    )
    return f"Tile layer {index + 1} of {count}{where}", [
        row("name", "name", layer.name),
        Field(None, "tile_image", "tileset", image, editable=False),
        row("tile_width", "tile width", str(ts.tile_width)),
        row("tile_height", "tile height", str(ts.tile_height)),
        row("tileset_columns", "tile columns", str(ts.columns)),
        row("tileset_margin", "tile margin", str(ts.margin)),
        row("tileset_spacing", "tile spacing", str(ts.spacing)),
        Field(None, "tile_grid", "grid", f"{layer.columns} × {layer.rows} cells", editable=False),
        row("visible", "visible", YES_NO[0] if layer.visible else YES_NO[1], YES_NO),
        row("opacity", "opacity", number(layer.opacity)),
        row("solid", "solid", YES_NO[0] if layer.solid else YES_NO[1], YES_NO),
        row("material", "material", layer.material, materials),
        row("parallax", "parallax", number(layer.parallax)),
        row("x", "x", number(layer.x)),
        row("y", "y", number(layer.y)),
    ]


def fields_of(
    doc: LevelDocument,
    selection: frozenset[int],
    material: str | None = None,
    index: int = 0,
    tile_layer: int | None = None,
) -> tuple[str, list[Field]]:
    """The inspector's heading and fields for ``selection`` in ``doc``; with nothing selected,
    those of the tile layer ``tile_layer`` (the Tiles tool's) when given, else the level's and
    the material ``material``'s (see :func:`chosen_material`)."""
    shapes, entities = split_ids(doc, selection)
    decos = decoration_ids(doc, selection)
    count = len(shapes) + len(entities) + len(decos)
    level = doc.level
    if count == 0 and tile_layer is not None and 0 <= tile_layer < len(level.tile_layers):
        return _tile_layer_fields(doc, tile_layer)
    if count == 0:
        return "Level", [
            Field(None, "width", "width", number(level.size.width)),
            Field(None, "height", "height", number(level.size.height)),
            Field(None, "gravity_x", "gravity x", number(level.gravity.x)),
            Field(None, "gravity_y", "gravity y", number(level.gravity.y)),
            Field(
                None,
                "background_color",
                "background",
                level.background.color,
                picker="Background colour",
            ),
            *_material_fields(doc, chosen_material(doc, material, index)),
        ]
    if count > 1:
        return f"{count} selected", []
    if entities:
        ent = next(e for e in level.entities if e.id == entities[0])
        return f"{_kind(ent).capitalize()} {ent.id}", _entity_fields(doc, ent)
    if decos:
        deco = next(d for d in level.decorations if d.id == decos[0])
        return f"Decoration {deco.id}", _decoration_fields(doc, deco)
    shape = next(s for s in level.shapes if s.id == shapes[0])
    return f"Shape {shape.id}", _shape_fields(doc, shape)


def _path(text: str) -> list[tuple[float, float]]:
    """``"0,0 192,0"`` as points."""
    points = []
    for pair in text.replace(";", " ").split():
        x, _, y = pair.partition(",")
        points.append((_float("path", x), _float("path", y)))
    return points


def command_for(doc: LevelDocument, field: Field, text: str) -> Command[Any] | None:
    """The command that sets ``field`` to ``text`` (None when it is what the level holds
    already); ``EditError`` when ``text`` is not a value of the field."""
    if not field.editable or text == field.value:
        return None
    level, prop, target = doc.level, field.prop, field.target
    if target is None and prop == "materials":
        return None  # choosing which material to show changes nothing
    if target is None and prop.startswith("material_"):
        return _material_command(doc, field, text)
    if target is None and prop.startswith("tile_"):
        return _tile_layer_command(doc, field, text)
    if target is None:
        size, gravity = level.size, level.gravity
        if prop == "width":
            return SetSize(_float("width", text), size.height)
        if prop == "height":
            return SetSize(size.width, _float("height", text))
        if prop == "gravity_x":
            return SetGravity(_float("gravity x", text), gravity.y)
        if prop == "background_color":
            color = text.strip().lower()
            return None if color == level.background.color else SetBackground(color=color)
        return SetGravity(gravity.x, _float("gravity y", text))
    shape = next((s for s in level.shapes if s.id == target), None)
    if shape is not None:
        if prop == "material":
            return SetShapeMaterial(target, text)
        if prop == "body":
            body: Body | None = next((b for b in BODIES if b == text), None)
            if body is None:
                raise EditError(f"body: {text!r} is not static, dynamic or kinematic")
            return SetShapeBody(target, body)
        if prop == "hidden":
            return SetShapeHidden(target, text == YES_NO[0])
        return SetShapeOneWay(target, text == YES_NO[0])
    deco = next((d for d in level.decorations if d.id == target), None)
    if deco is not None:
        return _decoration_command(deco, field, text)
    ent = next((e for e in level.entities if e.id == target), None)
    if ent is None:
        raise EditError(f"there is no shape, entity or decoration {target} any more")
    if prop in ("x", "y"):
        to = _float(prop, text)
        dx = to - ent.x if prop == "x" else 0.0
        dy = to - ent.y if prop == "y" else 0.0
        return MoveEntity(target, dx, dy)
    base = _base(dict(_prop_types(ent)).get(prop, str))
    value: Any
    if base is bool:
        value = text == YES_NO[0]
    elif prop == "path":
        value = pack_points(_path(text))
    elif base is int:
        value = _int(field.label, text)
    elif base is float:
        value = _float(field.label, text)
    else:
        value = text
    return SetEntityProp(target, prop, value)


def _material_command(doc: LevelDocument, field: Field, text: str) -> Command[Any] | None:
    """The command that sets a property of ``field.material`` (None when the value typed is the
    one it has: "#3366CC" for "#3366cc", "0.90" for 0.9)."""
    name, what = field.material, field.prop.removeprefix("material_")
    mat = next((m for m in doc.level.materials if m.name == name), None)
    if mat is None:
        raise EditError(f"there is no material {name!r} any more")
    if what == "name":
        new = text.strip()
        return None if new == name else RenameMaterial(name, new)
    if what == "color":
        color = text.strip().lower()
        return None if color == mat.color else ChangeMaterial(name, color=color)
    amount = _float(field.label, text)
    if amount == getattr(mat, what):
        return None
    if what == "density":
        return ChangeMaterial(name, density=amount)
    if what == "friction":
        return ChangeMaterial(name, friction=amount)
    return ChangeMaterial(name, restitution=amount)


def object_paths(doc: LevelDocument, field: Field) -> tuple[str, ...]:
    """Where validation reports the problems of what ``field`` edits: its entity, shape,
    decoration, material or tile layer, or the part of the level (size, gravity, background)."""
    level, prop = doc.level, field.prop
    if field.target is not None:
        for name, items in (
            ("entities", level.entities),
            ("shapes", level.shapes),
            ("decorations", level.decorations),
        ):
            index = next((i for i, x in enumerate(items) if x.id == field.target), None)
            if index is not None:
                return (f"$.level.{name}[{index}]",)
        return ()
    if prop.startswith("material_"):
        names = [m.name for m in level.materials]
        return (
            (f"$.level.materials[{names.index(field.material)}]",)
            if field.material in names
            else ()
        )
    if prop.startswith("tile_"):
        return (f"$.level.tile_layers[{field.layer}]",)
    part = "size" if prop in ("width", "height") else prop.partition("_")[0]
    return (f"$.level.{part}",)


def _tile_layer_command(doc: LevelDocument, field: Field, text: str) -> Command[Any] | None:
    what = field.prop.removeprefix("tile_")
    if what in (
        "tile_width",
        "tile_height",
        "tileset_columns",
        "tileset_margin",
        "tileset_spacing",
    ):
        return _tileset_command(doc, field, what, _int(field.label, text))
    if what in ("visible", "solid"):
        flag = text == YES_NO[0]
        if what == "visible":
            return ChangeTileLayer(field.layer, visible=flag)
        return ChangeTileLayer(field.layer, solid=flag)
    if what == "name":
        return ChangeTileLayer(field.layer, name=text.strip())
    if what == "material":
        return ChangeTileLayer(field.layer, material=text)
    amount = _float(field.label, text)
    if what == "opacity":
        return ChangeTileLayer(field.layer, opacity=amount)
    if what == "parallax":
        return ChangeTileLayer(field.layer, parallax=amount)
    if what == "x":
        return ChangeTileLayer(field.layer, x=amount)
    return ChangeTileLayer(field.layer, y=amount)


def _tileset_command(
    doc: LevelDocument, field: Field, what: str, value: int
) -> Command[Any] | None:
    """Re-cut tile layer ``field.layer``'s tileset (tile size, columns, margin, spacing); a new
    tile width also sets the tileset's columns to as many as its image holds."""
    from editor.tools import image_size

    layers = doc.level.tile_layers
    if not 0 <= field.layer < len(layers):
        raise EditError(f"there is no tile layer {field.layer + 1} any more")
    ts = layers[field.layer].tileset
    if what == "tileset_columns":
        return None if value == ts.columns else ChangeTileLayer(field.layer, tileset_columns=value)
    if what == "tileset_margin":
        return None if value == ts.margin else ChangeTileLayer(field.layer, tileset_margin=value)
    if what == "tileset_spacing":
        return None if value == ts.spacing else ChangeTileLayer(field.layer, tileset_spacing=value)
    if what == "tile_height":
        return None if value == ts.tile_height else ChangeTileLayer(field.layer, tile_height=value)
    if value == ts.tile_width:
        return None
    asset = doc.assets.get(ts.image)
    size = image_size(asset.data) if asset is not None else None
    columns = max(1, size[0] // value) if size is not None and value >= 1 else None
    return ChangeTileLayer(field.layer, tile_width=value, tileset_columns=columns)


class Inspector(FieldPanel[EditorSession]):
    """The inspector's widgets inside ``rect`` of the window."""

    def __init__(self, manager: pygame_gui.UIManager, rect: pygame.Rect) -> None:
        self.manager = manager
        self.rect = rect
        self.heading = UILabel(
            pygame.Rect(rect.x + 8, rect.y + 6, rect.width - 16, 26),
            "",
            manager,
            object_id="#heading",
        )
        self.fields: dict[str, Field] = {}
        self.entries: dict[str, UITextEntryLine] = {}
        self.menus: dict[str, UIDropDownMenu] = {}
        self.values: dict[str, UILabel] = {}
        self.delete: UIButton | None = None
        self.add_material: UIButton | None = None
        self.delete_material: UIButton | None = None
        self.delete_layer: UIButton | None = None
        self.layer_up: UIButton | None = None
        self.layer_down: UIButton | None = None
        self.swatches: dict[str, UIButton] = {}
        """The colour fields' swatches, by field key: a click opens the colour picker."""
        self.picker = ColourPicker(manager)
        self.material: str | None = None
        """The material whose fields show when nothing is selected (None: the first)."""
        self.tile_layer: int | None = None
        """The tile layer whose fields show when nothing is selected (the Tiles tool's)."""
        self._layer_choice: int | None = None
        """The tile layer the Tiles tool is to paint on after a move or delete here."""
        self._material_index = 0
        self._widgets: list[UIElement] = []
        self._seen: tuple[LevelDocument, frozenset[int], int | None] | None = None
        self._layout: tuple[object, ...] = ()
        self._focused: str | None = None
        self._validated = []
        self._refresh = False

    # -- keeping up with the session -----------------------------------------------------------

    def sync(self, session: EditorSession) -> None:
        """Show the fields of the session's selection (only rebuilt when the document or the
        selection changed, and only the rows whose kind changed)."""
        seen = (session.doc, session.selection, self.tile_layer)
        if self._seen is not None and self._seen[0] is seen[0] and self._seen[1:] == seen[1:]:
            return
        self._seen = seen
        mat = chosen_material(seen[0], self.material, self._material_index)
        if mat is not None:  # follows a rename undone, and the next one after a delete
            self.material = mat.name
            self._material_index = seen[0].level.materials.index(mat)
        heading, fields = fields_of(
            seen[0], seen[1], self.material, self._material_index, self.tile_layer
        )
        layout = (heading, *(_layout_key(f) for f in fields))
        if layout != self._layout:
            self._build(heading, fields)
            self._layout = layout
        else:
            for field in fields:
                self._show(field, force=self._refresh)
        self._refresh = False
        self._able_layer_buttons(len(seen[0].level.tile_layers))

    def _able_layer_buttons(self, count: int) -> None:
        """Up and Down only where the chosen tile layer can go."""
        index = self.tile_layer if self.tile_layer is not None else -1
        for button, able in (
            (self.layer_up, index + 1 < count),
            (self.layer_down, index > 0),
        ):
            if button is None:
                continue
            if able and not button.is_enabled:
                button.enable()  # type: ignore[no-untyped-call]
            elif not able and button.is_enabled:
                button.disable()  # type: ignore[no-untyped-call]

    def take_layer_choice(self) -> int | None:
        """The tile layer to choose for the Tiles tool after a move or delete here (once)."""
        chosen, self._layer_choice = self._layer_choice, None
        return chosen

    def _build(self, heading: str, fields: list[Field]) -> None:
        for widget in self._widgets:
            widget.kill()  # type: ignore[no-untyped-call]
        self._widgets.clear()
        self.fields, self.entries, self.menus, self.values = {}, {}, {}, {}
        self.swatches = {}
        self.delete = self.add_material = self.delete_material = None
        self.delete_layer = self.layer_up = self.layer_down = None
        self._focused = None
        self.heading.set_text(heading)
        x, y = self.rect.x + 8, self.rect.y + TOP
        inner = self.rect.width - 16
        level = heading == "Level"
        materials_at = next((i for i, f in enumerate(fields) if f.prop == "materials"), None)
        if level and materials_at is None:
            materials_at = len(fields)
        buttons = level or heading.startswith("Tile layer ")
        row = pitch(
            self.rect.height - TOP - BOTTOM_GAP,
            len(fields) + (materials_at is not None),
            (6 if materials_at is not None else 0) + (ROW + 4 if buttons else 0),
        )
        for i, field in enumerate([*fields, None]):
            if i == materials_at:
                y += 6
                section = UILabel(
                    pygame.Rect(x, y, inner, row - 4),
                    "Materials",
                    self.manager,
                    object_id="#heading",
                )
                self._widgets.append(section)
                y += row
            if field is None:
                break
            self.fields[field.key] = field
            label = UILabel(
                pygame.Rect(x, y, LABEL_WIDTH, row - 2),
                field.label,
                self.manager,
                object_id="#field",
            )
            self._widgets.append(label)
            where = pygame.Rect(x + LABEL_WIDTH, y, inner - LABEL_WIDTH, row - 2)
            if field.picker:
                where.width -= SWATCH + 6
                box = pygame.Rect(where.right + 6, y + (row - 2 - SWATCH) // 2, SWATCH, SWATCH)
                self.swatches[field.key] = colour_picker.swatch(box, self.manager, field.value)
                self._widgets.append(self.swatches[field.key])
            self._widget(field, where)
            y += row
        if level:
            self.add_material = UIButton(
                pygame.Rect(x, y + 4, 130, ROW), "Add material", self.manager
            )
            self._widgets.append(self.add_material)
            if "materials" in self.fields:  # there is a material to delete
                self.delete_material = UIButton(
                    pygame.Rect(x + 136, y + 4, 90, ROW), "Delete", self.manager
                )
                self._widgets.append(self.delete_material)
        if heading.endswith(" selected"):
            self.delete = UIButton(pygame.Rect(x, y, 120, ROW), "Delete", self.manager)
            self._widgets.append(self.delete)
        if heading.startswith("Tile layer "):
            self.delete_layer = UIButton(
                pygame.Rect(x, y + 4, 120, ROW), "Delete layer", self.manager
            )
            self.layer_up = UIButton(pygame.Rect(x + 126, y + 4, 64, ROW), "Up", self.manager)
            self.layer_down = UIButton(pygame.Rect(x + 196, y + 4, 64, ROW), "Down", self.manager)
            self._widgets += [self.delete_layer, self.layer_up, self.layer_down]

    def _widget(self, field: Field, where: pygame.Rect) -> None:
        widget: UIElement
        if field.options:
            widget = UIDropDownMenu([*field.options], field.value, where, self.manager)
            self.menus[field.key] = widget
        elif field.editable:
            widget = UITextEntryLine(where, self.manager, initial_text=field.value)
            self.entries[field.key] = widget
        else:
            widget = UILabel(where, field.value, self.manager, object_id="#field")
            self.values[field.key] = widget
        self._widgets.append(widget)

    def _show(self, field: Field, *, force: bool) -> None:
        """Bring one row's widget in line with ``field`` (a focused entry keeps what is being
        typed unless ``force``)."""
        self.fields[field.key] = field
        if field.key in self.entries:
            entry = self.entries[field.key]
            if entry.get_text() != field.value and (force or not entry.is_focused):
                entry.set_text(field.value)
            if field.key in self.swatches:
                colour_picker.show(self.swatches[field.key], field.value)
        elif field.key in self.values:
            label = self.values[field.key]
            if label.text != field.value:
                label.set_text(field.value)
        elif field.key in self.menus:
            menu = self.menus[field.key]
            if _chosen(menu) != field.value or options_of(menu) != field.options:
                where = pygame.Rect(menu.relative_rect)
                menu.kill()  # type: ignore[no-untyped-call]
                self._widgets.remove(menu)
                self._widget(field, where)

    # -- changes -------------------------------------------------------------------------------

    def handle(self, event: pygame.event.Event, session: EditorSession) -> bool:
        """Act on a pygame_gui event from the inspector's widgets; True if it was one."""
        if self.escape(event):
            return True
        element = getattr(event, "ui_element", None)
        if element is None:
            return False
        picked = self.picker.picked(event)
        if picked is not None:
            self.change(session, *picked)
            return True
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED:
            key = next((k for k, e in self.entries.items() if e is element), None)
            if key is not None:
                self.entered(session, key)
                return True
        elif event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED:
            key = next((k for k, m in self.menus.items() if m is element), None)
            if key == "materials":
                self.choose_material(str(event.text))
                return True
            if key is not None:
                self.change(session, key, str(event.text))
                return True
        elif event.type == pygame_gui.UI_BUTTON_PRESSED and self.picker.clicked(
            element, self.swatches, self.fields
        ):
            return True
        elif event.type == pygame_gui.UI_BUTTON_PRESSED and element is self.add_material:
            self.new_material(session)
            return True
        elif event.type == pygame_gui.UI_BUTTON_PRESSED and element is self.delete_material:
            if self.material is not None:
                session.apply(DeleteMaterial(self.material), merge=False)
            return True
        elif event.type == pygame_gui.UI_BUTTON_PRESSED and element in self._layer_buttons():
            self.layer_button(session, element)
            return True
        elif event.type == pygame_gui.UI_BUTTON_PRESSED and element is self.delete:
            shapes, entities = split_ids(session.doc, session.selection)
            decos = decoration_ids(session.doc, session.selection)
            if session.apply(DeleteSelection(shapes, entities, decos), merge=False):
                session.selection = frozenset()
            return True
        return False

    def _layer_buttons(self) -> list[UIButton]:
        return [b for b in (self.delete_layer, self.layer_up, self.layer_down) if b is not None]

    def layer_button(self, session: EditorSession, button: object) -> bool:
        """Delete the shown tile layer, or draw it one place further front (Up) or back
        (Down); the Tiles tool then paints on it (after a delete: on the one before it)."""
        index = self.tile_layer
        if index is None:
            return False
        command: Command[Any]
        if button is self.delete_layer:
            command, after = DeleteTileLayer(index), max(index - 1, 0)
        else:
            to = index + 1 if button is self.layer_up else index - 1
            command, after = MoveTileLayer(index, to), to
        if not session.apply(command, merge=False):
            return False
        session.end_drag()
        self._layer_choice = after
        self.tile_layer = after
        return True

    def choose_material(self, name: str) -> None:
        """Show the fields of the material ``name``."""
        self.material = name
        self._seen = None  # the document is the same; the fields are not

    def new_material(self, session: EditorSession) -> bool:
        """Add a material with a fresh name and default properties, and show it."""
        doc = session.doc
        name = fresh_material_name(doc)
        color = MATERIAL_COLORS[len(doc.level.materials) % len(MATERIAL_COLORS)]
        if not session.apply(AddMaterial(Material(name=name, color=color)), merge=False):
            return False
        self.choose_material(name)
        return True

    def change(self, session: EditorSession, key: str, text: str) -> bool:
        """Set field ``key`` to ``text`` through the session; refused (the status bar says why,
        the field shows the level's value again) when it is no value of the field, or the edit
        would make what it edits invalid."""
        field = self.fields.get(key)
        if field is None:
            return False
        try:
            command = command_for(session.doc, field, text)
            if command is not None:
                self.check(session.doc, command, object_paths(session.doc, field))
        except EditError as err:
            session.status = str(err)
            self._show(field, force=True)
            return False
        if command is None:  # what it holds already, perhaps typed otherwise ("#3366CC")
            self._show(field, force=True)
            return False
        applied = session.apply(command, merge=False)
        session.end_drag()
        if not applied:
            self._show(field, force=True)
            return False
        self._refresh = True
        if key == "material_name":
            self.choose_material(text.strip())
        return True


def _layout_key(field: Field) -> tuple[object, ...]:
    """What about ``field`` takes new widgets when it changes (the material drop-down follows
    names added, renamed and deleted in place: rebuilding the panel would take the keyboard
    from the field being typed in)."""
    options: object = bool(field.options) if field.prop == "materials" else field.options
    return (field.target, field.prop, options, field.editable)


def options_of(menu: UIDropDownMenu) -> tuple[str, ...]:
    """The texts of a drop-down's options (pygame_gui keeps them as (text, id) pairs)."""
    return tuple(str(o[0] if isinstance(o, tuple) else o) for o in menu.options_list)


def _chosen(menu: UIDropDownMenu) -> str:
    chosen = menu.selected_option
    return str(chosen[0] if isinstance(chosen, tuple) else chosen)
