"""The inspector: the fields of what is selected, edited in place.

One entity: its position and every prop of its kind; one shape: material, body, one-way, and
its point count and area (read only); nothing: the level's size and gravity; several things:
how many, and a Delete button. :func:`fields_of` says which fields (pure, no widgets) and
:func:`command_for` turns what the user typed or chose into the level command that makes it
so; :class:`Inspector` shows them as pygame_gui widgets and applies a change through
``session.apply`` when Enter is pressed, a field loses focus or a drop-down changes. A change
that does not apply leaves the level as it was, says why in the status bar, and the field shows
the level's value again.
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

from editor.picking import split_ids
from editor.session import EditorSession
from engine.document import LevelDocument
from engine.edit import Command
from engine.edit.level import (
    Body,
    DeleteSelection,
    MoveEntity,
    SetEntityProp,
    SetGravity,
    SetShapeBody,
    SetShapeMaterial,
    SetShapeOneWay,
    SetSize,
)
from engine.errors import EditError
from engine.level.entities import Entity
from engine.level.model import Shape
from engine.packed import pack_points, points_array

BODIES: tuple[Body, ...] = ("static", "dynamic", "kinematic")
YES_NO = ("yes", "no")
ROW = 30
"""Height of one field's row, px."""
LABEL_WIDTH = 96


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

    @property
    def key(self) -> str:
        return self.prop


def number(value: float) -> str:
    """``120.0`` as ``"120"``, ``0.5`` as ``"0.5"``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value)


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
    out.append(Field(shape.id, "points", "points", count, editable=False))
    area = number(round(shape_area(shape), 1))
    out.append(Field(shape.id, "area", "area", f"{area} px²", editable=False))
    return out


def fields_of(doc: LevelDocument, selection: frozenset[int]) -> tuple[str, list[Field]]:
    """The inspector's heading and fields for ``selection`` in ``doc``."""
    shapes, entities = split_ids(doc, selection)
    count = len(shapes) + len(entities)
    level = doc.level
    if count == 0:
        return "Level", [
            Field(None, "width", "width", number(level.size.width)),
            Field(None, "height", "height", number(level.size.height)),
            Field(None, "gravity_x", "gravity x", number(level.gravity.x)),
            Field(None, "gravity_y", "gravity y", number(level.gravity.y)),
        ]
    if count > 1:
        return f"{count} selected", []
    if entities:
        ent = next(e for e in level.entities if e.id == entities[0])
        return f"{_kind(ent).capitalize()} {ent.id}", _entity_fields(doc, ent)
    shape = next(s for s in level.shapes if s.id == shapes[0])
    return f"Shape {shape.id}", _shape_fields(doc, shape)


def _float(label: str, text: str) -> float:
    try:
        value = float(text.strip())
    except ValueError:
        raise EditError(f"{label}: {text.strip()!r} is not a number") from None
    if not math.isfinite(value):
        raise EditError(f"{label}: {text.strip()!r} is not a finite number")
    return value


