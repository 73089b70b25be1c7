"""The design editor's widgets: the toolbar (Undo, Redo, Save, Fit, the garment colour shown),
the side column (the layer list with its buttons, the inspector of the selected layer, the
problems list) and the status bar.

:meth:`SidePanel.action` and :meth:`DesignToolbar.action` turn a pygame_gui event into a plain
string the app acts on (``"add_text"``, ``"undo"``...). The inspector applies its fields
through the session itself: Enter, leaving a field or choosing in a drop-down applies it; a
refused value says why in the status bar and the field shows the layer's value again.
"""

from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.core import UIElement
from pygame_gui.elements import UIButton, UIDropDownMenu, UILabel, UISelectionList, UITextEntryLine

from editor.design.fields import Field, command_for, fields_of
from editor.design.session import DesignSession
from editor.problems import fit
from engine.document import DesignDocument
from engine.errors import EditError

TOOLBAR_HEIGHT = 40
STATUS_HEIGHT = 26
SIDE_WIDTH = 330
ROW = 28
LABEL_WIDTH = 96
LIST_HEIGHT = 150
PROBLEMS_HEIGHT = 150
NO_LAYERS = "(no layers yet)"
NO_PROBLEMS = "No problems"
BUTTONS = (
    (("add_text", "Add text"), ("add_shape", "Add shape"), ("add_image", "Add image")),
    (("delete", "Delete"), ("up", "Up"), ("down", "Down")),
    (("visible", "Show/Hide"), ("locked", "Lock/Unlock"), ("duplicate", "Duplicate")),
)


def status_text(session: DesignSession) -> str:
    """The last message, else how many problems (and the first), else "ready to print"."""
    if session.status:
        return session.status
    problems = session.problems()
    if not problems:
        return "valid and ready to print"
    noun = "problem" if len(problems) == 1 else "problems"
    return f"{len(problems)} {noun}: {problems[0]}"


def layer_label(index: int, session: DesignSession) -> str:
    """A row of the layer list: position (1 at the bottom), name, and hidden/locked."""
    layer = session.doc.design.layers[index]
    flags = [w for w, on in (("hidden", not layer.visible), ("locked", layer.locked)) if on]
    return f"{index + 1}. {layer.name}" + (f"  [{', '.join(flags)}]" if flags else "")


def _chosen(menu: UIDropDownMenu) -> str:
    chosen = menu.selected_option
    return str(chosen[0] if isinstance(chosen, tuple) else chosen)


class DesignToolbar:
    def __init__(
        self, manager: pygame_gui.UIManager, size: tuple[int, int], session: DesignSession
    ) -> None:
        self.manager = manager
        width, height = size
        x = 6
        self.buttons: dict[str, UIButton] = {}
        for name, text in (("undo", "Undo"), ("redo", "Redo"), ("save", "Save"), ("fit", "Fit")):
            self.buttons[name] = UIButton(pygame.Rect(x, 5, 64, 30), text, manager)
            x += 66
        x += 12
        self.color_label = UILabel(pygame.Rect(x, 5, 110, 30), "Garment colour", manager)
        self._color_x = x + 112
        self.colors: tuple[str, ...] = ()
        self.color_menu: UIDropDownMenu | None = None
        self.sync(session)
        self.status = UILabel(
            pygame.Rect(0, height - STATUS_HEIGHT, width, STATUS_HEIGHT),
            "",
            manager,
            object_id="#status",
        )
        self._status_text = ""

    def sync(self, session: DesignSession) -> None:
        """(Re)build the colour drop-down when the design's colours changed."""
        names = tuple(session.colors())
        if names == self.colors and self.color_menu is not None:
            if _chosen(self.color_menu) != session.color and session.color in names:
                self.color_menu.kill()  # type: ignore[no-untyped-call]
                self.color_menu = None
            else:
                return
        if self.color_menu is not None:
            self.color_menu.kill()  # type: ignore[no-untyped-call]
        self.colors = names
        options: list[str | tuple[str, str]] = [*names] or ["(none)"]
        start = session.color if session.color in names else str(options[0])
        self.color_menu = UIDropDownMenu(
            options, start, pygame.Rect(self._color_x, 5, 150, 30), self.manager
        )

    def action(self, event: pygame.event.Event, session: DesignSession) -> str | None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            for name, button in self.buttons.items():
                if event.ui_element is button:
                    return name
        menu_changed = event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED
        if menu_changed and event.ui_element is self.color_menu:
            session.color = str(event.text)
            return "color"
        return None

    def show(self, session: DesignSession) -> None:
        history = session.history
        for name, able in (("undo", history.can_undo), ("redo", history.can_redo)):
            button = self.buttons[name]
            if able and not button.is_enabled:
                button.enable()  # type: ignore[no-untyped-call]
            elif not able and button.is_enabled:
                button.disable()  # type: ignore[no-untyped-call]
        text = status_text(session)
        if text != self._status_text:
            self._status_text = text
            self.status.set_text(text)


