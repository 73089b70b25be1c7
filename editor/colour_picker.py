"""Colour swatches that open a colour picker, shared by both editors' inspectors.

A colour field (``"#rrggbb"``, or ``""`` where a colour is optional) has a :func:`swatch`
button beside it showing its colour (a cross when it holds none). Clicking it opens pygame_gui's
``UIColourPickerDialog`` through :class:`ColourPicker`: one at a time, centred in the window,
titled with what it changes, starting at the field's colour, and modal (blocking: a click
outside it reaches neither the canvas nor the panels). OK posts
``UI_COLOUR_PICKER_COLOUR_PICKED``; :meth:`ColourPicker.picked` turns that event into the
field's key and the colour as ``"#rrggbb"``, which the inspector applies as if it had been typed
into the field (the same command, so one undo step and the same checks). Cancel, or closing the
dialog, changes nothing. "No colour" is typed (an empty field): the picker always gives one.

:func:`hex_of`, :func:`colour_of` and :func:`dialog_rect` need no display.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Protocol

import pygame
import pygame_gui
from pygame_gui.elements import UIButton
from pygame_gui.windows import UIColourPickerDialog

SWATCH = 24
"""Side of a colour swatch button, px."""
NO_COLOUR = "#808080"
"""Where the picker starts for an empty or unreadable colour."""
EMPTY_SWATCH = "#2b2e33"
"""A swatch's fill (with a cross) for an empty or unreadable colour."""
DIALOG_SIZE = (400, 420)
"""The picker's size, px (pygame_gui's own minimum is 390 × 390)."""
_HEX = re.compile(r"#[0-9a-fA-F]{6}")


def hex_of(colour: pygame.Color) -> str:
    """``colour`` as the documents write it: ``"#rrggbb"``, lower case (alpha dropped)."""
    return f"#{colour.r:02x}{colour.g:02x}{colour.b:02x}"


def colour_of(text: str) -> pygame.Color | None:
    """The colour ``"#rrggbb"`` (either case, spaces around allowed) stands for; None for
    anything else (``""``, a colour name, a short form)."""
    text = text.strip()
    return pygame.Color(text) if _HEX.fullmatch(text) else None


def dialog_rect(window: tuple[int, int]) -> pygame.Rect:
    """Where the picker goes in a window of ``window`` px: centred, and inside it."""
    width, height = window
    rect = pygame.Rect((0, 0), (min(DIALOG_SIZE[0], width), min(DIALOG_SIZE[1], height)))
    rect.center = (width // 2, height // 2)
    return rect


def swatch(rect: pygame.Rect, manager: pygame_gui.UIManager, text: str) -> UIButton:
    """A button filling ``rect`` with the colour ``text`` (see :func:`show`)."""
    button = UIButton(rect, "", manager, tool_tip_text="Pick a colour")
    show(button, text)
    return button


def show(button: UIButton, text: str) -> None:
    """Fill a :func:`swatch` with the colour ``text``, a little lighter under the pointer; a
    field with no colour (or an unreadable one) shows a dark swatch with a cross instead."""
    colour = colour_of(text)
    fill = colour or pygame.Color(EMPTY_SWATCH)
    mark = "" if colour is not None else "×"
    if button.colours.get("normal_bg") == fill and button.text == mark:
        return
    button.set_text(mark)
    hovered = fill.lerp(pygame.Color("white"), 0.2)
    for state, colour in (
        ("normal", fill),
        ("hovered", hovered),
        ("active", fill),
        ("selected", fill),
        ("disabled", fill),
    ):
        button.colours[f"{state}_bg"] = colour
    button.rebuild()  # type: ignore[no-untyped-call]


class ColourField(Protocol):
    """A colour field of either inspector: its colour and its picker's title."""

    @property
    def value(self) -> str: ...

    @property
    def picker(self) -> str: ...


class ColourPicker:
    """At most one open colour picker dialog, and the key of the field it sets."""

    def __init__(self, manager: pygame_gui.UIManager) -> None:
        self.manager = manager
        self.dialog: UIColourPickerDialog | None = None
        self.key = ""
        """The field the open dialog sets."""

    @property
    def is_open(self) -> bool:
        return self.dialog is not None and bool(self.dialog.alive())  # type: ignore[no-untyped-call]

    def open(self, key: str, text: str, title: str) -> bool:
        """Open the picker for field ``key`` at its colour ``text``, titled ``title``; False
        (and nothing opens) while one is open already."""
        if self.is_open:
            return False
        self.dialog = UIColourPickerDialog(
            dialog_rect(self.manager.window_resolution),
            self.manager,
            initial_colour=colour_of(text) or pygame.Color(NO_COLOUR),
            window_title=title,
        )
        self.dialog.set_blocking(True)
        self.key = key
        return True

    def clicked(
        self, element: object, swatches: Mapping[str, UIButton], fields: Mapping[str, ColourField]
    ) -> bool:
        """Whether ``element`` is one of ``swatches`` (by field key); if so, open the picker
        for the field in ``fields`` it stands beside (unless one is open already)."""
        key = next((k for k, b in swatches.items() if b is element), None)
        if key is None:
            return False
        self.open(key, fields[key].value, fields[key].picker)
        return True

    def picked(self, event: pygame.event.Event) -> tuple[str, str] | None:
        """For the OK of the open dialog: the key of its field and the colour chosen as
        ``"#rrggbb"``; None for any other event."""
        if event.type != pygame_gui.UI_COLOUR_PICKER_COLOUR_PICKED:
            return None
        if self.dialog is None or event.ui_element is not self.dialog:
            return None
        self.dialog = None
        return self.key, hex_of(event.colour)
