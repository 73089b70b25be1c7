"""The design editor's widgets: the toolbar (Undo, Redo, Save, Fit, the garment colour shown,
Publish), the side column and the status bar.

The side column has two pages, chosen by the tabs at its top: **Layers** (the layer list with
its buttons and the inspector of the selected layer) and **Garment** (style, print area size,
dpi and safe margin, and the colours offered with Add, Remove and Up; the chosen colour's name
and value are fields). The problems list is under both; clicking a problem that names a layer
selects it. A colour field has a swatch beside it that opens a colour picker
(:mod:`editor.colour_picker`); its OK sets the field as typing the colour would.

:meth:`SidePanel.action` and :meth:`DesignToolbar.action` turn a pygame_gui event into a plain
string the app acts on (``"add_text"``, ``"undo"``, ``"add_font"``...). Fields are applied
through the session by the panel itself: Enter, leaving a field or choosing in a drop-down
applies it; a value that is no value of the field, or would make the layer, garment or print
area invalid (validation's reason: "Not changed: text must not be empty"), is refused: the
status bar says why and the field shows the value again. After a change every field shows what
the design holds; Esc leaves a field as it was; a button that can do nothing is disabled.
"""

from __future__ import annotations

from typing import Any

import pygame
import pygame_gui
from pygame_gui.core import UIElement
from pygame_gui.elements import UIButton, UIDropDownMenu, UILabel, UISelectionList, UITextEntryLine

from editor import colour_picker
from editor.colour_picker import SWATCH, ColourPicker
from editor.design.fields import (
    ADD_FONT,
    Field,
    command_for,
    fields_of,
    garment_command,
    garment_fields,
    typed_color,
)
from editor.design.session import DesignSession
from editor.field_panel import FieldPanel
from editor.panels import STATUS_HEIGHT as STATUS_HEIGHT
from editor.panels import TOOLBAR_HEIGHT as TOOLBAR_HEIGHT
from editor.problem_words import design_words, list_lines, reworded
from editor.problems import clicked_line
from engine.document import DesignDocument
from engine.edit import Command
from engine.edit.design import RecolorGarmentColor, RenameGarmentColor
from engine.errors import EditError

SIDE_WIDTH = 330
ROW = 28
LABEL_WIDTH = 96
HALF_LABEL_WIDTH = 70
COLOUR_LABEL_WIDTH = 58
"""A half-row colour field's label: narrower, for "#rrggbb" to show in full beside its swatch."""
SWATCH_GAP = 4
"""Room between a colour field and its swatch, px."""
TAB_HEIGHT = 28
COLOR_LIST_HEIGHT = 124
PUBLISH_WIDTH = 84
LIST_HEIGHT = 124
PROBLEMS_HEIGHT = 150
NO_LAYERS = "(no layers yet)"
NO_PROBLEMS = "No problems"
BUTTONS = (
    (("add_text", "Add text"), ("add_shape", "Add shape"), ("add_image", "Add image")),
    (("delete", "Delete"), ("up", "Up"), ("down", "Down")),
    (("visible", "Show/Hide"), ("locked", "Lock/Unlock"), ("duplicate", "Duplicate")),
)
COLOR_BUTTONS = (("add_color", "Add"), ("remove_color", "Remove"), ("color_up", "Up"))
PAGES = (("layers", "Layers"), ("garment", "Garment"))


def status_text(session: DesignSession) -> str:
    """The last message, else how many problems (and the first), else "ready to print"; in
    the editor's words, as the problems list says them."""
    doc = session.doc
    if session.status:
        return reworded(session.status, lambda text: design_words(doc, text))
    problems = session.problems()
    if not problems:
        return "valid and ready to print"
    noun = "problem" if len(problems) == 1 else "problems"
    return f"{len(problems)} {noun}: {design_words(doc, problems[0])}"


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
        self.buttons["publish"] = UIButton(
            pygame.Rect(width - PUBLISH_WIDTH - 6, 5, PUBLISH_WIDTH, 30), "Publish", manager
        )
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


def color_label(index: int, session: DesignSession) -> str:
    """A row of the colour list: position, name and value (the first is the default)."""
    gc = session.doc.design.garment.colors[index]
    return f"{index + 1}. {gc.name}  {gc.color}" + ("  (default)" if index == 0 else "")