class SidePanel:
    """Layers, the selected layer's inspector and the problems, inside ``rect``."""

    def __init__(self, manager: pygame_gui.UIManager, rect: pygame.Rect) -> None:
        self.manager = manager
        self.rect = rect
        x, inner = rect.x + 8, rect.width - 16
        y = rect.y + 4
        UILabel(pygame.Rect(x, y, inner, 24), "Layers", manager, object_id="#heading")
        y += 26
        self._list_rect = pygame.Rect(x, y, inner, LIST_HEIGHT)
        self.layer_list: UISelectionList | None = None
        self.lines: list[str] = []
        self._listed: tuple[tuple[str, ...], str | None] | None = None
        y += LIST_HEIGHT + 4
        self.buttons: dict[str, UIButton] = {}
        width = (inner - 8) // 3
        for row in BUTTONS:
            for k, (name, text) in enumerate(row):
                where = pygame.Rect(x + k * (width + 4), y, width, ROW)
                self.buttons[name] = UIButton(where, text, manager)
            y += ROW + 2
        y += 6
        self.heading = UILabel(pygame.Rect(x, y, inner, 24), "", manager, object_id="#heading")
        y += 26
        self._fields_top = y
        problems_top = rect.bottom - PROBLEMS_HEIGHT
        self.problems_heading = UILabel(
            pygame.Rect(x, problems_top, inner, 24), "Problems", manager, object_id="#heading"
        )
        self.problem_list = UISelectionList(
            pygame.Rect(x, problems_top + 26, inner, PROBLEMS_HEIGHT - 30), [NO_PROBLEMS], manager
        )
        self._problem_lines: list[str | tuple[str, str]] = [NO_PROBLEMS]
        self.problems: list[str] = []
        self._problems_doc: DesignDocument | None = None
        self._font = manager.get_theme().get_font(["@selection_list_item"])
        self.fields: dict[str, Field] = {}
        self.entries: dict[str, UITextEntryLine] = {}
        self.menus: dict[str, UIDropDownMenu] = {}
        self._widgets: list[UIElement] = []
        self._layout: tuple[object, ...] | None = None
        self._seen: tuple[DesignDocument, int | None] | None = None
        self._focused: str | None = None

    # -- keeping up with the session -----------------------------------------------------------

    def sync(self, session: DesignSession) -> None:
        self._sync_layers(session)
        self._sync_fields(session)
        self._sync_problems(session)

    def _sync_layers(self, session: DesignSession) -> None:
        count = len(session.doc.design.layers)
        lines = [layer_label(i, session) for i in range(count - 1, -1, -1)]  # top first
        index = session.selected_index
        chosen = layer_label(index, session) if index is not None else None
        if self._listed == (tuple(lines), chosen) and self.layer_list is not None:
            return
        self._listed = (tuple(lines), chosen)
        self.lines = lines
        if self.layer_list is not None:
            self.layer_list.kill()
        items: list[str | tuple[str, str]] = [*lines] or [NO_LAYERS]
        self.layer_list = UISelectionList(
            self._list_rect, items, self.manager, default_selection=chosen
        )

    def _sync_fields(self, session: DesignSession) -> None:
        seen = (session.doc, session.selected)
        if self._seen is not None and self._seen[0] is seen[0] and self._seen[1] == seen[1]:
            return
        self._seen = seen
        layer = session.selected_layer
        fields = fields_of(layer)
        kind = type(layer).__name__ if layer is not None else ""
        layout = (session.selected, kind, tuple((f.key, f.options) for f in fields))
        if layout != self._layout:
            self._build(layer.name if layer is not None else "", fields, kind)
            self._layout = layout
            return
        for field in fields:
            self._show(field, force=False)

    def _build(self, name: str, fields: list[Field], kind: str) -> None:
        for widget in self._widgets:
            widget.kill()  # type: ignore[no-untyped-call]
        self._widgets.clear()
        self.fields, self.entries, self.menus = {}, {}, {}
        self._focused = None
        what = kind.removesuffix("Layer").lower()
        self.heading.set_text(f"{what.capitalize()} layer" if name else "No layer selected")
        x, y = self.rect.x + 8, self._fields_top
        inner = self.rect.width - 16
        for field in fields:
            self.fields[field.key] = field
            label = UILabel(
                pygame.Rect(x, y, LABEL_WIDTH, ROW - 2), field.label, self.manager,
                object_id="#field",
            )  # fmt: skip
            self._widgets.append(label)
            self._widget(field, pygame.Rect(x + LABEL_WIDTH, y, inner - LABEL_WIDTH, ROW - 2))
            y += ROW

    def _widget(self, field: Field, where: pygame.Rect) -> None:
        widget: UIElement
        if field.options:
            widget = UIDropDownMenu([*field.options], field.value, where, self.manager)
            self.menus[field.key] = widget
        else:
            widget = UITextEntryLine(where, self.manager, initial_text=field.value)
            self.entries[field.key] = widget
        self._widgets.append(widget)

    def _show(self, field: Field, *, force: bool) -> None:
        self.fields[field.key] = field
        if field.key in self.entries:
            entry = self.entries[field.key]
            if entry.get_text() != field.value and (force or not entry.is_focused):
                entry.set_text(field.value)
        elif field.key in self.menus:
            menu = self.menus[field.key]
            if _chosen(menu) != field.value:
                where = pygame.Rect(menu.relative_rect)
                menu.kill()  # type: ignore[no-untyped-call]
                self._widgets.remove(menu)
                self._widget(field, where)

    def _sync_problems(self, session: DesignSession) -> None:
        doc = session.doc
        if doc is self._problems_doc:
            return
        self._problems_doc = doc
        self.problems = session.problems()
        room = self.problem_list.rect.width - 34
        shown: list[str | tuple[str, str]] = [
            fit(p.replace("$.design.", ""), self._font, room) for p in self.problems
        ] or [NO_PROBLEMS]
        count = len(self.problems)
        self.problems_heading.set_text(f"Problems ({count})" if count else "Problems")
        if shown != self._problem_lines:
            self._problem_lines = shown
            self.problem_list.set_item_list(shown)

    @property
    def typing(self) -> bool:
        """Whether a field has the keyboard (the canvas's shortcuts then leave keys alone)."""
        return any(entry.is_focused for entry in self.entries.values())

    # -- events --------------------------------------------------------------------------------

    def check_focus(self, session: DesignSession) -> None:
        """Apply a field the user just left (called after the manager saw each event)."""
        focused = next((k for k, e in self.entries.items() if e.is_focused), None)
        left, self._focused = self._focused, focused
        if left is not None and left != focused and left in self.entries:
            self.change(session, left, self.entries[left].get_text())

    def action(self, event: pygame.event.Event, session: DesignSession) -> str | None:
        """A button's action name; fields and list picks are applied here (``"handled"``)."""
        element = getattr(event, "ui_element", None)
        if element is None:
            return None
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            for name, button in self.buttons.items():
                if element is button:
                    return name
        elif event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED:
            key = next((k for k, e in self.entries.items() if e is element), None)
            if key is not None:
                self.change(session, key, self.entries[key].get_text())
                return "handled"
        elif event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED:
            key = next((k for k, m in self.menus.items() if m is element), None)
            if key is not None:
                self.change(session, key, str(event.text))
                return "handled"
        elif event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION:
            if element is self.layer_list and str(event.text) in self.lines:
                row = self.lines.index(str(event.text))
                session.select(len(self.lines) - 1 - row)
                return "handled"
            if element is self.problem_list:
                line = str(event.text)
                shown = [str(p) for p in self._problem_lines]
                if line in shown and self.problems:
                    session.status = self.problems[shown.index(line)]
                return "handled"
        return None

    def change(self, session: DesignSession, key: str, text: str) -> bool:
        """Set field ``key`` of the selected layer to ``text``; when refused the status bar
        says why and the field shows the layer's value again."""
        field = self.fields.get(key)
        layer, index = session.selected_layer, session.selected_index
        if field is None or layer is None or index is None:
            return False
        try:
            command = command_for(layer, index, key, text)
        except EditError as err:
            session.status = str(err)
            self._show(field, force=True)
            return False
        if command is None:
            self._show(field, force=True)
            return False
        applied = session.apply(command, merge=False)
        session.end_drag()
        if not applied:
            self._show(field, force=True)
        return applied