def _int(label: str, text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise EditError(f"{label}: {text.strip()!r} is not a whole number") from None


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
    if target is None:
        size, gravity = level.size, level.gravity
        if prop == "width":
            return SetSize(_float("width", text), size.height)
        if prop == "height":
            return SetSize(size.width, _float("height", text))
        if prop == "gravity_x":
            return SetGravity(_float("gravity x", text), gravity.y)
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
        return SetShapeOneWay(target, text == YES_NO[0])
    ent = next((e for e in level.entities if e.id == target), None)
    if ent is None:
        raise EditError(f"there is no shape or entity {target} any more")
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


class Inspector:
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
        self._widgets: list[UIElement] = []
        self._seen: tuple[LevelDocument, frozenset[int]] | None = None
        self._layout: tuple[object, ...] = ()
        self._focused: str | None = None

    # -- keeping up with the session -----------------------------------------------------------

    def sync(self, session: EditorSession) -> None:
        """Show the fields of the session's selection (only rebuilt when the document or the
        selection changed, and only the rows whose kind changed)."""
        seen = (session.doc, session.selection)
        if self._seen is not None and self._seen[0] is seen[0] and self._seen[1] == seen[1]:
            return
        self._seen = seen
        heading, fields = fields_of(*seen)
        layout = (heading, *((f.target, f.prop, f.options, f.editable) for f in fields))
        if layout != self._layout:
            self._build(heading, fields)
            self._layout = layout
            return
        for field in fields:
            self._show(field, force=False)

    def _build(self, heading: str, fields: list[Field]) -> None:
        for widget in self._widgets:
            widget.kill()  # type: ignore[no-untyped-call]
        self._widgets.clear()
        self.fields, self.entries, self.menus, self.values = {}, {}, {}, {}
        self.delete = None
        self._focused = None
        self.heading.set_text(heading)
        x, y = self.rect.x + 8, self.rect.y + 40
        inner = self.rect.width - 16
        for field in fields:
            self.fields[field.key] = field
            label = UILabel(
                pygame.Rect(x, y, LABEL_WIDTH, ROW - 2),
                field.label,
                self.manager,
                object_id="#field",
            )
            self._widgets.append(label)
            where = pygame.Rect(x + LABEL_WIDTH, y, inner - LABEL_WIDTH, ROW - 2)
            self._widget(field, where)
            y += ROW
        if heading.endswith(" selected"):
            self.delete = UIButton(pygame.Rect(x, y, 120, ROW), "Delete", self.manager)
            self._widgets.append(self.delete)

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
        elif field.key in self.values:
            label = self.values[field.key]
            if label.text != field.value:
                label.set_text(field.value)
        elif field.key in self.menus:
            menu = self.menus[field.key]
            if _chosen(menu) != field.value:
                where = pygame.Rect(menu.relative_rect)
                menu.kill()  # type: ignore[no-untyped-call]
                self._widgets.remove(menu)
                self._widget(field, where)

    @property
    def typing(self) -> bool:
        """Whether a field has the keyboard (canvas shortcuts must leave the keys to it)."""
        return any(entry.is_focused for entry in self.entries.values())

    # -- changes -------------------------------------------------------------------------------

    def check_focus(self, session: EditorSession) -> None:
        """Apply a field the user just left (called after the manager saw each event)."""
        focused = next((k for k, e in self.entries.items() if e.is_focused), None)
        left, self._focused = self._focused, focused
        if left is not None and left != focused and left in self.entries:
            self.change(session, left, self.entries[left].get_text())

    def handle(self, event: pygame.event.Event, session: EditorSession) -> bool:
        """Act on a pygame_gui event from the inspector's widgets; True if it was one."""
        element = getattr(event, "ui_element", None)
        if element is None:
            return False
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED:
            key = next((k for k, e in self.entries.items() if e is element), None)
            if key is not None:
                self.change(session, key, self.entries[key].get_text())
                return True
        elif event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED:
            key = next((k for k, m in self.menus.items() if m is element), None)
            if key is not None:
                self.change(session, key, str(event.text))
                return True
        elif event.type == pygame_gui.UI_BUTTON_PRESSED and element is self.delete:
            shapes, entities = split_ids(session.doc, session.selection)
            if session.apply(DeleteSelection(shapes, entities), merge=False):
                session.selection = frozenset()
            return True
        return False

    def change(self, session: EditorSession, key: str, text: str) -> bool:
        """Set field ``key`` to ``text`` through the session; on failure the status bar says
        why and the field shows the level's value again."""
        field = self.fields.get(key)
        if field is None:
            return False
        try:
            command = command_for(session.doc, field, text)
        except EditError as err:
            session.status = str(err)
            command = None
            applied = False
        else:
            if command is None:
                return False
            applied = session.apply(command, merge=False)
            session.end_drag()
        if not applied:
            self._show(field, force=True)
        return applied


def _chosen(menu: UIDropDownMenu) -> str:
    chosen = menu.selected_option
    return str(chosen[0] if isinstance(chosen, tuple) else chosen)