class SidePanel(FieldPanel[DesignSession]):
    """The Layers and Garment pages and the problems, inside ``rect``."""

    def __init__(self, manager: pygame_gui.UIManager, rect: pygame.Rect) -> None:
        self.manager = manager
        self.rect = rect
        x, inner = rect.x + 8, rect.width - 16
        y = rect.y + 4
        self.tabs: dict[str, UIButton] = {}
        width = (inner - 4) // 2
        for k, (name, text) in enumerate(PAGES):
            where = pygame.Rect(x + k * (width + 4), y, width, TAB_HEIGHT)
            self.tabs[name] = UIButton(where, text, manager)
        self._top = y + TAB_HEIGHT + 6
        problems_top = rect.bottom - PROBLEMS_HEIGHT
        self.problems_heading = UILabel(
            pygame.Rect(x, problems_top, inner, 24), "Problems", manager, object_id="#heading"
        )
        self.problem_list = UISelectionList(
            pygame.Rect(x, problems_top + 26, inner, PROBLEMS_HEIGHT - 30), [NO_PROBLEMS], manager
        )
        self._problem_lines: list[str | tuple[str, str]] = [NO_PROBLEMS]
        self.problems: list[str] = []
        """Each problem listed as the session gives it (``problem_words``: as shown)."""
        self.problem_words: list[str] = []
        self._problem_owners: dict[str, int] = {}
        self._problems_doc: DesignDocument | None = None
        self._font = manager.get_theme().get_font(["@selection_list_item"])
        self.page = ""
        self._page_widgets: list[UIElement] = []
        self.layer_list: UISelectionList | None = None
        self.color_list: UISelectionList | None = None
        self.lines: list[str] = []
        self.color_lines: list[str] = []
        self._listed: tuple[object, ...] | None = None
        self.buttons: dict[str, UIButton] = {}
        self.heading = UILabel(pygame.Rect(x, y, inner, 24), "", manager, object_id="#heading")
        self._fields_top = self._top
        self.fields: dict[str, Field] = {}
        self.entries: dict[str, UITextEntryLine] = {}
        self.menus: dict[str, UIDropDownMenu] = {}
        self.swatches: dict[str, UIButton] = {}
        """The colour fields' swatches, by field key: a click opens the colour picker."""
        self.picker = ColourPicker(manager)
        self._widgets: list[UIElement] = []
        self._layout: tuple[object, ...] | None = None
        self._seen: tuple[object, ...] | None = None
        self._focused: str | None = None
        self._validated = []
        self._refresh = False
        self.open("layers")

    # -- the pages -------------------------------------------------------------------------------

    def open(self, page: str) -> None:
        """Show the ``"layers"`` or the ``"garment"`` page."""
        if page == self.page:
            return
        self._clear_fields()
        for widget in self._page_widgets:
            widget.kill()  # type: ignore[no-untyped-call]
        self._page_widgets.clear()
        self.layer_list = self.color_list = None
        self._listed = self._layout = self._seen = None
        self.buttons = {}
        self.page = page
        for name, tab in self.tabs.items():
            tab.select() if name == page else tab.unselect()  # type: ignore[no-untyped-call]
        x, inner = self.rect.x + 8, self.rect.width - 16
        y = self._top
        if page == "layers":
            self._list_rect = pygame.Rect(x, y, inner, LIST_HEIGHT)
            y += LIST_HEIGHT + 4
            y = self._button_rows(BUTTONS, y) + 6
            self.heading.set_relative_position((x, y))
            y += 26
        else:
            self.heading.set_relative_position((x, y))
            self.heading.set_text("Garment and print area")
            y += 26 + 3 * ROW + 6  # style, width/height, dpi/margin; then the colours
            label = UILabel(
                pygame.Rect(x, y, inner, 24), "Colours (the first is the default)",
                self.manager, object_id="#heading",
            )  # fmt: skip
            self._page_widgets.append(label)
            y += 26
            self._list_rect = pygame.Rect(x, y, inner, COLOR_LIST_HEIGHT)
            y += COLOR_LIST_HEIGHT + 4
            y = self._button_rows((COLOR_BUTTONS,), y) + 2
        self._fields_top = y

    def _button_rows(self, rows: tuple[tuple[tuple[str, str], ...], ...], y: int) -> int:
        x, inner = self.rect.x + 8, self.rect.width - 16
        width = (inner - 8) // 3
        for row in rows:
            for k, (name, text) in enumerate(row):
                where = pygame.Rect(x + k * (width + 4), y, width, ROW)
                self.buttons[name] = button = UIButton(where, text, self.manager)
                self._page_widgets.append(button)
            y += ROW + 2
        return y

    # -- keeping up with the session -----------------------------------------------------------

    def sync(self, session: DesignSession) -> None:
        if self.page == "layers":
            self._sync_layers(session)
            self._sync_fields(session)
        else:
            self._sync_colors(session)
            self._sync_garment(session)
        self._able_buttons(session)
        self._sync_problems(session)

    def _list(self, lines: list[str], chosen: str | None, empty: str) -> UISelectionList:
        items: list[str | tuple[str, str]] = [*lines] or [empty]
        made = UISelectionList(self._list_rect, items, self.manager, default_selection=chosen)
        self._page_widgets.append(made)
        return made

    def _drop(self, widget: UIElement | None) -> None:
        if widget is not None:
            widget.kill()  # type: ignore[no-untyped-call]
            if widget in self._page_widgets:
                self._page_widgets.remove(widget)

    def _sync_layers(self, session: DesignSession) -> None:
        count = len(session.doc.design.layers)
        lines = [layer_label(i, session) for i in range(count - 1, -1, -1)]  # top first
        index = session.selected_index
        chosen = layer_label(index, session) if index is not None else None
        if self._listed == (tuple(lines), chosen) and self.layer_list is not None:
            return
        self._listed = (tuple(lines), chosen)
        self.lines = lines
        self._drop(self.layer_list)
        self.layer_list = self._list(lines, chosen, NO_LAYERS)

    def _sync_colors(self, session: DesignSession) -> None:
        count = len(session.colors())
        lines = [color_label(i, session) for i in range(count)]
        index = session.color_index
        chosen = lines[index] if 0 <= index < count else None
        if self._listed == (tuple(lines), chosen) and self.color_list is not None:
            return
        self._listed = (tuple(lines), chosen)
        self.color_lines = lines
        self._drop(self.color_list)
        self.color_list = self._list(lines, chosen, "(no colours)")

    def _garment_fields(self, session: DesignSession) -> list[Field]:
        fields = garment_fields(session.doc.design)
        colors = session.doc.design.garment.colors
        if 0 <= session.color_index < len(colors):
            gc = colors[session.color_index]
            fields += [
                Field("color_name", "Name", gc.name, half=True),
                Field(
                    "color_value",
                    "Colour",
                    gc.color,
                    half=True,
                    picker=f"Garment colour {gc.name!r}",
                ),
            ]
        return fields

    def _sync_garment(self, session: DesignSession) -> None:
        seen = (session.doc, session.color_index)
        if self._seen is not None and self._seen[0] is seen[0] and self._seen[1] == seen[1]:
            return
        self._seen = seen
        fields = self._garment_fields(session)
        layout = ("garment", tuple((f.key, f.options) for f in fields))
        if layout != self._layout:
            self._build(fields, garment=True)
            self._layout = layout
            return
        self._show_all(fields)

    def _sync_fields(self, session: DesignSession) -> None:
        seen = (session.doc, session.selected)
        if self._seen is not None and self._seen[0] is seen[0] and self._seen[1] == seen[1]:
            return
        self._seen = seen
        layer = session.selected_layer
        fields = fields_of(layer, session.doc.assets)
        kind = type(layer).__name__ if layer is not None else ""
        layout = (session.selected, kind, tuple((f.key, f.options) for f in fields))
        if layout != self._layout:
            what = kind.removesuffix("Layer").lower()
            self.heading.set_text(f"{what.capitalize()} layer" if layer else "No layer selected")
            self._build(fields)
            self._layout = layout
            return
        self._show_all(fields)

    def _show_all(self, fields: list[Field]) -> None:
        """Bring every row in line with the document (after an accepted edit a focused text
        field too; otherwise it keeps what is being typed)."""
        refresh, self._refresh = self._refresh, False
        for field in fields:
            self._show(field, force=refresh and field.key in self.entries)

    def _able_buttons(self, session: DesignSession) -> None:
        """Only the buttons that can do something are enabled: the layer buttons need a layer
        selected (Up and Down room to move it), Remove a second colour, Up a colour below
        the first."""
        layer, count = session.selected_index, len(session.doc.design.layers)
        colour, colours = session.color_index, len(session.colors())
        able = {
            "delete": layer is not None,
            "duplicate": layer is not None,
            "visible": layer is not None,
            "locked": layer is not None,
            "up": layer is not None and layer + 1 < count,
            "down": layer is not None and layer > 0,
            "remove_color": colours > 1,
            "color_up": 0 < colour < colours,
        }
        for name, button in self.buttons.items():
            on = able.get(name, True)
            if on and not button.is_enabled:
                button.enable()  # type: ignore[no-untyped-call]
            elif not on and button.is_enabled:
                button.disable()  # type: ignore[no-untyped-call]

    def _clear_fields(self) -> None:
        for widget in self._widgets:
            widget.kill()  # type: ignore[no-untyped-call]
        self._widgets.clear()
        self.fields, self.entries, self.menus, self.swatches = {}, {}, {}, {}
        self._focused = None
        self._refresh = False  # new fields show the document's values

    def _build(self, fields: list[Field], *, garment: bool = False) -> None:
        """Lay ``fields`` out in rows (two ``half`` ones share a row); the garment page's first
        three rows go above its colour list, the chosen colour's fields under it."""
        self._clear_fields()
        x, inner = self.rect.x + 8, self.rect.width - 16
        y = self._fields_top if not garment else self.heading.relative_rect.bottom + 2
        column = 0
        half = (inner - 6) // 2
        for field in fields:
            if garment and field.key == "color_name":
                y, column = self._fields_top, 0
            self.fields[field.key] = field
            if field.half:
                left = x + column * (half + 6)
                room = COLOUR_LABEL_WIDTH if field.picker else HALF_LABEL_WIDTH
                label_rect = pygame.Rect(left, y, room, ROW - 2)
                where = pygame.Rect(left + room, y, half - room, ROW - 2)
            else:
                if column:
                    y += ROW
                column = 0
                label_rect = pygame.Rect(x, y, LABEL_WIDTH, ROW - 2)
                where = pygame.Rect(x + LABEL_WIDTH, y, inner - LABEL_WIDTH, ROW - 2)
            label = UILabel(label_rect, field.label, self.manager, object_id="#field")
            self._widgets.append(label)
            if field.picker:
                self._swatch(field, where)
            self._widget(field, where)
            if field.half and column == 0:
                column = 1
            else:
                column = 0
                y += ROW

    def _swatch(self, field: Field, where: pygame.Rect) -> None:
        """A swatch of ``field``'s colour at the right end of ``where``, which shrinks to leave
        it room."""
        where.width -= SWATCH + SWATCH_GAP
        box = pygame.Rect(
            where.right + SWATCH_GAP, where.y + (where.height - SWATCH) // 2, SWATCH, SWATCH
        )
        self.swatches[field.key] = colour_picker.swatch(box, self.manager, field.value)
        self._widgets.append(self.swatches[field.key])

    def _widget(self, field: Field, where: pygame.Rect) -> None:
        widget: UIElement
        if field.options:
            options: list[str | tuple[str, str]] = [*field.options]
            start = field.value if field.value in field.options else field.options[0]
            widget = UIDropDownMenu(options, start, where, self.manager)
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
            if field.key in self.swatches:
                colour_picker.show(self.swatches[field.key], field.value)
        elif field.key in self.menus:
            menu = self.menus[field.key]
            if _chosen(menu) != field.value or force:
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
        self.problem_words = [str(design_words(doc, p)) for p in self.problems]
        room = self.problem_list.rect.width - 34
        lines, owners = list_lines(self.problem_words, self._font, room)
        self._problem_owners = {
            line: i for line, i in zip(lines, owners, strict=True) if i is not None
        }
        shown: list[str | tuple[str, str]] = [*lines] or [NO_PROBLEMS]
        count = len(self.problems)
        self.problems_heading.set_text(f"Problems ({count})" if count else "Problems")
        if shown != self._problem_lines:
            self._problem_lines = shown
            self.problem_list.set_item_list(shown)

    # -- events --------------------------------------------------------------------------------

    def action(self, event: pygame.event.Event, session: DesignSession) -> str | None:
        """A button's action name; fields and list picks are applied here (``"handled"``);
        ``"add_font"`` when "Add font…" was chosen."""
        if self.escape(event):
            return "handled"
        element = getattr(event, "ui_element", None)
        if element is None:
            return None
        picked = self.picker.picked(event)
        if picked is not None:
            self.change(session, *picked)
            return "handled"
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            for name, tab in self.tabs.items():
                if element is tab:
                    self.open(name)
                    return "handled"
            for name, button in self.buttons.items():
                if element is button:
                    return name
            if self.picker.clicked(element, self.swatches, self.fields):
                return "handled"
        elif event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED:
            key = next((k for k, e in self.entries.items() if e is element), None)
            if key is not None:
                self.entered(session, key)
                return "handled"
        elif event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED:
            key = next((k for k, m in self.menus.items() if m is element), None)
            if key is not None:
                if key == "font" and str(event.text) == ADD_FONT:
                    self._show(self.fields[key], force=True)
                    return "add_font"
                self.change(session, key, str(event.text))
                return "handled"
        elif event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION:
            return self._picked(element, str(event.text), session)
        line = clicked_line(event, self.problem_list)  # a problem chosen again: still a click
        return None if line is None else self._picked(element, line, session)

    def _picked(self, element: object, text: str, session: DesignSession) -> str | None:
        if element is self.layer_list and text in self.lines:
            row = self.lines.index(text)
            session.select(len(self.lines) - 1 - row)
            return "handled"
        if element is self.color_list and text in self.color_lines:
            session.color_index = self.color_lines.index(text)
            session.color = session.colors()[session.color_index]  # the canvas shows it
            return "handled"
        if element is self.problem_list:
            index = self._problem_owners.get(text)
            if index is not None and session.select_problem(self.problems[index]):
                self.open("layers")
            if index is not None:
                session.status = self.problem_words[index]
            return "handled"
        return None

    def change(self, session: DesignSession, key: str, text: str) -> bool:
        """Set field ``key`` (of the selected layer, or the garment's) to ``text``; refused
        (the status bar says why, the field shows the value again) when it is no value of the
        field, or the edit would make what it edits invalid."""
        field = self.fields.get(key)
        if field is None:
            return False
        try:
            command = self._command(session, key, text)
            if command is not None:
                self.check(session.doc, command, self._paths(session, key))
        except EditError as err:
            session.status = str(err)
            self._show(field, force=True)
            return False
        if command is None:
            applied = False
        elif key == "color_name":
            applied = session.rename_color(text)  # the canvas follows the name
        elif key == "color_value":
            applied = session.recolor(text)
        else:
            applied = session.apply(command, merge=False)
        session.end_drag()
        if not applied:
            self._show(field, force=True)
        self._refresh = applied
        return applied

    def _command(self, session: DesignSession, key: str, text: str) -> Command[Any] | None:
        field = self.fields[key]
        if key == "color_name":
            new = text.strip()
            return None if new == field.value else RenameGarmentColor(session.color_index, new)
        if key == "color_value":
            color = typed_color(text)
            return None if color == field.value else RecolorGarmentColor(session.color_index, color)
        if self.page == "garment":
            return garment_command(session.doc.design, key, text)
        layer, index = session.selected_layer, session.selected_index
        if layer is None or index is None:
            return None
        return command_for(layer, index, key, text, session.doc.assets)

    def _paths(self, session: DesignSession, key: str) -> tuple[str, ...]:
        """Where validation reports the problems of what field ``key`` edits."""
        if key.startswith("color_"):
            return (f"$.design.garment.colors[{session.color_index}]",)
        if key == "style":
            return ("$.design.garment",)
        if self.page == "garment":
            return ("$.design.print_area",)
        return (f"$.design.layers[{session.selected_index}]",)
